"""Row 17: a `.lock` that is a link is never written through.

The writer truncates and writes its PID into `.lock`. A copied folder (or a hostile
one) can hold a `.lock` that is a symbolic link or a hard link to another file: a
session record of the set, or any file outside it. `start` (the runner) and `migrate`
must refuse with one line (exit 1) and leave the linked file byte for byte as it was;
a dangling link must not create its target. A FIFO or a folder in its place is
refused the same way, without hanging.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from alfacil.clock import FakeClock
from alfacil.config import SetFile
from alfacil.store import SetStore, StoreError

from .conftest import PYTHON, Tally, open_runner, subprocess_env

pytestmark = pytest.mark.row(17)

PRECIOUS = b'{"precious": "a file that is not alfacil\'s to write"}\n'


def _one_session(set_file: SetFile, data_dir: Path, clock: FakeClock) -> Path:
    runner = open_runner(set_file, data_dir, clock)
    runner.start_new()
    clock.advance(60)
    path = runner.complete()
    runner.close()
    return path


def _symlink_outside(lock: Path, tmp: Path, record: Path) -> Path:
    target = tmp / "outside.txt"
    target.write_bytes(PRECIOUS)
    lock.symlink_to(target)
    return target


def _symlink_record(lock: Path, tmp: Path, record: Path) -> Path:
    lock.symlink_to(record)
    return record


def _relative_symlink(lock: Path, tmp: Path, record: Path) -> Path:
    lock.symlink_to(Path("sessions") / record.name)
    return record


def _hardlink_outside(lock: Path, tmp: Path, record: Path) -> Path:
    target = tmp / "outside-hard.txt"
    target.write_bytes(PRECIOUS)
    os.link(target, lock)
    return target


def _hardlink_record(lock: Path, tmp: Path, record: Path) -> Path:
    os.link(record, lock)
    return record


def _dangling(lock: Path, tmp: Path, record: Path) -> Path:
    target = tmp / "never-created.txt"
    lock.symlink_to(target)
    return target


def _fifo(lock: Path, tmp: Path, record: Path) -> Path:
    os.mkfifo(lock)
    return lock


def _folder(lock: Path, tmp: Path, record: Path) -> Path:
    lock.mkdir()
    return lock


LINKS: dict[str, Callable[[Path, Path, Path], Path]] = {
    "symlink outside": _symlink_outside,
    "symlink to a record": _symlink_record,
    "relative symlink": _relative_symlink,
    "hard link outside": _hardlink_outside,
    "hard link to a record": _hardlink_record,
    "dangling symlink": _dangling,
    "fifo": _fifo,
    "folder": _folder,
}


def _snapshot(path: Path) -> bytes | None:
    if path.is_file() and not path.is_symlink():
        return path.read_bytes()
    return None


@pytest.fixture(params=sorted(LINKS))
def linked(
    request: pytest.FixtureRequest,
    set_file: SetFile,
    data_dir: Path,
    clock: FakeClock,
    tmp_path: Path,
) -> tuple[Path, Path, bytes | None]:
    record = _one_session(set_file, data_dir, clock)
    lock = SetStore.at(data_dir, set_file.config.set_id).paths.lock
    lock.unlink()
    target = LINKS[request.param](lock, tmp_path, record)
    return lock, target, _snapshot(target)


def _unchanged(target: Path, before: bytes | None) -> None:
    if before is None:
        if target.name == "never-created.txt":
            assert not target.exists()
        return
    assert target.read_bytes() == before


def test_start_refuses_a_linked_lock(
    linked: tuple[Path, Path, bytes | None],
    set_file: SetFile,
    data_dir: Path,
    clock: FakeClock,
    tally: Tally,
) -> None:
    lock, target, before = linked
    with pytest.raises(StoreError) as caught:
        open_runner(set_file, data_dir, clock)
    message = str(caught.value)
    assert "\n" not in message and str(lock) in message
    assert "writes nothing through it" in message or "cannot open" in message
    _unchanged(target, before)
    tally.add("bad_inputs")
    tally.add("records_checked")


def test_migrate_refuses_a_linked_lock(
    linked: tuple[Path, Path, bytes | None], set_file: SetFile, data_dir: Path, tally: Tally
) -> None:
    lock, target, before = linked
    done = subprocess.run(
        [PYTHON, "-m", "alfacil", "migrate", "--data-dir", str(data_dir), "--set", "fault-set"],
        capture_output=True,
        text=True,
        env=subprocess_env(),
        timeout=60,
    )
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    refusals = [line for line in done.stderr.splitlines() if str(lock) in line]
    assert len(refusals) == 1, done.stderr
    _unchanged(target, before)
    tally.add("bad_inputs")


def test_a_plain_lock_still_works(set_file: SetFile, data_dir: Path, clock: FakeClock) -> None:
    """The refusal is for links only: a lock alfacil made itself is reused."""
    _one_session(set_file, data_dir, clock)
    runner = open_runner(set_file, data_dir, clock)
    assert runner.store.locked
    runner.close()
    assert SetStore.at(data_dir, set_file.config.set_id).paths.lock.stat().st_nlink == 1

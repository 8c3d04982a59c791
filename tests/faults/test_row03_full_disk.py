"""Row 3: the disk fills up while saving.

A real 64 kB tmpfs is mounted for the data folder when the test may mount one (root,
as in CI); otherwise ``os.write`` fails with ENOSPC once "full", which is what the
kernel would do. Either way: the old file is intact, no temp file stays, the runner
returns the reason (the console shows ``runner.save_error``) and keeps the data, and
the save succeeds once space returns.
"""

from __future__ import annotations

import contextlib
import errno
import os
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from alfacil import store
from alfacil.clock import FakeClock
from alfacil.config import SetFile
from alfacil.store import StoreError, atomic_write

from .conftest import Tally, open_runner

pytestmark = pytest.mark.row(3)


class Disk:
    """A folder whose filesystem can be filled and freed."""

    def __init__(self, folder: Path, monkeypatch: pytest.MonkeyPatch, real: bool) -> None:
        self.folder = folder
        self.real = real
        self._monkeypatch = monkeypatch
        self._filler = folder / "filler"
        self._full = False
        if not real:
            original: Callable[[int, bytes], int] = os.write

            def write(fd: int, data: bytes) -> int:
                if self._full:
                    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
                return original(fd, data)

            monkeypatch.setattr(os, "write", write)

    def fill(self) -> None:
        self._full = True
        if not self.real:
            return
        # Unbuffered, so nothing is left in a buffer to fail again on close.
        with open(self._filler, "ab", buffering=0) as handle:
            for size in (65536, 4096, 512, 1):
                with contextlib.suppress(OSError):
                    while True:
                        handle.write(b"\0" * size)
        probe = self.folder / "probe"
        with pytest.raises(OSError) as caught, open(probe, "wb", buffering=0) as handle:
            handle.write(b"\0" * 4096)
        assert caught.value.errno == errno.ENOSPC
        probe.unlink()

    def free(self) -> None:
        self._full = False
        if self.real:
            self._filler.unlink()


def _try_mount(folder: Path) -> bool:
    if os.geteuid() != 0:
        return False
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k,mode=0700", "tmpfs", str(folder)],
        capture_output=True,
        check=False,
    )
    return done.returncode == 0


@pytest.fixture
def disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Disk]:
    folder = tmp_path / "small-disk"
    folder.mkdir()
    mounted = _try_mount(folder)
    try:
        yield Disk(folder, monkeypatch, real=mounted)
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(folder)], check=True)


def _temps(folder: Path) -> list[Path]:
    return [p for p in folder.rglob(f"*{store.TEMP_SUFFIX}")]


def test_full_disk_keeps_old_file_and_data_then_saves(
    disk: Disk, set_file: SetFile, clock: FakeClock, tally: Tally
) -> None:
    tally.add("real_tmpfs" if disk.real else "simulated_enospc")
    data_dir = disk.folder / "data"
    runner = open_runner(set_file, data_dir, clock)
    session = runner.start_new()
    session.add_action("Aled", "Call the funder before Friday", runner.now())
    assert runner.save() is None
    autosave = runner.store.paths.autosave
    before = autosave.read_bytes()

    disk.fill()
    clock.advance(12)
    action = session.add_action("Bethan", "Draft the pilot plan " * 20, runner.now())
    reason = runner.save()
    tally.add("bad_inputs")
    assert reason is not None and "disk is full" in reason, reason
    assert runner.save_error == reason  # what the console shows
    assert str(autosave) in reason
    assert autosave.read_bytes() == before  # the old file is intact
    assert _temps(disk.folder) == []  # no temp file stays
    assert action in session.record.actions  # the data is kept in memory
    # The autosave timer keeps trying, and keeps saying so.
    clock.advance(31)
    assert runner.tick() == reason
    # Finishing fails the same way and loses nothing.
    with pytest.raises(StoreError, match="disk is full"):
        runner.complete()
    assert runner.final_path is None
    assert autosave.read_bytes() == before
    assert _temps(disk.folder) == []
    assert list(runner.store.paths.sessions.glob("*.json")) == []

    disk.free()
    assert runner.save() is None
    assert runner.save_error is None
    saved = store.read_record(autosave, store.Autosave)
    assert [a.text for a in saved.session.actions] == [a.text for a in session.record.actions]
    final = runner.complete()
    record = store.read_record(final, store.SessionRecord)
    texts = {a.text for a in record.actions}
    lost = {a.text for a in session.record.actions} - texts
    tally.add("records_checked")
    tally.add("records_lost", len(lost))
    assert not lost
    assert not autosave.exists()
    runner.close()


def test_enospc_midway_through_a_write_leaves_no_partial_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tally: Tally
) -> None:
    """The first chunk is written, the next finds the disk full: the temp file goes."""
    target = tmp_path / "sets" / "record.json"
    atomic_write(target, b'{"old": true}\n')
    original = os.write
    calls = []

    def write(fd: int, data: bytes) -> int:
        calls.append(len(data))
        if len(calls) == 1:
            return original(fd, bytes(data[:100]))  # a short write, as a full disk gives
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "write", write)
    with pytest.raises(StoreError, match="disk is full") as caught:
        atomic_write(target, b"x" * 10_000)
    tally.add("bad_inputs")
    assert str(target) in str(caught.value)
    assert len(calls) == 2
    monkeypatch.undo()
    assert target.read_bytes() == b'{"old": true}\n'
    assert sorted(p.name for p in target.parent.iterdir()) == ["record.json"]

"""Row 4: fsync failing with EIO: no rename happens and the error is reported."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from alfacil import store
from alfacil.clock import FakeClock
from alfacil.config import SetFile
from alfacil.store import StoreError, atomic_write

from .conftest import Tally, open_runner

pytestmark = pytest.mark.row(4)


def _failing_fsync(monkeypatch: pytest.MonkeyPatch, replaced: list[tuple[str, str]]) -> None:
    """fsync of a regular file fails with EIO; every os.replace is recorded."""
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        if not os.path.isdir(f"/proc/self/fd/{fd}"):
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        real_fsync(fd)

    def replace(src: str, dst: str) -> None:
        replaced.append((str(src), str(dst)))
        real_replace(src, dst)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)


def test_fsync_eio_means_no_rename_and_a_reported_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tally: Tally
) -> None:
    target = tmp_path / "set" / "actions.json"
    atomic_write(target, b'{"old": 1}\n')
    replaced: list[tuple[str, str]] = []
    _failing_fsync(monkeypatch, replaced)
    with pytest.raises(StoreError) as caught:
        atomic_write(target, b'{"new": 2}\n')
    tally.add("bad_inputs")
    message = str(caught.value)
    assert str(target) in message and os.strerror(errno.EIO) in message
    assert replaced == []  # no rename of unsynced data over the good file
    monkeypatch.undo()
    assert target.read_bytes() == b'{"old": 1}\n'
    assert sorted(p.name for p in target.parent.iterdir()) == ["actions.json"]


def test_runner_reports_eio_and_keeps_the_session(
    set_file: SetFile, data_dir: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    runner = open_runner(set_file, data_dir, clock)
    session = runner.start_new()
    before = runner.store.paths.autosave.read_bytes()
    replaced: list[tuple[str, str]] = []
    _failing_fsync(monkeypatch, replaced)
    session.add_action("Carys", "Ask the board for a decision", runner.now())
    reason = runner.save()
    assert reason is not None and os.strerror(errno.EIO) in reason
    assert runner.save_error == reason
    with pytest.raises(StoreError):
        runner.complete()
    assert replaced == []
    monkeypatch.undo()
    assert runner.store.paths.autosave.read_bytes() == before
    assert list(runner.store.paths.root.rglob(f"*{store.TEMP_SUFFIX}")) == []
    assert runner.save() is None
    path = runner.complete()
    record = store.read_record(path, store.SessionRecord)
    assert [a.text for a in record.actions] == ["Ask the board for a decision"]
    runner.close()

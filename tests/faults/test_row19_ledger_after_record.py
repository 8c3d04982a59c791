"""Row 19: a close cut short after the final record is written is finished, not redone.

Closing a session writes the final record, then the ledger, then removes the
autosave. When anything after the record fails (the ledger write on a full disk, the
folder's fsync, the autosave's removal) or the process dies in between, the autosave
is still there at the next start, which offered "close as ended early" and rewrote a
complete record as ended early. Now the runner sees that the session's final record
exists and finishes the close: the ledger is written, the autosave retired, the
record left byte for byte as it was, and the facilitator told.
"""

from __future__ import annotations

import errno
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from alfacil import store as store_module
from alfacil.clock import FakeClock
from alfacil.config import SetFile
from alfacil.runner import Runner
from alfacil.store import SetStore, StoreError

from .conftest import Tally, crash, open_runner

pytestmark = pytest.mark.row(19)


def _full_disk_on_ledger(monkeypatch: pytest.MonkeyPatch, paths: Any) -> None:
    real = store_module.atomic_write

    def atomic_write(path: Path, data: bytes) -> None:
        if path == paths.ledger:
            raise StoreError(f"cannot write {path}: the disk is full")
        real(path, data)

    monkeypatch.setattr(store_module, "atomic_write", atomic_write)


def _unlink_fails(monkeypatch: pytest.MonkeyPatch, paths: Any) -> None:
    real = os.unlink

    def unlink(path: Any, *args: Any, **kwargs: Any) -> None:
        if Path(path) == paths.autosave:
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        real(path, *args, **kwargs)

    monkeypatch.setattr(os, "unlink", unlink)


def _crash_after_record(monkeypatch: pytest.MonkeyPatch, paths: Any) -> None:
    """The process dies right after the record is written: nothing else happens."""

    class Killed(BaseException):
        pass

    def finish_close(self: SetStore, now: Any) -> None:
        raise Killed

    monkeypatch.setattr(SetStore, "finish_close", finish_close)


FAULTS: dict[str, Callable[[pytest.MonkeyPatch, Any], None]] = {
    "ledger write fails": _full_disk_on_ledger,
    "autosave removal fails": _unlink_fails,
    "killed after the record": _crash_after_record,
}


def _session(set_file: SetFile, data_dir: Path, clock: FakeClock, to_the_end: bool) -> Runner:
    runner = open_runner(set_file, data_dir, clock)
    session = runner.start_new()
    session.add_action("Aled", "Call the depot", runner.now())
    clock.advance(300)
    if to_the_end:
        while not session.finished:
            session.next(runner.now())
            clock.advance(30)
    runner.save()
    return runner


def _cut_short(close: Callable[[], object]) -> None:
    try:
        close()
    except (StoreError, OSError):
        pass
    except BaseException as exc:  # the simulated kill
        if type(exc).__name__ != "Killed":
            raise


@pytest.mark.parametrize("how", ["complete", "complete ended early", "close pending"])
@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_the_next_start_finishes_the_close(
    fault: str,
    how: str,
    set_file: SetFile,
    data_dir: Path,
    clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
    tally: Tally,
) -> None:
    runner = _session(set_file, data_dir, clock, to_the_end=how == "complete")
    paths = runner.store.paths
    session_id = runner.session.record.session_id if runner.session else ""
    if how == "close pending":
        # A session left unfinished; the next start closes it, and that close is cut.
        crash(runner)
        runner = open_runner(set_file, data_dir, clock)
        assert runner.pending is not None
        FAULTS[fault](monkeypatch, paths)
        _cut_short(runner.close_pending)
    else:
        FAULTS[fault](monkeypatch, paths)
        _cut_short(lambda: runner.complete(ended_early=how == "complete ended early"))
    monkeypatch.undo()
    crash(runner)
    record = paths.session_file(session_id)
    assert record.exists() and paths.autosave.exists()  # the close was cut short
    written = record.read_bytes()
    tally.add("crashes_simulated")

    clock.advance(3600)
    again = open_runner(set_file, data_dir, clock)
    assert again.pending is None  # nothing is offered to close as ended early
    assert again.close_finished == record
    assert not paths.autosave.exists()
    assert record.read_bytes() == written  # the complete record is not rewritten
    ledger = again.store.ledger(clock.utcnow())
    assert session_id in ledger.built_from
    assert [a.text for a in ledger.actions] == ["Call the depot"]
    assert SetStore.at(data_dir, set_file.config.set_id).paths.ledger.exists()
    again.start_new()  # and the set goes on
    again.close()
    tally.add("records_checked")


def test_an_autosave_of_another_session_is_still_offered(
    set_file: SetFile, data_dir: Path, clock: FakeClock
) -> None:
    """Only the autosave's own record finishes a close: a session left unfinished,
    whose record was never written, is still offered as before."""
    runner = _session(set_file, data_dir, clock, to_the_end=False)
    crash(runner)
    again = open_runner(set_file, data_dir, clock)
    assert again.pending is not None and again.close_finished is None
    again.close()


@pytest.mark.parametrize("how", ["close pending", "resume and complete"])
def test_an_unreadable_file_at_the_records_name_is_kept_not_overwritten(
    how: str, set_file: SetFile, data_dir: Path, clock: FakeClock, tally: Tally
) -> None:
    """The record's name is taken by a file that is not this session's record (here a
    damaged one): it is not the final record, so the session is offered as before,
    and closing it sets that file aside rather than writing over it."""
    runner = _session(set_file, data_dir, clock, to_the_end=False)
    assert runner.session is not None
    record = runner.store.paths.session_file(runner.session.record.session_id)
    crash(runner)
    record.parent.mkdir(parents=True, exist_ok=True)
    record.write_bytes(b'{"half a record')
    again = open_runner(set_file, data_dir, clock)
    assert again.pending is not None and again.close_finished is None
    if how == "close pending":
        path = again.close_pending()
    else:
        again.resume()
        path = again.complete()
    again.close()
    assert path == record and json.loads(record.read_bytes())["session_id"] == record.stem
    kept = [p for p in record.parent.iterdir() if ".unreadable-" in p.name]
    assert [p.read_bytes() for p in kept] == [b'{"half a record']
    tally.add("records_checked")


def test_an_autosave_saved_after_its_record_is_kept_aside(
    set_file: SetFile,
    data_dir: Path,
    clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
    tally: Tally,
) -> None:
    """After a failed close the console goes on saving; an autosave newer than the
    record may hold later changes, so finishing the close keeps it under another name
    (reported) rather than removing it."""
    runner = _session(set_file, data_dir, clock, to_the_end=True)
    paths = runner.store.paths
    _full_disk_on_ledger(monkeypatch, paths)
    _cut_short(runner.complete)
    monkeypatch.undo()
    assert runner.session is not None
    clock.advance(60)
    runner.session.back(runner.now())
    runner.session.add_learning("Said after the close failed")
    assert runner.save() is None
    saved = paths.autosave.read_bytes()
    crash(runner)
    again = open_runner(set_file, data_dir, clock)
    assert again.pending is None and again.close_finished is not None
    assert again.set_aside is not None and again.set_aside.read_bytes() == saved
    assert again.set_aside_reason and "later changes" in again.set_aside_reason
    assert not paths.autosave.exists() and paths.ledger.exists()
    again.close()
    tally.add("records_checked")

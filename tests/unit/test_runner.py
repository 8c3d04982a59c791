"""The runner: engine, store and clock wired together, tested without a screen."""

from __future__ import annotations

import errno
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from alfacil import store as store_module
from alfacil.clock import FakeClock
from alfacil.config import SetFile, load_set
from alfacil.records import Autosave, SessionRecord
from alfacil.runner import AUTOSAVE_EVERY, Runner
from alfacil.store import LockedError, SetStore, StoreError, read_record

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def set_file() -> SetFile:
    return load_set(REPO / "sets.example.toml")


@pytest.fixture
def runner(set_file: SetFile, data_dir: Path, clock: FakeClock) -> Iterator[Runner]:
    opened = Runner.open(set_file, data_dir, clock)
    try:
        yield opened
    finally:
        opened.close()


def autosave_of(runner: Runner) -> Autosave:
    return read_record(runner.store.paths.autosave, Autosave)


def test_start_new_saves_at_once(runner: Runner, clock: FakeClock) -> None:
    session = runner.start_new()
    assert runner.store.locked
    assert session.record.presenters == ["Aled", "Bethan"]  # nobody presented yet: by name
    saved = autosave_of(runner)
    assert saved.session.session_id == "20261127T140000Z"
    assert (saved.current_index, saved.paused) == (0, False)


def test_tick_autosaves_every_30_seconds(runner: Runner, clock: FakeClock) -> None:
    runner.start_new()
    path = runner.store.paths.autosave
    first = path.read_bytes()
    clock.advance(AUTOSAVE_EVERY - 1)
    assert runner.tick() is None
    assert path.read_bytes() == first  # not yet
    clock.advance(1)
    assert runner.tick() is None
    assert autosave_of(runner).session.steps[0].actual_seconds == AUTOSAVE_EVERY
    clock.advance(10)
    runner.tick()
    assert autosave_of(runner).session.steps[0].actual_seconds == AUTOSAVE_EVERY


def test_complete_writes_record_and_ledger_and_removes_the_autosave(
    runner: Runner, clock: FakeClock
) -> None:
    session = runner.start_new()
    clock.advance(300)
    session.next(runner.now())
    session.add_action("Aled", "Ring Bob", runner.now())
    runner.save()
    clock.advance(60)
    path = runner.complete()
    paths = runner.store.paths
    assert path == paths.sessions / "20261127T140000Z.json"
    assert not paths.autosave.exists()
    record = read_record(path, SessionRecord)
    assert record.actual_seconds == 360
    assert record.ended_at is not None and not record.ended_early
    ledger = json.loads(paths.ledger.read_bytes())
    assert ledger["built_from"] == ["20261127T140000Z"]
    assert [a["text"] for a in ledger["actions"]] == ["Ring Bob"]
    assert runner.complete() == path  # once final, stays final
    assert runner.save() is None
    assert not paths.autosave.exists()


def test_resume_continues_the_clock(set_file: SetFile, data_dir: Path, clock: FakeClock) -> None:
    first = Runner.open(set_file, data_dir, clock)
    session = first.start_new()
    clock.advance(200)
    session.next(first.now())
    clock.advance(25)
    first.close()  # saves on the way out and lets go of the lock
    clock.advance(3600)  # the laptop was off for an hour
    second = Runner.open(set_file, data_dir, clock)
    try:
        assert second.pending is not None
        with pytest.raises(StoreError, match="unfinished session"):
            second.start_new()
        resumed = second.resume()
        assert second.pending is None
        view = resumed.view(second.now())
        assert (view.index, view.elapsed, view.session_elapsed) == (1, 25, 225)
        clock.advance(5)
        assert resumed.view(second.now()).elapsed == 30
    finally:
        second.close()


def test_close_pending_writes_an_ended_early_record(
    set_file: SetFile, data_dir: Path, clock: FakeClock
) -> None:
    first = Runner.open(set_file, data_dir, clock)
    session = first.start_new()
    clock.advance(90)
    session.add_action("Carys", "Ask HR", first.now())
    first.save()
    saved_at = clock.utcnow()
    first.close()
    clock.advance(86400)
    second = Runner.open(set_file, data_dir, clock)
    try:
        path = second.close_pending()
        assert path is not None
        record = read_record(path, SessionRecord)
        assert record.ended_early
        assert record.ended_at == saved_at
        assert record.actual_seconds == 90
        assert not second.store.paths.autosave.exists()
        assert second.pending is None
        assert second.close_pending() is None
        # the ledger now has the action, and a new session opens with its update
        assert [a.text for a in second.ledger.open_actions()] == ["Ask HR"]  # type: ignore[union-attr]
        new = second.start_new()
        assert ("updates", "Carys") in [(s.phase_id, s.subject) for s in new.steps]
        assert new.record.session_id != record.session_id
    finally:
        second.close()


def test_a_second_runner_of_the_same_set_is_refused(
    runner: Runner, set_file: SetFile, data_dir: Path, clock: FakeClock
) -> None:
    with pytest.raises(LockedError):
        Runner.open(set_file, data_dir, clock)


def test_a_bad_autosave_is_set_aside_not_deleted(
    set_file: SetFile, data_dir: Path, clock: FakeClock
) -> None:
    paths = SetStore.at(data_dir, set_file.config.set_id).paths
    paths.root.mkdir(parents=True)
    paths.autosave.write_bytes(b"{half a sess")
    runner = Runner.open(set_file, data_dir, clock)
    try:
        assert runner.pending is None
        assert runner.set_aside is not None
        assert runner.set_aside.read_bytes() == b"{half a sess"
        assert not paths.autosave.exists()
    finally:
        runner.close()


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (StoreError("cannot write x: the disk is full"), "the disk is full"),
        (OSError(errno.ENOSPC, "No space left on device"), "the disk is full"),
        (OSError(errno.EIO, "Input/output error"), "Input/output error"),
    ],
)
def test_a_failed_save_returns_the_reason_and_keeps_the_data(
    runner: Runner, clock: FakeClock, monkeypatch: pytest.MonkeyPatch, error: Exception, reason: str
) -> None:
    session = runner.start_new()
    before = runner.store.paths.autosave.read_bytes()

    def failing(path: Path, data: bytes) -> None:
        raise error

    monkeypatch.setattr(store_module, "atomic_write", failing)
    clock.advance(40)
    session.add_action("Aled", "Ring Bob", runner.now())
    message = runner.save()
    assert message is not None and reason in message
    assert runner.save_error == message
    clock.advance(AUTOSAVE_EVERY)
    again = runner.tick()  # it keeps trying, and keeps saying why it cannot
    assert again is not None and reason in again
    assert [a.text for a in session.record.actions] == ["Ring Bob"]  # still in memory
    assert runner.store.paths.autosave.read_bytes() == before  # the old one is intact
    with pytest.raises(StoreError, match=reason):
        runner.complete()
    assert runner.final_path is None
    # the disk has room again: nothing was lost
    monkeypatch.undo()
    assert runner.save() is None
    assert runner.save_error is None
    path = runner.complete()
    record = read_record(path, SessionRecord)
    assert [a.text for a in record.actions] == ["Ring Bob"]
    assert record.actual_seconds == 40 + AUTOSAVE_EVERY


def test_suggested_presenters_follow_history(
    set_file: SetFile, data_dir: Path, clock: FakeClock
) -> None:
    first = Runner.open(set_file, data_dir, clock)
    session = first.start_new()
    while session.next(first.now()):  # every turn is reached
        clock.advance(60)
    first.complete()
    first.close()
    clock.advance(28 * 86400)
    second = Runner.open(set_file, data_dir, clock)
    try:
        assert second.suggested_presenters() == ["Carys", "Dafydd"]
        assert second.suggested_presenters(["Aled", "Eleri"]) == ["Eleri", "Aled"]
    finally:
        second.close()


# --- where the session is held (schema 2) ------------------------------------------------


def test_a_fake_clock_records_utc_so_tests_do_not_depend_on_the_machine(
    runner: Runner, clock: FakeClock
) -> None:
    record = runner.start_new().record
    assert (record.utc_offset_minutes, record.timezone) == (0, None)
    assert autosave_of(runner).session.utc_offset_minutes == 0


def test_the_offset_is_the_zones_at_the_start(
    set_file: SetFile, data_dir: Path, clock: FakeClock
) -> None:
    # 14:00 UTC on 27 November is summer time in Sydney (UTC+11), winter in London.
    from zoneinfo import ZoneInfo

    for zone, offset in ((ZoneInfo("Australia/Sydney"), 660), (ZoneInfo("Europe/London"), 0)):
        opened = Runner.open(set_file, data_dir, clock, zone=zone)
        try:
            record = opened.start_new().record
            assert (record.utc_offset_minutes, record.timezone) == (offset, zone.key)
            path = opened.complete()
        finally:
            opened.close()
        saved = read_record(path, SessionRecord)
        assert (saved.utc_offset_minutes, saved.timezone) == (offset, zone.key)
        clock.advance(3600)


def test_a_fixed_offset_zone_records_no_name(
    set_file: SetFile, data_dir: Path, clock: FakeClock
) -> None:
    from datetime import timedelta, timezone

    opened = Runner.open(set_file, data_dir, clock, zone=timezone(timedelta(hours=-3, minutes=-30)))
    try:
        record = opened.start_new().record
    finally:
        opened.close()
    assert (record.utc_offset_minutes, record.timezone) == (-210, None)


def test_the_real_clock_reads_the_machines_zone(monkeypatch: pytest.MonkeyPatch) -> None:
    import time
    from datetime import UTC, datetime

    from alfacil.clock import SystemClock
    from alfacil.runner import utc_offset_minutes

    wall = datetime(2026, 7, 1, 12, tzinfo=UTC)
    monkeypatch.setenv("TZ", "IST-5:30")  # POSIX form: no zone database needed
    time.tzset()
    try:
        assert utc_offset_minutes(wall, None) == 330
        runner = Runner(
            load_set(REPO / "sets.example.toml"), SetStore.at(Path("/nowhere"), "x"), SystemClock()
        )
        assert runner.zone is None  # read at each start, from the machine
    finally:
        monkeypatch.undo()
        time.tzset()


def test_resuming_keeps_the_offset_of_the_start(
    set_file: SetFile, data_dir: Path, clock: FakeClock
) -> None:
    from datetime import timedelta, timezone

    first = Runner.open(set_file, data_dir, clock, zone=timezone(timedelta(hours=10)))
    first.start_new()
    first.close()
    again = Runner.open(set_file, data_dir, clock)  # a UTC zone now: the start stays +10
    try:
        assert again.resume().record.utc_offset_minutes == 600
    finally:
        again.close()


def test_the_engine_records_unknown_unless_told(set_file: SetFile, clock: FakeClock) -> None:
    from alfacil.engine import Session

    args = (set_file.config, [], ["Aled"], clock.monotonic(), clock.utcnow())
    assert Session.new(*args).record.utc_offset_minutes is None
    told = Session.new(*args, utc_offset_minutes=-300, timezone="America/New_York").record
    assert (told.utc_offset_minutes, told.timezone) == (-300, "America/New_York")


def test_set_curtain_is_saved_at_once_and_kept_across_saves(
    runner: Runner, clock: FakeClock
) -> None:
    runner.start_new()
    assert autosave_of(runner).curtain is False
    assert runner.set_curtain(True) is None
    assert autosave_of(runner).curtain is True
    clock.advance(AUTOSAVE_EVERY)
    runner.tick()
    assert autosave_of(runner).curtain is True  # every later save says so too
    runner.set_curtain(False)
    assert autosave_of(runner).curtain is False

"""Row 24: an autosave that validates but cannot be resumed is set aside, not a crash.

An autosave whose values each pass the models but do not fit together (the step
index past the last step, no steps at all, a finished session on a pending step,
steps repeated, presenters who are not members, ...) crashed `start` in every mode,
so the set could not start until someone deleted a file by hand. The autosave's
invariants are now checked when it is read: an inconsistent one is unreadable, set
aside and reported like a damaged one, and the set starts. And the other half: every
record the runner writes over whole sessions reads back through the reader.
"""

from __future__ import annotations

import contextlib
import json
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from alfacil import store as store_module
from alfacil.clock import FakeClock
from alfacil.config import SetFile
from alfacil.engine import EngineError
from alfacil.records import Autosave, Ledger, SessionRecord
from alfacil.runner import Runner
from alfacil.store import parse_record

from .conftest import Tally, crash, open_runner

pytestmark = pytest.mark.row(24)

Raw = dict[str, Any]


def _steps(raw: Raw) -> list[Raw]:
    steps: list[Raw] = raw["session"]["steps"]
    return steps


def _set(**changes: Any) -> Callable[[Raw], None]:
    def edit(raw: Raw) -> None:
        raw.update(changes)

    return edit


def _session(**changes: Any) -> Callable[[Raw], None]:
    def edit(raw: Raw) -> None:
        raw["session"].update(changes)

    return edit


def _no_steps(raw: Raw) -> None:
    raw["session"]["steps"] = []


def _index_past_end(raw: Raw) -> None:
    raw["current_index"] = len(_steps(raw))


def _index_far_past(raw: Raw) -> None:
    raw["current_index"] = len(_steps(raw)) + 40


def _negative_index(raw: Raw) -> None:
    raw["current_index"] = -1


def _finished_on_pending(raw: Raw) -> None:
    raw["finished"] = True
    raw["current_index"] = 0
    for step in _steps(raw):
        step["status"] = "pending"


def _duplicate_steps(raw: Raw) -> None:
    raw["session"]["steps"] = _steps(raw) + _steps(raw)


def _step_indexes_shuffled(raw: Raw) -> None:
    for n, step in enumerate(_steps(raw)):
        step["index"] = 7 * n + 3


def _presenter_not_member(raw: Raw) -> None:
    raw["session"]["presenters"] = ["Nobody"]


def _presenter_twice(raw: Raw) -> None:
    raw["session"]["presenters"] = ["Aled", "Aled"]


def _attendance_of_strangers(raw: Raw) -> None:
    raw["session"]["attendance"] = {"Nobody": "present"}


def _no_members(raw: Raw) -> None:
    raw["session"]["members"] = []
    raw["session"]["attendance"] = {}
    raw["session"]["presenters"] = []


def _members_twice(raw: Raw) -> None:
    raw["session"]["members"] = raw["session"]["members"] * 2


def _subject_stranger(raw: Raw) -> None:
    for step in _steps(raw):
        step["subject"] = "Nobody"


def _unknown_phase(raw: Raw) -> None:
    for step in _steps(raw):
        step["phase_id"] = "gone"


def _warn_above_plan(raw: Raw) -> None:
    for step in _steps(raw):
        step["warn_seconds"] = step["planned_seconds"] + 60


def _update_of_unknown_action(raw: Raw) -> None:
    raw["session"]["updates"] = [
        {"action_id": "0123456789", "status": "done", "note": "", "at": raw["saved_at"]}
    ]


def _action_of_stranger(raw: Raw) -> None:
    for action in raw["session"]["actions"]:
        action["owner"] = "Nobody"


def _ratings_of_strangers(raw: Raw) -> None:
    for rating in raw["session"]["evaluation"]["ratings"]:
        rating["scores"] = [1] * 50
        rating["by_member"] = {"Nobody": 2}


def _turn_of_stranger(raw: Raw) -> None:
    raw["session"]["turns"] = [{"presenter": "Nobody", "questions": {"Else": 3}}]


def _nan(raw: Raw) -> None:
    _steps(raw)[0]["actual_seconds"] = float("nan")


def _ended_before_start(raw: Raw) -> None:
    raw["session"]["ended_at"] = "1999-01-01T00:00:00Z"


def _saved_before_start(raw: Raw) -> None:
    raw["saved_at"] = "1999-01-01T00:00:00Z"


def _paused_and_finished(raw: Raw) -> None:
    raw["paused"] = True
    raw["finished"] = True


def _all_running(raw: Raw) -> None:
    for step in _steps(raw):
        step["status"] = "running"


INCONSISTENT: dict[str, Callable[[Raw], None]] = {
    "no steps": _no_steps,
    "index past the end": _index_past_end,
    "index far past": _index_far_past,
    "negative index": _negative_index,
    "NaN seconds": _nan,
}
#: Odd, but a session the engine can carry on with: resumed or closed, never a crash.
ODD: dict[str, Callable[[Raw], None]] = {
    "finished on a pending step": _finished_on_pending,
    "duplicate steps": _duplicate_steps,
    "step indexes shuffled": _step_indexes_shuffled,
    "presenter not a member": _presenter_not_member,
    "presenter twice": _presenter_twice,
    "attendance of strangers": _attendance_of_strangers,
    "no members": _no_members,
    "members twice": _members_twice,
    "subject a stranger": _subject_stranger,
    "unknown phase": _unknown_phase,
    "warn above plan": _warn_above_plan,
    "update of an unknown action": _update_of_unknown_action,
    "action of a stranger": _action_of_stranger,
    "ratings of strangers": _ratings_of_strangers,
    "turn of a stranger": _turn_of_stranger,
    "ended before it started": _ended_before_start,
    "saved before it started": _saved_before_start,
    "paused and finished": _paused_and_finished,
    "every step running": _all_running,
}


@pytest.fixture
def autosave(set_file: SetFile, data_dir: Path, clock: FakeClock) -> Raw:
    """A real autosave, halfway through a session with an action and a rating."""
    runner = open_runner(set_file, data_dir, clock)
    session = runner.start_new()
    session.add_action("Aled", "Call the depot", runner.now())
    for _ in range(3):
        clock.advance(120)
        session.next(runner.now())
    session.set_ratings(0, [3, 4])
    runner.save()
    crash(runner)
    raw: Raw = json.loads(runner.store.paths.autosave.read_bytes())
    return raw


def _drive(runner: Runner, clock: FakeClock) -> None:
    """What the console does with a resumed session: every call it may make."""
    session = runner.session
    assert session is not None
    for step in range(len(session.steps) + 2):
        clock.advance(30)
        now = runner.now()
        session.view(now)
        session.tick(now)
        session.supporters()
        session.update_owners()
        with contextlib.suppress(EngineError):
            session.toggle_pause(now)
        with contextlib.suppress(EngineError):
            session.toggle_pause(now)
        with contextlib.suppress(EngineError):
            session.adjust(60, now)
        with contextlib.suppress(EngineError):
            session.back(now) if step == 1 else session.next(now)
        with contextlib.suppress(EngineError):
            if session.present:
                session.tally_question(session.present[0])
        assert runner.save() is None, runner.save_error
    runner.complete()


MODES = ["resume", "close", "fresh"]


def _start(
    mode: str, set_file: SetFile, data_dir: Path, clock: FakeClock
) -> tuple[Runner, Path | None]:
    runner = open_runner(set_file, data_dir, clock)
    if runner.pending is None:
        return runner, runner.set_aside
    if mode == "resume":
        runner.resume()
        _drive(runner, clock)
    elif mode == "close":
        runner.close_pending()
    else:
        runner.close_pending()
        runner.start_new()
        _drive(runner, clock)
    return runner, None


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("damage", sorted(INCONSISTENT))
def test_an_inconsistent_autosave_is_set_aside(
    damage: str,
    mode: str,
    autosave: Raw,
    set_file: SetFile,
    data_dir: Path,
    clock: FakeClock,
    tally: Tally,
) -> None:
    INCONSISTENT[damage](autosave)
    runner = open_runner(set_file, data_dir, clock)
    path = runner.store.paths.autosave
    runner.close()
    path.write_text(json.dumps(autosave))
    runner, aside = _start(mode, set_file, data_dir, clock)
    assert aside is not None, f"{damage}: not set aside"
    assert runner.set_aside_reason
    assert json.loads(aside.read_text()) == json.loads(json.dumps(autosave))
    # The set starts: the next session runs to the end.
    runner.start_new()
    _drive(runner, clock)
    runner.close()
    tally.add("bad_inputs")


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("damage", sorted(ODD))
def test_an_odd_autosave_never_crashes_start(
    damage: str,
    mode: str,
    autosave: Raw,
    set_file: SetFile,
    data_dir: Path,
    clock: FakeClock,
    tally: Tally,
) -> None:
    ODD[damage](autosave)
    runner = open_runner(set_file, data_dir, clock)
    path = runner.store.paths.autosave
    runner.close()
    path.write_text(json.dumps(autosave))
    runner, aside = _start(mode, set_file, data_dir, clock)
    runner.close()
    if aside is None:
        assert not path.exists()  # resumed and completed, or closed: not left behind
    tally.add("bad_inputs")


def _checked_writes(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every record file written goes back through the reader, with its model."""
    written: list[Path] = []
    real = store_module.atomic_write

    def atomic_write(path: Path, data: bytes) -> None:
        real(path, data)
        model: type[Autosave | Ledger | SessionRecord] = (
            Autosave
            if path.name == "autosave.json"
            else Ledger
            if path.name == "actions.json"
            else SessionRecord
        )
        parse_record(path, path.read_bytes(), model)  # raises if it does not read back
        written.append(path)

    monkeypatch.setattr(store_module, "atomic_write", atomic_write)
    return written


@pytest.mark.parametrize("seed", range(12))
def test_every_record_the_runner_writes_reads_back(
    seed: int,
    set_file: SetFile,
    data_dir: Path,
    clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
    tally: Tally,
) -> None:
    """Whole sessions of random console calls, saved after each: every autosave,
    record and ledger written is read back by the reader that `start` uses."""
    written = _checked_writes(monkeypatch)
    rng = random.Random(seed)
    for _ in range(3):
        runner = open_runner(set_file, data_dir, clock)
        if runner.pending is not None:
            runner.resume() if rng.random() < 0.5 else runner.close_pending()
        session = runner.session or runner.start_new()
        owners = session.record.members
        for _ in range(rng.randint(10, 60)):
            clock.advance(rng.choice([0.001, 1, 59.5, 600, 3600]))
            now = runner.now()
            choice = rng.randrange(9)
            try:
                if choice == 0:
                    session.next(now)
                elif choice == 1:
                    session.back(now)
                elif choice == 2:
                    session.toggle_pause(now)
                elif choice == 3:
                    session.adjust(rng.choice([-600, -60, 60, 600, 3600]), now)
                elif choice == 4:
                    session.add_action(
                        rng.choice(owners), "Ring the board " * rng.randint(1, 30), now
                    )
                elif choice == 5 and session.open_actions:
                    action = rng.choice(session.open_actions)
                    session.record_update(
                        action.id,
                        rng.choice(["done", "partly", "not_yet", "dropped"]),
                        now,
                        note="ok " * rng.randint(0, 200),
                    )
                elif choice == 6:
                    session.set_ratings(0, [rng.randint(0, 5) for _ in session.present])
                elif choice == 7 and session.presenter:
                    session.add_insight("seen " * rng.randint(1, 100))
                    session.tally_question(rng.choice(session.supporters() or owners))
                else:
                    session.add_learning("learnt " * rng.randint(1, 100))
            except EngineError:
                pass
            assert runner.save() is None, runner.save_error
        if rng.random() < 0.3:
            crash(runner)  # left for the next round to resume or close
        else:
            runner.complete(ended_early=rng.random() < 0.5)
            runner.close()
        clock.advance(7 * 24 * 3600)
    assert written
    tally.add("records_checked", len(written))

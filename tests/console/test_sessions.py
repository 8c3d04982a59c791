"""Whole sessions through the console controller on a FakeClock: no Textual at all.

The same scenarios the Pilot tests once ran key by key, as intents: each checks the
record written at the end, the autosave and what the controller said on the way.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from alfacil.clock import FakeClock
from alfacil.config import SetFile, load_set
from alfacil.console import ActionDraft, Console, Outcome
from alfacil.frames import CheckinData, QuestioningData, UpdatesData
from alfacil.runner import Runner
from alfacil.store import StoreError

SET = """\
name = "Test Set"
id = "test-set"
facilitator = "Jane"
session_length = "2h"
presenters_per_session = 2
{extra}

[[members]]
name = "Aled"
[[members]]
name = "Bethan"
[[members]]
name = "Carys"
[[members]]
name = "Dafydd"

[questioning]
prompts = ["What would success look like?", "What have you tried?"]

[evaluation]
questions = ["How useful was today?", "How well did we keep to the process?"]
scale = 5
"""
STEPS_TWO_PRESENTERS = 10


@pytest.fixture
def set_file(tmp_path: Path) -> SetFile:
    path = tmp_path / "set.toml"
    path.write_text(SET.format(extra=""))
    return load_set(path)


def session_files(data: Path) -> list[Path]:
    return sorted((data / "test-set" / "sessions").glob("*.json"))


def only_record(data: Path) -> dict[str, Any]:
    files = session_files(data)
    assert len(files) == 1, files
    record: dict[str, Any] = json.loads(files[0].read_text())
    return record


def autosave(data: Path) -> dict[str, Any] | None:
    path = data / "test-set" / "autosave.json"
    if not path.exists():
        return None
    saved: dict[str, Any] = json.loads(path.read_text())
    return saved


def opened(set_file: SetFile, data: Path, clock: FakeClock) -> tuple[Runner, Console]:
    runner = Runner.open(set_file, data, clock)
    return runner, Console(runner, tz=UTC)


def step(console: Console, clock: FakeClock, seconds: float) -> Outcome:
    clock.advance(seconds)
    outcome = console.next()
    assert outcome.warning is None, outcome
    return outcome


def test_n_alone_runs_a_whole_session(set_file: SetFile, tmp_path: Path) -> None:
    data = tmp_path / "data"
    clock = FakeClock()
    runner, console = opened(set_file, data, clock)
    try:
        assert console.begin("new").changed
        outcomes = [step(console, clock, 61) for _ in range(STEPS_TWO_PRESENTERS)]
    finally:
        runner.close()
    assert [o.record_path is not None for o in outcomes] == [False] * 9 + [True]
    record = only_record(data)
    assert record["attendance"] == dict.fromkeys(["Aled", "Bethan", "Carys", "Dafydd"], "present")
    assert record["presenters"] == ["Aled", "Bethan"]
    assert [s["status"] for s in record["steps"]] == ["done"] * STEPS_TWO_PRESENTERS
    assert all(s["actual_seconds"] == 61 for s in record["steps"])
    assert record["actions"] == []
    assert record["evaluation"]["skipped"] is True
    assert record["ended_early"] is False
    assert record["ended_at"] is not None
    assert autosave(data) is None
    assert console.record_path == session_files(data)[0] == outcomes[-1].record_path
    assert not console.running and console.next() == Outcome()


def _previous_session(set_file: SetFile, data: Path, clock: FakeClock) -> list[str]:
    """A first session in which Carys and Dafydd committed to actions."""
    runner = Runner.open(set_file, data, clock)
    try:
        session = runner.start_new()
        now = runner.now()
        ids = [
            session.add_action("Carys", "Call the housing team", now).id,
            session.add_action("Carys", "Draft the [bold]proposal[/]", now).id,
            session.add_action("Dafydd", "Ask for a budget", now).id,
        ]
        while session.next(runner.now()):  # both turns are reached: they presented
            clock.advance(360)
        runner.complete()
    finally:
        runner.close()
    clock.advance(7 * 24 * 3600)
    return ids


def test_two_presenters_updates_actions_and_ratings(set_file: SetFile, tmp_path: Path) -> None:
    data = tmp_path / "data"
    clock = FakeClock()
    call_id, draft_id, budget_id = _previous_session(set_file, data, clock)
    runner, console = opened(set_file, data, clock)
    try:
        console.begin("new")
        panel = console.frame().panel
        assert isinstance(panel, CheckinData)
        # Aled and Bethan presented last time, so Carys and Dafydd are suggested.
        assert panel.presenters == ("Carys", "Dafydd")
        assert console.attendance("Dafydd").changed  # apologies: he no longer presents
        panel = console.frame().panel
        assert isinstance(panel, CheckinData) and panel.presenters == ("Carys",)
        assert panel.members[3].status == "apologies"
        console.toggle_presenter("Bethan")  # Bethan presents too ...
        console.move_presenter("Bethan", -1)  # ... and first
        assert console.move_presenter("Bethan", -1) == Outcome()  # already first
        step(console, clock, 240)  # -> ground rules
        step(console, clock, 120)  # -> updates of Carys (Dafydd is away)
        frame = console.frame()
        assert (frame.kind, frame.subject) == ("updates", "Carys")
        assert isinstance(frame.panel, UpdatesData)
        assert [r.action_id for r in frame.panel.rows] == [call_id, draft_id]
        draft = console.update_draft(call_id)
        assert draft is not None and draft.status is None and draft.owner == "Carys"
        console.update_status(call_id, "partly", "rang twice")
        console.update_status(draft_id, "done")
        step(console, clock, 150)  # -> presenting, Bethan
        assert console.frame().subject == "Bethan"
        step(console, clock, 600)  # -> questioning
        assert console.applies("tally") and console.applies("advice")
        # Numbered over everyone present (Aled 1, Bethan 2, Carys 3): Bethan presents.
        for number in (1, 1, 3, 3):
            assert console.tally(number).changed
        assert console.advice().changed
        assert console.ticker().advice
        refused = console.tally(4)
        assert not refused.changed and refused.warning == "There is no supporter 4 in this turn."
        refused = console.tally(2)
        assert not refused.changed and refused.warning is not None
        assert "Bethan is presenting" in refused.warning
        panel = console.frame().panel
        assert isinstance(panel, QuestioningData)
        assert panel.tallies == ((1, "Aled", 2), (3, "Carys", 2))
        step(console, clock, 1200)  # -> summing up
        assert not console.applies("tally")
        new = console.action_draft()
        assert new == ActionDraft("Bethan", "", None)
        console.add_action(ActionDraft("Bethan", "Talk to the board", date(2026, 12, 31)))
        console.insight("I was avoiding it")
        for seconds in (300, 500, 1000):  # summing up of Carys's turn
            step(console, clock, seconds)
        assert console.frame().subject == "Carys"
        console.add_action(ActionDraft("Carys", "Write it down", None))
        step(console, clock, 200)  # -> evaluation
        assert console.frame().kind == "evaluation"
        ratings = console.ratings_draft(0)
        assert ratings is not None and (ratings.scale, ratings.present) == (5, 3)
        refused = console.ratings(0, [4, 5, 9])
        assert refused.warning is not None and "0 to 5" in refused.warning
        console.ratings(0, [4, 5, 3])
        console.ratings(1, [5, 5, 4])
        console.learning("Good pace")
        step(console, clock, 400)  # -> close
        assert step(console, clock, 60).record_path is not None
    finally:
        runner.close()
    files = session_files(data)
    assert len(files) == 2
    record = json.loads(files[-1].read_text())
    assert record["attendance"]["Dafydd"] == "apologies"
    assert record["presenters"] == ["Bethan", "Carys"]
    updates = {u["action_id"]: u for u in record["updates"]}
    assert updates[call_id]["status"] == "partly" and updates[call_id]["note"] == "rang twice"
    assert updates[draft_id]["status"] == "done"
    assert budget_id not in updates  # Dafydd was away: his action stays open
    actions = [(a["owner"], a["text"], a["due"]) for a in record["actions"]]
    assert actions == [
        ("Bethan", "Talk to the board", date(2026, 12, 31).isoformat()),
        ("Carys", "Write it down", None),
    ]
    turns = {t["presenter"]: t for t in record["turns"]}
    assert turns["Bethan"]["questions"] == {"Aled": 2, "Carys": 2}
    assert turns["Bethan"]["advice_reminders"] == 1
    assert turns["Bethan"]["insights"] == ["I was avoiding it"]
    ratings_saved = record["evaluation"]["ratings"]
    assert [r["scores"] for r in ratings_saved] == [[4, 5, 3], [5, 5, 4]]
    assert record["evaluation"]["learnings"] == ["Good pace"]
    assert record["evaluation"]["skipped"] is False
    ledger = json.loads((data / "test-set" / "actions.json").read_text())
    status = {a["id"]: a["status"] for a in ledger["actions"]}
    assert status[call_id] == "partly" and status[draft_id] == "done"
    assert status[budget_id] == "open"


def test_pause_back_plus_and_minus_are_recorded(set_file: SetFile, tmp_path: Path) -> None:
    data = tmp_path / "data"
    clock = FakeClock()
    runner, console = opened(set_file, data, clock)
    try:
        console.begin("new")
        step(console, clock, 100)  # check-in ran 100 s
        clock.advance(10)
        console.pause()  # pause ground rules after 10 s
        clock.advance(30)
        ticker = console.ticker()
        assert (ticker.shade, ticker.clock, ticker.caption) == (
            "paused",
            "02:50",
            "paused · space resumes",
        )
        assert console.next_wake() == 1.0
        console.pause()  # resume
        for delta in (60, 60, -60):
            console.adjust(delta)
        clock.advance(20)
        console.back()  # back to check-in; its clock goes on
        assert console.frame().kind == "checkin"
        clock.advance(5)
        step(console, clock, 0)  # to ground rules again
        assert console.ticker().clock == "03:30"  # 180 + 60 - 30
        for _ in range(STEPS_TWO_PRESENTERS - 1):
            step(console, clock, 60)
    finally:
        runner.close()
    record = only_record(data)
    checkin, rules = record["steps"][0], record["steps"][1]
    assert checkin["actual_seconds"] == 105
    assert rules["actual_seconds"] == 10 + 20 + 60
    assert rules["paused_seconds"] == 30
    assert [a["delta_seconds"] for a in rules["adjustments"]] == [60, 60, -60]
    assert rules["adjustments"][0]["at_seconds"] == 10


def test_resume_after_teardown_mid_questioning(set_file: SetFile, tmp_path: Path) -> None:
    data = tmp_path / "data"
    clock = FakeClock()
    runner, console = opened(set_file, data, clock)
    try:
        console.begin("new")
        for seconds in (60, 60, 600):  # -> questioning of Aled
            step(console, clock, seconds)
        for number in (2, 3, 3):  # Aled (1) presents: Bethan 2, Carys 3, Dafydd 4
            console.tally(number)
        clock.advance(100)
    finally:
        runner.close()
    saved = autosave(data)
    assert saved is not None and saved["current_index"] == 3
    assert session_files(data) == []

    clock.advance(45)  # the laptop was closed for a moment
    runner, console = opened(set_file, data, clock)
    try:
        question = console.pending_question()
        assert question is not None and "during Questioning · Aled" in question
        console.begin("resume")
        frame = console.frame()
        assert (frame.kind, frame.subject) == ("questioning", "Aled")
        assert console.ticker().clock == "23:20"  # 25 min less the 100 s spent
        console.tally(4)  # Dafydd: the same number after the resume
        for _ in range(STEPS_TWO_PRESENTERS - 3):
            step(console, clock, 50)
    finally:
        runner.close()
    record = only_record(data)
    assert record["steps"][3]["actual_seconds"] == 150
    assert record["turns"][0]["questions"] == {"Bethan": 1, "Carys": 2, "Dafydd": 1}
    assert record["ended_early"] is False
    assert autosave(data) is None


def test_fresh_closes_the_unfinished_session_as_ended_early(
    set_file: SetFile, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    clock = FakeClock()
    runner, console = opened(set_file, data, clock)
    try:
        console.begin("new")
        step(console, clock, 60)
    finally:
        runner.close()
    clock.advance(600)
    runner, console = opened(set_file, data, clock)
    try:
        outcome = console.begin("fresh")
        assert outcome.warning is not None and "kept as" in outcome.warning
        assert console.frame().kind == "checkin"
    finally:
        runner.close()
    record = only_record(data)
    assert record["ended_early"] is True
    assert record["steps"][0]["actual_seconds"] == 60


def test_the_bell_rings_at_the_warn_mark_and_at_zero(set_file: SetFile, tmp_path: Path) -> None:
    clock = FakeClock()
    runner, console = opened(set_file, tmp_path / "data", clock)
    try:
        console.begin("new")  # check-in: 5 min, warn at 1 min left
        rings = []
        shades = []
        for seconds in (200, 50, 30, 40, 30):
            clock.advance(seconds)
            rings.append(console.tick().bell)
            shades.append(console.ticker().shade)
        assert rings == [False, True, False, True, False]
        assert shades == ["normal", "warn", "warn", "overtime", "overtime"]
        assert console.ticker().clock == "+00:50"
    finally:
        runner.close()


def test_no_bell_when_the_set_file_says_so(tmp_path: Path) -> None:
    path = tmp_path / "set.toml"
    path.write_text(SET.format(extra="bell = false"))
    clock = FakeClock()
    runner, console = opened(load_set(path), tmp_path / "data", clock)
    try:
        console.begin("new")
        rings = []
        for seconds in (200, 50, 30, 40, 30):
            clock.advance(seconds)
            rings.append(console.tick().bell)
        assert rings == [False] * 5
    finally:
        runner.close()


def test_one_wake_when_the_shown_second_changes(set_file: SetFile, tmp_path: Path) -> None:
    clock = FakeClock()
    runner, console = opened(set_file, tmp_path / "data", clock)
    try:
        console.begin("new")
        clock.advance(0.3)
        assert console.next_wake() == pytest.approx(0.71)
        clock.advance(1.0)
        assert console.next_wake() == pytest.approx(0.71)
        console.pause()
        assert console.next_wake() == 1.0
    finally:
        runner.close()


def test_a_failed_save_is_reported_and_kept_in_memory(
    set_file: SetFile, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    clock = FakeClock()
    runner, console = opened(set_file, data, clock)
    try:
        console.begin("new")
        assert console.unsaved() is None

        def full(*args: object) -> None:
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(runner.store, "save_autosave", full)
        clock.advance(61)
        outcome = console.next()
        assert outcome.changed
        assert outcome.save_error == "cannot write the records: the disk is full"
        assert console.ticker().save_error == outcome.save_error
        unsaved = console.unsaved()
        assert unsaved is not None and unsaved.startswith("everything since 14:00:00")
        assert console.frame().kind == "ground_rules"  # the session goes on
        copy = console.save_copy(tmp_path / "elsewhere")
        assert copy.record_path is None and copy.warning is not None
        assert console.copy_path is not None and console.copy_path.exists()
        assert str(console.copy_path) in copy.warning
        monkeypatch.undo()
        assert console.save() is None and console.unsaved() is None
    finally:
        runner.close()
    assert autosave(data) is not None and autosave(data)["current_index"] == 1  # type: ignore[index]


def test_members_display_hides_the_save_error(set_file: SetFile, tmp_path: Path) -> None:
    clock = FakeClock()
    runner, console = opened(set_file, tmp_path / "data", clock)
    try:
        console.begin("new")
        runner.save_error = "cannot write the records: the disk is full"
        assert console.ticker().save_error is not None
        assert console.toggle_display().changed
        assert console.frame().members_only and console.ticker().save_error is None
    finally:
        runner.close()


def test_a_record_that_cannot_be_written_is_retried_with_n(
    set_file: SetFile, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    clock = FakeClock()
    runner, console = opened(set_file, data, clock)
    try:
        console.begin("new")
        for _ in range(STEPS_TWO_PRESENTERS - 1):
            step(console, clock, 60)

        def refuse(*args: object) -> None:
            raise StoreError("cannot write the records: the disk is full")

        monkeypatch.setattr(runner.store, "save_session", refuse)
        clock.advance(60)
        failed = console.next()
        assert failed.record_path is None and failed.warning is not None
        assert "press n to try again" in failed.warning
        monkeypatch.undo()
        assert console.next().record_path is not None
    finally:
        runner.close()
    assert only_record(data)["ended_early"] is False


def test_the_controller_imports_no_textual_and_no_rich() -> None:
    code = (
        "import sys, alfacil.console, alfacil.frames; "
        "bad = [m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')]; "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


class CountingClock(FakeClock):
    """A FakeClock that counts how often it is read."""

    reads = 0

    def monotonic(self) -> float:
        self.reads += 1
        return super().monotonic()

    def utcnow(self) -> datetime:
        self.reads += 1
        return super().utcnow()


def test_one_intent_reads_the_clock_once(set_file: SetFile, tmp_path: Path) -> None:
    """Each reading is one monotonic and one wall-clock read: a key press takes both
    once, and its outcome carries the ticker of that same instant."""
    clock = CountingClock()
    runner, console = opened(set_file, tmp_path / "data", clock)
    try:
        console.begin("new")
        for intent in (console.next, console.pause, lambda: console.adjust(60), console.tick):
            clock.advance(7)
            clock.reads = 0
            outcome = intent()
            assert clock.reads == 2, intent
            assert outcome.ticker is not None
    finally:
        runner.close()


def test_the_curtain_is_an_intent_that_saves(set_file: SetFile, tmp_path: Path) -> None:
    data = tmp_path / "data"
    clock = FakeClock()
    runner, console = opened(set_file, data, clock)
    try:
        console.begin("new")
        clock.advance(40)
        up = console.set_curtain(True)
        assert up.changed and console.curtain
        saved = autosave(data)
        assert saved is not None and saved["session"]["steps"][0]["actual_seconds"] == 40
        assert console.set_curtain(True) == Outcome()  # already up: nothing to do
        assert console.set_curtain(False).changed and not console.curtain
    finally:
        runner.close()

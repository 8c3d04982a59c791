"""Time between presenters through the console controller on a FakeClock (no Textual):
the rebalance's draft and its adjustments, the silent reflection (``s``, + and -, its
countdown on the big clock, its bell), taking back a tally (``u`` then a number), the
stable supporter numbers, and the record each leaves."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from alfacil.clock import FakeClock
from alfacil.config import SetFile, load_set
from alfacil.console import TAKE_BACK_SECONDS, Console, Outcome, RebalanceDraft
from alfacil.frames import QuestioningData
from alfacil.runner import Runner

SET = """\
name = "Test Set"
id = "test-set"
facilitator = "Jane"
session_length = "2h"
presenters_per_session = 2

[[members]]
name = "Aled"
[[members]]
name = "Bethan"
[[members]]
name = "Carys"
[[members]]
name = "Dafydd"
"""
START = datetime(2026, 11, 27, 14, 0, 0, tzinfo=UTC)


@pytest.fixture
def set_file(tmp_path: Path) -> SetFile:
    path = tmp_path / "set.toml"
    path.write_text(SET)
    return load_set(path)


@pytest.fixture
def opened(set_file: SetFile, tmp_path: Path) -> Any:
    clock = FakeClock(start=START)
    runner = Runner.open(set_file, tmp_path / "data", clock)
    console = Console(runner, tz=UTC)
    console.begin("new")
    yield console, clock, tmp_path / "data"
    runner.close()


def to(console: Console, clock: FakeClock, kind: str, subject: str | None = None) -> None:
    while True:
        frame = console.frame()
        if frame.kind == kind and (subject is None or frame.subject == subject):
            return
        clock.advance(60)
        assert console.next().warning is None


def autosaved(data: Path) -> dict[str, Any]:
    record: dict[str, Any] = json.loads((data / "test-set" / "autosave.json").read_text())
    return record


def only_record(data: Path) -> dict[str, Any]:
    [path] = sorted((data / "test-set" / "sessions").glob("*.json"))
    record: dict[str, Any] = json.loads(path.read_text())
    return record


def finish(console: Console, clock: FakeClock) -> None:
    while console.record_path is None:
        clock.advance(30)
        console.next()


def test_rebalance_shows_each_presenters_share_then_records_adjustments(opened: Any) -> None:
    console, clock, data = opened
    to(console, clock, "presenting", "Aled")
    clock.advance(50 * 60)  # Aled's presenting runs 40 minutes over
    console.next()  # -> Aled's questioning
    before = console.ticker().ahead_behind
    assert before.endswith("over")
    draft = console.rebalance_draft()
    assert isinstance(draft, RebalanceDraft)
    assert draft.reachable and draft.over_before == before and draft.over_after == "on time"
    [share] = draft.shares  # Aled's questioning has begun: only Bethan's turn is to come
    assert share.presenter == "Bethan" and share.after < share.before
    assert [title for title, _, _ in share.steps] == ["Presenting", "Questioning"]
    assert share.after == sum(after for _, _, after in share.steps)
    assert autosaved(data)["session"]["steps"][5]["adjustments"] == []  # nothing yet
    applied = console.rebalance(draft)
    assert applied.changed and applied.warning is None and applied.save_error is None
    assert console.ticker().ahead_behind == "on time"
    saved = autosaved(data)["session"]["steps"]  # saved with the intent
    for index, (_, b, a) in zip((5, 6), share.steps, strict=True):
        assert saved[index]["adjustments"] == [
            {"at_seconds": 0.0, "delta_seconds": a - b, "rebalance": True}
        ]
    stale = console.rebalance(draft)  # shown twice, applied twice: refused
    assert not stale.changed and stale.warning is not None and "rebalance again" in stale.warning
    finish(console, clock)
    record = only_record(data)
    assert [a["rebalance"] for a in record["steps"][5]["adjustments"]] == [True]


def test_rebalance_with_nothing_to_share_says_why(opened: Any) -> None:
    console, clock, _ = opened
    to(console, clock, "summing_up", "Bethan")
    outcome = console.rebalance_draft()
    assert isinstance(outcome, Outcome) and outcome.warning is not None
    assert "still to come" in outcome.warning


def test_silent_reflection_takes_the_big_clock_and_is_recorded(opened: Any) -> None:
    console, clock, data = opened
    to(console, clock, "questioning", "Aled")
    clock.advance(100)
    assert console.applies("reflect")
    assert console.reflect().changed
    assert console.reflecting
    ticker = console.ticker()
    assert (ticker.clock, ticker.caption, ticker.step_clock) == (
        "02:00",
        "Silent reflection",
        "23:20",
    )
    console.adjust(60)  # + lengthens the reflection, not the step
    console.adjust(60)
    assert console.ticker().clock == "03:00"  # three minutes at most
    console.adjust(-60)
    assert console.ticker().clock == "02:00"
    assert autosaved(data)["session"]["steps"][3]["adjustments"] == []
    saved = autosaved(data)["session"]["steps"][3]["reflections"]
    assert saved == [{"at_seconds": 100.0, "planned_seconds": 120, "actual_seconds": None}]
    clock.advance(119.5)
    assert console.next_wake() == pytest.approx(0.51)  # wakes when its second changes
    assert console.tick().bell is False
    clock.advance(0.6)
    ended = console.tick()  # its time is up: it ends, with a bell, and is saved
    assert ended.changed and ended.bell
    assert not console.reflecting
    assert console.ticker().caption == "" and console.ticker().step_clock is None
    [saved] = autosaved(data)["session"]["steps"][3]["reflections"]
    assert saved["actual_seconds"] == 120
    console.reflect()  # another, ended early with s
    clock.advance(40)
    console.reflect()
    finish(console, clock)
    reflections = only_record(data)["steps"][3]["reflections"]
    assert [r["actual_seconds"] for r in reflections] == [120, 40]


def test_u_then_a_number_takes_a_question_back(opened: Any) -> None:
    console, clock, data = opened
    to(console, clock, "questioning", "Aled")
    assert console.applies("take_back")
    for number in (2, 2, 3):  # Aled is 1: Bethan 2, Carys 3, Dafydd 4
        assert console.tally(number).changed
    asked = console.take_back()
    assert asked.warning is not None and "number" in asked.warning
    assert console.tally(2).changed  # taken back, not counted
    panel = console.frame().panel
    assert isinstance(panel, QuestioningData)
    assert panel.tallies == ((2, "Bethan", 1), (3, "Carys", 1), (4, "Dafydd", 0))
    console.take_back()
    console.take_back()
    assert console.tally(4).warning == "no question from Dafydd to take back"  # not below 0
    assert console.tally(4).changed  # u is spent: the next number counts again
    console.take_back()
    clock.advance(TAKE_BACK_SECONDS + 1)  # too late: the number counts
    assert console.tally(3).changed
    presenter = console.tally(1)
    assert not presenter.changed and presenter.warning is not None
    assert autosaved(data)["session"]["turns"][0]["questions"] == {
        "Bethan": 1,
        "Carys": 2,
        "Dafydd": 1,
    }
    to(console, clock, "questioning", "Bethan")
    console.tally(1)  # Aled asks in Bethan's turn: still number 1
    panel = console.frame().panel
    assert isinstance(panel, QuestioningData)
    assert panel.tallies == ((1, "Aled", 1), (3, "Carys", 0), (4, "Dafydd", 0))
    finish(console, clock)
    turns = only_record(data)["turns"]
    assert turns[0]["questions"] == {"Bethan": 1, "Carys": 2, "Dafydd": 1}
    assert turns[1]["questions"] == {"Aled": 1}


def test_the_members_display_shows_the_reflection_too(opened: Any) -> None:
    from datetime import timedelta

    from alfacil.records import Autosave
    from alfacil.tui.display import caption_of
    from alfacil.wall import frame_of, next_change

    console, clock, data = opened
    to(console, clock, "questioning", "Aled")
    console.reflect()
    saved = Autosave.model_validate(autosaved(data))
    shown = frame_of(saved, clock.utcnow() + timedelta(seconds=30.5))
    assert (shown.clock, caption_of(shown)) == ("01:30", "Silent reflection")
    assert next_change(shown) == pytest.approx(0.5)
    console.reflect()  # ended: the step's own countdown again
    saved = Autosave.model_validate(autosaved(data))
    shown = frame_of(saved, clock.utcnow())
    assert shown.reflection is None and shown.clock == "25:00"

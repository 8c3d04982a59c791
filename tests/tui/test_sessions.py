"""A few whole sessions driven key by key through the Textual console on a FakeClock.

Every whole-session scenario also runs without Textual in tests/console (faster, and
closer to the rules); these keep the keys, lists and forms honest end to end."""

from __future__ import annotations

import asyncio
import json
from datetime import date
from pathlib import Path

from alfacil.clock import FakeClock
from alfacil.config import SetFile
from alfacil.runner import Runner
from alfacil.tui.app import AlfacilApp
from alfacil.tui.screens.modals import (
    ActionForm,
    Finished,
    RatingsForm,
    ResumeChoice,
    TextForm,
    UpdateForm,
)
from alfacil.tui.screens.session import SessionScreen

from .conftest import autosave, only_record, open_app, session_files

STEPS_TWO_PRESENTERS = 10  # check-in, rules, 2 x (presenting, questioning, summing up), eval, close


async def next_step(pilot: object, app: AlfacilApp, clock: FakeClock, seconds: float) -> None:
    clock.advance(seconds)
    await pilot.pause()  # type: ignore[attr-defined]
    await pilot.press("n")  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]


def test_n_alone_runs_a_whole_session(set_file: SetFile, tmp_path: Path) -> None:
    data = tmp_path / "data"
    clock = FakeClock()
    runner, app = open_app(set_file, data, clock)

    async def scenario() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, SessionScreen)
            for _ in range(STEPS_TWO_PRESENTERS):
                await next_step(pilot, app, clock, 61)
            assert isinstance(app.screen, Finished)
            await pilot.press("n")
            await pilot.pause()
        assert app.return_code == 0

    try:
        asyncio.run(scenario())
    finally:
        runner.close()
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
    assert app.record_path == session_files(data)[0]


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
    runner, app = open_app(set_file, data, clock)

    async def scenario() -> None:
        async with app.run_test(size=(160, 48)) as pilot:
            await pilot.pause()
            session = runner.session
            assert session is not None
            # Aled and Bethan presented last time, so Carys and Dafydd are suggested.
            assert session.record.presenters == ["Carys", "Dafydd"]
            for _ in range(3):
                await pilot.press("down")
            await pilot.press("enter")  # Dafydd: apologies, so he no longer presents
            await pilot.pause()
            assert session.record.attendance["Dafydd"] == "apologies"
            assert session.record.presenters == ["Carys"]
            for _ in range(2):
                await pilot.press("up")
            await pilot.press("r")  # Bethan presents too ...
            await pilot.press("left_square_bracket")  # ... and first
            await pilot.pause()
            assert session.record.presenters == ["Bethan", "Carys"]
            await next_step(pilot, app, clock, 240)  # -> ground rules
            await next_step(pilot, app, clock, 120)  # -> updates of Carys (Dafydd is away)
            assert session.step.kind == "updates" and session.step.subject == "Carys"
            await pilot.press("enter")  # first action of Carys
            await pilot.pause()
            assert isinstance(app.screen, UpdateForm)
            await pilot.press("down")  # partly
            await pilot.press("tab")
            await pilot.press(*"rang")
            await pilot.press("enter")
            await pilot.pause()
            await pilot.press("down", "enter")  # second: done, no note
            await pilot.pause()
            assert isinstance(app.screen, UpdateForm)
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, SessionScreen)
            await next_step(pilot, app, clock, 150)  # -> presenting, Bethan
            assert session.presenter == "Bethan"
            await next_step(pilot, app, clock, 600)  # -> questioning
            await pilot.press("1", "1", "3", "3", "exclamation_mark", "4")  # Bethan is 2; no 4
            await pilot.pause()
            await next_step(pilot, app, clock, 1200)  # -> summing up
            await pilot.press("a")
            await pilot.pause()
            assert isinstance(app.screen, ActionForm)
            await pilot.press(*"Board")
            await pilot.press("tab")
            await pilot.press(*"2026-12-31")
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, SessionScreen)
            await pilot.press("i")  # an insight, asked for
            await pilot.pause()
            assert isinstance(app.screen, TextForm)
            await pilot.press(*"Avoid")
            await pilot.press("enter")
            await pilot.pause()
            for seconds in (300, 500, 1000):  # summing up of Carys's turn
                await next_step(pilot, app, clock, seconds)
            assert session.presenter == "Carys"
            await pilot.press("a")
            await pilot.pause()
            await pilot.press(*"Write")
            await pilot.press("enter")
            await pilot.pause()
            await next_step(pilot, app, clock, 200)  # -> evaluation
            assert session.step.kind == "evaluation"
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, RatingsForm)
            await pilot.press(*"4 5 9")
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, RatingsForm)  # 9 is off the scale: refused
            await pilot.press(*["backspace"] * 5)
            await pilot.press(*"4 5 3")
            await pilot.press("enter")
            await pilot.pause()
            await pilot.press("down", "enter")
            await pilot.pause()
            await pilot.press(*"5 5 4")
            await pilot.press("enter")
            await pilot.pause()
            await pilot.press("l")
            await pilot.pause()
            await pilot.press(*"Pace")
            await pilot.press("enter")
            await pilot.pause()
            await next_step(pilot, app, clock, 400)  # -> close
            await next_step(pilot, app, clock, 60)  # finish
            assert isinstance(app.screen, Finished)

    try:
        asyncio.run(scenario())
    finally:
        runner.close()
    files = session_files(data)
    assert len(files) == 2
    record = json.loads(files[-1].read_text())
    assert record["attendance"]["Dafydd"] == "apologies"
    assert record["presenters"] == ["Bethan", "Carys"]
    updates = {u["action_id"]: u for u in record["updates"]}
    assert updates[call_id]["status"] == "partly" and updates[call_id]["note"] == "rang"
    assert updates[draft_id]["status"] == "done"
    assert budget_id not in updates  # Dafydd was away: his action stays open
    actions = [(a["owner"], a["text"], a["due"]) for a in record["actions"]]
    assert actions == [
        ("Bethan", "Board", date(2026, 12, 31).isoformat()),
        ("Carys", "Write", None),
    ]
    turns = {t["presenter"]: t for t in record["turns"]}
    assert turns["Bethan"]["questions"] == {"Aled": 2, "Carys": 2}
    assert turns["Bethan"]["advice_reminders"] == 1
    assert turns["Bethan"]["insights"] == ["Avoid"]
    ratings = record["evaluation"]["ratings"]
    assert [r["scores"] for r in ratings] == [[4, 5, 3], [5, 5, 4]]
    assert record["evaluation"]["learnings"] == ["Pace"]
    assert record["evaluation"]["skipped"] is False
    ledger = json.loads((data / "test-set" / "actions.json").read_text())
    status = {a["id"]: a["status"] for a in ledger["actions"]}
    assert status[call_id] == "partly" and status[draft_id] == "done"
    assert status[budget_id] == "open"
    assert sorted(a["text"] for a in ledger["actions"] if a["status"] == "open") == [
        "Ask for a budget",
        "Board",
        "Write",
    ]


def test_resume_after_teardown_mid_questioning(set_file: SetFile, tmp_path: Path) -> None:
    data = tmp_path / "data"
    clock = FakeClock()
    runner, app = open_app(set_file, data, clock)

    async def first() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            for seconds in (60, 60, 600):  # -> questioning of Aled
                await next_step(pilot, app, clock, seconds)
            await pilot.press("2", "3", "3")  # Aled (1) presents
            clock.advance(100)
            await pilot.pause()

    try:
        asyncio.run(first())
    finally:
        runner.close()
    saved = autosave(data)
    assert saved is not None and saved["current_index"] == 3
    assert session_files(data) == []

    clock.advance(45)  # the laptop was closed for a moment
    runner, app = open_app(set_file, data, clock)

    async def second() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, ResumeChoice)
            await pilot.press("r")
            await pilot.pause()
            assert isinstance(app.screen, SessionScreen)
            session = runner.session
            assert session is not None and session.step.kind == "questioning"
            assert session.step.subject == "Aled"
            assert session.view(runner.now()).elapsed == 100
            await pilot.press("4")  # Dafydd: the same number after the resume
            await pilot.pause()
            assert session.record.turns[0].questions == {"Bethan": 1, "Carys": 2, "Dafydd": 1}

    try:
        asyncio.run(second())
    finally:
        runner.close()
    # The rest of this session, to its record, is tests/console's same scenario.
    saved = autosave(data)
    assert saved is not None and saved["current_index"] == 3
    assert saved["session"]["turns"][0]["questions"] == {"Bethan": 1, "Carys": 2, "Dafydd": 1}

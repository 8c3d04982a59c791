"""Time between presenters in the console: the rebalance's confirm dialog (from the
palette), the silent reflection on the big clock (``s``, + and -), and ``u`` then a
number, each read back from what the screen draws and from the record."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path
from typing import Any

from alfacil.clock import FakeClock
from alfacil.config import SetFile
from alfacil.runner import Runner
from alfacil.tui.app import AlfacilApp
from alfacil.tui.screens.modals import ConfirmRebalance, Finished
from alfacil.tui.screens.session import SessionScreen
from alfacil.tui.widgets.bigclock import BigClock

from .conftest import only_record, open_app


def drawn(app: AlfacilApp) -> str:
    """The whole screen as the terminal shows it, as plain text."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def squeezed(app: AlfacilApp) -> str:
    """What the screen draws, each run of spaces made one."""
    return re.sub(r" +", " ", drawn(app))


def run(app: AlfacilApp, runner: Runner, size: tuple[int, int], scenario: Any) -> None:
    async def wrapped() -> None:
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            await scenario(pilot)

    try:
        asyncio.run(wrapped())
    finally:
        runner.close()


async def press(pilot: Any, *keys: str) -> None:
    await pilot.press(*keys)
    await pilot.pause()


async def to(pilot: Any, app: AlfacilApp, clock: FakeClock, title: str, who: str) -> None:
    for _ in range(20):
        frame = app.controller.frame()
        if (frame.title, frame.subject) == (title, who):
            return
        clock.advance(60)
        await press(pilot, "n")
    raise AssertionError(f"never reached {title} of {who}")


async def finish(pilot: Any, app: AlfacilApp, clock: FakeClock) -> None:
    for _ in range(40):
        if isinstance(app.screen, Finished):
            return
        clock.advance(30)
        await press(pilot, "n")
    raise AssertionError("the session never finished")


async def palette(pilot: Any, app: AlfacilApp, title: str) -> None:
    """Run the palette's command ``title``, as choosing it there does."""
    commands = {c.title: c for c in app.get_system_commands(app.screen)}
    result = commands[title].callback()
    if asyncio.iscoroutine(result):  # the screen's actions run as the palette runs them
        await result
    await pilot.pause()


def test_rebalance_asks_with_each_share_then_records_adjustments(
    set_file: SetFile, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    clock = FakeClock()
    runner, app = open_app(set_file, data, clock)

    async def scenario(pilot: Any) -> None:
        await to(pilot, app, clock, "Presenting", "Aled")
        clock.advance(50 * 60)  # Aled's presenting runs 40 minutes over
        await press(pilot, "n")
        assert "over" in drawn(app)
        await palette(pilot, app, "Rebalance the time left")
        assert isinstance(app.screen, ConfirmRebalance)
        screen = drawn(app)
        assert "Share the time left fairly" in screen
        assert "Bethan  35m → " in screen  # her turn: 10 + 25 minutes, made shorter
        assert "Presenting 10m → " in screen and "Questioning 25m → " in screen
        assert "after this, on time" in screen
        await press(pilot, "n")  # keep the plan: nothing changes
        assert isinstance(app.screen, SessionScreen)
        assert runner.session is not None
        assert all(not s.adjustments for s in runner.session.steps)
        await palette(pilot, app, "Rebalance the time left")
        await press(pilot, "y")
        assert isinstance(app.screen, SessionScreen)
        assert "on time" in drawn(app)  # the header's projection
        await finish(pilot, app, clock)

    run(app, runner, (100, 30), scenario)
    steps = only_record(data)["steps"]
    bethan = [s for s in steps if s["subject"] == "Bethan" and s["kind"] != "summing_up"]
    assert [len(s["adjustments"]) for s in bethan] == [1, 1]
    assert all(s["adjustments"][0]["rebalance"] for s in bethan)
    assert all(s["adjustments"][0]["delta_seconds"] < 0 for s in bethan)


def test_s_starts_a_silent_reflection_on_the_big_clock(set_file: SetFile, tmp_path: Path) -> None:
    data = tmp_path / "data"
    clock = FakeClock()
    runner, app = open_app(set_file, data, clock)

    async def scenario(pilot: Any) -> None:
        await to(pilot, app, clock, "Questioning", "Aled")
        clock.advance(60)
        await press(pilot, "s")
        big = app.screen.query_one(BigClock)
        assert big.value == "02:00"
        screen = drawn(app)
        assert "Silent reflection  ·  24:00" in screen  # the step's clock runs beneath
        await press(pilot, "plus")
        assert big.value == "03:00"
        await press(pilot, "minus", "minus", "minus")
        assert big.value == "01:00"  # one minute at least
        clock.advance(30)
        app.repaint()
        await pilot.pause()
        assert big.value == "00:30"
        clock.advance(31)
        app.tick()  # the app's timer: the reflection's time is up
        await pilot.pause()
        assert big.value == "22:59"  # back to the step's own countdown
        assert "Silent reflection" not in drawn(app)
        await press(pilot, "s")  # another, ended early with s
        clock.advance(20)
        await press(pilot, "s")
        assert big.value == "22:39"
        await finish(pilot, app, clock)

    run(app, runner, (100, 30), scenario)
    questioning = only_record(data)["steps"][3]
    assert questioning["kind"] == "questioning"
    assert [(r["planned_seconds"], r["actual_seconds"]) for r in questioning["reflections"]] == [
        (60, 60),
        (120, 20),
    ]
    assert questioning["adjustments"] == []  # + and - changed the reflection only


def test_u_then_a_number_takes_back_a_question(set_file: SetFile, tmp_path: Path) -> None:
    data = tmp_path / "data"
    clock = FakeClock()
    runner, app = open_app(set_file, data, clock)

    async def scenario(pilot: Any) -> None:
        await to(pilot, app, clock, "Questioning", "Aled")
        await press(pilot, "2", "2", "3")
        assert "2 Bethan 2 ■■" in squeezed(app)
        await press(pilot, "u", "2")
        assert "2 Bethan 1 ■" in squeezed(app) and "3 Carys 1 ■" in squeezed(app)
        await finish(pilot, app, clock)

    run(app, runner, (100, 30), scenario)
    assert only_record(data)["turns"][0]["questions"] == {"Bethan": 1, "Carys": 1}

"""``b`` inserts a break that ``n`` then reaches, and ``w`` shows the wall view: read
back from what the screen draws, not from the widgets' state."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path
from typing import Any

from alfacil.clock import FakeClock
from alfacil.config import SetFile
from alfacil.runner import Runner
from alfacil.tui.app import AlfacilApp
from alfacil.tui.keys import help_rows
from alfacil.tui.screens.modals import Finished, RatingsForm
from alfacil.tui.screens.session import SessionScreen
from alfacil.tui.widgets.banner import Banner
from alfacil.tui.widgets.bigclock import BigClock

from .conftest import only_record, open_app


def drawn(app: AlfacilApp) -> str:
    """The whole screen as the terminal shows it, as plain text."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


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


def test_b_shows_the_break_in_the_run_sheet_and_n_reaches_it(
    set_file: SetFile, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    clock = FakeClock()  # 14:00 UTC, shown in UTC
    runner, app = open_app(set_file, data, clock)

    async def scenario(pilot: Any) -> None:
        clock.advance(60)
        await press(pilot, "n")  # -> ground rules, 14:01
        await press(pilot, "b")
        screen = drawn(app)
        # the run sheet keeps its timings in a column at the right
        rules, brk = screen.index("Ground rules"), re.search(r"Break +10m", screen)
        assert brk is not None
        brk = brk.start()
        assert rules < brk  # in the run sheet, right after this step
        assert "back at" not in screen  # the break has not begun
        clock.advance(120)
        await press(pilot, "n")  # -> the break, 14:03
        screen = drawn(app)
        assert screen.splitlines()[0].strip().startswith("Break")  # the header
        assert "Break: back at 14:13" in screen
        assert "▶ Break" in screen  # the run sheet's current step
        await press(pilot, "plus")  # + lengthens the break
        assert "Break: back at 14:14" in drawn(app)
        for _ in range(40):
            if isinstance(app.screen, Finished):
                break
            clock.advance(61)
            await press(pilot, "n")
        assert isinstance(app.screen, Finished)

    run(app, runner, (120, 30), scenario)  # wide enough for the side panel's run sheet
    steps = only_record(data)["steps"]
    assert [s["kind"] for s in steps][:4] == ["checkin", "ground_rules", "break", "presenting"]
    assert steps[2]["planned_seconds"] == 600
    assert [a["delta_seconds"] for a in steps[2]["adjustments"]] == [60]
    assert steps[2]["actual_seconds"] == 61


def test_w_shows_only_phase_presenter_countdown_and_rule(set_file: SetFile, tmp_path: Path) -> None:
    clock = FakeClock()
    runner, app = open_app(set_file, tmp_path / "data", clock)

    async def scenario(pilot: Any) -> None:
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        big = screen.query_one(BigClock)
        normal = drawn(app)
        at_checkin = ("Facilitator Jane", "Dafydd", "Test Set", "ends", "Next", "Quit")
        for shown in at_checkin:
            assert shown in normal, shown  # in the normal view
        normal_height = big.size.height

        await press(pilot, "w")
        wall = drawn(app)
        for hidden in at_checkin:
            assert hidden not in wall, hidden  # no panel, no set name, no footer
        assert screen.query_one("#title-banner", Banner).text == "Check-in"
        assert "▀" in wall.splitlines()[1]  # the phase in big letters, not the header
        assert screen.has_class("-wall")
        assert big.size.height >= 0.6 * 24 and big.size.height > normal_height
        assert big.size.width >= 76
        await press(pilot, "enter")  # the attendance list is hidden: Enter does nothing
        assert runner.session is not None
        assert runner.session.record.attendance.get("Aled", "present") == "present"

        while runner.session.step.kind != "questioning":
            clock.advance(61)
            await press(pilot, "n")
        await press(pilot, "2", "2")  # the tally still counts, unseen
        wall = drawn(app)
        rule = runner.session.phase.rule
        assert screen.query_one("#title-banner", Banner).text == "Questioning · Aled"
        assert rule and rule in wall
        for hidden in ("Bethan", "Carys", "For example", "count a question"):
            assert hidden not in wall, hidden
        assert big.size.height >= 0.6 * 24

        await press(pilot, "w")  # back to the normal view, the panel with it
        normal = drawn(app)
        assert not screen.has_class("-wall")
        for shown in ("Bethan", "Carys", "Next", "ends"):
            assert shown in normal, shown
        assert big.size.height < 0.8 * 24

        # A panel that opens in the wall view takes no key: Enter at evaluation would
        # otherwise open the ratings form of a list nobody can see.
        await press(pilot, "w")
        while runner.session.step.kind != "evaluation":
            clock.advance(61)
            await press(pilot, "n")
        assert "How useful was today?" not in drawn(app)
        await press(pilot, "enter")
        assert app.screen is screen
        await press(pilot, "w")
        assert "How useful was today?" in drawn(app)
        await press(pilot, "enter")
        assert isinstance(app.screen, RatingsForm)

    run(app, runner, (80, 24), scenario)


def test_the_help_says_what_plus_does_after_b(set_file: SetFile, tmp_path: Path) -> None:
    """``+`` right after ``b`` lengthens the step under way, not the break to come (the
    break's own + and - come once it runs); the help and the palette said "+ - change
    it" as if they changed the break at once, as they do a silent reflection."""
    clock = FakeClock()
    runner, app = open_app(set_file, tmp_path / "data", clock)

    async def scenario(pilot: Any) -> None:
        await press(pilot, "n", "b", "plus")
        session = runner.session
        assert session is not None
        rules, brk = session.record.steps[1], session.record.steps[2]
        assert (rules.kind, brk.kind) == ("ground_rules", "break")
        assert rules.adjusted_seconds == rules.planned_seconds + 60
        assert brk.adjusted_seconds == 600
        rows = dict(help_rows())  # what the help screen (?) shows, key by key
        assert rows["b"] == "a 10-minute break after this step; once it runs, + - change it"
        words = {c.title: c.help for c in app.get_system_commands(app.screen)}
        assert words["Insert a break"] == (
            "Ten minutes after this step; once it runs, + and - change it"
        )

    run(app, runner, (120, 40), scenario)

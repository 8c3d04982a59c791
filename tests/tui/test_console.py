"""The console's behaviour around the session: curtain, help, quit, save failures, bell,
literal names, small and resized terminals, themes, and keys typed into forms."""

from __future__ import annotations

import asyncio
import gc
import io
import shlex
from pathlib import Path

import pytest
from textual.color import Color
from textual.geometry import Region
from textual.theme import Theme
from textual.widgets import Input, OptionList, Static

from alfacil.clock import FakeClock
from alfacil.config import SetFile
from alfacil.frames import ahead_behind_text
from alfacil.store import StoreError
from alfacil.tui.app import DEFAULT_THEME, HIGH_CONTRAST_THEME, AlfacilApp, leave
from alfacil.tui.glyphs import GLYPH_ROWS, choose_scale, layout_for, line
from alfacil.tui.screens.modals import (
    ActionForm,
    ConfirmQuit,
    Curtain,
    Details,
    Finished,
    Help,
    ResumeChoice,
)
from alfacil.tui.screens.session import SessionScreen
from alfacil.tui.widgets.bigclock import BigClock
from alfacil.tui.widgets.chrome import KeyBar, StepBar
from alfacil.tui.widgets.hanging import Hanging
from alfacil.tui.widgets.panels import RuleLines

from .conftest import autosave, only_record, open_app, session_files, write_set


def run(app: AlfacilApp, runner_close: object, scenario: object) -> None:
    try:
        asyncio.run(scenario())  # type: ignore[operator]
    finally:
        runner_close()  # type: ignore[operator]


def drawn(big: BigClock) -> str:
    """Every line of the countdown as drawn, as plain text."""
    return "\n".join(big.render_line(y).text for y in range(big.size.height))


def screen_text(app: AlfacilApp) -> str:
    """Every Static and option shown on the current screen, as plain text."""
    parts: list[str] = []
    for widget in app.screen.query(Static):
        content = widget.content
        parts.append(str(content) if isinstance(content, Hanging) else str(widget.render()))
    for rules in app.screen.query(RuleLines):
        parts.append(str(rules.render()))
    for options in app.screen.query(OptionList):
        parts.extend(
            str(options.get_option_at_index(i).prompt) for i in range(options.option_count)
        )
    return "\n".join(parts)


def test_curtain_hides_everything_and_blocks_keys(set_file: SetFile, tmp_path: Path) -> None:
    clock = FakeClock()
    runner, app = open_app(set_file, tmp_path / "data", clock)

    async def scenario() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            assert "Aled" in screen_text(app)
            await pilot.press("h")
            await pilot.pause()
            assert isinstance(app.screen, Curtain)
            shown = screen_text(app)
            for private in ("Aled", "Bethan", "Test Set", "Check-in"):
                assert private not in shown
            await pilot.press("n", "space", "a")
            await pilot.pause()
            assert isinstance(app.screen, Curtain)
            assert runner.session is not None and runner.session.current == 0
            assert not runner.session.paused
            await pilot.press("h")
            await pilot.pause()
            assert isinstance(app.screen, SessionScreen)

    run(app, runner.close, scenario)


def test_help_lists_every_key_and_quit_asks_first(set_file: SetFile, tmp_path: Path) -> None:
    data = tmp_path / "data"
    clock = FakeClock()
    runner, app = open_app(set_file, data, clock)

    async def scenario() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await pilot.press("question_mark")
            await pilot.pause()
            assert isinstance(app.screen, Help)
            shown = screen_text(app)
            for key in ("space", "n  or  →", "p  or  ←", "+  /  -", "1 … 9", "!", "h", "q"):
                assert key in shown
            await pilot.press("escape")
            await pilot.press("n")
            await pilot.pause()
            await pilot.press("q")
            await pilot.pause()
            assert isinstance(app.screen, ConfirmQuit)
            await pilot.press("n")  # stay; the n does not move the session on
            await pilot.pause()
            assert isinstance(app.screen, SessionScreen)
            assert runner.session is not None and runner.session.current == 1
            clock.advance(42)
            await pilot.press("q")
            await pilot.pause()
            await pilot.press("y")
            await pilot.pause()
        assert app.return_code == 0

    run(app, runner.close, scenario)
    saved = autosave(data)
    assert saved is not None
    assert saved["current_index"] == 1
    assert saved["session"]["steps"][1]["actual_seconds"] == 42
    assert session_files(data) == []


def test_failed_save_shows_a_warning_and_goes_on(
    set_file: SetFile, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    clock = FakeClock()
    runner, app = open_app(set_file, data, clock)

    def broken(*args: object) -> None:
        raise StoreError("disk full while writing autosave.json")

    async def scenario() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            warning = app.screen.query_one("#save-warning", Static)
            assert not warning.display
            monkeypatch.setattr(runner.store, "save_autosave", broken)
            await pilot.press("n")
            await pilot.pause()
            assert warning.display
            assert "disk full" in str(warning.render())
            assert runner.session is not None and runner.session.current == 1
            monkeypatch.undo()
            await pilot.press("n")
            await pilot.pause()
            assert not warning.display
            assert runner.session.current == 2

    run(app, runner.close, scenario)


def test_bell_rings_at_the_warn_mark_and_at_zero(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The screen rings what the console says (bell = false: tests/console)."""
    set_file = write_set(tmp_path)
    clock = FakeClock()
    runner, app = open_app(set_file, tmp_path / "data", clock)
    rings: list[int] = []
    monkeypatch.setattr(app, "bell", lambda: rings.append(1))

    async def scenario() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            clock.advance(200)  # check-in is 5m, warn at 1m left
            app.tick()
            await pilot.pause()
            assert app.screen.query_one(BigClock).has_class("-normal")
            clock.advance(50)
            app.tick()
            await pilot.pause()
            assert app.screen.query_one(BigClock).has_class("-warn")
            clock.advance(30)
            app.tick()
            await pilot.pause()
            clock.advance(40)  # past zero: overtime, counting up
            app.tick()
            await pilot.pause()
            clock_widget = app.screen.query_one(BigClock)
            assert clock_widget.has_class("-overtime")
            assert clock_widget.value == "+00:20"
            clock.advance(30)
            app.tick()
            await pilot.pause()

    run(app, runner.close, scenario)
    assert len(rings) == 2


def test_names_are_shown_literally(tmp_path: Path) -> None:
    text = """\
name = "[red]Set[/red]"
id = "odd"
facilitator = "[b]Jane"
session_length = "1h"
presenters_per_session = 1
[[members]]
name = "[bold]x"
[[members]]
name = "Bob [/]"
[ground_rules]
items = ["[i]Be kind[/i]"]
"""
    set_file = write_set(tmp_path, text=text)
    clock = FakeClock()
    runner, app = open_app(set_file, tmp_path / "data", clock)

    async def scenario() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            shown = screen_text(app)
            for literal in ("[bold]x", "Bob [/]", "[b]Jane", "[red]Set[/red]"):
                assert literal in shown
            await pilot.press("n")
            await pilot.pause()
            assert "[i]Be kind[/i]" in screen_text(app)

    run(app, runner.close, scenario)


def test_small_terminal_and_resizing_keep_everything(set_file: SetFile, tmp_path: Path) -> None:
    data = tmp_path / "data"
    clock = FakeClock()
    runner, app = open_app(set_file, data, clock)

    async def scenario() -> None:
        async with app.run_test(size=(40, 12)) as pilot:
            await pilot.pause()
            clock_widget = app.screen.query_one(BigClock)
            assert clock_widget.size.height >= 5
            assert "██" in drawn(clock_widget)
            for size in ((200, 60), (30, 8), (80, 24)):
                await pilot.resize_terminal(*size)
                clock.advance(20)
                await pilot.press("n")
                await pilot.pause()
                assert drawn(clock_widget).strip()
            assert runner.session is not None and runner.session.step.kind == "questioning"
            await pilot.press("2", "3")  # Aled (1) presents
            await pilot.pause()
            for size in ((40, 12), (160, 48), (40, 12)):
                await pilot.resize_terminal(*size)
                await pilot.pause()
                assert "██" in drawn(clock_widget)
            for _ in range(7):
                await pilot.press("n")
                await pilot.pause()

    run(app, runner.close, scenario)
    record = only_record(data)
    assert record["turns"][0]["questions"] == {"Bethan": 1, "Carys": 1}


def test_keys_typed_into_a_form_stay_in_the_form(set_file: SetFile, tmp_path: Path) -> None:
    clock = FakeClock()
    runner, app = open_app(set_file, tmp_path / "data", clock)

    async def scenario() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await pilot.press("a")
            await pilot.pause()
            assert isinstance(app.screen, ActionForm)
            await pilot.press(*"n p 1 h q ! + -", "space", "left", "right")
            await pilot.pause()
            assert isinstance(app.screen, ActionForm)
            assert app.screen.query_one("#text", Input).value == "n p 1 h q ! + - "
            session = runner.session
            assert session is not None
            assert session.current == 0 and not session.paused
            assert session.step.adjustments == []
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, SessionScreen)
            assert session.record.actions == []

    run(app, runner.close, scenario)


def test_high_contrast_theme_from_the_set_file_and_the_palette(tmp_path: Path) -> None:
    set_file = write_set(tmp_path, extra='theme = "high-contrast"')
    clock = FakeClock()
    runner, app = open_app(set_file, tmp_path / "data", clock)

    async def scenario() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert app.theme == HIGH_CONTRAST_THEME.name
            titles = [c.title for c in app.get_system_commands(app.screen)]
            assert "High-contrast theme" in titles and "Next step" in titles
            app.toggle_high_contrast()
            await pilot.pause()
            assert app.theme == "alfacil"

    run(app, runner.close, scenario)


def test_the_countdown_grows_with_the_room() -> None:
    small = choose_scale("25:00", 46, 10)
    big = choose_scale("25:00", 150, 40)
    assert small is not None and big is not None
    assert big[0] > small[0] and big[1] > small[1]
    assert choose_scale("25:00", 10, 3) is None
    over = choose_scale("+01:05", 150, 40)
    assert over is not None and over[1] == big[1]  # the + does not make the digits shorter
    lines = [line("+01:05", 150, 40, y) for y in range(40)]
    assert sum(1 for drawn_line in lines if "█" in drawn_line) == GLYPH_ROWS * over[1]
    assert {len(drawn_line) for drawn_line in lines} == {150}
    assert line("+1:05", 10, 3, 1).strip() == "+1:05"  # too small: shown plainly


def test_advice_flashes_for_a_few_seconds_and_prompts_rotate(
    set_file: SetFile, tmp_path: Path
) -> None:
    clock = FakeClock()
    runner, app = open_app(set_file, tmp_path / "data", clock)

    async def scenario() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            for _ in range(3):  # -> questioning of Aled
                await pilot.press("n")
                await pilot.pause()
            prompt = app.screen.query_one("#prompt", Static)
            assert "What would success look like?" in str(prompt.render())
            advice = app.screen.query_one("#advice", Static)
            assert not advice.display
            await pilot.press("exclamation_mark")
            await pilot.pause()
            assert advice.display
            clock.advance(31)
            app.tick()
            await pilot.pause()
            assert not advice.display
            assert "What have you tried?" in str(prompt.render())

    run(app, runner.close, scenario)
    assert runner.session is not None
    assert runner.session.record.turns[0].advice_reminders == 1


def test_autosave_every_30_seconds_and_on_a_signal(set_file: SetFile, tmp_path: Path) -> None:
    data = tmp_path / "data"
    clock = FakeClock()
    runner, app = open_app(set_file, data, clock)

    async def scenario() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            first = autosave(data)
            assert first is not None
            clock.advance(29)
            app.tick()
            await pilot.pause()
            assert autosave(data) == first  # not yet
            clock.advance(2)
            app.tick()
            await pilot.pause()
            saved = autosave(data)
            assert saved is not None and saved["session"]["steps"][0]["actual_seconds"] == 31
            clock.advance(9)
            app._on_signal()  # what SIGHUP and SIGTERM call
            await pilot.pause()
            saved = autosave(data)
            assert saved is not None and saved["session"]["steps"][0]["actual_seconds"] == 40

    run(app, runner.close, scenario)
    assert app.return_code == 0


def test_the_timer_wakes_when_the_shown_second_changes(set_file: SetFile, tmp_path: Path) -> None:
    clock = FakeClock()
    runner, app = open_app(set_file, tmp_path / "data", clock)

    async def scenario() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            clock.advance(10.3)  # 4:49.7 left: shows 4:50 until 0.7 s from now
            assert app.controller.next_wake() == pytest.approx(0.71)
            clock.advance(300)  # 10.3 s over: shows +00:10 until 0.7 s from now
            assert app.controller.next_wake() == pytest.approx(0.71)
            armed = app._timer
            await pilot.press("space")  # paused: nothing moves but the wall clock
            await pilot.pause()
            assert app.controller.next_wake() == 1.0
            assert app._timer is not armed  # a key that moves the next change re-arms

    run(app, runner.close, scenario)


def differing_cells(before: tuple[str, ...], after: tuple[str, ...]) -> set[tuple[int, int]]:
    """The (x, y) cells where two drawings of the clock differ."""
    return {
        (x, y)
        for y, (old, new) in enumerate(zip(before, after, strict=True))
        for x, (a, b) in enumerate(zip(old, new, strict=True))
        if a != b
    }


def test_a_tick_repaints_only_the_pixels_that_changed(set_file: SetFile, tmp_path: Path) -> None:
    clock = FakeClock()
    runner, app = open_app(set_file, tmp_path / "data", clock)

    async def scenario() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            big = app.screen.query_one(BigClock)
            bar = app.screen.query_one(StepBar)
            assert big.value == "05:00"
            layout = layout_for("05:00", *big.size)
            assert layout is not None
            sx, sy = layout.scale
            before = big.picture()[0]
            clock.advance(1)
            app.tick()
            assert big.value == "04:59"
            assert not bar._repaint_regions  # 1 s of 5 min is less than a cell of the bar
            # Every cell drawn differently is repainted, and nothing in the glyphs that
            # did not change ("0" and ":"); in those that did, only the pixel rows that
            # differ, from their first differing pixel to their last.
            regions = big._repaint_regions
            for x, y in differing_cells(before, big.picture()[0]):
                assert any(r.contains(x, y) for r in regions), (x, y)
            unchanged = [layout.columns[0], layout.columns[2]]
            for region in regions:
                assert region.height == sy
                assert not any(x <= region.x < x + w for x, w in unchanged)
            # "5" to "4", "0" to "5", "0" to "9": 3 + 3 + 2 pixel rows differ.
            assert len(regions) == 8
            await pilot.pause()
            clock.advance(1)
            app.tick()
            assert big.value == "04:58"
            # 9 to 8 is one pixel: one pixel's cells are repainted, not the digit.
            x, _w = layout.columns[4]
            assert big._repaint_regions == {Region(x, layout.top + 3 * sy, sx, sy)}
            await pilot.pause()
            assert "██" in drawn(big)

    run(app, runner.close, scenario)


def test_the_footer_keeps_next_help_and_quit_at_80_columns(
    set_file: SetFile, tmp_path: Path
) -> None:
    clock = FakeClock()
    runner, app = open_app(set_file, tmp_path / "data", clock)

    async def scenario() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            for kind in ("checkin", "ground_rules", "presenting", "questioning"):
                while runner.session is not None and runner.session.step.kind != kind:
                    await pilot.press("n")
                    await pilot.pause()
                footer = app.screen.query_one(KeyBar)
                shown = str(footer.render())
                assert footer.size.width == 80
                for key in ("n Next", "? Help", "q Quit"):
                    assert key in shown, (kind, shown)
            # The phase's own keys are in its panel: here, questioning's.
            assert "1-9 count a question" in screen_text(app) and "! advice" in screen_text(app)
            await pilot.resize_terminal(40, 12)
            await pilot.pause()
            shown = str(app.screen.query_one(KeyBar).render())
            assert "n Next" in shown and "? Help" in shown and "q Quit" in shown

    run(app, runner.close, scenario)


def test_the_header_says_when_the_session_ends_and_against_what(
    set_file: SetFile, tmp_path: Path
) -> None:
    assert ahead_behind_text(-20 * 60) == "20m to spare"
    assert ahead_behind_text(10 * 60 + 5) == "10m over"
    assert ahead_behind_text(20) == "on time"
    clock = FakeClock()
    runner, app = open_app(set_file, tmp_path / "data", clock)

    async def scenario() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            clock.advance(60)
            app.tick()
            await pilot.pause()
            header = str(app.screen.query_one("#header-right", Static).render())
            # A plan of 1h40m against the agreed 2h, one minute into check-in.
            assert "14:01   ends 15:40 · 20m to spare" in header, header
            summary = str(app.screen.query_one("#checkin-summary", Static).render())
            assert "(20m to spare)" in summary

    run(app, runner.close, scenario)


def test_the_close_keeps_the_path_and_attendance_off_the_wall_at_80x24(
    set_file: SetFile, tmp_path: Path
) -> None:
    """The close is on the projector: it says what n does, the actions and the
    timings; the record's path and who sent apologies are for the facilitator (the
    palette's "The record and attendance", and the terminal after leaving)."""
    clock = FakeClock()
    runner, app = open_app(set_file, tmp_path / "data", clock)
    out, err = io.StringIO(), io.StringIO()

    async def scenario() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await pilot.press("down", "enter")  # Bethan: apologies
            await pilot.pause()
            while runner.session is not None and runner.session.step.kind != "close":
                clock.advance(60)
                await pilot.press("n")
                await pilot.pause()
            assert runner.session is not None
            path = runner.store.paths.session_file(runner.session.record.session_id)
            hint = app.screen.query_one("#close-hint", Static)
            assert "n saves the record and ends the session" in str(hint.render())
            assert hint.region.bottom <= 23  # on screen, above the footer
            shown = screen_text(app)
            assert str(path) not in shown and path.name not in shown
            assert "Attendance" not in shown and "apologies" not in shown
            assert "Close: 2m / under way" in shown
            # The palette's command shows both, to the facilitator who asks.
            app.action_record_details()
            await pilot.pause()
            assert isinstance(app.screen, Details)
            details = screen_text(app)
            assert str(path) in details and "apologies: Bethan" in details
            await pilot.press("escape")
            await pilot.press("n")
            await pilot.pause()
            assert app.record_path == path
            assert isinstance(app.screen, Finished)
            assert str(path) not in screen_text(app)
            await pilot.press("enter")
            await pilot.pause()

    run(app, runner.close, scenario)
    assert leave(app.controller, err, out) == 0
    printed = out.getvalue()
    assert f"the record is in {app.record_path}" in printed
    assert "present: Aled, Carys, Dafydd" in printed and "apologies: Bethan" in printed


def test_leaving_mid_session_says_how_to_take_it_up_again(
    set_file: SetFile, tmp_path: Path
) -> None:
    """The quit dialog's "alfacil start resumes it" goes with the console; the
    terminal keeps the command, with the set file's own path, quoted for a shell."""
    clock = FakeClock()
    runner, app = open_app(set_file, tmp_path / "data", clock)
    out, err = io.StringIO(), io.StringIO()

    async def scenario() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            clock.advance(60)
            await pilot.press("n")  # into ground rules
            await pilot.pause()

    # As run_console does it: leave() while the runner (and its lock) is still open.
    run(app, lambda: None, scenario)
    try:
        assert leave(app.controller, err, out) == 0
    finally:
        runner.close()
    assert err.getvalue() == ""
    printed = out.getvalue()
    assert "the session is saved as it stands" in printed
    assert f"alfacil start {shlex.quote(str(set_file.path))} takes it up again" in printed
    assert "record is in" not in printed


def test_the_run_sheet_keeps_one_line_per_step(tmp_path: Path) -> None:
    set_file = write_set(tmp_path)
    clock = FakeClock()
    runner, app = open_app(set_file, tmp_path / "data", clock)

    async def scenario() -> None:
        async with app.run_test(size=(120, 24)) as pilot:
            await pilot.pause()
            assert runner.session is not None
            # A long line: a presenter's name that cannot fit the side panel.
            runner.session.steps[2].subject = "Aled ap Gruffydd ap Llywelyn"
            assert app.session_screen is not None
            app.session_screen.paint(True)
            await pilot.pause()
            sheet = app.screen.query_one("#runsheet", Static)
            assert sheet.size.height == len(runner.session.steps)
            lines = [sheet.render_line(y).text for y in range(sheet.size.height)]
            # the long title is cut, never its timing, which keeps its column
            cut = next(line for line in lines if "…" in line)
            assert cut.rstrip().endswith("10m"), lines
            ends = {len(line.rstrip()) for line in lines}
            assert len(ends) == 1, lines

    run(app, runner.close, scenario)


def test_the_set_files_theme_colours_the_first_frame(tmp_path: Path) -> None:
    for name, theme in (("default", DEFAULT_THEME), ("high-contrast", HIGH_CONTRAST_THEME)):
        folder = tmp_path / name
        folder.mkdir()
        set_file = write_set(folder, extra=f'theme = "{name}"')
        runner, app = open_app(set_file, folder / "data", FakeClock())

        async def scenario(app: AlfacilApp = app, theme: Theme = theme) -> None:
            async with app.run_test(size=(80, 24)) as pilot:
                await pilot.pause()
                assert app.screen.styles.background == Color.parse(theme.background)

        run(app, runner.close, scenario)


def test_ctrl_q_on_the_resume_question_leaves_without_a_session(
    set_file: SetFile, tmp_path: Path
) -> None:
    """Textual's ctrl+q goes through the app's own quit: with no session open, it
    leaves at once, exit 0, and the unfinished session stays to be resumed."""
    data = tmp_path / "data"
    clock = FakeClock()
    runner, app = open_app(set_file, data, clock)

    async def first() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()

    run(app, runner.close, first)
    runner, app = open_app(set_file, data, clock)

    async def second() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, ResumeChoice)
            await pilot.press("ctrl+q")
            await pilot.pause()

    run(app, runner.close, second)
    assert app.return_code == 0
    assert runner.session is None and autosave(data) is not None  # still there to resume


def test_the_heap_of_a_started_console_is_frozen(set_file: SetFile, tmp_path: Path) -> None:
    """Once the console is up, a full collection walks only what came after start-up
    (``alfacil.tui.heap``): at 160x48 it took 40 ms of an idle step's CPU otherwise."""
    clock = FakeClock()
    runner, app = open_app(set_file, tmp_path / "data", clock)

    async def scenario() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert gc.get_freeze_count() > 10_000

    run(app, runner.close, scenario)


def test_the_rotating_question_and_the_minute_repaint_without_a_new_layout(
    set_file: SetFile, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The questioning's example rotates every 30 s and the header's wall clock every
    minute; at the same size they repaint their own widget, and the screen is not laid
    out again (a layout and the full redraw after it cost some 20 ms, three ticks)."""
    clock = FakeClock()
    runner, app = open_app(set_file, tmp_path / "data", clock)
    layouts: list[object] = []
    refresh_layout = SessionScreen._refresh_layout

    def counted(screen: SessionScreen, *args: object, **kwargs: object) -> None:
        layouts.append(args)
        refresh_layout(screen, *args, **kwargs)  # type: ignore[arg-type]

    async def scenario() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            while runner.session is not None and runner.session.step.kind != "questioning":
                await pilot.press("n")
                await pilot.pause()
            prompt = app.screen.query_one("#prompt", Static)
            header = app.screen.query_one("#header-right", Static)
            shown = str(prompt.render()), str(header.render())
            monkeypatch.setattr(SessionScreen, "_refresh_layout", counted)
            clock.advance(60)  # two rotations on, and the next minute
            app.tick()
            await pilot.pause()
            clock.advance(30)
            app.tick()
            await pilot.pause()
            assert str(prompt.render()) != shown[0] and str(header.render()) != shown[1]
            assert layouts == []

    run(app, runner.close, scenario)

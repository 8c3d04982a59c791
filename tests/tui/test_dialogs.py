"""Issue 14's dialogs and "nothing cut off silently at 80x24", read back from what the
screen draws and from the record on disk: the check-in list scrolls to its last
member, ground rules say how many more, lines wrap under their text, the footer
keeps + - and a at 60 columns, the resume question can be left, x asks, insights and
learnings can be edited and removed, and the palette's Screenshot is saved."""

from __future__ import annotations

import asyncio
import os
import stat
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console as RichConsole
from rich.text import Text

from alfacil.clock import FakeClock
from alfacil.config import SetFile
from alfacil.runner import Runner
from alfacil.tui.app import AlfacilApp
from alfacil.tui.screens.modals import Confirm, RatingsForm, ResumeChoice, TextForm
from alfacil.tui.widgets.chrome import footer_text
from alfacil.tui.widgets.hanging import hanging_lines
from alfacil.tui.widgets.panels import MemberList, RuleLines

from .conftest import autosave, open_app, write_set

EIGHT = ["Aled", "Bethan", "Carys", "Dafydd", "Eleri", "Gareth", "Hywel", "Iolo"]
RULES = [
    "What is said in the set stays in the set",
    "Listen to understand, not to reply",
    "Questions, not advice",
    "Suspend judgement",
    "Phones away",
    "Start and finish on time, every time we meet",
    "Speak for yourself",
]
LONG_QUESTION = (
    "How well did today's questioning help each presenter see their problem from an "
    "angle they had not considered before the session began?"
)


def big_set(folder: Path) -> SetFile:
    members = "".join(f'[[members]]\nname = "{name}"\n' for name in EIGHT)
    rules = ", ".join(f'"{rule}"' for rule in RULES)
    return write_set(
        folder,
        text=f"""\
name = "Test Set"
id = "test-set"
facilitator = "Jane"
session_length = "2h"
presenters_per_session = 2

{members}
[ground_rules]
items = [{rules}]

[evaluation]
questions = ["{LONG_QUESTION}", "How useful was today?"]
scale = 5
""",
    )


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
    for key in keys:
        await pilot.press(key)
        await pilot.pause()


async def to_step(pilot: Any, runner: Runner, clock: FakeClock, kind: str) -> None:
    for _ in range(20):
        assert runner.session is not None
        if runner.session.step.kind == kind:
            return
        clock.advance(60)
        await press(pilot, "n")
    raise AssertionError(kind)


# --- the check-in list scrolls ------------------------------------------------------


def test_checkin_reaches_the_eighth_member_at_80x24_and_enter_changes_that_one(
    tmp_path: Path,
) -> None:
    clock = FakeClock()
    runner, app = open_app(big_set(tmp_path), tmp_path / "data", clock)

    async def scenario(pilot: Any) -> None:
        members = app.screen.query_one(MemberList)
        for i, name in enumerate(EIGHT):
            if i:
                await press(pilot, "down")
            # the highlighted member is always drawn, inside the list and on screen
            top = members.scroll_offset.y
            assert top <= members.highlighted < top + members.size.height, name
            assert members.region.bottom <= 23  # above the footer
            row = members.highlighted - top
            assert members.render_line(row).text.strip().startswith(name)
            assert name in drawn(app)
        await press(pilot, "enter")
        assert runner.session is not None
        assert runner.session.record.attendance.get("Iolo") == "apologies"
        assert all(
            runner.session.record.attendance.get(n, "present") == "present" for n in EIGHT[:7]
        )
        saved = autosave(tmp_path / "data")
        assert saved is not None
        assert saved["session"]["attendance"]["Iolo"] == "apologies"

    run(app, runner, (80, 24), scenario)


# --- ground rules: all of them, or how many more ------------------------------------


@pytest.mark.parametrize("size", [(80, 24), (60, 20), (40, 12)])
def test_every_ground_rule_shows_or_the_list_says_how_many_more(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    clock = FakeClock()
    runner, app = open_app(big_set(tmp_path), tmp_path / "data", clock)

    async def scenario(pilot: Any) -> None:
        await to_step(pilot, runner, clock, "ground_rules")
        rules = app.screen.query_one(RuleLines)
        lines = [rules.render_line(y).text.rstrip() for y in range(rules.size.height)]
        shown = sum(1 for line in lines if line.lstrip().startswith("•"))
        said = [line for line in lines if "more rule" in line]
        more = int(said[0].split("and ")[1].split()[0]) if said else 0
        assert shown + more == len(RULES), lines
        for line in lines:  # wrapped lines hang under the rule's words
            if line.strip() and not line.lstrip().startswith(("•", "…")):
                assert line.startswith(" " * 3), lines

    run(app, runner, size, scenario)


def test_a_wrapped_line_hangs_under_its_text() -> None:
    console = RichConsole(width=40)
    items = [
        (Text("           +  /  -  "), Text("one minute more or less for this step, and more"))
    ]
    lines = [line.plain for line in hanging_lines(items, 40, console)[0]]
    assert len(lines) > 1
    assert lines[0].startswith("           +  /  -  one")
    assert all(line.startswith(" " * 20) and line[20] != " " for line in lines[1:]), lines


def test_the_footer_keeps_the_minute_and_action_keys_at_60_columns() -> None:
    footer = footer_text(60).plain
    assert "+ -" in footer and " a " in footer and "? Help" in footer
    assert len(footer) <= 60


# --- the resume question --------------------------------------------------------------


def unfinished(set_file: SetFile, data: Path, clock: FakeClock) -> None:
    runner = Runner.open(set_file, data, clock)
    try:
        runner.start_new()
        runner.save()
    finally:
        runner.close()


@pytest.mark.parametrize("key", ["escape", "q"])
def test_the_resume_question_is_left_with_esc_or_q_and_nothing_is_touched(
    set_file: SetFile, tmp_path: Path, key: str
) -> None:
    data, clock = tmp_path / "data", FakeClock()
    unfinished(set_file, data, clock)
    before = (data / "test-set" / "autosave.json").read_bytes()
    runner, app = open_app(set_file, data, clock)

    async def scenario(pilot: Any) -> None:
        assert isinstance(app.screen, ResumeChoice)
        await press(pilot, key)

    run(app, runner, (80, 24), scenario)
    assert app.return_code == 0 and runner.session is None
    assert (data / "test-set" / "autosave.json").read_bytes() == before
    again = Runner.open(set_file, data, clock)
    try:
        assert again.pending is not None  # still there to resume next time
    finally:
        again.close()


def test_the_resume_buttons_fit_at_60x20(set_file: SetFile, tmp_path: Path) -> None:
    data, clock = tmp_path / "data", FakeClock()
    unfinished(set_file, data, clock)
    runner, app = open_app(set_file, data, clock)

    async def scenario(pilot: Any) -> None:
        screen = drawn(app)
        for label in (
            "Resume where it stopped (r)",
            "Close it as ended early, start new (e)",
            "Leave, decide later (esc)",
        ):
            assert label in screen, screen

    run(app, runner, (60, 20), scenario)


# --- evaluation questions wrap ---------------------------------------------------------


def test_a_long_evaluation_question_wraps_at_its_words_at_60x20(tmp_path: Path) -> None:
    clock = FakeClock()
    runner, app = open_app(big_set(tmp_path), tmp_path / "data", clock)

    async def scenario(pilot: Any) -> None:
        await to_step(pilot, runner, clock, "evaluation")
        await press(pilot, "enter")
        assert isinstance(app.screen, RatingsForm)
        screen = drawn(app)
        words = [w for line in screen.splitlines() for w in line.strip("│ ").split()]
        # every word of the question is drawn whole, in order
        question = LONG_QUESTION.split()
        start = words.index(question[0])
        assert words[start : start + len(question)] == question, screen

    run(app, runner, (60, 20), scenario)


# --- x asks; insights and learnings edited and removed ----------------------------------


def record_of(data: Path) -> dict[str, Any]:
    saved = autosave(data)
    assert saved is not None
    record: dict[str, Any] = saved["session"]
    return record


def test_x_asks_before_removing_an_action(set_file: SetFile, tmp_path: Path) -> None:
    data, clock = tmp_path / "data", FakeClock()
    runner, app = open_app(set_file, data, clock)

    async def scenario(pilot: Any) -> None:
        await to_step(pilot, runner, clock, "summing_up")
        await press(pilot, "a", *"Call the council", "enter")
        assert [a["text"] for a in record_of(data)["actions"]] == ["Call the council"]
        await press(pilot, "x")
        assert isinstance(app.screen, Confirm)
        assert "Call the council" in drawn(app)
        await press(pilot, "n")  # keep it
        assert [a["text"] for a in record_of(data)["actions"]] == ["Call the council"]
        await press(pilot, "x")
        await press(pilot, "escape")  # keep it too
        assert len(record_of(data)["actions"]) == 1
        await press(pilot, "x", "y")
        assert record_of(data)["actions"] == []

    run(app, runner, (80, 24), scenario)


def test_an_insight_is_edited_and_removed_like_an_action(set_file: SetFile, tmp_path: Path) -> None:
    data, clock = tmp_path / "data", FakeClock()
    runner, app = open_app(set_file, data, clock)

    def insights() -> list[str]:
        turns = record_of(data)["turns"]
        return [i for t in turns if t["presenter"] == "Aled" for i in t["insights"]]

    async def scenario(pilot: Any) -> None:
        await to_step(pilot, runner, clock, "summing_up")
        await press(pilot, "a", *"Ring Bethan", "enter")
        await press(pilot, "i", *"I avoid the hard call", "enter")
        assert insights() == ["I avoid the hard call"]
        await press(pilot, "down", "enter")  # the insight, under the action
        assert isinstance(app.screen, TextForm)
        await press(pilot, *" first", "enter")
        assert insights() == ["I avoid the hard call first"]
        assert "insight: I avoid the hard call first" in drawn(app)
        await press(pilot, "x")
        assert isinstance(app.screen, Confirm)
        await press(pilot, "y")
        assert insights() == []
        assert [a["text"] for a in record_of(data)["actions"]] == ["Ring Bethan"]

    run(app, runner, (80, 24), scenario)


def test_a_learning_is_edited_and_removed(set_file: SetFile, tmp_path: Path) -> None:
    data, clock = tmp_path / "data", FakeClock()
    runner, app = open_app(set_file, data, clock)

    def learnings() -> list[str]:
        return list(record_of(data)["evaluation"]["learnings"])

    async def scenario(pilot: Any) -> None:
        await to_step(pilot, runner, clock, "evaluation")
        await press(pilot, "l", *"Fewer stories", "enter")
        await press(pilot, "l", *"More silence", "enter")
        assert learnings() == ["Fewer stories", "More silence"]
        await press(pilot, "down", "down", "enter")  # two questions, then the first learning
        assert isinstance(app.screen, TextForm)
        await press(pilot, *", more questions", "enter")
        assert learnings() == ["Fewer stories, more questions", "More silence"]
        await press(pilot, "up", "x")  # on a question, x removes nothing
        assert not isinstance(app.screen, Confirm)
        await press(pilot, "down", "down", "x", "y")
        assert learnings() == ["Fewer stories, more questions"]

    run(app, runner, (80, 24), scenario)


# --- the palette's screenshot -----------------------------------------------------------


def test_the_palette_screenshot_is_saved_0600_in_the_current_folder(
    set_file: SetFile, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    runner, app = open_app(set_file, tmp_path / "data", FakeClock())

    async def scenario(pilot: Any) -> None:
        commands = {c.title: c for c in app.get_system_commands(app.screen)}
        assert "Screenshot" in commands
        commands["Screenshot"].callback()
        await pilot.pause()
        saved = list(here.glob("alfacil-*.svg"))
        assert len(saved) == 1
        assert stat.S_IMODE(os.stat(saved[0]).st_mode) == 0o600
        assert saved[0].read_text().startswith("<svg")
        toasts = [n.message for n in app._notifications]
        assert any(str(saved[0]) in message for message in toasts), toasts
        # an unwritable current folder: the data folder's parent instead
        monkeypatch.setattr(Path, "cwd", lambda: tmp_path / "gone")
        commands["Screenshot"].callback()
        await pilot.pause()
        beside = list(tmp_path.glob("alfacil-*.svg"))
        assert len(beside) == 1 and stat.S_IMODE(os.stat(beside[0]).st_mode) == 0o600

    run(app, runner, (80, 24), scenario)

"""Snapshots of the dialogs and lists issue 14 changed, at 80x24 and 60x20: the
resume question (three stacked buttons), x asking, a long evaluation question that
wraps, the palette's record details, the help's hanging lines, the check-in list
scrolled to an eighth member, and the ground rules of a set with seven.

Regenerate after a deliberate change with ``pytest tests/tui/test_dialog_snapshots.py
--snapshot-update`` and read the SVGs in ``__snapshots__/`` before committing.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.pilot import Pilot

from alfacil.config import load_set
from alfacil.tui.app import AlfacilApp
from alfacil.tui.screens.modals import Confirm, Details, Help, RatingsForm, ResumeChoice

from .test_snapshots import SET_ID, SET_TEXT, Scene, SnapCompare

SIZES = [
    pytest.param((80, 24), id="80x24"),
    pytest.param((60, 20), id="60x20"),
]

#: The snapshot set, with eight members, seven ground rules and a long question.
BIG_TEXT = (
    SET_TEXT.replace(
        '[[members]]\nname = "Gareth"\n',
        '[[members]]\nname = "Gareth"\n[[members]]\nname = "Hywel"\n[[members]]\nname = "Iolo"\n',
    )
    .replace(
        '  "Phones away",\n',
        '  "Phones away",\n  "Start and finish on time, every time we meet",\n'
        '  "Speak for yourself",\n',
    )
    .replace(
        '"How useful was today for you?"',
        "\"How well did today's questioning help each presenter see their problem from "
        'an angle they had not considered before?"',
    )
)


@pytest.fixture
def scene(tmp_path: Path) -> Iterator[Scene]:
    made = Scene(tmp_path)
    path = tmp_path / "set.toml"
    path.write_text(BIG_TEXT)
    made.set_file = load_set(path)
    try:
        yield made
    finally:
        made.close()


@pytest.mark.parametrize("size", SIZES)
def test_checkin_scrolled_to_the_eighth(
    snap_compare: SnapCompare, scene: Scene, size: tuple[int, int]
) -> None:
    """Eight members: the list scrolls, the eighth highlighted and shown."""

    async def run_before(pilot: Pilot[int]) -> None:
        await pilot.pause()
        await pilot.press(*["down"] * 7)
        await pilot.pause()

    assert snap_compare(scene.app(), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_seven_ground_rules(snap_compare: SnapCompare, scene: Scene, size: tuple[int, int]) -> None:
    """Seven rules: all of them, wrapped under their words, or how many more."""

    async def run_before(pilot: Pilot[int]) -> None:
        await scene.to_step(pilot, "ground_rules")

    assert snap_compare(scene.app(), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_resume_question(snap_compare: SnapCompare, scene: Scene, size: tuple[int, int]) -> None:
    """Resume, end it and start new, or leave: three buttons, one under another."""
    scene.unfinished_session()

    async def run_before(pilot: Pilot[int]) -> None:
        await pilot.pause()
        assert isinstance(pilot.app.screen, ResumeChoice)

    assert snap_compare(scene.app(), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_x_asks(snap_compare: SnapCompare, scene: Scene, size: tuple[int, int]) -> None:
    """x on an action: the action quoted, Remove (y) or Keep it (n)."""

    async def run_before(pilot: Pilot[int]) -> None:
        await scene.to_step(pilot, "summing_up")
        await pilot.press("a", *"Talk to the board about the housing budget", "enter")
        await pilot.pause()
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(pilot.app.screen, Confirm)

    assert snap_compare(scene.app(), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_long_question_wraps(
    snap_compare: SnapCompare, scene: Scene, size: tuple[int, int]
) -> None:
    """The ratings form of a long question: wrapped at its words."""

    async def run_before(pilot: Pilot[int]) -> None:
        await scene.to_step(pilot, "evaluation")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(pilot.app.screen, RatingsForm)

    assert snap_compare(scene.app(), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_record_details(snap_compare: SnapCompare, scene: Scene, size: tuple[int, int]) -> None:
    """The palette's "The record and attendance": for the facilitator, at the close."""

    async def run_before(pilot: Pilot[int]) -> None:
        app = pilot.app
        assert isinstance(app, AlfacilApp)
        shown = Path(f"~/alfacil/{SET_ID}/sessions/20261127T140000Z.json")
        app.runner.record_file = lambda: shown  # type: ignore[method-assign]
        await pilot.press("down", "enter")  # Bethan: apologies
        await scene.to_step(pilot, "close")
        app.action_record_details()
        await pilot.pause()
        assert isinstance(app.screen, Details)

    assert snap_compare(scene.app(), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_help_hangs(snap_compare: SnapCompare, scene: Scene, size: tuple[int, int]) -> None:
    """The help: long descriptions wrap under themselves, not under the keys."""

    async def run_before(pilot: Pilot[int]) -> None:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(pilot.app.screen, Help)

    assert snap_compare(scene.app(), terminal_size=size, run_before=run_before)

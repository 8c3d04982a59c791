"""The console and the members' display in Welsh, and bilingual (``cy+en``).

Every phase of an action-learning session (and a break) is drawn in Welsh and in the
bilingual mode at 80x24 and 160x48, over the same frozen scenes as
``test_snapshots.py``; the members' display in Welsh at 80x24. The language is chosen
in a fixture, after every module was imported (as ``--lang`` does in a real run), and
English is restored afterwards so the other tests stay English.

Regenerate after a deliberate change with ``pytest tests/tui/test_welsh.py
--snapshot-update`` (the Welsh catalog must be compiled: ``python scripts/i18n.py
update``) and look at the SVGs.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path

import pytest
from rich.text import Text
from textual.pilot import Pilot

from alfacil import i18n
from alfacil.clock import FakeClock
from alfacil.frames import Frame, OtherData
from alfacil.i18n import _
from alfacil.tui.app import AlfacilApp
from alfacil.tui.screens.modals import ActionForm, Help, RatingsForm
from alfacil.tui.screens.session import SessionScreen
from alfacil.tui.widgets.chrome import footer_text, header_left, rule_text

from .conftest import open_app, write_set
from .test_console import screen_text
from .test_display_snapshots import Room
from .test_display_snapshots import SnapCompare as DisplaySnapCompare
from .test_snapshots import SET_ID, SIZES, START, Scene, SnapCompare


@pytest.fixture
def language(request: pytest.FixtureRequest) -> Iterator[i18n.Language]:
    """Speak ``request.param`` for one test, then English again."""
    chosen: i18n.Language = request.param
    i18n.use(chosen)
    try:
        yield chosen
    finally:
        i18n.use("en")


@pytest.fixture
def welsh_scene(language: i18n.Language, tmp_path: Path) -> Iterator[Scene]:
    """The snapshots' scene, made once the language is chosen (the session's step
    titles are written in the run's language when it starts)."""
    made = Scene(tmp_path)
    try:
        yield made
    finally:
        made.close()


Steps = Callable[[Scene, Pilot[int]], Awaitable[None]]


async def _checkin(scene: Scene, pilot: Pilot[int]) -> None:
    await scene.to_step(pilot, "checkin")
    await scene.spend(pilot, 75)


async def _ground_rules(scene: Scene, pilot: Pilot[int]) -> None:
    await scene.to_step(pilot, "ground_rules")
    await scene.spend(pilot, 40)
    await pilot.press("space")  # paused: the Welsh word for it
    await pilot.pause()


async def _updates(scene: Scene, pilot: Pilot[int]) -> None:
    await scene.to_step(pilot, "updates", "Carys")
    await scene.spend(pilot, 50)
    await pilot.press("enter")  # the first action: partly, with a note
    await pilot.pause()
    await pilot.press("down", "enter", "tab", *"rang twice", "enter")
    await pilot.pause()
    assert isinstance(pilot.app.screen, SessionScreen)


async def _presenting(scene: Scene, pilot: Pilot[int]) -> None:
    await scene.to_step(pilot, "presenting")
    await scene.spend(pilot, 11 * 60 + 30)  # over time


async def _questioning(scene: Scene, pilot: Pilot[int]) -> None:
    await scene.to_step(pilot, "questioning")
    await scene.spend(pilot, 400)
    await pilot.press("2", "2", "3", "5", "exclamation_mark")
    await pilot.pause()


async def _summing_up(scene: Scene, pilot: Pilot[int]) -> None:
    await scene.to_step(pilot, "summing_up")
    await scene.spend(pilot, 90)
    await pilot.press("a")
    await pilot.pause()
    assert isinstance(pilot.app.screen, ActionForm)
    await pilot.press(*"Siarad efo'r bwrdd", "tab", *"2026-12-11", "enter")
    await pilot.pause()
    assert isinstance(pilot.app.screen, SessionScreen)


async def _break(scene: Scene, pilot: Pilot[int]) -> None:
    await scene.to_step(pilot, "summing_up")
    await scene.spend(pilot, 200)
    await pilot.press("b")
    await pilot.pause()
    await scene.to_step(pilot, "break")
    await scene.spend(pilot, 125)


async def _evaluation(scene: Scene, pilot: Pilot[int]) -> None:
    await scene.to_step(pilot, "evaluation")
    await scene.spend(pilot, 100)
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(pilot.app.screen, RatingsForm)
    await pilot.press(*"4 5 3 4 5 4", "enter")
    await pilot.pause()


async def _close(scene: Scene, pilot: Pilot[int]) -> None:
    app = pilot.app
    assert isinstance(app, AlfacilApp)
    shown = Path(f"~/alfacil/{SET_ID}/sessions/20261127T140000Z.json")
    app.runner.record_file = lambda: shown  # type: ignore[method-assign]
    await scene.to_step(pilot, "close")
    await scene.spend(pilot, 30)


PHASES: dict[str, Steps] = {
    "checkin": _checkin,
    "ground_rules": _ground_rules,
    "updates": _updates,
    "presenting": _presenting,
    "questioning": _questioning,
    "summing_up": _summing_up,
    "break": _break,
    "evaluation": _evaluation,
    "close": _close,
}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("phase", list(PHASES))
@pytest.mark.parametrize("language", ["cy", "cy+en"], indirect=True)
def test_every_phase(
    snap_compare: SnapCompare,
    language: i18n.Language,
    welsh_scene: Scene,
    phase: str,
    size: tuple[int, int],
) -> None:
    """Each phase in Welsh (and bilingual: the title and rule in Welsh, then English)."""
    if phase == "updates":
        welsh_scene.previous_session()

    async def run_before(pilot: Pilot[int]) -> None:
        await PHASES[phase](welsh_scene, pilot)

    assert snap_compare(welsh_scene.app(), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("language", ["cy"], indirect=True)
def test_help_in_welsh(
    snap_compare: SnapCompare, language: i18n.Language, welsh_scene: Scene
) -> None:
    """The help screen: every key described in Welsh."""

    async def run_before(pilot: Pilot[int]) -> None:
        await welsh_scene.to_step(pilot, "presenting")
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(pilot.app.screen, Help)

    assert snap_compare(welsh_scene.app(), terminal_size=(80, 24), run_before=run_before)


@pytest.mark.parametrize("language", ["cy+en"], indirect=True)
def test_wall_view_bilingual(
    snap_compare: SnapCompare, language: i18n.Language, welsh_scene: Scene
) -> None:
    """The console's wall view (w), bilingual: the countdown still the largest thing."""

    async def run_before(pilot: Pilot[int]) -> None:
        await welsh_scene.to_step(pilot, "questioning")
        await welsh_scene.spend(pilot, 400)
        await pilot.press("w")
        await pilot.pause()

    assert snap_compare(welsh_scene.app(), terminal_size=(80, 24), run_before=run_before)


@pytest.mark.parametrize("language", ["cy", "cy+en"], indirect=True)
def test_members_display_in_welsh(
    snap_compare: DisplaySnapCompare, language: i18n.Language, tmp_path: Path
) -> None:
    """The members' display in Welsh (and bilingual): questioning over time, the
    projected end, the run sheet."""
    room = Room(tmp_path)
    try:
        room.to_step("questioning")
        room.clock.advance(26 * 60)  # over time
        assert snap_compare(room.display(), terminal_size=(80, 24))
    finally:
        room.runner.close()


# --- the words, without pictures -----------------------------------------------------------


@pytest.mark.parametrize("language", ["cy"], indirect=True)
def test_key_descriptions_are_welsh(language: i18n.Language, tmp_path: Path) -> None:
    """The key table, the session screen's bindings (built when the module was imported,
    in English), the help screen and the footer all speak Welsh in a Welsh run."""
    runner, app = open_app(write_set(tmp_path), tmp_path / "data", _clock())

    async def scenario() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, SessionScreen)
            described = {
                b.binding.action: b.binding.description for b in screen.active_bindings.values()
            }
            assert described["next"] == "Nesaf"
            assert described["pause"] == "Oedi/ailgychwyn"
            assert described["curtain"] == "Cuddio"
            footer = footer_text(120).plain
            assert "n Nesaf" in footer and "q Gadael" in footer and "? Cymorth" in footer
            await pilot.press("question_mark")
            await pilot.pause()
            assert isinstance(app.screen, Help)
            shown = screen_text(app)
            assert "oedi neu ailgychwyn y cloc" in shown
            assert "pause or resume the clock" not in shown

    try:
        asyncio.run(scenario())
    finally:
        runner.close()


def test_key_descriptions_are_english_again(tmp_path: Path) -> None:
    """After a Welsh test, a new console is English: nothing stuck to the classes."""
    runner, app = open_app(write_set(tmp_path), tmp_path / "data", _clock())

    async def scenario() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, SessionScreen)
            described = {
                b.binding.action: b.binding.description for b in screen.active_bindings.values()
            }
            assert described["next"] == "Next"
            assert "n Next" in footer_text(120).plain

    try:
        asyncio.run(scenario())
    finally:
        runner.close()


def _frame(title: str, rule: str) -> Frame:
    return Frame(
        key=(0, "break", None),
        kind="break",
        title=title,
        subject=None,
        set_name="Set Dysgu",
        rule=rule,
        guidance="",
        sheet=(),
        panel=OtherData("break"),
    )


@pytest.mark.parametrize("language", ["cy+en"], indirect=True)
def test_bilingual_title_and_rule(language: i18n.Language) -> None:
    """Welsh first, then English: after a slash in the header, under it for the rule.
    A set file's own words have no English and show once, as written."""
    frame = _frame(_("Break"), _("Listen to understand, not to reply."))
    assert header_left(frame).plain.startswith("Egwyl / Break  │  Set Dysgu")
    assert rule_text(frame.rule).plain == (
        "Gwrandewch i ddeall, nid i ateb.\nListen to understand, not to reply."
    )
    own = _frame("Ein seibiant", "Dim ffonau")
    assert header_left(own).plain.startswith("Ein seibiant  │")
    assert rule_text(own.rule) == Text("Dim ffonau", style="bold")


@pytest.mark.parametrize("language", ["cy"], indirect=True)
def test_welsh_alone_shows_no_english(language: i18n.Language) -> None:
    frame = _frame(_("Break"), _("Listen to understand, not to reply."))
    assert header_left(frame).plain.startswith("Egwyl  │")
    assert rule_text(frame.rule).plain == "Gwrandewch i ddeall, nid i ateb."


def _clock() -> FakeClock:
    return FakeClock(start=START, monotonic_start=5000.0)

"""Snapshots of every screen of the console, at 80x24 and at 160x48, clock frozen.

Each test builds its own app over a :class:`FakeClock` with a fixed start, shown in
UTC, so nothing on screen depends on the real time. Time passes only when a test
moves the clock (``Scene.spend``); every step is given a plausible run time so the
run sheet, header and countdown show what a facilitator would see mid-session.

Regenerate after a deliberate change with ``pytest tests/tui/test_snapshots.py
--snapshot-update`` and look at the SVGs in ``__snapshots__/`` before committing.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

import pytest
from textual.pilot import Pilot

from alfacil.clock import FakeClock
from alfacil.config import SetFile, load_set
from alfacil.runner import Runner
from alfacil.tui.app import AlfacilApp, make_app
from alfacil.tui.screens.modals import ActionForm, Curtain, Help, RatingsForm, ResumeChoice
from alfacil.tui.screens.session import SessionScreen

SET_TEXT = """\
name = "Cluster Managers Learning Set"
id = "cluster-managers"
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
[[members]]
name = "Eleri"
[[members]]
name = "Gareth"

[ground_rules]
items = [
  "What is said in the set stays in the set",
  "Listen to understand, not to reply",
  "Questions, not advice",
  "Suspend judgement",
  "Phones away",
]

[timings]
presenting = "10m"
questioning = "25m"

[questioning]
prompts = [
  "What would success look like?",
  "What have you already tried?",
  "Who else has a stake in this?",
]

[evaluation]
questions = ["How useful was today for you?", "How well did we keep to the process?"]
scale = 5
"""

START = datetime(2026, 11, 27, 14, 0, 0, tzinfo=UTC)
SET_ID = "cluster-managers"

SIZES = [
    pytest.param((80, 24), id="80x24"),
    pytest.param((160, 48), id="160x48"),
]

RunBefore = Callable[[Pilot[int]], Awaitable[None]]


class SnapCompare(Protocol):
    def __call__(
        self,
        app: AlfacilApp,
        press: tuple[str, ...] = (),
        terminal_size: tuple[int, int] = (80, 24),
        run_before: RunBefore | None = None,
    ) -> bool: ...


class Scene:
    """A set, a data folder and a frozen clock; ``app()`` opens the console on them."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.data = folder / "data"
        path = folder / "set.toml"
        path.write_text(SET_TEXT)
        self.set_file: SetFile = load_set(path)
        self.clock = FakeClock(start=START, monotonic_start=5000.0)
        self.runner: Runner | None = None

    def previous_session(self) -> None:
        """Last week's session: Aled and Bethan presented; Carys and Dafydd committed."""
        runner = Runner.open(self.set_file, self.data, self.clock)
        try:
            session = runner.start_new()
            now = runner.now()
            session.add_action("Carys", "Call the housing team about the Tŷ Newydd site", now)
            session.add_action("Carys", "Draft the [bold]proposal[/] for the board", now)
            session.add_action("Dafydd", "Ask finance for a budget line", now)
            share = 2 * 3600 / len(session.steps)  # both turns are reached: they presented
            self.clock.advance(share)
            while session.next(runner.now()):
                self.clock.advance(share)
            runner.complete()
        finally:
            runner.close()
        self.clock.advance(7 * 24 * 3600 - 2 * 3600)

    def unfinished_session(self) -> None:
        """A session left in the middle of Aled's questioning, as after a crash."""
        runner = Runner.open(self.set_file, self.data, self.clock)
        try:
            session = runner.start_new()
            for seconds in (300, 180, 600):
                self.clock.advance(seconds)
                session.next(runner.now())
            self.clock.advance(420)
            session.tally_question("Bethan")
            runner.save()
        finally:
            runner.close()
        self.clock.advance(900)

    def app(self) -> AlfacilApp:
        self.runner = Runner.open(self.set_file, self.data, self.clock)
        return make_app(self.runner, "ask", tz=UTC)

    def close(self) -> None:
        if self.runner is not None:
            self.runner.close()

    # --- moving through a session from run_before -------------------------------------

    async def spend(self, pilot: Pilot[int], seconds: float) -> None:
        """Let ``seconds`` pass on the frozen clock and let the console repaint."""
        self.clock.advance(seconds)
        app = pilot.app
        assert isinstance(app, AlfacilApp)
        app.repaint()
        await pilot.pause()

    async def to_step(self, pilot: Pilot[int], kind: str, presenter: str | None = None) -> None:
        """Press ``n`` (each step having run a while) until the step of ``kind`` is on."""
        app = pilot.app
        assert isinstance(app, AlfacilApp)
        await pilot.pause()
        for _ in range(20):
            session = app.runner.session
            assert session is not None
            if session.step.kind == kind and presenter in (None, session.step.subject):
                assert isinstance(app.screen, SessionScreen)
                return
            self.clock.advance(RUN_TIMES.get(session.step.kind, 120))
            await pilot.press("n")
            await pilot.pause()
        raise AssertionError(f"no {kind} step reached")


#: How long each kind of step runs before ``to_step`` presses ``n``: close to plan.
RUN_TIMES = {
    "checkin": 330,
    "ground_rules": 170,
    "updates": 150,
    "presenting": 560,
    "questioning": 1560,
    "summing_up": 290,
    "evaluation": 480,
}


@pytest.fixture
def scene(tmp_path: Path) -> Iterator[Scene]:
    made = Scene(tmp_path)
    try:
        yield made
    finally:
        made.close()


# --- every phase ----------------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES)
def test_checkin(snap_compare: SnapCompare, scene: Scene, size: tuple[int, int]) -> None:
    """Check-in as it opens: everyone present, suggested presenters, plan vs agreed."""

    async def run_before(pilot: Pilot[int]) -> None:
        await scene.to_step(pilot, "checkin")
        await scene.spend(pilot, 75)

    assert snap_compare(scene.app(), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_ground_rules(snap_compare: SnapCompare, scene: Scene, size: tuple[int, int]) -> None:
    """The set's rules, large, with the countdown."""

    async def run_before(pilot: Pilot[int]) -> None:
        await scene.to_step(pilot, "ground_rules")
        await scene.spend(pilot, 40)

    assert snap_compare(scene.app(), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_updates(snap_compare: SnapCompare, scene: Scene, size: tuple[int, int]) -> None:
    """Carys reports back on last week's actions; one already has a status."""
    scene.previous_session()

    async def run_before(pilot: Pilot[int]) -> None:
        await scene.to_step(pilot, "updates", "Carys")
        await scene.spend(pilot, 50)
        app = pilot.app
        assert isinstance(app, AlfacilApp)
        await pilot.press("enter")  # the first action: partly, with a note
        await pilot.pause()
        await pilot.press("down", "enter", "tab", *"rang twice", "enter")
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)

    assert snap_compare(scene.app(), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_presenting(snap_compare: SnapCompare, scene: Scene, size: tuple[int, int]) -> None:
    """The first presenter speaks: "listen to understand, not to reply"."""

    async def run_before(pilot: Pilot[int]) -> None:
        await scene.to_step(pilot, "presenting")
        await scene.spend(pilot, 125)

    assert snap_compare(scene.app(), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_questioning(snap_compare: SnapCompare, scene: Scene, size: tuple[int, int]) -> None:
    """Questioning with a tally per supporter and the advice reminder showing."""

    async def run_before(pilot: Pilot[int]) -> None:
        await scene.to_step(pilot, "questioning")
        await scene.spend(pilot, 400)
        await pilot.press("2", "2", "3", "5", "2", "4", "5", "exclamation_mark")  # Aled is 1
        await pilot.pause()

    assert snap_compare(scene.app(), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_summing_up(snap_compare: SnapCompare, scene: Scene, size: tuple[int, int]) -> None:
    """Summing up with an action added through the form."""

    async def run_before(pilot: Pilot[int]) -> None:
        await scene.to_step(pilot, "summing_up")
        await scene.spend(pilot, 90)
        app = pilot.app
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, ActionForm)
        await pilot.press(*"Talk to the board about the pilot", "tab", *"2026-12-11", "enter")
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)

    assert snap_compare(scene.app(), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_evaluation(snap_compare: SnapCompare, scene: Scene, size: tuple[int, int]) -> None:
    """Evaluation with the first question rated by the six present."""

    async def run_before(pilot: Pilot[int]) -> None:
        await scene.to_step(pilot, "evaluation")
        await scene.spend(pilot, 100)
        app = pilot.app
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, RatingsForm)
        await pilot.press(*"4 5 3 4 5 4", "enter")
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)

    assert snap_compare(scene.app(), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_close(snap_compare: SnapCompare, scene: Scene, size: tuple[int, int]) -> None:
    """The close: actions by owner, planned against actual, attendance."""

    async def run_before(pilot: Pilot[int]) -> None:
        app = pilot.app
        assert isinstance(app, AlfacilApp) and app.session_screen is not None
        # The record's real path is under this run's tmp_path: show a fixed one.
        shown = Path(f"~/alfacil/{SET_ID}/sessions/20261127T140000Z.json")
        app.runner.record_file = lambda: shown  # type: ignore[method-assign]
        await scene.to_step(pilot, "summing_up")
        await pilot.press("a", *"Talk to the board", "enter")
        await pilot.pause()
        await scene.to_step(pilot, "close")
        await scene.spend(pilot, 30)

    assert snap_compare(scene.app(), terminal_size=size, run_before=run_before)


# --- over the session ---------------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES)
def test_help(snap_compare: SnapCompare, scene: Scene, size: tuple[int, int]) -> None:
    """Every key, over the presenting screen."""

    async def run_before(pilot: Pilot[int]) -> None:
        await scene.to_step(pilot, "presenting")
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(pilot.app.screen, Help)

    assert snap_compare(scene.app(), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_curtain(snap_compare: SnapCompare, scene: Scene, size: tuple[int, int]) -> None:
    """The curtain over a questioning with a tally: nothing of the session shows."""

    async def run_before(pilot: Pilot[int]) -> None:
        await scene.to_step(pilot, "questioning")
        await pilot.press("1", "2", "h")
        await pilot.pause()
        assert isinstance(pilot.app.screen, Curtain)

    assert snap_compare(scene.app(), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_resume_offer(snap_compare: SnapCompare, scene: Scene, size: tuple[int, int]) -> None:
    """An unfinished session is found: resume it, or close it as ended early."""
    scene.unfinished_session()

    async def run_before(pilot: Pilot[int]) -> None:
        await pilot.pause()
        assert isinstance(pilot.app.screen, ResumeChoice)

    assert snap_compare(scene.app(), terminal_size=size, run_before=run_before)


# --- the colours of time -------------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES)
def test_warn(snap_compare: SnapCompare, scene: Scene, size: tuple[int, int]) -> None:
    """Presenting inside its warn mark (4 of 10 minutes left): amber."""

    async def run_before(pilot: Pilot[int]) -> None:
        await scene.to_step(pilot, "presenting")
        await scene.spend(pilot, 7 * 60 + 15)
        app = pilot.app
        assert isinstance(app, AlfacilApp) and app.runner.session is not None
        assert app.runner.session.view(app.runner.now()).level == "warn"

    assert snap_compare(scene.app(), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_overtime(snap_compare: SnapCompare, scene: Scene, size: tuple[int, int]) -> None:
    """Presenting 1m30s over: red, counting up with a +."""

    async def run_before(pilot: Pilot[int]) -> None:
        await scene.to_step(pilot, "presenting")
        await scene.spend(pilot, 11 * 60 + 30)
        app = pilot.app
        assert isinstance(app, AlfacilApp) and app.runner.session is not None
        assert app.runner.session.view(app.runner.now()).level == "overtime"

    assert snap_compare(scene.app(), terminal_size=size, run_before=run_before)


# --- a break and the wall view ----------------------------------------------------------------


def test_break_80x24(snap_compare: SnapCompare, scene: Scene) -> None:
    """A break inserted with b after Aled's summing up: its countdown, when to be back."""

    async def run_before(pilot: Pilot[int]) -> None:
        await scene.to_step(pilot, "summing_up")
        await scene.spend(pilot, 200)
        await pilot.press("b")
        await pilot.pause()
        await scene.to_step(pilot, "break")
        await scene.spend(pilot, 150)

    assert snap_compare(scene.app(), terminal_size=(80, 24), run_before=run_before)


def test_wall_view_80x24(snap_compare: SnapCompare, scene: Scene) -> None:
    """The wall view (w) at questioning: the phase, the presenter, the countdown and
    the rule, and nothing else."""

    async def run_before(pilot: Pilot[int]) -> None:
        await scene.to_step(pilot, "questioning")
        await scene.spend(pilot, 400)
        await pilot.press("2", "3", "w")
        await pilot.pause()

    assert snap_compare(scene.app(), terminal_size=(80, 24), run_before=run_before)

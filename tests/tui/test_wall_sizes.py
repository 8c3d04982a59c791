"""The wall at every size: every step of one session at 40x12, 80x24, 160x48 and
200x60, in the normal view and the wall view, as text snapshots (one app per size and
view, stepping through the session on a FakeClock); the countdown measured on every
step at 80x24; the phase, presenter and rule in big letters at 160x48.

Regenerate after a deliberate change with ``pytest tests/tui/test_wall_sizes.py
--snapshot-update`` and read ``__snapshots__/test_wall_sizes.ambr``.
"""

from __future__ import annotations

import io
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from textual.pilot import Pilot

from alfacil.tui.app import AlfacilApp
from alfacil.tui.glyphs import BLOCK, GLYPH_ROWS, layout_for
from alfacil.tui.screens.session import SessionScreen
from alfacil.tui.widgets.banner import Banner
from alfacil.tui.widgets.bigclock import BigClock

from .test_display import sync
from .test_snapshots import Scene

#: Every kind of step a session of this set has, in order, and how long each has run
#: when it is looked at. The break is inserted with ``b`` during the first summing up.
STEPS = (
    ("checkin", 75),
    ("ground_rules", 40),
    ("updates", 50),
    ("presenting", 125),
    ("questioning", 400),
    ("summing_up", 90),
    ("break", 150),
    ("evaluation", 100),
    ("close", 30),
)
SIZES = [(40, 12), (80, 24), (160, 48), (200, 60)]

Look = Callable[[str, AlfacilApp], Awaitable[None]]


def screen_text(app: AlfacilApp) -> str:
    """The whole screen as plain text, as Textual's own screenshot renders it."""
    width, height = app.size
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        force_terminal=True,
        color_system=None,
        record=True,
        legacy_windows=False,
        safe_box=False,
    )
    console.print(app.screen._compositor.render_update(full=True))
    return "\n".join(row.rstrip() for row in console.export_text().splitlines())


async def walk(scene: Scene, pilot: Pilot[Any], look: Look, wall: bool = False) -> list[str]:
    """Step through the whole session, calling ``look`` at each step of STEPS."""
    app = pilot.app
    assert isinstance(app, AlfacilApp)
    # The record's real path is under this run's tmp_path: show a fixed one.
    shown = Path("~/alfacil/cluster-managers/sessions/20261204T140000Z.json")
    app.runner.record_file = lambda: shown  # type: ignore[method-assign]
    await pilot.pause()
    if wall:
        await pilot.press("w")
    seen: list[str] = []
    for kind, spent in STEPS:
        if kind == "break":
            await pilot.press("b")
            await pilot.pause()
        await scene.to_step(pilot, kind)
        await scene.spend(pilot, spent)
        if kind == "questioning":
            await pilot.press("1", "2", "1", "exclamation_mark")  # the advice reminder too
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        await look(kind, app)
        seen.append(kind)
    return seen


@pytest.fixture
def scene(tmp_path: Path) -> Iterator[Scene]:
    made = Scene(tmp_path)
    made.previous_session()  # so the updates step has actions to report on
    try:
        yield made
    finally:
        made.close()


async def run_walk(scene: Scene, size: tuple[int, int], look: Look, wall: bool = False) -> None:
    app = scene.app()
    async with app.run_test(size=size) as pilot:
        assert [kind for kind, _ in STEPS] == await walk(scene, pilot, look, wall)


@pytest.mark.parametrize("wall", [False, True], ids=["normal", "wall"])
@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
@sync
async def test_every_step_at_every_size(
    scene: Scene, snapshot: Any, size: tuple[int, int], wall: bool
) -> None:
    """Each step's screen, as text: the countdown the largest thing on it."""
    shots: list[str] = []

    async def look(kind: str, app: AlfacilApp) -> None:
        shots.append(f"--- {kind} ---\n{screen_text(app)}")

    await run_walk(scene, size, look, wall)
    assert "\n".join(shots) == snapshot


def digits(app: AlfacilApp) -> tuple[int, int]:
    """Rows and columns the countdown's digits cover, read from what it draws."""
    clock = app.screen.query_one(BigClock)
    rows, _band = clock.picture()
    lit = [y for y, row in enumerate(rows) if BLOCK in row]
    if not lit:
        return 0, 0
    xs = [x for row in rows for x, ch in enumerate(row) if ch == BLOCK]
    return lit[-1] - lit[0] + 1, max(xs) - min(xs) + 1


@pytest.mark.parametrize("wall", [False, True], ids=["normal", "wall"])
@sync
async def test_the_digits_are_ten_rows_tall_at_80x24_on_every_step(
    scene: Scene, wall: bool
) -> None:
    measured: dict[str, tuple[int, int]] = {}

    async def look(kind: str, app: AlfacilApp) -> None:
        measured[kind] = digits(app)
        clock = app.screen.query_one(BigClock)
        layout = layout_for(clock.face(), *clock.size)
        assert layout is not None, kind
        assert measured[kind][0] == GLYPH_ROWS * layout.scale[1]

    await run_walk(scene, (80, 24), look, wall)
    assert measured.keys() == {kind for kind, _ in STEPS}
    for kind, (rows, columns) in measured.items():
        assert rows >= 10, (kind, rows)
        assert columns >= 40, (kind, columns)


@sync
async def test_overtime_keeps_the_digits_height(scene: Scene) -> None:
    """25 rows do not become 20 when a ``+`` comes in front at 160x48."""
    app = scene.app()
    async with app.run_test(size=(160, 48)) as pilot:
        await scene.to_step(pilot, "presenting")
        await scene.spend(pilot, 60)
        before = digits(app)
        await scene.spend(pilot, 11 * 60)
        assert app.screen.query_one(BigClock).value.startswith("+")
        after = digits(app)
        assert after[0] == before[0] >= 20


@sync
async def test_phase_presenter_and_rule_in_big_letters_at_160x48(scene: Scene) -> None:
    app = scene.app()
    async with app.run_test(size=(160, 48)) as pilot:
        await scene.to_step(pilot, "questioning")
        await pilot.pause()
        clock_rows = digits(app)[0]
        for name in ("#title-banner", "#wall-rule"):
            banner = app.screen.query_one(name, Banner)
            drawn = banner.drawn()
            assert banner.display and drawn is not None, name
            assert 3 <= len([r for r in drawn if r.strip()]) < clock_rows
        title = app.screen.query_one("#title-banner", Banner)
        assert title.text == "Questioning · Carys"
        assert "▀█▀" in "".join(title.drawn() or ())  # the T of QUESTIONING, drawn


@sync
async def test_below_110_columns_the_side_panel_folds_and_s_shows_the_run_sheet(
    scene: Scene,
) -> None:

    from alfacil.tui.screens.sheet import RunSheet

    app = scene.app()
    async with app.run_test(size=(109, 30)) as pilot:
        await scene.to_step(pilot, "presenting")
        screen = app.screen
        assert not screen.query_one("#side").display
        rule = screen.query_one("#wall-rule", Banner)
        assert rule.display and rule.size.height == 1 and rule.drawn() is None
        assert "Listen to understand, not to reply." in screen_text(app).splitlines()[-3:][0]
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, RunSheet)
        sheet = screen_text(app)
        assert "▶ Presenting · Carys" in sheet and "Evaluation" in sheet
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        await pilot.resize_terminal(110, 30)
        await pilot.pause()
        assert screen.query_one("#side").display and not rule.display

"""Every state of the clock without relying on colour: normal, warn (an inverse band),
paused (PAUSED in big letters), zero (TIME) and over time (a steady +), snapshotted
with NO_COLOR and in both contrast themes; and the clock's colours per theme, where
over time is never the faintest of the three."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.color import Color
from textual.pilot import Pilot

from alfacil.tui.app import AlfacilApp
from alfacil.tui.glyphs import banner
from alfacil.tui.themes import ALL_THEMES, CLOCK_VARIABLES
from alfacil.tui.widgets.bigclock import BigClock

from .test_display import sync
from .test_snapshots import Scene, SnapCompare

#: Seconds into presenting (10 minutes) for each state, in time order, and the keys
#: pressed there (then pressed again to leave the state).
STATES = {
    "normal": (125, ()),
    "paused": (125, ("space",)),
    "warn": (7 * 60 + 15, ()),
    "zero": (10 * 60 + 3, ()),
    "overtime": (11 * 60 + 30, ()),
}
LOOKS = ["no-color", "high-contrast", "light-contrast"]


@pytest.fixture
def scene(tmp_path: Path) -> Iterator[Scene]:
    made = Scene(tmp_path)
    try:
        yield made
    finally:
        made.close()


def open_in(scene: Scene, look: str, monkeypatch: pytest.MonkeyPatch) -> AlfacilApp:
    if look == "no-color":
        monkeypatch.setenv("NO_COLOR", "1")  # read (and taken) when the app is made
    app = scene.app()
    if look != "no-color":
        app.theme = f"alfacil-{look}"
    return app


@pytest.mark.parametrize("look", LOOKS)
@pytest.mark.parametrize("state", list(STATES))
def test_each_state_has_a_shape(
    snap_compare: SnapCompare,
    scene: Scene,
    monkeypatch: pytest.MonkeyPatch,
    state: str,
    look: str,
) -> None:
    spent, keys = STATES[state]

    async def run_before(pilot: Pilot[int]) -> None:
        await scene.to_step(pilot, "presenting")
        await scene.spend(pilot, spent)
        if keys:
            await pilot.press(*keys)
            await pilot.pause()

    app = open_in(scene, look, monkeypatch)
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


@sync
async def test_the_shapes_are_in_the_drawing(scene: Scene) -> None:
    """What each state draws, read from the clock itself (no colour involved)."""
    app = scene.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await scene.to_step(pilot, "presenting")
        clock = app.screen.query_one(BigClock)
        shapes: dict[str, tuple[tuple[str, ...], range]] = {}
        before = 0
        for state, (spent, keys) in STATES.items():
            await scene.spend(pilot, spent - before)
            before = spent
            await pilot.press(*keys)
            await pilot.pause()
            shapes[state] = clock.picture()
            if keys:
                await pilot.press(*keys)  # resume
                await pilot.pause()
        assert not shapes["normal"][1]  # no band
        rows, band = shapes["warn"]
        lit = [y for y, row in enumerate(rows) if "█" in row]
        assert band.start < lit[0] and band.stop > lit[-1]  # the band holds the digits
        rows, band = shapes["paused"]
        word = banner("PAUSED", clock.size.width, clock.size.height // 3, 4)
        assert not band and word is not None
        assert [r.strip() for r in word] == [r.strip() for r in rows if r.strip()][: len(word)]
        assert clock.face("+00:03") == "TIME" and clock.face("+00:10") == "+00:10"
        assert shapes["zero"][0] != shapes["overtime"][0]
        normal_rows = sum(1 for row in shapes["normal"][0] if "█" in row)
        over_rows = sum(1 for row in shapes["overtime"][0] if "█" in row)
        assert over_rows == normal_rows  # over time does not shrink the digits


def contrast(a: Color, b: Color) -> float:
    """WCAG contrast ratio of two colours."""

    def luminance(c: Color) -> float:
        def channel(v: int) -> float:
            s = v / 255
            return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

        return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b)

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("theme", ALL_THEMES, ids=lambda t: t.name)
def test_over_time_is_never_the_faintest_clock_colour(theme: Any) -> None:
    background = Color.parse(theme.background)
    strength = {
        name: contrast(Color.parse(theme.variables[name]), background) for name in CLOCK_VARIABLES
    }
    assert strength["clock-overtime"] > min(strength.values()), strength
    assert min(strength.values()) >= 4.5, strength  # each readable on its background


@sync
async def test_the_light_theme_is_reached_from_the_palette_and_the_set(
    scene: Scene,
) -> None:
    app = scene.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Light high-contrast theme" in titles
        app.action_light_contrast()
        await pilot.pause()
        assert app.theme == "alfacil-light-contrast" and not app.current_theme.dark
        clock = app.screen.query_one(BigClock)
        assert clock.rich_style.color is not None
        assert clock.rich_style.color.triplet is not None
        assert clock.rich_style.color.triplet.hex.upper() == "#00703A"
        app.action_light_contrast()
        assert app.theme == "alfacil"

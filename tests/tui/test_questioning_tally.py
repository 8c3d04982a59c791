"""The question tally shows every supporter at 80x24.

The panel under the clock has a third of the height (seven rows at 80x24), and the
tally was one supporter a line: with five supporters the hint and the advice count
fell off the bottom, with seven two supporters did, their questions counted unseen.
Past three supporters the tally now flows into columns (on a tall screen, past nine).
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from rich.cells import cell_len

from alfacil.clock import FakeClock
from alfacil.tui.widgets.panels import TALLY_ROWS, tally_text

from .conftest import SIX, open_app, write_set
from .test_wall_sizes import screen_text

NAMES = ["Aled", "Bethan", "Carys", "Dafydd", "Eleri", "Gareth", "Heledd", "Ifan"]


def eight() -> str:
    head, _members, tail = SIX.partition('[[members]]\nname = "Aled"')
    members = "".join(f'[[members]]\nname = "{n}"\n' for n in NAMES)
    rest = tail.split("\n[questioning]", 1)[1]
    return head.format(extra="") + members + "\n[questioning]" + rest


@pytest.mark.parametrize("present", [4, 6, 8])
def test_every_supporter_and_the_hint_are_on_the_screen_at_80x24(
    tmp_path: Path, present: int
) -> None:
    set_file = write_set(tmp_path, text=eight())
    runner, app = open_app(set_file, tmp_path / "data", FakeClock())

    async def scenario() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            session = runner.session
            assert session is not None
            for name in NAMES[present:]:
                session.set_attendance(name, "apologies")
            while session.step.kind != "questioning":
                await pilot.press("n")
            await pilot.press(*"12345678", "exclamation_mark")
            await pilot.pause(0.1)
            shown = screen_text(app)
            presenter = session.step.subject
            for name in NAMES[:present]:
                if name != presenter:
                    assert name in shown, (name, shown)
            assert "advice reminders: 1" in shown, shown
            assert "count a question" in shown, shown

    try:
        asyncio.run(scenario())
    finally:
        runner.close()


@pytest.mark.parametrize("width", [36, 56, 76, 120])
@pytest.mark.parametrize("count", [1, 3, 4, 7, 9])
def test_the_tally_fits_its_width_and_names_everyone(width: int, count: int) -> None:
    keyed = [(i + 1, NAMES[i % len(NAMES)] + "x" * i, i) for i in range(count)]
    text = tally_text(keyed, width, TALLY_ROWS)
    lines = text.plain.split("\n")
    for number, name, _count in keyed:
        assert f"{number} {name}" in text.plain
    if count <= TALLY_ROWS:
        assert len(lines) == count  # one column, as before
    elif width >= 76:  # three columns of the longest name fit in 80 columns
        assert len(lines) <= TALLY_ROWS, lines
    if len(lines) < count:  # columns: none wider than the panel
        assert all(cell_len(line) <= width for line in lines), lines


@pytest.mark.parametrize("size", [(80, 24), (120, 30)])
def test_the_rule_is_said_once_on_the_questioning_screen(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    """The step's rule has its place (the side panel, or under the clock once the side
    panel folds away); the panel under the clock gave it again before its example, so
    the wall said "Open questions, not advice." twice, three times with a reminder."""
    set_file = write_set(tmp_path)
    runner, app = open_app(set_file, tmp_path / "data", FakeClock())

    async def scenario() -> None:
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            session = runner.session
            assert session is not None
            while session.step.kind != "questioning":
                await pilot.press("n")
            await pilot.pause(0.1)
            shown = screen_text(app)
            assert shown.count("Open questions, not advice.") == 1, shown
            assert "For example:" in shown, shown

    try:
        asyncio.run(scenario())
    finally:
        runner.close()

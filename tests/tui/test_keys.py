"""One key table: the bindings, the help screen, the footer and the palette are all
derived from ``tui/keys.py``; each list is read back from where it is shown and
compared with the table."""

from __future__ import annotations

import asyncio
from pathlib import Path

from textual.app import App
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import OptionList, Static

from alfacil.clock import FakeClock
from alfacil.config import SetFile
from alfacil.tui.keys import KEYS, Where, action_name, footer_items, help_rows, of
from alfacil.tui.screens.curtain import Curtain
from alfacil.tui.screens.modals import Help
from alfacil.tui.screens.session import SessionScreen
from alfacil.tui.widgets.chrome import footer_text
from alfacil.tui.widgets.panels import ActionList, MemberList, QuestionList, UpdateList

from .conftest import open_app

PLACES: dict[Where, type[object]] = {
    "screen": SessionScreen,
    "members": MemberList,
    "actions": ActionList,
    "updates": UpdateList,
    "questions": QuestionList,
}


def bound(owner: type[object]) -> list[tuple[str, str]]:
    bindings = owner.BINDINGS  # type: ignore[attr-defined]
    return [(b.key, b.action) for b in bindings if isinstance(b, Binding)]


def test_every_place_binds_exactly_its_keys_from_the_table() -> None:
    for where, owner in PLACES.items():
        assert bound(owner) == [(k.keys, k.action) for k in of(where)], where
        for key in of(where):
            assert hasattr(owner, f"action_{action_name(key)}"), (where, key.action)
    # Textual's own: the lists' arrows and Enter, the forms' Tab, the palette's ctrl+p.
    option_keys = {b.key for b in OptionList.BINDINGS if isinstance(b, Binding)}
    for key in of("builtin"):
        if key.keys in ("up,down", "enter"):
            assert set(key.keys.split(",")) <= {k for ks in option_keys for k in ks.split(",")}
    assert App.COMMAND_PALETTE_BINDING == "ctrl+p"
    assert any(b.key == "tab" for b in Screen.BINDINGS if isinstance(b, Binding))
    # The curtain lifts with the table's curtain key.
    curtain = next(k for k in KEYS if k.action == "curtain")
    assert [b.key for b in Curtain.BINDINGS if isinstance(b, Binding)] == [curtain.keys]


def test_every_key_has_a_help_row_and_the_footer_is_the_tables() -> None:
    shown = {row[0] for row in help_rows()}
    for key in KEYS:
        if key.keys and key.where != "app":
            # Each key is in the help, on its own row or on the row of its pair.
            assert key.shown in shown or key.keys in {
                "minus",
                "right_square_bracket",
                *(str(i) for i in range(2, 10)),
            }, key
    footer = footer_text(200).plain
    places = [footer.index(f"{key} {label}") for key, label in footer_items()]
    assert places == sorted(places)
    assert [k for k, _ in footer_items()] == ["n", "p", "space", "+ -", "a", "h", "?", "q"]


def test_help_and_palette_show_the_table_once_each(set_file: SetFile, tmp_path: Path) -> None:
    runner, app = open_app(set_file, tmp_path / "data", FakeClock())

    async def scenario() -> None:
        async with app.run_test(size=(160, 48)) as pilot:
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, SessionScreen)
            titles = [c.title for c in app.get_system_commands(screen)]
            assert len(titles) == len(set(titles)), titles  # one entry per action
            ours = [k.palette[0] for k in KEYS if k.palette is not None]
            applies = [
                k.palette[0]
                for k in KEYS
                if k.palette is not None
                and (k.where == "app" or screen.check_action(action_name(k), ()))
            ]
            assert [t for t in titles if t in ours] == applies
            assert "Advice reminder" in ours and "Advice reminder" not in applies  # check-in
            await pilot.press("question_mark")
            await pilot.pause()
            assert isinstance(app.screen, Help)
            text = "\n".join(str(w.content) for w in app.screen.query(Static))
            rows = [line.strip() for line in text.splitlines() if line.strip()]
            for key, what in help_rows():
                if key:
                    assert f"{key}  {what}" in rows, (key, what)

    try:
        asyncio.run(scenario())
    finally:
        runner.close()

"""Row 38: with the wall view (``w``) or the members' view (``d``) on, no key opens a
form or draws private words.

``a`` opened the new-action form over the wall view: the action was typed where the
whole room reads it, though the wall is for the members and actions being typed are
the facilitator's (the members' view already refused it). The class: in either view,
at every step of a session that has earlier actions to report on, every key of the
key table (and the keys of the lists) is pressed; after each, the screen holds no
input field and none of the session's private words, and a dialog it opened is
closed again with Escape before the next key.
"""

from __future__ import annotations

import asyncio
from datetime import UTC
from pathlib import Path

import pytest
from textual.widget import Widget
from textual.widgets import Input, OptionList, Static

from alfacil.clock import FakeClock
from alfacil.config import SetFile
from alfacil.runner import Runner
from alfacil.tui.app import AlfacilApp, make_app
from alfacil.tui.keys import KEYS
from alfacil.tui.screens.modals import Finished
from alfacil.tui.screens.session import SessionScreen

from .conftest import Tally, open_runner

pytestmark = pytest.mark.row(38)

EARLIER = "Ring the housing team"  # an earlier action: its update is private
INSIGHT = "I avoid the hard talk"
LEARNING = "Shorter check-in"
PRIVATE = (EARLIER, INSIGHT, LEARNING, "not rated", "apologies", "presents 1", ".json")

# One key for each action of the key table (and of the lists), but the ones that move
# the session on or leave it (n, p and q: the scenario presses n) and b (a break at
# every step would never end).
SKIP = {"next", "step_back", "quit", "insert_break", "command_palette", "cursor", "focus_next"}


def _keys() -> list[str]:
    keys: dict[str, str] = {}
    for key in KEYS:
        name = key.action.split("(", 1)[0]
        if key.keys and name not in SKIP:
            keys.setdefault(f"{name}{key.where}", key.keys.split(",")[0])
    return list(keys.values())


def _shown(widget: Widget) -> bool:
    """Drawn: neither it nor a container around it is hidden (``display: none``)."""
    return all(node.display for node in widget.ancestors_with_self if isinstance(node, Widget))


def drawn(app: AlfacilApp) -> str:
    """Every line the terminal shows now, screen and toasts, as plain text."""
    parts = [str(w.render()) for w in app.screen.query(Static) if _shown(w)]
    for options in app.screen.query(OptionList):
        if _shown(options):
            parts.extend(
                str(options.get_option_at_index(i).prompt) for i in range(options.option_count)
            )
    parts.extend(str(n.message) for n in app._notifications)
    return "\n".join(parts)


def _earlier_session(set_file: SetFile, data_dir: Path, clock: FakeClock) -> None:
    runner = open_runner(set_file, data_dir, clock)
    try:
        session = runner.start_new()
        session.add_action("Aled", EARLIER, runner.now())
        clock.advance(3600)
        runner.complete()
    finally:
        runner.close()
    clock.advance(7 * 24 * 3600)


@pytest.mark.parametrize("view", ["w", "d"], ids=["wall", "members"])
def test_no_key_opens_a_form_or_shows_private_words(
    view: str, set_file: SetFile, data_dir: Path, clock: FakeClock, tally: Tally
) -> None:
    _earlier_session(set_file, data_dir, clock)
    runner = Runner.open(set_file, data_dir, clock)
    app = make_app(runner, "ask", tz=UTC)
    keys = _keys()

    async def scenario() -> None:
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, SessionScreen)
            session = runner.session
            assert session is not None
            session.set_attendance("Carys", "apologies")
            await pilot.press(view)
            await pilot.pause()
            kinds = []
            for _ in range(30):
                kind = session.step.kind
                kinds.append(kind)
                if kind == "summing_up":  # private words typed before the view was on
                    session.add_insight(INSIGHT)
                if kind == "evaluation":
                    session.add_learning(LEARNING)
                for key in keys:
                    await pilot.press(key)
                    tally.add("keys_on_the_wall")
                    assert not app.screen.query(Input), (view, kind, key)
                    if key in ("w", "d"):  # the facilitator turned the view off: back on
                        await pilot.press(key)
                        await pilot.pause()
                    assert screen.has_class("-wall") == (view == "w")
                    assert screen.has_class("-members") == (view == "d")
                    shown = drawn(app)
                    for private in PRIVATE:
                        assert private not in shown, (view, kind, key, private)
                    while app.screen is not screen:  # help, curtain, run sheet...
                        await pilot.press("h" if key == "h" else "escape")
                        await pilot.pause()
                clock.advance(61)
                await pilot.press("n")
                await pilot.pause()
                if isinstance(app.screen, Finished):
                    break
            assert {"checkin", "updates", "summing_up", "evaluation", "close"} <= set(kinds)

    try:
        asyncio.run(scenario())
    finally:
        runner.close()

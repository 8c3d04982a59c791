"""The members' view (set file ``display = "members"``, or ``d``): with one screen on
the wall, nothing private to the facilitator is drawn on it: attendance, update
statuses and notes, actions being typed, insights, ratings, learnings, file paths,
warnings."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from textual.widgets import OptionList, Static

from alfacil.clock import FakeClock
from alfacil.runner import Runner
from alfacil.store import StoreError
from alfacil.tui.app import AlfacilApp
from alfacil.tui.screens.modals import Finished
from alfacil.tui.screens.session import SessionScreen

from .conftest import open_app, write_set


def drawn(app: AlfacilApp) -> str:
    """Every line the terminal shows now, screen and toasts, as plain text."""
    parts = [str(w.render()) for w in app.screen.query(Static) if w.display]
    for options in app.screen.query(OptionList):
        parts.extend(
            str(options.get_option_at_index(i).prompt) for i in range(options.option_count)
        )
    parts.extend(str(n.message) for n in app._notifications)
    return "\n".join(parts)


PRIVATE = (
    "presents 1",  # the attendance list
    "present: ",  # the close's attendance
    "apologies",
    "Presenting today",
    "Call the housing team",  # an action reported on in the updates
    "Talk to the board",  # an action typed in the summing up
    "How useful was today?",  # an evaluation question and its ratings
    "not rated",
    "Could not save",
    "disk is full",
    "sessions",  # any file path of the records
    ".json",
)


def test_nothing_private_is_drawn_in_the_members_view(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    set_file = write_set(tmp_path, extra='display = "members"')
    data = tmp_path / "data"
    clock = FakeClock()
    first = Runner.open(set_file, data, clock)
    try:
        session = first.start_new()
        session.add_action("Aled", "Call the housing team", first.now())
        clock.advance(3600)
        first.complete()
    finally:
        first.close()
    clock.advance(7 * 24 * 3600)
    runner, app = open_app(set_file, data, clock)

    def full(*args: object) -> None:
        raise StoreError("cannot write the records: the disk is full")

    async def scenario() -> None:
        async with app.run_test(size=(160, 48)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, SessionScreen)
            kinds = []
            for _ in range(20):
                session = runner.session
                assert session is not None
                kinds.append(session.step.kind)
                shown = drawn(app)
                for private in PRIVATE:
                    assert private not in shown, (session.step.kind, private)
                assert session.step.title in shown  # the wall still shows where we are
                if session.step.kind == "summing_up":
                    await pilot.press("a")  # no form on the wall
                    await pilot.pause()
                    assert isinstance(app.screen, SessionScreen)
                if session.step.kind == "evaluation":
                    monkeypatch.setattr(runner.store, "save_autosave", full)
                clock.advance(60)
                await pilot.press("n")
                await pilot.pause()
                if isinstance(app.screen, Finished):
                    break
            assert {"checkin", "updates", "summing_up", "evaluation", "close"} <= set(kinds)
            assert isinstance(app.screen, Finished)
            for private in PRIVATE:
                assert private not in drawn(app), private

    try:
        asyncio.run(scenario())
    finally:
        runner.close()


def test_d_and_the_palette_toggle_the_members_view(tmp_path: Path) -> None:
    set_file = write_set(tmp_path)
    runner, app = open_app(set_file, tmp_path / "data", FakeClock())

    async def scenario() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            assert "Presenting today" in drawn(app)
            await pilot.press("d")
            await pilot.pause()
            assert "Presenting today" not in drawn(app) and "presents 1" not in drawn(app)
            assert app.screen.has_class("-members")
            titles = [c.title for c in app.get_system_commands(app.screen)]
            assert "Members' view" in titles and "Add an action" not in titles
            await pilot.press("d")
            await pilot.pause()
            assert "Presenting today" in drawn(app)

    try:
        asyncio.run(scenario())
    finally:
        runner.close()

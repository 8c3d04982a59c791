"""Row 16: quitting (or SIGTERM/SIGHUP) while saves are failing.

The disk fills after check-in. Before the fix, ``q`` then ``y`` said "The session is
saved as it stands" and exited 0, and SIGTERM exited 0, while only the check-in
autosave was on disk. Now: the quit dialog tries once more and, when that fails, says
plainly what is not saved and offers to try again or to write the session to another
folder; leaving unsaved exits 1 with a stderr line naming what was lost. A signal
tries once more and then exits 1 with the same line. Nothing claims "saved" that is
not on disk.
"""

from __future__ import annotations

import asyncio
import errno
import io
import json
from collections.abc import Awaitable, Callable
from datetime import UTC
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static

from alfacil.clock import FakeClock
from alfacil.config import SetFile
from alfacil.records import Autosave
from alfacil.tui.app import AlfacilApp, leave, make_app
from alfacil.tui.screens.modals import ConfirmQuit
from alfacil.tui.screens.session import SessionScreen

from .conftest import open_runner

pytestmark = pytest.mark.row(16)

Scenario = Callable[[Pilot[int], "FullDisk"], Awaitable[None]]


class FullDisk:
    """The autosave's write fails with ENOSPC while ``full``."""

    def __init__(self, app: AlfacilApp, monkeypatch: pytest.MonkeyPatch) -> None:
        self.full = False
        store = app.runner.store
        original = store.save_autosave

        def save_autosave(autosave: Autosave) -> None:
            if self.full:
                raise OSError(errno.ENOSPC, "No space left on device")
            original(autosave)

        monkeypatch.setattr(store, "save_autosave", save_autosave)


def on_disk(data_dir: Path) -> dict[str, Any]:
    saved: dict[str, Any] = json.loads((data_dir / "fault-set" / "autosave.json").read_text())
    return saved


def dialog_text(app: AlfacilApp) -> str:
    return "\n".join(str(w.render()) for w in app.screen.query(Static))


def run(
    set_file: SetFile,
    data_dir: Path,
    clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
    scenario: Scenario,
) -> tuple[AlfacilApp, int, str]:
    """Start, let check-in run a minute, fill the disk, move on, then ``scenario``;
    returns the app, what the console exits with and what it says on stderr."""
    runner = open_runner(set_file, data_dir, clock)
    app = make_app(runner, tz=UTC)
    disk = FullDisk(app, monkeypatch)
    stderr = io.StringIO()

    async def main() -> None:
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            clock.advance(60)
            disk.full = True
            await pilot.press("n")  # to ground rules: this save fails
            await pilot.pause()
            assert runner.save_error is not None
            await scenario(pilot, disk)

    try:
        asyncio.run(main())
        code = leave(app.controller, stderr)
    finally:
        runner.close()
    return app, code, stderr.getvalue()


def test_quit_says_what_is_not_saved_and_exits_non_zero(
    set_file: SetFile, data_dir: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def scenario(pilot: Pilot[int], disk: FullDisk) -> None:
        app = pilot.app
        assert isinstance(app, AlfacilApp)
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmQuit)
        text = dialog_text(app)
        assert "NOT saved" in text and "everything since 14:00:00" in text
        assert "the disk is full" in text
        assert "saved as it stands" not in text
        await pilot.press("y")
        await pilot.pause()

    app, code, stderr = run(set_file, data_dir, clock, monkeypatch, scenario)
    assert app.return_code == 1 and code == 1
    assert stderr.startswith("alfacil: NOT SAVED: everything since 14:00:00 is not saved")
    assert "the disk is full" in stderr
    assert on_disk(data_dir)["current_index"] == 0  # only check-in reached the disk


def test_retry_once_space_returns_saves_and_exits_zero(
    set_file: SetFile, data_dir: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def scenario(pilot: Pilot[int], disk: FullDisk) -> None:
        app = pilot.app
        assert isinstance(app, AlfacilApp)
        await pilot.press("q")
        await pilot.pause()
        assert "NOT saved" in dialog_text(app)
        await pilot.press("r")  # still full: asked again
        await pilot.pause()
        assert isinstance(app.screen, ConfirmQuit) and "NOT saved" in dialog_text(app)
        disk.full = False
        await pilot.press("r")  # space again: saved, so the plain question
        await pilot.pause()
        assert isinstance(app.screen, ConfirmQuit)
        assert "saved as it stands" in dialog_text(app)
        await pilot.press("y")
        await pilot.pause()

    app, code, stderr = run(set_file, data_dir, clock, monkeypatch, scenario)
    assert app.return_code == 0 and code == 0 and stderr == ""
    assert on_disk(data_dir)["current_index"] == 1


def test_the_session_can_be_written_to_another_folder(
    set_file: SetFile,
    data_dir: Path,
    clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    stick = tmp_path / "usb"

    async def scenario(pilot: Pilot[int], disk: FullDisk) -> None:
        app = pilot.app
        assert isinstance(app, AlfacilApp)
        await pilot.press("q")
        await pilot.pause()
        folder = app.screen.query_one("#folder", Input)
        folder.focus()
        folder.value = str(stick)  # as typed; pressing each key of a long path is slow
        await pilot.press("enter")
        await pilot.pause()

    app, code, stderr = run(set_file, data_dir, clock, monkeypatch, scenario)
    assert app.return_code == 1 and code == 1
    copies = list(stick.glob("*.autosave.json"))
    assert len(copies) == 1
    assert json.loads(copies[0].read_text())["current_index"] == 1
    assert f"a copy is in {copies[0]}" in stderr and "NOT SAVED" in stderr


def test_stay_keeps_the_session_going(
    set_file: SetFile, data_dir: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def scenario(pilot: Pilot[int], disk: FullDisk) -> None:
        app = pilot.app
        assert isinstance(app, AlfacilApp)
        await pilot.press("q")
        await pilot.pause()
        await pilot.press("n")  # stay
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        disk.full = False
        await pilot.press("n")  # the next save works and says so
        await pilot.pause()
        assert app.runner.save_error is None
        await pilot.press("q", "y")
        await pilot.pause()

    app, code, stderr = run(set_file, data_dir, clock, monkeypatch, scenario)
    assert app.return_code == 0 and code == 0 and stderr == ""
    assert on_disk(data_dir)["current_index"] == 2


@pytest.mark.parametrize("space_returns", [False, True])
def test_a_signal_tries_once_more_then_exits_non_zero(
    set_file: SetFile,
    data_dir: Path,
    clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
    space_returns: bool,
) -> None:
    async def scenario(pilot: Pilot[int], disk: FullDisk) -> None:
        app = pilot.app
        assert isinstance(app, AlfacilApp)
        disk.full = not space_returns
        app._on_signal()  # what SIGTERM and SIGHUP call
        await pilot.pause()

    app, code, stderr = run(set_file, data_dir, clock, monkeypatch, scenario)
    if space_returns:
        assert (app.return_code, code, stderr) == (0, 0, "")
        assert on_disk(data_dir)["current_index"] == 1
    else:
        assert app.return_code == 1 and code == 1
        assert stderr.startswith("alfacil: NOT SAVED: everything since 14:00:00")
        assert on_disk(data_dir)["current_index"] == 0

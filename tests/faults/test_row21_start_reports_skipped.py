"""Row 21: `start` says which session files it could not read, and loses no action.

An unreadable session file used to vanish silently from `start`: its open actions
were missing from the updates round and from the rebuilt `actions.json`, and nobody
was told. Now `start` lists the files on stderr before the console (as `history`
does), the runner exposes them (``Runner.skipped``), the updates step warns the room
that some earlier actions could not be read, and the ledger keeps what it cannot
derive again: the actions, and the status changes, that the old `actions.json` had
from the unreadable files, through every rebuild, until the file reads again.
"""

from __future__ import annotations

import asyncio
import json
import os
from collections.abc import Callable
from datetime import UTC
from pathlib import Path

import pytest

from alfacil.cli import tell_before_console
from alfacil.clock import FakeClock
from alfacil.config import SetFile
from alfacil.tui.app import make_app
from alfacil.tui.widgets.panels import UpdatesPanel

from .conftest import Tally, crash, open_runner

pytestmark = pytest.mark.row(21)

WEEK = 7 * 24 * 3600


def _two_sessions(set_file: SetFile, data_dir: Path, clock: FakeClock) -> tuple[Path, Path]:
    """A: Aled commits to an action. B: Aled reports 'partly'; Bethan commits."""
    runner = open_runner(set_file, data_dir, clock)
    session = runner.start_new()
    session.add_action("Aled", "Call the depot", runner.now())
    clock.advance(600)
    first = runner.complete()
    runner.close()
    clock.advance(WEEK)
    runner = open_runner(set_file, data_dir, clock)
    session = runner.start_new()
    (aled,) = session.open_actions
    session.record_update(aled.id, "partly", runner.now(), note="rang once")
    session.add_action("Bethan", "Write to the minister", runner.now())
    clock.advance(600)
    second = runner.complete()
    runner.close()
    clock.advance(WEEK)
    return first, second


def _truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[:100])


def _nul(path: Path) -> None:
    path.write_bytes(b"\0" * 64)


def _newer(path: Path) -> None:
    raw = json.loads(path.read_bytes())
    path.write_text(json.dumps(dict(raw, schema_version=99)))


def _fifo(path: Path) -> None:
    path.unlink()
    os.mkfifo(path)


def _hostile_id(path: Path) -> None:
    raw = json.loads(path.read_bytes())
    path.write_text(json.dumps(dict(raw, session_id="../../elsewhere")))


DAMAGE: dict[str, Callable[[Path], None]] = {
    "truncated": _truncate,
    "NUL bytes": _nul,
    "newer schema": _newer,
    "a FIFO": _fifo,
    "a hostile id": _hostile_id,
}


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_the_ledger_keeps_what_it_cannot_derive_again(
    damage: str, set_file: SetFile, data_dir: Path, clock: FakeClock, tally: Tally
) -> None:
    _, second = _two_sessions(set_file, data_dir, clock)
    original = second.read_bytes()
    DAMAGE[damage](second)
    for _ in range(2):  # the updates round of one session, then of the next
        runner = open_runner(set_file, data_dir, clock)
        assert [s.path for s in runner.skipped] == [second]
        session = runner.start_new()
        owners = {a.owner: a for a in session.open_actions}
        assert sorted(owners) == ["Aled", "Bethan"], owners
        assert owners["Bethan"].text == "Write to the minister"
        assert owners["Aled"].status == "partly"  # the change given in B is kept too
        assert "Bethan" in session.update_owners()
        clock.advance(600)
        runner.complete()
        runner.close()
        stored = json.loads(runner.store.paths.ledger.read_bytes())
        texts = sorted(a["text"] for a in stored["actions"])
        assert texts == ["Call the depot", "Write to the minister"]
        clock.advance(WEEK)
    # The file reads again: everything is derived, and nothing is counted twice.
    second.unlink()
    second.write_bytes(original)
    runner = open_runner(set_file, data_dir, clock)
    assert runner.skipped == []
    assert runner.ledger is not None
    texts = sorted(a.text for a in runner.ledger.actions)
    assert texts == ["Call the depot", "Write to the minister"]
    (aled,) = [a for a in runner.ledger.actions if a.owner == "Aled"]
    assert [c.status for c in aled.history] == ["partly"]
    runner.close()
    tally.add("bad_inputs")
    tally.add("records_checked", 3)


def test_start_lists_the_files_before_the_console(
    set_file: SetFile, data_dir: Path, clock: FakeClock, capsys: pytest.CaptureFixture[str]
) -> None:
    _, second = _two_sessions(set_file, data_dir, clock)
    _truncate(second)
    runner = open_runner(set_file, data_dir, clock)
    tell_before_console(runner)
    runner.close()
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith(f"alfacil: skipped: {second}: ") and "not valid JSON" in err[0]
    assert "1 session file could not be read and was left as it is" in err[1]


def test_the_updates_step_warns_the_room(
    set_file: SetFile, data_dir: Path, clock: FakeClock
) -> None:
    _, second = _two_sessions(set_file, data_dir, clock)
    _truncate(second)
    runner = open_runner(set_file, data_dir, clock)
    session = runner.start_new()
    while session.step.kind != "updates":
        clock.advance(60)
        session.next(runner.now())
    runner.save()
    crash(runner)
    runner = open_runner(set_file, data_dir, clock)
    app = make_app(runner, "resume", tz=UTC)

    async def scenario() -> str:
        async with app.run_test(size=(160, 48)) as pilot:
            await pilot.pause()
            panel = app.screen.query_one(UpdatesPanel)
            return str(panel.query_one("#updates-head").render())

    shown = asyncio.run(scenario())
    runner.close()
    assert "1 earlier session file could not be read" in shown, shown

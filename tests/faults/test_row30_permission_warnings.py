"""Row 30: records others can read are warned about wherever they are read.

``history`` and ``migrate`` never warned (only ``start`` did); and for a link, the
advice ``chmod go-rwx PATH`` named the link, which chmod follows: on a link to
``/dev/zero`` it would change ``/dev/zero``. Now ``start``, ``history`` (every view)
and ``migrate`` warn on stderr about every exposed file and folder of the set, a link
is said to be a link to replace with a file, and no advice ever chmods through one.
"""

from __future__ import annotations

import os
import stat
import sys
import types
from pathlib import Path

import pytest

from alfacil import cli
from alfacil.clock import FakeClock
from alfacil.config import SetFile

from .conftest import Tally, open_runner

pytestmark = pytest.mark.row(30)

COMMANDS = {
    "start": ["start", "{set}"],
    "history": ["history", "{set}"],
    "history show": ["history", "show", "last", "{set}"],
    "history actions": ["history", "actions", "{set}"],
    "history members": ["history", "members", "{set}"],
    "history all sets": ["history"],
    "migrate": ["migrate", "{set}"],
    "migrate dry run": ["migrate", "--dry-run", "{set}"],
}


@pytest.fixture
def records(set_file: SetFile, data_dir: Path) -> Path:
    """A set with two sessions on record, every file and folder owner-only."""
    clock = FakeClock()
    for _ in range(2):
        runner = open_runner(set_file, data_dir, clock)
        session = runner.start_new()
        session.add_action("Aled", "Check the budget", runner.now())
        runner.complete()
        runner.close()
        clock.advance(7 * 24 * 3600)
    return data_dir / set_file.config.set_id


def _run(
    command: str,
    set_file: SetFile,
    data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> str:
    fake = types.ModuleType("alfacil.tui.app")
    fake.run_console = lambda runner, mode: 0  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "alfacil.tui.app", fake)
    monkeypatch.setattr(cli, "terminal_problem", lambda: None)
    words = [w.format(set=set_file.path) for w in COMMANDS[command]]
    code = cli.main([*words, "--data-dir", str(data_dir)])
    err = capsys.readouterr().err
    assert code in (0, 3), (command, code, err)
    return err


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_that_reads_records_warns(
    command: str,
    records: Path,
    set_file: SetFile,
    data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tally: Tally,
) -> None:
    assert _run(command, set_file, data_dir, monkeypatch, capsys).count("warning") == 0
    sessions = sorted((records / "sessions").glob("*.json"))
    sessions[0].chmod(0o644)  # one file: named, with the chmod for it
    err = _run(command, set_file, data_dir, monkeypatch, capsys)
    tally.add("bad_inputs")
    path = sessions[0]
    assert f"warning: {path} can be read by others (chmod go-rwx {path} to fix)" in err, (
        command,
        err,
    )
    (records / "sessions").chmod(0o755)  # several: one line for the set's folder
    (records / "actions.json").chmod(0o640)
    err = _run(command, set_file, data_dir, monkeypatch, capsys)
    tally.add("bad_inputs")
    assert (
        f"warning: 3 files and folders under {records} can be read by others "
        f"(chmod -R go-rwx {records} to fix)"
    ) in err, (command, err)
    assert stat.S_IMODE(sessions[0].stat().st_mode) == 0o644  # warned about, not changed


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_link_is_never_advised_a_chmod(
    command: str,
    records: Path,
    set_file: SetFile,
    data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tally: Tally,
) -> None:
    """The ledger and a session file replaced by links: to /dev/zero (0666), and to a
    private file inside the folder. Neither is followed for its mode nor chmodded."""
    target = records / "sessions" / "private.txt"
    target.write_text("x")
    target.chmod(0o600)
    ledger = records / "actions.json"
    ledger.unlink()
    ledger.symlink_to("/dev/zero")
    session = sorted((records / "sessions").glob("*.json"))[0]
    session.unlink()
    session.symlink_to(target)
    zero = stat.S_IMODE(os.stat("/dev/zero").st_mode)
    err = _run(command, set_file, data_dir, monkeypatch, capsys)
    tally.add("bad_inputs")
    for link in (ledger, session):
        assert f"warning: {link} is a link" in err, (command, err)
        assert "Replace the link with a plain file" in err
        assert f"chmod go-rwx {link}" not in err
    assert "chmod" not in err
    assert stat.S_IMODE(os.stat("/dev/zero").st_mode) == zero
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert ledger.is_symlink() and session.is_symlink()  # reported, never replaced

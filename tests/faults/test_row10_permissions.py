"""Row 10: files 0600 and folders 0700 whatever the umask; a 0644 record is warned about."""

from __future__ import annotations

import os
import stat
import sys
import types
from collections.abc import Iterator
from pathlib import Path

import pytest

from alfacil import cli
from alfacil.clock import FakeClock
from alfacil.config import SetFile
from alfacil.runner import Runner

from .conftest import open_runner

pytestmark = pytest.mark.row(10)


@pytest.fixture(params=[0o000, 0o022], ids=["umask000", "umask022"])
def umask(request: pytest.FixtureRequest) -> Iterator[int]:
    old = os.umask(request.param)
    try:
        yield request.param
    finally:
        os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


def test_files_0600_folders_0700_whatever_the_umask(
    umask: int, set_file: SetFile, tmp_path: Path
) -> None:
    data_dir = tmp_path / "fresh" / "data"  # nothing exists yet: alfacil makes it all
    clock = FakeClock()
    runner = open_runner(set_file, data_dir, clock)
    session = runner.start_new()
    session.add_action("Aled", "Check the budget", runner.now())
    runner.complete()
    runner.close()
    clock.advance(3600)
    runner = open_runner(set_file, data_dir, clock)
    runner.start_new()
    assert runner.save() is None
    paths = runner.store.paths
    folders = [tmp_path / "fresh", data_dir, paths.root, paths.sessions]
    files = [paths.lock, paths.autosave, paths.ledger, *paths.sessions.iterdir()]
    assert len(files) == 4
    for folder in folders:
        assert _mode(folder) == 0o700, f"{folder}: {oct(_mode(folder))} under umask {umask:03o}"
    for path in files:
        assert _mode(path) == 0o600, f"{path}: {oct(_mode(path))} under umask {umask:03o}"
    assert runner.store.insecure_files() == []
    runner.close()


@pytest.fixture
def exposed(set_file: SetFile, data_dir: Path) -> tuple[Path, list[Path]]:
    """A set whose first session file and sessions folder others can read."""
    clock = FakeClock()
    runner = open_runner(set_file, data_dir, clock)
    runner.start_new()
    record = runner.complete()
    runner.close()
    record.chmod(0o644)
    record.parent.chmod(0o755)
    return data_dir, [record.parent, record]


def test_an_existing_0644_record_is_reported(
    exposed: tuple[Path, list[Path]], set_file: SetFile
) -> None:
    data_dir, bad = exposed
    runner = open_runner(set_file, data_dir, FakeClock())
    try:
        assert sorted(runner.store.insecure_files()) == sorted(bad)
        assert _mode(bad[1]) == 0o644  # warned about, not changed behind the user's back
    finally:
        runner.close()


def test_alfacil_start_warns_about_a_0644_record(
    exposed: tuple[Path, list[Path]],
    set_file: SetFile,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    data_dir, bad = exposed
    seen: list[Runner] = []

    def run_console(runner: Runner, mode: str) -> int:
        seen.append(runner)
        return 0

    # The console itself is not under test here: what start says before it is.
    fake = types.ModuleType("alfacil.tui.app")
    fake.run_console = run_console  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "alfacil.tui.app", fake)
    monkeypatch.setattr(cli, "terminal_problem", lambda: None)  # pytest has no terminal
    code = cli.main(["start", str(set_file.path), "--data-dir", str(data_dir)])
    assert code == 0 and len(seen) == 1
    err = capsys.readouterr().err
    if len(bad) == 1:
        assert f"warning: {bad[0]} can be read by others" in err, err
    else:  # several: one line for the set's folder (see row 30)
        assert f"warning: {len(bad)} files and folders under " in err, err
        assert "can be read by others (chmod -R go-rwx" in err, err

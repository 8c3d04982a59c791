"""Row 22: a FIFO, socket or folder where a file should be never blocks a command.

``open()`` on a FIFO waits for a writer forever: a FIFO as a session file,
``autosave.json``, ``actions.json`` or the set file hung every command, ``start``
while holding the set's lock. Every read now opens without blocking, checks the open
file with ``fstat`` and refuses anything but a regular file as a bad file: skipped
with its reason (history and migrate exit 3), set aside (the autosave), rebuilt (the
ledger), or a set-file error (exit 2). Each command runs in a subprocess with a
timeout: a hang is a failure, not a stuck suite.
"""

from __future__ import annotations

import os
import socket
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from alfacil.clock import FakeClock
from alfacil.config import SetFile
from alfacil.paths import SetPaths

from .conftest import PYTHON, Tally, open_runner, subprocess_env, write_set

pytestmark = pytest.mark.row(22)

TIMEOUT = 30


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _folder(path: Path) -> None:
    path.mkdir()


def _socket(path: Path) -> Iterator[None]:
    # AF_UNIX names are short (108 bytes): bind by a relative name from its folder.
    here = os.getcwd()
    os.chdir(path.parent)
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.bind(path.name)
    finally:
        os.chdir(here)
    yield
    sock.close()


def _link_to_fifo(path: Path) -> None:
    target = path.with_name(".fifo-target")
    os.mkfifo(target)
    path.symlink_to(target.name)


MAKERS: dict[str, Callable[[Path], object]] = {
    "fifo": _fifo,
    "folder": _folder,
    "socket": _socket,
    "link to a fifo": _link_to_fifo,
}
KIND = {"fifo": "FIFO", "folder": "folder", "socket": "socket", "link to a fifo": "FIFO"}
#: migrate rewrites no link, whatever it points to, and says so first.
MIGRATE_KIND = dict(KIND, **{"link to a fifo": "is a link"})


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(
            [PYTHON, "-m", "alfacil", *args],
            capture_output=True,
            text=True,
            env=subprocess_env(),
            timeout=TIMEOUT,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"alfacil {' '.join(args)} hung for {TIMEOUT}s")


RUNNER = """
import sys
from pathlib import Path
from alfacil.clock import FakeClock
from alfacil.config import load_set
from alfacil.runner import Runner
runner = Runner.open(load_set(Path(sys.argv[1])), Path(sys.argv[2]), FakeClock())
print("skipped", len(runner.loaded.skipped), "aside", runner.set_aside is not None)
runner.start_new()
runner.complete()
runner.close()
print("DONE")
"""


def _runner(set_path: Path, data_dir: Path) -> str:
    """What ``start`` does before and after the console, in a process that may hang."""
    try:
        done = subprocess.run(
            [PYTHON, "-c", RUNNER, str(set_path), str(data_dir)],
            capture_output=True,
            text=True,
            env=subprocess_env(),
            timeout=TIMEOUT,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"the runner hung for {TIMEOUT}s")
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture
def one_session(set_file: SetFile, data_dir: Path, clock: FakeClock) -> SetPaths:
    runner = open_runner(set_file, data_dir, clock)
    runner.start_new()
    clock.advance(60)
    runner.complete()
    runner.close()
    return runner.store.paths


@pytest.fixture(params=sorted(MAKERS))
def maker(request: pytest.FixtureRequest) -> Iterator[tuple[str, Callable[[Path], None]]]:
    made: list[Iterator[None]] = []

    def make(path: Path) -> None:
        result = MAKERS[request.param](path)
        if isinstance(result, Iterator):
            next(result)
            made.append(result)

    yield request.param, make
    for gen in made:
        next(gen, None)


def test_a_session_file_that_is_not_a_file(
    maker: tuple[str, Callable[[Path], None]],
    one_session: SetPaths,
    tmp_path: Path,
    data_dir: Path,
    tally: Tally,
) -> None:
    name, make = maker
    make(one_session.sessions / "20200101T000000Z.json")
    views = (["--format", "json"], ["show", "last"], ["actions", "--format", "csv"], ["members"])
    for view in views:
        done = _run("history", *view, "--data-dir", str(data_dir))
        assert done.returncode == 3, (view, done.stderr)
        assert "20200101T000000Z.json" in done.stderr and KIND[name] in done.stderr
        tally.add("bad_inputs")
    done = _run("migrate", "--data-dir", str(data_dir))
    assert done.returncode == 3, done.stderr
    assert MIGRATE_KIND[name] in done.stderr
    assert "skipped 1 aside False" in _runner(tmp_path / "set.toml", data_dir)


def test_an_autosave_that_is_not_a_file(
    maker: tuple[str, Callable[[Path], None]],
    one_session: SetPaths,
    tmp_path: Path,
    data_dir: Path,
    tally: Tally,
) -> None:
    name, make = maker
    make(one_session.autosave)
    done = _run("migrate", "--data-dir", str(data_dir))
    assert done.returncode == 3, done.stderr
    assert MIGRATE_KIND[name] in done.stderr
    assert "aside True" in _runner(tmp_path / "set.toml", data_dir)
    tally.add("bad_inputs")


def test_a_ledger_that_is_not_a_file(
    maker: tuple[str, Callable[[Path], None]],
    one_session: SetPaths,
    tmp_path: Path,
    data_dir: Path,
    tally: Tally,
) -> None:
    name, make = maker
    one_session.ledger.unlink()
    make(one_session.ledger)
    done = _run("history", "actions", "--data-dir", str(data_dir))
    assert done.returncode in (0, 3), done.stderr  # rebuilt from the sessions
    done = _run("migrate", "--data-dir", str(data_dir))
    assert done.returncode == 3, done.stderr
    assert MIGRATE_KIND[name] in done.stderr
    if name != "folder":  # a folder cannot be replaced by the new ledger: save fails
        assert "DONE" in _runner(tmp_path / "set.toml", data_dir)
    tally.add("bad_inputs")


def test_a_set_file_that_is_not_a_file(
    maker: tuple[str, Callable[[Path], None]], tmp_path: Path, tally: Tally
) -> None:
    name, make = maker
    path = tmp_path / "fifo.toml"
    make(path)
    for command in (
        ["check", str(path)],
        ["history", str(path)],
        ["migrate", str(path)],
        ["start", str(path)],
    ):
        done = _run(*command)
        assert done.returncode == 2, (command, done.stderr)
        assert "Traceback" not in done.stderr
        assert len(done.stderr.strip().splitlines()) == 1, done.stderr
        tally.add("bad_inputs")
    if name != "folder":
        assert KIND[name] in _run("check", str(path)).stderr


def test_a_good_set_file_still_reads(tmp_path: Path) -> None:
    assert _run("check", str(write_set(tmp_path))).returncode == 0

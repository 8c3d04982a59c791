"""Row 37: the console's terminal goes away (tmux kill-session): it saves and exits.

A terminal that closes sends the console SIGHUP and SIGCONT together. Textual's
SIGCONT handler restarted application mode with a second output thread, which died
on its first write to the dead terminal; the exit SIGHUP had begun then waited for
ever on that thread's full queue (futex), after saving, holding the set's lock. It
happened about one kill in three (8 of 25 on this machine), so this row kills the
real ``alfacil start`` in a private tmux server :data:`KILLS` times and needs every
one to be gone within :data:`WAIT` seconds, its session saved and its lock free.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from alfacil.store import LockedError, SetStore

from .conftest import Tally, subprocess_env, write_set

pytestmark = pytest.mark.row(37)

KILLS = 12
WAIT = 8.0
SET_ID = "fault-set"


def test_a_console_whose_terminal_goes_away_saves_and_exits(tmp_path: Path, tally: Tally) -> None:
    tmux = shutil.which("tmux")
    assert tmux is not None, "tmux is needed for this test (apt-get install tmux)"
    base = [tmux, "-L", f"row37-{uuid.uuid4().hex[:8]}", "-f", os.devnull]
    set_path = write_set(tmp_path)
    env = subprocess_env()
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    exports = [f"{k}={v}" for k, v in env.items() if k in ("PYTHONPATH", "PATH", "HOME")]

    def tmux_cmd(*args: str) -> str:
        done = subprocess.run([*base, *args], capture_output=True, text=True, timeout=10)
        assert done.returncode == 0, done.stderr
        return done.stdout

    tmux_cmd("new-session", "-d", "-s", "keep", "-x", "100", "-y", "30", "sleep", "600")
    left: list[int] = []
    try:
        for kill in range(KILLS):
            data_dir = tmp_path / f"data-{kill}"
            argv = [sys.executable, "-m", "alfacil", "start", str(set_path)]
            argv += ["--data-dir", str(data_dir)]
            name = f"console-{kill}"
            tmux_cmd(
                "new-session", "-d", "-s", name, "-x", "100", "-y", "30",
                "env", "TERM=xterm-256color", *exports, *argv,
            )  # fmt: skip
            pid = int(tmux_cmd("display-message", "-p", "-t", name, "#{pane_pid}").strip())
            until = time.monotonic() + 30
            while "palette" not in tmux_cmd("capture-pane", "-p", "-t", name):
                assert time.monotonic() < until, "the console never drew its first frame"
                time.sleep(0.05)
            tmux_cmd("kill-session", "-t", name)  # the terminal goes: SIGHUP and SIGCONT
            until = time.monotonic() + WAIT
            while Path(f"/proc/{pid}").exists() and time.monotonic() < until:
                time.sleep(0.05)
            if Path(f"/proc/{pid}").exists():
                left.append(pid)
                continue
            store = SetStore.at(data_dir, SET_ID)
            assert store.paths.autosave.is_file(), "the console left without saving"
            try:
                store.acquire()
            except LockedError as exc:
                raise AssertionError(f"the set is still locked by {exc.pid}") from None
            store.release()
            tally.add("terminals_closed")
        assert not left, f"{len(left)} of {KILLS} consoles still running after their terminal went"
    finally:
        for pid in left:
            os.kill(pid, signal.SIGKILL)
        subprocess.run([*base, "kill-server"], capture_output=True, timeout=10, check=False)

"""Row 2: kill -9 of the real ``alfacil start`` mid-session, in tmux.

The console runs in a pane of a private tmux server on a temporary data folder. It
is driven to the summing-up, an action is added through the form, and the moment
the screen shows it the process gets SIGKILL. The next ``alfacil start`` of the same
set offers to resume; accepted, the session is finished, and its record holds the
action.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from alfacil.config import SetFile

from .conftest import Tally

pytestmark = pytest.mark.row(2)

WAIT = 20.0
ACTION = "Ring the funder before Friday"


class Pane:
    def __init__(self, socket: str, name: str) -> None:
        tmux = shutil.which("tmux")
        assert tmux is not None, "tmux is needed for this test (apt-get install tmux)"
        self.base = [tmux, "-L", socket, "-f", os.devnull]
        self.name = name

    def cmd(self, *args: str) -> str:
        done = subprocess.run(
            [*self.base, *args], capture_output=True, text=True, timeout=10, check=False
        )
        assert done.returncode == 0, f"tmux {args}: {done.stderr}"
        return done.stdout

    def start(self, argv: list[str], status: Path | None = None) -> None:
        """Run ``argv`` in the pane; with ``status``, its exit status is written there
        (tmux 3.3 does not always report a dead pane's status)."""
        if status is not None:
            argv = ["sh", "-c", f'"$@"; echo $? > {status}', "sh", *argv]
        self.cmd(
            "new-session", "-d", "-s", self.name, "-x", "120", "-y", "40",
            "env", "-u", "COLUMNS", "-u", "LINES", "TERM=xterm-256color", *argv,
            ";", "set-option", "-t", self.name, "remain-on-exit", "on",
        )  # fmt: skip

    def screen(self) -> str:
        return self.cmd("capture-pane", "-p", "-t", self.name)

    def keys(self, *keys: str) -> None:
        self.cmd("send-keys", "-t", self.name, *keys)

    def type(self, text: str) -> None:
        self.cmd("send-keys", "-t", self.name, "-l", text)

    def pid(self) -> int:
        return int(self.cmd("list-panes", "-t", self.name, "-F", "#{pane_pid}").strip())

    def wait_status(self, status: Path) -> int:
        until = time.monotonic() + WAIT
        while time.monotonic() < until:
            text = status.read_text().strip() if status.exists() else ""
            if text:
                return int(text)
            time.sleep(0.05)
        raise AssertionError(f"alfacil did not end; the screen shows:\n{self.screen()}")

    def dead(self) -> str | None:
        out = self.cmd("list-panes", "-t", self.name, "-F", "#{pane_dead} #{pane_dead_status}")
        dead, _, status = out.strip().partition(" ")
        return status if dead == "1" else None

    def wait_for(self, *texts: str, header: bool = False) -> str:
        until = time.monotonic() + WAIT
        shown = ""
        while time.monotonic() < until:
            shown = self.screen()
            where = shown.splitlines()[0] if header and shown else shown
            if all(text in where for text in texts):
                return shown
            if self.dead() is not None:
                break
            time.sleep(0.05)
        raise AssertionError(f"{texts!r} did not appear; the screen shows:\n{shown}")

    def wait_dead(self) -> None:
        until = time.monotonic() + WAIT
        while time.monotonic() < until:
            if self.dead() is not None:
                return
            time.sleep(0.05)
        raise AssertionError(f"alfacil did not end; the screen shows:\n{self.screen()}")


@pytest.fixture
def socket() -> Iterator[str]:
    name = f"alfacil-faults-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    try:
        yield name
    finally:
        tmux = shutil.which("tmux")
        if tmux:
            subprocess.run(
                [tmux, "-L", name, "-f", os.devnull, "kill-server"],
                capture_output=True,
                timeout=10,
                check=False,
            )


def test_kill_9_of_alfacil_start_then_resume_keeps_the_action(
    socket: str, set_file: SetFile, data_dir: Path, tally: Tally
) -> None:
    script = Path(sys.executable).with_name("alfacil")
    assert script.exists(), f"no alfacil console script next to {sys.executable}"
    argv = [str(script), "start", str(set_file.path), "--data-dir", str(data_dir)]
    folder = data_dir / set_file.config.set_id

    first = Pane(socket, "first")
    first.start(argv)
    first.wait_for("Check-in", header=True)
    for title in ("Ground rules", "Presenting · Aled", "Questioning · Aled", "Summing up"):
        first.keys("n")
        first.wait_for(title, header=True)
    first.keys("a")
    first.wait_for("New action")
    first.type(ACTION)
    first.keys("Enter")
    first.wait_for(f"Aled: {ACTION}")
    pid = first.pid()
    assert b"start" in Path(f"/proc/{pid}/cmdline").read_bytes()
    os.kill(pid, signal.SIGKILL)  # the moment the screen shows it
    first.wait_dead()
    tally.add("kills_survived")
    assert (folder / "autosave.json").exists()
    assert not list((folder / "sessions").glob("*.json"))

    second = Pane(socket, "second")
    status = data_dir.parent / "second.status"
    second.start(argv, status)
    second.wait_for("An unfinished session was found", "Resume where it stopped")
    second.keys("r")
    second.wait_for("Summing up", header=True)
    for title in ("Evaluation", "Close"):
        second.keys("n")
        second.wait_for(title, header=True)
    second.keys("n")
    second.wait_for("Session recorded")
    second.keys("Enter")
    assert second.wait_status(status) == 0

    records = sorted((folder / "sessions").glob("*.json"))
    assert len(records) == 1, records
    record = json.loads(records[0].read_text())
    actions = [(a["owner"], a["text"]) for a in record["actions"]]
    tally.add("records_checked")
    tally.add("records_lost", 0 if ("Aled", ACTION) in actions else 1)
    assert actions == [("Aled", ACTION)]
    assert record["ended_early"] is False
    assert [s["status"] for s in record["steps"]] == ["done"] * len(record["steps"])
    assert not (folder / "autosave.json").exists()
    assert (folder / ".lock").exists()

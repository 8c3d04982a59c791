"""End to end: the real ``alfacil start`` in a tmux pane, driven by keys, read by eye.

A private tmux server (``tmux -L <unique socket> -f /dev/null``) runs the console
script installed next to this Python, at a fixed 120x40, on a temporary data folder.
The test presses keys with ``send-keys``, reads the screen with ``capture-pane`` (it
polls for the text it expects, with a bounded wait, never a fixed sleep), and then
reads the record and the ledger from disk. A second run of the same set must show
the first run's action in its updates.

tmux is required: without it this test fails and says so (CI installs it).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
SET_FILE = ROOT / "sets.example.toml"
SET_ID = "cluster-managers"
WIDTH, HEIGHT = 120, 40
WAIT = 20.0  # seconds for any one thing to appear on screen
OVERALL = 180.0  # seconds for the whole test
ACTION_TEXT = "Ring the housing team before Friday"


class Pane:
    """One tmux session on a private server, with a deadline for everything."""

    def __init__(self, tmux: str, socket: str, name: str, deadline: float) -> None:
        self.tmux = tmux
        self.socket = socket
        self.name = name
        self.deadline = deadline

    def cmd(self, *args: str) -> str:
        done = subprocess.run(
            [self.tmux, "-L", self.socket, "-f", os.devnull, *args],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
        if done.returncode != 0:
            raise AssertionError(f"tmux {' '.join(args)} failed: {done.stderr.strip()}")
        return done.stdout

    def start(self, argv: list[str], cwd: Path) -> None:
        self.cmd(
            "set-option",
            "-g",
            "default-size",
            f"{WIDTH}x{HEIGHT}",
            ";",
            "new-session",
            "-d",
            "-s",
            self.name,
            "-x",
            str(WIDTH),
            "-y",
            str(HEIGHT),
            "-c",
            str(cwd),
            "-e",
            "TERM=xterm-256color",
            # A shell that exports COLUMNS and LINES (as pytest's environment does):
            # Textual would size the screen from them, not from the 120x40 pane; the
            # console must drop them and find the terminal's real size.
            "-e",
            "COLUMNS=80",
            "-e",
            "LINES=24",
            *argv,
            ";",
            "set-option",
            "-t",
            self.name,
            "remain-on-exit",
            "on",
        )

    def screen(self) -> str:
        return self.cmd("capture-pane", "-p", "-t", self.name)

    def keys(self, *keys: str) -> None:
        self.cmd("send-keys", "-t", self.name, *keys)

    def type(self, text: str) -> None:
        self.cmd("send-keys", "-t", self.name, "-l", text)

    def wait_for(self, *texts: str, timeout: float = WAIT) -> str:
        """Poll the screen until every one of ``texts`` is on it."""
        until = min(time.monotonic() + timeout, self.deadline)
        shown = ""
        while time.monotonic() < until:
            shown = self.screen()
            if all(t in shown for t in texts):
                return shown
            if self.dead() is not None:
                break
            time.sleep(0.05)
        raise AssertionError(f"{texts!r} did not appear; the screen shows:\n{shown}")

    def dead(self) -> int | None:
        """The exit status once the program has ended, else None."""
        out = self.cmd("list-panes", "-t", self.name, "-F", "#{pane_dead} #{pane_dead_status}")
        dead, _, status = out.strip().partition(" ")
        return int(status or 0) if dead == "1" else None

    def wait_exit(self, timeout: float = WAIT) -> int:
        until = min(time.monotonic() + timeout, self.deadline)
        while time.monotonic() < until:
            status = self.dead()
            if status is not None:
                return status
            time.sleep(0.05)
        raise AssertionError(f"alfacil did not exit; the screen shows:\n{self.screen()}")

    def close(self) -> None:
        subprocess.run(
            [self.tmux, "-L", self.socket, "-f", os.devnull, "kill-session", "-t", self.name],
            capture_output=True,
            timeout=10,
            check=False,
        )


def require_tmux() -> str:
    tmux = shutil.which("tmux")
    if tmux is None:
        pytest.fail(
            "tmux is not installed: the end-to-end test of `alfacil start` needs it "
            "(apt-get install tmux)",
            pytrace=False,
        )
    return tmux


@pytest.fixture
def tmux_socket() -> Iterator[str]:
    """A unique private tmux socket; its server is killed afterwards."""
    socket = f"alfacil-e2e-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    try:
        yield socket
    finally:
        tmux = shutil.which("tmux")
        if tmux is not None:
            subprocess.run(
                [tmux, "-L", socket, "-f", os.devnull, "kill-server"],
                capture_output=True,
                timeout=10,
                check=False,
            )


def alfacil_script() -> str:
    script = Path(sys.executable).with_name("alfacil")
    assert script.exists(), f"the console script is not installed next to {sys.executable}"
    return str(script)


def header_shows(pane: Pane, title: str) -> str:
    """Wait until the header (the screen's first line) names ``title``."""
    until = min(time.monotonic() + WAIT, pane.deadline)
    first = ""
    while time.monotonic() < until:
        shown = pane.screen()
        first = shown.splitlines()[0] if shown else ""
        if title in first:
            return shown
        time.sleep(0.05)
    raise AssertionError(f"the header never showed {title!r}; the screen shows:\n{pane.screen()}")


def next_to(pane: Pane, title: str) -> str:
    pane.keys("n")
    return header_shows(pane, title)


def read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def test_two_sessions_in_tmux(tmux_socket: str, tmp_path: Path) -> None:
    tmux, socket = require_tmux(), tmux_socket
    data = tmp_path / "data"
    deadline = time.monotonic() + OVERALL
    argv = [alfacil_script(), "start", str(SET_FILE), "--data-dir", str(data)]

    # --- the first session: n through it, one action added through the form --------
    first = Pane(tmux, socket, "first", deadline)
    first.start(argv, tmp_path)
    try:
        header_shows(first, "Check-in")
        shown = first.wait_for("Presenting today Aled, Bethan", "Plan 1h40m")
        # Drawn at the pane's 120x40, not at COLUMNS x LINES: the footer has room for
        # the palette key (left out at 80 columns) and the screen fills 40 lines.
        assert "^p palette" in shown, shown
        assert len(shown.rstrip("\n").splitlines()) == HEIGHT, shown
        next_to(first, "Ground rules")
        next_to(first, "Presenting · Aled")
        next_to(first, "Questioning · Aled")
        next_to(first, "Summing up · Aled")
        first.keys("a")
        first.wait_for("New action", "What will they do?")
        first.type(ACTION_TEXT)
        first.keys("Enter")
        first.wait_for(f"Aled: {ACTION_TEXT}")
        next_to(first, "Presenting · Bethan")
        next_to(first, "Questioning · Bethan")
        next_to(first, "Summing up · Bethan")
        next_to(first, "Evaluation")
        next_to(first, "Close")
        # The summary lists the actions; n and the record's path are on show.
        first.wait_for("Actions", f"Aled: {ACTION_TEXT}", "n saves the record")
        first.keys("n")
        first.wait_for("Session recorded")
        first.keys("Enter")
        assert first.wait_exit() == 0
    finally:
        first.close()

    folder = data / SET_ID
    records = sorted((folder / "sessions").glob("*.json"))
    assert len(records) == 1, records
    record = read_json(records[0])
    assert record["presenters"] == ["Aled", "Bethan"]
    assert set(record["attendance"].values()) == {"present"}
    assert [s["status"] for s in record["steps"]] == ["done"] * len(record["steps"])
    assert [s["title"] for s in record["steps"]][:2] == ["Check-in", "Ground rules"]
    assert len(record["steps"]) == 10
    assert record["ended_early"] is False and record["ended_at"] is not None
    assert [(a["owner"], a["text"]) for a in record["actions"]] == [("Aled", ACTION_TEXT)]
    assert not (folder / "autosave.json").exists()
    ledger = read_json(folder / "actions.json")
    assert [(a["owner"], a["text"], a["status"]) for a in ledger["actions"]] == [
        ("Aled", ACTION_TEXT, "open")
    ]
    assert ledger["actions"][0]["id"] == record["actions"][0]["id"]

    # --- the second session opens with Aled's update on that action ---------------------
    second = Pane(tmux, socket, "second", deadline)
    second.start(argv, tmp_path)
    try:
        header_shows(second, "Check-in")
        next_to(second, "Ground rules")
        next_to(second, "Updates on actions · Aled")
        second.wait_for("Aled reports back on their actions", ACTION_TEXT)
        second.keys("q")
        second.wait_for("Leave the console?")
        second.keys("y")
        assert second.wait_exit() == 0
    finally:
        second.close()
    assert len(sorted((folder / "sessions").glob("*.json"))) == 1
    assert (folder / "autosave.json").exists()  # the second session can be resumed

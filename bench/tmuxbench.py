"""What the console benches share: a private tmux server and the bare app to compare.

``idle_cpu.py`` and ``first_frame.py`` both run the real ``alfacil start`` and a bare
Textual ticking clock in tmux panes of the same size, so the comparison is fair;
this module holds that common ground. Run the benches as scripts (``python
bench/idle_cpu.py``), which puts this folder on ``sys.path``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SET_FILE = ROOT / "sets.example.toml"
WIDTH, HEIGHT = 120, 40

#: The yardstick: one ``Static`` updated every second with the time.
BARE_APP = """\
from datetime import datetime

from textual.app import App, ComposeResult
from textual.widgets import Static


class TickingClock(App[None]):
    def compose(self) -> ComposeResult:
        yield Static(id="time")

    def on_mount(self) -> None:
        self.tick()
        self.set_interval(1, self.tick)

    def tick(self) -> None:
        self.query_one(Static).update("bare " + datetime.now().strftime("%H:%M:%S"))


TickingClock().run()
"""


class Tmux:
    """A private tmux server; every session in it is of one size (WIDTHxHEIGHT unless given)."""

    def __init__(self, bench: str, size: tuple[int, int] = (WIDTH, HEIGHT)) -> None:
        self.width, self.height = size
        tmux = shutil.which("tmux")
        if tmux is None:
            raise SystemExit(f"{bench}: tmux is needed (apt-get install tmux)")
        self.argv = [tmux, "-L", f"alfacil-bench-{os.getpid()}-{uuid.uuid4().hex[:6]}"]
        self.argv += ["-f", os.devnull]

    def cmd(self, *args: str) -> str:
        done = subprocess.run(
            [*self.argv, *args], capture_output=True, text=True, timeout=10, check=False
        )
        if done.returncode != 0:
            raise RuntimeError(f"tmux {' '.join(args)}: {done.stderr.strip()}")
        return done.stdout

    def start(self, name: str, argv: list[str], cwd: Path) -> None:
        """Run ``argv`` in a new detached session of the standard size.

        Python may write its bytecode (a shell with PYTHONDONTWRITEBYTECODE would have
        alfacil compile its source on every run, which an installed copy never does)."""
        env = ["env", "-u", "COLUMNS", "-u", "LINES", "-u", "PYTHONDONTWRITEBYTECODE"]
        env += ["TERM=xterm-256color"]
        self.cmd(
            "set-option", "-g", "default-size", f"{self.width}x{self.height}", ";",
            "new-session", "-d", "-s", name, "-x", str(self.width), "-y", str(self.height),
            "-c", str(cwd), *env, *argv,
        )  # fmt: skip

    def pid(self, name: str) -> int:
        """The pid of the program running in session ``name``."""
        return int(self.cmd("display-message", "-p", "-t", name, "#{pane_pid}").strip())

    def screen(self, name: str) -> str:
        return self.cmd("capture-pane", "-p", "-t", name)

    def time_until(
        self, name: str, texts: tuple[str, ...], started: float, timeout: float = 30.0
    ) -> float:
        """Seconds from ``started`` (a perf_counter reading) until all ``texts`` show."""
        until = started + timeout
        screen = ""
        while time.perf_counter() < until:
            screen = self.screen(name)
            if all(t in screen for t in texts):
                return time.perf_counter() - started
            time.sleep(0.002)
        raise RuntimeError(f"{name}: {texts!r} never appeared:\n{screen}")

    def kill(self, name: str) -> None:
        subprocess.run(
            [*self.argv, "kill-session", "-t", name], capture_output=True, timeout=10, check=False
        )

    def close(self) -> None:
        subprocess.run([*self.argv, "kill-server"], capture_output=True, timeout=10, check=False)

"""Idle CPU budget: the console while a countdown runs, against a bare ticking clock.

Starts, side by side in one private tmux server (both panes 120x40):

* the real ``alfacil start sets.example.toml`` on a temporary data folder, left on
  the check-in countdown, and
* a bare Textual app: one ``Static`` updated by ``set_interval(1)`` with the time.

Once each shows its first frame (and a few seconds to settle), it reads
``utime + stime`` of each process from ``/proc/<pid>/stat``, waits, reads again, and
prints the CPU seconds each used, their ratio and PASS or FAIL against the budget
(the console may use at most 1.2 times the bare app). Linux only (``/proc``); needs
tmux. Run it with the interpreter alfacil is installed in:

    .venv/bin/python bench/idle_cpu.py [--seconds 30]

Exit status: 0 within budget, 1 over it, 2 if it could not measure.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

BUDGET = 1.2
ROOT = Path(__file__).resolve().parents[1]
SET_FILE = ROOT / "sets.example.toml"
WIDTH, HEIGHT = 120, 40
SETTLE = 3.0

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
    """A private tmux server; every session in it is sized WIDTHxHEIGHT."""

    def __init__(self) -> None:
        tmux = shutil.which("tmux")
        if tmux is None:
            raise SystemExit("idle_cpu: tmux is needed (apt-get install tmux)")
        self.argv = [tmux, "-L", f"alfacil-bench-{os.getpid()}-{uuid.uuid4().hex[:6]}"]
        self.argv += ["-f", os.devnull]

    def cmd(self, *args: str) -> str:
        done = subprocess.run(
            [*self.argv, *args], capture_output=True, text=True, timeout=10, check=False
        )
        if done.returncode != 0:
            raise RuntimeError(f"tmux {' '.join(args)}: {done.stderr.strip()}")
        return done.stdout

    def start(self, name: str, argv: list[str], cwd: Path) -> int:
        """Run ``argv`` in a new session; returns the program's pid."""
        env = ["env", "-u", "COLUMNS", "-u", "LINES", "TERM=xterm-256color"]
        self.cmd(
            "set-option", "-g", "default-size", f"{WIDTH}x{HEIGHT}", ";",
            "new-session", "-d", "-s", name, "-x", str(WIDTH), "-y", str(HEIGHT),
            "-c", str(cwd), *env, *argv,
        )  # fmt: skip
        return int(self.cmd("display-message", "-p", "-t", name, "#{pane_pid}").strip())

    def screen(self, name: str) -> str:
        return self.cmd("capture-pane", "-p", "-t", name)

    def wait_for(self, name: str, text: str, timeout: float = 30.0) -> None:
        until = time.monotonic() + timeout
        while time.monotonic() < until:
            if text in self.screen(name):
                return
            time.sleep(0.05)
        raise RuntimeError(f"{name}: {text!r} never appeared:\n{self.screen(name)}")

    def close(self) -> None:
        subprocess.run([*self.argv, "kill-server"], capture_output=True, timeout=10, check=False)


def cpu_seconds(pid: int) -> float:
    """utime + stime of ``pid`` (this process only, not its children)."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    fields = stat[stat.rindex(")") + 2 :].split()
    utime, stime = int(fields[11]), int(fields[12])
    return (utime + stime) / os.sysconf("SC_CLK_TCK")


def measure(seconds: float) -> tuple[float, float]:
    alfacil = Path(sys.executable).with_name("alfacil")
    if not alfacil.is_file():
        raise SystemExit(f"idle_cpu: no alfacil console script next to {sys.executable}")
    tmux = Tmux()
    with tempfile.TemporaryDirectory(prefix="alfacil-idle-") as tmp:
        folder = Path(tmp)
        bare_script = folder / "bare_clock.py"
        bare_script.write_text(BARE_APP)
        try:
            console_pid = tmux.start(
                "console",
                [str(alfacil), "start", str(SET_FILE), "--data-dir", str(folder / "data")],
                folder,
            )
            bare_pid = tmux.start("bare", [sys.executable, str(bare_script)], folder)
            tmux.wait_for("console", "Presenting today")
            tmux.wait_for("bare", "bare ")
            time.sleep(SETTLE)  # let both finish starting up before counting
            before = cpu_seconds(console_pid), cpu_seconds(bare_pid)
            time.sleep(seconds)
            after = cpu_seconds(console_pid), cpu_seconds(bare_pid)
            assert "Check-in" in tmux.screen("console"), "the countdown was not running"
        finally:
            tmux.close()
    return after[0] - before[0], after[1] - before[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30.0)
    args = parser.parse_args()
    try:
        console, bare = measure(args.seconds)
    except RuntimeError as exc:
        print(f"idle_cpu: could not measure: {exc}", file=sys.stderr)
        return 2
    ratio = console / bare if bare > 0 else float("inf")
    print(f"bare Textual ticking clock: {bare:.2f} CPU s over {args.seconds:g} s")
    print(f"alfacil start (countdown):  {console:.2f} CPU s over {args.seconds:g} s")
    print(f"ratio: {ratio:.2f}")
    ok = ratio <= BUDGET
    print(f"budget: {'PASS' if ok else 'FAIL'}: the console uses {ratio:.2f}x (<= {BUDGET:g}x)")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())

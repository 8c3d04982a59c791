"""First-frame budget: time until the console's first full frame, against a bare app.

Each run starts a program in a fresh session of a private tmux server (120x40) and
polls ``capture-pane`` every few milliseconds until the screen shows the text of a
complete frame; the time is measured from just before tmux is asked to start it.

* The console: ``alfacil start sets.example.toml`` on a new temporary data folder
  each run; its first full frame has the header (``Check-in``), the check-in panel
  (``Presenting today``) and the footer (``palette``).
* The bare app: a Textual app with one ``Static`` showing the time.

Prints the median over ``--runs`` runs of each, their ratio and PASS or FAIL against
the budget (the console may take at most 1.5 times the bare app). Needs tmux. Run it
with the interpreter alfacil is installed in:

    .venv/bin/python bench/first_frame.py [--runs 5]

Exit status: 0 within budget, 1 over it, 2 if it could not measure.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

BUDGET = 1.5
ROOT = Path(__file__).resolve().parents[1]
SET_FILE = ROOT / "sets.example.toml"
WIDTH, HEIGHT = 120, 40
TIMEOUT = 30.0
#: What the console shows once its first frame is complete: header, panel, footer.
FULL_FRAME = ("Check-in", "Presenting today", "palette")

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
            raise SystemExit("first_frame: tmux is needed (apt-get install tmux)")
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
        env = ["env", "-u", "COLUMNS", "-u", "LINES", "TERM=xterm-256color"]
        self.cmd(
            "new-session", "-d", "-s", name, "-x", str(WIDTH), "-y", str(HEIGHT),
            "-c", str(cwd), *env, *argv,
        )  # fmt: skip

    def time_until(self, name: str, texts: tuple[str, ...], started: float) -> float:
        """Seconds from ``started`` until every one of ``texts`` is on screen."""
        until = started + TIMEOUT
        screen = ""
        while time.perf_counter() < until:
            screen = self.cmd("capture-pane", "-p", "-t", name)
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


def one_run(tmux: Tmux, name: str, argv: list[str], texts: tuple[str, ...], cwd: Path) -> float:
    started = time.perf_counter()
    tmux.start(name, argv, cwd)
    try:
        return tmux.time_until(name, texts, started)
    finally:
        tmux.kill(name)  # SIGHUP: the console saves and leaves


def measure(runs: int) -> tuple[list[float], list[float]]:
    alfacil = Path(sys.executable).with_name("alfacil")
    if not alfacil.is_file():
        raise SystemExit(f"first_frame: no alfacil console script next to {sys.executable}")
    tmux = Tmux()
    console: list[float] = []
    bare: list[float] = []
    with tempfile.TemporaryDirectory(prefix="alfacil-frame-") as tmp:
        folder = Path(tmp)
        bare_script = folder / "bare_clock.py"
        bare_script.write_text(BARE_APP)
        try:
            # A session kept open holds the server, so each run starts only its program.
            tmux.start("keep", ["sleep", "3600"], folder)
            # One unmeasured run of each warms the disk cache and the bytecode.
            for i in range(runs + 1):
                data = folder / f"data-{i}"
                console_argv = [str(alfacil), "start", str(SET_FILE), "--data-dir", str(data)]
                c = one_run(tmux, f"console-{i}", console_argv, FULL_FRAME, folder)
                b = one_run(
                    tmux, f"bare-{i}", [sys.executable, str(bare_script)], ("bare ",), folder
                )
                if i:
                    console.append(c)
                    bare.append(b)
        finally:
            tmux.close()
    return console, bare


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    try:
        console, bare = measure(args.runs)
    except RuntimeError as exc:
        print(f"first_frame: could not measure: {exc}", file=sys.stderr)
        return 2
    c, b = statistics.median(console), statistics.median(bare)
    ratio = c / b
    runs = args.runs
    print(f"bare Textual app:  first frame, median {b * 1000:.0f} ms over {runs} runs")
    print(f"alfacil start:     first frame, median {c * 1000:.0f} ms over {runs} runs")
    print(f"ratio: {ratio:.2f}")
    ok = ratio <= BUDGET
    print(f"budget: {'PASS' if ok else 'FAIL'}: the console takes {ratio:.2f}x (<= {BUDGET:g}x)")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())

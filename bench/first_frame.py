"""First-frame budget: time until the console's first full frame, against a bare app.

Each run starts a program in a fresh session of a private tmux server (120x40) and
polls ``capture-pane`` every few milliseconds until the screen shows the text of a
complete frame; the time is measured from just before tmux is asked to start it.

* The console: ``alfacil start sets.example.toml`` on a new temporary data folder
  each run; its first full frame has the header (``Check-in``), the check-in panel
  (``Presenting today``) and the footer (``palette``).
* The bare app: a Textual app with one ``Static`` showing the time.

Prints the median over ``--runs`` runs of each, their ratio and PASS or FAIL against
the budget (issue 11: the console may take at most 2.0 times the bare app). Needs tmux. Run it
with the interpreter alfacil is installed in:

    .venv/bin/python bench/first_frame.py [--runs 5]

Exit status: 0 within budget, 1 over it, 2 if it could not measure.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from tmuxbench import BARE_APP, SET_FILE, Tmux

BUDGET = 2.0
TIMEOUT = 30.0
#: What the console shows once its first frame is complete: header, panel, footer.
FULL_FRAME = ("Check-in", "Presenting today", "palette")


def one_run(tmux: Tmux, name: str, argv: list[str], texts: tuple[str, ...], cwd: Path) -> float:
    started = time.perf_counter()
    tmux.start(name, argv, cwd)
    try:
        return tmux.time_until(name, texts, started, TIMEOUT)
    finally:
        tmux.kill(name)  # SIGHUP: the console saves and leaves


def measure(runs: int) -> tuple[list[float], list[float]]:
    alfacil = Path(sys.executable).with_name("alfacil")
    if not alfacil.is_file():
        raise SystemExit(f"first_frame: no alfacil console script next to {sys.executable}")
    tmux = Tmux("first_frame")
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

"""Display CPU budget: ``alfacil display`` while a countdown runs, beside the console.

Starts, side by side in one private tmux server (both panes 120x40), the real
``alfacil start sets.example.toml`` on a temporary data folder, left on the check-in
countdown, and the real ``alfacil display`` of the same set following it. Once both
show the countdown (and a few seconds to settle), it reads ``utime + stime`` of each
process from ``/proc/<pid>/stat``, waits, reads again, and prints the CPU seconds each
used and PASS or FAIL: the display may use no more than the console (it has less to
draw, and looks at the autosave with one ``os.stat`` a wake). Linux only; needs tmux.

    .venv/bin/python bench/display_cpu.py [--seconds 30]

Exit status: 0 within budget, 1 over it, 2 if it could not measure.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from idle_cpu import SETTLE, cpu_seconds
from tmuxbench import SET_FILE, Tmux

BUDGET = 1.0


def measure(seconds: float) -> tuple[float, float]:
    alfacil = Path(sys.executable).with_name("alfacil")
    if not alfacil.is_file():
        raise SystemExit(f"display_cpu: no alfacil console script next to {sys.executable}")
    tmux = Tmux("display_cpu")
    with tempfile.TemporaryDirectory(prefix="alfacil-display-") as tmp:
        folder = Path(tmp)
        data = str(folder / "data")
        try:
            tmux.start(
                "console", [str(alfacil), "start", str(SET_FILE), "--data-dir", data], folder
            )
            tmux.time_until("console", ("Presenting today",), time.perf_counter())
            tmux.start(
                "display", [str(alfacil), "display", str(SET_FILE), "--data-dir", data], folder
            )
            tmux.time_until("display", ("Check-in", "Who is here today"), time.perf_counter())
            console_pid, display_pid = tmux.pid("console"), tmux.pid("display")
            time.sleep(SETTLE)  # let both finish starting up before counting
            before = cpu_seconds(console_pid), cpu_seconds(display_pid)
            time.sleep(seconds)
            after = cpu_seconds(console_pid), cpu_seconds(display_pid)
            assert "Check-in" in tmux.screen("display"), "the display lost the countdown"
        finally:
            tmux.close()
    return after[0] - before[0], after[1] - before[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30.0)
    args = parser.parse_args()
    try:
        console, display = measure(args.seconds)
    except RuntimeError as exc:
        print(f"display_cpu: could not measure: {exc}", file=sys.stderr)
        return 2
    ratio = display / console if console > 0 else float("inf")
    print(f"alfacil start (countdown):   {console:.2f} CPU s over {args.seconds:g} s")
    print(f"alfacil display (following): {display:.2f} CPU s over {args.seconds:g} s")
    print(f"ratio: {ratio:.2f}")
    # /proc counts CPU in clock ticks (1/100 s here): the two are compared to a tick.
    tick = 1 / os.sysconf("SC_CLK_TCK")
    ok = round(display / tick) <= round(console * BUDGET / tick)
    verdict = "PASS" if ok else "FAIL"
    print(f"budget: {verdict}: the display uses {ratio:.2f}x the console (<= {BUDGET:g}x)")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())

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
import sys
import tempfile
import time
from pathlib import Path

from tmuxbench import BARE_APP, SET_FILE, Tmux

BUDGET = 1.2
SETTLE = 3.0


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
    tmux = Tmux("idle_cpu")
    with tempfile.TemporaryDirectory(prefix="alfacil-idle-") as tmp:
        folder = Path(tmp)
        bare_script = folder / "bare_clock.py"
        bare_script.write_text(BARE_APP)
        try:
            tmux.start(
                "console",
                [str(alfacil), "start", str(SET_FILE), "--data-dir", str(folder / "data")],
                folder,
            )
            tmux.start("bare", [sys.executable, str(bare_script)], folder)
            console_pid, bare_pid = tmux.pid("console"), tmux.pid("bare")
            tmux.time_until("console", ("Presenting today",), time.perf_counter())
            tmux.time_until("bare", ("bare ",), time.perf_counter())
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

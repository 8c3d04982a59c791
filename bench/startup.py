"""Startup budget: `alfacil --help` must take under 5 times a bare `python -c pass`.

Prints the median wall time of each over 20 runs, their ratio, and PASS or FAIL.
Run it with the interpreter of the environment alfacil is installed in:

    .venv/bin/python bench/startup.py [--runs N]

It uses the `alfacil` console script next to that interpreter, or `python -m alfacil`
where there is none. Exit status: 0 within budget, 1 over it.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

BUDGET = 5.0


def alfacil_command() -> list[str]:
    script = Path(sys.executable).with_name("alfacil")
    if script.is_file():
        return [str(script), "--help"]
    return [sys.executable, "-m", "alfacil", "--help"]


def median_seconds(command: list[str], runs: int) -> float:
    times = []
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)  # warm the disk cache
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    command = alfacil_command()
    bare = median_seconds([sys.executable, "-c", "pass"], args.runs)
    alfacil = median_seconds(command, args.runs)
    ratio = alfacil / bare
    label = " ".join([Path(command[0]).name, *command[1:]])
    print(f"python -c pass: median {bare * 1000:.1f} ms over {args.runs} runs")
    print(f"{label}: median {alfacil * 1000:.1f} ms over {args.runs} runs")
    print(f"ratio: {ratio:.2f}")
    verdict = "PASS" if ratio < BUDGET else "FAIL"
    print(f"budget: {verdict}: alfacil --help is {ratio:.2f}x bare python (< {BUDGET:g}x)")
    return 0 if ratio < BUDGET else 1


if __name__ == "__main__":
    raise SystemExit(main())

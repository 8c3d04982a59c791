"""Idle CPU budget: the console on every step of a session, against termdown.

For each terminal size (80x24 and 160x48) it starts, side by side in one private tmux
server, all panes of that size:

* the real ``alfacil start`` of a copy of ``sets.example.toml`` on a temporary data
  folder holding one earlier session with actions (so the updates step is shown),
  driven through the session with ``n`` (and ``space`` for paused);
* a second console on a copy whose check-in lasts 5 s, left to run into overtime;
* ``termdown 2h`` (the peer: a big figlet countdown) and
* a bare Textual app: one ``Digits`` updated every second with the time.

On every step it reads ``utime + stime`` of each process from ``/proc/<pid>/stat``,
waits ``--seconds``, reads again and prints a row: the CPU seconds each used in that
same window, the console's ratio to termdown (the budget: at most 1.0x, PASS or FAIL)
and to the bare clock (the aim: 1.5x). The machine's other load falls on all of them
alike in a window, so compare within a row. Linux only (``/proc``); needs tmux and
termdown (``pip install termdown`` in the same venv). Run it with the interpreter
alfacil is installed in:

    .venv/bin/python bench/idle_cpu.py [--seconds 10] [--sizes 80x24,160x48]

Exit status: 0 within budget on every row, 1 over it, 2 if it could not measure.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

from history import SET_ID, template
from tmuxbench import SET_FILE, Tmux

from alfacil.store import atomic_write, dump

BUDGET = 1.0  # times termdown's CPU in the same window
AIM = 1.5  # times the bare Digits clock's
SETTLE = 2.0

BARE_DIGITS = """\
from datetime import datetime

from textual.app import App, ComposeResult
from textual.widgets import Digits


class DigitsClock(App[None]):
    def compose(self) -> ComposeResult:
        yield Digits(id="time")

    def on_mount(self) -> None:
        self.tick()
        self.set_interval(1, self.tick)

    def tick(self) -> None:
        self.query_one(Digits).update(datetime.now().strftime("%H:%M:%S"))


DigitsClock().run()
"""

#: (row name, keys to send before it, text in the header line once it shows). The
#: second member's updates and the second presenter's three steps get no row.
STEPS: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("check-in", (), "Check-in  │"),
    ("ground rules", ("n",), "Ground rules  │"),
    ("updates", ("n",), "Updates"),
    ("presenting", ("n", "n"), "Presenting · "),
    ("questioning", ("n",), "Questioning · "),
    ("summing up", ("n",), "Summing up · "),
    ("evaluation", ("n", "n", "n", "n"), "Evaluation  │"),
    ("close", ("n",), "Close  │"),
    ("paused", ("space",), "Close  │"),
)


def cpu_seconds(pid: int) -> float:
    """utime + stime of ``pid`` (this process only, not its children)."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    fields = stat[stat.rindex(")") + 2 :].split()
    utime, stime = int(fields[11]), int(fields[12])
    return (utime + stime) / os.sysconf("SC_CLK_TCK")


def wait_for(tmux: Tmux, name: str, text: str, timeout: float = 20.0) -> None:
    """Until ``text`` is in the first line (the header: the step list says every step)."""
    until = time.perf_counter() + timeout
    header = ""
    while time.perf_counter() < until:
        header = tmux.screen(name).partition("\n")[0]
        if text in header:
            return
        time.sleep(0.05)
    raise RuntimeError(f"{name}: {text!r} never appeared in the header: {header!r}")


def set_files(folder: Path) -> tuple[Path, Path]:
    """The example set, and a copy whose check-in is 5 s long (for overtime)."""
    text = SET_FILE.read_text(encoding="utf-8")
    normal = folder / "set.toml"
    normal.write_text(text, encoding="utf-8")
    short = folder / "short.toml"
    short.write_text(text.replace("[timings]\n", '[timings]\ncheckin = "5s"\n'), encoding="utf-8")
    return normal, short


def earlier_session(data: Path) -> None:
    """One finished session with actions, so the next one opens on the updates step."""
    record = template()
    path = data / SET_ID / "sessions" / f"{record.session_id}.json"
    atomic_write(path, dump(record))


def gone(pids: Iterable[int], timeout: float = 10.0) -> None:
    until = time.perf_counter() + timeout
    for pid in pids:
        while Path(f"/proc/{pid}").exists() and time.perf_counter() < until:
            time.sleep(0.05)


def still_clock(tmux: Tmux, name: str) -> None:
    """Paused shows as a shade, not as words: check that the countdown stands still."""
    first = tmux.screen(name).partition("\n")[2]
    time.sleep(1.5)
    if tmux.screen(name).partition("\n")[2] != first:
        raise RuntimeError(f"{name}: the countdown still runs after space")


Row = tuple[str, float, float, float]


def measure_size(size: tuple[int, int], seconds: float, termdown: str) -> list[Row]:
    alfacil = Path(sys.executable).with_name("alfacil")
    if not alfacil.is_file():
        raise SystemExit(f"idle_cpu: no alfacil console script next to {sys.executable}")
    tmux = Tmux("idle_cpu", size)
    rows: list[Row] = []
    pids: dict[str, int] = {}
    with tempfile.TemporaryDirectory(prefix="alfacil-idle-", ignore_cleanup_errors=True) as tmp:
        folder = Path(tmp)
        (folder / "digits_clock.py").write_text(BARE_DIGITS)
        normal, short = set_files(folder)
        earlier_session(folder / "data")
        try:
            start = [str(alfacil), "start"]
            tmux.start("console", [*start, str(normal), "--data-dir", str(folder / "data")], folder)
            tmux.start("over", [*start, str(short), "--data-dir", str(folder / "over")], folder)
            tmux.start("termdown", [termdown, "2h"], folder)
            tmux.start("digits", [sys.executable, str(folder / "digits_clock.py")], folder)
            pids.update({n: tmux.pid(n) for n in ("console", "over", "termdown", "digits")})
            wait_for(tmux, "console", "Check-in  │")
            wait_for(tmux, "over", "Check-in  │")
            time.sleep(SETTLE)  # let everything finish starting up before counting

            def window(console: str) -> tuple[float, float, float]:
                watched = (pids[console], pids["termdown"], pids["digits"])
                before = [cpu_seconds(pid) for pid in watched]
                time.sleep(seconds)
                after = [cpu_seconds(pid) for pid in watched]
                used = [a - b for a, b in zip(after, before, strict=True)]
                return used[0], used[1], used[2]

            for name, keys, shows in STEPS:
                for key in keys:
                    tmux.cmd("send-keys", "-t", "console", key)
                    time.sleep(0.5)
                wait_for(tmux, "console", shows)
                time.sleep(1.0)  # the step's first frame is not idle
                if name == "paused":
                    still_clock(tmux, "console")
                rows.append((name, *window("console")))
            wait_for(tmux, "over", "Check-in  │")  # started with the others: 5 s are long gone
            rows.append(("overtime", *window("over")))
        finally:
            tmux.close()
            gone(pids.values())  # the consoles save on the way out: then clean up
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="the window of each row")
    parser.add_argument("--sizes", default="80x24,160x48")
    args = parser.parse_args()
    termdown = shutil.which("termdown") or str(Path(sys.executable).with_name("termdown"))
    if not Path(termdown).is_file():
        print("idle_cpu: termdown is needed (pip install termdown)", file=sys.stderr)
        return 2
    sizes = [tuple(int(n) for n in s.split("x")) for s in args.sizes.split(",")]
    ok = True
    print(
        f"CPU seconds over {args.seconds:g} s per step; budget <= {BUDGET:g}x termdown, "
        f"aim <= {AIM:g}x a bare Textual Digits clock"
    )
    for width, height in sizes:
        try:
            rows = measure_size((width, height), args.seconds, termdown)
        except RuntimeError as exc:
            print(f"idle_cpu: could not measure: {exc}", file=sys.stderr)
            return 2
        for name, console, peer, digits in rows:
            ratio = console / peer if peer > 0 else float("inf")
            aim = console / digits if digits > 0 else float("inf")
            passed = ratio <= BUDGET
            ok = ok and passed
            print(
                f"{width}x{height} {name:<13} alfacil {console:5.2f}  termdown {peer:5.2f}  "
                f"digits {digits:5.2f}   {ratio:4.2f}x termdown: {'PASS' if passed else 'FAIL'}"
                f"   {aim:4.2f}x digits{'' if aim <= AIM else ' (over the aim)'}"
            )
    load = os.getloadavg()[0]
    cpus = len(os.sched_getaffinity(0))
    print(f"cpus available: {cpus} (shared with other work); load average {load:.1f}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())

"""Budget: every history view (`history`, `show last`, `actions`, `members`) on
10,000 sessions under 1.5 s, growing linearly.

Builds one realistic session with the real engine on a FakeClock, then writes 10,000
(and, separately, 1,000) variations of it (ids, dates, attendance, presenters, actions
and updates differ) through the store's own ``atomic_write``/``dump`` of validated
``SessionRecord``s into a temp folder, and times the real command as a subprocess
with stdout to /dev/null. The growth from 1,000 to 10,000 should be no worse than
linear (ratio at most about 10).

Each view is also timed pinned to one CPU (``taskset -c 0``): history reads serially
(forked readers were measured here and removed: more CPU, no gain in wall time), so
the two columns differ only by what else the machine runs. The machine's other load
shows in the wall times; the CPU figures (user + system of every process) do not
depend on it.

    .venv/bin/python bench/history.py [--keep DIR]

``--keep DIR`` writes the sessions under DIR and reuses them on the next run, so the
timings can be repeated when the machine is quiet without writing 11,000 files again.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from alfacil.clock import FakeClock
from alfacil.config import load_set
from alfacil.engine import Session, session_id_for
from alfacil.records import Action, ActionUpdate, SessionRecord
from alfacil.store import atomic_write, dump

ROOT = Path(__file__).resolve().parent.parent
BUDGET = 1.5
SET_ID = "cluster-managers"


def template() -> SessionRecord:
    config = load_set(ROOT / "sets.example.toml").config
    clock = FakeClock(start=datetime(2020, 1, 9, 13, 0, tzinfo=UTC))
    session = Session.new(config, [], config.member_names[:2], clock.monotonic(), clock.utcnow())
    while True:
        step = session.step
        if step.kind == "questioning":
            for name in session.supporters()[:4]:
                session.tally_question(name)
        if step.kind == "summing_up" and step.subject:
            session.add_insight("A realistic insight of a sentence or so", step.subject)
            session.add_action(step.subject, "Talk to finance before the budget round", 0)
        if step.kind == "evaluation":
            for index in range(len(session.record.evaluation.ratings)):
                session.set_ratings(index, [4] * len(session.present))
        clock.advance(step.planned_seconds * 0.9)
        if not session.next(clock.monotonic()):
            break
    return session.finish(clock.monotonic(), clock.utcnow())


def write_sessions(folder: Path, count: int, base: SessionRecord) -> None:
    rng = random.Random(count)
    members = base.members
    start = datetime(1990, 1, 4, 13, 0, tzinfo=UTC)
    previous: list[Action] = []
    for number in range(count):
        when = start + timedelta(days=7 * number, minutes=rng.randint(0, 60))
        sid = session_id_for(when)
        attendance = {m: ("present" if rng.random() < 0.8 else "apologies") for m in members}
        present = [m for m in members if attendance[m] == "present"] or members[:1]
        for m in present:
            attendance[m] = "present"
        presenters = rng.sample(present, min(2, len(present)))
        actions = [
            Action(
                id=f"{number:06d}{i:04d}",  # 10 hex digits, as the engine writes
                owner=p,
                text="Talk to finance before the budget round",
                session_id=sid,
                created_at=when + timedelta(hours=1),
            )
            for i, p in enumerate(presenters)
        ]
        updates = [
            ActionUpdate(
                action_id=a.id,
                status=rng.choice(["done", "partly", "not_yet", "dropped"]),
                at=when + timedelta(minutes=10),
            )
            for a in previous
        ]
        record = base.model_copy(
            update={
                "session_id": sid,
                "started_at": when,
                "ended_at": when + timedelta(hours=2),
                "attendance": attendance,
                "presenters": presenters,
                "actions": actions,
                "updates": updates,
            }
        )
        path = folder / SET_ID / "sessions" / f"{sid}.json"
        atomic_write(path, dump(SessionRecord.model_validate(record.model_dump())))
        previous = actions


CPU: dict[tuple[str, ...], float] = {}


def timed(args: list[str], runs: int = 3) -> float:
    """Best wall time of ``runs``; the CPU time (user + system, all processes) of that
    run goes in :data:`CPU`, a figure that other load on the machine does not inflate."""
    best = float("inf")
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        began = time.perf_counter()
        result = subprocess.run(args, stdout=subprocess.DEVNULL, check=False)
        wall = time.perf_counter() - began
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if result.returncode != 0:
            raise SystemExit(f"{' '.join(args)} exited {result.returncode}")
        if wall < best:
            best = wall
            CPU[tuple(args)] = (after.ru_utime - before.ru_utime) + (
                after.ru_stime - before.ru_stime
            )
    return best


VIEWS: dict[str, list[str]] = {
    "history": ["history"],
    "show last": ["history", "show", "last"],
    "actions": ["history", "actions"],
    "members": ["history", "members"],
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--keep", type=Path, help="write the sessions here and reuse them")
    parser.add_argument("--runs", type=int, default=3, help="best of this many runs")
    options = parser.parse_args()
    base = template()
    alfacil = [sys.executable, "-m", "alfacil"]
    taskset = shutil.which("taskset")
    pins: list[tuple[str, list[str]]] = [("", [])]
    if taskset:
        pins.append((" (1 cpu)", [taskset, "-c", "0"]))
    figures: dict[tuple[str, int], float] = {}
    cpu: dict[tuple[str, int], float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for count in (1_000, 10_000):
            folder = (options.keep or Path(tmp)) / str(count)
            sessions = folder / SET_ID / "sessions"
            if not (sessions.is_dir() and len(list(sessions.glob("*.json"))) == count):
                began = time.perf_counter()
                write_sessions(folder, count, base)
                took = time.perf_counter() - began
                print(f"wrote {count} sessions in {took:.1f} s", file=sys.stderr)
            common = ["--set", SET_ID, "--data-dir", str(folder)]
            for pin_name, pin in pins:
                for view, words in VIEWS.items():
                    args = [*pin, *alfacil, *words, *common]
                    figures[(view + pin_name, count)] = timed(args, options.runs)
                    cpu[(view + pin_name, count)] = CPU[tuple(args)]
            args = [*alfacil, "history", *common, "--limit", str(count)]
            figures[("history --limit all", count)] = timed(args, runs=1)
            cpu[("history --limit all", count)] = CPU[tuple(args)]
    ok = True
    rows = [view + pin_name for pin_name, _ in pins for view in VIEWS]
    for view in [*rows, "history --limit all"]:
        small, large = figures[(view, 1_000)], figures[(view, 10_000)]
        ratio = large / small
        budgeted = view != "history --limit all"
        passed = large < BUDGET and ratio <= 10.0
        verdict = ("PASS" if passed else "FAIL") if budgeted else "(not budgeted)"
        ok = ok and (passed or not budgeted)
        print(
            f"alfacil {view:<20} 1,000: {small:.2f} s   10,000: {large:.2f} s   "
            f"ratio {ratio:.1f}   budget {BUDGET} s: {verdict}   "
            f"(cpu {cpu[(view, 1_000)]:.2f} s, {cpu[(view, 10_000)]:.2f} s)"
        )
    if taskset:
        for view in VIEWS:
            both, one = figures[(view, 10_000)], figures[(view + " (1 cpu)", 10_000)]
            print(
                f"{view:<10} at 10,000: {both:.2f} s with every CPU, {one:.2f} s pinned "
                f"to one ({one - both:+.2f} s)"
            )
    load = os.getloadavg()[0]
    print(f"cpus available: {len(os.sched_getaffinity(0))}; load average {load:.1f}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())

"""Memory budget: peak RSS of a two-hour session, at most 1.3x a bare Textual app's.

Each side runs in a fresh interpreter of its own (``--child``) so that neither
inherits the other's heap, and reports ``ru_maxrss`` when it is done:

* alfacil: the real ``AlfacilApp`` under a Textual ``Pilot`` on a ``FakeClock``, on
  a copy of ``sets.example.toml`` with an earlier session (so there are updates to
  give), driven through every step of a two-hour session: attendance, the updates,
  question tallies and advice reminders, actions and insights through the console
  controller, both ratings, a pause, a minute added, the clock moved on 10 s at a
  time with the screen brought up to date at each, and the terminal resized
  (80x24, 160x48, 120x40) on every step; then the record is saved and the app quits.
* bare: a Textual app showing one ``Digits`` clock, updated and resized as often;
* pydantic: the same app with its settings validated by one pydantic model: what the
  design's declared dependencies cost before a line of alfacil, printed beside the
  budget so that the share alfacil itself adds can be read off;
* steady: the console left on the questioning step for three hours of FakeClock
  seconds, a repaint a second at 160x48, its RSS sampled each hour: a cache that
  grows without bound shows here, where the two-hour peak would hide it
  (``--no-steady`` leaves it out; it takes about a minute).

    .venv/bin/python bench/memory.py

Exit status: 0 within budget, 1 over it.
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import subprocess
import sys
import tempfile
from datetime import UTC
from pathlib import Path

BUDGET = 1.3
TICK = 10.0  # FakeClock seconds between repaints
SIZES = ((80, 24), (160, 48), (120, 40))
SESSION_SECONDS = 2 * 3600
STEADY_HOURS = 3


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def current_rss_mib() -> float:
    with open("/proc/self/statm") as statm:  # pages; Linux only, like ru_maxrss in KiB
        return int(statm.read().split()[1]) * resource.getpagesize() / 2**20


async def drive_alfacil(folder: Path) -> int:
    """Every step of a two-hour session; returns how many repaints were made."""
    from history import SET_ID, template
    from tmuxbench import SET_FILE

    from alfacil.clock import FakeClock
    from alfacil.config import load_set
    from alfacil.console import ActionDraft
    from alfacil.runner import Runner
    from alfacil.store import atomic_write, dump
    from alfacil.tui.app import make_app

    data = folder / "data"
    earlier = template()
    atomic_write(data / SET_ID / "sessions" / f"{earlier.session_id}.json", dump(earlier))
    set_file = load_set(SET_FILE)
    clock = FakeClock()
    runner = Runner.open(set_file, data, clock)
    app = make_app(runner, "ask", tz=UTC)
    repaints = 0
    try:
        async with app.run_test(size=SIZES[2]) as pilot:
            await pilot.pause()
            controller = app.controller
            for step in range(40):
                session = runner.session
                if session is None or session.finished:
                    break
                kind = session.step.kind
                width, height = SIZES[step % len(SIZES)]
                await pilot.resize_terminal(width, height)
                if kind == "checkin":
                    controller.attendance(session.record.members[-1])
                elif kind == "updates":
                    owner = session.step.subject or ""
                    for action in session.actions_of(owner)[:2]:
                        controller.update_status(action.id, "partly", "half way there")
                elif kind == "questioning":
                    for number in (1, 2, 3, 1, 2):
                        controller.tally(number)
                    controller.advice()
                    controller.pause()
                    clock.advance(60)
                    controller.pause()
                    controller.adjust(60)
                elif kind == "summing_up" and session.step.subject:
                    owner = session.step.subject
                    for n in range(3):
                        controller.add_action(ActionDraft(owner, f"Action {n} of {owner}", None))
                    controller.insight(f"What {owner} learned today")
                elif kind == "evaluation":
                    for index in range(len(session.record.evaluation.ratings)):
                        controller.ratings(index, [4] * len(session.present))
                    controller.learning("Keep the questions open")
                planned = session.step.planned_seconds * (
                    SESSION_SECONDS / session.record.agreed_seconds
                )
                elapsed = 0.0
                while elapsed < planned:
                    clock.advance(TICK)
                    elapsed += TICK
                    app.repaint()
                    repaints += 1
                    if repaints % 30 == 0:
                        await pilot.pause()
                await pilot.pause()
                await pilot.press("n")
                await pilot.pause()
            await pilot.press("n")  # the finished screen: leave
            await pilot.pause()
    finally:
        runner.close()
    records = list((data / SET_ID / "sessions").glob("*.json"))
    if len(records) != 2:  # the earlier session and this one, saved at the end
        raise SystemExit(f"memory: the session was not driven to its end: {records}")
    return repaints


async def drive_steady(folder: Path, hours: int) -> list[float]:
    """One step left running for hours, a repaint a second at 160x48: the RSS once an
    hour, after a collection. A cache that grows without bound shows here, where a
    two-hour peak would hide it."""
    import gc

    from tmuxbench import SET_FILE

    from alfacil.clock import FakeClock
    from alfacil.config import load_set
    from alfacil.runner import Runner
    from alfacil.tui.app import make_app

    clock = FakeClock()
    runner = Runner.open(load_set(SET_FILE), folder / "data", clock)
    app = make_app(runner, "ask", tz=UTC)
    samples: list[float] = []
    try:
        async with app.run_test(size=SIZES[1]) as pilot:
            await pilot.pause()
            for _ in range(4):  # check-in, ground rules, presenting: into questioning
                await pilot.press("n")
                await pilot.pause()
            for second in range(1, hours * 3600 + 1):
                clock.advance(1.0)
                app.repaint()
                if second % 20 == 0:
                    await pilot.pause()
                if second % 3600 == 0:
                    gc.collect()
                    samples.append(current_rss_mib())
    finally:
        runner.close()
    return samples


async def drive_bare(repaints: int, steps: int, *, validated: bool = False) -> None:
    from textual.app import App, ComposeResult
    from textual.widgets import Digits

    if validated:
        # The floor of any app built on the design's declared dependencies: its
        # settings validated by one pydantic model, as alfacil's set file is.
        from pydantic import BaseModel, ConfigDict, Field

        class Settings(BaseModel):
            model_config = ConfigDict(extra="forbid")
            title: str = Field(max_length=200)
            minutes: int = Field(ge=1, le=24 * 60)

        Settings.model_validate({"title": "Digits", "minutes": 120})

    class DigitsClock(App[None]):
        def compose(self) -> ComposeResult:
            yield Digits("00:00:00")

    app = DigitsClock()
    async with app.run_test(size=SIZES[2]) as pilot:
        digits = app.query_one(Digits)
        per_step = max(1, repaints // steps)
        for n in range(repaints):
            if n % per_step == 0:
                width, height = SIZES[(n // per_step) % len(SIZES)]
                await pilot.resize_terminal(width, height)
            digits.update(f"{n // 3600:02d}:{n // 60 % 60:02d}:{n % 60:02d}")
            if n % 30 == 0:
                await pilot.pause()
        await pilot.pause()


def child(which: str, repaints: int) -> None:
    with tempfile.TemporaryDirectory(prefix="alfacil-memory-") as tmp:
        if which == "steady":
            samples = asyncio.run(drive_steady(Path(tmp), STEADY_HOURS))
            print(" ".join(f"{sample:.1f}" for sample in samples))
            return
        if which == "alfacil":
            repaints = asyncio.run(drive_alfacil(Path(tmp)))
        else:
            asyncio.run(drive_bare(repaints, 14, validated=which == "pydantic"))
    print(f"{peak_rss_mib():.1f} {repaints}")


def run_child(which: str, repaints: int = 0) -> str:
    done = subprocess.run(
        [sys.executable, __file__, "--child", which, "--repaints", str(repaints)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"memory: the {which} run failed:\n{done.stderr}")
    return done.stdout.strip().splitlines()[-1]


def peak_of(which: str, repaints: int = 0) -> tuple[float, int]:
    peak, count = run_child(which, repaints).split()[-2:]
    return float(peak), int(count)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--child", choices=("alfacil", "bare", "pydantic", "steady"))
    parser.add_argument("--repaints", type=int, default=0)
    parser.add_argument(
        "--no-steady", action="store_true", help="leave out the three-hour growth run"
    )
    args = parser.parse_args()
    if args.child:
        child(args.child, args.repaints)
        return 0
    alfacil, repaints = peak_of("alfacil")
    bare, _ = peak_of("bare", repaints)
    peer, _ = peak_of("pydantic", repaints)
    ratio = alfacil / bare
    ok = ratio <= BUDGET
    print(f"bare Textual Digits app:        peak RSS {bare:.1f} MiB ({repaints} updates, resized)")
    print(
        f"the same with one pydantic model: peak RSS {peer:.1f} MiB"
        f" ({peer / bare:.2f}x bare: the floor of the declared dependencies)"
    )
    print(f"alfacil two-hour session:       peak RSS {alfacil:.1f} MiB ({repaints} repaints)")
    print(
        f"alfacil is {alfacil / peer:.2f}x the pydantic peer"
        f" ({alfacil - peer:.1f} MiB of its own above that floor)"
    )
    if not args.no_steady:
        samples = [float(value) for value in run_child("steady").split()]
        hourly = ", ".join(f"{value:.1f}" for value in samples)
        print(
            f"one step for {STEADY_HOURS} h: RSS each hour {hourly} MiB"
            f" (after the first hour {samples[-1] - samples[0]:+.1f} MiB)"
        )
    print(f"ratio {ratio:.2f} to bare: {'PASS' if ok else 'FAIL'} (budget <= {BUDGET:g}x)")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())

"""Write ``docs/display.svg`` and ``docs/console.svg``: the members' display and the
facilitator's console at the same moment, for the README's "On the wall".

Both are drawn by alfacil itself over one session run by the real runner on a
:class:`alfacil.clock.FakeClock` (Aled's questioning, seven minutes in), shown in UTC,
so the output is the same on every run.

    .venv/bin/python scripts/make_screenshots.py [--out docs]
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from alfacil.clock import FakeClock
from alfacil.config import load_set
from alfacil.runner import Runner
from alfacil.tui.app import make_app
from alfacil.tui.display import make_display_app

ROOT = Path(__file__).resolve().parent.parent
START = datetime(2026, 11, 27, 14, 0, tzinfo=UTC)
SIZE = (120, 36)


async def shoot(out: Path) -> None:
    clock = FakeClock(start=START, monotonic_start=5000.0)
    with tempfile.TemporaryDirectory(prefix="alfacil-shots-") as tmp:
        data = Path(tmp) / "data"
        set_file = load_set(ROOT / "sets.example.toml")
        runner = Runner.open(set_file, data, clock)
        try:
            session = runner.start_new()
            for seconds in (300, 180, 600):
                clock.advance(seconds)
                session.next(runner.now())
            clock.advance(420)
            session.tally_question("Bethan")
            runner.save()
            display = make_display_app(runner.store.paths, clock, config=runner.config, tz=UTC)
            async with display.run_test(size=SIZE) as pilot:
                await pilot.pause()
                (out / "display.svg").write_text(display.export_screenshot(title="alfacil display"))
        finally:
            runner.close()
        # The console over the same session, resumed from its autosave.
        runner = Runner.open(set_file, data, clock)
        try:
            console = make_app(runner, "resume", tz=UTC)
            async with console.run_test(size=SIZE) as pilot:
                await pilot.pause()
                (out / "console.svg").write_text(console.export_screenshot(title="alfacil start"))
        finally:
            runner.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    asyncio.run(shoot(args.out))
    for name in ("display.svg", "console.svg"):
        print(args.out / name)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

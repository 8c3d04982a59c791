"""Write docs/console.svg, the README's picture of the console, from the real app.

The console runs headless (Textual's Pilot) on sets.example.toml over a FakeClock, so
the picture is the same on every run: 14:00 UTC, a few minutes into Aled's
questioning. Run after a change to the console's look:

    python scripts/make_screenshot.py                 # writes docs/console.svg
    python scripts/make_screenshot.py OUT.svg         # somewhere else
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from alfacil.clock import FakeClock
from alfacil.config import load_set
from alfacil.runner import Runner
from alfacil.tui.app import make_app

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "docs" / "console.svg"
SIZE = (120, 34)
START = datetime(2026, 11, 27, 14, 0, tzinfo=UTC)
#: (seconds the step runs, then `n`): check-in, ground rules, Aled presenting.
STEPS = (330, 170, 560)


async def screenshot(out: Path) -> None:
    set_file = load_set(ROOT / "sets.example.toml")
    clock = FakeClock(start=START, monotonic_start=5000.0)
    with tempfile.TemporaryDirectory() as data:
        runner = Runner.open(set_file, Path(data), clock)
        try:
            app = make_app(runner, "fresh", tz=UTC)
            async with app.run_test(size=SIZE) as pilot:
                await pilot.pause()
                for seconds in STEPS:
                    clock.advance(seconds)
                    await pilot.press("n")
                    await pilot.pause()
                clock.advance(7 * 60 + 12)  # into the questioning
                await pilot.press("2", "3", "2")  # supporters 2 and 3 (Carys, Dafydd) ask
                app.repaint()
                await pilot.pause()
                svg = app.export_screenshot(title="alfacil start sets.example.toml")
        finally:
            runner.close()
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(svg)


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else OUTPUT
    asyncio.run(screenshot(out))
    print(f"wrote {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))

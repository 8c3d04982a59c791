"""Write ``docs/display.svg``: the members' display, for the README's "On the wall"
(the console's picture, ``docs/console.svg``, is scripts/make_screenshot.py's).

It is drawn by alfacil itself over one session run by the real runner on a
:class:`alfacil.clock.FakeClock` (Aled's questioning, seven minutes in), shown in UTC,
so the output is the same on every run.

    .venv/bin/python scripts/make_screenshots.py [--out docs] [--browser]

``--browser`` also writes ``docs/display-browser.png``: ``alfacil serve --display`` in
Debian's Chromium (driven by Playwright), over a session run on the real clock, so
that one picture shows the time it was taken.
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


def shoot_browser(out: Path) -> None:
    import socket
    import subprocess
    import sys
    import time

    from playwright.sync_api import sync_playwright

    from alfacil.clock import SystemClock

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with tempfile.TemporaryDirectory(prefix="alfacil-shots-") as tmp:
        data = Path(tmp) / "data"
        set_path = ROOT / "sets.example.toml"
        argv = [sys.executable, "-m", "alfacil", "serve", str(set_path), "--display"]
        server = subprocess.Popen(
            [*argv, "--port", str(port), "--data-dir", str(data)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        runner = Runner.open(load_set(set_path), data, SystemClock())
        try:
            session = runner.start_new()
            for _ in range(3):
                session.next(runner.now())
            runner.save()
            until = time.monotonic() + 20
            while time.monotonic() < until:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                    break
                except OSError:
                    time.sleep(0.1)
            with sync_playwright() as p:
                browser = p.chromium.launch_persistent_context(
                    str(Path(tmp) / "chromium"),
                    executable_path="/usr/bin/chromium",
                    viewport={"width": 1280, "height": 720},
                    args=["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"],
                )
                page = browser.new_page()
                page.goto(f"http://127.0.0.1:{port}/")
                page.wait_for_selector("body.-first-byte", timeout=20000)
                page.wait_for_timeout(1500)  # the fade-in of the page
                page.screenshot(path=str(out / "display-browser.png"))
                browser.close()
        finally:
            runner.close()
            server.terminate()
            server.wait(timeout=10)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs")
    parser.add_argument("--browser", action="store_true", help="also the browser tab (PNG)")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    asyncio.run(shoot(args.out))
    names = ["display.svg"]
    if args.browser:
        shoot_browser(args.out)
        names.append("display-browser.png")
    for name in names:
        print(args.out / name)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

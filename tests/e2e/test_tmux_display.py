"""End to end: the real console in one tmux pane, the real display in another.

Each of ``n``, ``space``, ``+`` and ``h`` pressed on the console must show on the
display within one second (measured from the key being sent to the display's pane
showing it; the poll has that deadline, a bounded wait for a real process). The
display never writes: the set's files are what the console wrote.
"""

from __future__ import annotations

import time
from pathlib import Path

from .test_tmux import (
    SET_FILE,
    Pane,
    alfacil_script,
    header_shows,
    require_tmux,
    tmux_socket,  # noqa: F401  (the fixture)
)

WITHIN = 1.0  # seconds from a key on the console to the display showing it


def shows_within(pane: Pane, seconds: float, check: str, *, gone: bool = False) -> float:
    """Seconds until ``check`` is on (or, ``gone``, off) the pane; fails after ``seconds``."""
    start = time.monotonic()
    shown = ""
    while time.monotonic() - start < seconds:
        shown = pane.screen()
        if (check not in shown) if gone else (check in shown):
            return time.monotonic() - start
        time.sleep(0.02)
    verb = "leave" if gone else "appear"
    raise AssertionError(f"{check!r} did not {verb} within {seconds}s; the display shows:\n{shown}")


def test_the_display_follows_the_console_within_a_second(
    tmux_socket: str,  # noqa: F811
    tmp_path: Path,
) -> None:
    tmux = require_tmux()
    data = tmp_path / "data"
    deadline = time.monotonic() + 120
    script = alfacil_script()
    display = Pane(tmux, tmux_socket, "display", deadline)
    console = Pane(tmux, tmux_socket, "console", deadline)
    display.start([script, "display", str(SET_FILE), "--data-dir", str(data)], tmp_path)
    try:
        display.wait_for("Cluster Managers Learning Set", "Waiting for the session to start")
        console.start([script, "start", str(SET_FILE), "--data-dir", str(data)], tmp_path)
        header_shows(console, "Check-in")
        display.wait_for("Check-in", "Who is here today")
        latencies = {}

        console.keys("n")
        latencies["n"] = shows_within(display, WITHIN, "▶ Ground rules  3m")
        console.keys("Space")
        latencies["space"] = shows_within(display, WITHIN, "paused")
        console.keys("+")
        latencies["+"] = shows_within(display, WITHIN, "▶ Ground rules  4m")
        console.keys("h")
        latencies["h"] = shows_within(display, WITHIN, "Ground rules", gone=True)
        assert display.screen().strip() == ""  # the curtain: nothing at all
        console.keys("h")
        shows_within(display, WITHIN, "▶ Ground rules  4m")
        assert max(latencies.values()) < WITHIN, latencies

        console.keys("q")
        console.wait_for("Leave the console?")
        console.keys("y")
        assert console.wait_exit() == 0
        display.keys("q")
        assert display.wait_exit() == 0
    finally:
        console.close()
        display.close()

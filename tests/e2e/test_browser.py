"""End to end in a real browser: ``alfacil serve`` on a free port, Debian's Chromium
driven by Playwright.

The page is xterm.js drawing on a canvas, so the test reads what the page receives:
every websocket frame (the app's terminal output), with the escape sequences taken
out. Keys are typed into the page as a person would. Every wait polls with a deadline
(a bounded wait for real processes); nothing sleeps a fixed time.

Chromium is required (``apt-get install chromium``; .ci/run installs it, as it does
tmux): without it these tests fail and say so. ``playwright install`` is not used.
"""

from __future__ import annotations

import json
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from alfacil.clock import SystemClock
from alfacil.config import load_set
from alfacil.runner import Runner

ROOT = Path(__file__).resolve().parents[2]
SET_FILE = ROOT / "sets.example.toml"
SET_ID = "cluster-managers"
CHROMIUM = "/usr/bin/chromium"
WAIT = 60.0  # seconds for any one thing to appear (generous: a loaded machine is slow)
ACTION_TEXT = "Book the room for March"
ESCAPES = re.compile(
    r"\x1b\[[0-9;?$<>=]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)|\x1b[()][0-9A-Z]"
)


def require_browser() -> Any:
    if shutil.which("chromium") is None and not Path(CHROMIUM).exists():
        pytest.fail(
            "chromium is not installed: the browser test of `alfacil serve` needs it "
            "(apt-get install chromium)",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    return sync_playwright


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class Served:
    """``alfacil serve`` in a subprocess, stopped afterwards."""

    def __init__(self, argv: list[str]) -> None:
        self.port = free_port()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "alfacil", "serve", *argv, "--port", str(self.port)],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        until = time.monotonic() + WAIT
        while time.monotonic() < until:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                return
            except OSError:
                if self.process.poll() is not None:
                    break
                time.sleep(0.05)
        self.stop()
        raise AssertionError(f"alfacil serve did not listen: {self.output()}")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def output(self) -> str:
        out = self.process.stdout.read() if self.process.stdout else b""
        return out.decode("utf-8", "replace")[-3000:]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


class Page:
    """A Chromium page on the served app, and the text its websocket has received."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.frames: list[str] = []
        self.mark = 0
        page.on("websocket", lambda ws: ws.on("framereceived", self._frame))

    def _frame(self, payload: str | bytes) -> None:
        text = payload if isinstance(payload, str) else payload.decode("utf-8", "replace")
        self.frames.append(text)

    def text(self) -> str:
        return ESCAPES.sub("", "".join(self.frames))

    def wait_for(self, *texts: str) -> None:
        """Poll until every one of ``texts`` has arrived since the last wait."""
        until = time.monotonic() + WAIT
        while time.monotonic() < until:
            shown = self.text()[self.mark :]
            if all(t in shown for t in texts):
                self.mark = len(self.text())
                return
            self.page.wait_for_timeout(50)  # lets Playwright deliver the frames
        raise AssertionError(f"{texts!r} never arrived; the page got:\n{self.text()[-2000:]}")

    def press(self, key: str) -> None:
        self.page.keyboard.press(key)


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Any]:
    sync_playwright = require_browser()
    with sync_playwright() as p:
        # A fresh profile each time: a persistent context in the test's own folder.
        launched = p.chromium.launch_persistent_context(
            str(tmp_path / "chromium"),
            executable_path=CHROMIUM,
            viewport={"width": 1400, "height": 900},
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        try:
            yield launched
        finally:
            launched.close()


def open_page(browser: Any, served: Served) -> Page:
    page = Page(browser.new_page())
    page.page.goto(served.url)
    page.page.wait_for_selector("body.-first-byte", timeout=WAIT * 1000)
    page.page.locator(".xterm").click()
    return page


def wait_file(path: Path) -> Any:
    until = time.monotonic() + WAIT
    while time.monotonic() < until:
        if path.exists():
            return json.loads(path.read_text(encoding="utf-8"))
        time.sleep(0.05)
    raise AssertionError(f"{path} never appeared")


def test_the_console_in_a_browser_runs_a_session(browser: Any, tmp_path: Path) -> None:
    data = tmp_path / "data"
    served = Served([str(SET_FILE), "--data-dir", str(data)])
    try:
        page = open_page(browser, served)
        page.wait_for("Check-in", "Presenting today")
        page.press("n")
        page.wait_for("Ground rules")
        page.press("a")
        page.wait_for("New action")
        # The form's title can arrive before its field has the focus; keys typed in
        # that moment go to the console (b, o ... are its keys). Let the focus settle,
        # type at a person's pace, and see the words in the field before Enter.
        page.page.wait_for_timeout(500)
        page.page.keyboard.type(ACTION_TEXT, delay=30)
        page.wait_for(ACTION_TEXT)
        page.press("Enter")
        page.wait_for("Ground rules")  # the form closed, the console is drawn again
        for title in (
            "Presenting",
            "Questioning",
            "Summing up",
            "Presenting",
            "Questioning",
            "Summing up",
            "Evaluation",
            "Close",
        ):
            page.press("n")
            page.wait_for(title)
        page.press("n")
        page.wait_for("Session recorded")
        records = sorted((data / SET_ID / "sessions").glob("*.json"))
        assert len(records) == 1, records
        record = json.loads(records[0].read_text(encoding="utf-8"))
        assert [(a["owner"], a["text"]) for a in record["actions"]] == [("Aled", ACTION_TEXT)]
        assert not (data / SET_ID / "autosave.json").exists()
    finally:
        served.stop()


def test_the_display_in_a_browser_follows_the_console(browser: Any, tmp_path: Path) -> None:
    data = tmp_path / "data"
    served = Served([str(SET_FILE), "--display", "--data-dir", str(data)])
    runner = Runner.open(load_set(SET_FILE), data, SystemClock())
    try:
        page = open_page(browser, served)
        page.wait_for("Cluster Managers Learning Set", "Waiting for the session to start")
        session = runner.start_new()
        page.wait_for("Check-in", "Who is here today")
        session.next(runner.now())
        runner.save()
        page.wait_for("Ground rules", "What is said in the set stays in the set")
        runner.set_curtain(True)
        session.next(runner.now())
        runner.save()
        session.add_action("Aled", "zqprivate", runner.now())
        runner.set_curtain(False)
        page.wait_for("Presenting", "Aled")
        assert "zqprivate" not in page.text()
    finally:
        runner.close()
        served.stop()

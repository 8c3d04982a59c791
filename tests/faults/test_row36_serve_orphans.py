"""Row 36: `alfacil serve` stopped (SIGTERM, ctrl+c, or killed) leaves no console behind.

The real ``alfacil serve`` runs on a free port over a temporary data folder; a
websocket client connects as a browser tab does, which starts ``alfacil start`` for
it, and waits until the console holds the set's lock. Then serve is stopped:

* SIGTERM or SIGINT: serve ends the consoles it started before it exits, so when it
  has exited the set's lock is free and the session's autosave is on disk.
* SIGKILL: serve can do nothing, but the console's web pipe closes; the console takes
  that as a hang-up, saves and exits, so the lock is free soon after.

Before the fix the console outlived serve, orphaned, holding the set's lock (the next
``alfacil start`` was told the set was open elsewhere).
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import aiohttp
import pytest

from alfacil.store import LockedError, SetStore

from .conftest import Tally, subprocess_env, write_set

pytestmark = pytest.mark.row(36)

WAIT = 20.0
SET_ID = "fault-set"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def lock_holder(data_dir: Path) -> int | None:
    """The pid holding the set's lock, or None when it is free."""
    store = SetStore.at(data_dir, SET_ID)
    try:
        store.acquire()
    except LockedError as exc:
        return exc.pid or -1
    store.release()
    return None


async def open_tab(port: int, data_dir: Path) -> None:
    """Connect as a browser tab and stay connected until the console holds the lock
    and has drawn its session (the footer's ``palette``); the connection is left open
    (it goes when serve goes)."""
    session = aiohttp.ClientSession()
    ws = await session.ws_connect(f"http://127.0.0.1:{port}/ws?width=100&height=30")
    until = time.monotonic() + WAIT
    screen = b""
    while time.monotonic() < until:
        try:
            message = await ws.receive(timeout=0.5)
        except TimeoutError:
            message = None
        if message is not None and message.type == aiohttp.WSMsgType.BINARY:
            screen += message.data
        if message is not None and message.type in (
            aiohttp.WSMsgType.CLOSED,
            aiohttp.WSMsgType.ERROR,
        ):
            break
        if b"palette" in screen and lock_holder(data_dir) is not None:
            OPEN.append((session, ws))
            return
    await session.close()
    raise AssertionError("the served console never took the set's lock")


OPEN: list[tuple[aiohttp.ClientSession, aiohttp.ClientWebSocketResponse]] = []


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT, signal.SIGKILL])
def test_stopping_serve_ends_the_console_it_served(
    stop: signal.Signals, tmp_path: Path, tally: Tally
) -> None:
    set_path = write_set(tmp_path)
    data_dir = tmp_path / "data"
    port = free_port()
    argv = ["serve", str(set_path), "--data-dir", str(data_dir), "--port", str(port)]
    serve = subprocess.Popen(
        [sys.executable, "-m", "alfacil", *argv],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=subprocess_env(),
        start_new_session=True,  # ctrl+c in a terminal reaches serve, not pytest
    )
    loop = asyncio.new_event_loop()
    orphan: int | None = None
    try:
        until = time.monotonic() + WAIT
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                assert serve.poll() is None and time.monotonic() < until, "serve never listened"
                time.sleep(0.05)
        loop.run_until_complete(open_tab(port, data_dir))
        console = lock_holder(data_dir)
        assert console is not None and console != serve.pid

        serve.send_signal(stop)
        serve.wait(timeout=WAIT)
        if stop != signal.SIGKILL:
            # serve waited for its console: nothing is left running once it has gone
            orphan = lock_holder(data_dir)
            assert orphan is None, f"serve exited; its console {orphan} still holds the lock"
        else:
            until = time.monotonic() + WAIT
            while (orphan := lock_holder(data_dir)) is not None and time.monotonic() < until:
                time.sleep(0.1)
            assert orphan is None, f"serve was killed; its console {orphan} is still running"
        autosave = SetStore.at(data_dir, SET_ID).paths.autosave
        files = sorted(str(p.relative_to(data_dir)) for p in data_dir.rglob("*"))
        assert autosave.is_file(), f"the console left without saving: {files}"
        tally.add("orphans_checked")
    finally:
        for session, _ in OPEN:
            loop.run_until_complete(session.close())
        OPEN.clear()
        loop.close()
        if serve.poll() is None:
            serve.kill()
            serve.wait(timeout=WAIT)
        holder = lock_holder(data_dir) if data_dir.exists() else None
        if holder is not None and holder > 0:
            os.kill(holder, signal.SIGKILL)  # the orphan this row is about: not left running

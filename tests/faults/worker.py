"""A second alfacil process for the fault tests, run as ``python worker.py VERB ...``.

- ``probe DATA SET_ID``: try to become the set's writer; print ``ACQUIRED`` or
  ``LOCKED <pid>``.
- ``hold DATA SET_ID``: hold the set's lock, print ``HELD <pid>``, and keep it until
  stdin closes.
- ``writer SET.toml DATA SAVES TAG``: open the set (printing ``REFUSED <pid>`` each
  time another process holds it, and retrying), print ``OPENED``, wait for a line on
  stdin, then start a session and save it SAVES times, adding one action each time,
  and complete it; print ``DONE <session id>``.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from alfacil.clock import SystemClock
from alfacil.config import load_set
from alfacil.runner import Runner
from alfacil.store import LockedError, SetStore


def say(text: str) -> None:
    print(text, flush=True)


def probe(data: str, set_id: str) -> int:
    store = SetStore.at(Path(data), set_id)
    try:
        store.acquire()
    except LockedError as exc:
        say(f"LOCKED {exc.pid}")
        return 0
    say("ACQUIRED")
    store.release()
    return 0


def hold(data: str, set_id: str) -> int:
    store = SetStore.at(Path(data), set_id)
    store.acquire()
    say(f"HELD {os.getpid()}")
    sys.stdin.read()
    store.release()
    return 0


def writer(set_path: str, data: str, saves: str, tag: str) -> int:
    set_file = load_set(set_path)
    deadline = time.monotonic() + 60
    while True:
        try:
            runner = Runner.open(set_file, Path(data), SystemClock())
            break
        except LockedError as exc:
            say(f"REFUSED {exc.pid}")
            if time.monotonic() > deadline:
                return 1
            time.sleep(0.005)
    say("OPENED")
    sys.stdin.readline()
    try:
        session = runner.start_new()
        owners = runner.config.member_names
        for i in range(int(saves)):
            session.add_action(owners[i % len(owners)], f"{tag} action {i}", runner.now())
            reason = runner.save()
            if reason is not None:
                say(f"FAILED {reason}")
                return 1
        runner.complete()
        say(f"DONE {session.record.session_id}")
    finally:
        runner.close()
    return 0


if __name__ == "__main__":
    verb, *args = sys.argv[1:]
    sys.exit({"probe": probe, "hold": hold, "writer": writer}[verb](*args))

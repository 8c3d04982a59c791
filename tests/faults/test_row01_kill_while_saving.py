"""Row 1: kill -9 of a process saving records in a loop, 200 times at random moments.

Each time the file is the old or the new version, never partial, and the temp files
a kill leaves behind are swept by the next writer's ``SetStore.acquire()``.
"""

from __future__ import annotations

import os
import random
import select
import signal
from pathlib import Path

import pytest

from alfacil import store
from alfacil.store import SetStore, atomic_write

from .conftest import Tally

pytestmark = pytest.mark.row(1)

KILLS = 200
# Big enough that a write and its fsync take a while, so kills land mid-write.
PAYLOADS = (b"A" * 300_000 + b"\n", b"B" * 250_000 + b"\n")


def _saver(target: Path, ready: int) -> None:
    """The child: save alternately the two payloads forever; say when the first is down."""
    try:
        atomic_write(target, PAYLOADS[0])
        os.write(ready, b"!")
        i = 1
        while True:
            atomic_write(target, PAYLOADS[i % 2])
            i += 1
    finally:
        os._exit(0)


def _kill_once(target: Path, rng: random.Random) -> None:
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child never returns
        os.close(read_end)
        _saver(target, write_end)
    os.close(write_end)
    try:
        ready, _, _ = select.select([read_end], [], [], 10)
        assert ready, "the saving child never made its first save"
        os.read(read_end, 1)
        delay = rng.uniform(0, 0.006)
        if delay:
            select.select([], [], [], delay)  # the kill lands at a random moment
        os.kill(pid, signal.SIGKILL)
    finally:
        _, status = os.waitpid(pid, 0)
        os.close(read_end)
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL


def test_kill_9_while_saving_leaves_old_or_new_never_partial(tmp_path: Path, tally: Tally) -> None:
    rng = random.Random(5)
    set_store = SetStore.at(tmp_path / "data", "fault-set")
    target = set_store.paths.autosave
    left_behind = 0
    for _ in range(KILLS):
        _kill_once(target, rng)
        content = target.read_bytes()
        if content not in PAYLOADS:
            tally.add("records_lost")
        assert content in PAYLOADS, f"partial file after kill: {len(content)} bytes"
        temps = list(target.parent.glob(f".*{store.TEMP_SUFFIX}"))
        left_behind += len(temps)
        set_store.acquire()  # the next start sweeps what the kill left
        try:
            assert not list(target.parent.glob(f".*{store.TEMP_SUFFIX}"))
            assert target.read_bytes() == content  # sweeping never touches the record
        finally:
            set_store.release()
        tally.add("kills_survived")
        tally.add("records_checked")
    # The kills really landed mid-save: some left a temp file for the sweep to remove.
    assert left_behind > 0
    assert set_store.paths.lock.exists()

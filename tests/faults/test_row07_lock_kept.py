"""Row 7: opening and closing the .lock or a data file in the writer's own process,
in the middle of a save, does not drop the set's lock (flock, not POSIX record locks,
which a close of any descriptor of the file would release)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from alfacil.clock import FakeClock
from alfacil.config import SetFile

from .conftest import open_runner, probe_lock

pytestmark = pytest.mark.row(7)


def test_open_close_during_a_save_keeps_the_lock(
    set_file: SetFile, data_dir: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    runner = open_runner(set_file, data_dir, clock)
    paths = runner.store.paths
    session = runner.start_new()
    session.add_action("Aled", "Book the room", runner.now())
    probes: list[str] = []
    real_replace = os.replace

    def replace(src: Any, dst: Any) -> None:
        # Mid-save: another part of the program reads the lock and the data files.
        for path in (paths.lock, paths.autosave, Path(src)):
            with open(path, "rb") as handle:
                handle.read()
            fd = os.open(path, os.O_RDWR)
            os.close(fd)
        probes.append(probe_lock(data_dir, paths.set_id))
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    assert runner.save() is None
    monkeypatch.undo()
    assert probes == [f"LOCKED {os.getpid()}"]
    # And after the save, with the files opened and closed once more.
    for path in (paths.lock, paths.autosave):
        path.read_bytes()
    assert probe_lock(data_dir, paths.set_id) == f"LOCKED {os.getpid()}"
    runner.close()
    assert probe_lock(data_dir, paths.set_id) == "ACQUIRED"

"""Row 5: a save is write, fsync of the file, replace, fsync of the folder, in that order.

The os functions are wrapped and each call recorded with what it was applied to, so
the test sees the real sequence the store makes (strace is not needed).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from alfacil.clock import FakeClock
from alfacil.config import SetFile
from alfacil.store import atomic_write

from .conftest import open_runner

pytestmark = pytest.mark.row(5)


def _fd_target(fd: int) -> str:
    return os.readlink(f"/proc/self/fd/{fd}")


def _record_calls(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    calls: list[tuple[str, str]] = []
    real = {name: getattr(os, name) for name in ("write", "fsync", "replace", "close")}

    def write(fd: int, data: Any) -> int:
        calls.append(("write", _fd_target(fd)))
        result: int = real["write"](fd, data)
        return result

    def fsync(fd: int) -> None:
        calls.append(("fsync", _fd_target(fd)))
        real["fsync"](fd)

    def replace(src: Any, dst: Any) -> None:
        calls.append(("replace", f"{src} -> {dst}"))
        real["replace"](src, dst)

    def close(fd: int) -> None:
        calls.append(("close", _fd_target(fd)))
        real["close"](fd)

    wrappers = {"write": write, "fsync": fsync, "replace": replace, "close": close}
    for name, wrapper in wrappers.items():
        monkeypatch.setattr(os, name, wrapper)
    return calls


def _check_order(calls: list[tuple[str, str]], target: Path) -> None:
    folder = str(target.parent)
    kinds = [kind for kind, _ in calls]
    replace_at = kinds.index("replace")
    src, dst = calls[replace_at][1].split(" -> ")
    assert dst == str(target)
    assert Path(src).parent == target.parent and src != dst  # a temp in the same folder
    writes = [i for i, (kind, what) in enumerate(calls) if kind == "write" and what == src]
    file_syncs = [i for i, (kind, what) in enumerate(calls) if kind == "fsync" and what == src]
    dir_syncs = [i for i, (kind, what) in enumerate(calls) if kind == "fsync" and what == folder]
    assert writes, calls
    assert file_syncs, f"the temp file is never fsynced: {calls}"
    assert dir_syncs, f"the folder is never fsynced: {calls}"
    assert max(writes) < min(file_syncs) < replace_at < min(dir_syncs), calls
    assert kinds.count("replace") == 1


def test_atomic_write_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "set" / "autosave.json"
    atomic_write(target, b"old\n")
    calls = _record_calls(monkeypatch)
    atomic_write(target, b"new\n" * 1000)
    monkeypatch.undo()
    _check_order(calls, target)
    assert target.read_bytes() == b"new\n" * 1000


def test_every_file_of_a_session_is_saved_in_that_order(
    set_file: SetFile, data_dir: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    runner = open_runner(set_file, data_dir, clock)
    session = runner.start_new()
    session.add_action("Aled", "Ring the council", runner.now())
    paths = runner.store.paths
    calls = _record_calls(monkeypatch)
    runner.save()
    autosave_calls = list(calls)
    calls.clear()
    final = runner.complete()
    monkeypatch.undo()
    _check_order(autosave_calls, paths.autosave)
    replaces = [i for i, (kind, _) in enumerate(calls) if kind == "replace"]
    assert len(replaces) == 2  # the session file, then the ledger
    _check_order(calls[: replaces[1]], final)
    _check_order(calls[replaces[0] + 1 :], paths.ledger)
    runner.close()

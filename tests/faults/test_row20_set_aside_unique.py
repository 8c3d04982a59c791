"""Row 20: a file set aside or backed up never replaces another.

An unreadable autosave is renamed out of the way with the time to the second; two of
them in the same second (a FakeClock that does not move, or a clock set back) used
to share one name, and the second rename replaced the first file. Every set-aside
and every backup now goes through one never-overwrite link: each keeps its bytes.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from alfacil.clock import FakeClock
from alfacil.config import SetFile
from alfacil.store import SetStore, set_aside, write_backup

from .conftest import Tally, open_runner

pytestmark = pytest.mark.row(20)

BAD = [b"{half a session", b"\0\0\0", b"[]", b'{"schema_version": 2, "kind": "autosave"}']


def test_unreadable_autosaves_in_one_second_are_all_kept(
    set_file: SetFile, data_dir: Path, clock: FakeClock, tally: Tally
) -> None:
    store = SetStore.at(data_dir, set_file.config.set_id)
    kept: list[Path] = []
    for content in BAD:  # the clock never moves: every one is set aside in one second
        store.paths.root.mkdir(parents=True, exist_ok=True)
        store.paths.autosave.write_bytes(content)
        runner = open_runner(set_file, data_dir, clock)
        assert runner.set_aside is not None and runner.set_aside_reason
        kept.append(runner.set_aside)
        assert not store.paths.autosave.exists()
        runner.close()
        tally.add("bad_inputs")
    assert len(set(kept)) == len(BAD)
    assert [path.read_bytes() for path in kept] == BAD
    tally.add("records_checked", len(BAD))


def test_a_set_aside_never_replaces_a_file_already_there(tmp_path: Path) -> None:
    """Even a file the user made with the very name is left alone."""
    path = tmp_path / "autosave.json"
    squatter = tmp_path / "autosave.unreadable-20261127T140000Z.json"
    squatter.write_bytes(b"mine")
    names = []
    for n in range(3):
        path.write_bytes(f"bad {n}".encode())
        names.append(set_aside(path, "20261127T140000Z"))
    assert squatter.read_bytes() == b"mine"
    assert [p.read_bytes() for p in names] == [b"bad 0", b"bad 1", b"bad 2"]
    assert len({squatter, *names}) == 4


def test_backups_never_replace_each_other(tmp_path: Path) -> None:
    path = tmp_path / "20261127T140000Z.json"
    path.write_bytes(b"{}")
    backups = [write_backup(path, json.dumps({"n": n}).encode(), 1) for n in range(3)]
    assert len(set(backups)) == 3
    assert [json.loads(p.read_bytes())["n"] for p in backups] == [0, 1, 2]

"""Row 18: an id read from a file is never used as a path.

A session id names the session's file. An autosave (or a session file, or a ledger)
whose ids are absolute, hold ``..``, a separator, a NUL or a newline, used to be
taken as it was: closing that autosave wrote the record wherever its id pointed.
Every id read from disk must now match the pattern alfacil writes; a file that does
not is unreadable: the autosave is set aside and reported, a session file skipped
with its reason, a ledger rebuilt from the sessions. Nothing is written outside
``sessions/``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from alfacil.clock import FakeClock
from alfacil.config import SetFile
from alfacil.paths import SetPaths
from alfacil.store import SetStore

from .conftest import Tally, crash, open_runner

pytestmark = pytest.mark.row(18)

HOSTILE_IDS = [
    "../../escaped",
    "../sessions-elsewhere/20261127T140000Z",
    "/tmp/alfacil-row18-absolute",
    "20261127T140000Z/../../../escaped",
    "..",
    ".",
    "",
    "20261127T140000Z\n",
    "20261127T140000Z\x00.json",
    "sub/20261127T140000Z",
    "20261127T140000Z-../../x",
]


def _autosave(set_file: SetFile, data_dir: Path, clock: FakeClock) -> dict[str, Any]:
    """A real autosave of a session with one action and one update, as JSON."""
    runner = open_runner(set_file, data_dir, clock)
    session = runner.start_new()
    session.add_action("Aled", "Call the depot", runner.now())
    clock.advance(60)
    runner.save()
    crash(runner)
    raw: dict[str, Any] = json.loads(runner.store.paths.autosave.read_bytes())
    return raw


def _files(root: Path) -> set[Path]:
    return {p for p in root.rglob("*") if p.is_file() or p.is_symlink()}


def _set_id_field(raw: dict[str, Any], value: str) -> None:
    raw["session"]["set_id"] = value


def _session_id_field(raw: dict[str, Any], value: str) -> None:
    raw["session"]["session_id"] = value


def _action_session(raw: dict[str, Any], value: str) -> None:
    raw["session"]["actions"][0]["session_id"] = value


def _action_id(raw: dict[str, Any], value: str) -> None:
    raw["session"]["actions"][0]["id"] = value


FIELDS = {
    "session_id": _session_id_field,
    "set_id": _set_id_field,
    "action.session_id": _action_session,
    "action.id": _action_id,
}


@pytest.mark.parametrize("field", sorted(FIELDS))
@pytest.mark.parametrize("hostile", HOSTILE_IDS)
def test_an_autosave_with_a_hostile_id_is_set_aside(
    field: str,
    hostile: str,
    set_file: SetFile,
    tmp_path: Path,
    clock: FakeClock,
    tally: Tally,
) -> None:
    data_dir = tmp_path / "data"
    raw = _autosave(set_file, data_dir, clock)
    FIELDS[field](raw, hostile)
    paths = SetPaths(data_dir, set_file.config.set_id)
    paths.autosave.write_text(json.dumps(raw))
    before = _files(tmp_path) - {paths.autosave}
    runner = open_runner(set_file, data_dir, clock)
    assert runner.pending is None
    assert runner.set_aside is not None and runner.set_aside_reason
    assert field.split(".")[-1] in runner.set_aside_reason
    # The set can go on: a new session, completed, lands in sessions/ and nowhere else.
    runner.start_new()
    clock.advance(60)
    final = runner.complete()
    runner.close()
    assert final.parent == paths.sessions
    new = _files(tmp_path) - before
    assert new == {runner.set_aside, final, paths.ledger}, new
    assert not Path("/tmp/alfacil-row18-absolute.json").exists()
    tally.add("bad_inputs")


def test_session_files_and_ledger_with_hostile_ids_are_not_read(
    set_file: SetFile, data_dir: Path, clock: FakeClock, tally: Tally
) -> None:
    runner = open_runner(set_file, data_dir, clock)
    session = runner.start_new()
    session.add_action("Aled", "Call the depot", runner.now())
    clock.advance(60)
    good = runner.complete()
    runner.close()
    record = json.loads(good.read_bytes())
    sessions = good.parent
    edits = {
        "session_id": lambda r, v: r.__setitem__("session_id", v),
        "set_id": lambda r, v: r.__setitem__("set_id", v),
        "actions.0.id": lambda r, v: r["actions"][0].__setitem__("id", v),
        "actions.0.session_id": lambda r, v: r["actions"][0].__setitem__("session_id", v),
        "updates.0.action_id": lambda r, v: r.__setitem__(
            "updates", [{"action_id": v, "status": "done", "note": "", "at": r["started_at"]}]
        ),
    }
    names = []
    for n, (where, edit) in enumerate(edits.items()):
        for m, hostile in enumerate(HOSTILE_IDS):
            bad = json.loads(json.dumps(record))
            edit(bad, hostile)
            name = f"2020{n + 1:02d}{m + 1:02d}T000000Z.json"
            (sessions / name).write_text(json.dumps(bad))
            names.append((name, where))
    store = SetStore.at(data_dir, set_file.config.set_id)
    loaded = store.load_sessions()
    assert [s.session_id for s in loaded.sessions] == [good.stem]
    skipped = {s.path.name: s.reason for s in loaded.skipped}
    for name, where in names:
        assert where in skipped[name], (name, skipped[name])
    tally.add("bad_inputs", len(names))

    # A ledger with a hostile id is not believed: it is rebuilt from the sessions.
    ledger = json.loads(store.paths.ledger.read_bytes())
    for hostile in HOSTILE_IDS:
        for edit_ledger in (
            lambda d, v: d.__setitem__("built_from", [v]),
            lambda d, v: d.__setitem__("set_id", v),
            lambda d, v: d["actions"][0].__setitem__("id", v),
        ):
            bad = json.loads(json.dumps(ledger))
            edit_ledger(bad, hostile)
            store.paths.ledger.write_text(json.dumps(bad))
            rebuilt = store.ledger(clock.utcnow(), loaded)
            assert rebuilt.built_from == [good.stem]
            assert [a.id for a in rebuilt.actions] == [record["actions"][0]["id"]]
            tally.add("bad_inputs")


@pytest.mark.parametrize("hostile", HOSTILE_IDS)
def test_paths_refuse_a_session_id_that_is_not_one(hostile: str, tmp_path: Path) -> None:
    """The last line of defence: whatever the models let through, paths names no
    file outside ``sessions/``."""
    with pytest.raises(ValueError, match="not a session id"):
        SetPaths(tmp_path, "fault-set").session_file(hostile)

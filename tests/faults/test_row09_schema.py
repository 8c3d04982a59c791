"""Row 9: a record of an older schema migrates on read, and is rewritten only by
``alfacil migrate``, which keeps a backup.

``data/schema1/`` holds real records written by alfacil when schema 1 was current
(two sessions, the ledger, an unfinished session's autosave; see its README). Schema 2
added a session's local UTC offset, schema 3 the autosave's curtain. Proved here: each
fixture reads as the current schema with every value kept and the offset unknown; a
schema-1 record that is otherwise broken is reported with the reason; ``history`` and
``start`` read them and never change them; ``alfacil migrate`` rewrites them with
byte-identical backups, is refused while the set is open, leaves newer and corrupt
files alone (exit 3), writes nothing with ``--dry-run`` and nothing the second time.
Also: the migrate hook is applied and its result validated, a newer record is reported
before migration is tried, and a record without ``schema_version`` is reported, never
guessed to be 1.
"""

from __future__ import annotations

import json
import os
import stat
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from alfacil import store
from alfacil.clock import FakeClock
from alfacil.config import SetFile
from alfacil.records import SCHEMA_VERSION, Autosave, Ledger, SessionRecord
from alfacil.store import RecordError, parse_record, read_record

from .conftest import SET_TOML, Tally, open_runner, read_line, start_worker, write_set

pytestmark = pytest.mark.row(9)


@pytest.fixture
def record_json(set_file: SetFile, data_dir: Path, clock: FakeClock) -> dict[str, Any]:
    runner = open_runner(set_file, data_dir, clock)
    session = runner.start_new()
    session.add_action("Aled", "Phone the school", runner.now())
    path = runner.complete()
    runner.close()
    raw: dict[str, Any] = json.loads(path.read_text())
    return raw


def test_migrate_is_applied_on_read_and_its_result_validated(
    record_json: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A record as a hypothetical earlier layout would have it: the hook must see it.
    earlier = dict(record_json)
    earlier["who_presented"] = earlier.pop("presenters")
    seen: list[dict[str, Any]] = []

    def migrate(raw: dict[str, Any]) -> dict[str, Any]:
        seen.append(raw)
        if "who_presented" in raw:
            raw = dict(raw)
            raw["presenters"] = raw.pop("who_presented")
        return raw

    monkeypatch.setattr(store, "migrate", migrate)
    path = tmp_path / "earlier.json"
    path.write_text(json.dumps(earlier))
    before = path.read_bytes()
    record = read_record(path, SessionRecord)
    assert len(seen) == 1
    assert record.presenters == record_json["presenters"]
    assert path.read_bytes() == before  # migrated in memory, never rewritten on read


def test_a_newer_record_is_reported_before_migration(
    record_json: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(store, "migrate", lambda raw: calls.append(raw) or raw)
    path = tmp_path / "newer.json"
    path.write_text(json.dumps(dict(record_json, schema_version=SCHEMA_VERSION + 1)))
    with pytest.raises(RecordError) as caught:
        read_record(path, SessionRecord)
    assert caught.value.newer and "newer alfacil" in caught.value.reason
    assert calls == []


@pytest.mark.parametrize("model", [SessionRecord, Ledger, Autosave])
def test_a_record_without_schema_version_is_reported_not_guessed(
    model: type[SessionRecord | Ledger | Autosave],
    record_json: dict[str, Any],
    set_file: SetFile,
    data_dir: Path,
    clock: FakeClock,
    tmp_path: Path,
    tally: Tally,
) -> None:
    runner = open_runner(set_file, data_dir, clock)
    session = runner.start_new()
    autosave = json.loads(runner.store.paths.autosave.read_text())
    runner.complete()
    ledger = json.loads(runner.store.paths.ledger.read_text())
    runner.close()
    del session
    raw = {SessionRecord: record_json, Ledger: ledger, Autosave: autosave}[model]
    # The file as written reads back ...
    good = tmp_path / "good.json"
    good.write_text(json.dumps(raw))
    read_record(good, model)
    # ... but without its version it is reported: the reader must not assume 1.
    unversioned = {k: v for k, v in raw.items() if k != "schema_version"}
    path = tmp_path / "unversioned.json"
    path.write_text(json.dumps(unversioned))
    tally.add("bad_inputs")
    with pytest.raises(RecordError) as caught:
        parse_record(path, path.read_bytes(), model)
    assert "schema_version" in caught.value.reason
    assert str(caught.value).startswith(str(path))


# --- the schema-1 fixtures ----------------------------------------------------------------

SCHEMA1 = Path(__file__).with_name("data") / "schema1"
SET_ID = "fault-set"
SESSION_FILES = ("20260909T233000Z.json", "20260924T130000Z.json")
#: fixture file -> (where it goes in a set's folder, its model)
FIXTURES: dict[str, tuple[str, type[SessionRecord | Ledger | Autosave]]] = {
    **{name: (f"sessions/{name}", SessionRecord) for name in SESSION_FILES},
    "actions.json": ("actions.json", Ledger),
    "autosave.json": ("autosave.json", Autosave),
}


def _as_current(raw: dict[str, Any]) -> dict[str, Any]:
    """What a schema-1 record must read as, written out by hand (not by the migration):
    schema 2 added the session's offset and zone, schema 3 the autosave's curtain,
    schema 4 each step's reflections and each adjustment's ``rebalance``."""
    out = dict(raw, schema_version=4)
    if raw["kind"] == "session":
        out.update(utc_offset_minutes=None, timezone=None)
        out["steps"] = [
            dict(
                step,
                reflections=[],
                adjustments=[dict(a, rebalance=False) for a in step.get("adjustments", [])],
            )
            for step in raw["steps"]
        ]
    if raw["kind"] == "autosave":
        out["curtain"] = False
        out["session"] = _as_current(raw["session"])
    return out


def _fingerprint(folder: Path) -> dict[str, tuple[bytes, int, int]]:
    """Every file under ``folder``: bytes, mode and mtime (ns)."""
    return {
        str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mode, p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def schema1_data(tmp_path: Path) -> Path:
    """A data folder holding the schema-1 fixtures as a set's files, byte for byte."""
    data = tmp_path / "schema1-data"
    for name, (where, _) in FIXTURES.items():
        target = data / SET_ID / where
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        target.write_bytes((SCHEMA1 / name).read_bytes())
        target.chmod(0o600)
    for folder in (data / SET_ID, data / SET_ID / "sessions"):
        folder.chmod(0o700)  # as alfacil makes them (history warns about anything else)
    return data


def _cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    from alfacil.cli import main

    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_the_fixtures_are_schema_1() -> None:
    for name in FIXTURES:
        assert json.loads((SCHEMA1 / name).read_bytes())["schema_version"] == 1, name
    assert SCHEMA_VERSION == 4


@pytest.mark.parametrize("name", sorted(FIXTURES))
def test_each_schema1_fixture_migrates_on_read_with_every_value_kept(
    name: str, tmp_path: Path, tally: Tally
) -> None:
    _, model = FIXTURES[name]
    path = tmp_path / name
    original = (SCHEMA1 / name).read_bytes()
    path.write_bytes(original)
    before = path.stat().st_mtime_ns
    record = read_record(path, model)
    assert record.schema_version == SCHEMA_VERSION
    assert json.loads(record.model_dump_json()) == _as_current(json.loads(original))
    session = record if isinstance(record, SessionRecord) else getattr(record, "session", None)
    if session is not None:
        assert session.utc_offset_minutes is None and session.timezone is None
        assert session.local_start == session.started_at  # unknown offset: shown in UTC
    assert path.read_bytes() == original and path.stat().st_mtime_ns == before
    tally.add("older_records_migrated")
    tally.add("records_checked")


@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        (
            lambda raw: raw.pop("steps"),
            "not a valid SessionRecord (schema 1, read as schema 4): steps",
        ),
        (
            lambda raw: raw.update(started_at="yesterday"),
            "(schema 1, read as schema 4): started_at",
        ),
        (lambda raw: raw.update(utc_offset_minutes=60), "cannot be migrated from schema 1"),
        (lambda raw: raw.update(kind="ledger"), "(schema 1, read as schema 4): kind"),
        (
            lambda raw: raw.update(schema_version=0),
            "schema_version 0 is not one alfacil ever wrote",
        ),
        (lambda raw: raw.update(schema_version="1"), 'schema_version "1" is not one'),
    ],
)
def test_a_schema1_record_that_is_otherwise_broken_is_reported_with_the_reason(
    damage: Any, reason: str, tmp_path: Path, tally: Tally
) -> None:
    raw = json.loads((SCHEMA1 / SESSION_FILES[0]).read_bytes())
    damage(raw)
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(raw))
    tally.add("bad_inputs")
    with pytest.raises(RecordError) as caught:
        read_record(path, SessionRecord)
    assert reason in caught.value.reason, caught.value.reason
    assert str(caught.value).startswith(str(path))
    assert not caught.value.newer


def test_history_shows_schema1_records_and_changes_nothing(
    schema1_data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _fingerprint(schema1_data)
    code, out, err = _cli(capsys, "history", "--data-dir", str(schema1_data))
    assert (code, err) == (0, "")
    assert "2026-09-09" in out and "2026-09-24" in out  # UTC dates: the offset is unknown
    code, out, err = _cli(
        capsys, "history", "--data-dir", str(schema1_data), "--format", "json", "actions"
    )
    assert code == 0, err
    [action] = json.loads(out)["sets"][0]["actions"]
    assert (action["owner"], action["status"]) == ("Aled", "partly")
    code, out, _ = _cli(
        capsys, "history", "--data-dir", str(schema1_data), "show", "2026-09-09", "--format", "json"
    )
    assert code == 0
    shown = json.loads(out)["session"]
    assert shown["session_id"] == "20260909T233000Z"
    # Held at 00:30 in the UK, but schema 1 did not say so: shown on its UTC day.
    assert (shown["utc_offset_minutes"], shown["local_date"]) == (None, "2026-09-09")
    code, _, _ = _cli(capsys, "history", "--data-dir", str(schema1_data), "members")
    assert code == 0
    assert _fingerprint(schema1_data) == before  # read migrated, in memory only


def test_start_reads_schema1_records_writes_current_and_never_rewrites_a_session_file(
    schema1_data: Path, set_file: SetFile
) -> None:
    sessions = schema1_data / SET_ID / "sessions"
    originals = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sessions.iterdir()}
    autosave = (SCHEMA1 / "autosave.json").read_bytes()
    clock = FakeClock(datetime(2026, 10, 22, 13, 0, tzinfo=UTC))
    runner = open_runner(set_file, schema1_data, clock)
    try:
        assert [s.session_id for s in runner.loaded.sessions] == [
            n.removesuffix(".json") for n in SESSION_FILES
        ]
        assert runner.pending is not None and runner.pending.session.utc_offset_minutes is None
        assert runner.ledger is not None
        assert [a.owner for a in runner.ledger.open_actions()] == ["Aled"]  # "partly": open
        # Closing the schema-1 autosave keeps it as a backup before it goes.
        closed = runner.close_pending()
        assert runner.older_autosave == schema1_data / SET_ID / "autosave.json.v1.bak"
        assert runner.older_autosave.read_bytes() == autosave
        session = runner.start_new()
        assert session.record.utc_offset_minutes == 0  # FakeClock: UTC
        clock.advance(600)
        new = runner.complete()
    finally:
        runner.close()
    for path in (closed, new):
        assert path is not None
        assert json.loads(path.read_bytes())["schema_version"] == SCHEMA_VERSION
    ledger = json.loads((schema1_data / SET_ID / "actions.json").read_bytes())
    assert ledger["schema_version"] == SCHEMA_VERSION
    for name, (data, mtime) in originals.items():
        assert (sessions / name).read_bytes() == data, name
        assert (sessions / name).stat().st_mtime_ns == mtime, name


def test_resuming_a_schema1_autosave_keeps_it_as_a_backup(
    schema1_data: Path, set_file: SetFile, clock: FakeClock
) -> None:
    runner = open_runner(set_file, schema1_data, clock)
    try:
        session = runner.resume()
        assert session.record.session_id == "20261008T130000Z"
        assert session.record.utc_offset_minutes is None  # where it began is unknown
    finally:
        runner.close()
    root = schema1_data / SET_ID
    assert (root / "autosave.json.v1.bak").read_bytes() == (SCHEMA1 / "autosave.json").read_bytes()
    assert json.loads((root / "autosave.json").read_bytes())["schema_version"] == SCHEMA_VERSION


# --- alfacil migrate ----------------------------------------------------------------------


def test_migrate_rewrites_schema1_records_and_keeps_byte_identical_backups(
    schema1_data: Path, capsys: pytest.CaptureFixture[str], tally: Tally
) -> None:
    root = schema1_data / SET_ID
    _, history_before, _ = _cli(
        capsys, "history", "--data-dir", str(schema1_data), "--format", "json"
    )
    code, out, err = _cli(capsys, "migrate", "--data-dir", str(schema1_data), "--set", SET_ID)
    assert code == 0, err
    assert out.count("migrated from schema 1 to 4") == len(FIXTURES)
    assert "migrated 4, already current 0, skipped 0" in err
    for name, (where, model) in FIXTURES.items():
        path = root / where
        original = (SCHEMA1 / name).read_bytes()
        backup = path.with_name(f"{path.name}.v1.bak")
        assert backup.read_bytes() == original, name
        assert stat.S_IMODE(backup.stat().st_mode) == 0o600
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        rewritten = json.loads(path.read_bytes())
        assert rewritten == _as_current(json.loads(original)), name
        assert read_record(path, model).schema_version == SCHEMA_VERSION
        tally.add("records_checked")
    assert not list(root.rglob("*.tmp"))
    _, history_after, _ = _cli(
        capsys, "history", "--data-dir", str(schema1_data), "--format", "json"
    )
    assert json.loads(history_after) == json.loads(history_before)  # same data, new schema


def test_migrate_twice_changes_nothing_the_second_time(
    schema1_data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    set_toml = write_set(schema1_data.parent, f'records = "{schema1_data}"\n' + SET_TOML)
    assert _cli(capsys, "migrate", str(set_toml))[0] == 0
    once = _fingerprint(schema1_data)
    code, out, err = _cli(capsys, "migrate", str(set_toml))
    assert (code, out) == (0, "")
    assert "migrated 0, already current 4, skipped 0" in err
    twice = _fingerprint(schema1_data)
    lock = f"{SET_ID}/.lock"  # the one file each writer rewrites: its PID
    assert twice.pop(lock)[0].strip() == once.pop(lock)[0].strip() == str(os.getpid()).encode()
    assert twice == once


def test_migrate_dry_run_lists_and_writes_nothing(
    schema1_data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _fingerprint(schema1_data)
    names = sorted(str(p) for p in schema1_data.rglob("*"))
    code, out, err = _cli(capsys, "migrate", "--data-dir", str(schema1_data), "--dry-run")
    assert code == 0, err
    assert out.count("would migrate from schema 1 to 4") == len(FIXTURES)
    assert ".v1.bak" in out
    assert _fingerprint(schema1_data) == before
    assert sorted(str(p) for p in schema1_data.rglob("*")) == names  # not even a lock file


def test_migrate_never_overwrites_an_existing_backup(
    schema1_data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = schema1_data / SET_ID / "sessions" / SESSION_FILES[0]
    earlier = path.with_name(f"{path.name}.v1.bak")
    earlier.write_bytes(b"a backup the facilitator made")
    code, _, err = _cli(capsys, "migrate", "--data-dir", str(schema1_data))
    assert code == 0, err
    assert earlier.read_bytes() == b"a backup the facilitator made"
    second = path.with_name(f"{path.name}.v1.2.bak")
    assert second.read_bytes() == (SCHEMA1 / SESSION_FILES[0]).read_bytes()


def test_migrate_is_refused_while_the_set_is_open(
    schema1_data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    holder = start_worker("hold", str(schema1_data), SET_ID)
    try:
        held = read_line(holder)
        assert held == f"HELD {holder.pid}"
        before = _fingerprint(schema1_data)
        code, out, err = _cli(capsys, "migrate", "--data-dir", str(schema1_data))
        assert code == 1 and out == ""
        assert f"process {holder.pid}" in err and "nothing was rewritten" in err
        assert _fingerprint(schema1_data) == before
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=30)


def test_migrate_skips_a_newer_and_a_corrupt_file_and_touches_neither(
    schema1_data: Path, capsys: pytest.CaptureFixture[str], tally: Tally
) -> None:
    sessions = schema1_data / SET_ID / "sessions"
    raw = json.loads((SCHEMA1 / SESSION_FILES[0]).read_bytes())
    newer = sessions / "20261105T130000Z.json"
    newer.write_text(json.dumps(dict(raw, schema_version=SCHEMA_VERSION + 1, hologram=True)))
    corrupt = sessions / "20261119T130000Z.json"
    corrupt.write_bytes((SCHEMA1 / SESSION_FILES[1]).read_bytes()[:500])  # v1, truncated
    untouched = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in (newer, corrupt)}
    tally.add("bad_inputs", 2)
    code, out, err = _cli(capsys, "migrate", "--data-dir", str(schema1_data))
    assert code == 3
    assert f"skipped {newer}: written by a newer alfacil" in err
    assert f"skipped {corrupt}: " in err and "not valid JSON" in err
    assert "migrated 4, already current 0, skipped 2" in err
    assert out.count("migrated from schema 1 to 4") == len(FIXTURES)
    for path, (data, mtime) in untouched.items():
        assert (path.read_bytes(), path.stat().st_mtime_ns) == (data, mtime)
        assert not list(sessions.glob(f"{path.name}.*.bak"))


def test_migrate_usage_and_set_file_errors_exit_2(
    schema1_data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("name = \n")
    assert _cli(capsys, "migrate", str(bad))[0] == 2
    code, _, err = _cli(capsys, "migrate", "--data-dir", str(schema1_data), "--set", "nope")
    assert code == 2 and "no records of set 'nope'" in err
    set_toml = write_set(tmp_path)
    code, _, err = _cli(capsys, "migrate", str(set_toml), "--set", SET_ID)
    assert code == 2 and "not both" in err


def test_migration_steps_are_pure_and_in_order() -> None:
    from alfacil import migrations

    assert sorted(migrations.STEPS) == list(range(migrations.OLDEST, migrations.CURRENT))
    for name in FIXTURES:
        raw = json.loads((SCHEMA1 / name).read_bytes())
        copy = json.loads(json.dumps(raw))
        migrated = migrations.migrate(raw)
        assert raw == copy, name  # the input is not changed
        assert migrated == _as_current(raw), name
        assert migrations.migrate(migrated) == migrated  # a current record is left alone


# --- schema 2 -> 3: the autosave's curtain --------------------------------------------


def test_a_schema2_autosave_reads_with_the_curtain_up(
    set_file: SetFile, data_dir: Path, clock: FakeClock, tmp_path: Path
) -> None:
    runner = open_runner(set_file, data_dir, clock)
    try:
        runner.start_new()
        raw = json.loads(runner.store.paths.autosave.read_bytes())
    finally:
        runner.close()
    assert raw["curtain"] is False and raw["schema_version"] == 4
    old = {k: v for k, v in raw.items() if k != "curtain"}
    old["schema_version"] = 2
    steps = [{k: v for k, v in s.items() if k != "reflections"} for s in raw["session"]["steps"]]
    old["session"] = dict(raw["session"], schema_version=2, steps=steps)
    path = tmp_path / "autosave.json"
    path.write_text(json.dumps(old))
    saved = read_record(path, Autosave)
    assert saved.schema_version == 4 and saved.curtain is False
    assert saved.session.schema_version == 4
    assert json.loads(path.read_bytes()) == old  # read, never rewritten
    # A schema-2 autosave that claims a curtain is not one alfacil wrote: reported.
    path.write_text(json.dumps(dict(old, curtain=True)))
    with pytest.raises(RecordError, match="cannot be migrated from schema 2"):
        read_record(path, Autosave)


# --- schema 3 -> 4: silent reflections and rebalance adjustments ---------------------


def test_a_schema3_session_reads_with_no_reflections_and_hand_adjustments(
    set_file: SetFile, data_dir: Path, clock: FakeClock, tmp_path: Path
) -> None:
    runner = open_runner(set_file, data_dir, clock)
    try:
        session = runner.start_new()
        clock.advance(30)
        session.adjust(60, runner.now())
        session.start_reflection(runner.now())
        assert runner.save(runner.now(), clock.utcnow()) is None
        raw = json.loads(runner.store.paths.autosave.read_bytes())
    finally:
        runner.close()
    current = raw["session"]["steps"][0]
    assert current["reflections"][0]["planned_seconds"] == 120
    assert current["adjustments"][0]["rebalance"] is False
    # The same record as schema 3 wrote it: no reflections, no "rebalance" key.
    steps = [
        {
            **{k: v for k, v in s.items() if k != "reflections"},
            "adjustments": [
                {k: v for k, v in a.items() if k != "rebalance"} for a in s["adjustments"]
            ],
        }
        for s in raw["session"]["steps"]
    ]
    session3 = dict(raw["session"], schema_version=3, steps=steps)
    path = tmp_path / "session.json"
    path.write_text(json.dumps(session3))
    record = read_record(path, SessionRecord)
    assert record.schema_version == 4
    assert all(s.reflections == [] for s in record.steps)
    assert [a.rebalance for a in record.steps[0].adjustments] == [False]
    assert record.steps[0].adjusted_seconds == raw["session"]["steps"][0]["planned_seconds"] + 60
    assert json.loads(path.read_bytes()) == session3  # read, never rewritten
    autosave3 = dict(raw, schema_version=3, session=session3)
    path.write_text(json.dumps(autosave3))
    saved = read_record(path, Autosave)
    assert saved.session.schema_version == 4 and saved.session.steps[0].reflections == []
    # A schema-3 step that claims reflections is not one alfacil wrote: reported.
    steps[0] = dict(steps[0], reflections=[])
    path.write_text(json.dumps(dict(session3, steps=steps)))
    with pytest.raises(RecordError, match="cannot be migrated from schema 3"):
        read_record(path, SessionRecord)

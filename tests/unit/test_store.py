"""The record store: atomic writes under kill -9, the lock, permissions, bad files, ledger."""

from __future__ import annotations

import errno
import json
import os
import random
import signal
import stat
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alfacil import store as store_module
from alfacil.clock import FakeClock
from alfacil.config import load_set
from alfacil.engine import Session
from alfacil.records import SCHEMA_VERSION, Autosave, Ledger, LedgerAction, SessionRecord
from alfacil.store import (
    LockedError,
    RecordError,
    SetStore,
    StoreError,
    atomic_write,
    dump,
    parse_record,
    read_record,
)

REPO = Path(__file__).resolve().parents[2]
CONFIG = load_set(REPO / "sets.example.toml").config
SET_ID = CONFIG.set_id


def make_record(
    start: datetime,
    presenters: tuple[str, ...] = ("Aled",),
    actions: tuple[tuple[str, str], ...] = (),
    updates: tuple[tuple[str, str], ...] = (),
    open_actions: tuple[LedgerAction, ...] = (),
) -> SessionRecord:
    clock = FakeClock(start=start)
    session = Session.new(
        CONFIG, list(open_actions), list(presenters), clock.monotonic(), clock.utcnow()
    )
    for action_id, status in updates:
        session.record_update(action_id, status, clock.monotonic())  # type: ignore[arg-type]
    for owner, text in actions:
        session.add_action(owner, text, clock.monotonic())
    clock.advance(600)
    return session.finish(clock.monotonic(), clock.utcnow())


@pytest.fixture
def writer(data_dir: Path) -> Iterator[SetStore]:
    store = SetStore.at(data_dir, SET_ID)
    with store.writer():
        yield store


def tree(folder: Path) -> dict[str, tuple[int, bytes]]:
    """Every file under ``folder`` with its mtime and bytes, to prove nothing changed."""
    return {
        str(p.relative_to(folder)): (p.stat().st_mtime_ns, p.read_bytes())
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


# --- atomic writes -------------------------------------------------------------------------


def test_atomic_write_replaces_the_file_and_leaves_no_temp(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "er" / "record.json"
    atomic_write(path, b"old")
    atomic_write(path, b"new")
    assert path.read_bytes() == b"new"
    assert [p.name for p in path.parent.iterdir()] == ["record.json"]


@pytest.mark.parametrize("failing", ["write", "fsync", "replace"])
def test_a_failed_write_leaves_the_old_file_and_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    path = tmp_path / "record.json"
    atomic_write(path, b"old")

    def full(*_args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(store_module.os, failing, full)
    with pytest.raises(StoreError, match="the disk is full"):
        atomic_write(path, b"new" * 1000)
    monkeypatch.undo()
    assert path.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["record.json"]


WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from alfacil.store import SetStore, atomic_write

    store = SetStore.at(Path(sys.argv[1]), sys.argv[2])
    store.acquire()
    payloads = [Path(sys.argv[3]).read_bytes(), Path(sys.argv[4]).read_bytes()]
    i = 0
    while True:
        atomic_write(store.paths.autosave, payloads[i % 2])
        i += 1
        print(i, flush=True)
    """
)


def test_kill_9_in_the_middle_of_many_saves_never_leaves_a_partial_file(
    tmp_path: Path, data_dir: Path
) -> None:
    versions = []
    for n, letter in enumerate("ab"):
        body = {"version": n, "filler": [letter * 100] * (8000 + 3000 * n)}
        versions.append(json.dumps(body).encode())
    files = []
    for n, data in enumerate(versions):
        files.append(tmp_path / f"payload{n}.json")
        files[-1].write_bytes(data)
    paths = SetStore.at(data_dir, SET_ID).paths
    rng = random.Random(20261127)
    seen_temp = 0
    began = time.monotonic()
    kills = 0
    while kills < 10 and time.monotonic() - began < 6:
        proc = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(data_dir), SET_ID, *map(str, files)],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert proc.stdout is not None
        for _ in range(rng.randint(1, 6)):  # let it complete a few saves
            assert proc.stdout.readline(), "the writer stopped on its own"
        time.sleep(rng.uniform(0, 0.01))  # then kill it at a random moment
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
        kills += 1
        assert proc.returncode == -signal.SIGKILL
        assert paths.autosave.read_bytes() in versions
        temps = list(paths.root.glob(".*.tmp"))
        seen_temp += bool(temps)
        survivor = SetStore(paths)
        survivor.acquire()  # the dead writer's lock is free; its temp files are swept
        try:
            assert list(paths.root.glob(".*.tmp")) == []
            assert paths.lock.exists()
        finally:
            survivor.release()
    assert kills >= 5
    assert seen_temp >= 1  # some kills did land in the middle of a write


def test_acquire_sweeps_temp_files_left_by_a_crash(data_dir: Path) -> None:
    paths = SetStore.at(data_dir, SET_ID).paths
    paths.sessions.mkdir(parents=True)
    left = [paths.root / ".autosave.json.abc123.tmp", paths.sessions / ".x.json.def.tmp"]
    for temp in left:
        temp.write_bytes(b"{half")
    keep = paths.sessions / "20261127T140000Z.json"
    keep.write_bytes(b"{}")
    store = SetStore(paths)
    store.acquire()
    store.release()
    assert not any(p.exists() for p in left)
    assert keep.read_bytes() == b"{}"


# --- the lock ------------------------------------------------------------------------------

HOLDER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from alfacil.store import SetStore

    store = SetStore.at(Path(sys.argv[1]), sys.argv[2])
    store.acquire()
    print("locked", flush=True)
    sys.stdin.read()
    store.release()
    """
)


def test_a_second_writer_is_refused_with_the_holders_pid(data_dir: Path) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(data_dir), SET_ID],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdin is not None and proc.stdout is not None
    try:
        assert proc.stdout.readline() == "locked\n"
        second = SetStore.at(data_dir, SET_ID)
        with pytest.raises(LockedError) as refused:
            second.acquire()
        assert refused.value.pid == proc.pid
        assert f"process {proc.pid}" in str(refused.value)
        assert not second.locked
    finally:
        proc.stdin.close()
        proc.wait(timeout=30)
    assert proc.returncode == 0
    second.acquire()  # free again once the first has gone
    try:
        assert second.paths.lock.read_text().strip() == str(os.getpid())
    finally:
        second.release()
    assert second.paths.lock.exists()  # the lock file is never deleted


def test_two_stores_in_one_process_cannot_both_hold_the_lock(data_dir: Path) -> None:
    first, second = SetStore.at(data_dir, SET_ID), SetStore.at(data_dir, SET_ID)
    first.acquire()
    try:
        with pytest.raises(LockedError, match=f"process {os.getpid()}"):
            second.acquire()
    finally:
        first.release()
    second.acquire()
    second.release()


def test_writing_without_the_lock_is_refused(data_dir: Path) -> None:
    store = SetStore.at(data_dir, SET_ID)
    with pytest.raises(StoreError, match="without holding"):
        store.write_ledger(datetime.now(UTC))


# --- permissions ---------------------------------------------------------------------------


@pytest.mark.parametrize("umask", [0o022, 0o000])
def test_files_are_0600_and_folders_0700_under_any_umask(data_dir: Path, umask: int) -> None:
    old = os.umask(umask)
    try:
        store = SetStore.at(data_dir, SET_ID)
        with store.writer():
            clock = FakeClock()
            session = Session.new(CONFIG, [], ["Aled"], clock.monotonic(), clock.utcnow())
            store.save_autosave(session.snapshot(clock.monotonic(), clock.utcnow()))
            autosave_mode = stat.S_IMODE(store.paths.autosave.stat().st_mode)
            store.save_session(session.finish(clock.monotonic(), clock.utcnow()), clock.utcnow())
    finally:
        os.umask(old)
    paths = store.paths
    assert autosave_mode == 0o600
    for folder in (data_dir, paths.root, paths.sessions):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    files = [paths.lock, paths.ledger, *paths.sessions.iterdir()]
    assert len(files) == 3
    for path in files:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    assert store.insecure_files() == []


def test_files_readable_by_others_are_reported_not_changed(writer: SetStore) -> None:
    record = make_record(datetime(2026, 10, 30, 14, tzinfo=UTC))
    path = writer.save_session(record, datetime.now(UTC))
    os.chmod(path, 0o644)
    assert writer.insecure_files() == [path]
    assert stat.S_IMODE(path.stat().st_mode) == 0o644


# --- reading -------------------------------------------------------------------------------


def test_a_corrupt_session_file_is_skipped_with_its_path_and_line(writer: SetStore) -> None:
    good = make_record(datetime(2026, 10, 30, 14, tzinfo=UTC))
    writer.save_session(good, datetime.now(UTC))
    bad = writer.paths.sessions / "20261127T140000Z.json"
    damaged = b'{\n  "schema_version": 1,\n  "kind": \n}\n'
    bad.write_bytes(damaged)
    os.chmod(bad, 0o600)
    before = bad.stat().st_mtime_ns
    loaded = writer.load_sessions()
    assert [s.session_id for s in loaded.sessions] == [good.session_id]
    [skipped] = loaded.skipped
    assert skipped.path == bad
    assert skipped.reason.startswith("4:1: not valid JSON")
    assert str(skipped).startswith(f"{bad}: 4:1:")
    assert not skipped.newer
    assert bad.read_bytes() == damaged
    assert bad.stat().st_mtime_ns == before


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "is empty"),
        (b"[1, 2]", "expected a JSON object, found list"),
        (b'{"a": "\xff"}', "1:8: not UTF-8"),
        (b'{"schema_version": 1, "kind": "session"}', "not a valid SessionRecord"),
    ],
)
def test_bad_files_are_skipped_with_a_reason(writer: SetStore, content: bytes, reason: str) -> None:
    bad = writer.paths.sessions / "20261127T140000Z.json"
    bad.parent.mkdir(parents=True, exist_ok=True)
    bad.write_bytes(content)
    loaded = writer.load_sessions()
    assert loaded.sessions == []
    assert [(s.path, reason in s.reason) for s in loaded.skipped] == [(bad, True)]
    assert bad.read_bytes() == content


def test_a_newer_schema_is_reported_as_needing_a_newer_alfacil(writer: SetStore) -> None:
    record = make_record(datetime(2026, 10, 30, 14, tzinfo=UTC))
    raw = json.loads(dump(record))
    raw["schema_version"] = SCHEMA_VERSION + 1
    raw["something_new"] = True
    path = writer.paths.sessions / f"{record.session_id}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(raw))
    [skipped] = writer.load_sessions().skipped
    assert skipped.newer
    assert "newer alfacil" in skipped.reason and "upgrade" in skipped.reason
    assert "corrupt" not in skipped.reason


def test_a_link_to_outside_the_data_folder_is_not_followed(
    writer: SetStore, tmp_path: Path
) -> None:
    outside = tmp_path / "outside.json"
    outside.write_bytes(dump(make_record(datetime(2026, 10, 30, 14, tzinfo=UTC))))
    writer.paths.sessions.mkdir(parents=True, exist_ok=True)
    link = writer.paths.sessions / "20261030T140000Z.json"
    link.symlink_to(outside)
    [skipped] = writer.load_sessions().skipped
    assert skipped.path == link and "outside the data folder" in skipped.reason


def test_records_round_trip(writer: SetStore) -> None:
    record = make_record(datetime(2026, 10, 30, 14, tzinfo=UTC), actions=(("Aled", "Ring Bob"),))
    path = writer.save_session(record, datetime.now(UTC))
    assert path == writer.paths.sessions / "20261030T140000Z.json"
    assert read_record(path, SessionRecord) == record
    loaded = json.loads(path.read_bytes())
    assert (loaded["schema_version"], loaded["kind"]) == (SCHEMA_VERSION, "session")
    assert loaded["app_version"]


# --- the ledger ----------------------------------------------------------------------------


def two_sessions(writer: SetStore) -> tuple[SessionRecord, SessionRecord]:
    first = make_record(
        datetime(2026, 9, 25, 14, tzinfo=UTC),
        actions=(("Aled", "Ring Bob"), ("Bethan", "Draft the plan")),
    )
    writer.save_session(first, datetime.now(UTC))
    [ring, draft] = first.actions
    open_actions = tuple(
        LedgerAction(**a.model_dump()) for a in writer.ledger(datetime.now(UTC)).actions
    )
    second = make_record(
        datetime(2026, 10, 30, 14, tzinfo=UTC),
        updates=((ring.id, "done"), (draft.id, "not_yet")),
        open_actions=open_actions,
    )
    writer.save_session(second, datetime.now(UTC))
    return first, second


def test_the_ledger_follows_the_sessions(writer: SetStore) -> None:
    first, second = two_sessions(writer)
    ledger = writer.ledger(datetime.now(UTC))
    assert ledger.built_from == [first.session_id, second.session_id]
    status = {a.text: (a.status, [h.status for h in a.history]) for a in ledger.actions}
    assert status == {"Ring Bob": ("done", ["done"]), "Draft the plan": ("not_yet", ["not_yet"])}
    # "not yet" keeps the action on the updates list; "done" takes it off
    assert [a.text for a in ledger.open_actions()] == ["Draft the plan"]


def test_the_ledger_is_rebuilt_when_missing_or_stale_and_reading_never_writes(
    writer: SetStore,
) -> None:
    first, second = two_sessions(writer)
    stored = writer.paths.ledger.read_bytes()
    writer.paths.ledger.unlink()
    before = tree(writer.paths.data_dir)
    now = datetime(2027, 1, 1, tzinfo=UTC)
    rebuilt = writer.ledger(now)
    assert rebuilt.built_from == [first.session_id, second.session_id]
    assert rebuilt.updated_at == now
    assert tree(writer.paths.data_dir) == before  # rebuilt in memory only
    # stale: a session file that the ledger was not built from
    writer.paths.ledger.write_bytes(stored)
    third = make_record(datetime(2026, 11, 27, 14, tzinfo=UTC), actions=(("Carys", "Ask HR"),))
    atomic_write(writer.paths.session_file(third.session_id), dump(third))
    before = tree(writer.paths.data_dir)
    stale = writer.ledger(now)
    assert stale.built_from[-1] == third.session_id
    assert "Ask HR" in [a.text for a in stale.actions]
    assert tree(writer.paths.data_dir) == before
    # unreadable: rebuilt too, the bad file left alone
    writer.paths.ledger.write_bytes(b"{not json")
    before = tree(writer.paths.data_dir)
    assert writer.ledger(now).built_from[-1] == third.session_id
    assert tree(writer.paths.data_dir) == before
    # current: read as it is
    writer.write_ledger(now)
    current = writer.ledger(now + timedelta(days=1))
    assert current.updated_at == now
    assert writer.paths.ledger.stat().st_mode & 0o777 == 0o600


def test_reading_a_set_without_the_lock_writes_nothing(writer: SetStore) -> None:
    two_sessions(writer)
    writer.paths.ledger.unlink()
    before = tree(writer.paths.data_dir)
    reader = SetStore(writer.paths)
    loaded = reader.load_sessions()
    reader.ledger(datetime.now(UTC), loaded)
    assert reader.load_autosave() is None
    assert tree(writer.paths.data_dir) == before


GOOD_RECORD = dump(make_record(datetime(2026, 10, 30, 14, tzinfo=UTC), actions=(("Aled", "x"),)))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    at=st.integers(0, len(GOOD_RECORD)),
    cut=st.integers(0, 20),
    insert=st.binary(max_size=8),
)
def test_no_damage_to_a_record_raises_anything_but_record_error(
    at: int, cut: int, insert: bytes
) -> None:
    data = GOOD_RECORD[:at] + insert + GOOD_RECORD[at + cut :]
    for model in (SessionRecord, Autosave, Ledger):
        try:
            parse_record(Path("x.json"), data, model)
        except RecordError as exc:
            assert str(exc).startswith("x.json: ")
            assert "\n" not in str(exc)

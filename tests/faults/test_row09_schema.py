"""Row 9: records of another schema version.

Schema 1 is alfacil's first and only schema, so there is no honest older fixture to
migrate yet (the row is blocked by design; see the report). What can be proved now:
the ``store.migrate`` hook is applied on read to any record that is not already
current, its result is validated, a newer record is reported before migration is
tried, and a record without ``schema_version`` is reported, never guessed to be 1.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from alfacil import store
from alfacil.clock import FakeClock
from alfacil.config import SetFile
from alfacil.records import SCHEMA_VERSION, Autosave, Ledger, SessionRecord
from alfacil.store import RecordError, parse_record, read_record

from .conftest import Tally, open_runner

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

"""Row 12: fuzzing the set-file loader and the record reader.

Whatever comes in, the set-file loader raises nothing but :class:`SetFileError` and
the record reader nothing but :class:`RecordError`, and each message names the file.
"""

from __future__ import annotations

import json
import string
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alfacil.clock import FakeClock
from alfacil.config import SetConfig, SetFileError, load_set, parse_set
from alfacil.records import Autosave, Ledger, SessionRecord
from alfacil.runner import Runner
from alfacil.store import RecordError, parse_record

from .conftest import SET_TOML, Tally, write_set

pytestmark = pytest.mark.row(12)

SET_PATH = Path("/sets/fuzzed set.toml")
RECORD_PATH = Path("/records/fuzzed/20261127T140000Z.json")
FUZZ = settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

KNOWN_KEYS = [
    "name", "id", "facilitator", "session_length", "presenters_per_session", "records",
    "protocol", "bell", "theme", "members", "ground_rules", "timings", "questioning",
    "evaluation", "phases", "items", "prompts", "questions", "scale", "anonymous",
    "duration", "warn", "per_presenter", "kind", "guidance", "title", "presenting",
    "questioning", "checkin", "auto_advance", "line\nbreak", "\x1b[2J", "[bold]",
]  # fmt: skip

keys = st.one_of(st.sampled_from(KNOWN_KEYS), st.text(min_size=1, max_size=12))
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=True),
    st.text(max_size=30),
    st.sampled_from(["10m", "1h30m", "90s", "0m", "-5m", "2h", "", "Aled", "\x1b[2J"]),
    st.dates(),
    st.datetimes(),
    st.times(),
)
toml_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=5),
    max_leaves=25,
)
toml_docs = st.dictionaries(keys, toml_values, max_size=10)


def _base_set() -> dict[str, Any]:
    import tomllib

    return tomllib.loads(SET_TOML)


@st.composite
def mutated_sets(draw: st.DrawFn) -> dict[str, Any]:
    """A good set with a few keys replaced, removed or added: near misses go deepest."""
    doc = _base_set()
    for _ in range(draw(st.integers(1, 3))):
        key = draw(keys)
        choice = draw(st.integers(0, 2))
        if choice == 0 and doc:
            doc.pop(draw(st.sampled_from(sorted(doc))))
        else:
            doc[key] = draw(toml_values)
    return doc


def _check_set_text(text: str, tally: Tally) -> None:
    tally.add("bad_inputs")
    try:
        config = parse_set(text, SET_PATH)
    except SetFileError as exc:
        # One line per mistake, as the design says, and nothing that drives a terminal.
        assert str(exc) == "\n".join(exc.lines) and exc.lines, str(exc)
        for line in exc.lines:
            assert line.startswith(str(SET_PATH)), line
            assert "\n" not in line and "\r" not in line and "\x1b" not in line, line
        return
    assert isinstance(config, SetConfig)


def _dump(doc: dict[str, Any]) -> str | None:
    try:
        return tomli_w.dumps(doc)
    except (TypeError, ValueError):
        return None  # not representable in TOML (e.g. a None): nothing to load


@FUZZ
@given(doc=toml_docs)
def test_random_toml_documents(doc: dict[str, Any], tally: Tally) -> None:
    text = _dump(doc)
    if text is not None:
        _check_set_text(text, tally)


@FUZZ
@given(doc=mutated_sets())
def test_near_miss_set_files(doc: dict[str, Any], tally: Tally) -> None:
    text = _dump(doc)
    if text is not None:
        _check_set_text(text, tally)


@FUZZ
@given(text=st.text(alphabet=st.characters(codec="utf-8"), max_size=300))
def test_random_text(text: str, tally: Tally) -> None:
    _check_set_text(text, tally)


@FUZZ
@given(
    text=st.lists(
        st.sampled_from(["[", "]", "[[", "]]", "=", '"', "'", ".", "\n", "a", "1", "{", "}", ","])
        | st.text(string.printable, max_size=5),
        max_size=60,
    ).map("".join)
)
def test_toml_shaped_garbage(text: str, tally: Tally) -> None:
    _check_set_text(text, tally)


@FUZZ
@given(data=st.binary(max_size=400))
def test_random_bytes_in_a_set_file(data: bytes, tmp_path: Path, tally: Tally) -> None:
    path = tmp_path / "bytes.toml"
    path.write_bytes(data)
    tally.add("bad_inputs")
    try:
        load_set(path)
    except SetFileError as exc:
        assert str(exc).startswith(str(path)), str(exc)


# --- records --------------------------------------------------------------------------

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(max_size=20)
    | st.sampled_from(["2026-11-27T14:00:00Z", "present", "running", "1", "\x1b[2J", "a\nb"]),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.sampled_from(["\x1b[2J", "a\nb"]) | st.text(max_size=10), inner)
    ),
    max_leaves=30,
)


def _good_records() -> dict[type[Any], dict[str, Any]]:
    import tempfile

    folder = Path(tempfile.mkdtemp())
    runner = Runner.open(
        load_set(write_set(folder)), folder / "data", FakeClock(monotonic_start=10.0)
    )
    session = runner.start_new()
    session.add_action("Aled", "A thing", runner.now())
    session.next(runner.now())
    runner.save()
    autosave = json.loads(runner.store.paths.autosave.read_text())
    final = json.loads(runner.complete().read_text())
    ledger = json.loads(runner.store.paths.ledger.read_text())
    runner.close()
    return {SessionRecord: final, Ledger: ledger, Autosave: autosave}


GOOD = _good_records()
MODELS = [SessionRecord, Ledger, Autosave]


def _check_record(data: bytes, model: type[Any], tally: Tally) -> None:
    tally.add("bad_inputs")
    try:
        parse_record(RECORD_PATH, data, model)
    except RecordError as exc:
        assert str(exc).startswith(str(RECORD_PATH)), str(exc)
        assert exc.path == RECORD_PATH and exc.reason
        assert "\n" not in str(exc) and "\x1b" not in str(exc), str(exc)


@FUZZ
@given(data=st.binary(max_size=400), model=st.sampled_from(MODELS))
def test_random_bytes_as_a_record(data: bytes, model: type[Any], tally: Tally) -> None:
    _check_record(data, model, tally)


@FUZZ
@given(value=json_values, model=st.sampled_from(MODELS))
def test_random_json_as_a_record(value: Any, model: type[Any], tally: Tally) -> None:
    _check_record(json.dumps(value).encode(), model, tally)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, inner in value.items():
            found += _paths(inner, (*prefix, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            found += _paths(inner, (*prefix, index))
    return found


@st.composite
def mutated_records(draw: st.DrawFn) -> tuple[bytes, type[Any]]:
    """A good record with one value anywhere in it replaced: the near misses."""
    model = draw(st.sampled_from(MODELS))
    doc = json.loads(json.dumps(GOOD[model]))
    where = draw(st.sampled_from(_paths(doc)[1:]))
    parent = doc
    for part in where[:-1]:
        parent = parent[part]
    parent[where[-1]] = draw(json_values)
    return json.dumps(doc).encode(), model


@FUZZ
@given(case=mutated_records())
def test_near_miss_records(case: tuple[bytes, type[Any]], tally: Tally) -> None:
    _check_record(*case, tally)


@FUZZ
@given(data=st.binary(min_size=1, max_size=40), at=st.integers(0, 10_000))
def test_damaged_records(data: bytes, at: int, tally: Tally) -> None:
    good = json.dumps(GOOD[SessionRecord]).encode()
    at = at % len(good)
    _check_record(good[:at] + data + good[at + len(data) :], SessionRecord, tally)

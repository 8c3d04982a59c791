"""Row 23: every value a record model accepts is one the program can use.

NaN and Infinity, integers of hundreds or thousands of digits, a UTC offset of a whole
day, dates in year 1 or 9999, a negative or huge evaluation scale (10**9 made
`history show` allocate gigabytes), strings of any length: the models used to accept
them and whole commands crashed. Now every number, date and string in a record has
a bound, and a file past one is skipped with its reason. `history --format json` is
strict RFC 8259 (never a bare NaN).

The acceptance test: an autosave, a session file and a ledger, each damaged with
values at the models' bounds and just past them, never crash `start` (the runner's
open, resume, complete and close paths), `history` (every view and every format) or
`migrate`.
"""

from __future__ import annotations

import contextlib
import io
import json
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alfacil.cli import main as cli_main
from alfacil.clock import FakeClock
from alfacil.config import load_set
from alfacil.history.command import main as history_main
from alfacil.records import SessionRecord
from alfacil.runner import Runner
from alfacil.store import RecordError, parse_record

from .conftest import Tally, crash, write_set

pytestmark = pytest.mark.row(23)

HUGE = "__HUGE_INTEGER__"  # replaced, after json.dumps, by 5000 digits
Raw = dict[str, Any]


def _good_set(folder: Path) -> tuple[Raw, Raw, Raw]:
    """A session record, the ledger and an autosave, rich in every kind of value."""
    set_file = load_set(write_set(folder))
    clock = FakeClock()
    runner = Runner.open(set_file, folder / "data", clock)
    session = runner.start_new()
    session.add_action("Aled", "Call the depot", runner.now())
    for _ in range(4):
        clock.advance(200)
        session.adjust(60, runner.now())
        session.next(runner.now())
        if session.presenter:
            session.add_insight("Ask the drivers")
            session.tally_question(session.supporters()[0])
    session.set_ratings(0, [3, 5])
    session.add_learning("Less is more")
    record = json.loads(runner.complete().read_bytes())
    runner.close()
    clock.advance(7 * 24 * 3600)
    runner = Runner.open(set_file, folder / "data", clock)
    session = runner.start_new()
    clock.advance(300)
    session.next(runner.now())
    for action in session.open_actions:
        session.record_update(action.id, "partly", runner.now(), note="halfway")
    runner.save()
    autosave = json.loads(runner.store.paths.autosave.read_bytes())
    ledger = json.loads(runner.store.paths.ledger.read_bytes())
    crash(runner)
    return record, ledger, autosave


GOOD_FOLDER = Path(tempfile.mkdtemp(prefix="alfacil-row23-"))
RECORD, LEDGER, AUTOSAVE = _good_set(GOOD_FOLDER)
SET_PATH = GOOD_FOLDER / "set.toml"

# --- the class, field by field ------------------------------------------------------

NAN, INF = float("nan"), float("inf")
#: (where in a session record, values at the bound that must read, values past it)
BOUNDS: list[tuple[tuple[Any, ...], list[Any], list[Any]]] = [
    (("steps", 0, "actual_seconds"), [0, 10**8, 1e-300], [NAN, INF, -INF, -1, 10**8 + 1, 1e308]),
    (("steps", 0, "paused_seconds"), [0.0, 10**8], [NAN, -0.5, HUGE]),
    (("steps", 0, "started_offset"), [-(10**8), 10**8], [NAN, -INF, 10**9]),
    (("steps", 0, "planned_seconds"), [0, 86400], [-1, 86401, 10**400, HUGE]),
    (("steps", 0, "warn_seconds"), [0, 86400], [-60, 10**12]),
    (("steps", 0, "index"), [0, 999], [-1, 1000, 10**100]),
    (("steps", 0, "title"), ["T", "T" * 200], ["", "T" * 201]),
    (("steps", 0, "phase_id"), ["checkin", "a" * 64], ["", "Check In", "a" * 65]),
    (("agreed_seconds",), [0, 86400], [-1, 86401, HUGE]),
    (("utc_offset_minutes",), [-1439, 1439, None], [-1440, 1440, 10**9]),
    (("started_at",), ["1970-01-01T00:00:00Z", "2200-12-31T23:59:59Z"],
     ["0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "1969-12-31T23:59:59Z",
      "0001-01-01T00:30:00+01:00", "9999-12-31T23:00:00-01:00"]),
    (("ended_at",), ["2200-12-31T23:59:59+00:00"], ["9999-12-31T23:59:59-23:59"]),
    (("actions", 0, "due"), ["1970-01-01", "2200-12-31"], ["0001-01-01", "9999-12-31"]),
    (("actions", 0, "created_at"), ["2026-01-01T00:00:00Z"], ["0001-01-01T00:00:00Z"]),
    (("evaluation", "ratings", 0, "scale"), [5, 10], [-1, 0, 1, 11, 10**9, HUGE]),
    (("evaluation", "ratings", 0, "scores"), [[0, 5], [5] * 100], [[-1], [6], [5] * 101]),
    (("evaluation", "learnings", 0), ["x" * 5000], ["x" * 5001]),
    (("turns", 0, "advice_reminders"), [0, 10_000], [-1, 10_001, NAN]),
    (("set_name",), ["S" * 200], ["S" * 201]),
    (("members", 0), ["Aled"], ["A" * 201]),
    (("app_version",), ["0.1.0"], ["v" * 5001]),
]  # fmt: skip


def _dumps(doc: Any) -> bytes:
    return json.dumps(doc).replace(f'"{HUGE}"', "9" * 5000).encode()


def _with(doc: Raw, where: tuple[Any, ...], value: Any) -> Raw:
    doc = json.loads(json.dumps(doc))
    parent = doc
    for part in where[:-1]:
        parent = parent[part]
    parent[where[-1]] = value
    return doc


def _cases(pick: int) -> list[tuple[str, tuple[Any, ...], Any]]:
    return [
        (f"{'.'.join(map(str, where))}={str(value)[:16]}", where, value)
        for where, *values in BOUNDS
        for value in values[pick]
    ]


@pytest.mark.parametrize(
    ("where", "value"), [c[1:] for c in _cases(1)], ids=[c[0] for c in _cases(1)]
)
def test_a_value_past_a_bound_is_a_reason(where: tuple[Any, ...], value: Any, tally: Tally) -> None:
    path = Path("/records/20261127T140000Z.json")
    with pytest.raises(RecordError) as caught:
        parse_record(path, _dumps(_with(RECORD, where, value)), SessionRecord)
    assert "\n" not in caught.value.reason
    named = [str(part) for part in where if not isinstance(part, int)]
    assert named[-1] in caught.value.reason or "thousands of digits" in caught.value.reason, (
        caught.value.reason
    )
    tally.add("bad_inputs")


@pytest.mark.parametrize(
    ("where", "value"), [c[1:] for c in _cases(0)], ids=[c[0] for c in _cases(0)]
)
def test_a_value_at_a_bound_reads_and_shows(
    where: tuple[Any, ...], value: Any, tmp_path: Path, tally: Tally
) -> None:
    doc = _with(RECORD, where, value)
    parse_record(Path("x.json"), _dumps(doc), SessionRecord)
    folder = _data_dir(tmp_path, session=doc)
    for code, _ in _history(folder):
        assert code == 0
    tally.add("records_checked")


def test_history_json_is_strict(tmp_path: Path) -> None:
    """No NaN or Infinity can reach `--format json`: every view parses strictly."""
    folder = _data_dir(tmp_path)
    for code, out in _history(folder, formats=("json",)):
        assert code == 0
        json.loads(out, parse_constant=_refuse)


# --- the acceptance: damaged in every way the models allow ---------------------------


def _refuse(token: str) -> Any:
    raise AssertionError(f"history printed {token}, which is not JSON")


def _data_dir(
    tmp: Path, session: Raw | None = None, ledger: Raw | None = None, autosave: Raw | None = None
) -> Path:
    data = tmp / "data"
    root = data / "fault-set"
    (root / "sessions").mkdir(parents=True, exist_ok=True)
    (root / "sessions" / f"{RECORD['session_id']}.json").write_bytes(_dumps(session or RECORD))
    (root / "actions.json").write_bytes(_dumps(ledger or LEDGER))
    (root / "autosave.json").write_bytes(_dumps(autosave or AUTOSAVE))
    return data


VIEWS = [[], ["show", "last"], ["show", RECORD["session_id"]], ["actions"], ["members"]]
FORMATS = ("table", "json", "csv", "markdown")


def _history(data: Path, formats: tuple[str, ...] = FORMATS) -> Iterator[tuple[int, str]]:
    for view in VIEWS:
        for fmt in formats:
            out, err = io.StringIO(), io.StringIO()
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                code = history_main([*view, "--data-dir", str(data), "--format", fmt])
            assert "Traceback" not in err.getvalue()
            if fmt == "json" and out.getvalue().strip():
                json.loads(out.getvalue(), parse_constant=_refuse)
            yield code, out.getvalue()


def _start(data: Path, how: str) -> None:
    """What `start` does, without a screen: open, then resume, close or start fresh."""
    clock = FakeClock(start=None)
    clock.advance(30 * 24 * 3600)
    runner = Runner.open(load_set(SET_PATH), data, clock)
    try:
        if runner.pending is not None and how == "resume":
            runner.resume()
        elif runner.pending is not None:
            runner.close_pending()
        session = runner.session or runner.start_new()
        for _ in range(3):
            clock.advance(90)
            session.view(runner.now())
            runner.save()
            with contextlib.suppress(Exception):
                session.next(runner.now())
        runner.complete()
    finally:
        runner.close()


def _migrate(data: Path) -> int:
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = cli_main(["migrate", "--data-dir", str(data)])
    assert "Traceback" not in err.getvalue()
    return code


def _leaves(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in _leaves(v, (*prefix, k))] or [prefix]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in _leaves(v, (*prefix, i))] or [prefix]
    return [prefix]


#: Values at the models' bounds and just past them, and the classic breakers.
EDGE_VALUES = st.one_of(
    st.sampled_from(
        [
            0, -1, 1, 2, 10, 11, 999, 1000, 1439, 1440, -1439, -1440, 86400, 86401,
            10_000, 10_001, 10**8, 10**8 + 1, 10**9, 2**63, 10**400, HUGE,
            NAN, INF, -INF, 1e308, -0.0, 5e-324, 0.5,
            "1970-01-01T00:00:00Z", "1969-12-31T23:59:59Z", "2200-12-31T23:59:59Z",
            "2201-01-01T00:00:00Z", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z",
            "9999-12-31T23:59:59-23:59", "0001-01-01T00:00:00+23:59",
            "1970-01-01", "2200-12-31", "0001-01-01", "9999-12-31",
            "", "x" * 200, "x" * 201, "x" * 500, "x" * 501, "x" * 5000, "x" * 5001,
            "../../escaped", "\x1b[2J", "Aled", "Nobody", "done", "open", "checkin",
            None, True, [], {},
        ]
    ),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=True, allow_infinity=True),
)  # fmt: skip


@st.composite
def damaged(draw: st.DrawFn, good: Raw) -> Raw:
    doc = json.loads(json.dumps(good))
    leaves = _leaves(doc)
    for _ in range(draw(st.integers(1, 4))):
        where = draw(st.sampled_from(leaves))
        if not where:
            continue
        parent = doc
        try:
            for part in where[:-1]:
                parent = parent[part]
            parent[where[-1]] = draw(EDGE_VALUES)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier change replaced a container on this path
    return doc


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    session=damaged(RECORD),
    ledger=damaged(LEDGER),
    autosave=damaged(AUTOSAVE),
    how=st.sampled_from(["resume", "close"]),
)
def test_damaged_records_never_crash_start_history_or_migrate(
    session: Raw, ledger: Raw, autosave: Raw, how: str, tally: Tally
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        data = _data_dir(Path(tmp), session, ledger, autosave)
        for code, _ in _history(data):
            assert code in (0, 2, 3)  # 2: `show` of a session that was skipped
        assert _migrate(data) in (0, 3)
        copy = Path(tmp) / "copy"
        shutil.copytree(data, copy)
        _start(data, how)
        _start(copy, "resume" if how == "close" else "close")
        for code, _ in _history(data, formats=("table",)):
            assert code in (0, 2, 3)
    tally.add("bad_inputs", 3)


@pytest.mark.parametrize("due", ["0001-01-01", "1969-12-31", "2201-01-01", "9999-12-31"])
def test_the_console_cannot_type_a_date_the_records_cannot_hold(due: str, tmp_path: Path) -> None:
    """The bound holds at the input too: a due date past it is refused by the engine
    (a message on screen), so no save fails to read back because of it."""
    from datetime import date

    from alfacil.engine import EngineError

    runner = Runner.open(load_set(SET_PATH), tmp_path / "data", FakeClock())
    session = runner.start_new()
    with pytest.raises(EngineError, match="due date"):
        session.add_action("Aled", "Call the depot", runner.now(), date.fromisoformat(due))
    action = session.add_action("Aled", "Call the depot", runner.now(), date(2200, 12, 31))
    with pytest.raises(EngineError, match="due date"):
        session.edit_action(action.id, due=date.fromisoformat(due))
    assert runner.save() is None
    runner.close()

"""Row 26: durations have an upper bound, and the largest allowed ones run end to end.

"9999999999999h" passed `check`, then crashed `start` once the autosave was written,
so every resume crashed again. A phase and a session now last at most 24 hours: any
duration past that, in any form a set file can write it (minutes as an integer or a
string, units, thousands of digits), is a one-line ``file:line: key: message`` error,
exit 2, from `check` and `start` alike. And a set at the very bounds (every phase and
the session 24 hours, each step overrunning) runs, saves, resumes, completes and
reads back in `history`.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from alfacil.cli import main as cli_main
from alfacil.clock import FakeClock
from alfacil.config import SetFileError, load_set
from alfacil.durations import MAX_DURATION, DurationError, parse_duration
from alfacil.history.command import main as history_main
from alfacil.records import SessionRecord
from alfacil.store import read_record

from .conftest import SET_TOML, Tally, crash, open_runner, write_set

pytestmark = pytest.mark.row(26)

TOO_LONG: list[object] = [
    "9999999999999h",
    "25h",
    "24h1s",
    "1441",
    1441,
    "86401s",
    "1441m",
    "23h61m",
    "9" * 5000 + "h",
    "0" * 20 + "25h",
    10**30,
    2**64,
]
LONGEST: list[object] = ["24h", "1440", 1440, "86400s", "23h60m", "0" * 20 + "24h", "1440m"]


@pytest.mark.parametrize("value", TOO_LONG, ids=lambda v: repr(v)[:24])
def test_past_the_bound_is_refused(value: object) -> None:
    with pytest.raises(DurationError, match="at most 24h"):
        parse_duration(value)


@pytest.mark.parametrize("value", LONGEST, ids=lambda v: repr(v)[:24])
def test_the_bound_itself_is_allowed(value: object) -> None:
    assert parse_duration(value) == MAX_DURATION


def _toml(value: object) -> str:
    return f'"{value}"' if isinstance(value, str) else str(value)


WHERE = {
    "session_length": lambda v: SET_TOML.replace('session_length = "2h"', f"session_length = {v}"),
    "timings": lambda v: SET_TOML + f"\n[timings]\npresenting = {v}\n",
    "phases": lambda v: SET_TOML + f'\n[[phases]]\nid = "talk"\ntitle = "Talk"\nduration = {v}\n',
    "warn": lambda v: (
        SET_TOML + f'\n[[phases]]\nid = "talk"\ntitle = "Talk"\nduration = "1h"\nwarn = {v}\n'
    ),
}


@pytest.mark.parametrize("where", sorted(WHERE))
@pytest.mark.parametrize("value", TOO_LONG[:9], ids=lambda v: repr(v)[:24])
def test_check_and_start_refuse_in_one_line(
    where: str,
    value: object,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    tally: Tally,
) -> None:
    path = write_set(tmp_path, WHERE[where](_toml(value)))
    assert cli_main(["check", str(path)]) == 2
    err = capsys.readouterr().err.strip()
    # `start` reads the set file with the same loader, before the data folder.
    with pytest.raises(SetFileError) as caught:
        load_set(path)
    for message in (err, str(caught.value)):
        assert "\n" not in message, message
        assert message.startswith(f"{path}:") and "at most 24h" in message, message
        line = message.removeprefix(f"{path}:").split(":", 1)[0]
        assert line.isdigit(), message
    tally.add("bad_inputs", 2)


LARGEST = textwrap.dedent(
    """\
    name = "Longest Set"
    id = "longest-set"
    facilitator = "Jane"
    session_length = "24h"
    presenters_per_session = 3

    [[members]]
    name = "Aled"

    [[members]]
    name = "Bethan"

    [[members]]
    name = "Carys"

    [timings]
    checkin = "24h"
    ground_rules = "24h"
    updates = "24h"
    presenting = "24h"
    questioning = "24h"
    summing_up = "24h"
    evaluation = "24h"
    close = "24h"
    """
)


def test_the_largest_allowed_session_runs_end_to_end(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], tally: Tally
) -> None:
    set_file = load_set(write_set(tmp_path, LARGEST))
    data_dir = tmp_path / "data"
    clock = FakeClock()
    # A first session leaves open actions, so the second has update steps too.
    runner = open_runner(set_file, data_dir, clock)
    session = runner.start_new()
    for owner in ("Aled", "Bethan", "Carys"):
        session.add_action(owner, "Talk to finance", runner.now())
    clock.advance(MAX_DURATION)
    runner.complete()
    runner.close()

    clock.advance(MAX_DURATION)
    runner = open_runner(set_file, data_dir, clock)
    session = runner.start_new()
    steps = len(session.steps)
    for index in range(steps):
        assert runner.session is not None
        clock.advance(MAX_DURATION + 3600)  # every step overruns by an hour...
        runner.session.adjust(MAX_DURATION, runner.now())  # ...and is given a day more
        assert runner.save() is None
        if index == steps // 2:  # a crash halfway, then a resume
            crash(runner)
            runner = open_runner(set_file, data_dir, clock)
            assert runner.pending is not None
            runner.resume()
        assert runner.session is not None
        runner.session.next(runner.now())
    path = runner.complete()
    runner.close()
    record = read_record(path, SessionRecord)
    assert record.planned_seconds >= steps * MAX_DURATION
    tally.add("records_checked")
    for view in ([], ["show", "last"], ["actions"], ["members"]):
        for fmt in ("table", "json", "csv", "markdown"):
            code = history_main(
                [*view, "--set", "longest-set", "--data-dir", str(data_dir), "--format", fmt]
            )
            assert code == 0, capsys.readouterr().err
    capsys.readouterr()

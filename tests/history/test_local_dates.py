"""History shows each session on the day and at the time where it was held (schema 2:
``utc_offset_minutes``), and in UTC when that is unknown (a schema-1 session)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from history_helpers import Plan, run

from alfacil.history.command import main

MEMBERS = ["Ann", "Bob", "Cy"]
#: 23:30 UTC on 9 September is 00:30 on the 10th in British summer time.
UK_NIGHT = datetime(2026, 9, 9, 23, 30, tzinfo=UTC)
#: 09:00 UTC on 22 September is 19:00 the same day in Brisbane (UTC+10).
BRISBANE_EVENING = datetime(2026, 9, 22, 9, 0, tzinfo=UTC)
#: 22:00 UTC on 5 October is 19:00 in Sao Paulo (UTC-3) the same day.
SAO_PAULO = datetime(2026, 10, 5, 22, 0, tzinfo=UTC)
#: 23:00 UTC on 19 October, offset unknown: shown as 19 October, UTC.
UNKNOWN = datetime(2026, 10, 19, 23, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def wide(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.delenv("ALFACIL_DATA_DIR", raising=False)


@pytest.fixture
def held(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    run(
        data,
        Plan(
            UK_NIGHT,
            MEMBERS,
            presenters=["Ann"],
            actions=[("Ann", "Ring the school", None)],
            utc_offset_minutes=60,
        ),
    )
    run(data, Plan(BRISBANE_EVENING, MEMBERS, presenters=["Bob"], utc_offset_minutes=600))
    run(data, Plan(SAO_PAULO, MEMBERS, presenters=["Cy"], utc_offset_minutes=-180))
    run(data, Plan(UNKNOWN, MEMBERS, presenters=["Ann"]))
    return data


def call(capsys: pytest.CaptureFixture[str], *words: str) -> tuple[int, str, str]:
    code = main(list(words))
    out, err = capsys.readouterr()
    return code, out, err


def test_the_session_list_shows_local_dates_and_keeps_utc_timestamps(
    held: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = call(capsys, "--data-dir", str(held), "--format", "json")
    assert code == 0, err
    rows = json.loads(out)["sets"][0]["sessions"]
    got = [
        (r["started_at"], r["utc_offset_minutes"], r["local_date"], r["local_started_at"])
        for r in rows
    ]
    assert got == [
        ("2026-10-19T23:00:00+00:00", None, "2026-10-19", "2026-10-19T23:00:00+00:00"),
        ("2026-10-05T22:00:00+00:00", -180, "2026-10-05", "2026-10-05T19:00:00-03:00"),
        ("2026-09-22T09:00:00+00:00", 600, "2026-09-22", "2026-09-22T19:00:00+10:00"),
        ("2026-09-09T23:30:00+00:00", 60, "2026-09-10", "2026-09-10T00:30:00+01:00"),
    ]
    assert rows[-1]["session_id"] == "20260909T233000Z"  # ids stay UTC


def test_the_table_and_markdown_show_local_times(
    held: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = call(capsys, "--data-dir", str(held))
    assert code == 0
    assert "Date (local)" in out
    for shown in ("2026-09-10 00:30", "2026-09-22 19:00", "2026-10-05 19:00"):
        assert shown in out
    assert "2026-10-19 23:00 UTC" in out
    assert "2026-09-09" not in out
    code, out, _ = call(capsys, "--data-dir", str(held), "--format", "markdown")
    assert "| 2026-09-10 00:30 |" in out and "| 2026-10-19 23:00 UTC |" in out
    code, out, _ = call(capsys, "--data-dir", str(held), "--format", "csv")
    header, *lines = out.splitlines()
    assert header.endswith(",utc_offset_minutes,local_date")
    assert any(line.endswith(",60,2026-09-10") for line in lines)


def test_show_date_matches_the_local_date(held: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = call(capsys, "show", "2026-09-10", "--data-dir", str(held), "--format", "json")
    assert code == 0
    session = json.loads(out)["session"]
    assert session["session_id"] == "20260909T233000Z"
    assert (session["utc_offset_minutes"], session["timezone"]) == (60, None)
    assert session["local_date"] == "2026-09-10"
    assert session["local_started_at"].startswith("2026-09-10T00:30:00+01:00")
    code, _, err = call(capsys, "show", "2026-09-09", "--data-dir", str(held))
    assert code == 2 and "no session on 2026-09-09" in err  # its UTC date is not its day
    code, out, _ = call(capsys, "show", "last", "--data-dir", str(held))
    assert code == 0 and "Monday 19 October 2026, 23:00-" in out and "UTC" in out
    code, out, _ = call(capsys, "show", "2026-09-10", "--data-dir", str(held))
    assert "Thursday 10 September 2026, 00:30-" in out and "UTC+01:00" in out
    code, out, _ = call(capsys, "show", "2026-10-05", "--data-dir", str(held))
    assert "Monday 5 October 2026, 19:00-" in out and "UTC-03:00" in out
    code, out, _ = call(
        capsys, "show", "2026-09-10", "--data-dir", str(held), "--format", "markdown"
    )
    assert out.startswith("# Test Set: session of Thursday 10 September 2026")


def test_since_and_actions_use_the_local_date(
    held: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = call(
        capsys, "--data-dir", str(held), "--since", "2026-09-10", "--format", "json"
    )
    assert code == 0
    assert len(json.loads(out)["sets"][0]["sessions"]) == 4  # the UK night is on the 10th
    code, out, _ = call(capsys, "actions", "--data-dir", str(held), "--format", "json")
    [action] = json.loads(out)["sets"][0]["actions"]
    assert action["made_on"] == date(2026, 9, 10).isoformat()

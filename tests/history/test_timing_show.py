"""``history show`` names what the console's time tools left in a record: a rebalance's
change to a step's plan (apart from minutes added by hand) and each silent reflection,
in the table view and in JSON; the planned-against-actual totals count the rebalance."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from alfacil.clock import FakeClock
from alfacil.config import load_set
from alfacil.console import Console, RebalanceDraft
from alfacil.history.command import main
from alfacil.runner import Runner

SET = """\
name = "Test Set"
id = "test-set"
facilitator = "Jane"
session_length = "2h"
presenters_per_session = 2

[[members]]
name = "Aled"
[[members]]
name = "Bethan"
[[members]]
name = "Carys"
"""


@pytest.fixture(autouse=True)
def _wide(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")


def test_show_names_rebalance_and_reflections(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "set.toml").write_text(SET)
    data = tmp_path / "data"
    clock = FakeClock(start=datetime(2026, 11, 27, 14, tzinfo=UTC))
    runner = Runner.open(load_set(tmp_path / "set.toml"), data, clock)
    console = Console(runner, tz=UTC)
    try:
        console.begin("new")
        while console.frame().kind != "presenting":
            clock.advance(60)
            console.next()
        clock.advance(50 * 60)  # Aled's presenting runs 40 minutes over
        console.next()  # -> questioning
        clock.advance(5 * 60)
        console.reflect()  # a silent reflection of three minutes
        console.adjust(60)
        clock.advance(200)
        console.tick()
        console.reflect()
        clock.advance(90)
        console.reflect()  # one of 90 seconds, ended with s
        console.adjust(-60)  # a minute less for Aled's questioning, by hand
        draft = console.rebalance_draft()
        assert isinstance(draft, RebalanceDraft)
        console.rebalance(draft)
        while console.record_path is None:
            clock.advance(60)
            console.next()
    finally:
        runner.close()
    assert main(["show", "last", "--data-dir", str(data)]) == 0
    out = capsys.readouterr().out
    assert "-1m at" in out  # the minute taken by hand, at its time
    [bethan_presenting] = [line for line in out.splitlines() if "Presenting: Bethan" in line]
    assert "rebalanced -" in bethan_presenting and " at " not in bethan_presenting
    assert "Silent reflection of 3m at 05:00 in Questioning: Aled" in out
    assert "Silent reflection of 1m30s at 08:20 in Questioning: Aled" in out
    assert main(["show", "last", "--data-dir", str(data), "--format", "json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    steps = shown["session"]["steps"] if "session" in shown else shown["steps"]
    questioning = next(s for s in steps if s["kind"] == "questioning")
    assert [(r["planned_seconds"], r["actual_seconds"]) for r in questioning["reflections"]] == [
        (180, 180),
        (120, 90),
    ]
    assert [a["delta_seconds"] for a in questioning["adjustments"]] == [-60]
    bethan = next(s for s in steps if s["kind"] == "presenting" and s["subject"] == "Bethan")
    assert bethan["rebalanced_seconds"] < 0 and bethan["adjustments"] == []
    assert bethan["adjusted_seconds"] == bethan["planned_seconds"] + bethan["rebalanced_seconds"]
    # The CSV tells the same story: a column of its own for what the rebalance moved,
    # so that planned + adjustments + rebalanced = adjusted on every row.
    assert main(["show", "last", "--data-dir", str(data), "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    [bethan_row] = [r for r in rows if r["title"] == "Presenting" and r["subject"] == "Bethan"]
    assert int(bethan_row["rebalanced_seconds"]) == bethan["rebalanced_seconds"]
    for row in rows:
        # A cell that starts like a formula carries a quote (a spreadsheet runs none).
        by_hand = sum(int(a.rstrip("s")) for a in row["adjustments"].lstrip("'").split())
        rebalanced = int(row["rebalanced_seconds"] or 0)
        assert int(row["planned_seconds"]) + by_hand + rebalanced == int(row["adjusted_seconds"])


def test_a_break_added_on_the_day_is_a_change_to_the_plan(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A break added with b was not in the plan the set agreed: history counts it in
    the adjusted plan, names it "added on the day", and leaves the day's plan as
    planned; a break of the set file's own [[breaks]] stays plan."""
    planned_break = '\n[[breaks]]\nafter = "ground_rules"\nduration = "5m"\n'
    (tmp_path / "set.toml").write_text(SET + planned_break)
    data = tmp_path / "data"
    clock = FakeClock(start=datetime(2026, 11, 27, 14, tzinfo=UTC))
    runner = Runner.open(load_set(tmp_path / "set.toml"), data, clock)
    console = Console(runner, tz=UTC)
    try:
        console.begin("new")
        planned = sum(step.planned_seconds for step in runner.session.record.steps)  # type: ignore[union-attr]
        clock.advance(60)
        console.insert_break()  # ten minutes after check-in, not in the plan
        while console.record_path is None:
            clock.advance(60)
            console.next()
    finally:
        runner.close()
    assert main(["--data-dir", str(data), "--format", "json"]) == 0
    [session] = json.loads(capsys.readouterr().out)["sets"][0]["sessions"]
    assert session["planned_seconds"] == planned
    assert session["adjusted_seconds"] == planned + 600
    assert main(["show", "last", "--data-dir", str(data), "--format", "json"]) == 0
    steps = json.loads(capsys.readouterr().out)["session"]["steps"]
    breaks = [(s["title"], s["planned_seconds"], s["added"]) for s in steps if s["kind"] == "break"]
    assert breaks == [("Break", 600, True), ("Break", 300, False)]
    assert main(["show", "last", "--data-dir", str(data)]) == 0
    out = capsys.readouterr().out
    assert f"plan {planned // 3600}h{planned % 3600 // 60:02d}m" in out
    assert "adjusted plan" in out
    [added_row] = [line for line in out.splitlines() if "added on the day" in line]
    assert "Break" in added_row
    assert main(["show", "last", "--data-dir", str(data), "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [r["added"] for r in rows if r["title"] == "Break"] == ["true", "false"]

"""A break inserted with ``b`` and the wall view ``w``, through the console controller
on a FakeClock: no Textual."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from alfacil.clock import FakeClock
from alfacil.config import SetFile, load_set
from alfacil.console import Console
from alfacil.frames import BreakData
from alfacil.runner import Runner

SET = """\
name = "Test Set"
id = "test-set"
facilitator = "Jane"
session_length = "2h"
presenters_per_session = 1

[[members]]
name = "Aled"
[[members]]
name = "Bethan"
[[members]]
name = "Carys"
"""
START = datetime(2026, 11, 27, 14, 0, 0, tzinfo=UTC)


@pytest.fixture
def set_file(tmp_path: Path) -> SetFile:
    path = tmp_path / "set.toml"
    path.write_text(SET)
    return load_set(path)


def only_record(data: Path) -> dict[str, Any]:
    files = sorted((data / "test-set" / "sessions").glob("*.json"))
    assert len(files) == 1, files
    record: dict[str, Any] = json.loads(files[0].read_text())
    return record


def test_b_then_n_runs_a_break_that_is_recorded(set_file: SetFile, tmp_path: Path) -> None:
    data = tmp_path / "data"
    clock = FakeClock(start=START)
    runner = Runner.open(set_file, data, clock)
    # The console's zone is not UTC: "back at" is the room's wall time.
    console = Console(runner, tz=timezone(timedelta(hours=1)))
    try:
        console.begin("new")
        clock.advance(300)
        console.next()  # -> ground rules
        assert console.applies("insert_break")
        inserted = console.insert_break()
        assert inserted.changed and inserted.warning is None and inserted.save_error is None
        frame = console.frame()
        assert frame.kind == "ground_rules"  # the break comes after this step
        titles = [row.title for row in frame.sheet]
        assert titles[2] == "Break" and frame.sheet[2].mark == "pending"
        assert frame.sheet[2].timing == "10m"
        saved = json.loads((data / "test-set" / "autosave.json").read_text())
        assert "break" in json.dumps(saved)  # saved with the intent, not at the next tick
        assert console.ticker().back_at is None  # not on a break yet

        clock.advance(120)  # ground rules ran 2 minutes: 14:07 UTC, 15:07 here
        console.next()  # -> the break
        frame = console.frame()
        assert (frame.kind, frame.title) == ("break", "Break")
        assert frame.panel == BreakData("Break")
        ticker = console.ticker()
        assert ticker.back_at == "15:17" and ticker.clock == "10:00"
        clock.advance(240)
        assert console.ticker().back_at == "15:17"  # it does not move as the break runs
        console.adjust(60)  # + : one minute more
        assert console.ticker().back_at == "15:18"
        console.pause()
        clock.advance(120)  # a pause of two minutes moves the return on
        assert console.ticker().back_at == "15:20"
        console.pause()
        clock.advance(480)  # 720 s of break run in all, one minute over its 11
        assert console.ticker().clock == "+01:00"
        assert console.ticker().back_at == "15:20"  # overtime: still when it was due
        console.next()  # -> presenting
        assert console.ticker().back_at is None
        while console.running:
            clock.advance(60)
            assert console.next().warning is None
        assert not console.applies("insert_break")
        assert console.insert_break().changed is False  # after the record: nothing
    finally:
        runner.close()
    record = only_record(data)
    kinds = [s["kind"] for s in record["steps"]]
    assert kinds[:4] == ["checkin", "ground_rules", "break", "presenting"]
    assert kinds.count("break") == 1
    brk = record["steps"][2]
    assert brk["status"] == "done"
    assert brk["planned_seconds"] == 600
    assert [a["delta_seconds"] for a in brk["adjustments"]] == [60]
    assert brk["actual_seconds"] == 720
    assert brk["paused_seconds"] == 120


def test_a_break_of_no_minutes_is_refused(set_file: SetFile, tmp_path: Path) -> None:
    clock = FakeClock(start=START)
    runner = Runner.open(set_file, tmp_path / "data", clock)
    console = Console(runner, tz=UTC)
    try:
        console.begin("new")
        refused = console.insert_break(0)
        assert not refused.changed and refused.warning == "a break needs some minutes"
        assert [row.title for row in console.frame().sheet].count("Break") == 0
    finally:
        runner.close()


def test_w_toggles_the_wall_view_in_the_frame(set_file: SetFile, tmp_path: Path) -> None:
    clock = FakeClock(start=START)
    runner = Runner.open(set_file, tmp_path / "data", clock)
    console = Console(runner, tz=UTC)
    try:
        console.begin("new")
        assert console.frame().wall is False
        assert console.toggle_wall().changed
        assert console.frame().wall is True
        clock.advance(60)
        console.next()
        assert console.frame().wall is True  # it stays on from step to step
        console.toggle_wall()
        assert console.frame().wall is False
    finally:
        runner.close()

"""Snapshots of the members' display at 80x24, 160x48 and 200x60, clock frozen.

The console's runner (on a :class:`FakeClock` with a fixed start, shown in UTC) writes
the autosave the display follows, so what is drawn is what a room would see. Regenerate
after a deliberate change with ``pytest tests/tui/test_display_snapshots.py
--snapshot-update`` and look at the SVGs before committing.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

import pytest
from textual.pilot import Pilot

from alfacil.clock import FakeClock
from alfacil.config import load_set
from alfacil.engine import Session
from alfacil.runner import Runner
from alfacil.tui.display import DisplayApp, make_display_app

#: The console snapshots' set, copied so that the two suites change independently.
SET_TEXT = """\
name = "Cluster Managers Learning Set"
id = "cluster-managers"
facilitator = "Jane"
session_length = "2h"
presenters_per_session = 2

[[members]]
name = "Aled"
[[members]]
name = "Bethan"
[[members]]
name = "Carys"
[[members]]
name = "Dafydd"
[[members]]
name = "Eleri"
[[members]]
name = "Gareth"

[ground_rules]
items = [
  "What is said in the set stays in the set",
  "Listen to understand, not to reply",
  "Questions, not advice",
  "Suspend judgement",
  "Phones away",
]

[timings]
presenting = "10m"
questioning = "25m"

[questioning]
prompts = [
  "What would success look like?",
  "What have you already tried?",
  "Who else has a stake in this?",
]

[evaluation]
questions = ["How useful was today for you?", "How well did we keep to the process?"]
scale = 5
"""

START = datetime(2026, 11, 27, 14, 0, 0, tzinfo=UTC)
SIZES = [
    pytest.param((80, 24), id="80x24"),
    pytest.param((160, 48), id="160x48"),
    pytest.param((200, 60), id="200x60"),
]

RunBefore = Callable[[Pilot[int]], Awaitable[None]]


class SnapCompare(Protocol):
    def __call__(
        self,
        app: DisplayApp,
        press: tuple[str, ...] = (),
        terminal_size: tuple[int, int] = (80, 24),
        run_before: RunBefore | None = None,
    ) -> bool: ...


class Room:
    """A set, a runner on a frozen clock, and the display following it."""

    def __init__(self, folder: Path) -> None:
        path = folder / "set.toml"
        path.write_text(SET_TEXT)
        self.clock = FakeClock(start=START, monotonic_start=5000.0)
        self.runner = Runner.open(load_set(path), folder / "data", self.clock)

    def display(self) -> DisplayApp:
        return make_display_app(
            self.runner.store.paths, self.clock, config=self.runner.config, tz=UTC
        )

    def to_step(self, kind: str, run: float = 300) -> Session:
        session = self.runner.session or self.runner.start_new()
        while session.step.kind != kind:
            self.clock.advance(run)
            session.next(self.runner.now())
        self.runner.save()
        return session


@pytest.fixture
def room(tmp_path: Path) -> Iterator[Room]:
    made = Room(tmp_path)
    try:
        yield made
    finally:
        made.runner.close()


@pytest.mark.parametrize("size", SIZES)
def test_waiting(snap_compare: SnapCompare, room: Room, size: tuple[int, int]) -> None:
    assert snap_compare(room.display(), terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_questioning(snap_compare: SnapCompare, room: Room, size: tuple[int, int]) -> None:
    """Aled's questioning, 7 minutes in: the rule, an example question, the run sheet."""
    room.to_step("questioning")
    room.clock.advance(420)
    assert snap_compare(room.display(), terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_overtime(snap_compare: SnapCompare, room: Room, size: tuple[int, int]) -> None:
    room.to_step("presenting")
    room.clock.advance(10 * 60 + 75)
    assert snap_compare(room.display(), terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_paused(snap_compare: SnapCompare, room: Room, size: tuple[int, int]) -> None:
    session = room.to_step("ground_rules")
    room.clock.advance(50)
    session.toggle_pause(room.runner.now())
    room.runner.save()
    room.clock.advance(600)
    assert snap_compare(room.display(), terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_recorded(snap_compare: SnapCompare, room: Room, size: tuple[int, int]) -> None:
    session = room.to_step("checkin")
    app = room.display()

    async def run_before(pilot: Pilot[int]) -> None:
        while not session.finished:
            session.next(room.runner.now())
        room.runner.complete()
        room.clock.advance(120)
        app.refresh_frame()
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=run_before)


def test_curtain(snap_compare: SnapCompare, room: Room) -> None:
    room.to_step("presenting")
    room.runner.set_curtain(True)
    assert snap_compare(room.display(), terminal_size=(80, 24))

"""Row 11: suspends, wall-clock jumps and long sessions, on a fake clock.

- A 20-minute suspend during a 10-minute step leaves it 10 minutes into overtime, once:
  the next ticks save once, not once per missed 30 s, and the step does not move on.
- A wall-clock jump of an hour either way changes no countdown, nothing the screen
  shows, and no timestamp the session writes.
- Three hours of a session with pauses, going back, saves and a resume lose no second.
"""

from __future__ import annotations

import random
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest

from alfacil import store
from alfacil.clock import FakeClock
from alfacil.config import SetFile
from alfacil.engine import Session, SessionView
from alfacil.runner import AUTOSAVE_EVERY, Runner

from .conftest import open_runner

pytestmark = pytest.mark.row(11)


def _to(runner: Runner, phase_id: str) -> Session:
    session = runner.session
    assert session is not None
    while session.step.phase_id != phase_id:
        assert session.next(runner.now())
    return session


def _shown(view: SessionView) -> dict[str, Any]:
    shown = asdict(view)
    shown.pop("step")
    shown.pop("phase")
    return shown


def test_a_20_minute_suspend_ends_a_10_minute_step_in_overtime_once(
    set_file: SetFile, data_dir: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    runner = open_runner(set_file, data_dir, clock)
    runner.start_new()
    session = _to(runner, "presenting")
    assert session.step.adjusted_seconds == 600
    index = session.current
    assert runner.save() is None
    writes: list[Path] = []
    real = store.atomic_write
    monkeypatch.setattr(store, "atomic_write", lambda p, d: (writes.append(p), real(p, d))[1])

    clock.suspend(20 * 60)  # the lid is shut; BOOTTIME keeps counting
    levels = []
    for _ in range(int(AUTOSAVE_EVERY) - 1):  # the console ticks once a second on waking
        runner.tick()
        session.tick(runner.now())
        levels.append(session.view(runner.now()).level)
        clock.advance(1)
    view = session.view(clock.monotonic() - 1)
    assert levels == ["overtime"] * len(levels)  # straight into overtime, and it stays
    assert view.remaining == -600 - (len(levels) - 1)
    assert writes == [runner.store.paths.autosave]  # one catch-up save, not forty
    assert session.current == index  # overtime never moves the session on by itself
    runner.close()
    saved = store.read_record(runner.store.paths.autosave, store.Autosave)
    step = saved.session.steps[index]
    assert step.actual_seconds == 600 + 600 + len(levels)
    assert step.overtime_seconds == 600 + len(levels)


@pytest.mark.parametrize("jump", [-3600, 3600])
def test_a_wall_clock_jump_changes_no_countdown(
    jump: int, set_file: SetFile, data_dir: Path, clock: FakeClock
) -> None:
    runner = open_runner(set_file, data_dir, clock)
    runner.start_new()
    session = _to(runner, "presenting")
    clock.advance(250)
    session.pause(runner.now())
    clock.advance(30)
    session.resume_clock(runner.now())
    clock.advance(70)
    before = _shown(session.view(runner.now()))
    clock.jump_wall(jump)
    assert _shown(session.view(runner.now())) == before
    action = session.add_action("Aled", "Write it down", runner.now())
    started = session.record.started_at
    assert (action.created_at - started).total_seconds() == before["session_elapsed"]
    # Save and resume after the jump: the countdown goes on where it was.
    runner.close()
    runner = open_runner(set_file, data_dir, clock)
    resumed = runner.resume()
    assert _shown(resumed.view(runner.now())) == before
    clock.advance(10)
    assert resumed.view(runner.now()).remaining == before["remaining"] - 10
    runner.close()


@pytest.mark.parametrize("seed", range(4))
def test_three_hours_with_pauses_lose_no_second(
    seed: int, set_file: SetFile, data_dir: Path, clock: FakeClock
) -> None:
    rng = random.Random(seed)
    runner = open_runner(set_file, data_dir, clock)
    session = runner.start_new()
    start = clock.monotonic()
    total = 3 * 3600
    while clock.monotonic() - start < total:
        clock.advance(min(rng.randint(1, 400), total - (clock.monotonic() - start)))
        now = runner.now()
        move = rng.choice(["pause", "pause", "next", "back", "save", "reopen", "tick", "adjust"])
        if move == "pause":
            session.toggle_pause(now)
        elif move == "next" and session.current + 1 < len(session.steps):
            session.next(now)
        elif move == "back":
            session.back(now)
        elif move == "save":
            assert runner.save() is None
        elif move == "reopen":  # quit and start again at once: resumed where it was
            runner.close()
            runner = open_runner(set_file, data_dir, clock)
            session = runner.resume()
        elif move == "tick":
            runner.tick()
        elif move == "adjust" and not session.finished:
            session.adjust(rng.choice([-60, 60]), now)
        elapsed = clock.monotonic() - start
        assert session.view(runner.now()).session_elapsed == pytest.approx(elapsed, abs=1e-6)
    assert clock.monotonic() - start == total
    record = store.read_record(runner.complete(), store.SessionRecord)
    runner.close()
    spent = sum(s.actual_seconds + s.paused_seconds for s in record.steps)
    assert spent == pytest.approx(total, abs=1e-6)
    assert all(s.actual_seconds >= 0 and s.paused_seconds >= 0 for s in record.steps)
    assert any(s.paused_seconds > 0 for s in record.steps)


def test_the_console_rings_the_bell_once_after_a_suspend(
    set_file: SetFile, data_dir: Path, clock: FakeClock
) -> None:
    """The console's one-second timer, run by hand on the fake clock after waking."""
    import asyncio
    from datetime import UTC

    from alfacil.tui.app import make_app

    runner = open_runner(set_file, data_dir, clock)
    app = make_app(runner, "ask", tz=UTC)
    rings: list[float] = []

    async def scenario() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            app.bell = lambda: rings.append(clock.monotonic())  # type: ignore[method-assign]
            await pilot.pause()
            for _ in range(2):
                await pilot.press("n")
                await pilot.pause()
            assert app.runner.session is not None
            while app.runner.session.step.phase_id != "presenting":
                await pilot.press("n")
                await pilot.pause()
            app.tick()
            clock.suspend(20 * 60)
            for _ in range(20):
                app.tick()
                await pilot.pause()
                clock.advance(1)
            assert app.runner.session.view(runner.now()).level == "overtime"

    try:
        asyncio.run(scenario())
    finally:
        runner.close()
    assert len(rings) == 1, rings

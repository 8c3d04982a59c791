"""The members' display, driven by autosaves the real runner writes, on a FakeClock."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable, Coroutine, Iterator
from datetime import UTC
from pathlib import Path

import pytest
from textual.pilot import Pilot

from alfacil.clock import FakeClock
from alfacil.config import SetFile
from alfacil.runner import Runner
from alfacil.tui.display import DisplayApp, make_display_app
from alfacil.tui.widgets.bigclock import BigClock

from .conftest import write_set


def sync(test: Callable[..., Coroutine[object, object, None]]) -> Callable[..., None]:
    """Run an async test body with asyncio (the suite has no async plugin)."""

    @functools.wraps(test)
    def run(*args: object, **kwargs: object) -> None:
        asyncio.run(test(*args, **kwargs))

    return run


@pytest.fixture
def runner(set_file: SetFile, data_dir: Path, clock: FakeClock) -> Iterator[Runner]:
    opened = Runner.open(set_file, data_dir, clock)
    try:
        yield opened
    finally:
        opened.close()


def display_of(runner: Runner, clock: FakeClock) -> DisplayApp:
    return make_display_app(runner.store.paths, clock, config=runner.config, tz=UTC)


async def follow(pilot: Pilot[int], clock: FakeClock, seconds: float = 0.0) -> str:
    """Let ``seconds`` pass, let the display look again, and say what it shows."""
    clock.advance(seconds)
    app = pilot.app
    assert isinstance(app, DisplayApp)
    app.refresh_frame()
    await pilot.pause()
    return app.shown_text()


@sync
async def test_waiting_then_every_phase_then_recorded(runner: Runner, clock: FakeClock) -> None:
    app = display_of(runner, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        shown = await follow(pilot, clock)
        assert "Test Set" in shown and "14:00" in shown and "Waiting" in shown
        session = runner.start_new()
        shown = await follow(pilot, clock)
        assert "Check-in" in shown and "05:00" in shown
        assert "Who is here today, and who will present?" in shown
        titles = []
        while not session.finished:
            shown = await follow(pilot, clock, 1)
            step = session.step
            titles.append(step.title)
            assert step.title in shown
            assert session.phase.rule in shown
            if session.presenter:
                assert f"{step.title} · {session.presenter}" in shown
            if step.kind == "questioning":
                assert "For example: What would success look like?" in shown
            session.next(runner.now())
            runner.save()
        assert titles[-1] == "Close" and "Questioning" in titles
        shown = await follow(pilot, clock)
        assert "the session has ended" in shown
        runner.complete()
        shown = await follow(pilot, clock, 60)
        assert "Session recorded" in shown and "Test Set" in shown and "14:" in shown


@sync
async def test_pause_and_overtime_change_the_clock_and_its_colour(
    runner: Runner, clock: FakeClock
) -> None:
    session = runner.start_new()
    app = display_of(runner, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await follow(pilot, clock, 10)
        big = app.query_one(BigClock)
        assert big.value == "04:50" and big.has_class("-normal")
        session.toggle_pause(runner.now())
        runner.save()
        shown = await follow(pilot, clock, 100)
        assert big.value == "04:50" and big.has_class("-paused") and "paused" in shown
        session.toggle_pause(runner.now())
        runner.save()
        await follow(pilot, clock, 230)
        assert big.value == "01:00" and big.has_class("-warn")
        session.adjust(60, runner.now())
        runner.save()
        await follow(pilot, clock)
        assert big.value == "02:00" and big.has_class("-normal")
        shown = await follow(pilot, clock, 150)
        assert big.value == "+00:30" and big.has_class("-overtime") and "over time" in shown


@sync
async def test_the_curtain_hides_everything(runner: Runner, clock: FakeClock) -> None:
    runner.start_new()
    app = display_of(runner, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        assert "Check-in" in await follow(pilot, clock)
        runner.set_curtain(True)
        assert await follow(pilot, clock, 1) == ""
        assert app.query_one("#curtain").is_on_screen
        runner.set_curtain(False)
        assert "Check-in" in await follow(pilot, clock, 1)


@sync
async def test_an_unreadable_autosave_says_so_in_one_line(runner: Runner, clock: FakeClock) -> None:
    runner.start_new()
    app = display_of(runner, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        runner.store.paths.autosave.write_bytes(b"{not json")
        shown = await follow(pilot, clock, 1)
        assert "The session's autosave cannot be read" in shown and "waiting" in shown
        runner.save()
        assert "Check-in" in await follow(pilot, clock, 1)


@sync
async def test_nothing_private_reaches_the_screen(
    tmp_path: Path, data_dir: Path, clock: FakeClock
) -> None:
    set_file = write_set(tmp_path)
    first = Runner.open(set_file, data_dir, clock)
    try:
        session = first.start_new()
        session.add_action("Aled", "zqprivate earlier action", first.now())
        while not session.finished:
            session.next(first.now())
        first.complete()
    finally:
        first.close()
    runner = Runner.open(set_file, data_dir, clock)
    try:
        session = runner.start_new()
        session.set_attendance("Dafydd", "absent")
        app = display_of(runner, clock)
        async with app.run_test(size=(200, 60)) as pilot:
            while not session.finished:
                if session.step.kind == "updates":
                    action = session.actions_of("Aled")[0]
                    session.record_update(action.id, "partly", runner.now(), "zqprivate note")
                if session.presenter:
                    session.add_action(session.presenter, "zqprivate action", runner.now())
                    session.add_insight("zqprivate insight")
                if session.step.kind == "evaluation":
                    session.add_learning("zqprivate learning")
                runner.save()
                shown = await follow(pilot, clock, 30)
                screen = app.export_screenshot()
                for text in (shown, screen):
                    assert "zqprivate" not in text and "Dafydd" not in text
                    assert str(data_dir) not in text
                session.next(runner.now())
    finally:
        runner.close()


@pytest.mark.parametrize("size", [(40, 12), (80, 24), (200, 60)])
@sync
async def test_the_countdown_is_the_largest_thing(
    runner: Runner, clock: FakeClock, size: tuple[int, int]
) -> None:
    runner.start_new()
    app = display_of(runner, clock)
    async with app.run_test(size=size) as pilot:
        await follow(pilot, clock)
        big = app.query_one(BigClock)
        assert big.is_on_screen
        assert big.size.height >= size[1] // 3
        drawn = "\n".join(big.render_line(y).text for y in range(big.size.height))
        assert "█" in drawn  # drawn in block digits, not plain text

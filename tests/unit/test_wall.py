"""The members' frame, computed from autosaves written by the real runner."""

from __future__ import annotations

import os
import string
from collections.abc import Iterator
from datetime import UTC, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alfacil.clock import FakeClock
from alfacil.config import SetFile
from alfacil.records import UpdateStatus
from alfacil.runner import Runner
from alfacil.wall import Frame, Wall, frame_of, next_change


@pytest.fixture
def runner(example_set: SetFile, data_dir: Path, clock: FakeClock) -> Iterator[Runner]:
    opened = Runner.open(example_set, data_dir, clock)
    try:
        yield opened
    finally:
        opened.close()


def wall_of(runner: Runner) -> Wall:
    return Wall(runner.store.paths, config=runner.config, tz=UTC)


def shown(wall: Wall, clock: FakeClock) -> Frame:
    wall.poll()
    return wall.frame(clock.utcnow())


def test_waiting_before_any_session(runner: Runner, clock: FakeClock) -> None:
    frame = shown(wall_of(runner), clock)
    assert frame.state == "waiting"
    assert frame.set_name == "Cluster Managers Learning Set"
    assert frame.wall.strftime("%H:%M") == "14:00"


def test_the_countdown_ticks_between_saves(runner: Runner, clock: FakeClock) -> None:
    session = runner.start_new()
    wall = wall_of(runner)
    frame = shown(wall, clock)
    assert (frame.state, frame.title, frame.clock, frame.level) == (
        "running",
        "Check-in",
        "05:00",
        "normal",
    )
    assert frame.rule == "Who is here today, and who will present?"
    clock.advance(61.5)  # no save since: the display counts on its own
    assert not wall.poll()
    frame = wall.frame(clock.utcnow())
    assert frame.clock == "03:59"
    # The same figure, level and projected end as the console's engine at that moment.
    view = session.view(runner.now())
    assert frame.remaining == pytest.approx(view.remaining)
    assert frame.level == view.level
    assert frame.projected_end == clock.utcnow() + timedelta(seconds=view.seconds_to_end)
    assert frame.ahead_behind == pytest.approx(view.ahead_behind)
    clock.advance(200)
    assert wall.frame(clock.utcnow()).level == "warn"
    assert next_change(wall.frame(clock.utcnow())) == pytest.approx(0.5)


def test_pause_freezes_and_overtime_shows(runner: Runner, clock: FakeClock) -> None:
    session = runner.start_new()
    wall = wall_of(runner)
    clock.advance(30)
    session.toggle_pause(runner.now())
    runner.save()
    clock.advance(500)
    frame = shown(wall, clock)
    assert frame.paused and frame.clock == "04:30"
    assert next_change(frame) == 1.0
    session.toggle_pause(runner.now())
    runner.save()
    clock.advance(300)
    frame = shown(wall, clock)
    assert (frame.paused, frame.level, frame.clock) == (False, "overtime", "+00:30")


def test_every_phase_with_its_rule_presenter_and_prompt(runner: Runner, clock: FakeClock) -> None:
    session = runner.start_new()
    wall = wall_of(runner)
    seen: list[tuple[str, str | None]] = []
    while not session.finished:
        frame = shown(wall, clock)
        seen.append((frame.title, frame.presenter))
        assert frame.rule == session.phase.rule
        assert frame.presenter == session.presenter
        if session.phase.kind == "questioning":
            prompts = runner.config.questioning.prompts
            assert frame.prompt == prompts[0]
            clock.advance(31)
            assert wall.frame(clock.utcnow()).prompt == prompts[1 % len(prompts)]
        else:
            assert frame.prompt == ""
        current = [row for row in frame.sheet if row.current]
        assert len(current) == 1 and current[0].title == frame.title
        session.next(runner.now())
        runner.save()
    assert seen[:3] == [("Check-in", None), ("Ground rules", None), ("Presenting", "Aled")]
    assert ("Questioning", "Bethan") in seen and seen[-1] == ("Close", None)
    frame = shown(wall, clock)
    assert frame.finished and not any(row.current for row in frame.sheet)


def test_curtain_and_recorded(runner: Runner, clock: FakeClock) -> None:
    session = runner.start_new()
    wall = wall_of(runner)
    runner.set_curtain(True)
    assert shown(wall, clock).curtain
    runner.set_curtain(False)
    assert not shown(wall, clock).curtain
    while not session.finished:
        session.next(runner.now())
    runner.complete()
    assert wall.poll()
    frame = wall.frame(clock.utcnow())
    assert (frame.state, frame.message) == ("recorded", "Session recorded")


def test_an_unreadable_autosave_is_one_line_and_the_wall_keeps_waiting(
    runner: Runner, clock: FakeClock
) -> None:
    runner.start_new()
    wall = wall_of(runner)
    path = runner.store.paths.autosave
    path.write_bytes(b'{"schema_version": 3, "kind": ')
    frame = shown(wall, clock)
    assert frame.state == "unreadable"
    assert "\n" not in frame.message and "cannot be read" in frame.message
    runner.save()  # the console writes again: the wall follows
    assert shown(wall, clock).state == "running"


def test_poll_reads_only_when_the_file_changed(runner: Runner, clock: FakeClock) -> None:
    runner.start_new()
    wall = wall_of(runner)
    assert wall.poll() and wall.reads == 1
    for _ in range(5):
        clock.advance(1)
        assert not wall.poll()
    assert wall.reads == 1
    runner.session.next(runner.now())  # type: ignore[union-attr]
    runner.save()
    st = os.stat(runner.store.paths.autosave)
    os.utime(runner.store.paths.autosave, ns=(st.st_atime_ns, st.st_mtime_ns + 1))
    assert wall.poll() and wall.reads == 2


def test_the_wall_never_writes(runner: Runner, clock: FakeClock) -> None:
    runner.start_new()
    root = runner.store.paths.root
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in root.rglob("*") if p.is_file()}
    wall = wall_of(runner)
    for _ in range(3):
        shown(wall, clock)
        clock.advance(10)
    after = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in root.rglob("*") if p.is_file()}
    assert after == before


def test_without_a_set_file_the_builtin_rules_are_used(runner: Runner, clock: FakeClock) -> None:
    runner.start_new()
    wall = Wall(runner.store.paths, tz=UTC)
    frame = shown(wall, clock)
    assert frame.set_name == "Cluster Managers Learning Set"
    assert frame.rule == "Who is here today, and who will present?"
    saved = wall.saved
    assert saved is not None
    assert frame_of(saved, clock.utcnow(), config=runner.config).texts() == frame.texts()


# --- nothing private ever reaches the wall ----------------------------------------------

MARK = "zq"  # no public text of the example set contains it
private = st.text(alphabet=string.ascii_letters + " ", min_size=3, max_size=30).map(
    lambda s: f"{MARK}{s.strip() or 'x'}"
)
statuses: tuple[UpdateStatus, ...] = ("done", "partly", "not_yet", "dropped")


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    actions=st.lists(private, min_size=1, max_size=4),
    insights=st.lists(private, max_size=3),
    learnings=st.lists(private, max_size=3),
    notes=st.lists(private, max_size=3),
    absent=st.sampled_from(["Carys", "Dafydd", "Eleri", "Gareth"]),
    steps=st.integers(min_value=0, max_value=12),
    seconds=st.floats(min_value=0, max_value=4000),
)
def test_no_private_text_in_any_frame(
    example_set: SetFile,
    tmp_path_factory: pytest.TempPathFactory,
    actions: list[str],
    insights: list[str],
    learnings: list[str],
    notes: list[str],
    absent: str,
    steps: int,
    seconds: float,
) -> None:
    clock = FakeClock()
    data = tmp_path_factory.mktemp("wall")
    # A first session gives Aled open actions, so the next one has updates with notes.
    first = Runner.open(example_set, data, clock)
    try:
        session = first.start_new()
        for text in actions:
            session.add_action("Aled", text, first.now())
        while not session.finished:
            session.next(first.now())
        first.complete()
    finally:
        first.close()
    runner = Runner.open(example_set, data, clock)
    try:
        session = runner.start_new()
        session.set_attendance(absent, "absent" if absent != "Gareth" else "apologies")
        wall = wall_of(runner)
        texts: list[str] = []
        for i in range(steps):
            kind = session.phase.kind
            if kind == "updates":
                for action, note in zip(session.actions_of("Aled"), notes, strict=False):
                    session.record_update(action.id, statuses[i % 4], runner.now(), note)
            if session.presenter is not None:
                for text in actions:
                    session.add_action(session.presenter, text, runner.now())
                for text in insights:
                    session.add_insight(text)
            if kind == "evaluation":
                for text in learnings:
                    session.add_learning(text)
                session.set_ratings(0, [3, 4])
            runner.save()
            frame = shown(wall, clock)
            texts += frame.texts()
            clock.advance(seconds / max(1, steps))
            texts += wall.frame(clock.utcnow()).texts()
            if session.finished or not session.next(runner.now()):
                break
        runner.save()
        texts += shown(wall, clock).texts()
        everything = "\n".join(texts)
        assert MARK not in everything.lower()
        assert absent not in everything
        assert str(runner.store.paths.data_dir) not in everything
    finally:
        runner.close()


def dead_pid() -> int:
    """The PID of a process that has ended (and, for the moment, not been reused)."""
    import subprocess
    import sys

    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_an_autosave_without_a_running_console_is_not_a_session_in_the_room(
    example_set: SetFile, data_dir: Path, clock: FakeClock
) -> None:
    runner = Runner.open(example_set, data_dir, clock)
    runner.start_new()
    wall = wall_of(runner)
    assert shown(wall, clock).state == "running"
    runner.close()  # quit: the session is kept to be resumed
    lock = runner.store.paths.lock
    lock.write_text(f"{dead_pid()}\n".ljust(16))  # as a console that died leaves it
    assert wall.poll()
    frame = wall.frame(clock.utcnow())
    assert (frame.state, frame.title) == ("waiting", "")
    resumed = Runner.open(example_set, data_dir, clock)  # writes this living PID
    try:
        resumed.resume()
        assert wall.poll()
        assert wall.frame(clock.utcnow()).state == "running"
    finally:
        resumed.close()

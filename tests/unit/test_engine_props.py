"""Hypothesis drives the engine with any sequence of actions; the invariants must hold.

- every second since the start is attributed to exactly one step, as running or paused
  time: the sum over steps equals ``view.session_elapsed`` equals the time that passed
  while the session was open;
- exactly one step is running or paused, unless the session has finished;
- going back and forth loses nothing: no step's actual seconds ever decrease;
- remaining is always the adjusted plan minus the elapsed running time.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from alfacil.clock import FakeClock
from alfacil.config import SetConfig, load_set
from alfacil.engine import EngineError, Session
from alfacil.records import Autosave, LedgerAction

REPO = Path(__file__).resolve().parents[2]
CONFIG: SetConfig = load_set(REPO / "sets.example.toml").config
MEMBERS = CONFIG.member_names
TOLERANCE = 1e-6

#: Two members come with open actions, so the plan has update steps to add and remove.
OPEN_ACTIONS = [
    LedgerAction(
        id=f"{n:010x}",
        owner=owner,
        text="Ring Bob",
        session_id="20261030T140000Z",
        created_at=datetime(2026, 10, 30, 15, tzinfo=UTC),
    )
    for n, owner in enumerate(["Bethan", "Eleri"])
]

seconds = st.one_of(st.integers(0, 1500), st.floats(0, 1500, allow_nan=False))


class EngineMachine(RuleBasedStateMachine):
    clock: FakeClock
    session: Session
    elapsed: float
    seen_actual: dict[tuple[str, str | None], float]

    @initialize(
        presenters=st.lists(st.sampled_from(MEMBERS), unique=True, max_size=3),
        start=st.floats(0, 1e6, allow_nan=False),
    )
    def start(self, presenters: list[str], start: float) -> None:
        self.clock = FakeClock(monotonic_start=start)
        self.session = Session.new(
            CONFIG, OPEN_ACTIONS, presenters, self.clock.monotonic(), self.clock.utcnow()
        )
        self.elapsed = 0.0
        self.seen_actual = {}

    @property
    def now(self) -> float:
        return self.clock.monotonic()

    @rule(dt=seconds)
    def time_passes(self, dt: float) -> None:
        self.clock.advance(dt)
        if not self.session.finished:
            self.elapsed += dt

    @rule()
    def next(self) -> None:
        if self.session.finished:
            return
        was_last = self.session.current == len(self.session.steps) - 1
        if self.session.step.kind == "checkin" and not self.session.present:
            current = self.session.current
            with pytest.raises(EngineError):  # nobody to hold a session for
                self.session.next(self.now)
            assert self.session.current == current and not self.session.finished
            return
        moved = self.session.next(self.now)
        assert moved is not was_last
        assert self.session.finished is was_last

    @rule()
    def back(self) -> None:
        before, finished = self.session.current, self.session.finished
        moved = self.session.back(self.now)
        assert moved is (finished or before > 0)
        assert self.session.current == (before if finished else max(0, before - 1))
        assert not self.session.finished

    @rule()
    def pause(self) -> None:
        if not self.session.finished:
            self.session.pause(self.now)
            assert self.session.paused

    @rule()
    def resume_clock(self) -> None:
        if not self.session.finished:
            self.session.resume_clock(self.now)
            assert not self.session.paused

    @rule(delta=st.sampled_from([60, -60, 300, -300, -3600]))
    def adjust(self, delta: int) -> None:
        if self.session.finished:
            return
        before = self.session.step.adjusted_seconds
        applied = self.session.adjust(delta, self.now)
        assert self.session.step.adjusted_seconds == before + applied >= 0

    @rule(minutes=st.integers(1, 30))
    def insert_break(self, minutes: int) -> None:
        if self.session.finished:
            return
        current = (self.session.step.phase_id, self.session.step.subject)
        count = len(self.session.steps)
        step = self.session.insert_break(self.now, minutes * 60)
        assert len(self.session.steps) == count + 1
        assert self.session.steps[self.session.current + 1] is step
        assert (self.session.step.phase_id, self.session.step.subject) == current

    @rule(presenters=st.lists(st.sampled_from(MEMBERS), unique=True, max_size=3))
    def set_presenters(self, presenters: list[str]) -> None:
        before = [(s.phase_id, s.subject) for s in self.session.steps]
        current = (self.session.step.phase_id, self.session.step.subject)
        try:
            self.session.set_presenters(presenters)
        except EngineError:
            assert [(s.phase_id, s.subject) for s in self.session.steps] == before
        assert (self.session.step.phase_id, self.session.step.subject) == current

    @rule(
        name=st.sampled_from(MEMBERS),
        status=st.sampled_from(["present", "apologies", "absent"]),
    )
    def set_attendance(self, name: str, status: str) -> None:
        before = [(s.phase_id, s.subject) for s in self.session.steps]
        current = (self.session.step.phase_id, self.session.step.subject)
        record = self.session.record
        people = (dict(record.attendance), list(record.presenters))
        try:
            self.session.set_attendance(name, status)  # type: ignore[arg-type]
        except EngineError:
            assert [(s.phase_id, s.subject) for s in self.session.steps] == before
            assert (record.attendance, record.presenters) == people
        else:
            assert self.session.record.attendance[name] == status
            assert all(
                self.session.record.attendance[p] == "present"
                for p in self.session.record.presenters
            )
        assert (self.session.step.phase_id, self.session.step.subject) == current

    @rule(gap=seconds)
    def save_and_resume(self, gap: float) -> None:
        """The console saves, quits, and is started again ``gap`` seconds later."""
        saved = self.session.snapshot(self.now, self.clock.utcnow())
        restored = Autosave.model_validate_json(saved.model_dump_json())
        self.clock.advance(gap)  # the time the console was closed belongs to no step
        self.session = Session.resume(CONFIG, OPEN_ACTIONS, restored, self.now)

    # --- invariants ------------------------------------------------------------------

    @invariant()
    def every_second_belongs_to_one_step(self) -> None:
        view = self.session.view(self.now)
        saved = self.session.snapshot(self.now, self.clock.utcnow()).session
        total = sum(s.actual_seconds + s.paused_seconds for s in saved.steps)
        assert abs(total - view.session_elapsed) <= TOLERANCE
        assert abs(view.session_elapsed - self.elapsed) <= TOLERANCE

    @invariant()
    def one_step_is_live_unless_finished(self) -> None:
        session = self.session
        statuses = [session.status_of(i) for i in range(len(session.steps))]
        live = [i for i, status in enumerate(statuses) if status in ("running", "paused")]
        if session.finished:
            assert live == []
        else:
            assert live == [session.current]
            assert statuses[session.current] == ("paused" if session.paused else "running")
        # What is written says the same.
        written = session.snapshot(self.now, self.clock.utcnow()).session.steps
        assert [s.status for s in written] == statuses

    @invariant()
    def nothing_is_lost(self) -> None:
        saved = self.session.snapshot(self.now, self.clock.utcnow()).session
        for step in saved.steps:
            key = (step.phase_id, step.subject)
            assert step.actual_seconds >= self.seen_actual.get(key, 0.0) - TOLERANCE
            self.seen_actual[key] = step.actual_seconds

    @invariant()
    def remaining_is_plan_minus_elapsed(self) -> None:
        view = self.session.view(self.now)
        assert view.remaining == view.step.adjusted_seconds - view.elapsed
        assert view.elapsed >= 0
        assert view.step.adjusted_seconds >= 0
        if not view.finished:
            assert view.seconds_to_end >= max(0.0, view.remaining) - TOLERANCE
            assert abs(view.projected_total - view.session_elapsed - view.seconds_to_end) < 1e-6


EngineMachine.TestCase.settings = settings(max_examples=200, stateful_step_count=30, deadline=None)
TestEngineMachine = EngineMachine.TestCase

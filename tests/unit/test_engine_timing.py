"""Time between presenters, on the engine alone: the rebalance (a pure share-out, and a
session's proposal applied as adjustments), silent reflection, taking back a tally and
the members' stable numbers. Hypothesis drives the rebalance with any plan and any
point of a session; a FakeClock passes the time."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alfacil.clock import FakeClock
from alfacil.config import SetConfig, load_set
from alfacil.engine import (
    REBALANCE_GRAIN,
    REBALANCE_MINIMUM,
    REBALANCED_KINDS,
    EngineError,
    Session,
    fair_shares,
)

REPO = Path(__file__).resolve().parents[2]
CONFIG: SetConfig = load_set(REPO / "sets.example.toml").config
MEMBERS = CONFIG.member_names


def new_session(clock: FakeClock, presenters: tuple[str, ...] = ("Aled", "Bethan")) -> Session:
    return Session.new(CONFIG, [], list(presenters), clock.monotonic(), clock.utcnow())


def go_to(session: Session, clock: FakeClock, kind: str, subject: str | None = None) -> None:
    while (session.step.kind, session.step.subject) != (kind, subject or session.step.subject):
        clock.advance(60)
        session.next(clock.monotonic())


# --- the share-out ------------------------------------------------------------------------

plans = st.lists(
    st.tuples(st.integers(60, 3600), st.sampled_from(sorted(REBALANCE_MINIMUM))),
    min_size=1,
    max_size=12,
)


@given(plans, st.floats(-7200, 20000, allow_nan=False))
def test_fair_shares_meet_the_budget_the_minimums_and_fairness(
    plan: list[tuple[int, str]], budget: float
) -> None:
    weights = [w for w, _ in plan]
    minimums = [min(REBALANCE_MINIMUM[kind], w) for w, kind in plan]
    lengths = fair_shares(weights, minimums, budget)
    assert len(lengths) == len(weights)
    assert all(length % REBALANCE_GRAIN == 0 for length in lengths)  # whole minutes
    assert all(length >= low for length, low in zip(lengths, minimums, strict=True))
    floor = sum(-(-m // 60) * 60 for m in minimums)
    if budget >= floor + 30:
        assert abs(sum(lengths) - budget) <= 30  # on the agreed length, to the minute
    else:
        assert lengths == [-(-m // 60) * 60 for m in minimums]  # all at their minimum
    # Equal plans get equal shares, to within a minute, unless one is held at its minimum.
    for i, (wi, ki) in enumerate(plan):
        for j, (wj, kj) in enumerate(plan):
            if (wi, ki) == (wj, kj):
                assert abs(lengths[i] - lengths[j]) <= 60


def test_fair_shares_in_a_plain_case() -> None:
    # Two turns of 10 + 25 minutes, 56 minutes left: each presenter gets 28, in proportion.
    lengths = fair_shares([600, 1500, 600, 1500], [180, 300, 180, 300], 56 * 60)
    assert sum(lengths) == 56 * 60
    assert lengths[0] + lengths[1] == lengths[2] + lengths[3] == 28 * 60
    assert fair_shares([], [], 600) == []


# --- a session's rebalance ------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(
    presenters=st.lists(st.sampled_from(MEMBERS), unique=True, min_size=1, max_size=3),
    spent=st.lists(st.floats(0, 3000, allow_nan=False), min_size=1, max_size=8),
    extra=st.integers(-3600, 3600),
)
def test_a_rebalance_ends_on_the_agreed_length_and_leaves_the_past_alone(
    presenters: list[str], spent: list[float], extra: int
) -> None:
    clock = FakeClock()
    session = new_session(clock, tuple(presenters))
    for seconds in spent:  # run some steps, each for its own time
        clock.advance(seconds)
        if session.current + 1 < len(session.steps) - 1:
            session.next(clock.monotonic())
    session.adjust(extra, clock.monotonic())  # the step under way, made longer or shorter
    before = [s.model_copy(deep=True) for s in session.steps[: session.current + 1]]
    try:
        plan = session.rebalance(clock.monotonic())
    except EngineError:
        # Only when nothing is left to share.
        assert not any(
            s.kind in REBALANCED_KINDS and s.started_offset is None
            for s in session.steps[session.current + 1 :]
        )
        return
    session.apply_rebalance(plan)
    view = session.view(clock.monotonic())
    assert session.steps[: session.current + 1] == before  # nothing run changes
    for change in plan.changes:
        step = session.steps[change.index]
        assert change.index > session.current and step.kind in REBALANCED_KINDS
        assert step.adjusted_seconds == change.after
        assert step.adjusted_seconds >= min(REBALANCE_MINIMUM[step.kind], step.planned_seconds)
    assert abs(view.ahead_behind - plan.over_after) < 1e-6
    if plan.reachable:
        assert abs(view.ahead_behind) <= 60  # it ends on the agreed length, within a minute
    else:
        # Even with every step still to come at its minimum, it ends late.
        for change in plan.changes:
            planned = session.steps[change.index].planned_seconds
            assert change.after == -(-min(REBALANCE_MINIMUM[change.kind], planned) // 60) * 60
        assert view.ahead_behind > 60


def test_a_rebalance_is_recorded_as_adjustments_and_refused_once_stale() -> None:
    clock = FakeClock()
    session = new_session(clock)
    go_to(session, clock, "presenting")
    clock.advance(45 * 60)  # Aled's presenting runs 35 minutes over
    session.next(clock.monotonic())  # -> Aled's questioning
    plan = session.rebalance(clock.monotonic())
    # Aled's questioning is under way: only Bethan's steps are still to come.
    assert [(c.kind, c.subject) for c in plan.changes] == [
        ("presenting", "Bethan"),
        ("questioning", "Bethan"),
    ]
    assert plan.over_before > 0 and plan.reachable
    [(who, before, after)] = plan.shares()
    assert who == "Bethan" and after < before
    assert session.apply_rebalance(plan) == 2
    for change in plan.changes:
        [adjustment] = session.steps[change.index].adjustments
        assert adjustment.rebalance and adjustment.at_seconds == 0
        assert adjustment.delta_seconds == change.after - change.before
    assert abs(session.view(clock.monotonic()).ahead_behind) <= 60
    with pytest.raises(EngineError, match="changed since"):
        session.apply_rebalance(plan)  # the same proposal twice: the plan moved on
    session.next(clock.monotonic())  # the rest of the session: nothing left to share
    session.next(clock.monotonic())
    session.next(clock.monotonic())
    with pytest.raises(EngineError, match="still to come"):
        session.rebalance(clock.monotonic())


# --- silent reflection --------------------------------------------------------------------


def test_a_silent_reflection_counts_down_in_the_step_and_is_recorded_with_it() -> None:
    clock = FakeClock()
    session = new_session(clock)
    go_to(session, clock, "questioning")
    clock.advance(300)
    reflection = session.start_reflection(clock.monotonic())
    assert (reflection.at_seconds, reflection.planned_seconds) == (300, 120)
    with pytest.raises(EngineError, match="already"):
        session.start_reflection(clock.monotonic())
    assert session.adjust_reflection(60) == 60
    assert session.adjust_reflection(60) == 0  # three minutes at most
    assert session.adjust_reflection(-180) == -120  # one minute at least
    assert session.adjust_reflection(60) == 60  # two minutes again
    clock.advance(50)
    session.pause(clock.monotonic())
    clock.advance(1000)  # a pause stops the silence too
    assert session.reflection_remaining(clock.monotonic()) == 70
    session.resume_clock(clock.monotonic())
    assert not session.tick(clock.monotonic())
    clock.advance(70.4)
    step = session.step
    assert session.tick(clock.monotonic())  # its time is up: it ends
    assert session.reflection is None and session.reflection_remaining(clock.monotonic()) is None
    assert step.reflections[0].actual_seconds == 120  # as planned, whenever it was noticed
    assert session.view(clock.monotonic()).elapsed == pytest.approx(420.4)  # the step ran on
    # One ended early by hand, and one still under way when the step closes.
    session.start_reflection(clock.monotonic(), 600)  # asked for too long: three minutes
    clock.advance(30)
    ended = session.end_reflection(clock.monotonic())
    assert ended is not None and (ended.planned_seconds, ended.actual_seconds) == (180, 30)
    session.start_reflection(clock.monotonic())
    clock.advance(45)
    session.next(clock.monotonic())
    assert [r.actual_seconds for r in step.reflections] == [120, 30, 45]
    with pytest.raises(EngineError, match="no silent reflection"):
        session.adjust_reflection(60)


# --- tallies: taken back, and numbered the same in every turn ------------------------------


def test_a_tally_is_taken_back_never_below_zero() -> None:
    clock = FakeClock()
    session = new_session(clock)
    go_to(session, clock, "questioning")
    assert session.tally_question("Bethan") == 1
    assert session.tally_question("Bethan") == 2
    assert session.untally_question("Bethan") == 1
    assert session.untally_question("Bethan") == 0
    assert session.record.turns[0].questions == {}  # as if never counted
    with pytest.raises(EngineError, match="no question from Bethan"):
        session.untally_question("Bethan")
    with pytest.raises(EngineError, match="no question from Carys"):
        session.untally_question("Carys")


def test_each_member_keeps_one_number_through_the_session() -> None:
    clock = FakeClock()
    session = new_session(clock)
    numbers = dict((name, number) for number, name in session.numbered())
    go_to(session, clock, "questioning", "Aled")
    assert dict((n, k) for k, n in session.numbered()) == numbers
    go_to(session, clock, "questioning", "Bethan")
    assert dict((n, k) for k, n in session.numbered()) == numbers
    assert numbers["Aled"] == 1 and numbers["Bethan"] == 2


def test_a_reflection_under_way_survives_a_save_and_resume() -> None:
    clock = FakeClock()
    session = new_session(clock)
    go_to(session, clock, "questioning")
    session.start_reflection(clock.monotonic(), 180)
    clock.advance(100)
    saved = session.snapshot(clock.monotonic(), clock.utcnow())
    assert saved.session.steps[session.current].reflections[0].actual_seconds is None
    clock.advance(600)  # the laptop was closed: that time belongs to no step
    resumed = Session.resume(CONFIG, [], saved, clock.monotonic(), clock.utcnow())
    assert resumed.reflection_remaining(clock.monotonic()) == pytest.approx(80)
    clock.advance(80)
    assert resumed.tick(clock.monotonic())
    assert resumed.step.reflections[0].actual_seconds == 180

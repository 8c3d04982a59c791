"""The session engine, driven by a FakeClock: nothing here sleeps."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from alfacil.clock import FakeClock
from alfacil.config import SetConfig, load_set, parse_set
from alfacil.engine import EngineError, Session, plan_steps, session_id_for, suggest_presenters
from alfacil.protocol import ACTION_LEARNING, PhaseSpec
from alfacil.records import LedgerAction, SessionRecord

REPO = Path(__file__).resolve().parents[2]
START = datetime(2026, 11, 27, 14, 0, 0, tzinfo=UTC)

CHECKIN, GROUND_RULES, PRESENTING_1 = 0, 1, 2


@pytest.fixture
def config() -> SetConfig:
    return load_set(REPO / "sets.example.toml").config


def open_action(owner: str, text: str = "Call the board", ident: str | None = None) -> LedgerAction:
    return LedgerAction(
        id=ident or owner.lower().encode().hex()[:10].ljust(10, "0"),
        owner=owner,
        text=text,
        session_id="20261030T140000Z",
        created_at=START - timedelta(days=28),
    )


def new_session(
    config: SetConfig,
    clock: FakeClock,
    presenters: tuple[str, ...] = ("Aled", "Bethan"),
    actions: tuple[LedgerAction, ...] = (),
) -> Session:
    return Session.new(config, list(actions), list(presenters), clock.monotonic(), clock.utcnow())


def keys(session: Session) -> list[tuple[str, str | None]]:
    return [(s.phase_id, s.subject) for s in session.steps]


def go_to(session: Session, clock: FakeClock, index: int) -> None:
    while session.current < index:
        session.next(clock.monotonic())


# --- the plan ------------------------------------------------------------------------------


def test_plan_has_a_turn_per_presenter_and_no_updates_without_open_actions(
    config: SetConfig, clock: FakeClock
) -> None:
    session = new_session(config, clock)
    assert keys(session) == [
        ("checkin", None),
        ("ground_rules", None),
        ("presenting", "Aled"),
        ("questioning", "Aled"),
        ("summing_up", "Aled"),
        ("presenting", "Bethan"),
        ("questioning", "Bethan"),
        ("summing_up", "Bethan"),
        ("evaluation", None),
        ("close", None),
    ]
    assert [s.index for s in session.steps] == list(range(10))
    assert session.step_status == "running"
    assert all(session.status_of(i) == "pending" for i in range(1, len(session.steps)))
    presenting = session.steps[PRESENTING_1]
    assert (presenting.planned_seconds, presenting.warn_seconds) == (600, 240)


def test_plan_has_one_update_step_per_present_owner(config: SetConfig, clock: FakeClock) -> None:
    actions = (
        open_action("Dafydd", ident="00000000d1"),
        open_action("Aled", ident="00000000a1"),
        open_action("Aled", ident="00000000a2"),
        open_action("Eleri", ident="00000000e1"),
    )
    attendance = {m: "present" for m in config.member_names} | {"Eleri": "apologies"}
    session = Session.new(
        config, list(actions), ["Aled"], clock.monotonic(), clock.utcnow(), attendance=attendance
    )
    # in the set's order, one step per owner however many actions, absent owners left out
    assert keys(session)[2:4] == [("updates", "Aled"), ("updates", "Dafydd")]
    assert [a.id for a in session.actions_of("Aled")] == ["00000000a1", "00000000a2"]


def test_zero_duration_phases_are_left_out(config: SetConfig) -> None:
    text = (REPO / "sets.example.toml").read_text()
    text = text.replace(
        'questioning = "25m"', 'questioning = "25m"\nground_rules = 0\nsumming_up = 0'
    )
    zeroed = parse_set(text, Path("x.toml"))
    steps = plan_steps(zeroed.resolved_phases, ["Aled"], ["Bethan"])
    assert [(p.id, who) for p, who in steps] == [
        ("checkin", None),
        ("updates", "Bethan"),
        ("presenting", "Aled"),
        ("questioning", "Aled"),
        ("evaluation", None),
        ("close", None),
    ]


def test_consecutive_per_presenter_phases_form_one_turn() -> None:
    talk = PhaseSpec(id="talk", title="Talk", duration="5m", per_presenter=True)
    ask = PhaseSpec(id="ask", title="Ask", duration="5m", per_presenter=True)
    mid = PhaseSpec(id="mid", title="Break", duration="5m")
    steps = plan_steps((talk, ask, mid, talk), ["A", "B"], [])
    assert [(p.id, who) for p, who in steps] == [
        ("talk", "A"),
        ("ask", "A"),
        ("talk", "B"),
        ("ask", "B"),
        ("mid", None),
        ("talk", "A"),
        ("talk", "B"),
    ]


def test_presenters_must_be_present_and_distinct(config: SetConfig, clock: FakeClock) -> None:
    with pytest.raises(EngineError, match="only once"):
        new_session(config, clock, ("Aled", "Aled"))
    attendance = {m: "present" for m in config.member_names} | {"Aled": "absent"}
    with pytest.raises(EngineError, match="not present"):
        Session.new(config, [], ["Aled"], clock.monotonic(), clock.utcnow(), attendance=attendance)


def test_set_attendance_rebuilds_the_plan(config: SetConfig, clock: FakeClock) -> None:
    session = new_session(config, clock, actions=(open_action("Carys"),))
    assert ("updates", "Carys") in keys(session)
    session.set_attendance("Carys", "apologies")
    assert ("updates", "Carys") not in keys(session)
    session.set_attendance("Bethan", "absent")
    assert session.record.presenters == ["Aled"]
    assert ("presenting", "Bethan") not in keys(session)
    assert session.record.attendance["Bethan"] == "absent"
    with pytest.raises(EngineError, match="not a member"):
        session.set_attendance("Zed", "present")


def test_set_attendance_cannot_remove_a_started_turn(config: SetConfig, clock: FakeClock) -> None:
    session = new_session(config, clock)
    go_to(session, clock, PRESENTING_1)
    clock.advance(60)
    before = (dict(session.record.attendance), list(session.record.presenters), keys(session))
    with pytest.raises(EngineError, match="has started"):
        session.set_attendance("Aled", "absent")
    assert (session.record.attendance, session.record.presenters, keys(session)) == before


def test_set_presenters_rebuilds_the_plan_and_keeps_the_current_step(
    config: SetConfig, clock: FakeClock
) -> None:
    session = new_session(config, clock)
    clock.advance(100)
    session.set_presenters(["Carys"])
    assert keys(session)[2:5] == [
        ("presenting", "Carys"),
        ("questioning", "Carys"),
        ("summing_up", "Carys"),
    ]
    assert len(session.steps) == 7
    assert session.current == CHECKIN
    assert session.view(clock.monotonic()).elapsed == 100
    session.set_attendance("Dafydd", "absent")
    with pytest.raises(EngineError, match="not present"):
        session.set_presenters(["Dafydd"])
    assert session.record.presenters == ["Carys"]
    assert len(session.steps) == 7


# --- time ----------------------------------------------------------------------------------


def test_remaining_counts_down_and_overtime_counts_up(config: SetConfig, clock: FakeClock) -> None:
    session = new_session(config, clock)
    clock.advance(100)
    view = session.view(clock.monotonic())
    assert (view.remaining, view.elapsed, view.overtime) == (200, 100, 0)
    clock.advance(290)
    view = session.view(clock.monotonic())
    assert view.remaining == -90
    assert view.overtime == 90
    assert view.level == "overtime"
    assert view.progress == 1.0
    # never advances by itself
    assert session.tick(clock.monotonic()) is False
    assert session.current == CHECKIN


def test_presenting_is_amber_at_six_minutes_and_red_after_ten(
    config: SetConfig, clock: FakeClock
) -> None:
    session = new_session(config, clock)
    go_to(session, clock, PRESENTING_1)
    assert session.phase.kind == "presenting"
    levels = {}
    for elapsed in (0, 359, 360, 599, 600, 601):
        levels[elapsed] = session.view(clock.monotonic() + elapsed).level
    assert levels == {
        0: "normal",
        359: "normal",
        360: "warn",
        599: "warn",
        600: "overtime",
        601: "overtime",
    }


def test_pause_stops_the_clock_and_is_recorded(config: SetConfig, clock: FakeClock) -> None:
    session = new_session(config, clock)
    clock.advance(60)
    session.pause(clock.monotonic())
    assert session.step_status == "paused"
    clock.advance(120)
    view = session.view(clock.monotonic())
    assert view.paused
    assert (view.elapsed, view.remaining, view.session_elapsed) == (60, 240, 180)
    session.pause(clock.monotonic())  # pausing twice changes nothing
    session.resume_clock(clock.monotonic())
    assert session.step_status == "running"
    clock.advance(30)
    view = session.view(clock.monotonic())
    assert (view.elapsed, view.session_elapsed) == (90, 210)
    session.next(clock.monotonic())
    step = session.steps[CHECKIN]
    assert (step.actual_seconds, step.paused_seconds) == (90, 120)


def test_toggle_pause(config: SetConfig, clock: FakeClock) -> None:
    session = new_session(config, clock)
    session.toggle_pause(clock.monotonic())
    assert session.paused
    session.toggle_pause(clock.monotonic())
    assert not session.paused


def test_next_while_paused_starts_the_next_step_running(
    config: SetConfig, clock: FakeClock
) -> None:
    session = new_session(config, clock)
    session.pause(clock.monotonic())
    clock.advance(40)
    session.next(clock.monotonic())
    assert not session.paused
    assert session.step_status == "running"
    assert session.steps[CHECKIN].paused_seconds == 40
    clock.advance(10)
    assert session.view(clock.monotonic()).elapsed == 10


def test_back_continues_the_earlier_steps_clock(config: SetConfig, clock: FakeClock) -> None:
    session = new_session(config, clock)
    clock.advance(100)
    session.next(clock.monotonic())
    clock.advance(50)
    assert session.back(clock.monotonic()) is True
    assert session.current == CHECKIN
    assert session.step_status == "running"
    assert session.status_of(GROUND_RULES) == "done"
    clock.advance(20)
    view = session.view(clock.monotonic())
    assert (view.elapsed, view.remaining) == (120, 180)
    session.next(clock.monotonic())
    clock.advance(5)
    assert session.view(clock.monotonic()).elapsed == 55  # 50 before, 5 now
    assert session.steps[CHECKIN].actual_seconds == 120
    assert session.steps[CHECKIN].started_offset == 0
    assert session.steps[GROUND_RULES].started_offset == 100  # first start is kept
    assert session.view(clock.monotonic()).session_elapsed == 175


def test_back_at_the_first_step_does_nothing(config: SetConfig, clock: FakeClock) -> None:
    session = new_session(config, clock)
    clock.advance(10)
    assert session.back(clock.monotonic()) is False
    assert session.current == CHECKIN
    assert session.view(clock.monotonic()).elapsed == 10


def test_adjust_is_recorded_and_never_below_zero(config: SetConfig, clock: FakeClock) -> None:
    session = new_session(config, clock)
    clock.advance(30)
    assert session.adjust(60, clock.monotonic()) == 60
    assert session.view(clock.monotonic()).remaining == 330
    clock.advance(30)
    assert session.adjust(-60, clock.monotonic()) == -60
    assert [(a.at_seconds, a.delta_seconds) for a in session.step.adjustments] == [
        (30, 60),
        (60, -60),
    ]
    assert session.step.planned_seconds == 300
    assert session.step.adjusted_seconds == 300
    for _ in range(6):
        session.adjust(-60, clock.monotonic())
    assert session.step.adjusted_seconds == 0
    assert session.adjust(-60, clock.monotonic()) == 0
    assert len(session.step.adjustments) == 7  # the refused one is not recorded
    view = session.view(clock.monotonic())
    assert (view.remaining, view.level) == (-60, "overtime")
    assert session.step.overtime_seconds == 0  # committed seconds only, until next
    session.next(clock.monotonic())
    assert session.steps[CHECKIN].overtime_seconds == 60


def test_projected_end_and_ahead_behind(config: SetConfig, clock: FakeClock) -> None:
    session = new_session(config, clock)
    view = session.view(clock.monotonic())
    assert view.seconds_to_end == 6000  # the plan with two presenters: 1h40m
    assert view.projected_total == 6000
    assert view.ahead_behind == -1200  # twenty minutes in hand against the agreed 2h
    clock.advance(100)
    assert session.view(clock.monotonic()).ahead_behind == -1200  # on plan
    clock.advance(1400)  # the check-in overran by twenty minutes
    view = session.view(clock.monotonic())
    assert view.seconds_to_end == 5700
    assert view.projected_total == 7200
    assert view.ahead_behind == 0
    clock.advance(60)
    assert session.view(clock.monotonic()).ahead_behind == 60  # now behind
    session.next(clock.monotonic())
    session.adjust(-120, clock.monotonic())
    assert session.view(clock.monotonic()).ahead_behind == -60
    assert session.view(clock.monotonic()).total_steps == 10


def test_pauses_count_against_the_agreed_length(config: SetConfig, clock: FakeClock) -> None:
    session = new_session(config, clock)
    session.pause(clock.monotonic())
    clock.advance(600)
    view = session.view(clock.monotonic())
    assert view.remaining == 300
    assert view.ahead_behind == -600


def test_a_suspend_shows_up_as_overtime(config: SetConfig, clock: FakeClock) -> None:
    session = new_session(config, clock)
    go_to(session, clock, PRESENTING_1)
    clock.advance(60)
    clock.suspend(20 * 60)
    view = session.view(clock.monotonic())
    assert view.level == "overtime"
    assert view.overtime == 660


def test_a_wall_clock_jump_changes_nothing(config: SetConfig, clock: FakeClock) -> None:
    session = new_session(config, clock)
    clock.advance(30)
    clock.jump_wall(-3600)
    view = session.view(clock.monotonic())
    assert (view.elapsed, view.session_elapsed) == (30, 30)


def test_auto_advance_moves_on_at_zero(config: SetConfig, clock: FakeClock) -> None:
    phases = (
        PhaseSpec(id="a", title="A", duration="1m", auto_advance=True),
        PhaseSpec(id="b", title="B", duration="1m"),
    )
    custom = config.model_copy(update={"phases": phases, "timings": {}})
    session = new_session(custom, clock)
    clock.advance(59)
    assert session.tick(clock.monotonic()) is False
    clock.advance(1)
    assert session.tick(clock.monotonic()) is True
    assert session.current == 1
    clock.advance(120)
    assert session.tick(clock.monotonic()) is False
    assert session.current == 1


def test_next_on_the_last_step_finishes_and_back_reopens(
    config: SetConfig, clock: FakeClock
) -> None:
    session = new_session(config, clock)
    go_to(session, clock, 9)
    clock.advance(30)
    assert session.next(clock.monotonic()) is False
    assert session.finished
    assert all(session.status_of(i) == "done" for i in range(len(session.steps)))
    with pytest.raises(EngineError, match="finished"):
        session.next(clock.monotonic())
    with pytest.raises(EngineError):
        session.pause(clock.monotonic())
    with pytest.raises(EngineError):
        session.adjust(60, clock.monotonic())
    clock.advance(500)  # the time after finishing belongs to no step
    view = session.view(clock.monotonic())
    assert view.finished and view.session_elapsed == 30 and view.seconds_to_end == 0
    assert session.back(clock.monotonic()) is True
    assert not session.finished and session.current == 9
    clock.advance(10)
    view = session.view(clock.monotonic())
    assert (view.elapsed, view.session_elapsed) == (40, 40)


# --- records -------------------------------------------------------------------------------


def test_snapshot_and_resume_keep_every_second(config: SetConfig, clock: FakeClock) -> None:
    session = new_session(config, clock)
    clock.advance(100)
    session.next(clock.monotonic())
    clock.advance(20)
    session.pause(clock.monotonic())
    clock.advance(7.25)
    saved = session.snapshot(clock.monotonic(), clock.utcnow())
    assert saved.current_index == GROUND_RULES and saved.paused and not saved.finished
    # the snapshot is a copy: the session going on does not change it
    clock.advance(1000)
    session.resume_clock(clock.monotonic())
    assert saved.session.steps[GROUND_RULES].paused_seconds == 7.25
    # written and read back as JSON, then resumed much later
    from alfacil.records import Autosave

    restored = Autosave.model_validate_json(saved.model_dump_json())
    later = FakeClock(monotonic_start=50_000.0)
    again = Session.resume(config, [], restored, later.monotonic())
    view = again.view(later.monotonic())
    assert view.paused
    assert (view.elapsed, view.session_elapsed) == (20, 127.25)
    again.resume_clock(later.monotonic())
    later.advance(10)
    view = again.view(later.monotonic())
    assert (view.index, view.elapsed, view.session_elapsed) == (GROUND_RULES, 30, 137.25)
    again.back(later.monotonic())
    assert again.view(later.monotonic()).elapsed == 100


def test_finish_produces_the_session_record(config: SetConfig, clock: FakeClock) -> None:
    actions = (open_action("Carys", ident="00000000c1"),)
    session = new_session(config, clock, actions=actions)
    clock.advance(300)
    session.next(clock.monotonic())  # ground rules
    session.next(clock.monotonic())  # updates of Carys
    session.record_update("00000000c1", "partly", clock.monotonic(), note=" halfway ")
    go_to(session, clock, 4)  # Aled questioning
    session.tally_question("Bethan")
    session.tally_question("Bethan")
    session.advice_reminder()
    session.add_insight("  I had not asked the board ")
    session.add_insight("   ")
    action = session.add_action("Aled", " Talk to the board ", clock.monotonic(), date(2026, 12, 1))
    clock.advance(50)
    session.adjust(120, clock.monotonic())
    wall = clock.utcnow()
    record = session.finish(clock.monotonic(), wall, ended_early=True)
    assert isinstance(record, SessionRecord)
    assert record.session_id == "20261127T140000Z" == session_id_for(START)
    assert (record.set_id, record.started_at, record.ended_at) == ("cluster-managers", START, wall)
    assert record.ended_early
    assert record.agreed_seconds == 7200
    assert record.evaluation.skipped  # no ratings were given
    assert [(u.action_id, u.status, u.note) for u in record.updates] == [
        ("00000000c1", "partly", "halfway")
    ]
    assert record.actions == [action]
    assert action.text == "Talk to the board" and action.created_at == START + timedelta(
        seconds=300
    )
    turn = record.turns[0]
    assert (turn.presenter, turn.questions, turn.advice_reminders) == ("Aled", {"Bethan": 2}, 1)
    assert turn.insights == ["I had not asked the board"]
    assert record.actual_seconds == 350
    step = record.steps[4]
    assert (step.status, step.actual_seconds, step.adjusted_seconds) == ("done", 50, 1620)
    assert record.steps[5].status == "pending"
    assert session.finished
    # the record is a copy
    session.record.actions.clear()
    assert record.actions == [action]


def test_finish_keeps_ratings(config: SetConfig, clock: FakeClock) -> None:
    session = new_session(config, clock)
    session.set_ratings(0, [5, 4, 3])
    session.add_learning(" listen more ")
    record = session.finish(clock.monotonic(), clock.utcnow())
    assert not record.evaluation.skipped
    assert record.evaluation.ratings[0].scores == [5, 4, 3]
    assert record.evaluation.ratings[0].average == 4
    assert record.evaluation.learnings == ["listen more"]


# --- validation ----------------------------------------------------------------------------


def test_questions_and_advice_belong_to_a_turn(config: SetConfig, clock: FakeClock) -> None:
    session = new_session(config, clock)
    with pytest.raises(EngineError, match="presenter's turn"):
        session.tally_question("Bethan")
    with pytest.raises(EngineError, match="presenter's turn"):
        session.advice_reminder()
    with pytest.raises(EngineError, match="presenter's turn"):
        session.add_insight("x")
    go_to(session, clock, PRESENTING_1)
    assert session.presenter == "Aled"
    assert session.supporters() == ["Bethan", "Carys", "Dafydd", "Eleri", "Gareth"]
    with pytest.raises(EngineError, match="not a supporter"):
        session.tally_question("Aled")  # the presenter does not question themselves
    session.set_attendance("Gareth", "absent")
    with pytest.raises(EngineError, match="not a supporter"):
        session.tally_question("Gareth")
    assert session.tally_question("Carys") == 1
    assert session.tally_question("Carys") == 2


def test_actions_are_validated(config: SetConfig, clock: FakeClock) -> None:
    session = new_session(config, clock)
    with pytest.raises(EngineError, match="not a member"):
        session.add_action("Zed", "x", clock.monotonic())
    with pytest.raises(EngineError, match="some words"):
        session.add_action("Aled", "   ", clock.monotonic())
    action = session.add_action("Aled", "Write it down", clock.monotonic())
    edited = session.edit_action(
        action.id, text="Write it up", owner="Bethan", due=date(2027, 1, 5)
    )
    assert (edited.text, edited.owner, edited.due) == ("Write it up", "Bethan", date(2027, 1, 5))
    assert session.edit_action(action.id, clear_due=True).due is None
    with pytest.raises(EngineError, match="some words"):
        session.edit_action(action.id, text=" ")
    with pytest.raises(EngineError, match="not a member"):
        session.edit_action(action.id, owner="Zed")
    with pytest.raises(EngineError, match="no such action"):
        session.edit_action("nope", text="x")
    session.remove_action(action.id)
    assert session.record.actions == []
    with pytest.raises(EngineError, match="no such action"):
        session.remove_action(action.id)


def test_updates_are_validated_and_replaced(config: SetConfig, clock: FakeClock) -> None:
    session = new_session(config, clock, actions=(open_action("Carys", ident="00000000c1"),))
    with pytest.raises(EngineError, match="no such open action"):
        session.record_update("zz", "done", clock.monotonic())
    session.record_update("00000000c1", "not_yet", clock.monotonic())
    session.record_update("00000000c1", "done", clock.monotonic())
    assert [(u.action_id, u.status) for u in session.record.updates] == [("00000000c1", "done")]
    update = session.update_for("00000000c1")
    assert update is not None and update.status == "done"
    assert session.update_for("zz") is None


def test_ratings_are_validated(config: SetConfig, clock: FakeClock) -> None:
    session = new_session(config, clock)
    with pytest.raises(EngineError, match="no such evaluation question"):
        session.set_ratings(2, [3])
    with pytest.raises(EngineError, match="no such evaluation question"):
        session.set_ratings(-1, [3])
    with pytest.raises(EngineError, match="from 0 to 5"):
        session.set_ratings(0, [6])
    with pytest.raises(EngineError, match="from 0 to 5"):
        session.set_ratings(0, [-1])
    with pytest.raises(EngineError, match="7 ratings but 6 members present"):
        session.set_ratings(0, [3] * 7)
    assert session.record.evaluation.ratings[0].scores == []
    session.set_ratings(1, [0, 5])
    assert session.record.evaluation.ratings[1].scores == [0, 5]


# --- presenters ----------------------------------------------------------------------------


def test_suggest_presenters_least_recently_then_least_often_then_by_name() -> None:
    present = ["Eleri", "Aled", "Bethan", "Carys", "Dafydd", "bob"]
    day = START.date()

    def at(days: int) -> datetime:
        return datetime(day.year, day.month, day.day, tzinfo=UTC) - timedelta(days=days)

    past = [
        (at(90), ["Aled", "Bethan"]),
        (at(60), ["Carys", "Aled"]),
        (at(30), ["Dafydd", "Carys"]),
        (at(60), ["Bethan"]),
    ]
    # never presented first (Eleri, bob: by name, case-folded), then longest ago
    assert suggest_presenters(present, past, 6) == [
        "bob",
        "Eleri",
        "Aled",
        "Bethan",
        "Dafydd",
        "Carys",
    ]
    assert suggest_presenters(present, past, 2) == ["bob", "Eleri"]
    # same last time: the one who presented less often first
    tie = [(at(10), ["Aled"]), (at(5), ["Bethan"]), (at(5), ["Aled"])]
    assert suggest_presenters(["Aled", "Bethan"], tie, 2) == ["Bethan", "Aled"]
    # absent members are not suggested
    assert suggest_presenters(["Carys"], past, 2) == ["Carys"]


def test_protocol_is_the_action_learning_one() -> None:
    durations = {p.id: (p.duration, p.warn, p.per_presenter) for p in ACTION_LEARNING}
    assert durations == {
        "checkin": (300, 60, False),
        "ground_rules": (180, 30, False),
        "updates": (180, 60, False),
        "presenting": (600, 240, True),
        "questioning": (1500, 300, True),
        "summing_up": (300, 60, True),
        "evaluation": (600, 120, False),
        "close": (120, 0, False),
    }


def test_resume_after_the_set_file_lost_a_phase(config: SetConfig, clock: FakeClock) -> None:
    talk = PhaseSpec(id="talk", title="Talk", duration="5m", warn="1m", per_presenter=True)
    wrap = PhaseSpec(id="wrap", title="Wrap", duration="2m")
    custom = config.model_copy(update={"phases": (talk, wrap), "timings": {}})
    session = new_session(custom, clock, ("Aled",))
    clock.advance(250)
    saved = session.snapshot(clock.monotonic(), clock.utcnow())
    # the facilitator edits the set file back to the built-in protocol, then resumes
    resumed = Session.resume(config, [], saved, clock.monotonic())
    view = resumed.view(clock.monotonic())
    assert (view.phase.id, view.phase.title, view.phase.duration) == ("talk", "Talk", 300)
    assert (view.remaining, view.level) == (50, "warn")
    assert resumed.presenter == "Aled"
    assert resumed.tally_question("Bethan") == 1
    clock.advance(10)
    resumed.next(clock.monotonic())
    assert resumed.phase.id == "wrap"
    assert resumed.next(clock.monotonic()) is False
    record = resumed.finish(clock.monotonic(), clock.utcnow())
    assert [s.actual_seconds for s in record.steps] == [260, 0]


def test_snapshot_is_pure(config: SetConfig, clock: FakeClock) -> None:
    """Saving must not change the session: two snapshots at one instant are equal, and
    the session's own record is untouched by them."""
    session = new_session(config, clock)
    clock.advance(70)
    session.pause(clock.monotonic())
    clock.advance(20)
    before = session.record.model_copy(deep=True)
    first = session.snapshot(clock.monotonic(), clock.utcnow())
    second = session.snapshot(clock.monotonic(), clock.utcnow())
    assert first == second
    assert session.record == before
    assert (first.session.steps[0].actual_seconds, first.session.steps[0].paused_seconds) == (
        70,
        20,
    )
    assert [s.status for s in first.session.steps[:2]] == ["paused", "pending"]

"""Records for history tests, made by the real engine on a FakeClock and saved by the store."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from alfacil.clock import FakeClock
from alfacil.config import SetConfig, parse_set
from alfacil.engine import Session
from alfacil.records import Attendance, SessionRecord, UpdateStatus
from alfacil.store import SetStore

SET_TOML = """\
name = "Test Set"
id = "{set_id}"
facilitator = "Fran"
session_length = "2h"
presenters_per_session = 2
{members}
"""


def make_config(members: Sequence[str], set_id: str = "test-set") -> SetConfig:
    text = SET_TOML.format(
        set_id=set_id, members="".join(f'[[members]]\nname = "{m}"\n' for m in members)
    )
    return parse_set(text, Path("test.toml"))


@dataclass
class Plan:
    """What happens in one session."""

    when: datetime
    members: Sequence[str]
    absent: Sequence[str] = ()
    apologies: Sequence[str] = ()
    presenters: Sequence[str] = ()
    actions: Sequence[tuple[str, str, date | None]] = ()
    updates: dict[str, UpdateStatus] = field(default_factory=dict)  # action text -> status
    ratings: Sequence[int] = ()
    insights: Sequence[tuple[str, str]] = ()
    overrun: int = 0  # seconds added to the first questioning step
    utc_offset_minutes: int | None = None  # where it was held (schema 2); None: unknown


def run(data_dir: Path, plan: Plan, set_id: str = "test-set") -> SessionRecord:
    config = make_config(plan.members, set_id)
    store = SetStore.at(data_dir, set_id)
    clock = FakeClock(start=plan.when)
    with store.writer():
        loaded = store.load_sessions()
        ledger = store.ledger(clock.utcnow(), loaded)
        attendance: dict[str, Attendance] = {m: "present" for m in plan.members}
        attendance.update({m: "absent" for m in plan.absent})
        attendance.update({m: "apologies" for m in plan.apologies})
        session = Session.new(
            config,
            ledger.open_actions(),
            list(plan.presenters),
            clock.monotonic(),
            clock.utcnow(),
            attendance,
            utc_offset_minutes=plan.utc_offset_minutes,
        )
        overran = False
        while True:
            step = session.step
            spent = float(step.planned_seconds)
            if step.kind == "updates" and step.subject:
                for action in session.actions_of(step.subject):
                    if action.text in plan.updates:
                        session.record_update(
                            action.id, plan.updates[action.text], clock.monotonic(), "a note"
                        )
            if step.kind == "questioning" and not overran:
                overran = True
                spent += plan.overrun
                for supporter in session.supporters()[:2]:
                    session.tally_question(supporter)
                session.advice_reminder()
            if step.kind == "summing_up" and step.subject:
                for owner, text, due in plan.actions:
                    if owner == step.subject:
                        session.add_action(owner, text, clock.monotonic(), due)
                for owner, text in plan.insights:
                    if owner == step.subject:
                        session.add_insight(text)
            if step.kind == "evaluation" and plan.ratings:
                session.set_ratings(0, list(plan.ratings))
            clock.advance(spent)
            if step.kind == "checkin" and not session.present:
                break  # nobody came: the engine refuses to go on; the record is closed
            if not session.next(clock.monotonic()):
                break
        record = session.finish(clock.monotonic(), clock.utcnow())
        store.save_session(record, clock.utcnow())
    return record


START = datetime(2026, 1, 8, 14, 0, tzinfo=UTC)
ORIGINAL = ["Ann", "Bob", "Cy", "Di"]


def week(n: int) -> datetime:
    return START + timedelta(days=14 * n)

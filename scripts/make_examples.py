"""Write ``examples/records/``: a few months of the sample set, by alfacil's own engine.

Nothing here is written by hand: each session is run by :class:`alfacil.engine.Session`
on a :class:`alfacil.clock.FakeClock` and saved by :class:`alfacil.store.SetStore`,
exactly as ``alfacil start`` would, so the files are what a real facilitator would
have after eight fortnightly meetings of ``sets.example.toml``'s set. A member leaves
and another joins half way through, so history shows a roster that changes.

The output is deterministic (seeded choices, fixed dates, seeded action ids): run it
again and ``git diff examples/`` shows nothing.

    .venv/bin/python scripts/make_examples.py [--out examples/records]
"""

from __future__ import annotations

import argparse
import contextlib
import random
import shutil
import sys
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from unittest import mock
from zoneinfo import ZoneInfo

from alfacil.clock import FakeClock
from alfacil.config import Member, SetConfig, load_set
from alfacil.engine import Session, suggest_presenters
from alfacil.records import Attendance, SessionRecord, UpdateStatus
from alfacil.runner import utc_offset_minutes
from alfacil.store import SetStore

ROOT = Path(__file__).resolve().parent.parent
SEED = 20260604
FIRST = datetime(2026, 6, 4, 13, 0, tzinfo=UTC)  # 14:00 in Cardiff, summer time
ZONE = ZoneInfo("Europe/London")  # where the set meets: recorded with each session
SESSIONS = 8

ACTIONS = [
    "Ask the ward sisters what they need from the rota",
    "Book a one-to-one with the new practice manager",
    "Draft a one-page proposal for the shared triage line",
    "Try a ten-minute huddle on Monday mornings for a month",
    "Talk to finance about the agency spend before the budget round",
    "Write down what I would say if I said no to the extra clinic",
    "Shadow the out-of-hours team for one shift",
    "Map who signs off the discharge letters and where they wait",
    "Ask two GPs how they would measure success of the pilot",
    "Share the draft protocol with the patient panel",
    "Meet the union rep before announcing the change",
    "Block two hours a week for thinking, and keep them",
    "Find out who else in the region has tried a hub model",
    "Ask my director what 'good enough' looks like for this",
    "Send the team the three options and ask which they would choose",
    "Sit in on the Thursday reception shift and note every phone query",
    "Ask the pharmacist lead for last quarter's repeat-prescription figures",
    "Put the vacancy case to HR in writing, with the overtime costs",
    "Agree one measure of success with the community nurses",
    "Cancel the standing Friday meeting for a month and see who notices",
    "Phone the council's housing officer about the two delayed discharges",
    "Ask the new starters what confused them in their first week",
    "Write the handover checklist with the night team, not for them",
    "Tell my manager plainly that the timetable cannot hold",
    "Visit the hub in Newport and ask what they would do differently",
    "Draft the letter to families about the change in visiting hours",
    "Ask the data team to split waiting times by practice",
    "Hold a listening session with the admin staff, without the partners",
    "Check what the contract actually says about weekend cover",
    "Write a plan B in case the funding bid fails",
]
INSIGHTS = [
    "I have been solving the problem I know, not the one in front of me",
    "The resistance is about trust, not the timetable",
    "I assumed I needed permission; nobody said so",
    "Three of my options are really one option",
    "I have not asked the people it affects most",
]
NOTES = {
    "done": ["went better than expected", "done, and it changed the plan", ""],
    "partly": ["started; the second half is booked", "half of it", ""],
    "not_yet": ["no time this fortnight", "waiting for the budget", ""],
    "dropped": ["overtaken by the restructure", "no longer needed"],
}
LEARNINGS = [
    "Silence after a question is fine",
    "We kept to questions better today",
    "Good to hear how the huddles went",
    "We ran long in questioning again",
]


@contextlib.contextmanager
def seeded_ids(rng: random.Random) -> Iterator[None]:
    """Action ids come from ``uuid4``; seed them so the files are the same every run."""

    def fake_uuid4() -> uuid.UUID:
        return uuid.UUID(int=rng.getrandbits(128), version=4)

    with mock.patch("alfacil.engine.uuid.uuid4", fake_uuid4):
        yield


def roster_for(config: SetConfig, number: int) -> SetConfig:
    """Gareth leaves after the fifth session; Ffion joins from the fourth."""
    names = [m.name for m in config.members]
    if number >= 4:
        names.append("Ffion")
    if number >= 6:
        names.remove("Gareth")
    return config.model_copy(update={"members": tuple(Member(name=n) for n in names)})


def attendance_for(rng: random.Random, members: list[str]) -> dict[str, Attendance]:
    out: dict[str, Attendance] = {}
    for name in members:
        roll = rng.random()
        out[name] = "present" if roll < 0.78 else "apologies" if roll < 0.93 else "absent"
    if sum(1 for v in out.values() if v == "present") < 3:
        for name in members[:3]:
            out[name] = "present"
    return out


def run_session(
    config: SetConfig,
    store: SetStore,
    number: int,
    when: datetime,
    rng: random.Random,
    deck: list[str],
) -> SessionRecord:
    """One session; its actions are drawn from ``deck`` without replacement, so no two
    commitments in the records read the same."""
    clock = FakeClock(start=when, monotonic_start=10_000.0 * number)
    loaded = store.load_sessions()
    ledger = store.ledger(clock.utcnow(), loaded)
    attendance = attendance_for(rng, config.member_names)
    present = [m for m in config.member_names if attendance[m] == "present"]
    past = [(s.started_at, s.presented) for s in loaded.sessions]
    presenters = suggest_presenters(present, past, config.presenters_per_session)
    session = Session.new(
        config,
        ledger.open_actions(),
        presenters,
        clock.monotonic(),
        clock.utcnow(),
        attendance,
        utc_offset_minutes=utc_offset_minutes(clock.utcnow(), ZONE),
        timezone=ZONE.key,
    )
    overrun_at = {2: "questioning", 6: "presenting"}.get(number)
    while True:
        step = session.step
        planned = step.planned_seconds
        spent = planned * rng.uniform(0.6, 1.05)
        if step.kind == "updates" and step.subject:
            for action in session.actions_of(step.subject):
                status: UpdateStatus = rng.choice(["done", "done", "partly", "not_yet", "dropped"])
                clock.advance(45)
                session.record_update(
                    action.id, status, clock.monotonic(), rng.choice(NOTES[status])
                )
        elif step.kind == "questioning":
            supporters = session.supporters()
            for _ in range(rng.randint(6, 14)):
                session.tally_question(rng.choice(supporters))
            if rng.random() < 0.5:
                session.advice_reminder()
            if step.phase_id == overrun_at and step.subject == presenters[0]:
                spent = planned + rng.randint(240, 480)  # the room would not stop
        elif step.kind == "presenting" and step.phase_id == overrun_at:
            session.adjust(180, clock.monotonic())  # the facilitator gives three minutes
            spent = planned + 150
        elif step.kind == "summing_up" and step.subject:
            if rng.random() < 0.7:
                session.add_insight(rng.choice(INSIGHTS))
            for _ in range(rng.randint(1, 2)):
                days = rng.choice([None, None, 7, 14, 14, 28])
                due = when.date() + timedelta(days=days) if days else None
                clock.advance(30)
                session.add_action(step.subject, deck.pop(), clock.monotonic(), due)
        elif step.kind == "evaluation":
            count = len(session.present)
            for index in range(len(session.record.evaluation.ratings)):
                session.set_ratings(index, [rng.randint(2, 5) for _ in range(count)])
            if rng.random() < 0.6:
                session.add_learning(rng.choice(LEARNINGS))
        if step.kind == "summing_up" and number == 7 and step.subject == presenters[0]:
            session.insert_break(clock.monotonic(), 600)  # a long session: a tea break
        if step.kind == "questioning" and number == 5 and step.subject == presenters[0]:
            # A fire alarm: the set stands outside for eight minutes.
            clock.advance(spent / 2)
            session.pause(clock.monotonic())
            clock.advance(480)
            session.resume_clock(clock.monotonic())
            clock.advance(spent / 2)
        else:
            clock.advance(spent)
        if not session.next(clock.monotonic()):
            break
    return session.finish(clock.monotonic(), clock.utcnow())


def make(out: Path) -> list[Path]:
    base = load_set(ROOT / "sets.example.toml").config
    folder = out / base.set_id
    if folder.exists():
        shutil.rmtree(folder)
    rng = random.Random(SEED)
    deck = list(ACTIONS)
    rng.shuffle(deck)
    store = SetStore.at(out, base.set_id)
    written = []
    with seeded_ids(rng):
        for number in range(1, SESSIONS + 1):
            config = roster_for(base, number)
            when = FIRST + timedelta(days=14 * (number - 1))
            with store.writer():
                record = run_session(config, store, number, when, rng, deck)
                written.append(store.save_session(record, record.ended_at or when))
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, default=ROOT / "examples" / "records")
    args = parser.parse_args(argv)
    for path in make(args.out):
        print(path, file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""The session state machine: a pure function of the actions taken and the ``now`` given.

The engine never reads a clock. Each method that depends on time takes ``now``, a
reading of a monotonic clock in seconds. The running step's remaining time is always
``planned - (committed + (now - anchor))``, a deadline minus now, never a counter that
is decremented, so it cannot drift and a suspend of the laptop shows up as overtime
once. Every second between :meth:`Session.start` and :meth:`Session.finish` is
attributed to exactly one step, as running or as paused time, which is the invariant
the tests hold it to.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal

from alfacil.config import SetConfig
from alfacil.i18n import _, ngettext
from alfacil.protocol import ADDED_BREAK_PREFIX, BREAK_RULE, PhaseSpec, break_phase
from alfacil.records import (
    MAX_YEAR,
    MIN_YEAR,
    REFLECTION_MAX_SECONDS,
    REFLECTION_MIN_SECONDS,
    Action,
    ActionUpdate,
    Adjustment,
    Attendance,
    Autosave,
    EvaluationRecord,
    LedgerAction,
    QuestionRatings,
    Reflection,
    SessionRecord,
    StepRecord,
    StepStatus,
    Turn,
    UpdateStatus,
)
from alfacil.text import drop_controls, name_key

Level = Literal["normal", "warn", "overtime"]


class EngineError(Exception):
    """An action that the session cannot take now; the message says why."""


@dataclass(frozen=True)
class SessionView:
    """What the console shows at one instant."""

    index: int
    step: StepRecord
    phase: PhaseSpec
    remaining: float  # negative in overtime
    elapsed: float  # running time of the step, pauses excluded
    level: Level
    progress: float  # 0..1 of the step's plan
    paused: bool
    finished: bool
    session_elapsed: float  # since start, pauses included
    seconds_to_end: float  # rest of this step plus the plan of steps to come
    projected_total: float  # session_elapsed + seconds_to_end
    ahead_behind: float  # projected_total - agreed length; > 0 means behind
    total_steps: int

    @property
    def overtime(self) -> float:
        return max(0.0, -self.remaining)


def session_id_for(started_at: datetime) -> str:
    """``20261127T140000Z``: sortable, readable, and the session file's name."""
    return started_at.strftime("%Y%m%dT%H%M%SZ")


def _check_due(due: date | None) -> None:
    """A due date the records can hold (records.MIN_YEAR..MAX_YEAR): one past it would
    make every save of the session fail to read back."""
    if due is not None and not MIN_YEAR <= due.year <= MAX_YEAR:
        raise EngineError(
            _("a due date between {first} and {last}, please").format(first=MIN_YEAR, last=MAX_YEAR)
        )


def suggest_presenters(
    present: Sequence[str], past: Iterable[tuple[datetime, Sequence[str]]], count: int
) -> list[str]:
    """Present members who presented least recently, then least often, then by name."""
    last: dict[str, datetime] = {}
    times: dict[str, int] = {}
    for when, presenters in past:
        for name in presenters:
            times[name] = times.get(name, 0) + 1
            if name not in last or when > last[name]:
                last[name] = when

    def key(name: str) -> tuple[bool, float, int, str]:
        when = last.get(name)
        stamp = when.timestamp() if when is not None else 0.0
        return (when is not None, stamp, times.get(name, 0), name.casefold())

    return sorted(present, key=key)[:count]


PlannedBreak = tuple[PhaseSpec, str, int | None]


def plan_steps(
    phases: Sequence[PhaseSpec],
    presenters: Sequence[str],
    update_owners: Sequence[str],
    breaks: Sequence[PlannedBreak] = (),
) -> list[tuple[PhaseSpec, str | None]]:
    """The ordered steps for a session: phases expanded per presenter and per owner.

    Consecutive per-presenter phases form one turn that repeats for each presenter;
    an updates phase becomes one step per member with open actions, or none.
    Phases planned at zero minutes are left out. A planned break ``(phase, after,
    turn)`` follows the phase ``after`` (for a per-presenter phase, turn ``turn``, or
    the last turn when fewer presenters are present; none when nobody presents).
    """
    steps: list[tuple[PhaseSpec, str | None]] = []

    def breaks_after(phase_id: str, turn: int | None) -> None:
        for spec, after, at_turn in breaks:
            if after == phase_id and (turn is None or min(at_turn or 1, len(presenters)) == turn):
                steps.append((spec, None))

    i = 0
    while i < len(phases):
        phase = phases[i]
        if phase.per_presenter:
            j = i
            while j < len(phases) and phases[j].per_presenter:
                j += 1
            for turn, presenter in enumerate(presenters, start=1):
                for p in phases[i:j]:
                    if p.duration > 0:
                        steps.append((p, presenter))
                    breaks_after(p.id, turn)
            i = j
            continue
        if phase.duration > 0:
            if phase.kind == "updates":
                steps.extend((phase, owner) for owner in update_owners)
            else:
                steps.append((phase, None))
        breaks_after(phase.id, None)
        i += 1
    return steps


#: The kinds of step a rebalance shares the time left among: the presenters' own time.
REBALANCED_KINDS = frozenset({"presenting", "questioning"})
#: No step is rebalanced below this (or below its own plan, if that is shorter): a
#: presenter needs a few minutes to say what the issue is, and the set a few more to
#: ask about it.
REBALANCE_MINIMUM: dict[str, int] = {"presenting": 180, "questioning": 300}
#: Rebalanced steps are whole minutes: a room reads "8m", not "7m 43s".
REBALANCE_GRAIN = 60


def fair_shares(weights: Sequence[int], minimums: Sequence[int], budget: float) -> list[int]:
    """Whole-minute lengths (in seconds), one per step, in proportion to ``weights``
    (each step's planned length), none below its minimum, adding up to ``budget``
    rounded to the minute whenever the minimums allow (else every step at its minimum).

    Proportional water-filling: steps that would fall below their minimum are held at
    it and the rest shared again among the others; then each is rounded down to a
    minute and the minutes left over go to the largest remainders (ties: earlier
    steps), so the total is exact to the minute and equal plans get equal shares to
    within one minute. Pure, for the property tests.
    """
    grain = REBALANCE_GRAIN
    mins = [-(-m // grain) for m in minimums]  # in minutes, rounded up
    total = round(budget / grain)
    if not weights:
        return []
    if total <= sum(mins):
        return [m * grain for m in mins]
    held: set[int] = set()
    while True:
        free = [i for i in range(len(weights)) if i not in held]
        left = total - sum(mins[i] for i in held)
        weight = sum(weights[i] for i in free)
        if weight <= 0:  # nothing to share in proportion: equally instead
            share = {i: left / len(free) for i in free}
        else:
            share = {i: left * weights[i] / weight for i in free}
        low = {i for i in free if share[i] < mins[i]}
        if not low:
            break
        held |= low
    minutes = {i: mins[i] for i in held}
    for i in free:
        minutes[i] = int(share[i])  # floor: share >= mins[i], an integer
    spare = total - sum(minutes.values())
    for i in sorted(free, key=lambda i: (-(share[i] - int(share[i])), i))[:spare]:
        minutes[i] += 1
    return [minutes[i] * grain for i in range(len(weights))]


@dataclass(frozen=True)
class StepChange:
    """One step a rebalance changes: its length in the plan before and after."""

    index: int
    phase_id: str
    kind: str
    subject: str | None
    before: int
    after: int


@dataclass(frozen=True)
class Rebalance:
    """A proposal: the steps still to come and their new lengths, and where the session
    would end against its agreed length (``over`` seconds, < 0 early) before and after.
    ``reachable`` is False when even every step at its minimum ends late."""

    changes: tuple[StepChange, ...]
    over_before: float
    over_after: float
    reachable: bool

    def shares(self) -> list[tuple[str, int, int]]:
        """Each presenter's time still to come, before and after, in turn order."""
        out: dict[str, tuple[int, int]] = {}
        for change in self.changes:
            who = change.subject or ""
            before, after = out.get(who, (0, 0))
            out[who] = (before + change.before, after + change.after)
        return [(who, before, after) for who, (before, after) in out.items()]


class Session:
    """One session of a set, from check-in to close."""

    def __init__(
        self,
        config: SetConfig,
        open_actions: Sequence[LedgerAction],
        record: SessionRecord,
        *,
        origin: float,
        current: int = 0,
        paused: bool = False,
        finished: bool = False,
        anchor: float | None = None,
    ) -> None:
        self.config = config
        self.open_actions = list(open_actions)
        self.record = record
        self._phases = {p.id: p for p in config.resolved_phases}
        self._phases.update((spec.id, spec) for spec, _, _ in config.planned_breaks)
        self._origin = origin  # monotonic reading at the session's start
        self.current = current
        self.paused = paused
        self.finished = finished
        self._anchor = anchor  # when the current step last began running or pausing
        # A monotonic reading and the wall time it stands for; timestamps are taken
        # from it so that a change of the system clock moves none of them.
        self._wall_anchor: tuple[float, datetime] = (origin, record.started_at)

    # --- construction -------------------------------------------------------------

    @classmethod
    def new(
        cls,
        config: SetConfig,
        open_actions: Sequence[LedgerAction],
        presenters: Sequence[str],
        now: float,
        wall: datetime,
        attendance: dict[str, Attendance] | None = None,
        *,
        utc_offset_minutes: int | None = None,
        timezone: str | None = None,
    ) -> Session:
        """A session whose first step (check-in) is running from ``now``.

        ``utc_offset_minutes`` (and the zone's name, if known) say where it is held:
        the caller reads them from the local zone (the engine reads no clock and no
        zone); left out, they are recorded as unknown and history shows UTC.
        """
        members = config.member_names
        record = SessionRecord(
            session_id=session_id_for(wall),
            set_id=config.set_id,
            set_name=config.name,
            facilitator=config.facilitator,
            protocol=config.protocol if config.phases is None else "custom",
            members=members,
            attendance=dict(attendance or dict.fromkeys(members, "present")),
            presenters=list(presenters),
            agreed_seconds=config.session_length,
            started_at=wall,
            utc_offset_minutes=utc_offset_minutes,
            timezone=timezone,
            steps=[],
            evaluation=EvaluationRecord(
                ratings=[
                    QuestionRatings(question=q, scale=config.evaluation.scale)
                    for q in config.evaluation.questions
                ]
            ),
        )
        session = cls(config, open_actions, record, origin=now)
        session._check_presenters(presenters, record.attendance)
        session._rebuild()
        session.record.steps[0].started_offset = 0.0
        session._anchor = now
        return session

    @classmethod
    def resume(
        cls,
        config: SetConfig,
        open_actions: Sequence[LedgerAction],
        saved: Autosave,
        now: float,
        wall: datetime | None = None,
    ) -> Session:
        """Continue a saved session from ``now``: the clock goes on from what was recorded.

        ``wall`` is the time of resuming, so that what is recorded from now on (actions,
        updates) carries the real time rather than start-plus-running-time.
        """
        record = saved.session.model_copy(deep=True)
        spent = sum(s.actual_seconds + s.paused_seconds for s in record.steps)
        session = cls(
            config,
            open_actions,
            record,
            origin=now - spent,
            current=saved.current_index,
            paused=saved.paused,
            finished=saved.finished,
            anchor=None if saved.finished else now,
        )
        if wall is not None:
            session._wall_anchor = (now, wall)
        return session

    # --- the plan -----------------------------------------------------------------

    @property
    def steps(self) -> list[StepRecord]:
        return self.record.steps

    @property
    def step(self) -> StepRecord:
        return self.record.steps[self.current]

    @staticmethod
    def _started(step: StepRecord) -> bool:
        # A file written before ``started_offset`` was kept still says "done".
        return step.started_offset is not None or step.status == "done"

    def status_of(self, index: int) -> StepStatus:
        """Derived from the position (current, paused, finished) and whether the step
        was ever started; the record's ``status`` is only written from this."""
        if index == self.current and not self.finished:
            return "paused" if self.paused else "running"
        return "done" if self._started(self.steps[index]) else "pending"

    @property
    def step_status(self) -> StepStatus:
        return self.status_of(self.current)

    @property
    def phase(self) -> PhaseSpec:
        return self.phase_of(self.step)

    def phase_of(self, step: StepRecord) -> PhaseSpec:
        phase = self._phases.get(step.phase_id)
        if phase is None:
            # A resumed session whose set file has since lost this phase: the step's
            # own record says enough to show it and carry on.
            phase = PhaseSpec(
                id=step.phase_id,
                title=step.title,
                duration=f"{step.planned_seconds}s",
                warn=f"{min(step.warn_seconds, step.planned_seconds)}s",
                kind=step.kind,
                per_presenter=step.subject is not None and step.kind != "updates",
                # A break inserted on the day is in no set file: it keeps its rule.
                rule=_(BREAK_RULE) if step.kind == "break" else "",
            )
            self._phases[step.phase_id] = phase
        return phase

    @property
    def present(self) -> list[str]:
        return self.record.present

    def update_owners(self) -> list[str]:
        """Present members with open actions, in the order they last presented.

        The method opens with an update from the previous presenter: whoever committed
        most recently reports first, and presenters of one session in the order they
        presented (their actions were recorded at the end of each turn, so the earliest
        action of a session marks the first turn). Session ids sort by time."""
        latest: dict[str, tuple[str, datetime]] = {}  # by name_key
        for action in self.open_actions:
            mark = (action.session_id, action.created_at)
            key = name_key(action.owner)  # "Zoë" typed decomposed is still Zoë
            seen = latest.get(key)
            if seen is None or mark[0] > seen[0] or (mark[0] == seen[0] and mark[1] < seen[1]):
                latest[key] = mark
        owners = [m for m in self.present if name_key(m) in latest]
        owners.sort(key=lambda m: latest[name_key(m)][1])  # within a session: turn order
        owners.sort(key=lambda m: latest[name_key(m)][0], reverse=True)  # latest session first
        return owners

    def actions_of(self, owner: str) -> list[LedgerAction]:
        key = name_key(owner)
        return [a for a in self.open_actions if name_key(a.owner) == key]

    def _check_presenters(
        self, presenters: Sequence[str], attendance: dict[str, Attendance]
    ) -> None:
        if len(set(presenters)) != len(presenters):
            raise EngineError(_("a member can present only once in a session"))
        for name in presenters:
            if attendance.get(name) != "present":
                raise EngineError(_("{name} is not present and cannot present").format(name=name))

    def _rebuild(self) -> None:
        wanted = plan_steps(
            self.config.resolved_phases,
            self.record.presenters,
            self.update_owners(),
            self.config.planned_breaks,
        )
        old = {(s.phase_id, s.subject): s for s in self.record.steps}
        current_key = (self.step.phase_id, self.step.subject) if self.record.steps else None
        keys = [(p.id, subject) for p, subject in wanted]
        # Breaks inserted on the day are in no plan: each stays after the step it
        # followed (the nearest earlier step that is still planned), as does a planned
        # break that has begun and whose place in the plan has gone.
        planned = {spec.id for spec, _, _ in self.config.planned_breaks}
        inserted: dict[tuple[str, str | None] | None, list[StepRecord]] = {}
        anchor: tuple[str, str | None] | None = None
        for step in self.record.steps:
            key = (step.phase_id, step.subject)
            if (
                step.kind == "break"
                and key not in keys
                and (self._started(step) or step.phase_id not in planned)
            ):
                inserted.setdefault(anchor, []).append(step)
            elif key in keys:
                anchor = key
        for key, step in old.items():
            if key not in keys and self._started(step) and step.kind != "break":
                if step.subject:
                    started = _("{step} of {name} has started and cannot be removed")
                else:
                    started = _("{step} has started and cannot be removed")
                raise EngineError(started.format(step=step.title, name=step.subject))
        steps: list[StepRecord] = list(inserted.get(None, []))
        for phase, subject in wanted:
            step = old.get((phase.id, subject)) or StepRecord(
                index=len(steps),
                phase_id=phase.id,
                kind=phase.kind,
                title=phase.title,
                subject=subject,
                planned_seconds=phase.duration,
                warn_seconds=phase.warn,
            )
            steps.append(step)
            steps.extend(inserted.get((phase.id, subject), []))
        for index, step in enumerate(steps):
            step.index = index
        self.record.steps = steps
        if current_key is not None:
            self.current = [(s.phase_id, s.subject) for s in steps].index(current_key)

    def set_attendance(self, name: str, status: Attendance) -> None:
        """Mark a member present, sending apologies or absent; the plan follows."""
        if name not in self.record.members:
            raise EngineError(_("{name} is not a member of this set").format(name=name))
        attendance = {**self.record.attendance, name: status}
        presenters = [p for p in self.record.presenters if attendance.get(p) == "present"]
        previous = (self.record.attendance, self.record.presenters)
        self.record.attendance, self.record.presenters = attendance, presenters
        try:
            self._rebuild()
        except EngineError:
            self.record.attendance, self.record.presenters = previous
            raise

    def set_presenters(self, presenters: Sequence[str]) -> None:
        """Today's presenters, in order; the turns of the plan follow."""
        self._check_presenters(presenters, self.record.attendance)
        previous = self.record.presenters
        self.record.presenters = list(presenters)
        try:
            self._rebuild()
        except EngineError:
            self.record.presenters = previous
            raise

    # --- time -------------------------------------------------------------------------

    def _live(self, now: float) -> tuple[float, float]:
        """The current step's running and paused seconds as of ``now``."""
        step = self.step
        if self.finished or self._anchor is None:
            return step.actual_seconds, step.paused_seconds
        since = max(0.0, now - self._anchor)
        if self.paused:
            return step.actual_seconds, step.paused_seconds + since
        return step.actual_seconds + since, step.paused_seconds

    def _commit(self, now: float) -> None:
        if self.finished or self._anchor is None:
            return
        self.step.actual_seconds, self.step.paused_seconds = self._live(now)
        self._anchor = now

    def _require_running(self) -> None:
        if self.finished:
            raise EngineError(_("the session has finished"))

    def view(self, now: float) -> SessionView:
        step = self.step
        actual, _paused = self._live(now)
        planned = step.adjusted_seconds
        remaining = planned - actual
        if (remaining <= 0 and planned > 0) or (planned == 0 and actual > 0):
            level: Level = "overtime"
        elif step.warn_seconds > 0 and remaining <= step.warn_seconds:
            level = "warn"
        else:
            level = "normal"
        later = sum(
            s.adjusted_seconds for s in self.steps[self.current + 1 :] if not self._started(s)
        )
        session_elapsed = (
            max(0.0, now - self._origin)
            if not self.finished
            else sum(s.actual_seconds + s.paused_seconds for s in self.steps)
        )
        to_end = (0.0 if self.finished else max(0.0, remaining)) + (0 if self.finished else later)
        projected = session_elapsed + to_end
        return SessionView(
            index=self.current,
            step=step,
            phase=self.phase,
            remaining=remaining,
            elapsed=actual,
            level=level,
            progress=min(1.0, actual / planned) if planned > 0 else 1.0,
            paused=self.paused,
            finished=self.finished,
            session_elapsed=session_elapsed,
            seconds_to_end=to_end,
            projected_total=projected,
            ahead_behind=projected - self.record.agreed_seconds,
            total_steps=len(self.steps),
        )

    def pause(self, now: float) -> None:
        self._require_running()
        if not self.paused:
            self._commit(now)
            self.paused = True

    def resume_clock(self, now: float) -> None:
        self._require_running()
        if self.paused:
            self._commit(now)
            self.paused = False

    def toggle_pause(self, now: float) -> None:
        if self.paused:
            self.resume_clock(now)
        else:
            self.pause(now)

    def _move(self, target: int, now: float) -> None:
        self.end_reflection(now)  # a reflection belongs to its step: it ends with it
        self._commit(now)
        offset = now - self._origin
        self.step.ended_offset = offset
        self.current = target
        self.paused = False
        step = self.step
        if step.started_offset is None:
            step.started_offset = offset
        self._anchor = now

    def next(self, now: float) -> bool:
        """Close this step and start the next; on the last step, finish. True if moved."""
        self._require_running()
        if self.step.kind == "checkin" and not self.present:
            raise EngineError(_("nobody is marked present: mark who is here before going on"))
        if self.current + 1 < len(self.steps):
            self._move(self.current + 1, now)
            return True
        self.end_reflection(now)
        self._commit(now)
        self.step.ended_offset = now - self._origin
        self.paused = False
        self.finished = True
        self._anchor = None
        return False

    def back(self, now: float) -> bool:
        """Return to the previous step; its clock continues from where it stopped."""
        if self.finished:
            # Reopen the last step. The time between finishing and going back belonged
            # to no step, so the origin moves on by that much.
            self.finished = False
            self._anchor = now
            self._origin = now - sum(s.actual_seconds + s.paused_seconds for s in self.steps)
            return True
        if self.current == 0:
            return False
        self._move(self.current - 1, now)
        return True

    def insert_break(self, now: float, seconds: int = 600, title: str | None = None) -> StepRecord:
        """Insert a break after the current step; it has its own countdown and is
        recorded as a step of kind ``break``. Returns the new step."""
        self._require_running()
        if seconds <= 0:
            raise EngineError(_("a break needs some minutes"))
        taken = {s.phase_id for s in self.steps} | set(self._phases)
        number = 1
        while f"{ADDED_BREAK_PREFIX}{number}" in taken:
            number += 1
        phase = break_phase(
            f"{ADDED_BREAK_PREFIX}{number}", seconds, _("Break") if title is None else title
        )
        self._phases[phase.id] = phase
        step = StepRecord(
            index=self.current + 1,
            phase_id=phase.id,
            kind="break",
            title=phase.title,
            planned_seconds=phase.duration,
            warn_seconds=phase.warn,
        )
        self.record.steps.insert(self.current + 1, step)
        for index, each in enumerate(self.record.steps):
            each.index = index
        return step

    def adjust(self, delta_seconds: int, now: float) -> int:
        """Lengthen (or shorten) the current step's plan; returns the change applied."""
        self._require_running()
        actual, _paused = self._live(now)
        applied = max(delta_seconds, -self.step.adjusted_seconds)
        if applied:
            self.step.adjustments.append(Adjustment(at_seconds=actual, delta_seconds=applied))
        return applied

    def tick(self, now: float) -> bool:
        """End a silent reflection whose time is up; advance a step whose phase says
        ``auto_advance`` once its time is up. True if either happened."""
        if self.finished or self.paused:
            return False
        left = self.reflection_remaining(now)
        if left is not None and left <= 0:
            self.end_reflection(now)
            return True
        if not self.phase.auto_advance:
            return False
        if self.view(now).remaining <= 0:
            return self.next(now)
        return False

    # --- silent reflection ------------------------------------------------------------

    @property
    def reflection(self) -> Reflection | None:
        """The silent reflection under way in the current step, if any."""
        if self.finished or not self.step.reflections:
            return None
        last = self.step.reflections[-1]
        return last if last.actual_seconds is None else None

    def reflection_remaining(self, now: float) -> float | None:
        """Seconds left of the reflection under way (its own countdown), or None.

        It counts the step's running time since it began, so a pause stops it too."""
        reflection = self.reflection
        if reflection is None:
            return None
        actual, _paused = self._live(now)
        return reflection.planned_seconds - (actual - reflection.at_seconds)

    def start_reflection(self, now: float, seconds: int = 120) -> Reflection:
        """A silent reflection of one to three minutes inside the current step; the
        step's own clock runs on beneath it."""
        self._require_running()
        if self.reflection is not None:
            raise EngineError(_("a silent reflection is already under way"))
        seconds = min(REFLECTION_MAX_SECONDS, max(REFLECTION_MIN_SECONDS, seconds))
        actual, _paused = self._live(now)
        reflection = Reflection(at_seconds=actual, planned_seconds=seconds)
        self.step.reflections.append(reflection)
        return reflection

    def adjust_reflection(self, delta_seconds: int) -> int:
        """Lengthen or shorten the reflection under way, within one to three minutes;
        returns the change applied."""
        reflection = self.reflection
        if reflection is None:
            raise EngineError(_("no silent reflection is under way"))
        wanted = reflection.planned_seconds + delta_seconds
        planned = min(REFLECTION_MAX_SECONDS, max(REFLECTION_MIN_SECONDS, wanted))
        applied = planned - reflection.planned_seconds
        reflection.planned_seconds = planned
        return applied

    def end_reflection(self, now: float) -> Reflection | None:
        """End the reflection under way: at its planned length if its time is up (the
        silence ended then, whenever the clock was next read), else now."""
        reflection = self.reflection
        if reflection is None:
            return None
        actual, _paused = self._live(now)
        reflection.actual_seconds = max(
            0.0, min(float(reflection.planned_seconds), actual - reflection.at_seconds)
        )
        return reflection

    # --- sharing the time left ----------------------------------------------------------

    def rebalance(self, now: float) -> Rebalance:
        """A proposal that shares the time left fairly: the presenting and questioning
        steps still to come, each in proportion to its phase's plan and none below its
        minimum, so the session ends on its agreed length. Changes nothing; steps that
        have run or are running are never in it. See :func:`fair_shares`."""
        self._require_running()
        view = self.view(now)
        flexible = [
            (i, s)
            for i, s in enumerate(self.steps)
            if i > self.current and not self._started(s) and s.kind in REBALANCED_KINDS
        ]
        if not flexible:
            raise EngineError(_("no presenting or questioning steps are still to come"))
        before = sum(s.adjusted_seconds for _index, s in flexible)
        budget = self.record.agreed_seconds - view.projected_total + before
        minimums = [min(REBALANCE_MINIMUM[s.kind], s.planned_seconds) for _index, s in flexible]
        lengths = fair_shares([s.planned_seconds for _index, s in flexible], minimums, budget)
        after = sum(lengths)
        changes = tuple(
            StepChange(i, s.phase_id, s.kind, s.subject, s.adjusted_seconds, length)
            for (i, s), length in zip(flexible, lengths, strict=True)
        )
        over_after = view.ahead_behind - before + after
        return Rebalance(
            changes=changes,
            over_before=view.ahead_behind,
            over_after=over_after,
            reachable=over_after <= REBALANCE_GRAIN,
        )

    def apply_rebalance(self, plan: Rebalance) -> int:
        """Apply a proposal as shown: each change becomes an adjustment of its step
        (``rebalance`` true), so the record's adjusted plan is the new one. Refused if
        the plan changed since the proposal was made. Returns the steps changed."""
        self._require_running()
        for change in plan.changes:
            step = self.steps[change.index] if change.index < len(self.steps) else None
            if (
                step is None
                or change.index <= self.current
                or (step.phase_id, step.subject) != (change.phase_id, change.subject)
                or self._started(step)
                or step.adjusted_seconds != change.before
            ):
                raise EngineError(_("the plan has changed since; rebalance again"))
        changed = 0
        for change in plan.changes:
            delta = change.after - change.before
            if delta:
                self.steps[change.index].adjustments.append(
                    Adjustment(at_seconds=0.0, delta_seconds=delta, rebalance=True)
                )
                changed += 1
        return changed

    # --- what the room says -----------------------------------------------------------

    def _wall(self, now: float) -> datetime:
        mono, wall = self._wall_anchor
        return wall + timedelta(seconds=max(0.0, now - mono))

    @property
    def presenter(self) -> str | None:
        return self.step.subject if self.phase.per_presenter else None

    def supporters(self, presenter: str | None = None) -> list[str]:
        """Present members other than the presenter: the ones who ask the questions."""
        presenter = presenter or self.presenter
        return [m for m in self.present if m != presenter]

    def numbered(self) -> list[tuple[int, str]]:
        """Each present member's number on the tally keys, the same in every turn.

        Numbered over everyone present (the set's order), not over the supporters of
        one turn: a member keeps their number when someone else presents, and the
        presenter's own number is simply not a supporter's for their turn."""
        return list(enumerate(self.present, start=1))

    def _turn(self, presenter: str) -> Turn:
        for turn in self.record.turns:
            if turn.presenter == presenter:
                return turn
        turn = Turn(presenter=presenter)
        self.record.turns.append(turn)
        return turn

    def tally_question(self, supporter: str) -> int:
        """Count a question asked by ``supporter`` in the current turn; returns the count."""
        presenter = self.presenter
        if presenter is None:
            raise EngineError(_("questions are counted during a presenter's turn"))
        if supporter not in self.supporters(presenter):
            raise EngineError(_("{name} is not a supporter in this turn").format(name=supporter))
        turn = self._turn(presenter)
        turn.questions[supporter] = turn.questions.get(supporter, 0) + 1
        return turn.questions[supporter]

    def untally_question(self, supporter: str) -> int:
        """Take back one question counted for ``supporter`` in the current turn (a key
        pressed in error), never below zero; returns the count. A supporter whose count
        comes back to zero is left out of the turn, as if never counted."""
        presenter = self.presenter
        if presenter is None:
            raise EngineError(_("questions are counted during a presenter's turn"))
        turn = self._turn(presenter)
        count = turn.questions.get(supporter, 0)
        if count <= 0:
            raise EngineError(_("no question from {name} to take back").format(name=supporter))
        if count == 1:
            del turn.questions[supporter]
        else:
            turn.questions[supporter] = count - 1
        return count - 1

    def advice_reminder(self) -> int:
        presenter = self.presenter
        if presenter is None:
            raise EngineError(_("advice reminders belong to a presenter's turn"))
        turn = self._turn(presenter)
        turn.advice_reminders += 1
        return turn.advice_reminders

    def add_insight(self, text: str, presenter: str | None = None) -> None:
        presenter = presenter or self.presenter
        if presenter is None:
            raise EngineError(_("insights belong to a presenter's turn"))
        text = drop_controls(text)  # typed or pasted: never an escape sequence
        if text:
            self._turn(presenter).insights.append(text)

    def _check_due(self, due: date | None) -> None:
        """A due date the records can hold (:func:`_check_due`), and not before the
        session's own day: that is a slip of the keyboard."""
        _check_due(due)
        if due is not None and due < self.record.local_start.date():
            raise EngineError(
                _("the due date {due} is in the past; this session is on {today}").format(
                    due=due.isoformat(), today=self.record.local_start.date().isoformat()
                )
            )

    def add_action(self, owner: str, text: str, now: float, due: date | None = None) -> Action:
        self._check_due(due)
        if owner not in self.record.members:
            raise EngineError(_("{name} is not a member of this set").format(name=owner))
        text = drop_controls(text)  # typed or pasted: never an escape sequence
        if not text:
            raise EngineError(_("an action needs some words"))
        action = Action(
            id=uuid.uuid4().hex[:10],
            owner=owner,
            text=text,
            due=due,
            session_id=self.record.session_id,
            created_at=self._wall(now),
        )
        self.record.actions.append(action)
        return action

    def edit_action(
        self,
        action_id: str,
        *,
        text: str | None = None,
        owner: str | None = None,
        due: date | None = None,
        clear_due: bool = False,
    ) -> Action:
        for index, action in enumerate(self.record.actions):
            if action.id == action_id:
                changes: dict[str, object] = {}
                if text is not None:
                    text = drop_controls(text)
                    if not text:
                        raise EngineError(_("an action needs some words"))
                    changes["text"] = text
                if owner is not None:
                    if owner not in self.record.members:
                        raise EngineError(
                            _("{name} is not a member of this set").format(name=owner)
                        )
                    changes["owner"] = owner
                if due is not None or clear_due:
                    self._check_due(due)
                    changes["due"] = due
                updated = action.model_copy(update=changes)
                self.record.actions[index] = updated
                return updated
        raise EngineError(_("no such action in this session"))

    def remove_action(self, action_id: str) -> None:
        before = len(self.record.actions)
        self.record.actions = [a for a in self.record.actions if a.id != action_id]
        if len(self.record.actions) == before:
            raise EngineError(_("no such action in this session"))

    def record_update(
        self, action_id: str, status: UpdateStatus, now: float, note: str = ""
    ) -> ActionUpdate:
        if not any(a.id == action_id for a in self.open_actions):
            raise EngineError(_("no such open action"))
        update = ActionUpdate(
            action_id=action_id, status=status, note=drop_controls(note), at=self._wall(now)
        )
        self.record.updates = [u for u in self.record.updates if u.action_id != action_id]
        self.record.updates.append(update)
        return update

    def update_for(self, action_id: str) -> ActionUpdate | None:
        for update in self.record.updates:
            if update.action_id == action_id:
                return update
        return None

    def set_ratings(self, question: int, scores: Sequence[int]) -> None:
        """One rating per present member at most, each within the set's scale."""
        evaluation = self.record.evaluation
        if not 0 <= question < len(evaluation.ratings):
            raise EngineError(_("no such evaluation question"))
        ratings = evaluation.ratings[question]
        if len(scores) > max(1, len(self.present)):
            raise EngineError(
                ngettext(
                    "{count} ratings but {present} member present",
                    "{count} ratings but {present} members present",
                    len(self.present),
                ).format(count=len(scores), present=len(self.present))
            )
        for score in scores:
            if not 0 <= score <= ratings.scale:
                raise EngineError(
                    _("ratings go from 0 to {scale}; got {score}").format(
                        scale=ratings.scale, score=score
                    )
                )
        ratings.scores = list(scores)
        evaluation.skipped = False

    def add_learning(self, text: str) -> None:
        text = drop_controls(text)
        if text:
            self.record.evaluation.learnings.append(text)

    # --- records ---------------------------------------------------------------------

    def _written(self, now: float) -> SessionRecord:
        """A copy of the record as it stands at ``now``: the current step's time so far
        folded in and every step's status derived, the session itself left as it is."""
        record = self.record.model_copy(deep=True)
        step = record.steps[self.current]
        step.actual_seconds, step.paused_seconds = self._live(now)
        for index, copy in enumerate(record.steps):
            copy.status = self.status_of(index)
        return record

    def snapshot(self, now: float, wall: datetime) -> Autosave:
        """The state to write to the autosave. Pure: saving never changes the session."""
        return Autosave(
            saved_at=wall,
            current_index=self.current,
            paused=self.paused,
            finished=self.finished,
            session=self._written(now),
        )

    def finish(self, now: float, wall: datetime, ended_early: bool = False) -> SessionRecord:
        """Close the session and return its final record."""
        checked_in = all(
            self.status_of(i) == "done" or s.ended_offset is not None
            for i, s in enumerate(self.steps)
            if s.kind == "checkin"
        )
        if not self.finished:
            self.end_reflection(now)
            self._commit(now)
            self.step.ended_offset = now - self._origin
            self.finished = True
            self._anchor = None
            self.paused = False
        record = self._written(now)
        record.ended_at = wall
        record.ended_early = ended_early
        # The record says what happened, not what was planned: only the presenters
        # whose turn was reached, and no attendance if check-in was never completed.
        record.presenters = record.presented
        if ended_early and not checked_in:
            record.attendance = {}
        if not any(r.scores for r in record.evaluation.ratings):
            record.evaluation.skipped = True
        return record

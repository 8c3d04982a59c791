"""What alfacil writes: session records, the commitments ledger and the autosave.

Every file carries ``schema_version`` and ``app_version``. Session files are the source
of truth; the ledger is derived from them. Models forbid unknown keys so a file that
was edited or damaged is reported rather than half-read.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, tzinfo
from datetime import timezone as fixed_offset
from typing import Annotated, Literal, Self

from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict, Field, model_validator

from alfacil import __version__
from alfacil.i18n import _
from alfacil.protocol import PhaseKind

#: The schema this alfacil writes. Older records are brought up to it on read by
#: :mod:`alfacil.migrations` (schema 2 added a session's UTC offset and time zone;
#: schema 3 the autosave's curtain, which the members' display follows; schema 4 a
#: step's silent reflections and which adjustments a rebalance made).
SCHEMA_VERSION: Literal[4] = 4

#: The ids alfacil writes, and so the only ones it reads. A session id names its file
#: and an id in a damaged or hostile file must never name a path (``../x``, ``/etc``):
#: a record whose ids do not match is unreadable, set aside and reported like any other.
SESSION_ID_PATTERN = r"^[0-9]{8}T[0-9]{6}Z(?:-[0-9]{1,6})?$"
ACTION_ID_PATTERN = r"^[0-9a-f]{10}$"
#: A set id is a folder's name: letters (any script), digits, ``-`` and ``_``, never
#: a separator, a dot or a leading ``-``.
SET_ID_PATTERN = r"^[^\W_][\w-]{0,99}$"

SessionId = Annotated[str, Field(pattern=SESSION_ID_PATTERN)]
ActionId = Annotated[str, Field(pattern=ACTION_ID_PATTERN)]


def _set_id(value: str) -> str:
    # Python's re, not a Field pattern: pydantic-core's Rust regex compiles the Unicode
    # \w repeated 99 times past its size limit in the pydantic versions alfacil allows.
    if not re.fullmatch(SET_ID_PATTERN, value):
        raise ValueError(_("not a set id: letters, digits, - and _, at most 100"))
    return value


SetId = Annotated[str, Field(max_length=100), AfterValidator(_set_id)]

# Bounds. A record is read only if the program can use every value in it: a file
# that breaks one was never written by alfacil, and is skipped with its reason like
# any damaged file (no NaN, no integer of a thousand digits, no date in year 1, no
# offset of a whole day, no evaluation scale that allocates gigabytes). Bounds on
# existing fields are not a schema change.

#: The longest phase, and the longest agreed session (durations.MAX_DURATION too).
MAX_PLANNED_SECONDS = 24 * 3600
#: Running, paused and offset seconds: far beyond any session, well inside datetime.
MAX_ELAPSED_SECONDS = 10**8
#: Steps of one session, and other lists that grow with use.
MAX_STEPS = 1000
MAX_ITEMS = 10_000
#: Members of a set (config allows 30) and ratings of one question.
MAX_MEMBERS = 100
#: Free text typed in the room (notes, insights, learnings), names and titles.
MAX_TEXT = 5000
MAX_NAME = 200
#: Dates alfacil can show and compute with, whatever the offset.
MIN_YEAR, MAX_YEAR = 1970, 2200


def _sane_date(value: date) -> date:
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise ValueError(
            _("a date between {first} and {last} is expected").format(first=MIN_YEAR, last=MAX_YEAR)
        )
    return value


def _sane_time(value: datetime) -> datetime:
    if MIN_YEAR < value.year < MAX_YEAR:
        return value  # an offset is under a day: the UTC year is within the bounds too
    _sane_date(value)  # as written first: year 1 at +01:00 cannot even be made UTC
    _sane_date(value.astimezone(UTC))
    return value


Timestamp = Annotated[AwareDatetime, AfterValidator(_sane_time)]
Day = Annotated[date, AfterValidator(_sane_date)]
Elapsed = Annotated[float, Field(ge=0, le=MAX_ELAPSED_SECONDS, allow_inf_nan=False)]
Offset = Annotated[
    float, Field(ge=-MAX_ELAPSED_SECONDS, le=MAX_ELAPSED_SECONDS, allow_inf_nan=False)
]
Planned = Annotated[int, Field(ge=0, le=MAX_PLANNED_SECONDS)]
Name = Annotated[str, Field(max_length=MAX_NAME)]
Text = Annotated[str, Field(max_length=MAX_TEXT)]
Count = Annotated[int, Field(ge=0, le=MAX_ITEMS)]

Attendance = Literal["present", "apologies", "absent"]
ActionStatus = Literal["open", "done", "partly", "not_yet", "dropped"]
UpdateStatus = Literal["done", "partly", "not_yet", "dropped"]
StepStatus = Literal["pending", "running", "paused", "done"]

#: An action stays on the updates list until it is done or dropped.
CLOSED_STATUSES: frozenset[str] = frozenset({"done", "dropped"})
#: Statuses that count as an action kept, in history's "share kept".
KEPT_STATUSES: frozenset[str] = frozenset({"done", "partly"})


def local_zone(utc_offset_minutes: int | None) -> tzinfo:
    """A fixed-offset zone for a session's recorded offset; UTC when it is unknown."""
    if not utc_offset_minutes:
        return UTC
    return fixed_offset(timedelta(minutes=utc_offset_minutes))


class Record(BaseModel):
    """Base of every stored model: unknown keys are errors at every level."""

    # Every string has a bound, keys of mappings too; fields say tighter ones.
    model_config = ConfigDict(extra="forbid", str_max_length=MAX_TEXT)


class Adjustment(Record):
    """A change to a step's plan: ``delta_seconds`` added when it had run ``at_seconds``.

    ``rebalance`` (schema 4): made by the console's rebalance, which shares the time
    left among the presenting and questioning steps still to come, rather than by a
    key pressed for this step. Either way it is part of the step's adjusted plan, so
    history's planned against actual counts both.
    """

    at_seconds: Elapsed
    delta_seconds: int = Field(ge=-MAX_PLANNED_SECONDS, le=MAX_PLANNED_SECONDS)
    rebalance: bool = False


#: A silent reflection lasts one to three minutes (two unless changed).
REFLECTION_MIN_SECONDS, REFLECTION_MAX_SECONDS = 60, 180


class Reflection(Record):
    """A silent reflection inside a step (schema 4): begun when the step had run
    ``at_seconds``, planned at ``planned_seconds`` (as last changed with + and -), and
    ``actual_seconds`` long; None while it is under way. Its time is the step's own
    (the step's clock runs on), so it changes nothing in planned against actual."""

    at_seconds: Elapsed
    planned_seconds: int = Field(ge=REFLECTION_MIN_SECONDS, le=REFLECTION_MAX_SECONDS)
    actual_seconds: Elapsed | None = None


class StepRecord(Record):
    """One phase instance: planned against actual, with pauses and overtime."""

    index: int = Field(ge=0, lt=MAX_STEPS)
    # A resumed step whose phase the set file has lost is shown from these: they must
    # make a valid PhaseSpec (protocol.py's id pattern, a title, durations in range).
    phase_id: str = Field(pattern=r"^[a-z][a-z0-9_-]*$", max_length=64)
    kind: PhaseKind
    title: Annotated[str, Field(min_length=1, max_length=MAX_NAME)]
    subject: Name | None = None  # the presenter, or the owner reporting back
    planned_seconds: Planned  # as the plan had it, before adjustments
    warn_seconds: Planned
    adjustments: list[Adjustment] = Field(default=[], max_length=MAX_ITEMS)
    reflections: list[Reflection] = Field(default=[], max_length=MAX_ITEMS)
    actual_seconds: Elapsed = 0.0  # running time, pauses excluded
    paused_seconds: Elapsed = 0.0
    status: StepStatus = "pending"
    started_offset: Offset | None = None  # seconds from session start when first started
    ended_offset: Offset | None = None  # when last closed

    @property
    def adjusted_seconds(self) -> int:
        return self.planned_seconds + sum(a.delta_seconds for a in self.adjustments)

    @property
    def overtime_seconds(self) -> float:
        return max(0.0, self.actual_seconds - self.adjusted_seconds)


class Action(Record):
    """A commitment a member made at the end of their turn."""

    id: ActionId
    owner: Name
    text: str = Field(min_length=1, max_length=500)
    due: Day | None = None
    session_id: SessionId
    created_at: Timestamp


class ActionUpdate(Record):
    """What the owner said about an earlier action at the start of a session."""

    action_id: ActionId
    status: UpdateStatus
    note: Text = ""
    at: Timestamp


class QuestionRatings(Record):
    """The ratings given to one evaluation question; the console records them anonymously."""

    question: Name
    scale: int = Field(ge=2, le=10)  # as a set file allows
    scores: list[Annotated[int, Field(ge=0, le=10)]] = Field(default=[], max_length=MAX_MEMBERS)
    by_member: dict[Name, Annotated[int, Field(ge=0, le=10)]] | None = Field(
        default=None, max_length=MAX_MEMBERS
    )

    @model_validator(mode="after")
    def _within_scale(self) -> Self:
        # max, not a generator: this runs for every question of every record read
        highest = max(self.scores, default=0)
        if self.by_member:
            highest = max(highest, *self.by_member.values())
        if highest > self.scale:
            raise ValueError(
                _("scores: a score above the scale of {scale}").format(scale=self.scale)
            )
        return self

    @property
    def average(self) -> float | None:
        return sum(self.scores) / len(self.scores) if self.scores else None


class EvaluationRecord(Record):
    ratings: list[QuestionRatings] = Field(default=[], max_length=MAX_STEPS)
    learnings: list[Text] = Field(default=[], max_length=MAX_ITEMS)
    skipped: bool = False


class Turn(Record):
    """One presenter's turn: questions asked by each supporter, advice reminders, insights."""

    presenter: Name
    questions: dict[Name, Count] = Field(default={}, max_length=MAX_MEMBERS)
    advice_reminders: Count = 0
    insights: list[Text] = Field(default=[], max_length=MAX_ITEMS)


class SessionRecord(Record):
    """Everything about one session; one file per session, written when it ends."""

    schema_version: Literal[4] = SCHEMA_VERSION
    app_version: str = __version__
    kind: Literal["session"] = "session"
    session_id: SessionId
    set_id: SetId
    set_name: Name
    facilitator: Name
    protocol: Name
    members: list[Name] = Field(max_length=MAX_MEMBERS)
    attendance: dict[Name, Attendance] = Field(max_length=MAX_MEMBERS)
    presenters: list[Name] = Field(max_length=MAX_MEMBERS)
    agreed_seconds: Planned
    started_at: Timestamp
    # Where it was held (schema 2): the local offset from UTC, in minutes, at the start,
    # and the zone's name when alfacil knew it. None: unknown (a schema-1 session); its
    # times are then shown in UTC. Ids and timestamps stay UTC either way.
    utc_offset_minutes: int | None = Field(default=None, gt=-24 * 60, lt=24 * 60)
    timezone: str | None = Field(default=None, max_length=64)
    ended_at: Timestamp | None = None
    ended_early: bool = False
    steps: list[StepRecord] = Field(max_length=MAX_STEPS)
    updates: list[ActionUpdate] = Field(default=[], max_length=MAX_ITEMS)
    actions: list[Action] = Field(default=[], max_length=MAX_ITEMS)
    turns: list[Turn] = Field(default=[], max_length=MAX_STEPS)
    evaluation: EvaluationRecord = EvaluationRecord()

    @property
    def present(self) -> list[str]:
        return [m for m in self.members if self.attendance.get(m) == "present"]

    @property
    def attendance_taken(self) -> bool:
        """False for a session ended before check-in was completed: its attendance is
        left empty rather than guessed, and history counts it as not taken."""
        return bool(self.attendance)

    @property
    def presented(self) -> list[str]:
        """The presenters whose turn was reached (a step of theirs started).

        A session ended early keeps only these in ``presenters``; records written
        before that rule are read the same way, so the rotation and history count
        nobody whose turn never came."""
        reached = {
            s.subject
            for s in self.steps
            if s.subject is not None and s.kind != "updates" and s.status != "pending"
        }
        return [p for p in self.presenters if p in reached]

    @property
    def local_zone(self) -> tzinfo:
        """The zone its times are shown in: its own offset if known, else UTC."""
        return local_zone(self.utc_offset_minutes)

    @property
    def local_start(self) -> datetime:
        return self.started_at.astimezone(self.local_zone)

    @property
    def actual_seconds(self) -> float:
        return sum(step.actual_seconds for step in self.steps)

    @property
    def planned_seconds(self) -> int:
        return sum(step.adjusted_seconds for step in self.steps)


class StatusChange(Record):
    session_id: SessionId
    status: UpdateStatus
    note: Text = ""
    at: Timestamp


class LedgerAction(Action):
    """An action with every update it has had, newest last."""

    status: ActionStatus = "open"
    history: list[StatusChange] = Field(default=[], max_length=MAX_ITEMS)


class Ledger(Record):
    """``actions.json``: every commitment of a set, derived from its session files."""

    schema_version: Literal[4] = SCHEMA_VERSION
    app_version: str = __version__
    kind: Literal["ledger"] = "ledger"
    set_id: SetId
    updated_at: Timestamp
    built_from: list[SessionId] = Field(default=[], max_length=100 * MAX_ITEMS)  # to spot staleness
    actions: list[LedgerAction] = Field(default=[], max_length=100 * MAX_ITEMS)

    def open_actions(self) -> list[LedgerAction]:
        return [a for a in self.actions if a.status not in CLOSED_STATUSES]


class Autosave(Record):
    """The session in progress; resumed or closed as ended early at the next start."""

    schema_version: Literal[4] = SCHEMA_VERSION
    app_version: str = __version__
    kind: Literal["autosave"] = "autosave"
    saved_at: Timestamp
    current_index: int = Field(ge=0, lt=MAX_STEPS)
    paused: bool
    finished: bool = False
    # Schema 3: the console's curtain is down, so the members' display hides too.
    curtain: bool = False
    session: SessionRecord

    @model_validator(mode="after")
    def _resumable(self) -> Self:
        """An unfinished session the engine can resume: it has steps and stands on one.

        Each value may be in bounds and the whole still unusable; such an autosave is
        unreadable (set aside and reported), never a crash of every `start`.
        """
        steps = len(self.session.steps)
        if steps == 0:
            raise ValueError(_("session.steps: an unfinished session with no steps"))
        if self.current_index >= steps:
            raise ValueError(
                _("current_index: step {index} of a session of {count} steps").format(
                    index=self.current_index, count=steps
                )
            )
        return self


def build_ledger(
    set_id: str,
    sessions: list[SessionRecord],
    now: datetime,
    previous: Ledger | None = None,
    unreadable: frozenset[str] = frozenset(),
) -> Ledger:
    """Derive the ledger from session records (oldest first by start).

    ``unreadable`` are the ids of session files that exist but cannot be read: what
    ``previous`` (the ledger as it was) holds from them cannot be derived again, so it
    is kept rather than dropped: their actions, and the status changes given in them.
    """
    ordered = sorted(sessions, key=lambda s: (s.started_at, s.session_id))
    by_id: dict[str, LedgerAction] = {}
    kept: dict[str, list[StatusChange]] = {}
    carried = False
    if previous is not None and unreadable:
        for old in previous.actions:
            if old.session_id in unreadable:
                by_id[old.id] = old.model_copy(update={"status": "open", "history": []})
                carried = True
            changes = [c for c in old.history if c.session_id in unreadable]
            if changes:
                kept[old.id] = changes
    for session in ordered:
        for action in session.actions:
            by_id[action.id] = LedgerAction(**action.model_dump())
        for update in session.updates:
            entry = by_id.get(update.action_id)
            if entry is None:
                continue
            entry.history.append(
                StatusChange(
                    session_id=session.session_id,
                    status=update.status,
                    note=update.note,
                    at=update.at,
                )
            )
            entry.status = update.status
    for action_id, changes in kept.items():
        entry = by_id.get(action_id)
        if entry is not None:
            entry.history = sorted([*entry.history, *changes], key=lambda c: c.at)
            entry.status = entry.history[-1].status
    actions = list(by_id.values())
    if carried:
        actions.sort(key=lambda a: a.created_at)  # kept ones in their place in time
    return Ledger(
        set_id=set_id,
        updated_at=now,
        built_from=[s.session_id for s in ordered],
        actions=actions,
    )

"""What alfacil writes: session records, the commitments ledger and the autosave.

Every file carries ``schema_version`` and ``app_version``. Session files are the source
of truth; the ledger is derived from them. Models forbid unknown keys so a file that
was edited or damaged is reported rather than half-read.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, tzinfo
from datetime import timezone as fixed_offset
from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from alfacil import __version__
from alfacil.protocol import PhaseKind

#: The schema this alfacil writes. Older records are brought up to it on read by
#: :mod:`alfacil.migrations` (schema 2 added a session's UTC offset and time zone;
#: schema 3 the autosave's curtain, which the members' display follows).
SCHEMA_VERSION: Literal[3] = 3

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

    model_config = ConfigDict(extra="forbid")


class Adjustment(Record):
    """A change to a step's plan: ``delta_seconds`` added when it had run ``at_seconds``."""

    at_seconds: float
    delta_seconds: int


class StepRecord(Record):
    """One phase instance: planned against actual, with pauses and overtime."""

    index: int
    phase_id: str
    kind: PhaseKind
    title: str
    subject: str | None = None  # the presenter, or the owner reporting back
    planned_seconds: int  # as the plan had it, before adjustments
    warn_seconds: int
    adjustments: list[Adjustment] = []
    actual_seconds: float = 0.0  # running time, pauses excluded
    paused_seconds: float = 0.0
    status: StepStatus = "pending"
    started_offset: float | None = None  # seconds from session start when first started
    ended_offset: float | None = None  # when last closed

    @property
    def adjusted_seconds(self) -> int:
        return self.planned_seconds + sum(a.delta_seconds for a in self.adjustments)

    @property
    def overtime_seconds(self) -> float:
        return max(0.0, self.actual_seconds - self.adjusted_seconds)


class Action(Record):
    """A commitment a member made at the end of their turn."""

    id: str
    owner: str
    text: str = Field(min_length=1, max_length=500)
    due: date | None = None
    session_id: str
    created_at: AwareDatetime


class ActionUpdate(Record):
    """What the owner said about an earlier action at the start of a session."""

    action_id: str
    status: UpdateStatus
    note: str = ""
    at: AwareDatetime


class QuestionRatings(Record):
    """The ratings given to one evaluation question; the console records them anonymously."""

    question: str
    scale: int
    scores: list[int] = []
    by_member: dict[str, int] | None = None

    @property
    def average(self) -> float | None:
        return sum(self.scores) / len(self.scores) if self.scores else None


class EvaluationRecord(Record):
    ratings: list[QuestionRatings] = []
    learnings: list[str] = []
    skipped: bool = False


class Turn(Record):
    """One presenter's turn: questions asked by each supporter, advice reminders, insights."""

    presenter: str
    questions: dict[str, int] = {}
    advice_reminders: int = 0
    insights: list[str] = []


class SessionRecord(Record):
    """Everything about one session; one file per session, written when it ends."""

    schema_version: Literal[3] = SCHEMA_VERSION
    app_version: str = __version__
    kind: Literal["session"] = "session"
    session_id: str
    set_id: str
    set_name: str
    facilitator: str
    protocol: str
    members: list[str]
    attendance: dict[str, Attendance]
    presenters: list[str]
    agreed_seconds: int
    started_at: AwareDatetime
    # Where it was held (schema 2): the local offset from UTC, in minutes, at the start,
    # and the zone's name when alfacil knew it. None: unknown (a schema-1 session); its
    # times are then shown in UTC. Ids and timestamps stay UTC either way.
    utc_offset_minutes: int | None = Field(default=None, ge=-24 * 60, le=24 * 60)
    timezone: str | None = Field(default=None, max_length=64)
    ended_at: AwareDatetime | None = None
    ended_early: bool = False
    steps: list[StepRecord]
    updates: list[ActionUpdate] = []
    actions: list[Action] = []
    turns: list[Turn] = []
    evaluation: EvaluationRecord = EvaluationRecord()

    @property
    def present(self) -> list[str]:
        return [m for m in self.members if self.attendance.get(m) == "present"]

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
    session_id: str
    status: UpdateStatus
    note: str = ""
    at: AwareDatetime


class LedgerAction(Action):
    """An action with every update it has had, newest last."""

    status: ActionStatus = "open"
    history: list[StatusChange] = []


class Ledger(Record):
    """``actions.json``: every commitment of a set, derived from its session files."""

    schema_version: Literal[3] = SCHEMA_VERSION
    app_version: str = __version__
    kind: Literal["ledger"] = "ledger"
    set_id: str
    updated_at: AwareDatetime
    built_from: list[str] = []  # the session ids it was built from, to spot staleness
    actions: list[LedgerAction] = []

    def open_actions(self) -> list[LedgerAction]:
        return [a for a in self.actions if a.status not in CLOSED_STATUSES]


class Autosave(Record):
    """The session in progress; resumed or closed as ended early at the next start."""

    schema_version: Literal[3] = SCHEMA_VERSION
    app_version: str = __version__
    kind: Literal["autosave"] = "autosave"
    saved_at: AwareDatetime
    current_index: int
    paused: bool
    finished: bool = False
    # Schema 3: the console's curtain is down, so the members' display hides too.
    curtain: bool = False
    session: SessionRecord


def build_ledger(set_id: str, sessions: list[SessionRecord], now: datetime) -> Ledger:
    """Derive the ledger from session records (oldest first by start)."""
    ordered = sorted(sessions, key=lambda s: (s.started_at, s.session_id))
    by_id: dict[str, LedgerAction] = {}
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
    return Ledger(
        set_id=set_id,
        updated_at=now,
        built_from=[s.session_id for s in ordered],
        actions=list(by_id.values()),
    )

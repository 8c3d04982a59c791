"""What the console shows, as plain frozen values: the view's data, not its widgets.

:class:`alfacil.console.Console` builds these from the engine; the Textual view turns
them into text and colours. Nothing here imports Textual or Rich, and nothing here
holds the engine's objects, so a view given a frame cannot change the session.
Two frames are compared with ``==``: the view repaints the parts that differ.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import Literal

from alfacil.durations import format_clock, format_duration
from alfacil.engine import Session, SessionView
from alfacil.i18n import _

Shade = Literal["normal", "warn", "overtime", "paused"]
Mark = Literal["current", "done", "pending"]
ATTENDANCE_ORDER = ("present", "apologies", "absent")
#: Panels private to the facilitator (attendance, update statuses and notes, actions
#: being typed, insights, ratings and learnings, the record's path): the members' view
#: shows none of them.
PRIVATE_PANELS = frozenset({"checkin", "updates", "summing_up", "evaluation", "close"})


@dataclass(frozen=True)
class SheetRow:
    """One line of the run sheet."""

    mark: Mark
    title: str
    subject: str | None
    timing: str


@dataclass(frozen=True)
class MemberRow:
    name: str
    status: str
    presents: int | None  # 1-based place among today's presenters


@dataclass(frozen=True)
class CheckinData:
    facilitator: str
    presenters: tuple[str, ...]
    planned: int
    agreed: int
    members: tuple[MemberRow, ...]


@dataclass(frozen=True)
class RulesData:
    rules: tuple[str, ...]


@dataclass(frozen=True)
class UpdateRow:
    action_id: str
    text: str
    due: date | None
    status: str | None  # None: not given yet
    note: str


@dataclass(frozen=True)
class UpdatesData:
    owner: str
    rows: tuple[UpdateRow, ...]
    unread: int = 0  # session files start could not read: some actions may be missing


@dataclass(frozen=True)
class PresentingData:
    presenter: str


@dataclass(frozen=True)
class QuestioningData:
    presenter: str
    # (key number, name, count) for every supporter, in key order; a member's number
    # is the same in every turn, so the presenter's own number is missing here.
    tallies: tuple[tuple[int, str, int], ...]
    advice_reminders: int


@dataclass(frozen=True)
class ActionRow:
    action_id: str
    owner: str
    text: str
    due: date | None


@dataclass(frozen=True)
class SummingUpData:
    presenter: str
    actions: tuple[ActionRow, ...]
    insights: tuple[str, ...]


@dataclass(frozen=True)
class QuestionRow:
    question: str
    scale: int
    average: float | None
    count: int


@dataclass(frozen=True)
class EvaluationData:
    questions: tuple[QuestionRow, ...]
    learnings: tuple[str, ...]


@dataclass(frozen=True)
class TimingRow:
    title: str
    subject: str | None
    planned: int
    actual: float | None  # None: the step under way
    overtime: float


@dataclass(frozen=True)
class CloseData:
    actions: tuple[ActionRow, ...]
    attendance: tuple[tuple[str, tuple[str, ...]], ...]  # (status, names) non-empty only
    timings: tuple[TimingRow, ...]
    record_path: str


@dataclass(frozen=True)
class BreakData:
    """A break: the room only needs to know when to be back (the ticker's ``back_at``)."""

    title: str


@dataclass(frozen=True)
class OtherData:
    """A phase of a custom protocol with no panel of its own."""

    kind: str


PanelData = (
    CheckinData
    | RulesData
    | UpdatesData
    | PresentingData
    | QuestioningData
    | SummingUpData
    | EvaluationData
    | CloseData
    | BreakData
    | OtherData
)


@dataclass(frozen=True)
class Ticker:
    """What moves with the clock: rebuilt each time the shown second may change."""

    clock: str
    shade: Shade
    progress: float
    caption: str
    wall: str  # HH:MM
    ends: str  # HH:MM
    ahead_behind: str
    over: bool
    prompt: str | None  # questioning's example question, which rotates
    advice: bool
    save_error: str | None
    back_at: str | None = None  # HH:MM a break's planned time ends; None off a break
    # A silent reflection is under way: ``clock`` is its countdown, and this is the
    # step's own (``12:34`` or ``+01:05``), which runs on beneath it.
    step_clock: str | None = None


@dataclass(frozen=True)
class Frame:
    """Everything that changes only when the facilitator does something."""

    key: tuple[int, str, str | None]  # which step: a new key means a new panel
    kind: str
    title: str
    subject: str | None
    set_name: str
    rule: str
    guidance: str
    sheet: tuple[SheetRow, ...]
    panel: PanelData
    members_only: bool = False  # the facilitator hides the private panels
    wall: bool = False  # the wall view: phase, presenter, countdown and rule only


def clock_text(remaining: float) -> str:
    """``12:34`` counting down (rounded up, so zero is reached at zero) or ``+01:05``."""
    if remaining > 0:
        return format_clock(int(-(-remaining // 1)))
    return "+" + format_clock(int(-remaining))


def ahead_behind_text(seconds: float) -> str:
    """How the projected end stands against the agreed length, as the room says it:
    ``20m to spare`` (it will end early), ``10m over`` or ``on time``. ``seconds`` is
    the engine's ``ahead_behind``: projected total minus agreed length."""
    minutes = round(seconds / 60)
    if minutes == 0:
        return _("on time")
    time = format_duration(abs(minutes) * 60)
    return (_("{time} over") if minutes > 0 else _("{time} to spare")).format(time=time)


def caption_text(view: SessionView) -> str:
    if view.finished:
        return _("the session has ended · n saves the record")
    if view.paused:
        return _("paused · space resumes")
    if view.level == "overtime":
        return _("over time")
    if view.level == "warn":
        return _("wrap up when ready")
    return ""


def ticker(
    session: Session,
    view: SessionView,
    wall: datetime,
    tz: tzinfo | None,
    *,
    advice: bool,
    save_error: str | None,
    reflection: float | None = None,
) -> Ticker:
    """``reflection``: the seconds left of a silent reflection under way, whose
    countdown then takes the big clock's place, captioned as such."""
    prompt: str | None = None
    prompts = session.config.questioning.prompts
    if session.step.kind == "questioning" and prompts:
        prompt = prompts[int(view.elapsed // 30) % len(prompts)]
    back_at: str | None = None
    if session.step.kind == "break" and not view.finished:
        # Now plus what is left of the plan: it stays put while the break runs, moves
        # on with a pause or an adjustment, and stays the same in overtime.
        back_at = (wall + timedelta(seconds=view.remaining)).astimezone(tz).strftime("%H:%M")
    clock, shade, caption = clock_text(view.remaining), view.level, caption_text(view)
    step_clock: str | None = None
    if reflection is not None:
        step_clock, shade = clock, "normal"
        clock = clock_text(max(0.0, reflection))
        caption = _("Silent reflection · paused") if view.paused else _("Silent reflection")
    return Ticker(
        clock=clock,
        shade="paused" if view.paused else shade,
        progress=view.progress,
        caption=caption,
        wall=wall.astimezone(tz).strftime("%H:%M"),
        ends=(wall + timedelta(seconds=view.seconds_to_end)).astimezone(tz).strftime("%H:%M"),
        ahead_behind=ahead_behind_text(view.ahead_behind),
        over=round(view.ahead_behind / 60) > 0,
        prompt=prompt,
        advice=advice,
        save_error=save_error,
        back_at=back_at,
        step_clock=step_clock,
    )


def sheet(session: Session) -> tuple[SheetRow, ...]:
    rows = []
    for i, step in enumerate(session.steps):
        current = i == session.current and not session.finished
        done = session.status_of(i) == "done"
        mark: Mark = "current" if current else "done" if done else "pending"
        if done and not current:
            timing = (
                f"{format_duration(step.actual_seconds)}/{format_duration(step.adjusted_seconds)}"
            )
        else:
            timing = format_duration(step.adjusted_seconds)
        rows.append(SheetRow(mark, step.title, step.subject, timing))
    return tuple(rows)


def panel_data(session: Session, record_path: str, unread: int = 0) -> PanelData:
    kind = session.step.kind
    record = session.record
    if kind == "checkin":
        members = tuple(
            MemberRow(
                name,
                record.attendance.get(name, "present"),
                record.presenters.index(name) + 1 if name in record.presenters else None,
            )
            for name in record.members
        )
        return CheckinData(
            record.facilitator,
            tuple(record.presenters),
            record.planned_seconds,
            record.agreed_seconds,
            members,
        )
    if kind == "ground_rules":
        return RulesData(tuple(session.config.ground_rules.items))
    if kind == "updates":
        owner = session.step.subject or ""
        rows = []
        for action in session.actions_of(owner):
            update = session.update_for(action.id)
            rows.append(
                UpdateRow(
                    action.id,
                    action.text,
                    action.due,
                    update.status if update else None,
                    update.note if update else "",
                )
            )
        return UpdatesData(owner, tuple(rows), unread)
    if kind == "break":
        return BreakData(session.step.title)
    presenter = session.presenter or ""
    turn = next((t for t in record.turns if t.presenter == presenter), None)
    if kind == "presenting":
        return PresentingData(presenter)
    if kind == "questioning":
        questions = turn.questions if turn else {}
        tallies = tuple(
            (number, name, questions.get(name, 0))
            for number, name in session.numbered()
            if name != presenter
        )
        return QuestioningData(presenter, tallies, turn.advice_reminders if turn else 0)
    actions = tuple(ActionRow(a.id, a.owner, a.text, a.due) for a in record.actions)
    if kind == "summing_up":
        return SummingUpData(presenter, actions, tuple(turn.insights if turn else ()))
    if kind == "evaluation":
        evaluation = record.evaluation
        questions_rows = tuple(
            QuestionRow(r.question, r.scale, r.average if r.scores else None, len(r.scores))
            for r in evaluation.ratings
        )
        return EvaluationData(questions_rows, tuple(evaluation.learnings))
    if kind == "close":
        attendance = []
        for status in ATTENDANCE_ORDER:
            names = tuple(
                m for m in record.members if record.attendance.get(m, "present") == status
            )
            if names:
                attendance.append((status, names))
        timings = []
        for i, step in enumerate(record.steps):
            if session.status_of(i) == "pending":
                continue
            under_way = i == session.current and not session.finished
            timings.append(
                TimingRow(
                    step.title,
                    step.subject,
                    step.adjusted_seconds,
                    None if under_way else step.actual_seconds,
                    step.overtime_seconds,
                )
            )
        return CloseData(actions, tuple(attendance), tuple(timings), record_path)
    return OtherData(kind)


def frame(
    session: Session,
    record_path: str,
    members_only: bool = False,
    unread: int = 0,
    *,
    wall: bool = False,
) -> Frame:
    step = session.step
    phase = session.phase
    return Frame(
        key=(session.current, step.kind, step.subject),
        kind=step.kind,
        title=step.title,
        subject=step.subject,
        set_name=session.config.name,
        rule=phase.rule,
        guidance=phase.guidance,
        sheet=sheet(session),
        panel=OtherData(step.kind)
        if members_only and step.kind in PRIVATE_PANELS
        else panel_data(session, record_path, unread),
        members_only=members_only,
        wall=wall,
    )

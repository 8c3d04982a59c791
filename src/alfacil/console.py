"""The console's controller: one method per thing the facilitator means to do.

Each intent reads the clock once, changes the engine, saves, and returns a small
frozen :class:`Outcome` that says what the screen must show (a warning, a save
error, the record's path, a bell). :meth:`Console.frame` and :meth:`Console.ticker`
give the view's data as plain values (see :mod:`alfacil.frames`), and
:meth:`Console.next_wake` says when the shown second next changes. No Textual and no
Rich: whole sessions are tested through this class on a ``FakeClock``, and the
Textual view only turns key presses into intents and outcomes into paint.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import Literal

from alfacil import frames
from alfacil.engine import EngineError, Level, Rebalance, Session, SessionView
from alfacil.i18n import _, current, primary_code
from alfacil.records import Attendance, UpdateStatus
from alfacil.runner import Runner
from alfacil.store import StoreError
from alfacil.text import drop_controls

#: The longest the view sleeps (paused, finished): autosave and wall clock go on.
TICK_SECONDS = 1.0
#: Wake this long after the shown second changes, never before it.
WAKE_LATE = 0.01
#: Never wake more often than this (a frozen test clock must not spin the loop).
WAKE_MIN = 0.05
ADVICE_SECONDS = 6.0
#: The break ``b`` inserts, before + and - change it.
BREAK_SECONDS = 600
#: The silent reflection ``s`` starts, before + and - change it (one to three minutes).
REFLECTION_SECONDS = 120
#: After ``u``, a supporter's number takes back one of their questions for this long.
TAKE_BACK_SECONDS = 5.0

ATTENDANCE_CYCLE: dict[Attendance, Attendance] = {
    "present": "apologies",
    "apologies": "absent",
    "absent": "present",
}
LEVELS = {"normal": 0, "warn": 1, "overtime": 2}

Display = Literal["console", "members"]
Begin = Literal["new", "resume", "fresh"]


@dataclass(frozen=True)
class Outcome:
    """What one intent did, for the view to show."""

    changed: bool = False  # the frame (not only the ticker) may differ
    warning: str | None = None  # a short note for the facilitator (a toast)
    save_error: str | None = None  # the latest state is not on disk, and why
    record_path: Path | None = None  # the session's record was written here
    bell: bool = False  # a running step crossed its warn mark or zero
    ticker: frames.Ticker | None = None  # what moves with the clock, at the same instant


NOTHING = Outcome()


@dataclass(frozen=True)
class ActionDraft:
    """What the action form starts from, and what it gives back."""

    owner: str
    text: str
    due: date | None


@dataclass(frozen=True)
class UpdateDraft:
    owner: str
    action_text: str
    status: UpdateStatus | None
    note: str


@dataclass(frozen=True)
class RebalanceShare:
    """One presenter's time still to come, before and after a rebalance."""

    presenter: str
    before: int
    after: int
    steps: tuple[tuple[str, int, int], ...]  # (step title, before, after)


@dataclass(frozen=True)
class RebalanceDraft:
    """What the confirm dialog shows; given back to :meth:`Console.rebalance` as is."""

    shares: tuple[RebalanceShare, ...]
    over_before: str  # as the header says it: "10m over", "on time"
    over_after: str
    reachable: bool  # False: even at every step's minimum the session ends late
    plan: Rebalance


@dataclass(frozen=True)
class RatingsDraft:
    question: str
    scale: int
    present: int
    scores: tuple[int, ...]


class Console:
    """The session's controller over a :class:`~alfacil.runner.Runner`."""

    def __init__(self, runner: Runner, tz: tzinfo | None = None) -> None:
        self.runner = runner
        self.tz = tz
        self.display: Display = runner.config.display
        self.wall = False  # the wall view: phase, presenter, countdown and rule only
        self.curtain = False
        self.record_path: Path | None = None
        self.copy_path: Path | None = None  # where save_copy last wrote the session
        self._level: tuple[int, Level] | None = None
        self._advice_until: float | None = None
        self._take_back_until: float | None = None  # u was pressed: a number takes back

    # --- what is there --------------------------------------------------------------

    @property
    def _session(self) -> Session:
        session = self.runner.session
        if session is None:
            raise EngineError(_("no session is running"))
        return session

    @property
    def running(self) -> bool:
        """A session is open (started or resumed) and its record not yet written."""
        return self.runner.session is not None and self.record_path is None

    @property
    def started(self) -> bool:
        return self.runner.session is not None

    def applies(self, intent: str) -> bool:
        """Whether ``intent`` means anything now (the view hides keys that do not)."""
        session = self.runner.session
        if session is None:
            return False
        if intent in ("tally", "advice", "take_back"):
            return session.step.kind == "questioning" and not session.finished
        if intent in ("add_action", "insert_break", "reflect", "rebalance"):
            return not session.finished
        return True

    def pending_question(self) -> str | None:
        """The unfinished session found at start, described for the resume question."""
        pending = self.runner.pending
        if pending is None:
            return None
        step = pending.session.steps[pending.current_index]
        who = f" · {step.subject}" if step.subject else ""
        started = pending.session.started_at.astimezone(self.tz)
        saved = pending.saved_at.astimezone(self.tz)
        return _("The session started {started} was last saved at {saved}, during {step}.").format(
            started=day_and_time(started), saved=f"{saved:%H:%M}", step=f"{step.title}{who}"
        )

    def begin(self, how: Begin) -> Outcome:
        """Resume the unfinished session, or close it and start anew, or start anew."""
        warning: str | None = None
        try:
            if how == "resume":
                self.runner.resume()
            else:
                if how == "fresh" and self.runner.pending is not None:
                    path = self.runner.close_pending()
                    if path is not None:
                        warning = _("The unfinished session was kept as {path}").format(path=path)
                self.runner.start_new()
        except StoreError as exc:
            return Outcome(warning=str(exc), save_error=str(exc))
        return Outcome(changed=True, warning=warning, save_error=self.runner.save_error)

    # --- the transaction --------------------------------------------------------------

    def _read(self) -> tuple[float, datetime]:
        return self.runner.now(), self.runner.clock.utcnow()

    def _do(self, change: Callable[[Session, float], object]) -> Outcome:
        """Read the clock once, change the engine, save: the one transaction."""
        session = self.runner.session
        if session is None or self.record_path is not None:
            return NOTHING
        now, wall = self._read()
        try:
            change(session, now)
        except EngineError as exc:
            return Outcome(warning=str(exc), save_error=self.runner.save_error)
        return self._after(session, now, wall, True, self.runner.save(now, wall))

    def _after(
        self, session: Session, now: float, wall: datetime, changed: bool, error: str | None
    ) -> Outcome:
        """The outcome at one instant: the view computed once, for the bell and the
        ticker both."""
        view = session.view(now)
        return Outcome(
            changed=changed,
            save_error=error,
            bell=self._ring(view),
            ticker=self._ticker(session, view, now, wall),
        )

    def _ring(self, view: SessionView) -> bool:
        """The bell once when a running step crosses its warn mark, and once at zero."""
        previous, self._level = self._level, (view.index, view.level)
        if previous is None or previous[0] != view.index or view.paused or view.finished:
            return False
        return LEVELS[view.level] > LEVELS[previous[1]] and self.runner.config.bell

    # --- the intents ------------------------------------------------------------------

    def next(self) -> Outcome:
        """Close this step and start the next; on the last one, write the record."""
        session = self.runner.session
        if session is None or self.record_path is not None:
            return NOTHING
        outcome = NOTHING
        if not session.finished:
            self._advice_until = None
            outcome = self._do(lambda s, now: s.next(now))
            if outcome.warning is not None:
                return outcome
        if session.finished:
            return self.complete(outcome)
        return outcome

    def complete(self, outcome: Outcome = NOTHING) -> Outcome:
        """Write the record and the ledger; on failure, nothing is lost and n retries."""
        try:
            path = self.runner.complete()
        except StoreError as exc:
            return Outcome(
                changed=True,
                warning=_(
                    "The record could not be written: {error}. Nothing is lost; "
                    "press n to try again."
                ).format(error=exc),
                save_error=str(exc),
            )
        self.record_path = path
        return Outcome(changed=True, record_path=path, bell=outcome.bell)

    def back(self) -> Outcome:
        self._advice_until = None
        return self._do(lambda s, now: s.back(now))

    def pause(self) -> Outcome:
        return self._do(lambda s, now: s.toggle_pause(now))

    def adjust(self, delta: int) -> Outcome:
        """One minute more or less: for the silent reflection while one runs (within
        one to three minutes), else for the step."""

        def change(session: Session, now: float) -> None:
            if session.reflection is not None:
                session.adjust_reflection(delta)
            else:
                session.adjust(delta, now)

        return self._do(change)

    def reflect(self) -> Outcome:
        """Start a silent reflection inside this step (two minutes; + and - change it),
        or end the one under way. Its countdown takes the big clock's place; the step's
        clock runs on beneath it. Recorded with the step."""

        def toggle(session: Session, now: float) -> None:
            if session.reflection is not None:
                session.end_reflection(now)
            else:
                session.start_reflection(now, REFLECTION_SECONDS)

        return self._do(toggle)

    @property
    def reflecting(self) -> bool:
        session = self.runner.session
        return session is not None and session.reflection is not None

    def rebalance_draft(self) -> RebalanceDraft | Outcome:
        """The proposal to share the time left, for the facilitator to confirm; or,
        when there is nothing to share, the outcome that says why."""
        session = self.runner.session
        if session is None or self.record_path is not None:
            return NOTHING
        try:
            plan = session.rebalance(self.runner.now())
        except EngineError as exc:
            return Outcome(warning=str(exc))
        titles = {(s.phase_id, s.subject): s.title for s in session.steps}
        shares: dict[str, list[tuple[str, int, int]]] = {}
        for change in plan.changes:
            title = titles.get((change.phase_id, change.subject), change.phase_id)
            shares.setdefault(change.subject or "", []).append((title, change.before, change.after))
        return RebalanceDraft(
            shares=tuple(
                RebalanceShare(
                    who, sum(row[1] for row in rows), sum(row[2] for row in rows), tuple(rows)
                )
                for who, rows in shares.items()
            ),
            over_before=frames.ahead_behind_text(plan.over_before),
            over_after=frames.ahead_behind_text(plan.over_after),
            reachable=plan.reachable,
            plan=plan,
        )

    def rebalance(self, draft: RebalanceDraft) -> Outcome:
        """Apply the shares the facilitator saw, as adjustments of those steps."""
        return self._do(lambda s, now: s.apply_rebalance(draft.plan))

    def insert_break(self, seconds: int = BREAK_SECONDS) -> Outcome:
        """A break after the current step, with its own countdown: ``n`` starts it, and
        + and - change its length once it runs. Recorded as a step of kind ``break``."""
        return self._do(lambda s, now: s.insert_break(now, seconds))

    def tally(self, number: int) -> Outcome:
        """Count a question for member ``number`` (1-based, as on the keys; the same
        number for a member in every turn), or, just after ``u``, take one back."""
        session = self.runner.session
        if session is None:
            return NOTHING
        taking_back = self._take_back_until is not None and self.runner.now() < (
            self._take_back_until
        )
        self._take_back_until = None
        numbered = dict(session.numbered())
        name = numbered.get(number)
        if name is None:
            return Outcome(
                warning=_("There is no supporter {number} in this turn.").format(number=number)
            )
        if name == session.presenter:
            return Outcome(
                warning=_("{name} is presenting: their questions are not counted.").format(
                    name=name
                )
            )
        if taking_back:
            return self._do(lambda s, now: s.untally_question(name))
        return self._do(lambda s, now: s.tally_question(name))

    def take_back(self) -> Outcome:
        """``u``: the next supporter's number (within a few seconds) takes one of their
        questions back, for a number pressed in error."""
        if not self.applies("take_back"):
            return NOTHING
        self._take_back_until = self.runner.now() + TAKE_BACK_SECONDS
        return Outcome(warning=_("Take back a question: press the supporter's number."))

    def advice(self) -> Outcome:
        def remind(session: Session, now: float) -> None:
            session.advice_reminder()
            self._advice_until = now + ADVICE_SECONDS

        return self._do(remind)

    def action_draft(self, action_id: str | None = None) -> ActionDraft | None:
        """The form's starting point: a new action for the presenter, or one to edit."""
        session = self.runner.session
        if session is None or (session.finished and action_id is None):
            return None
        if action_id is None:
            owner = session.presenter or (session.present or session.record.members)[0]
            return ActionDraft(owner, "", None)
        action = next((a for a in session.record.actions if a.id == action_id), None)
        return ActionDraft(action.owner, action.text, action.due) if action else None

    def owners(self) -> list[str]:
        """Who can own an action: the present first, then the others."""
        record = self._session.record
        present = record.present
        return present + [m for m in record.members if m not in present]

    def add_action(self, draft: ActionDraft) -> Outcome:
        return self._do(lambda s, now: s.add_action(draft.owner, draft.text, now, draft.due))

    def edit_action(self, action_id: str, draft: ActionDraft) -> Outcome:
        return self._do(
            lambda s, now: s.edit_action(
                action_id,
                text=draft.text,
                owner=draft.owner,
                due=draft.due,
                clear_due=draft.due is None,
            )
        )

    def remove_action(self, action_id: str) -> Outcome:
        return self._do(lambda s, now: s.remove_action(action_id))

    def update_draft(self, action_id: str) -> UpdateDraft | None:
        session = self.runner.session
        if session is None:
            return None
        action = next((a for a in session.open_actions if a.id == action_id), None)
        if action is None:
            return None
        update = session.update_for(action.id)
        return UpdateDraft(
            action.owner,
            action.text,
            update.status if update else None,
            update.note if update else "",
        )

    def update_status(self, action_id: str, status: UpdateStatus, note: str = "") -> Outcome:
        return self._do(lambda s, now: s.record_update(action_id, status, now, note))

    def attendance(self, name: str) -> Outcome:
        """Present, then apologies, then absent, then present again."""

        def cycle(session: Session, now: float) -> None:
            status = session.record.attendance.get(name, "present")
            session.set_attendance(name, ATTENDANCE_CYCLE[status])

        return self._do(cycle)

    def toggle_presenter(self, name: str) -> Outcome:
        def toggle(session: Session, now: float) -> None:
            presenters = list(session.record.presenters)
            if name in presenters:
                presenters.remove(name)
            else:
                presenters.append(name)
            session.set_presenters(presenters)

        return self._do(toggle)

    def move_presenter(self, name: str, delta: int) -> Outcome:
        """Present earlier (``delta`` -1) or later (+1); at either end nothing moves."""
        session = self.runner.session
        if session is None or name not in session.record.presenters:
            return NOTHING
        presenters = list(session.record.presenters)
        i = presenters.index(name)
        j = i + delta
        if not 0 <= j < len(presenters):
            return NOTHING
        presenters[i], presenters[j] = presenters[j], presenters[i]
        return self._do(lambda s, now: s.set_presenters(presenters))

    def can_add_insight(self) -> bool:
        session = self.runner.session
        return session is not None and session.presenter is not None

    def insight(self, text: str) -> Outcome:
        if not text.strip() or not self.can_add_insight():
            return NOTHING
        return self._do(lambda s, now: s.add_insight(text))

    def _insights(self) -> list[str] | None:
        """The insights of the turn on now, as the record holds them (None: no turn)."""
        session = self.runner.session
        if session is None or session.presenter is None:
            return None
        turn = next((t for t in session.record.turns if t.presenter == session.presenter), None)
        return turn.insights if turn is not None else []

    def insight_text(self, index: int) -> str | None:
        """The insight ``index`` of this turn, for the form that edits it."""
        insights = self._insights()
        return insights[index] if insights is not None and 0 <= index < len(insights) else None

    def edit_insight(self, index: int, text: str) -> Outcome:
        """The insight ``index`` of this turn, in new words (none: it is removed)."""
        if not text.strip():
            return self.remove_insight(index)
        return self._replace(self._insights, index, text)

    def remove_insight(self, index: int) -> Outcome:
        return self._replace(self._insights, index, None)

    def _learnings(self) -> list[str] | None:
        session = self.runner.session
        return session.record.evaluation.learnings if session is not None else None

    def learning_text(self, index: int) -> str | None:
        learnings = self._learnings()
        return learnings[index] if learnings is not None and 0 <= index < len(learnings) else None

    def edit_learning(self, index: int, text: str) -> Outcome:
        """The learning ``index`` in new words (none: it is removed)."""
        if not text.strip():
            return self.remove_learning(index)
        return self._replace(self._learnings, index, text)

    def remove_learning(self, index: int) -> Outcome:
        return self._replace(self._learnings, index, None)

    def _replace(
        self, items: Callable[[], list[str] | None], index: int, text: str | None
    ) -> Outcome:
        """Item ``index`` of a list of typed lines replaced by ``text`` (None: taken
        out), as one transaction. The list is looked up inside it, so a line that is no
        longer there (the step moved on) changes nothing."""

        def change(session: Session, now: float) -> None:
            lines = items()
            if lines is None or not 0 <= index < len(lines):
                raise EngineError(_("that line is no longer there"))
            if text is None:
                del lines[index]
                return
            cleaned = drop_controls(text).strip()  # typed or pasted: never an escape
            if cleaned:
                lines[index] = cleaned

        return self._do(change)

    def ratings_draft(self, index: int) -> RatingsDraft | None:
        session = self.runner.session
        if session is None or not 0 <= index < len(session.record.evaluation.ratings):
            return None
        ratings = session.record.evaluation.ratings[index]
        return RatingsDraft(
            ratings.question, ratings.scale, len(session.present), tuple(ratings.scores)
        )

    def ratings(self, index: int, scores: list[int]) -> Outcome:
        return self._do(lambda s, now: s.set_ratings(index, scores))

    def learning(self, text: str) -> Outcome:
        if not text.strip():
            return NOTHING
        return self._do(lambda s, now: s.add_learning(text))

    def set_curtain(self, shown: bool) -> Outcome:
        """The curtain up or down: kept here and in the autosave (its ``curtain``), so
        the members' screen goes black with the console within its next second."""
        if self.runner.session is None or self.curtain == shown:
            return NOTHING
        self.curtain = shown
        self.runner.curtain = shown
        now, wall = self._read()
        return Outcome(changed=True, save_error=self.runner.save(now, wall))

    def toggle_display(self) -> Outcome:
        """The private panels shown (``console``) or hidden (``members``)."""
        self.display = "members" if self.display == "console" else "console"
        return Outcome(changed=True)

    def toggle_wall(self) -> Outcome:
        """The wall view on or off: only what the back of the room must read."""
        self.wall = not self.wall
        return Outcome(changed=True)

    # --- time -------------------------------------------------------------------------

    def tick(self) -> Outcome:
        """The view's timer: autosave when due, auto-advance, and the bell."""
        session = self.runner.session
        if session is None:
            return NOTHING
        now, wall = self._read()
        error = self.runner.tick(now, wall)
        reflecting = session.reflection is not None
        if self.record_path is None and not session.finished and session.tick(now):
            outcome = self._after(session, now, wall, True, self.runner.save(now, wall))
            if reflecting and session.reflection is None:  # the silence is over: a bell
                return replace(outcome, bell=self.runner.config.bell)
            return outcome
        return self._after(session, now, wall, False, error)

    def next_wake(self) -> float:
        """Seconds until the countdown shows another second (at most ``TICK_SECONDS``).

        Counting down the shown figure is the remaining time rounded up, in overtime
        the overtime rounded down: either way it changes when the remaining time
        crosses a whole second, ``remaining % 1`` from now.
        """
        session = self.runner.session
        if session is None or session.finished or session.paused:
            return TICK_SECONDS
        now = self.runner.now()
        left = session.reflection_remaining(now)  # a reflection's countdown is shown
        delay = (session.view(now).remaining if left is None else left) % 1.0 or 1.0
        if self._advice_until is not None:
            delay = min(delay, self._advice_until - now)
        return min(TICK_SECONDS, max(WAKE_MIN, delay + WAKE_LATE))

    # --- what the view shows ----------------------------------------------------------

    @property
    def members_only(self) -> bool:
        return self.display == "members"

    def frame(self) -> frames.Frame:
        """What changes only when the facilitator acts."""
        path = self.runner.record_file()
        unread = len(self.runner.skipped)
        return frames.frame(
            self._session, str(path or ""), self.members_only, unread, wall=self.wall
        )

    def record_details(self) -> tuple[Path | None, tuple[tuple[str, tuple[str, ...]], ...]]:
        """Where the record is (or will be) written, and who was present, sent
        apologies or was absent: for the facilitator alone (the palette, the terminal
        after the console closes), never on the wall."""
        session = self.runner.session
        if session is None:
            return self.record_path, ()
        record = session.record
        rows = []
        for status in frames.ATTENDANCE_ORDER:
            names = tuple(
                m for m in record.members if record.attendance.get(m, "present") == status
            )
            if names:
                rows.append((status, names))
        return self.record_path or self.runner.record_file(), tuple(rows)

    def ticker(self) -> frames.Ticker:
        """What moves with the clock, now (an outcome carries its own)."""
        session = self._session
        now, wall = self._read()
        return self._ticker(session, session.view(now), now, wall)

    def _ticker(
        self, session: Session, view: SessionView, now: float, wall: datetime
    ) -> frames.Ticker:
        if self._advice_until is not None and now >= self._advice_until:
            self._advice_until = None
        error = None if self.members_only else self.runner.save_error
        return frames.ticker(
            session,
            view,
            wall,
            self.tz,
            advice=self._advice_until is not None,
            save_error=error,
            reflection=session.reflection_remaining(now),
        )

    # --- leaving ----------------------------------------------------------------------

    def save(self) -> str | None:
        """Try once more to write the latest state; the reason if it failed."""
        if self.runner.session is None or self.record_path is not None:
            return None
        now, wall = self._read()
        return self.runner.save(now, wall)

    def unsaved(self) -> str | None:
        """What is not on disk, said plainly, or None when everything is."""
        if not self.runner.unsaved:
            return None
        saved = self.runner.saved_at
        error = self.runner.save_error
        if saved is None:
            return _("the whole session is not saved ({error})").format(error=error)
        return _("everything since {time} is not saved ({error})").format(
            time=f"{saved.astimezone(self.tz):%H:%M:%S}", error=error
        )

    def save_copy(self, folder: Path) -> Outcome:
        """Write the session to a folder the facilitator names, when the usual one fails."""
        if self.runner.session is None:
            return NOTHING
        try:
            path = self.runner.save_copy(folder)
        except StoreError as exc:
            return Outcome(
                warning=_("Not written there either: {error}").format(error=exc),
                save_error=str(exc),
            )
        self.copy_path = path
        return Outcome(warning=_("The session was written to {path}").format(path=path))


def day_and_time(moment: datetime) -> str:
    """``Fri 27 Nov 14:00`` in the run's language (Babel's CLDR names off English)."""
    code = primary_code(current())
    if code == "en":
        return f"{moment:%a %d %b %H:%M}"
    from babel.dates import format_datetime  # only off English: Babel is slow to load

    pattern = "EEE d MMM HH:mm"  # i18n: not text (a CLDR pattern)
    return format_datetime(moment, pattern, locale=code)

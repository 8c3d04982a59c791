"""What each phase adds under the countdown.

A panel is given the session (attributes down) and posts a message when the
facilitator asks for something (messages up); the screen turns those into engine
calls, saves, and gives the panel the new state. Names and texts from files are
always shown literally: as Text, never markup, and through ``esc`` (control
characters escaped, :func:`alfacil.text.escape_controls`). Columns of names are
padded by the cells a name takes on screen (``pad``), not by its length.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from alfacil.durations import format_duration
from alfacil.engine import Session
from alfacil.records import Attendance
from alfacil.text import escape_controls as esc

ATTENDANCE_CYCLE: dict[Attendance, Attendance] = {
    "present": "apologies",
    "apologies": "absent",
    "absent": "present",
}
STATUS_SHOWN = {"done": "done", "partly": "partly", "not_yet": "not yet", "dropped": "dropped"}


class PanelMessage(Message):
    """Something the facilitator asked for in a panel."""

    def __init__(self, key: str = "", delta: int = 0) -> None:
        super().__init__()
        self.key = key
        self.delta = delta


class CycleAttendance(PanelMessage):
    """``key`` is the member's name."""


class TogglePresenter(PanelMessage):
    """``key`` is the member's name."""


class MovePresenter(PanelMessage):
    """``key`` is the presenter's name, ``delta`` -1 (earlier) or +1 (later)."""


class EditUpdate(PanelMessage):
    """``key`` is the id of an open action."""


class EditAction(PanelMessage):
    """``key`` is the id of an action of this session."""


class RemoveAction(PanelMessage):
    """``key`` is the id of an action of this session."""


class AddInsight(PanelMessage):
    pass


class EditRatings(PanelMessage):
    """``delta`` is the index of the evaluation question."""


class AddLearning(PanelMessage):
    pass


class RowList(OptionList):
    """An option list whose rows are rebuilt from state, keeping the highlight."""

    def set_rows(self, rows: Iterable[tuple[str, Text]]) -> None:
        keep = self.highlighted
        self.clear_options()
        self.add_options([Option(text, id=key) for key, text in rows])
        if self.option_count:
            self.highlighted = min(keep or 0, self.option_count - 1)

    def current_key(self) -> str | None:
        option = self.highlighted_option
        return option.id if option is not None else None


class MemberList(RowList):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Attendance"),
        Binding("r", "presenter", "Presenter on/off"),
        Binding("left_square_bracket", "move(-1)", "Earlier", key_display="["),
        Binding("right_square_bracket", "move(1)", "Later", key_display="]"),
    ]

    def action_presenter(self) -> None:
        key = self.current_key()
        if key is not None:
            self.post_message(TogglePresenter(key))

    def action_move(self, delta: int) -> None:
        key = self.current_key()
        if key is not None:
            self.post_message(MovePresenter(key, delta))


class ActionList(RowList):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Edit"),
        Binding("x,delete", "remove", "Remove"),
        Binding("i", "insight", "Insight"),
    ]

    def action_remove(self) -> None:
        key = self.current_key()
        if key is not None:
            self.post_message(RemoveAction(key))

    def action_insight(self) -> None:
        self.post_message(AddInsight())


class UpdateList(RowList):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "select", "Give status")]


class QuestionList(RowList):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Ratings"),
        Binding("l", "learning", "Learning"),
    ]

    def action_learning(self) -> None:
        self.post_message(AddLearning())


class PhasePanel(Vertical):
    """Base: a panel shows the state of the session for one kind of phase."""

    can_focus = False

    def __init__(self, session: Session, now: float, classes: str) -> None:
        super().__init__(classes=classes)
        self.session = session
        self.now = now
        self.ready = False  # True once composed and filled

    def on_mount(self) -> None:
        self.update_state(self.session)
        self.update_time(self.session, self.now)
        self.ready = True
        self.focus_first()

    def update_state(self, session: Session) -> None:
        """The session changed (or the panel is new)."""

    def update_time(self, session: Session, now: float) -> None:
        """The shown second changed."""

    def focus_first(self) -> None:
        for widget in self.query(RowList):
            widget.focus()
            return


def hint(*keys: tuple[str, str]) -> Static:
    """The keys of this phase, in the panel (the footer keeps to the essentials)."""
    text = Text()
    for i, (key, label) in enumerate(keys):
        if i:
            text.append("   ")
        text.append(key, style="bold")
        text.append(f" {label}")
    return Static(text, classes="hint")


def pad(name: str, width: int) -> str:
    """``name`` (shown) and spaces up to ``width`` terminal cells: a CJK or emoji name
    takes two cells a character, a combining accent none, so ``ljust`` misaligns."""
    text = esc(name)
    return text + " " * max(0, width - cell_len(text))


def _bold(text: str) -> Text:
    return Text(text, style="bold")


class CheckinPanel(PhasePanel):
    def compose(self) -> ComposeResult:
        yield Static(id="checkin-summary")
        yield MemberList(id="members")
        yield hint(("⏎", "attendance"), ("r", "presenter"), ("[ ]", "order"))

    def update_state(self, session: Session) -> None:
        record = session.record
        summary = Text()
        summary.append("Facilitator ", style="dim")
        summary.append(esc(record.facilitator), style="bold")
        summary.append("   Presenting today ", style="dim")
        summary.append(esc(", ".join(record.presenters)) or "nobody yet", style="bold")
        planned = record.planned_seconds
        agreed = record.agreed_seconds
        summary.append("\nPlan ", style="dim")
        summary.append(format_duration(planned), style="bold")
        summary.append(" against the agreed ", style="dim")
        summary.append(format_duration(agreed), style="bold")
        if planned > agreed:
            summary.append(f"  ({format_duration(planned - agreed)} over)", style="bold yellow")
        elif planned < agreed:
            summary.append(f"  ({format_duration(agreed - planned)} to spare)", style="dim")
        self.query_one("#checkin-summary", Static).update(summary)
        width = max((cell_len(esc(m)) for m in record.members), default=4) + 2
        rows = []
        for name in record.members:
            status = record.attendance.get(name, "present")
            row = Text(pad(name, width))
            row.append(status.ljust(11), style="bold" if status == "present" else "dim")
            if name in record.presenters:
                row.append(f"presents {record.presenters.index(name) + 1}", style="bold")
            rows.append((name, row))
        self.query_one(MemberList).set_rows(rows)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.post_message(CycleAttendance(event.option.id))


class GroundRulesPanel(PhasePanel):
    def compose(self) -> ComposeResult:
        yield Static(id="rules")

    def update_state(self, session: Session) -> None:
        text = Text()
        for i, rule in enumerate(session.config.ground_rules.items):
            if i:
                text.append("\n")
            text.append("•  ", style="dim")
            text.append(esc(rule), style="bold")
        self.query_one("#rules", Static).update(text)


class UpdatesPanel(PhasePanel):
    def compose(self) -> ComposeResult:
        yield Static(id="updates-head")
        yield UpdateList(id="updates")
        yield hint(("⏎", "gives a status"))

    def update_state(self, session: Session) -> None:
        owner = session.step.subject or ""
        head = Text()
        head.append(esc(owner), style="bold")
        head.append(" reports back on their actions", style="dim")
        # Session files `start` could not read (listed on the terminal): their actions
        # may be missing here, and the room must know. (Read from the app's runner
        # until the console controller carries it.)
        unread = len(getattr(getattr(self.app, "runner", None), "skipped", ()))
        if unread:
            head.append(
                f"\nWarning: {unread} earlier session file(s) could not be read: "
                "some earlier actions may be missing",
                style="bold yellow",
            )
        self.query_one("#updates-head", Static).update(head)
        rows = []
        for action in session.actions_of(owner):
            update = session.update_for(action.id)
            row = Text()
            shown = STATUS_SHOWN[update.status] if update else "…"
            row.append(f"{shown:<9}", style="bold" if update else "dim")
            row.append(esc(action.text))
            if action.due:
                row.append(f"  (due {action.due.isoformat()})", style="dim")
            if update and update.note:
                row.append(f"  — {esc(update.note)}", style="italic")
            rows.append((action.id, row))
        self.query_one(UpdateList).set_rows(rows)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.post_message(EditUpdate(event.option.id))


class PresentingPanel(PhasePanel):
    def compose(self) -> ComposeResult:
        yield Static(id="presenting")

    def update_state(self, session: Session) -> None:
        text = Text()
        text.append(esc(session.presenter or ""), style="bold")
        text.append(" presents.  ", style="dim")
        text.append("Listen to understand, not to reply.", style="bold")
        self.query_one("#presenting", Static).update(text)


def tally_bar(count: int, most: int, width: int) -> str:
    if count <= 0 or most <= 0:
        return ""
    return "■" * max(1, round(count * width / max(most, width)))


class QuestioningPanel(PhasePanel):
    _prompt: str | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="prompt")
        yield Static(id="tally")
        yield hint(("1-9", "count a question"), ("!", "advice reminder"))

    def update_state(self, session: Session) -> None:
        presenter = session.presenter or ""
        turn = next((t for t in session.record.turns if t.presenter == presenter), None)
        questions = turn.questions if turn else {}
        supporters = session.supporters()
        most = max(questions.values(), default=0)
        width = max((cell_len(esc(s)) for s in supporters), default=4) + 1
        text = Text()
        for i, name in enumerate(supporters[:9]):
            count = questions.get(name, 0)
            if i:
                text.append("\n")
            text.append(f"{i + 1} ", style="bold")
            text.append(pad(name, width))
            text.append(f"{count:>3} ", style="bold")
            text.append(tally_bar(count, most, 20), style="cyan")
        if len(supporters) > 9:
            text.append(f"\n(+{len(supporters) - 9} more, not counted by key)", style="dim")
        if turn and turn.advice_reminders:
            text.append(f"\nadvice reminders: {turn.advice_reminders}", style="dim")
        self.query_one("#tally", Static).update(text)

    def update_time(self, session: Session, now: float) -> None:
        prompts = session.config.questioning.prompts
        if not prompts:
            return
        elapsed = session.view(now).elapsed
        prompt = prompts[int(elapsed // 30) % len(prompts)]
        if prompt == self._prompt:
            return  # asked every second; the prompt changes every 30
        self._prompt = prompt
        text = Text()
        text.append("Open questions, not advice.  ", style="bold")
        text.append("For example: ", style="dim")
        text.append(esc(prompt), style="italic")
        self.query_one("#prompt", Static).update(text)


class SummingUpPanel(PhasePanel):
    def compose(self) -> ComposeResult:
        yield Static(id="summing-head")
        yield ActionList(id="actions")
        yield hint(("⏎", "edit"), ("x", "remove"), ("i", "insight"))
        yield Static(id="insights")

    def update_state(self, session: Session) -> None:
        presenter = session.presenter or ""
        head = Text()
        head.append(esc(presenter), style="bold")
        head.append(" sums up.  ", style="dim")
        head.append("a", style="bold")
        head.append(" adds an action", style="dim")
        if not session.record.actions:
            head.append("  (none yet)", style="dim")
        self.query_one("#summing-head", Static).update(head)
        rows = []
        for action in session.record.actions:
            row = Text()
            row.append(esc(action.owner), style="bold")
            row.append(": ")
            row.append(esc(action.text))
            if action.due:
                row.append(f"  (by {action.due.isoformat()})", style="dim")
            rows.append((action.id, row))
        self.query_one(ActionList).set_rows(rows)
        turn = next((t for t in session.record.turns if t.presenter == presenter), None)
        insights = Text()
        for insight in turn.insights if turn else []:
            insights.append("insight: ", style="dim")
            insights.append(esc(insight) + "\n")
        self.query_one("#insights", Static).update(insights)

    def focus_first(self) -> None:
        self.query_one(ActionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.post_message(EditAction(event.option.id))


class EvaluationPanel(PhasePanel):
    def compose(self) -> ComposeResult:
        yield Static(id="evaluation-head")
        yield QuestionList(id="questions")
        yield Static(id="learnings")

    def update_state(self, session: Session) -> None:
        evaluation = session.record.evaluation
        head = Text("Enter rates the highlighted question; l adds a learning; n skips.", "dim")
        self.query_one("#evaluation-head", Static).update(head)
        rows = []
        for i, ratings in enumerate(evaluation.ratings):
            row = Text()
            row.append(esc(ratings.question))
            if ratings.scores:
                avg = ratings.average or 0.0
                row.append(f"   {avg:.1f} of {ratings.scale}", style="bold")
                row.append(f" from {len(ratings.scores)}", style="dim")
            else:
                row.append("   not rated", style="dim")
            rows.append((str(i), row))
        self.query_one(QuestionList).set_rows(rows)
        learnings = Text()
        for line in evaluation.learnings:
            learnings.append("learning: ", style="dim")
            learnings.append(esc(line) + "\n")
        self.query_one("#learnings", Static).update(learnings)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.post_message(EditRatings(delta=int(event.option.id)))


def close_summary(session: Session) -> Text:
    """Actions by owner, attendance, then planned against actual per step: the short
    parts first, so a small screen cuts (and scrolls) only the timings."""
    record = session.record
    text = Text()
    text.append("Actions", style="bold underline")
    owners: dict[str, list[str]] = {}
    for action in record.actions:
        due = f" (by {action.due.isoformat()})" if action.due else ""
        owners.setdefault(action.owner, []).append(esc(action.text) + due)
    if not owners:
        text.append("  none committed today", style="dim")
    for owner, texts in owners.items():
        text.append(f"\n  {esc(owner)}: ", style="bold")
        text.append("; ".join(texts))
    text.append("\nAttendance", style="bold underline")
    for status in ("present", "apologies", "absent"):
        names = [m for m in record.members if record.attendance.get(m, "present") == status]
        if names:
            text.append(f"  {status}: ", style="dim")
            text.append(esc(", ".join(names)))
    text.append("\nTime, planned / actual", style="bold underline")
    for i, step in enumerate(record.steps):
        if step.status == "pending":
            continue
        who = f" · {step.subject}" if step.subject else ""
        text.append(f"\n  {esc(step.title + who)}: ")
        planned = format_duration(step.adjusted_seconds)
        if i == session.current and not session.finished:
            text.append(f"{planned} / under way", style="bold")
            continue
        text.append(f"{planned} / {format_duration(step.actual_seconds)}", style="bold")
        if step.overtime_seconds >= 1:
            text.append(f"  +{format_duration(step.overtime_seconds)}", style="yellow")
    return text


def close_hint(record_path: str) -> Text:
    """Always on show above the summary: what n does, and where the record goes."""
    text = Text()
    text.append("n", style="bold reverse")
    text.append(" saves the record and ends the session: ", style="bold")
    text.append(esc(record_path))
    return text


class ClosePanel(PhasePanel):
    def __init__(self, session: Session, now: float, classes: str, record_path: str) -> None:
        super().__init__(session, now, classes)
        self.record_path = record_path

    def compose(self) -> ComposeResult:
        yield Static(close_hint(self.record_path), id="close-hint")
        with VerticalScroll(id="summary-box"):
            yield Static(id="summary")

    def update_state(self, session: Session) -> None:
        self.query_one("#summary", Static).update(close_summary(session))

    def focus_first(self) -> None:
        self.query_one("#summary-box", VerticalScroll).focus()


class GenericPanel(PhasePanel):
    def compose(self) -> ComposeResult:
        yield Static(id="generic")


PANELS: dict[str, type[PhasePanel]] = {
    "checkin": CheckinPanel,
    "ground_rules": GroundRulesPanel,
    "updates": UpdatesPanel,
    "presenting": PresentingPanel,
    "questioning": QuestioningPanel,
    "summing_up": SummingUpPanel,
    "evaluation": EvaluationPanel,
    "close": ClosePanel,
}


def panel_for(session: Session, now: float, record_path: str = "") -> PhasePanel:
    """The panel of the current step; ``record_path`` is where the record will go."""
    kind = session.step.kind
    classes = f"phase-panel phase-{kind}"
    if kind == "close":
        return ClosePanel(session, now, classes, record_path)
    return PANELS.get(kind, GenericPanel)(session, now, classes=classes)

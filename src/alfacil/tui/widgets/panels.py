"""What each phase adds under the countdown.

A panel is given its part of the console's frame (``data``, values down) and its
lists post typed messages when the facilitator asks for something (messages up); the
session screen turns those into console intents. Names and texts from files are
always shown literally: as Text, never markup, and through ``esc`` (control
characters escaped, :func:`alfacil.text.escape_controls`). Columns of names are
padded by the cells a name takes on screen (``pad``), not by its length.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar, Generic, TypeVar

from rich.cells import cell_len
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.css.scalar import Scalar
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from alfacil.durations import format_duration
from alfacil.frames import (
    BreakData,
    CheckinData,
    CloseData,
    EvaluationData,
    OtherData,
    PanelData,
    PresentingData,
    QuestioningData,
    RulesData,
    SummingUpData,
    UpdatesData,
)
from alfacil.i18n import N_, _, ngettext
from alfacil.text import escape_controls as esc
from alfacil.tui.keys import Key, Where, of
from alfacil.tui.widgets.chrome import update_in_place
from alfacil.tui.widgets.hanging import Hanging, Item, hanging_lines
from alfacil.tui.words import speak

STATUS_SHOWN = {
    "done": N_("done"),
    "partly": N_("partly"),
    "not_yet": N_("not yet"),
    "dropped": N_("dropped"),
}
HEADING = "bold underline"  # i18n: not text (a style)
#: Attendance as the check-in list and the close summary say it (the record keeps the
#: English keys).
ATTENDANCE_SHOWN = {"present": N_("present"), "apologies": N_("apologies"), "absent": N_("absent")}


def pad(name: str, width: int) -> str:
    """``name`` (shown) and spaces up to ``width`` terminal cells: a CJK or emoji name
    takes two cells a character, a combining accent none, so ``ljust`` misaligns."""
    text = esc(name)
    return text + " " * max(0, width - cell_len(text))


def bindings(where: Where) -> list[BindingType]:
    """The ``Binding`` objects of one place, from the key table."""
    return [binding(k) for k in of(where)]


def binding(key: Key) -> Binding:
    return Binding(key.keys, key.action, key.label, show=key.show, key_display=key.key_display)


class RowList(OptionList):
    """An option list whose rows are rebuilt from state, keeping the highlight."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        speak(self)

    def set_rows(self, rows: Iterable[tuple[str, Text]]) -> None:
        keep = self.highlighted
        self.clear_options()
        self.add_options([Option(text, id=key) for key, text in rows])
        if self.option_count:
            self.highlighted = min(keep or 0, self.option_count - 1)
        self.call_after_refresh(self._cap)

    def on_resize(self) -> None:
        self._cap()

    def _cap(self) -> None:
        """The list takes the room its panel has left (``height: 1fr``, so a long list
        scrolls inside the panel with its highlighted row in view, and the keys under
        it stay shown), but never more than its rows: a short list leaves the rest
        of the screen to the countdown."""
        width = self.scrollable_content_region.width or self.size.width
        if width <= 0:
            return
        rows = self.get_content_height(self.size, self.size, width)
        if self.styles.max_height != Scalar.from_number(max(1, rows)):
            self.styles.max_height = max(1, rows)

    def current_key(self) -> str | None:
        option = self.highlighted_option
        return option.id if option is not None else None

    def chosen(self, key: str) -> Message | None:
        """The message Enter on the row ``key`` sends, if any."""
        return None

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        message = self.chosen(event.option.id) if event.option.id is not None else None
        if message is not None:
            self.post_message(message)


class MemberList(RowList):
    BINDINGS: ClassVar[list[BindingType]] = bindings("members")

    class Attendance(Message):
        """Present, apologies, absent: the next for this member."""

        def __init__(self, name: str) -> None:
            super().__init__()
            self.name = name

    class Presenter(Message):
        """This member presents today, or no longer does."""

        def __init__(self, name: str) -> None:
            super().__init__()
            self.name = name

    class Move(Message):
        """This presenter presents earlier (``delta`` -1) or later (+1)."""

        def __init__(self, name: str, delta: int) -> None:
            super().__init__()
            self.name = name
            self.delta = delta

    def chosen(self, key: str) -> Message:
        return self.Attendance(key)

    def action_presenter(self) -> None:
        key = self.current_key()
        if key is not None:
            self.post_message(self.Presenter(key))

    def action_move(self, delta: int) -> None:
        key = self.current_key()
        if key is not None:
            self.post_message(self.Move(key, delta))


#: Row keys of typed lines kept beside the actions and the questions: "insight:2".
INSIGHT, LEARNING = "insight:", "learning:"  # i18n: not text (row ids)


def line_index(key: str, prefix: str) -> int | None:
    """The index in a row key ``prefix`` + number, or None for another kind of row."""
    if key.startswith(prefix) and key[len(prefix) :].isdigit():
        return int(key[len(prefix) :])
    return None


class ActionList(RowList):
    """The session's actions, then this turn's insights: Enter edits the row, x
    removes it (after asking)."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("actions")

    class Edit(Message):
        def __init__(self, action_id: str) -> None:
            super().__init__()
            self.action_id = action_id

    class Remove(Message):
        def __init__(self, action_id: str) -> None:
            super().__init__()
            self.action_id = action_id

    class Insight(Message):
        """The presenter says what they see now."""

    class EditInsight(Message):
        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    class RemoveInsight(Message):
        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def chosen(self, key: str) -> Message:
        index = line_index(key, INSIGHT)
        return self.Edit(key) if index is None else self.EditInsight(index)

    def action_remove(self) -> None:
        key = self.current_key()
        if key is None:
            return
        index = line_index(key, INSIGHT)
        self.post_message(self.Remove(key) if index is None else self.RemoveInsight(index))

    def action_insight(self) -> None:
        self.post_message(self.Insight())


class UpdateList(RowList):
    BINDINGS: ClassVar[list[BindingType]] = bindings("updates")

    class Status(Message):
        """Give the status of this open action."""

        def __init__(self, action_id: str) -> None:
            super().__init__()
            self.action_id = action_id

    def chosen(self, key: str) -> Message:
        return self.Status(key)


class QuestionList(RowList):
    """The evaluation's questions, then the learnings: Enter rates a question or edits
    a learning, x removes a learning (after asking)."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("questions")

    class Rate(Message):
        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    class Learning(Message):
        """A learning about the set's process."""

    class EditLearning(Message):
        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    class RemoveLearning(Message):
        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def chosen(self, key: str) -> Message:
        index = line_index(key, LEARNING)
        return self.Rate(int(key)) if index is None else self.EditLearning(index)

    def action_learning(self) -> None:
        self.post_message(self.Learning())

    def action_remove(self) -> None:
        index = line_index(self.current_key() or "", LEARNING)
        if index is not None:
            self.post_message(self.RemoveLearning(index))


D = TypeVar("D", bound=PanelData)


class PhasePanel(Vertical, Generic[D]):
    """Base: a panel shows its part of the frame for one kind of phase."""

    can_focus = False
    data: reactive[PanelData | None] = reactive(None, init=False, repaint=False)

    def __init__(self, data: D, classes: str) -> None:
        super().__init__(classes=classes)
        self.set_reactive(PhasePanel.data, data)

    def on_mount(self) -> None:
        if self.data is not None:
            self.show(self.data)  # type: ignore[arg-type]
        self.focus_first()

    def watch_data(self, data: PanelData | None) -> None:
        if data is not None and self.is_mounted:
            self.show(data)  # type: ignore[arg-type]

    def show(self, data: D) -> None:
        """Paint ``data`` (the panel is new, or the session changed)."""

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
        text.append(f" {_(label)}")
    return Static(text, classes="hint")


class CheckinPanel(PhasePanel[CheckinData]):
    def compose(self) -> ComposeResult:
        yield Static(id="checkin-summary")
        yield MemberList(id="members")
        yield hint(("⏎", N_("attendance")), ("r", N_("presenter")), ("[ ]", N_("order")))

    def show(self, data: CheckinData) -> None:
        summary = Text()
        summary.append(_("Facilitator") + " ", style="dim")
        summary.append(esc(data.facilitator), style="bold")
        summary.append("   " + _("Presenting today") + " ", style="dim")
        summary.append(esc(", ".join(data.presenters)) or _("nobody yet"), style="bold")
        planned, agreed = data.planned, data.agreed
        summary.append("\n" + _("Plan") + " ", style="dim")
        summary.append(format_duration(planned), style="bold")
        summary.append(" " + _("against the agreed") + " ", style="dim")
        summary.append(format_duration(agreed), style="bold")
        if planned > agreed:
            over = _("({time} over)").format(time=format_duration(planned - agreed))
            summary.append(f"  {over}", style="bold yellow")  # i18n: not text (a style)
        elif planned < agreed:
            spare = _("({time} to spare)").format(time=format_duration(agreed - planned))
            summary.append(f"  {spare}", style="dim")
        self.query_one("#checkin-summary", Static).update(summary)
        width = max((cell_len(esc(m.name)) for m in data.members), default=4) + 2
        shown = {key: _(words) for key, words in ATTENDANCE_SHOWN.items()}
        status_width = max(cell_len(words) for words in shown.values()) + 2
        rows = []
        for member in data.members:
            row = Text(pad(member.name, width))
            present = member.status == "present"
            status = shown.get(member.status, member.status)
            row.append(pad(status, status_width), style="bold" if present else "dim")
            if member.presents is not None:
                presents = _("presents {place}").format(place=member.presents)
                row.append(presents, style="bold")
            rows.append((member.name, row))
        self.query_one(MemberList).set_rows(rows)


class RuleLines(Widget):
    """The ground rules, a bullet each, wrapped under their words. When the panel is
    too short for all of them, the last line says how many more there are (and that
    ``?`` does not hide them: the side panel and the set file have them all), so a
    rule is never dropped without a word."""

    DEFAULT_CSS = """
    RuleLines {
        height: auto;
        max-height: 100%;
    }
    """

    rules: reactive[tuple[str, ...]] = reactive((), layout=True)

    def _items(self) -> list[Item]:
        return [(Text("•  ", style="dim"), Text(esc(rule), style="bold")) for rule in self.rules]

    def _lines(self, width: int) -> list[list[Text]]:
        return hanging_lines(self._items(), width, self.app.console)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return sum(len(lines) for lines in self._lines(width))

    def render(self) -> Text:
        width, height = self.size.width, self.size.height
        per_rule = self._lines(width)
        shown: list[Text] = []
        for i, lines in enumerate(per_rule):
            room = height - len(shown)
            left = len(per_rule) - i
            if len(lines) <= room and (left == 1 or len(lines) < room):
                shown.extend(lines)
                continue
            more = ngettext("… and {n} more rule", "… and {n} more rules", left)
            shown.append(Text(more.format(n=left), style="bold"))
            break
        return Text("\n").join(shown)


class GroundRulesPanel(PhasePanel[RulesData]):
    def compose(self) -> ComposeResult:
        yield RuleLines(id="rules")

    def show(self, data: RulesData) -> None:
        self.query_one(RuleLines).rules = data.rules


class UpdatesPanel(PhasePanel[UpdatesData]):
    def compose(self) -> ComposeResult:
        yield Static(id="updates-head")
        yield UpdateList(id="updates")
        yield hint(("⏎", N_("gives a status")))

    def show(self, data: UpdatesData) -> None:
        head = Text()
        head.append(esc(data.owner), style="bold")
        head.append(" " + _("reports back on their actions"), style="dim")
        # Session files `start` could not read (listed on the terminal): their actions
        # may be missing here, and the room must know.
        if data.unread:
            warning = ngettext(
                "Warning: {n} earlier session file could not be read: "
                "some earlier actions may be missing",
                "Warning: {n} earlier session files could not be read: "
                "some earlier actions may be missing",
                data.unread,
            ).format(n=data.unread)
            head.append("\n" + warning, style="bold yellow")  # i18n: not text (a style)
        self.query_one("#updates-head", Static).update(head)
        rows = []
        width = max(cell_len(_(words)) for words in STATUS_SHOWN.values()) + 2
        for update in data.rows:
            row = Text()
            shown = _(STATUS_SHOWN[update.status]) if update.status else "…"
            row.append(pad(shown, width), style="bold" if update.status else "dim")
            row.append(esc(update.text))
            if update.due:
                due = _("(due {date})").format(date=update.due.isoformat())
                row.append(f"  {due}", style="dim")
            if update.note:
                row.append(f"  — {esc(update.note)}", style="italic")
            rows.append((update.action_id, row))
        self.query_one(UpdateList).set_rows(rows)


class PresentingPanel(PhasePanel[PresentingData]):
    def compose(self) -> ComposeResult:
        yield Static(id="presenting")

    def show(self, data: PresentingData) -> None:
        text = Text()
        text.append(esc(data.presenter), style="bold")
        text.append(" " + _("presents.") + "  ", style="dim")
        text.append(_("Listen to understand, not to reply."), style="bold")
        self.query_one("#presenting", Static).update(text)


def tally_bar(count: int, most: int, width: int) -> str:
    if count <= 0 or most <= 0:
        return ""
    return "■" * max(1, round(count * width / max(most, width)))


#: Supporters in one column of the tally before it flows into more columns: the panel
#: has a third of the height, seven rows at 80x24 (prompt, blank line, three rows of
#: tallies, the advice reminders and the hint). On a tall screen (40 rows and more)
#: the nine digit keys fit in one column.
TALLY_ROWS = 3
TALLY_ROWS_TALL = 9
#: Rows from which a screen is large (the session screen's ``-large`` breakpoint: big
#: letters; here, the tally in one column). One number, so the two cannot drift.
LARGE_ROWS = 40
TALLY_GAP = 3  # cells between columns
TALLY_BAR = 20  # the widest bar
TALLY_BAR_LEAST = 3  # a column narrower than this much bar is not worth it


def tally_text(keyed: list[tuple[int, str, int]], width: int, rows: int) -> Text:
    """The question tally, one supporter a line (``2 Bethan   3 ■■■``); when more than
    ``rows`` supporters, in as many columns as ``width`` holds, down then across, so
    that nobody is cut off the bottom of the panel."""
    most = max((count for _n, _name, count in keyed), default=0)
    names = max((cell_len(esc(name)) for _n, name, _c in keyed), default=4) + 1
    entry = 2 + names + 4  # "N ", the name, "ccc " (the bar after it)
    columns = 1
    if len(keyed) > rows and width > 0:
        fits = (width + TALLY_GAP) // (entry + TALLY_BAR_LEAST + TALLY_GAP)
        columns = max(1, min(-(-len(keyed) // rows), fits))
    bar = TALLY_BAR
    column_width = width
    if columns > 1:
        column_width = (width - TALLY_GAP * (columns - 1)) // columns
        bar = min(TALLY_BAR, column_width - entry)
    down = -(-len(keyed) // columns)
    text = Text()
    for row in range(down):
        if row:
            text.append("\n")
        for column in range(columns):
            index = column * down + row
            if index >= len(keyed):
                break
            number, name, count = keyed[index]
            cell = Text()
            cell.append(f"{number} ", style="bold")
            cell.append(pad(name, names))
            cell.append(f"{count:>3} ", style="bold")
            cell.append(tally_bar(count, most, bar), style="cyan")
            if index + down < len(keyed):  # another column follows on this line
                cell.append(" " * (column_width - cell.cell_len + TALLY_GAP))
            text.append_text(cell)
    return text


class QuestioningPanel(PhasePanel[QuestioningData]):
    #: The example question, which rotates every 30 seconds (set by the screen).
    prompt: reactive[str | None] = reactive(None, init=False, repaint=False)

    def compose(self) -> ComposeResult:
        yield Static(id="prompt")
        yield Static(id="tally")
        yield hint(("1-9", N_("count a question")), ("!", N_("advice reminder")))

    def on_resize(self) -> None:
        """The columns of the tally follow the panel's width and the screen's height."""
        if isinstance(self.data, QuestioningData):
            self.show(self.data)

    def show(self, data: QuestioningData) -> None:
        keyed = [row for row in data.tallies if row[0] <= 9]  # the digit keys
        rows = TALLY_ROWS_TALL if self.app.size.height >= LARGE_ROWS else TALLY_ROWS
        text = tally_text(keyed, self.content_size.width, rows)
        unkeyed = len(data.tallies) - len(keyed)
        if unkeyed:
            more = _("(+{n} more, not counted by key)").format(n=unkeyed)
            text.append("\n" + more, style="dim")
        if data.advice_reminders:
            reminders = _("advice reminders: {n}").format(n=data.advice_reminders)
            text.append("\n" + reminders, style="dim")
        self.query_one("#tally", Static).update(text)
        self.watch_prompt(self.prompt)  # given before the panel was mounted

    def watch_prompt(self, prompt: str | None) -> None:
        shown = self.query("#prompt").results(Static)  # none before compose
        if prompt is None:
            return
        # The example alone: the step's rule is already on screen (in the side panel,
        # under the clock, or in big letters), and a set's own protocol may word it
        # otherwise, so the panel does not say it a second time.
        text = Text()
        text.append(_("For example:") + " ", style="dim")
        text.append(esc(prompt), style="italic")
        for static in shown:
            update_in_place(static, text)  # it rotates: no new layout unless it must


class SummingUpPanel(PhasePanel[SummingUpData]):
    def compose(self) -> ComposeResult:
        yield Static(id="summing-head")
        yield ActionList(id="actions")
        yield hint(("⏎", N_("edit")), ("x", N_("remove")), ("i", N_("insight")))

    def show(self, data: SummingUpData) -> None:
        head = Text()
        head.append(esc(data.presenter), style="bold")
        head.append(" " + _("sums up.") + "  ", style="dim")
        head.append("a", style="bold")
        head.append(" " + _("adds an action"), style="dim")
        if not data.actions:
            head.append("  " + _("(none yet)"), style="dim")
        self.query_one("#summing-head", Static).update(head)
        rows = []
        for action in data.actions:
            row = Text()
            row.append(esc(action.owner), style="bold")
            row.append(": ")
            row.append(esc(action.text))
            if action.due:
                by = _("(by {date})").format(date=action.due.isoformat())
                row.append(f"  {by}", style="dim")
            rows.append((action.action_id, row))
        for i, insight in enumerate(data.insights):
            row = Text(_("insight") + ": ", style="dim")
            row.append(esc(insight), style="")
            rows.append((f"{INSIGHT}{i}", row))
        self.query_one(ActionList).set_rows(rows)

    def focus_first(self) -> None:
        self.query_one(ActionList).focus()


class EvaluationPanel(PhasePanel[EvaluationData]):
    def compose(self) -> ComposeResult:
        yield Static(id="evaluation-head")
        yield QuestionList(id="questions")

    def show(self, data: EvaluationData) -> None:
        head = Text(
            _("Enter rates a question or edits a learning; l adds one, x removes one; n skips."),
            "dim",
        )
        self.query_one("#evaluation-head", Static).update(head)
        rows = []
        for i, question in enumerate(data.questions):
            row = Text()
            row.append(esc(question.question))
            if question.count:
                avg = question.average or 0.0
                average = _("{average} of {scale}").format(
                    average=f"{avg:.1f}", scale=question.scale
                )
                row.append(f"   {average}", style="bold")
                row.append(" " + _("from {n}").format(n=question.count), style="dim")
            else:
                row.append("   " + _("not rated"), style="dim")
            rows.append((str(i), row))
        for i, line in enumerate(data.learnings):
            row = Text(_("learning") + ": ", style="dim")
            row.append(esc(line))
            rows.append((f"{LEARNING}{i}", row))
        self.query_one(QuestionList).set_rows(rows)


def close_summary(data: CloseData) -> Hanging:
    """Actions by owner, then planned against actual per step: the short part first,
    so a small screen cuts (and scrolls) only the timings. Wrapped lines hang under
    their text. Attendance is not here: the close is on the wall, and who sent
    apologies is the facilitator's to keep (the palette and the terminal have it)."""
    items: list[Item] = []
    owners: dict[str, list[str]] = {}
    for action in data.actions:
        due = " " + _("(by {date})").format(date=action.due.isoformat()) if action.due else ""
        owners.setdefault(action.owner, []).append(esc(action.text) + due)
    heading = Text(_("Actions"), style=HEADING)
    if not owners:
        heading.append("  ")
        heading.append(_("none committed today"), style="dim")
    items.append((Text(), heading))
    for owner, texts in owners.items():
        items.append((Text(f"  {esc(owner)}: ", style="bold"), Text("; ".join(texts))))
    items.append((Text(), Text(_("Time, planned / actual"), style=HEADING)))
    for step in data.timings:
        who = f" · {step.subject}" if step.subject else ""
        line = Text(f"{esc(step.title + who)}: ")
        planned = format_duration(step.planned)
        if step.actual is None:
            line.append(_("{planned} / under way").format(planned=planned), style="bold")
        else:
            line.append(f"{planned} / {format_duration(step.actual)}", style="bold")
            if step.overtime >= 1:
                line.append(f"  +{format_duration(step.overtime)}", style="yellow")
        items.append((Text("  "), line))
    return Hanging(items)


def close_hint() -> Text:
    """Always on show above the summary: what n does. The record's path is not on the
    wall; the palette (\"The record and attendance\") and the terminal after leaving
    say where it is."""
    text = Text()
    text.append("n", style="bold reverse")  # i18n: not text (a style)
    text.append(" " + _("saves the record and ends the session"), style="bold")
    return text


class ClosePanel(PhasePanel[CloseData]):
    def compose(self) -> ComposeResult:
        yield Static(id="close-hint")
        with VerticalScroll(id="summary-box"):
            yield Static(id="summary")

    def show(self, data: CloseData) -> None:
        self.query_one("#close-hint", Static).update(close_hint())
        self.query_one("#summary", Static).update(close_summary(data))

    def focus_first(self) -> None:
        self.query_one("#summary-box", VerticalScroll).focus()


def break_line(title: str, back_at: str | None) -> Text:
    """``Break: back at 15:40``: the one thing the room needs during a break."""
    text = Text()
    text.append(f"{esc(title)}: ", style="bold")
    if back_at is not None:
        text.append(_("back at") + " ")
        text.append(back_at, style="bold")
    return text


class BreakPanel(PhasePanel[BreakData]):
    """A calm line under the break's countdown: when the set starts again."""

    #: The wall time the break's planned time ends (set by the screen each tick).
    back_at: reactive[str | None] = reactive(None, init=False, repaint=False)

    def compose(self) -> ComposeResult:
        yield Static(id="break-line")

    def show(self, data: BreakData) -> None:
        self.query_one("#break-line", Static).update(break_line(data.title, self.back_at))

    def watch_back_at(self, back_at: str | None) -> None:
        title = self.data.title if isinstance(self.data, BreakData) else _("Break")
        for static in self.query("#break-line").results(Static):  # none before compose
            static.update(break_line(title, back_at))


class GenericPanel(PhasePanel[OtherData]):
    def compose(self) -> ComposeResult:
        yield Static(id="generic")


PANELS: dict[type[PanelData], type[PhasePanel[Any]]] = {
    CheckinData: CheckinPanel,
    RulesData: GroundRulesPanel,
    UpdatesData: UpdatesPanel,
    PresentingData: PresentingPanel,
    QuestioningData: QuestioningPanel,
    SummingUpData: SummingUpPanel,
    EvaluationData: EvaluationPanel,
    CloseData: ClosePanel,
    BreakData: BreakPanel,
    OtherData: GenericPanel,
}


def panel_for(kind: str, data: PanelData) -> PhasePanel[Any]:
    """The panel of the current step, for its data."""
    classes = f"phase-panel phase-{kind}"  # i18n: not text (CSS classes)
    return PANELS[type(data)](data, classes=classes)

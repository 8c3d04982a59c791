"""Modal screens: everything typed is typed here, so a letter in a text box never
moves the session on. Each returns its result through ``dismiss``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import ClassVar, Literal, TypeVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.validation import ValidationResult, Validator
from textual.widgets import Button, Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from alfacil.console import ActionDraft, RatingsDraft, RebalanceDraft, UpdateDraft
from alfacil.i18n import N_, _, ngettext
from alfacil.records import UpdateStatus
from alfacil.text import drop_controls, escape_controls
from alfacil.tui.keys import help_rows
from alfacil.tui.screens.curtain import Curtain as Curtain  # its home is curtain.py
from alfacil.tui.widgets.hanging import Hanging
from alfacil.tui.words import speak


def literal(text: str, style: str = "") -> Text:
    """Text from a file or a person, shown as it is: never read as markup, and its
    control characters escaped (:func:`alfacil.text.escape_controls`)."""
    return Text(escape_controls(text), style=style)


class ConfirmQuit(ModalScreen[str | Path | None]):
    """Leave the console. When the latest state is on disk: quit or stay. When a save
    is failing: say plainly what is not saved, and offer to try again, to write the
    session to a folder the facilitator names, or to quit anyway (which exits
    non-zero, naming what was lost). Answers "quit", "retry", a folder, or None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer('quit')", N_("Quit"), show=False),
        Binding("n,escape", "answer(None)", N_("Stay"), show=False),
        Binding("r", "answer('retry')", N_("Try again"), show=False),
    ]

    def __init__(self, unsaved: str | None = None) -> None:
        super().__init__()
        speak(self)
        self.unsaved = unsaved

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            if self.unsaved is None:
                yield Label(_("Leave the console?"), classes="dialog-title")
                yield Static(
                    _("The session is saved as it stands; `alfacil start` offers to resume it."),
                    markup=False,
                )
                with Horizontal(classes="buttons"):
                    yield Button(_("Quit (y)"), id="quit", variant="error")
                    yield Button(_("Stay (n)"), id="stay", variant="primary")
                return
            yield Label(_("The session is NOT saved"), classes="dialog-title")
            yield Static(literal(_("Saving fails: {error}.").format(error=self.unsaved)))
            yield Static(
                _(
                    "Try again, or name another folder to write the session to "
                    "(then Enter); quitting now loses what is not saved."
                ),
                markup=False,
            )
            yield Input(id="folder", placeholder=_("another folder, e.g. /media/usb"))
            with Horizontal(classes="buttons"):
                yield Button(_("Try again (r)"), id="retry", variant="primary")
                yield Button(_("Quit unsaved (y)"), id="quit", variant="error")
                yield Button(_("Stay (n)"), id="stay")

    def on_mount(self) -> None:
        self.query_one("#retry" if self.unsaved else "#stay", Button).focus()

    def action_answer(self, answer: str | None) -> None:
        self.dismiss(answer)

    @on(Input.Submitted, "#folder")
    def _folder(self, event: Input.Submitted) -> None:
        if event.value.strip():
            self.dismiss(Path(event.value.strip()))

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(None if event.button.id == "stay" else event.button.id)


class ResumeChoice(ModalScreen[Literal["resume", "fresh"] | None]):
    """An unfinished session was found: resume it, close it as ended early and start
    a new one, or leave (Esc or q) with nothing touched, to decide later. Answers
    "resume", "fresh", or None (leave). The buttons stand one under another, so
    each keeps its whole label on a 60-column screen."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "choose('resume')", N_("Resume"), show=False),
        Binding("e", "choose('fresh')", N_("End it, start new"), show=False),
        Binding("escape,q", "choose('leave')", N_("Leave"), show=False),
    ]

    def __init__(self, description: str) -> None:
        super().__init__()
        speak(self)
        self.description = description

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(_("An unfinished session was found"), classes="dialog-title")
            yield Static(literal(self.description))
            with Vertical(classes="buttons stacked"):  # i18n: not text (CSS classes)
                yield Button(_("Resume where it stopped (r)"), id="resume", variant="primary")
                yield Button(_("Close it as ended early, start new (e)"), id="fresh")
                yield Button(_("Leave, decide later (esc)"), id="leave")

    def on_mount(self) -> None:
        self.query_one("#resume", Button).focus()

    def action_choose(self, choice: str) -> None:
        self.dismiss(CHOICES.get(choice))

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(CHOICES.get(event.button.id or ""))


CHOICES: dict[str, Literal["resume", "fresh"]] = {"resume": "resume", "fresh": "fresh"}


class Confirm(ModalScreen[bool]):
    """A yes or no before something is lost (an action, an insight, a learning):
    ``y`` or Enter on the first button does it, ``n`` or Esc keeps it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", N_("Yes"), show=False),
        Binding("n,escape", "answer(False)", N_("No"), show=False),
    ]

    def __init__(self, question: str, what: str, yes: str) -> None:
        super().__init__()
        speak(self)
        self.question = question
        self.what = what
        self.yes = yes

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog confirm"):  # i18n: not text (CSS classes)
            yield Static(self.question, classes="dialog-title", markup=False)
            yield Static(literal(self.what), classes="quoted")
            with Horizontal(classes="buttons"):
                yield Button(self.yes, id="yes", variant="error")
                yield Button(_("Keep it (n)"), id="no", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")


ATTENDANCE_SHOWN = {
    "present": N_("present"),
    "apologies": N_("apologies"),
    "absent": N_("absent"),
}


class Details(ModalScreen[None]):
    """For the facilitator, from the palette: where the record is written and the
    whole attendance, which the close screen keeps off the wall."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,enter,q", "close", N_("Close the details"), show=False)
    ]

    def __init__(self, path: Path | None, attendance: tuple[tuple[str, tuple[str, ...]], ...]):
        super().__init__()
        speak(self)
        self.path = path
        self.attendance = attendance

    def compose(self) -> ComposeResult:
        items: list[tuple[Text, Text]] = []
        label = _("Record") + ": "
        where = _("not yet written") if self.path is None else escape_controls(str(self.path))
        items.append((Text(label, style="bold"), Text(where)))
        for status, names in self.attendance:
            shown = _(ATTENDANCE_SHOWN.get(status, status))
            items.append((Text(f"{shown}: ", style="bold"), literal(", ".join(names))))
        with Vertical(classes="dialog"):
            yield Label(_("The record and attendance"), classes="dialog-title")
            yield Static(Hanging(items))
            yield Static(_("Escape closes this."), classes="dim", markup=False)

    def action_close(self) -> None:
        self.dismiss(None)


class Help(ModalScreen[None]):
    """Every key, from the key table."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "close", N_("Close the help"), show=False)
    ]

    def __init__(self) -> None:
        super().__init__()
        speak(self)

    def compose(self) -> ComposeResult:
        # A description too long for the dialog wraps under itself, not under the key.
        rows = Hanging(
            [(Text(f"{key:>14}  ", style="bold"), Text(what)) for key, what in help_rows()]
        )
        with Vertical(classes="dialog help"):  # i18n: not text (CSS classes)
            yield Label(_("Keys"), classes="dialog-title")
            with VerticalScroll():
                yield Static(rows)
            yield Static(_("Escape or ? closes this."), classes="dim", markup=False)

    def action_close(self) -> None:
        self.dismiss(None)


T = TypeVar("T")


class _Form(ModalScreen[T | None]):
    """A small form: Enter in the last field saves, Escape cancels. Fields check
    themselves with Textual validators; a refusal is said in a toast and the field
    turns red."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", N_("Cancel"), show=False)]

    def __init__(self) -> None:
        super().__init__()
        speak(self)

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)

    def valid(self, *inputs: Input) -> bool:
        """Each field's validators, in order; the first refused field gets the focus."""
        for field in inputs:
            result = field.validate(field.value)
            if result is not None and not result.is_valid:
                self.notify("; ".join(result.failure_descriptions), severity="error", markup=False)
                field.focus()
                return False
        return True


class Checked(Validator):
    """A validator from a parse function that raises ValueError with a message."""

    def __init__(self, parse: Callable[[str], object]) -> None:
        super().__init__()
        self.parse = parse

    def validate(self, value: str) -> ValidationResult:
        try:
            self.parse(value)
        except ValueError as exc:
            return self.failure(str(exc))
        return self.success()


def parse_due(text: str) -> date | None:
    """``YYYY-MM-DD`` or empty; raises ValueError with a message fit to show."""
    text = text.strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(
            _("due dates are written YYYY-MM-DD, like 2026-12-31; got {text}").format(
                text=repr(text)
            )
        ) from None


def some_words(text: str) -> str:
    if not text.strip():
        raise ValueError(_("An action needs some words."))
    return text.strip()


class ActionForm(_Form[ActionDraft]):
    """Add or edit an action: owner, words, optional due date."""

    def __init__(self, members: list[str], draft: ActionDraft, title: str | None = None) -> None:
        super().__init__()
        self.members = members
        self.draft = draft
        self.title_text = title if title is not None else _("New action")

    def compose(self) -> ComposeResult:
        draft = self.draft
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield Label(_("Owner"))
            yield Select(
                [(literal(m), m) for m in self.members],
                value=draft.owner,
                allow_blank=False,
                id="owner",
            )
            yield Label(_("What will they do?"))
            yield Input(
                drop_controls(draft.text),  # a field to edit: what the engine keeps
                id="text",
                placeholder=_("the action, in their words"),
                validators=[Checked(some_words)],
                validate_on=["submitted"],
            )
            yield Label(_("Due (optional, YYYY-MM-DD)"))
            yield Input(
                draft.due.isoformat() if draft.due else "",
                id="due",
                placeholder="YYYY-MM-DD",
                validators=[Checked(parse_due)],
                validate_on=["submitted"],
            )
            with Horizontal(classes="buttons"):
                yield Button(_("Save (enter)"), id="save", variant="primary")
                yield Button(_("Cancel (esc)"), id="cancel")

    def on_mount(self) -> None:
        self.query_one("#text", Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def _save(self) -> None:
        text, due = self.query_one("#text", Input), self.query_one("#due", Input)
        if self.valid(text, due):
            owner = str(self.query_one("#owner", Select).value)
            self.dismiss(ActionDraft(owner, text.value.strip(), parse_due(due.value)))


STATUS_LABELS: dict[UpdateStatus, str] = {
    "done": N_("Done"),
    "partly": N_("Partly"),
    "not_yet": N_("Not yet"),
    "dropped": N_("Dropped"),
}


@dataclass(frozen=True)
class UpdateInput:
    status: UpdateStatus
    note: str


class UpdateForm(_Form[UpdateInput]):
    """The status of one earlier action, and an optional note."""

    def __init__(self, draft: UpdateDraft) -> None:
        super().__init__()
        self.draft = draft
        self.status: UpdateStatus = draft.status or "done"

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            title = _("{owner}: update").format(owner=self.draft.owner)
            yield Label(literal(title), classes="dialog-title")
            yield Static(literal(self.draft.action_text), classes="quoted")
            yield Label(_("↑ ↓ choose, Enter saves; Tab to add a note first"))
            yield OptionList(
                *[Option(_(label), id=key) for key, label in STATUS_LABELS.items()], id="status"
            )
            yield Label(_("Note (optional)"))
            yield Input(
                drop_controls(self.draft.note),
                id="note",
                placeholder=_("a few words, if they wish"),
            )
            with Horizontal(classes="buttons"):
                yield Button(_("Save (enter)"), id="save", variant="primary")
                yield Button(_("Cancel (esc)"), id="cancel")

    def on_mount(self) -> None:
        options = self.query_one("#status", OptionList)
        options.highlighted = list(STATUS_LABELS).index(self.status)
        options.focus()

    @on(Input.Submitted)
    @on(OptionList.OptionSelected)
    @on(Button.Pressed, "#save")
    def _save(self) -> None:
        option = self.query_one("#status", OptionList).highlighted_option
        status: UpdateStatus = self.status
        for key in STATUS_LABELS:
            if option is not None and option.id == key:
                status = key
        self.dismiss(UpdateInput(status, self.query_one("#note", Input).value.strip()))


def parse_scores(text: str, scale: int, present: int) -> list[int]:
    """``"4 5 3 4"`` into numbers; ValueError with a message fit to show."""
    parts = text.replace(",", " ").split()
    scores: list[int] = []
    for part in parts:
        if not part.isdigit():
            raise ValueError(
                _("ratings are whole numbers from 0 to {scale}; got {part}").format(
                    scale=scale, part=repr(part)
                )
            )
        value = int(part)
        if value > scale:
            raise ValueError(
                _("ratings go from 0 to {scale}; got {value}").format(scale=scale, value=value)
            )
        scores.append(value)
    if len(scores) > present:
        ratings = ngettext("{n} rating", "{n} ratings", len(scores)).format(n=len(scores))
        raise ValueError(
            ngettext(
                "{ratings} but {present} member present",
                "{ratings} but {present} members present",
                present,
            ).format(ratings=ratings, present=present)
        )
    return scores


class RatingsForm(_Form[list[int]]):
    """One row of numbers for one evaluation question."""

    def __init__(self, draft: RatingsDraft) -> None:
        super().__init__()
        self.draft = draft

    def _parse(self, text: str) -> list[int]:
        return parse_scores(text, self.draft.scale, self.draft.present)

    def compose(self) -> ComposeResult:
        draft = self.draft
        with Vertical(classes="dialog"):
            # A long question wraps at its words (a Label would be cut at the edge).
            yield Static(literal(draft.question), classes="dialog-title")
            yield Static(
                _(
                    "One number from 0 to {scale} for each of the {present} present, "
                    "separated by spaces, like 4 5 3 4. Nobody's name is kept."
                ).format(scale=draft.scale, present=draft.present),
                markup=False,
            )
            yield Input(
                " ".join(str(s) for s in draft.scores),
                id="scores",
                validators=[Checked(self._parse)],
                validate_on=["submitted"],
            )
            with Horizontal(classes="buttons"):
                yield Button(_("Save (enter)"), id="save", variant="primary")
                yield Button(_("Cancel (esc)"), id="cancel")

    def on_mount(self) -> None:
        self.query_one("#scores", Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def _save(self) -> None:
        scores = self.query_one("#scores", Input)
        if self.valid(scores):
            self.dismiss(self._parse(scores.value))


class TextForm(_Form[str]):
    """One line of text: an insight or a learning."""

    def __init__(self, title: str, hint: str, text: str = "") -> None:
        """``text``: the line being edited ("" for a new one)."""
        super().__init__()
        self.title_text = title
        self.hint = hint
        self.text = text

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            # Editing: the cursor at the end of the words, not all of them selected,
            # so a word added does not replace the line.
            yield Input(
                drop_controls(self.text), id="line", placeholder=self.hint, select_on_focus=False
            )
            with Horizontal(classes="buttons"):
                yield Button(_("Save (enter)"), id="save", variant="primary")
                yield Button(_("Cancel (esc)"), id="cancel")

    def on_mount(self) -> None:
        self.query_one("#line", Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def _save(self) -> None:
        self.dismiss(self.query_one("#line", Input).value.strip())


class Finished(Screen[None]):
    """After the record is written: thanks, and a key to leave."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter,n,q,escape", "leave", N_("Leave"))]

    def __init__(self) -> None:
        super().__init__()
        speak(self)

    def compose(self) -> ComposeResult:
        # No file path here: this is on the wall. The terminal says where the record
        # is once the console has closed, and the palette says it before.
        with Vertical(classes="dialog finished"):  # i18n: not text (CSS classes)
            yield Label(_("Session recorded. Thank you."), classes="dialog-title")
            yield Static(
                _("Press Enter to leave; the terminal then says where the record is."),
                markup=False,
                classes="dim",
            )

    def action_leave(self) -> None:
        self.app.exit(0, return_code=0)


class ConfirmRebalance(ModalScreen[bool]):
    """The rebalance's proposal, before it is applied: each presenter's time still to
    come, before and after (and each of their steps), and where the session would end.
    ``y`` or Enter applies it; ``n`` or Esc leaves the plan as it is."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", N_("Apply"), show=False),
        Binding("n,escape", "answer(False)", N_("Keep the plan"), show=False),
    ]

    def __init__(self, draft: RebalanceDraft) -> None:
        super().__init__()
        speak(self)
        self.draft = draft

    def compose(self) -> ComposeResult:
        from alfacil.durations import format_duration
        from alfacil.i18n import _

        draft = self.draft
        with Vertical(classes="dialog"):
            yield Label(_("Share the time left fairly"), classes="dialog-title")
            text = Text()
            for share in draft.shares:
                text.append(escape_controls(share.presenter), style="bold")
                text.append(f"  {format_duration(share.before)} → {format_duration(share.after)}\n")
                for title, before, after in share.steps:
                    change = f"{format_duration(before)} → {format_duration(after)}"
                    text.append(f"   {escape_controls(title)} {change}\n", style="dim")
            with VerticalScroll(id="rebalance-shares"):
                yield Static(text, id="shares")
            yield Static(
                _("The session now ends {before}; after this, {after}.").format(
                    before=draft.over_before, after=draft.over_after
                ),
                markup=False,
                id="rebalance-end",
            )
            if not draft.reachable:
                yield Static(
                    _("Even at their shortest, these steps cannot bring it back on time."),
                    markup=False,
                )
            with Horizontal(classes="buttons"):
                yield Button(_("Apply (y)"), id="apply", variant="primary")
                yield Button(_("Keep the plan (n)"), id="keep")

    def on_mount(self) -> None:
        self.query_one("#apply", Button).focus()

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "apply")

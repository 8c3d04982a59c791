"""Modal screens: everything typed is typed here, so a letter in a text box never
moves the session on. Each returns its result through ``dismiss``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from alfacil.records import UpdateStatus
from alfacil.text import drop_controls, escape_controls
from alfacil.tui.screens.curtain import Curtain as Curtain  # its home is curtain.py


def literal(text: str, style: str = "") -> Text:
    """Text from a file or a person, shown as it is: never read as markup, and its
    control characters escaped (:func:`alfacil.text.escape_controls`)."""
    return Text(escape_controls(text), style=style)


class ConfirmQuit(ModalScreen[bool]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Quit", show=False),
        Binding("n,escape", "answer(False)", "Stay", show=False),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Leave the console?", classes="dialog-title")
            yield Static(
                "The session is saved as it stands; `alfacil start` offers to resume it.",
                markup=False,
            )
            with Horizontal(classes="buttons"):
                yield Button("Quit (y)", id="yes", variant="error")
                yield Button("Stay (n)", id="no", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")


class ResumeChoice(ModalScreen[str]):
    """An unfinished session was found: resume it, or close it as ended early."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "choose('resume')", "Resume", show=False),
        Binding("e", "choose('fresh')", "End it, start new", show=False),
    ]

    def __init__(self, description: str) -> None:
        super().__init__()
        self.description = description

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("An unfinished session was found", classes="dialog-title")
            yield Static(literal(self.description))
            with Horizontal(classes="buttons"):
                yield Button("Resume where it stopped (r)", id="resume", variant="primary")
                yield Button("Close it as ended early, start new (e)", id="fresh")

    def on_mount(self) -> None:
        self.query_one("#resume", Button).focus()

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id or "resume")


class Help(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "close", "Close", show=False)
    ]

    def __init__(self, rows: list[tuple[str, str]]) -> None:
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        text = Text()
        for key, what in self.rows:
            text.append(f"{key:>14}  ", style="bold")
            text.append(f"{what}\n")
        with Vertical(classes="dialog help"):
            yield Label("Keys", classes="dialog-title")
            with VerticalScroll():
                yield Static(text)
            yield Static("Escape or ? closes this.", classes="dim", markup=False)

    def action_close(self) -> None:
        self.dismiss(None)


class _Form(ModalScreen[object]):
    """A small form: Enter in the last field saves, Escape cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", show=False)]

    def action_cancel(self) -> None:
        self.dismiss(None)

    def show_error(self, message: str) -> None:
        error = self.query_one(".form-error", Static)
        error.update(literal(message))
        error.display = bool(message)

    def error_line(self) -> Static:
        line = Static("", classes="form-error")
        line.display = False
        return line


@dataclass(frozen=True)
class ActionInput:
    owner: str
    text: str
    due: date | None


def parse_due(text: str) -> date | None:
    """``YYYY-MM-DD`` or empty; raises ValueError with a message fit to show."""
    text = text.strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(
            f"due dates are written YYYY-MM-DD, like 2026-12-31; got {text!r}"
        ) from None


class ActionForm(_Form):
    """Add or edit an action: owner, words, optional due date."""

    def __init__(
        self,
        members: list[str],
        owner: str,
        text: str = "",
        due: date | None = None,
        title: str = "New action",
    ) -> None:
        super().__init__()
        self.members = members
        self.owner = owner
        self.initial_text = drop_controls(text)  # a field to edit: what the engine keeps
        self.initial_due = due
        self.title_text = title

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield Label("Owner")
            yield Select(
                [(literal(m), m) for m in self.members],
                value=self.owner,
                allow_blank=False,
                id="owner",
            )
            yield Label("What will they do?")
            yield Input(self.initial_text, id="text", placeholder="the action, in their words")
            yield Label("Due (optional, YYYY-MM-DD)")
            yield Input(
                self.initial_due.isoformat() if self.initial_due else "",
                id="due",
                placeholder="YYYY-MM-DD",
            )
            yield self.error_line()
            with Horizontal(classes="buttons"):
                yield Button("Save (enter)", id="save", variant="primary")
                yield Button("Cancel (esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#text", Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def _save(self) -> None:
        text = self.query_one("#text", Input).value
        if not text.strip():
            self.show_error("An action needs some words.")
            self.query_one("#text", Input).focus()
            return
        try:
            due = parse_due(self.query_one("#due", Input).value)
        except ValueError as exc:
            self.show_error(str(exc))
            self.query_one("#due", Input).focus()
            return
        owner = self.query_one("#owner", Select).value
        self.dismiss(ActionInput(str(owner), text.strip(), due))

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)


STATUS_LABELS: dict[UpdateStatus, str] = {
    "done": "Done",
    "partly": "Partly",
    "not_yet": "Not yet",
    "dropped": "Dropped",
}


@dataclass(frozen=True)
class UpdateInput:
    status: UpdateStatus
    note: str


class UpdateForm(_Form):
    """The status of one earlier action, and an optional note."""

    def __init__(
        self, owner: str, action_text: str, status: UpdateStatus | None, note: str
    ) -> None:
        super().__init__()
        self.owner = owner
        self.action_text = action_text
        self.status = status or "done"
        self.note = drop_controls(note)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(literal(f"{self.owner}: update"), classes="dialog-title")
            yield Static(literal(self.action_text), classes="quoted")
            yield Label("↑ ↓ choose, Enter saves; Tab to add a note first")
            yield OptionList(
                *[Option(label, id=key) for key, label in STATUS_LABELS.items()], id="status"
            )
            yield Label("Note (optional)")
            yield Input(self.note, id="note", placeholder="a few words, if they wish")
            with Horizontal(classes="buttons"):
                yield Button("Save (enter)", id="save", variant="primary")
                yield Button("Cancel (esc)", id="cancel")

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

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)


def parse_scores(text: str, scale: int, present: int) -> list[int]:
    """``"4 5 3 4"`` into numbers; ValueError with a message fit to show."""
    parts = text.replace(",", " ").split()
    scores: list[int] = []
    for part in parts:
        if not part.isdigit():
            raise ValueError(f"ratings are whole numbers from 0 to {scale}; got {part!r}")
        value = int(part)
        if value > scale:
            raise ValueError(f"ratings go from 0 to {scale}; got {value}")
        scores.append(value)
    if len(scores) > present:
        raise ValueError(f"{len(scores)} ratings but {present} members present")
    return scores


class RatingsForm(_Form):
    """One row of numbers for one evaluation question."""

    def __init__(self, question: str, scale: int, present: int, scores: list[int]) -> None:
        super().__init__()
        self.question = question
        self.scale = scale
        self.present = present
        self.scores = scores

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(literal(self.question), classes="dialog-title")
            yield Static(
                f"One number from 0 to {self.scale} for each of the {self.present} present, "
                "separated by spaces, like 4 5 3 4. Nobody's name is kept.",
                markup=False,
            )
            yield Input(" ".join(str(s) for s in self.scores), id="scores")
            yield self.error_line()
            with Horizontal(classes="buttons"):
                yield Button("Save (enter)", id="save", variant="primary")
                yield Button("Cancel (esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#scores", Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def _save(self) -> None:
        try:
            scores = parse_scores(self.query_one("#scores", Input).value, self.scale, self.present)
        except ValueError as exc:
            self.show_error(str(exc))
            return
        self.dismiss(scores)

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)


class TextForm(_Form):
    """One line of text: an insight or a learning."""

    def __init__(self, title: str, hint: str) -> None:
        super().__init__()
        self.title_text = title
        self.hint = hint

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield Input("", id="line", placeholder=self.hint)
            with Horizontal(classes="buttons"):
                yield Button("Save (enter)", id="save", variant="primary")
                yield Button("Cancel (esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#line", Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def _save(self) -> None:
        self.dismiss(self.query_one("#line", Input).value.strip())

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)


class Finished(Screen[None]):
    """After the record is written: where it is, and a key to leave."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter,n,q,escape", "leave", "Leave")]

    def __init__(self, path: str) -> None:
        super().__init__()
        self.path = path

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog finished"):
            yield Label("Session recorded. Thank you.", classes="dialog-title")
            yield Static(literal(f"The record is in {self.path}"))
            yield Static("Press Enter to leave.", markup=False, classes="dim")

    def action_leave(self) -> None:
        self.app.exit(0)

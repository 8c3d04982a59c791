"""The curtain: a plain screen that hides everything. Kept apart from the forms in
``modals`` so the console's first frame does not wait for their imports."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Static

from alfacil.i18n import N_
from alfacil.tui.keys import KEYS
from alfacil.tui.words import speak

CURTAIN_KEYS = next(k.keys for k in KEYS if k.action == "curtain")


class Curtain(Screen[None]):
    """A plain screen that hides everything; ``h`` again brings the session back.
    Every other key of the session is dead while it is up."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding(CURTAIN_KEYS, "lift", N_("Back"), show=False)]

    def __init__(self) -> None:
        super().__init__()
        speak(self)

    def compose(self) -> ComposeResult:
        yield Static("h", id="curtain-hint")

    def action_lift(self) -> None:
        self.dismiss(None)

"""The run sheet, one key away when the side panel has folded away (below 110
columns the countdown takes the width): done, now and to come, with their timings."""

from __future__ import annotations

from typing import ClassVar

from rich.console import RenderableType
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from alfacil.i18n import _
from alfacil.tui.keys import KEYS

SHEET = next(k for k in KEYS if k.action == "run_sheet")


class RunSheet(ModalScreen[None]):
    """The run sheet over the session; its key, Escape or q closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding(f"escape,q,{SHEET.keys}", "close", show=False)]

    def __init__(self, sheet: RenderableType) -> None:
        super().__init__()
        self.sheet = sheet

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog help"):  # i18n: not text (CSS classes)
            yield Label(_("Run sheet"), classes="dialog-title")
            with VerticalScroll():
                yield Static(self.sheet, id="sheet-text")
            closes = _("Escape or {key} closes this.").format(key=SHEET.shown)
            yield Static(closes, classes="dim", markup=False)

    def action_close(self) -> None:
        self.dismiss(None)

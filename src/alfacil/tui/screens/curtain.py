"""The curtain: a plain screen that hides everything. Kept apart from the forms in
``modals`` so the console's first frame does not wait for their imports."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Static


class Curtain(Screen[None]):
    """A plain screen that hides everything; ``h`` again brings the session back."""

    def compose(self) -> ComposeResult:
        yield Static("h", id="curtain-hint")

"""Words the back of the room must read (the phase and the presenter, the rule), in
the countdown's glyphs at a second, smaller size (:func:`alfacil.tui.glyphs.banner`)
as large as the widget's size allows, or as one line of ordinary text where there is
no room for them. Its height comes from the stylesheet, so the layout decides how
large the words may be; the text changes only with the step, never with a tick."""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

from alfacil.text import escape_controls
from alfacil.tui.glyphs import banner


class Banner(Widget):
    """Shows ``text`` in big letters (pixels of at most ``most`` cells) or plainly."""

    DEFAULT_CSS = """
    Banner {
        height: 1;
        width: 1fr;
        text-style: bold;
    }
    """

    text: reactive[str] = reactive("", layout=False)

    def __init__(self, *, most: int = 3, id: str | None = None) -> None:
        super().__init__(id=id)
        self.most = most

    def drawn(self) -> tuple[str, ...] | None:
        """The rows of big letters, or None when the text is shown as one line."""
        width, height = self.size
        if height < 3 or not self.text:
            return None
        return banner(escape_controls(self.text), width, height, self.most)

    def render_line(self, y: int) -> Strip:
        width, height = self.size
        style = self.rich_style
        rows = self.drawn()
        if rows is None:
            # Names and rules come from files: a control character is shown, not sent.
            text = escape_controls(self.text) if y == 0 else ""
            if len(text) > width:
                text = text[: max(0, width - 1)] + "…"
            return Strip([Segment(text.center(width), style)], width)
        top = max(0, (height - len(rows)) // 2)
        row = rows[y - top] if 0 <= y - top < len(rows) else ""
        return Strip([Segment(row.ljust(width)[:width], style + Style())], width)

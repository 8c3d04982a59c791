"""The countdown widget: ``value`` drawn by :mod:`alfacil.tui.glyphs`, as large as its
size allows, in the colour of the level (its classes ``-warn``, ``-overtime``,
``-paused``)."""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

from alfacil.tui.glyphs import GLYPH_ROWS, layout_for, line


class BigClock(Widget):
    """Shows ``value`` (like ``12:34`` or ``+01:05``).

    When the value changes and its shape does not, only the glyphs that changed are
    repainted (usually the last digit), so a tick costs a small patch of the screen,
    not the whole countdown's area.
    """

    DEFAULT_CSS = """
    BigClock {
        height: 1fr;
        min-height: 5;
        width: 1fr;
        text-style: bold;
        color: $success;
    }
    BigClock.-warn {
        color: $warning;
    }
    BigClock.-overtime {
        color: $error;
    }
    BigClock.-paused {
        color: $text-muted;
    }
    """

    value: reactive[str] = reactive("00:00", repaint=False)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._style: tuple[object, Style] | None = None

    def watch_value(self, old: str, new: str) -> None:
        width, height = self.size
        before, after = layout_for(old, width, height), layout_for(new, width, height)
        if before is None or after is None or before != after:
            self.refresh()  # a new shape or scale: draw it all
            return
        rows = GLYPH_ROWS * after.scale[1]
        changed = [
            Region(x, after.top, w, rows)
            for (x, w), a, b in zip(after.columns, old, new, strict=True)
            if a != b
        ]
        if changed:
            self.refresh(*changed)

    def notify_style_update(self) -> None:
        self._style = None
        super().notify_style_update()

    def _rich_style(self) -> Style:
        """The colour of the digits: looked up once per level and theme, not per line."""
        key = (self.app.theme, frozenset(self.classes))
        if self._style is None or self._style[0] != key:
            self._style = (key, self.rich_style)
        return self._style[1]

    def render_line(self, y: int) -> Strip:
        width, height = self.size
        return Strip([Segment(line(self.value, width, height, y), self._rich_style())], width)

"""The countdown widget: ``value`` drawn by :mod:`alfacil.tui.glyphs`, as large as its
size allows, in the colour of the level (its classes ``-warn``, ``-overtime``,
``-paused``), and with a shape for each level, so nobody needs the colour to see it:
an inverse band at warn, ``PAUSED`` in big letters over the digits when paused, the
word ``TIME`` as the step runs out and a steady ``+`` after."""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

from alfacil.i18n import _
from alfacil.tui.glyphs import GLYPH_ROWS, banner, banner_rows, changed_cells, layout_for, line

#: How long, over time, the clock says TIME before it counts up with a ``+``.
TIME_SHOWN = "+00:0"  # i18n: not text (the first ten seconds over: +00:00 to +00:09)
REVERSE = Style(reverse=True)


class BigClock(Widget):
    """Shows ``value`` (like ``12:34`` or ``+01:05``).

    When the value changes and its shape does not, only the pixels that changed are
    repainted (usually a few in the last digit: from 9 to 8 is one), so a tick costs a
    small patch of the screen, not a whole digit, let alone the countdown's area.
    """

    DEFAULT_CSS = """
    BigClock {
        height: 1fr;
        min-height: 5;
        width: 1fr;
        text-style: bold;
        color: $clock-normal;
    }
    BigClock.-warn {
        color: $clock-warn;
    }
    BigClock.-overtime {
        color: $clock-overtime;
    }
    BigClock.-paused {
        color: $text-muted;
    }
    """

    value: reactive[str] = reactive("00:00", repaint=False)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._style: tuple[object, Style] | None = None
        self._picture: tuple[object, dict[int, str], range, tuple[str, ...] | None] | None = None

    def face(self, value: str | None = None) -> str:
        """What the digits say: the value, or TIME in the first seconds over."""
        value = self.value if value is None else value
        return _("TIME") if value.startswith(TIME_SHOWN) else value

    def watch_value(self, old: str, new: str) -> None:
        width, height = self.size
        old, new = self.face(old), self.face(new)
        before, after = layout_for(old, width, height), layout_for(new, width, height)
        if (
            self.has_class("-paused")
            or before is None
            or after is None
            or before != after
            or len(old) != len(new)
        ):
            self.refresh()  # a new shape, scale or state: draw it all
            return
        changed = [Region(*cells) for cells in changed_cells(old, new, after)]
        if changed:
            self.refresh(*changed)

    def notify_style_update(self) -> None:
        self._style = None
        super().notify_style_update()
        self.refresh()  # a level's shape (band, PAUSED) comes with its class

    def _rich_style(self) -> Style:
        """The colour of the digits: looked up once per level and theme, not per line."""
        key = (self.app.theme, frozenset(self.classes))
        if self._style is None or self._style[0] != key:
            self._style = (key, self.rich_style)
        return self._style[1]

    def picture(self) -> tuple[tuple[str, ...], range]:
        """Every row of the clock (``width`` long), and the rows of the warn band."""
        drawing = self._drawing()
        return tuple(self._row(drawing, y) for y in range(self.size.height)), drawing[1]

    def row(self, y: int) -> str:
        """Row ``y`` of the clock, ``width`` long. Drawn when first asked for and kept
        until the face, the size or the level changes: a tick repaints a few rows of
        one digit, so it draws those rows, not the whole clock."""
        return self._row(self._drawing(), y)

    def _row(self, drawing: tuple[dict[int, str], range, tuple[str, ...] | None], y: int) -> str:
        rows, _band, paused = drawing
        if paused is not None:
            return paused[y] if y < len(paused) else ""
        if y not in rows:
            width, height = self.size
            rows[y] = line(self.face(), width, height, y)
        return rows[y]

    def _drawing(self) -> tuple[dict[int, str], range, tuple[str, ...] | None]:
        """For the face, size and level shown now: the rows drawn so far, the rows of
        the warn band, and (paused) all the rows, drawn at once."""
        width, height = self.size
        paused, warn = self.has_class("-paused"), self.has_class("-warn")
        face = self.face()
        key = (face, width, height, paused, warn)
        if self._picture is not None and self._picture[0] == key:
            return self._picture[1:]
        rows: dict[int, str] = {}
        band = range(0)
        whole = self._paused(face, width, height) if paused else None
        if warn and not paused:
            layout = layout_for(face, width, height)
            top, tall = (layout.top, GLYPH_ROWS * layout.scale[1]) if layout else (0, 0)
            if layout is None:
                top, tall = max(0, (height - 1) // 2), 1
            band = range(max(0, top - 1), min(height, top + tall + 1))
        self._picture = (key, rows, band, whole)
        return rows, band, whole

    @staticmethod
    def _paused(face: str, width: int, height: int) -> tuple[str, ...]:
        """PAUSED in big letters over the digits, together centred; the word takes at
        most a third of the height (the digits the rest), or all of it if the digits
        cannot be drawn large anyway."""
        word = _("PAUSED")
        room = max(banner_rows(1), height // 3)
        drawn = banner(word, width, room, 4) or (word.center(width),)
        rest = height - len(drawn) - 1
        if rest < 1:
            digits: tuple[str, ...] = ()
        elif rest < GLYPH_ROWS:
            digits = (face.center(width),)
        else:
            digits = tuple(line(face, width, rest, y) for y in range(rest))
            digits = tuple(r for r in digits if r.strip()) or digits
        block = [*drawn, "", *digits]
        top = max(0, (height - len(block)) // 2)
        rows = [""] * top + block
        rows += [""] * (height - len(rows))
        return tuple(r.ljust(width)[:width] for r in rows[:height])

    def render_line(self, y: int) -> Strip:
        width, _height = self.size
        drawing = self._drawing()  # once a line: the face, size and level are checked once
        text = self._row(drawing, y)
        style = self._rich_style()
        if y in drawing[1]:
            style = style + REVERSE
        return Strip([Segment(text.ljust(width)[:width], style)], width)

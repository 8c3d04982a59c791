"""The countdown, drawn in block digits scaled to the space the widget has.

``textual.widgets.Digits`` is three rows high whatever the terminal; a projector at
200x60 wants digits a dozen rows high. A 3x5 glyph table is scaled by whole cells in
each direction (a terminal cell is about twice as tall as it is wide, so columns scale
about twice as fast as rows), and below the smallest scale the text is shown plainly.
"""

from __future__ import annotations

from typing import NamedTuple

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

GLYPH_ROWS = 5

GLYPHS: dict[str, tuple[str, ...]] = {
    "0": ("###", "#.#", "#.#", "#.#", "###"),
    "1": (".#.", "##.", ".#.", ".#.", "###"),
    "2": ("###", "..#", "###", "#..", "###"),
    "3": ("###", "..#", ".##", "..#", "###"),
    "4": ("#.#", "#.#", "###", "..#", "..#"),
    "5": ("###", "#..", "###", "..#", "###"),
    "6": ("###", "#..", "###", "#.#", "###"),
    "7": ("###", "..#", "..#", "..#", "..#"),
    "8": ("###", "#.#", "###", "#.#", "###"),
    "9": ("###", "#.#", "###", "..#", "###"),
    ":": (".", "#", ".", "#", "."),
    "+": ("...", ".#.", "###", ".#.", "..."),
    "-": ("...", "...", "###", "...", "..."),
    " ": ("..", "..", "..", "..", ".."),
}

BLOCK = "█"


def pixel_width(text: str) -> int:
    """Width of ``text`` in glyph pixels, with one pixel between glyphs."""
    glyphs = [GLYPHS.get(ch, GLYPHS[" "]) for ch in text]
    return sum(len(g[0]) for g in glyphs) + max(0, len(glyphs) - 1)


def choose_scale(text: str, width: int, height: int) -> tuple[int, int] | None:
    """The largest (columns, rows) per pixel that fits, or None if even 1x1 does not."""
    px = pixel_width(text)
    if px == 0 or width < px or height < GLYPH_ROWS:
        return None
    max_x = width // px
    max_y = height // GLYPH_ROWS
    # A cell is about twice as tall as it is wide: a pixel of two columns per row is
    # square; up to four columns per three rows gives taller digits, which read well.
    sy = max(1, min(max_y, (3 * max_x + 2) // 4))
    sx = max(1, min(max_x, 2 * sy))
    return sx, sy


def render_big(text: str, sx: int, sy: int) -> list[str]:
    """Lines of block characters for ``text`` at the given scale."""
    glyphs = [GLYPHS.get(ch, GLYPHS[" "]) for ch in text]
    lines: list[str] = []
    for row in range(GLYPH_ROWS):
        parts = []
        for glyph in glyphs:
            parts.append("".join(BLOCK * sx if c == "#" else " " * sx for c in glyph[row]))
        line = (" " * sx).join(parts)
        lines.extend([line] * sy)
    return lines


def glyph_width(ch: str) -> int:
    return len(GLYPHS.get(ch, GLYPHS[" "])[0])


class Layout(NamedTuple):
    """Where ``text`` goes in a clock of a given size, at ``scale``."""

    top: int
    scale: tuple[int, int]
    columns: tuple[tuple[int, int], ...]  # each glyph's (x, width) in cells


def layout_for(text: str, width: int, height: int) -> Layout | None:
    """Centred big glyphs for ``text``, or None when it is shown plainly."""
    scale = choose_scale(text, width, height)
    if scale is None:
        return None
    sx, sy = scale
    total = pixel_width(text) * sx
    x = max(0, (width - total) // 2)
    columns = []
    for ch in text:
        w = glyph_width(ch) * sx
        columns.append((x, w))
        x += w + sx
    return Layout(max(0, (height - GLYPH_ROWS * sy) // 2), scale, tuple(columns))


class BigClock(Widget):
    """Shows ``value`` (like ``12:34`` or ``+01:05``) as large as its size allows.

    Drawn line by line from the glyph table. When the value changes and its shape
    does not, only the glyphs that changed are repainted (usually the last digit), so
    a tick costs a small patch of the screen, not the whole countdown's area.
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
        text = self.value
        layout = layout_for(text, width, height)
        if layout is None:
            line = text.center(width) if y == max(0, (height - 1) // 2) else ""
        else:
            sx, sy = layout.scale
            row = (y - layout.top) // sy if y >= layout.top else GLYPH_ROWS
            if row < GLYPH_ROWS:
                glyphs = [GLYPHS.get(ch, GLYPHS[" "])[row] for ch in text]
                pixels = ".".join(glyphs)
                line = " " * layout.columns[0][0]
                line += "".join(BLOCK * sx if c == "#" else " " * sx for c in pixels)
            else:
                line = ""
        return Strip([Segment(line.ljust(width)[:width], self._rich_style())], width)

    def shown(self) -> str:
        """Everything drawn, as plain text (for tests and checks)."""
        return "\n".join(self.render_line(y).text for y in range(self.size.height))

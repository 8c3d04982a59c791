"""The countdown, drawn in block digits scaled to the space the widget has.

``textual.widgets.Digits`` is three rows high whatever the terminal; a projector at
200x60 wants digits a dozen rows high. A 3x5 glyph table is scaled by whole cells in
each direction (a terminal cell is about twice as tall as it is wide, so columns scale
about twice as fast as rows), and below the smallest scale the text is shown plainly.
"""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
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


class BigClock(Widget):
    """Shows ``value`` (like ``12:34`` or ``+01:05``) as large as its size allows."""

    value: reactive[str] = reactive("00:00")

    def render(self) -> Text:
        width, height = self.size.width, self.size.height
        scale = choose_scale(self.value, width, height)
        lines = [self.value] if scale is None else render_big(self.value, *scale)
        top = max(0, (height - len(lines)) // 2)
        body = [""] * top + [line.center(width).rstrip() for line in lines]
        return Text("\n".join(body), no_wrap=True, overflow="crop")

"""The countdown's block digits: a 3x5 glyph table scaled to the space there is.

``textual.widgets.Digits`` is three rows high whatever the terminal; a projector at
200x60 wants digits a dozen rows high. Each glyph pixel is scaled by whole cells in
each direction (a terminal cell is about twice as tall as it is wide, so columns scale
about twice as fast as rows), and below the smallest scale the text is shown plainly.
Pure functions of text and size, no Textual: the widget in ``widgets.bigclock`` only
asks for one line at a time.
"""

from __future__ import annotations

from typing import NamedTuple

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


def _glyph(ch: str) -> tuple[str, ...]:
    return GLYPHS.get(ch, GLYPHS[" "])


def pixel_width(text: str) -> int:
    """Width of ``text`` in glyph pixels, with one pixel between glyphs."""
    glyphs = [_glyph(ch) for ch in text]
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
        w = len(_glyph(ch)[0]) * sx
        columns.append((x, w))
        x += w + sx
    return Layout(max(0, (height - GLYPH_ROWS * sy) // 2), scale, tuple(columns))


def line(text: str, width: int, height: int, y: int) -> str:
    """Row ``y`` of ``text`` drawn in a ``width`` x ``height`` clock, ``width`` long."""
    layout = layout_for(text, width, height)
    if layout is None:
        drawn = text.center(width) if y == max(0, (height - 1) // 2) else ""
    else:
        sx, sy = layout.scale
        row = (y - layout.top) // sy if y >= layout.top else GLYPH_ROWS
        if row < GLYPH_ROWS:
            pixels = ".".join(_glyph(ch)[row] for ch in text)
            drawn = " " * layout.columns[0][0]
            drawn += "".join(BLOCK * sx if c == "#" else " " * sx for c in pixels)
        else:
            drawn = ""
    return drawn.ljust(width)[:width]

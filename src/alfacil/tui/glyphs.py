"""Block glyphs for what the back of the room must read: the countdown, and in a
second, smaller size the phase, the presenter, the rule and the clock's state words.

``textual.widgets.Digits`` is three rows high whatever the terminal; a projector at
200x60 wants digits a dozen rows high. Each glyph is a 3x5 pixel table (M and W are
five wide) scaled by whole cells in each direction (a terminal cell is about twice as
tall as it is wide, so columns scale about twice as fast as rows), and below the
smallest scale the text is shown plainly. Banners (:func:`banner`) draw the same
glyphs with half-block characters, two pixel rows to a cell, so a line of words can
be three rows high and still read. Pure functions of text and size, no Textual: the
widgets ask for one line at a time.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
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
    # Letters, for the clock's words (PAUSED, TIME) and the banners.
    "A": (".#.", "#.#", "###", "#.#", "#.#"),
    "B": ("##.", "#.#", "##.", "#.#", "##."),
    "C": (".##", "#..", "#..", "#..", ".##"),
    "D": ("##.", "#.#", "#.#", "#.#", "##."),
    "E": ("###", "#..", "##.", "#..", "###"),
    "F": ("###", "#..", "##.", "#..", "#.."),
    "G": (".##", "#..", "#.#", "#.#", ".##"),
    "H": ("#.#", "#.#", "###", "#.#", "#.#"),
    "I": ("###", ".#.", ".#.", ".#.", "###"),
    "J": ("..#", "..#", "..#", "#.#", ".#."),
    "K": ("#.#", "#.#", "##.", "#.#", "#.#"),
    "L": ("#..", "#..", "#..", "#..", "###"),
    "M": ("#...#", "##.##", "#.#.#", "#...#", "#...#"),
    "N": ("#..#", "##.#", "#.##", "#..#", "#..#"),
    "O": (".#.", "#.#", "#.#", "#.#", ".#."),
    "P": ("##.", "#.#", "##.", "#..", "#.."),
    "Q": (".#.", "#.#", "#.#", "##.", ".##"),
    "R": ("##.", "#.#", "##.", "#.#", "#.#"),
    "S": (".##", "#..", ".#.", "..#", "##."),
    "T": ("###", ".#.", ".#.", ".#.", ".#."),
    "U": ("#.#", "#.#", "#.#", "#.#", "###"),
    "V": ("#.#", "#.#", "#.#", "#.#", ".#."),
    "W": ("#...#", "#...#", "#.#.#", "##.##", "#...#"),
    "X": ("#.#", "#.#", ".#.", "#.#", "#.#"),
    "Y": ("#.#", "#.#", ".#.", ".#.", ".#."),
    "Z": ("###", "..#", ".#.", "#..", "###"),
    ".": (".", ".", ".", ".", "#"),
    ",": ("..", "..", "..", ".#", "#."),
    "'": ("#", "#", ".", ".", "."),
    "!": ("#", "#", "#", ".", "#"),
    "?": ("##.", "..#", ".#.", "...", ".#."),
    "·": (".", ".", "#", ".", "."),
    "/": ("..#", "..#", ".#.", "#..", "#.."),
    "(": (".#", "#.", "#.", "#.", ".#"),
    ")": ("#.", ".#", ".#", ".#", "#."),
    ";": (".", "#", ".", "#", "#"),
}

#: Characters drawn as another: typographic quotes and dashes, a bullet.
SAME_AS = {"’": "'", "‘": "'", "–": "-", "—": "-", "•": "·", "…": "."}

BLOCK = "█"
#: A cell of two pixel rows (top, bottom): empty, lower half, upper half, full.
HALVES = {(False, False): " ", (False, True): "▄", (True, False): "▀", (True, True): "█"}


def _glyph(ch: str) -> tuple[str, ...]:
    return GLYPHS.get(ch, GLYPHS[" "])


def drawable(text: str) -> str | None:
    """``text`` as the glyphs can draw it (upper case, Welsh and other accents taken
    off: ``Tŷ`` is ``TY``), or None if a character has no glyph (then the caller shows
    the text plainly rather than a word with holes in it)."""
    out = []
    for ch in text.upper():
        ch = SAME_AS.get(ch, ch)
        if ch not in GLYPHS:
            ch = unicodedata.normalize("NFKD", ch)[:1]
        if ch not in GLYPHS:
            return None
        out.append(ch)
    return "".join(out)


def pixel_width(text: str) -> int:
    """Width of ``text`` in glyph pixels, with one pixel between glyphs."""
    glyphs = [_glyph(ch) for ch in text]
    return sum(len(g[0]) for g in glyphs) + max(0, len(glyphs) - 1)


def choose_scale(text: str, width: int, height: int) -> tuple[int, int] | None:
    """The largest (columns, rows) per pixel that fits, or None if even 1x1 does not.

    The rows are chosen for the text without its leading ``+``, and only the columns
    give way to make room for it: overtime does not make the digits shorter."""
    base = pixel_width(text.lstrip("+"))
    px = pixel_width(text)
    if base == 0 or width < px or height < GLYPH_ROWS:
        return None
    max_x = width // base
    max_y = height // GLYPH_ROWS
    # A cell is about twice as tall as it is wide: a pixel of two columns per row is
    # square; up to four columns per three rows gives taller digits, which read well.
    sy = max(1, min(max_y, (3 * max_x + 2) // 4))
    sx = max(1, min(width // px, 2 * sy))
    return sx, sy


class Layout(NamedTuple):
    """Where ``text`` goes in a clock of a given size, at ``scale``."""

    top: int
    scale: tuple[int, int]
    columns: tuple[tuple[int, int], ...]  # each glyph's (x, width) in cells


@lru_cache(maxsize=256)
def layout_for(text: str, width: int, height: int) -> Layout | None:
    """Centred big glyphs for ``text``, or None when it is shown plainly.

    Cached: the clock asks for it on every row it draws and on every tick (old and
    new value), and a second's worth of values at one size is a handful of keys."""
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


def changed_cells(old: str, new: str, layout: Layout) -> list[tuple[int, int, int, int]]:
    """Where the drawing of ``new`` differs from that of ``old`` (same length, same
    ``layout``): for each pixel row of each glyph that differs, the cells (x, y, width,
    height) from its first differing pixel to its last. From 9 to 8 that is one pixel,
    not the whole digit, so a tick repaints (and sends to the terminal) a few cells."""
    sx, sy = layout.scale
    cells: list[tuple[int, int, int, int]] = []
    for (x, _width), a, b in zip(layout.columns, old, new, strict=True):
        if a == b:
            continue
        for row, (pixels_a, pixels_b) in enumerate(zip(_glyph(a), _glyph(b), strict=True)):
            differ = [i for i, (p, q) in enumerate(zip(pixels_a, pixels_b, strict=True)) if p != q]
            if differ:
                first, last = differ[0], differ[-1]
                y = layout.top + row * sy
                cells.append((x + first * sx, y, (last - first + 1) * sx, sy))
    return cells


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


# --- banners: words in a second, smaller size ------------------------------------------


def banner_rows(scale: int) -> int:
    """Cell rows of one line of glyphs whose pixels are ``scale`` columns wide and
    ``scale`` half-rows tall (a square pixel, as a cell is twice as tall as wide)."""
    return -(-GLYPH_ROWS * scale // 2)


def _wrap(words: list[str], limit: int) -> list[str] | None:
    """Words in lines of at most ``limit`` pixels, or None if a word alone is wider."""
    lines: list[str] = []
    for word in words:
        if pixel_width(word) > limit:
            return None
        joined = f"{lines[-1]} {word}" if lines else word
        if lines and pixel_width(joined) <= limit:
            lines[-1] = joined
        else:
            lines.append(word)
    return lines


def _draw(text: str, scale: int) -> list[str]:
    """One line of glyphs in half-blocks, ``banner_rows(scale)`` rows, not padded."""
    pixels = [".".join(_glyph(ch)[row] for ch in text) for row in range(GLYPH_ROWS)]

    def lit(half: int, x: int) -> bool:
        row = half // scale
        return row < GLYPH_ROWS and pixels[row][x] == "#"

    rows = []
    for r in range(banner_rows(scale)):
        cells = (HALVES[lit(2 * r, x), lit(2 * r + 1, x)] * scale for x in range(len(pixels[0])))
        rows.append("".join(cells).rstrip())
    return rows


@lru_cache(maxsize=64)
def banner(text: str, width: int, height: int, most: int = 8) -> tuple[str, ...] | None:
    """``text`` in the largest glyphs (pixel ``1..most`` cells) whose lines, wrapped at
    spaces, fit ``width`` x ``height``, each line centred; None when even the smallest
    does not fit or the text has a character with no glyph (shown plainly then)."""
    shown = drawable(text.strip())
    if not shown:
        return None
    words = shown.split()
    for scale in range(most, 0, -1):
        lines = _wrap(words, width // scale)
        if lines is None:
            continue
        rows = banner_rows(scale)
        if len(lines) * rows + len(lines) - 1 > height:
            continue
        out: list[str] = []
        for i, text_line in enumerate(lines):
            if i:
                out.append("")
            drawn = _draw(text_line, scale)
            pad = " " * max(0, (width - pixel_width(text_line) * scale) // 2)
            out.extend(pad + row if row else "" for row in drawn)
        return tuple(out)
    return None

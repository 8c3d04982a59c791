"""Lines that wrap under their own text, not under their bullet or key.

A rule after a bullet, a help entry after its key, a run-sheet step after its mark, an
owner's actions after the name: when the line is longer than the screen, the wrapped
part starts where the text started (a hanging indent), so the column of bullets, keys
and marks stays clear and a duration at the end of a line is never pushed under the
mark. :class:`Hanging` is a Rich renderable, so any ``Static`` can show it and it
wraps at whatever width the widget has now.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.text import Text

#: One entry: what hangs at the left (a bullet, a key, a mark) and the text after it.
Item = tuple[Text, Text]


def hanging_lines(items: Iterable[Item], width: int, console: Console) -> list[list[Text]]:
    """Each item as its screen lines at ``width`` cells: the first with the prefix, the
    others indented by the prefix's width. Headings (an empty prefix and body ending
    in no text) are one line each."""
    out: list[list[Text]] = []
    for prefix, body in items:
        indent = prefix.cell_len
        room = max(1, width - indent)
        wrapped = body.wrap(console, room, overflow="fold") if body.plain else [Text()]
        lines: list[Text] = []
        for i, line in enumerate(wrapped):
            shown = prefix.copy() if i == 0 else Text(" " * indent)
            line.rstrip()
            shown.append_text(line)
            lines.append(shown)
        out.append(lines)
    return out


class Hanging:
    """Items drawn one under another, each wrapping with a hanging indent."""

    def __init__(self, items: Sequence[Item]) -> None:
        self.items = list(items)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        lines = [
            line for item in hanging_lines(self.items, options.max_width, console) for line in item
        ]
        yield Text("\n").join(lines)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        widest = max((prefix.cell_len + body.cell_len for prefix, body in self.items), default=0)
        return Measurement(min(8, widest), min(widest, options.max_width))

    @property
    def plain(self) -> str:
        """The text without wrapping (for tests and for reading it out)."""
        return "\n".join(prefix.plain + body.plain for prefix, body in self.items)

    def __str__(self) -> str:
        return self.plain

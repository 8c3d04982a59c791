"""The parts around the panels: header, step bar, run sheet, footer. Pure views of
the console's frames (:mod:`alfacil.frames`)."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Static

from alfacil.frames import Frame, SheetRow, Ticker
from alfacil.i18n import _, second
from alfacil.text import escape_controls as esc
from alfacil.tui.keys import FOOTER_DROP, PALETTE_KEY, footer_items


def header_left(frame: Frame) -> Text:
    """Phase and presenter first: on a narrow screen the set's name is what gets cut.
    The wall view shows the phase and the presenter alone."""
    text = Text()
    text.append_text(bilingual(frame.title, "bold", " / "))
    if frame.subject:
        text.append(" · ", style="dim")
        text.append(esc(frame.subject), style="bold")
    if frame.wall:
        return text
    text.append("  │  ", style="dim")
    text.append(esc(frame.set_name), style="dim")
    return text


def bilingual(shown: str, style: str, between: str, english_style: str = "") -> Text:
    """``shown`` and, in a bilingual run (``cy+en``), its English after ``between``:
    Welsh first, as bilingual signage in Wales does. Text alfacil did not write (a set
    file's own words) has no English and shows once, as written."""
    text = Text(esc(shown), style=style)
    english = second(shown)
    if english is not None:
        text.append(between, style="dim")
        text.append(esc(english), style=english_style)
    return text


def rule_text(rule: str, style: str = "bold") -> Text:
    """The phase's rule; in a bilingual run its English on the line under it."""
    return bilingual(rule, style, "\n", "italic")


def header_right(ticker: Ticker) -> Text:
    """``14:05   ends 15:40 · 20m to spare``: the wall clock, the projected end and
    how that end stands against the agreed length."""
    text = Text()
    text.append(ticker.wall, style="bold")
    text.append("   " + _("ends") + " ", style="dim")
    text.append(ticker.ends, style="bold")
    text.append(" · ", style="dim")
    over = "bold yellow" if ticker.over else "bold"  # i18n: not text (a style)
    text.append(ticker.ahead_behind, style=over)
    return text


def update_in_place(static: Static, content: Text) -> None:
    """Show ``content`` in ``static``, laying the screen out again only if its size
    changes.

    ``Static.update`` asks for a new layout every time, and a layout is followed by a
    redraw of the whole screen: some 20 ms, as much as three ticks. The wall clock in
    the header changes every minute and the questioning's example every 30 seconds,
    nearly always at the same size: then only the widget is repainted. The sizes are
    compared as Textual's layout asks for them (its own content width and height),
    where the stylesheet makes them the content's (``auto``)."""
    if not static.is_mounted or not static.size:  # not laid out yet: nothing to keep
        static.update(content)
        return
    styles, container, viewport = static.styles, static.container_size, static.screen.size
    width = static.content_size.width
    # Only a size the stylesheet leaves to the content (auto) moves the layout.
    by_width = styles.width is not None and styles.width.is_auto
    by_height = styles.height is None or styles.height.is_auto

    def size() -> tuple[int | None, int | None]:
        return (
            static.get_content_width(container, viewport) if by_width else None,
            static.get_content_height(container, viewport, width) if by_height else None,
        )

    before = size()
    static.update(content, layout=False)
    after = size()
    if after != before:
        static.refresh(layout=True)


class StepBar(Widget):
    """A thin bar of the step's progress."""

    progress: reactive[float] = reactive(0.0)

    def render(self) -> Text:
        width = self.size.width
        filled = round(max(0.0, min(1.0, self.progress)) * width)
        text = Text("━" * filled, style="bold")
        text.append("─" * (width - filled), style="dim")
        return text


MARKS = {
    "current": ("▶ ", "bold reverse"),  # i18n: not text (a style)
    "done": ("✓ ", "dim"),
    "pending": ("  ", ""),
}


def run_sheet(rows: tuple[SheetRow, ...]) -> Table:
    """Done, now and to come, one line per step. The timings keep their own column at
    the right: a title too long for the side panel is cut (…), never its timing."""
    table = Table.grid(expand=True)
    table.add_column(width=2, no_wrap=True)
    table.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
    table.add_column(no_wrap=True, justify="right")
    for row in rows:
        mark, style = MARKS[row.mark]
        title = esc(row.title) + (f" · {esc(row.subject)}" if row.subject else "")
        table.add_row(mark, title, f" {row.timing}", style=style)
    return table


def footer_text(width: int) -> Text:
    """The keys that fit in ``width`` columns, the command palette on the right."""
    keys = footer_items()

    def line(items: list[tuple[str, str]]) -> Text:
        text = Text(" ")
        for i, (key, label) in enumerate(items):
            if i:
                text.append("  ")
            text.append(key, style="bold reverse")  # i18n: not text (a style)
            text.append(f" {label}")
        return text

    text = line(keys)
    for drop in FOOTER_DROP:
        if text.cell_len <= width:
            break
        keys = [k for k in keys if k[0] != drop]
        text = line(keys)
    palette = Text()
    palette.append(PALETTE_KEY[0], style="bold reverse")  # i18n: not text (a style)
    palette.append(f" {_(PALETTE_KEY[1])} ")
    gap = width - text.cell_len - palette.cell_len
    if gap >= 2:
        text.append(" " * gap)
        text.append_text(palette)
    return text


class KeyBar(Widget):
    """The footer: the essential keys in a stable order, as many as fit."""

    def render(self) -> Text:
        return footer_text(self.size.width)

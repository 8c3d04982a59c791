"""The parts around the panels: header, step bar, run sheet. Pure views of values."""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from alfacil.durations import format_clock, format_duration
from alfacil.engine import Session, SessionView
from alfacil.text import escape_controls as esc


def clock_text(view: SessionView) -> str:
    """``12:34`` counting down (rounded up, so zero is reached at zero) or ``+01:05``."""
    if view.remaining > 0:
        return format_clock(int(-(-view.remaining // 1)))
    return "+" + format_clock(int(-view.remaining))


def local(moment: datetime, tz: tzinfo | None) -> datetime:
    return moment.astimezone(tz)


def ahead_behind_text(seconds: float) -> str:
    """How the projected end stands against the agreed length, as the room says it:
    ``20m to spare`` (it will end early), ``10m over`` or ``on time``. ``seconds`` is
    the engine's ``ahead_behind``: projected total minus agreed length."""
    minutes = round(seconds / 60)
    if minutes == 0:
        return "on time"
    return f"{format_duration(abs(minutes) * 60)} {'over' if minutes > 0 else 'to spare'}"


def header_left(session: Session) -> Text:
    """Phase and presenter first: on a narrow screen the set's name is what gets cut."""
    text = Text()
    text.append(esc(session.step.title), style="bold")
    if session.step.subject:
        text.append(" · ", style="dim")
        text.append(esc(session.step.subject), style="bold")
    text.append("  │  ", style="dim")
    text.append(esc(session.config.name), style="dim")
    return text


def header_right(view: SessionView, wall: datetime, tz: tzinfo | None) -> Text:
    """``14:05   ends 15:40 · 20m to spare``: the wall clock, the projected end and
    how that end stands against the agreed length."""
    now = local(wall, tz)
    end = local(wall + timedelta(seconds=view.seconds_to_end), tz)
    text = Text()
    text.append(now.strftime("%H:%M"), style="bold")
    text.append("   ends ", style="dim")
    text.append(end.strftime("%H:%M"), style="bold")
    text.append(" · ", style="dim")
    over = round(view.ahead_behind / 60) > 0
    text.append(ahead_behind_text(view.ahead_behind), style="bold yellow" if over else "bold")
    return text


def caption_text(view: SessionView) -> str:
    if view.finished:
        return "the session has ended · n saves the record"
    if view.paused:
        return "paused · space resumes"
    if view.level == "overtime":
        return "over time"
    if view.level == "warn":
        return "wrap up when ready"
    return ""


class StepBar(Widget):
    """A thin bar of the step's progress."""

    progress: reactive[float] = reactive(0.0)

    def render(self) -> Text:
        width = self.size.width
        filled = round(max(0.0, min(1.0, self.progress)) * width)
        text = Text("━" * filled, style="bold")
        text.append("─" * (width - filled), style="dim")
        return text


def run_sheet(session: Session) -> Text:
    """Done, now and to come, one line per step."""
    text = Text()
    for i, step in enumerate(session.steps):
        if i:
            text.append("\n")
        current = i == session.current and not session.finished
        if current:
            mark, style = "▶ ", "bold reverse"
        elif step.status == "done":
            mark, style = "✓ ", "dim"
        else:
            mark, style = "  ", ""
        line = Text(mark)
        line.append(esc(step.title))
        if step.subject:
            line.append(f" · {esc(step.subject)}")
        if step.status == "done" and not current:
            line.append(
                f"  {format_duration(step.actual_seconds)}/{format_duration(step.adjusted_seconds)}"
            )
        else:
            line.append(f"  {format_duration(step.adjusted_seconds)}")
        line.stylize(style)
        text.append_text(line)
    return text


#: The footer: the session's essential keys, always in this order. The keys of one
#: phase (check-in's Enter, r and [ ], questioning's 1-9 and !, ...) are shown in that
#: phase's panel instead; every key is in the help screen.
FOOTER_KEYS: tuple[tuple[str, str], ...] = (
    ("n", "Next"),
    ("p", "Back"),
    ("space", "Pause"),
    ("+ -", "1 min"),
    ("a", "Action"),
    ("h", "Hide"),
    ("?", "Help"),
    ("q", "Quit"),
)
#: Left out first, in this order, when the footer is too narrow; n, ? and q stay.
FOOTER_DROP = ("+ -", "a", "h", "p", "space")
PALETTE = ("^p", "palette")


def footer_text(width: int) -> Text:
    """The keys that fit in ``width`` columns, the command palette on the right."""
    keys = list(FOOTER_KEYS)

    def line(items: list[tuple[str, str]]) -> Text:
        text = Text(" ")
        for i, (key, label) in enumerate(items):
            if i:
                text.append("  ")
            text.append(key, style="bold reverse")
            text.append(f" {label}")
        return text

    text = line(keys)
    for drop in FOOTER_DROP:
        if text.cell_len <= width:
            break
        keys = [k for k in keys if k[0] != drop]
        text = line(keys)
    palette = Text()
    palette.append(PALETTE[0], style="bold reverse")
    palette.append(f" {PALETTE[1]} ")
    gap = width - text.cell_len - palette.cell_len
    if gap >= 2:
        text.append(" " * gap)
        text.append_text(palette)
    return text


class KeyBar(Widget):
    """The footer: the essential keys in a stable order, as many as fit."""

    def render(self) -> Text:
        return footer_text(self.size.width)

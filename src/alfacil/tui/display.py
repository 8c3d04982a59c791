"""``alfacil display``: the members' screen, a read-only view of the set's autosave.

The app is a view of :class:`~alfacil.wall.Frame` values. One app-level timer wakes
when the shown second is due to change, and at least every ``POLL_EVERY`` seconds so a
key pressed on the console shows within one second; each wake costs one ``os.stat`` of
the autosave (:meth:`Wall.poll` reads the file only when it changed), and only a wake
that changed the file, the shown second or the minute repaints, and then only the
parts whose text changed. Time comes only from ``clock``. It never writes and takes no lock.
"""

from __future__ import annotations

import os
from datetime import tzinfo
from typing import ClassVar

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.timer import Timer
from textual.widgets import Static

from alfacil.clock import Clock
from alfacil.config import SetConfig
from alfacil.paths import SetPaths
from alfacil.tui.app import DEFAULT_THEME, HIGH_CONTRAST_THEME, THEMES
from alfacil.tui.widgets.bigclock import BigClock
from alfacil.tui.widgets.chrome import StepBar, ahead_behind_text
from alfacil.wall import Frame, Wall, next_change

#: Wake this long after the shown second changes, never before it.
WAKE_LATE = 0.01
#: Never wake more often than this (a frozen test clock must not spin the loop).
WAKE_MIN = 0.05
#: Look at the autosave at least this often, so a key pressed on the console shows
#: within a second even when the countdown is paused (a look is one ``os.stat``).
POLL_EVERY = 0.25


def caption_of(frame: Frame) -> str:
    if frame.finished:
        return "the session has ended"
    if frame.paused:
        return "paused"
    if frame.level == "overtime":
        return "over time"
    if frame.level == "warn":
        return "time to wrap up"
    return ""


def title_of(frame: Frame) -> Text:
    text = Text(frame.title, style="bold")
    if frame.presenter:
        text.append(" · ", style="dim")
        text.append(frame.presenter, style="bold")
    return text


def when_of(frame: Frame) -> Text:
    text = Text(frame.wall.strftime("%H:%M"), style="bold")
    if frame.projected_end is not None and not frame.finished:
        text.append("   ends ", style="dim")
        text.append(frame.projected_end.strftime("%H:%M"), style="bold")
        text.append(" · ", style="dim")
        over = round(frame.ahead_behind / 60) > 0
        text.append(ahead_behind_text(frame.ahead_behind), style="bold yellow" if over else "")
    return text


def sheet_of(frame: Frame) -> Text:
    text = Text()
    for i, row in enumerate(frame.sheet):
        if i:
            text.append("\n")
        mark, style = (
            ("▶ ", "bold reverse") if row.current else ("✓ ", "dim") if row.done else ("  ", "")
        )
        text.append(Text(mark + row.text, style=style))
    return text


class DisplayApp(App[int]):
    """The members' screen over a :class:`Wall`; ``q`` (or ctrl+c) leaves."""

    CSS_PATH = "display.tcss"
    TITLE = "alfacil display"
    ENABLE_COMMAND_PALETTE = False
    HORIZONTAL_BREAKPOINTS = [  # noqa: RUF012
        (0, "-narrow"),
        (76, "-normal"),
        (150, "-wide"),
    ]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (20, "-tall")]  # noqa: RUF012
    BINDINGS: ClassVar[list[BindingType]] = [Binding("q", "quit", "Quit", show=False)]

    def __init__(self, wall: Wall, clock: Clock, *, theme: str = "default") -> None:
        super().__init__()
        self.wall = wall
        self.clock = clock
        self.frame: Frame | None = None
        self._shown: dict[str, object] = {}
        self._timer: Timer | None = None
        self.register_theme(DEFAULT_THEME)
        self.register_theme(HIGH_CONTRAST_THEME)
        self.set_reactive(App.theme, THEMES.get(theme, DEFAULT_THEME.name))
        self.stylesheet.set_variables(self.get_css_variables())

    def compose(self) -> ComposeResult:
        with Vertical(id="waiting"):
            yield Static(id="wait-name")
            yield Static(id="wait-time")
            yield Static(id="wait-line")
        with Vertical(id="live"):
            with Horizontal(id="top"):
                yield Static(id="title")
                yield Static(id="when")
            with Horizontal(id="body"):
                with Vertical(id="main"):
                    yield BigClock(id="clock")
                    yield StepBar(id="bar")
                    yield Static(id="caption")
                    yield Static(id="rule")
                    yield Static(id="prompt")
                with VerticalScroll(id="sheet"):
                    yield Static(id="runsheet")
        yield Vertical(id="curtain")

    def on_mount(self) -> None:
        self._clock = self.query_one(BigClock)
        self._bar = self.query_one(StepBar)
        self.refresh_frame(force=True)

    # --- the one timer -----------------------------------------------------------------

    def tick(self) -> None:
        self.refresh_frame()

    def refresh_frame(self, force: bool = False) -> None:
        """Look at the autosave, repaint what changed, and sleep until the next change."""
        changed = self.wall.poll()
        frame = self.wall.frame(self.clock.utcnow())
        previous, self.frame = self.frame, frame
        if (
            force
            or changed
            or previous is None
            or (frame.clock, frame.wall.minute) != (previous.clock, previous.wall.minute)
        ):
            self.paint(frame, force or changed)
        if self._timer is not None:
            self._timer.stop()
        delay = min(POLL_EVERY, max(WAKE_MIN, next_change(frame) + WAKE_LATE))
        self._timer = self.set_timer(delay, self.tick, name="alfacil-display-tick")

    def _changed(self, key: str, value: object) -> bool:
        if key in self._shown and self._shown[key] == value:
            return False
        self._shown[key] = value
        return True

    def paint(self, frame: Frame, force: bool = False) -> None:
        if force:
            self._shown.clear()
        mode = "curtain" if frame.curtain else "live" if frame.state == "running" else "waiting"
        if self._changed("mode", mode):
            for name in ("waiting", "live", "curtain"):
                self.query_one(f"#{name}").display = name == mode
        if mode == "waiting":
            self._paint_waiting(frame)
        elif mode == "live":
            self._paint_live(frame)

    def _update(self, selector: str, value: Text | str) -> None:
        key = value.markup if isinstance(value, Text) else value
        if self._changed(selector, key):
            self.query_one(selector, Static).update(value)

    def _paint_waiting(self, frame: Frame) -> None:
        self._update("#wait-name", Text(frame.set_name))
        self._update("#wait-time", frame.wall.strftime("%H:%M"))
        line = frame.message or "Waiting for the session to start."
        self._update("#wait-line", Text(line))

    def _paint_live(self, frame: Frame) -> None:
        self._update("#title", title_of(frame))
        self._update("#when", when_of(frame))
        if self._changed("clock", frame.clock):
            self._clock.value = frame.clock
        state = "paused" if frame.paused else frame.level
        if self._changed("level", state):
            for name in ("normal", "warn", "overtime", "paused"):
                self._clock.set_class(state == name, f"-{name}")
                self._bar.set_class(state == name, f"-{name}")
                self.query_one("#caption").set_class(state == name, f"-{name}")
        cells = max(1, self._bar.size.width)
        progress = round(frame.progress * cells) / cells
        if self._changed("progress", progress):
            self._bar.progress = progress
        self._update("#caption", caption_of(frame))
        self._update("#rule", Text(frame.rule))
        prompt = Text()
        if frame.prompt:
            prompt.append("For example: ", style="dim")
            prompt.append(frame.prompt, style="italic")
        self._update("#prompt", prompt)
        self.query_one("#prompt").display = bool(frame.prompt)
        self._update("#runsheet", sheet_of(frame))

    def shown_text(self) -> str:
        """What the screen says, as plain text (for tests): the parts on screen."""
        parts: list[str] = []
        for widget in self.screen.query(Static):
            if widget.is_on_screen:
                content = widget.content
                parts.append(content.plain if isinstance(content, Text) else str(content))
        if self._clock.is_on_screen:
            parts.append(self._clock.value)
        return "\n".join(parts)


def make_display_app(
    paths: SetPaths,
    clock: Clock,
    *,
    config: SetConfig | None = None,
    set_name: str | None = None,
    tz: tzinfo | None = None,
) -> DisplayApp:
    """The members' screen of the set at ``paths``; ``tz`` fixes the shown zone (tests)."""
    wall = Wall(paths, config=config, set_name=set_name, tz=tz)
    return DisplayApp(wall, clock, theme=config.theme if config is not None else "default")


def run_display(app: DisplayApp) -> int:
    """Run the display until ``q`` or ctrl+c; it is sized from the terminal itself."""
    if "TEXTUAL_DRIVER" not in os.environ:  # in a browser, textual-serve sets the size
        for name in ("COLUMNS", "LINES"):
            os.environ.pop(name, None)
    result = app.run()
    return result if isinstance(result, int) else (app.return_code or 0)


__all__ = ["DisplayApp", "make_display_app", "run_display"]

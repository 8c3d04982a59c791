"""``alfacil display``: the members' screen, a read-only view of the set's autosave.

The app is a view of :class:`~alfacil.wall.Frame` values. One app-level timer (a loop
callback) wakes when the shown second is due to change, and at least every
``POLL_EVERY`` seconds so a key pressed on the console shows within one second. Each
wake costs one ``os.stat`` of the autosave (:meth:`Wall.poll` reads the file only when
it changed); the frame is computed only when the file changed or the second is due,
and only the parts whose values changed are rebuilt and repainted. Time comes only
from ``clock``. It never writes and takes no lock.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable
from datetime import tzinfo
from typing import ClassVar

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Static

from alfacil.clock import Clock
from alfacil.config import SetConfig
from alfacil.frames import ahead_behind_text
from alfacil.i18n import N_, _
from alfacil.paths import SetPaths
from alfacil.tui.heap import freeze_once
from alfacil.tui.themes import ALL_THEMES, DEFAULT_THEME, THEMES, clock_defaults
from alfacil.tui.widgets.bigclock import BigClock
from alfacil.tui.widgets.chrome import StepBar, bilingual, rule_text
from alfacil.tui.words import speak
from alfacil.wall import Frame, Wall, next_change

#: Wake this long after the shown second changes, never before it.
WAKE_LATE = 0.01
#: Never wake more often than this (a frozen test clock must not spin the loop).
WAKE_MIN = 0.05
#: Look at the autosave at least this often, so a key pressed on the console shows
#: within a second even when the countdown is paused (a look is one ``os.stat``).
POLL_EVERY = 0.5


def caption_of(frame: Frame) -> str:
    if frame.finished:
        return _("the session has ended")
    if frame.reflection is not None:
        return _("Silent reflection · paused") if frame.paused else _("Silent reflection")
    if frame.paused:
        return _("paused")
    if frame.level == "overtime":
        return _("over time")
    if frame.level == "warn":
        return _("time to wrap up")
    return ""


def title_of(frame: Frame) -> Text:
    text = bilingual(frame.title, "bold", " / ")
    if frame.presenter:
        text.append(" · ", style="dim")
        text.append(frame.presenter, style="bold")
    return text


def when_of(frame: Frame) -> Text:
    text = Text(frame.wall.strftime("%H:%M"), style="bold")
    if frame.projected_end is not None and not frame.finished:
        text.append("   " + _("ends") + " ", style="dim")
        text.append(frame.projected_end.strftime("%H:%M"), style="bold")
        text.append(" · ", style="dim")
        over = round(frame.ahead_behind / 60) > 0
        style = "bold yellow" if over else ""  # i18n: not text (a style)
        text.append(ahead_behind_text(frame.ahead_behind), style=style)
    return text


def sheet_of(frame: Frame) -> Text:
    text = Text()
    for i, row in enumerate(frame.sheet):
        if i:
            text.append("\n")
        mark, style = (
            ("▶ ", "bold reverse")  # i18n: not text (a style)
            if row.current
            else ("✓ ", "dim")
            if row.done
            else ("  ", "")
        )
        text.append(Text(mark + row.text, style=style))
    return text


def prompt_of(frame: Frame) -> Text:
    prompt = Text()
    if frame.prompt:
        prompt.append(_("For example:") + " ", style="dim")
        prompt.append(frame.prompt, style="italic")
    return prompt


class DisplayApp(App[int]):
    """The members' screen over a :class:`Wall`; ``q`` (or ctrl+c) leaves."""

    CSS_PATH = "display.tcss"
    TITLE = "alfacil display"  # i18n: not text (the command's name)
    ENABLE_COMMAND_PALETTE = False
    HORIZONTAL_BREAKPOINTS = [  # noqa: RUF012
        (0, "-narrow"),
        (76, "-normal"),
        (150, "-wide"),
    ]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (20, "-tall")]  # noqa: RUF012
    BINDINGS: ClassVar[list[BindingType]] = [Binding("q", "quit", N_("Quit"), show=False)]

    def __init__(self, wall: Wall, clock: Clock, *, theme: str = "default") -> None:
        super().__init__()
        speak(self)
        self.wall = wall
        self.clock = clock
        self.frame: Frame | None = None
        self._shown: dict[str, object] = {}
        self._handle: asyncio.TimerHandle | None = None
        self._due: float | None = None  # loop time at which the shown second changes
        for each in ALL_THEMES:
            self.register_theme(each)
        self.set_reactive(App.theme, THEMES.get(theme, DEFAULT_THEME.name))
        self.stylesheet.set_variables(self.get_css_variables())
        light = not self.current_theme.dark
        self.set_class(not light, "-dark-mode", update=False)
        self.set_class(light, "-light-mode", update=False)

    def get_theme_variable_defaults(self) -> dict[str, str]:
        """The countdown's colours for a theme that does not set them."""
        return {**super().get_theme_variable_defaults(), **clock_defaults(self.current_theme)}

    def compose(self) -> ComposeResult:
        # Each mode's parts carry its class (``mode-live``...): the live screen's top
        # line and body sit on the screen itself, not in a container of their own, as
        # Textual redraws every widget in the countdown's container (and their
        # parents' other children) on each tick: one full-height level fewer.
        with Vertical(id="waiting", classes="mode-waiting"):
            yield Static(id="wait-name")
            yield Static(id="wait-time")
            yield Static(id="wait-line")
        with Horizontal(id="top", classes="mode-live"):
            yield Static(id="title")
            yield Static(id="when")
        with Horizontal(id="body", classes="mode-live"):
            with Vertical(id="main"):
                yield BigClock(id="clock")
                yield StepBar(id="bar")
                yield Static(id="caption")
                yield Static(id="rule")
                yield Static(id="prompt")
            with VerticalScroll(id="sheet"):
                yield Static(id="runsheet")
        yield Vertical(id="curtain", classes="mode-curtain")

    def on_mount(self) -> None:
        freeze_once()  # start-up is done: the collector need not walk it again
        self._clock = self.query_one(BigClock)
        self._bar = self.query_one(StepBar)
        self.refresh_frame(force=True)

    # --- the one timer -----------------------------------------------------------------

    def tick(self) -> None:
        """A wake: one ``os.stat``; the frame is computed only if the autosave changed or
        the shown second is due (most wakes in a paused or quiet room end here)."""
        self._handle = None
        loop = asyncio.get_running_loop()
        changed = self.wall.poll()
        if not changed and self._due is not None and loop.time() < self._due:
            self._arm(loop, self._due - loop.time())
            return
        self.refresh_frame(changed=changed)

    def refresh_frame(self, force: bool = False, changed: bool | None = None) -> None:
        """Look at the autosave, repaint what changed, and sleep until the next change."""
        if changed is None:
            changed = self.wall.poll()
        frame = self.wall.frame(self.clock.utcnow())
        previous, self.frame = self.frame, frame
        if (
            force
            or changed
            or previous is None
            or (frame.clock, frame.wall.minute) != (previous.clock, previous.wall.minute)
        ):
            self.paint(frame, force)  # a re-read that changed nothing shown repaints nothing
        loop = asyncio.get_running_loop()
        delay = max(WAKE_MIN, next_change(frame) + WAKE_LATE)
        self._due = loop.time() + delay
        self._arm(loop, delay)

    def _arm(self, loop: asyncio.AbstractEventLoop, delay: float) -> None:
        # A bare loop callback, not a Textual timer: a wake that only stats the file
        # should cost next to nothing (the display must not use more CPU than the
        # console it follows, though it looks at the file twice a second).
        if self._handle is not None:
            self._handle.cancel()
        self._handle = loop.call_later(min(POLL_EVERY, max(WAKE_MIN, delay)), self.tick)

    def on_unmount(self) -> None:
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None

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
                for part in self.query(f".mode-{name}"):
                    part.display = name == mode
        if mode == "waiting":
            self._paint_waiting(frame)
        elif mode == "live":
            self._paint_live(frame)

    def _show(self, selector: str, key: object, make: Callable[[], Text | str]) -> None:
        """Update ``selector`` with ``make()`` when ``key`` (the plain values it is made
        of) changed: the text is built only when it will be shown."""
        if self._changed(selector, key):
            self.query_one(selector, Static).update(make())

    def _paint_waiting(self, frame: Frame) -> None:
        self._show("#wait-name", frame.set_name, lambda: Text(frame.set_name))
        minute = frame.wall.strftime("%H:%M")
        self._show("#wait-time", minute, lambda: minute)
        line = frame.message or _("Waiting for the session to start.")
        self._show("#wait-line", line, lambda: Text(line))

    def _paint_live(self, frame: Frame) -> None:
        self._show("#title", (frame.title, frame.presenter), lambda: title_of(frame))
        end = frame.projected_end
        when = (
            frame.wall.strftime("%H:%M"),
            end.strftime("%H:%M") if end is not None else "",
            round(frame.ahead_behind / 60),
            frame.finished,
        )
        self._show("#when", when, lambda: when_of(frame))
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
        caption = caption_of(frame)
        self._show("#caption", caption, lambda: caption)
        self._show("#rule", frame.rule, lambda: rule_text(frame.rule, ""))
        if self._changed("prompt-shown", bool(frame.prompt)):
            self.query_one("#prompt").display = bool(frame.prompt)
        self._show("#prompt", frame.prompt, lambda: prompt_of(frame))
        self._show("#runsheet", frame.sheet, lambda: sheet_of(frame))

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

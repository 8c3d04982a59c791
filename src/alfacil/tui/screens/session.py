"""The screen the room sees: header, countdown, bar, phase panel, side panel, keys."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, tzinfo

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static

from alfacil.engine import Session, SessionView
from alfacil.tui.widgets.bigclock import BigClock
from alfacil.tui.widgets.chrome import (
    KeyBar,
    StepBar,
    caption_text,
    clock_text,
    header_left,
    header_right,
    run_sheet,
)
from alfacil.tui.widgets.panels import PhasePanel, panel_for


class SessionScreen(Screen[None]):
    HORIZONTAL_BREAKPOINTS = [  # noqa: RUF012
        (0, "-narrow"),
        (76, "-normal"),
        (150, "-wide"),
    ]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (20, "-tall")]  # noqa: RUF012

    def __init__(
        self, session: Session, now: float, fill: Callable[[], None], record_path: str = ""
    ) -> None:
        """``fill`` paints the session on the screen; it is called once the screen is
        mounted, before its first frame, so that frame is already complete.
        ``record_path`` is where the record will be written (shown on the close)."""
        super().__init__()
        self._fill = fill
        self.record_path = record_path
        step = session.step
        # The current step's panel is composed with the screen, not mounted after it.
        self._panel_key: tuple[int, str, str | None] | None = (
            session.current,
            step.kind,
            step.subject,
        )
        self._shown: dict[str, object] = {}
        self._panel: PhasePanel | None = panel_for(session, now, record_path)
        self.ready = False

    def compose(self) -> ComposeResult:
        with Horizontal(id="header"):
            yield Static(id="header-left")
            yield Static(id="header-right")
        yield Static(id="save-warning")
        with Horizontal(id="body"):
            with Vertical(id="main"):
                yield BigClock(id="clock")
                yield StepBar(id="bar")
                yield Static(id="caption")
                yield Static(id="advice")
                with Vertical(id="phase"):
                    if self._panel is not None:
                        yield self._panel
            with Vertical(id="side"):
                yield Static(id="rule")
                yield Static(id="guidance")
                with VerticalScroll(id="runsheet-box"):
                    yield Static(id="runsheet")
        yield KeyBar(id="keys")

    class Ready(Message):
        """The screen is composed: the app can show the session on it."""

    def on_mount(self) -> None:
        # What show_time touches every second, looked up once.
        self._clock = self.query_one(BigClock)
        self._bar = self.query_one(StepBar)
        self._caption = self.query_one("#caption", Static)
        self._header_right = self.query_one("#header-right", Static)
        self.query_one("#save-warning").display = False
        self.query_one("#advice").display = False
        self.set_class(self._panel_key is not None and self._panel_key[1] == "close", "-closing")
        self.ready = True
        self._fill()
        self.post_message(self.Ready())

    def _changed(self, key: str, value: object) -> bool:
        if self._shown.get(key, None) == value and key in self._shown:
            return False
        self._shown[key] = value
        return True

    @property
    def panel(self) -> PhasePanel | None:
        """The panel of the current step, once it is composed and filled."""
        panel = self._panel
        return panel if panel is not None and panel.ready and panel.is_attached else None

    def show_state(self, session: Session, now: float) -> None:
        """Everything that changes only when the facilitator does something."""
        step = session.step
        key = (session.current, step.kind, step.subject)
        phase_box = self.query_one("#phase", Vertical)
        if key != self._panel_key:
            self._panel_key = key
            phase_box.remove_children()
            self._panel = panel_for(session, now, self.record_path)
            phase_box.mount(self._panel)
            self.set_class(step.kind == "close", "-closing")
        elif self.panel is not None:
            self.panel.update_state(session)
        phase = session.phase
        self.query_one("#header-left", Static).update(header_left(session))
        rule = Text(phase.rule, style="bold")
        self.query_one("#rule", Static).update(rule)
        self.query_one("#guidance", Static).update(Text(phase.guidance))
        self.query_one("#runsheet", Static).update(run_sheet(session))

    def show_time(
        self,
        session: Session,
        view: SessionView,
        now: float,
        wall: datetime,
        tz: tzinfo | None,
        force: bool = False,
    ) -> None:
        """What moves with the clock; each part is repainted only when it changes."""
        if force:
            self._shown.clear()
        text = clock_text(view)
        clock, bar = self._clock, self._bar
        if self._changed("clock", text):
            clock.value = text
        state = "paused" if view.paused else view.level
        if self._changed("level", state):
            for name in ("normal", "warn", "overtime", "paused"):
                clock.set_class(state == name, f"-{name}")
                bar.set_class(state == name, f"-{name}")
                self._caption.set_class(state == name, f"-{name}")
        # Only a whole cell more of the bar is worth a repaint.
        cells = max(1, bar.size.width)
        progress = round(view.progress * cells) / cells
        if self._changed("progress", progress):
            bar.progress = progress
        caption = caption_text(view)
        if self._changed("caption", caption):
            self._caption.update(caption)
        right = header_right(view, wall, tz)  # changes once a minute at most
        if self._changed("header-right", right.plain):
            self._header_right.update(right)
        panel = self.panel
        if (
            panel is not None
            and panel.ready
            and self._changed("panel-time", (int(view.elapsed), id(panel)))
        ):
            panel.update_time(session, now)

    def show_save_error(self, message: str | None) -> None:
        if not self._changed("save-error", message):
            return
        warning = self.query_one("#save-warning", Static)
        warning.display = message is not None
        if message is not None:
            text = Text("Could not save: ", style="bold")
            text.append(message)
            text.append("  Everything is kept in memory; the session goes on.")
            warning.update(text)

    def show_advice(self, visible: bool) -> None:
        if not self._changed("advice", visible):
            return
        advice = self.query_one("#advice", Static)
        advice.display = visible
        if visible:
            advice.update("A gentle reminder: open questions, not advice.")

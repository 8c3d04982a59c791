"""The facilitator's console: ``make_app`` builds it, ``run_console`` runs it.

The app is a thin view over a :class:`~alfacil.runner.Runner`. One timer wakes it at
the moment the shown second changes (re-armed each time from the engine's remaining
time) and it repaints only what changed (the shown second, the level, the wall-clock
minute). Every key the facilitator presses becomes one
engine call followed by ``runner.save()``; a failed save is shown on screen and the
session goes on with everything in memory. Time comes only from ``runner.clock``.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
from collections.abc import Iterable
from datetime import tzinfo
from pathlib import Path
from typing import ClassVar, Literal

from textual import on
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.theme import Theme
from textual.timer import Timer

from alfacil.engine import EngineError, Level, Session
from alfacil.runner import Runner
from alfacil.store import StoreError
from alfacil.tui.screens.curtain import Curtain
from alfacil.tui.screens.session import SessionScreen
from alfacil.tui.widgets.panels import (
    ATTENDANCE_CYCLE,
    AddInsight,
    AddLearning,
    CycleAttendance,
    EditAction,
    EditRatings,
    EditUpdate,
    MovePresenter,
    RemoveAction,
    TogglePresenter,
)

Mode = Literal["ask", "resume", "fresh"]

#: The longest the timer sleeps (paused, finished): autosave and wall clock go on.
TICK_SECONDS = 1.0
#: Wake this long after the shown second changes, never before it.
WAKE_LATE = 0.01
#: Never wake more often than this (a frozen test clock must not spin the loop).
WAKE_MIN = 0.05
ADVICE_SECONDS = 6.0

DEFAULT_THEME = Theme(
    name="alfacil",
    primary="#5FA8D3",
    secondary="#8FB8A8",
    accent="#7FC8F8",
    foreground="#E8E8E8",
    background="#111418",
    surface="#181C22",
    panel="#20262E",
    success="#4CC38A",
    warning="#F2B33D",
    error="#F2594B",
    dark=True,
)
HIGH_CONTRAST_THEME = Theme(
    name="alfacil-high-contrast",
    primary="#FFFFFF",
    secondary="#FFFFFF",
    accent="#00FFFF",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#1A1A1A",
    success="#00FF66",
    warning="#FFD400",
    error="#FF3B3B",
    dark=True,
    luminosity_spread=0.3,
    text_alpha=1.0,
)
THEMES = {"default": DEFAULT_THEME.name, "high-contrast": HIGH_CONTRAST_THEME.name}

#: Every key, for the help screen (the footer shows the ones that apply now).
KEYS: list[tuple[str, str]] = [
    ("space", "pause or resume the clock"),
    ("n  or  →", "next step (on the last one: save the record and finish)"),
    ("p  or  ←", "back to the previous step; its clock continues"),
    ("+  /  -", "one minute more / less for this step"),
    ("a", "add an action (owner defaults to the presenter)"),
    ("1 … 9", "questioning: count a question for supporter N"),
    ("!", "questioning: a gentle reminder, questions not advice"),
    ("h", "curtain: hide everything; h again to return"),
    ("?", "this help"),
    ("q", "quit (asks first; the session is saved and can be resumed)"),
    ("ctrl+p", "commands, including the high-contrast theme"),
    ("", ""),
    ("↑ ↓", "move in a list"),
    ("enter", "check-in: attendance · updates: status · actions: edit · evaluation: rate"),
    ("r", "check-in: presenter on or off"),
    ("[  ]", "check-in: present earlier / later"),
    ("x", "summing up: remove the highlighted action"),
    ("i", "summing up: add an insight"),
    ("l", "evaluation: add a learning"),
    ("tab", "move between fields in a form; esc cancels it"),
]

SESSION_ACTIONS = frozenset(
    {"pause", "next", "step_back", "adjust", "add_action", "tally", "advice", "help", "quit"}
)


class Blank(Screen[None]):
    """Shown under the resume question, before any session exists."""


class AlfacilApp(App[int]):
    CSS_PATH = "alfacil.tcss"
    TITLE = "alfacil"
    ENABLE_COMMAND_PALETTE = True

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "pause", "Pause/resume"),
        Binding("n,right", "next", "Next", key_display="n"),
        Binding("p,left", "step_back", "Back", key_display="p"),
        Binding("plus,equals_sign", "adjust(60)", "+1 min", key_display="+"),
        Binding("minus", "adjust(-60)", "-1 min", key_display="-"),
        Binding("a", "add_action", "Action"),
        Binding("1", "tally(1)", "Question", key_display="1-9"),
        *[Binding(str(i), f"tally({i})", f"Question {i}", show=False) for i in range(2, 10)],
        Binding("exclamation_mark", "advice", "Advice!", key_display="!"),
        Binding("h", "curtain", "Hide"),
        Binding("question_mark", "help", "Help", key_display="?"),
        Binding("q", "quit", "Quit"),
    ]

    def __init__(
        self,
        runner: Runner,
        mode: Mode = "ask",
        *,
        tz: tzinfo | None = None,
        signals: Iterable[int] = (),
    ) -> None:
        super().__init__()
        self.runner = runner
        self.mode = mode
        self.tz = tz
        self.signals = tuple(signals)
        self.session_screen: SessionScreen | None = None
        self.record_path: Path | None = None
        self._level: tuple[int, Level] | None = None
        self._advice_until: float | None = None
        self._timer: Timer | None = None
        self.register_theme(DEFAULT_THEME)
        self.register_theme(HIGH_CONTRAST_THEME)
        # Set without the watcher, which would parse the whole stylesheet a second time
        # just after the first parse; instead the stylesheet is given this theme's
        # variables before that first parse. Both themes are dark, like Textual's
        # default, so the app's classes stay right.
        self.set_reactive(App.theme, THEMES.get(runner.config.theme, DEFAULT_THEME.name))
        self.stylesheet.set_variables(self.get_css_variables())

    # --- start ------------------------------------------------------------------------

    @property
    def session(self) -> Session | None:
        return self.runner.session

    def on_mount(self) -> None:
        from alfacil.tui.screens.modals import ResumeChoice

        self._install_signals()
        self.push_screen(Blank())
        pending = self.runner.pending
        if pending is not None and self.mode == "ask":
            step = pending.session.steps[pending.current_index]
            who = f" · {step.subject}" if step.subject else ""
            started = pending.session.started_at.astimezone(self.tz)
            saved = pending.saved_at.astimezone(self.tz)
            text = (
                f"The session started {started:%a %d %b %H:%M} was last saved at "
                f"{saved:%H:%M}, during {step.title}{who}."
            )
            self.push_screen(ResumeChoice(text), self._resume_chosen)
        elif pending is not None and self.mode == "resume":
            self._begin("resume")
        elif pending is not None:
            self._begin("fresh")
        else:
            self._begin("new")

    def _resume_chosen(self, choice: str | None) -> None:
        self._begin("resume" if choice == "resume" else "fresh")

    def _begin(self, how: str) -> None:
        try:
            if how == "resume":
                self.runner.resume()
            else:
                if how == "fresh" and self.runner.pending is not None:
                    path = self.runner.close_pending()
                    if path is not None:
                        self.notify(f"The unfinished session was kept as {path}", markup=False)
                self.runner.start_new()
        except StoreError as exc:
            self.notify(str(exc), severity="error", markup=False, timeout=30)
            if self.runner.session is None:
                return
        session = self.runner.session
        assert session is not None
        path = self.runner.store.paths.session_file(session.record.session_id)
        self.session_screen = SessionScreen(session, self.runner.now(), self._fill, str(path))
        self.push_screen(self.session_screen)
        self._arm()

    def _install_signals(self) -> None:
        if not self.signals:
            return
        loop = asyncio.get_running_loop()
        for sig in self.signals:
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(sig, self._on_signal)

    def _on_signal(self) -> None:
        """SIGHUP or SIGTERM: the terminal is going; keep the session and leave."""
        self.runner.save()
        self.exit(0)

    # --- painting ---------------------------------------------------------------------

    def tick(self) -> None:
        """The timer: autosave when due, auto-advance, repaint what changed, re-arm."""
        session = self.session
        if session is None:
            return
        now = self.runner.now()
        self.runner.tick()
        if session.tick(now):
            self._save()
            self.repaint(True)
        else:
            self.repaint(False)
        self._arm()

    def _arm(self) -> None:
        """Set the one timer to wake when the next thing on screen is due to change."""
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(self._next_wake(), self.tick, name="alfacil-tick")

    def _next_wake(self) -> float:
        """Seconds until the countdown shows another second (at most ``TICK_SECONDS``).

        Counting down the shown figure is the remaining time rounded up, in overtime
        the overtime rounded down: either way it changes when the remaining time
        crosses a whole second, ``remaining % 1`` from now.
        """
        session = self.session
        if session is None or session.finished or session.paused:
            return TICK_SECONDS
        now = self.runner.now()
        delay = session.view(now).remaining % 1.0 or 1.0
        if self._advice_until is not None:
            delay = min(delay, self._advice_until - now)
        return min(TICK_SECONDS, max(WAKE_MIN, delay + WAKE_LATE))

    def repaint(self, state_changed: bool = False) -> None:
        """Bring the screen up to date; ``state_changed`` after the facilitator acted."""
        session, screen = self.session, self.session_screen
        if session is None or screen is None or not screen.ready or not screen.is_attached:
            return
        try:
            self._repaint(session, screen, state_changed)
        except NoMatches:
            # Only while the app is being torn down: the screen's widgets go first.
            return

    def _repaint(self, session: Session, screen: SessionScreen, state_changed: bool) -> None:
        now = self.runner.now()
        view = session.view(now)
        self._ring(view.index, view.level, view.paused, view.finished)
        if state_changed:
            screen.show_state(session, now)
        screen.show_time(session, view, now, self.runner.clock.utcnow(), self.tz)
        screen.show_save_error(self.runner.save_error)
        if self._advice_until is not None and now >= self._advice_until:
            self._advice_until = None
        screen.show_advice(self._advice_until is not None)

    def _fill(self) -> None:
        """The session screen is mounted: paint it all before its first frame."""
        self.repaint(True)

    def on_session_screen_ready(self, message: SessionScreen.Ready) -> None:
        self.refresh_bindings()

    def _ring(self, index: int, level: Level, paused: bool, finished: bool) -> None:
        """The bell once when a running step crosses its warn mark, and once at zero."""
        previous, self._level = self._level, (index, level)
        if previous is None or previous[0] != index or paused or finished:
            return
        order = {"normal": 0, "warn": 1, "overtime": 2}
        if order[level] > order[previous[1]] and self.runner.config.bell:
            self.bell()

    def _save(self) -> None:
        error = self.runner.save()
        if error is not None and self.session_screen is not None:
            self.session_screen.show_save_error(error)

    def _changed(self) -> None:
        """After every change of state: save, show it, and re-time the next wake (a new
        step or a pause moves the moment the shown second changes)."""
        self._save()
        self.repaint(True)
        self.refresh_bindings()
        if self._timer is not None:
            self._arm()

    def _error(self, exc: Exception) -> None:
        self.notify(str(exc), severity="warning", markup=False)

    # --- which keys apply -------------------------------------------------------------

    def _live(self) -> bool:
        return self.session is not None and self.screen is self.session_screen

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "curtain":
            return self.session is not None and (
                self.screen is self.session_screen or isinstance(self.screen, Curtain)
            )
        if action in SESSION_ACTIONS:
            if not self._live():
                return False
            session = self.session
            assert session is not None
            if action in ("tally", "advice"):
                return session.phase.kind == "questioning" and not session.finished
        return True

    # --- the session keys ---------------------------------------------------------------

    def action_pause(self) -> None:
        if not self._live() or self.session is None:
            return
        try:
            self.session.toggle_pause(self.runner.now())
        except EngineError as exc:
            self._error(exc)
            return
        self._changed()

    def action_next(self) -> None:
        session = self.session
        if not self._live() or session is None:
            return
        if not session.finished:
            try:
                session.next(self.runner.now())
            except EngineError as exc:
                self._error(exc)
                return
            self._advice_until = None
            self._changed()
        if session.finished:
            self._complete()

    def _complete(self) -> None:
        from alfacil.tui.screens.modals import Finished

        try:
            path = self.runner.complete()
        except StoreError as exc:
            if self.session_screen is not None:
                self.session_screen.show_save_error(str(exc))
            self.notify(
                f"The record could not be written: {exc}. Nothing is lost; press n to try again.",
                severity="error",
                markup=False,
                timeout=20,
            )
            return
        self.record_path = path
        self.push_screen(Finished(str(path)))

    def action_step_back(self) -> None:
        session = self.session
        if not self._live() or session is None:
            return
        try:
            session.back(self.runner.now())
        except EngineError as exc:
            self._error(exc)
            return
        self._advice_until = None
        self._changed()

    def action_adjust(self, delta: int) -> None:
        session = self.session
        if not self._live() or session is None:
            return
        try:
            session.adjust(delta, self.runner.now())
        except EngineError as exc:
            self._error(exc)
            return
        self._changed()

    def action_tally(self, number: int) -> None:
        session = self.session
        if not self._live() or session is None:
            return
        supporters = session.supporters()
        if not 1 <= number <= len(supporters):
            self.notify(f"There is no supporter {number} in this turn.", severity="warning")
            return
        try:
            session.tally_question(supporters[number - 1])
        except EngineError as exc:
            self._error(exc)
            return
        self._changed()

    def action_advice(self) -> None:
        session = self.session
        if not self._live() or session is None:
            return
        try:
            session.advice_reminder()
        except EngineError as exc:
            self._error(exc)
            return
        self._advice_until = self.runner.now() + ADVICE_SECONDS
        self._changed()

    def action_add_action(self) -> None:
        from alfacil.tui.screens.modals import ActionForm

        session = self.session
        if not self._live() or session is None or session.finished:
            return
        owner = session.presenter or (session.present or session.record.members)[0]
        self.push_screen(ActionForm(self._owners(session), owner), self._action_added)

    def _owners(self, session: Session) -> list[str]:
        present = session.present
        return present + [m for m in session.record.members if m not in present]

    def _action_added(self, result: object) -> None:
        from alfacil.tui.screens.modals import ActionInput

        session = self.session
        if session is None or not isinstance(result, ActionInput):
            return
        try:
            session.add_action(result.owner, result.text, self.runner.now(), result.due)
        except EngineError as exc:
            self._error(exc)
            return
        self._changed()

    def action_curtain(self) -> None:
        if isinstance(self.screen, Curtain):
            self.pop_screen()
            self.runner.set_curtain(False)
        elif self._live():
            self.clear_notifications()  # a toast may name someone
            self.push_screen(Curtain())
            self.runner.set_curtain(True)

    def action_help(self) -> None:
        from alfacil.tui.screens.modals import Help

        if self._live():
            self.push_screen(Help(KEYS))

    async def action_quit(self) -> None:
        from alfacil.tui.screens.modals import ConfirmQuit

        if self.session is None or self.record_path is not None:
            self.exit(0)
            return
        if not self._live():
            return

        def answered(leave: bool | None) -> None:
            if leave:
                self.runner.save()
                self.exit(0)

        self.push_screen(ConfirmQuit(), answered)

    # --- what the panels ask for -----------------------------------------------------

    @on(CycleAttendance)
    def _cycle(self, message: CycleAttendance) -> None:
        session = self.session
        if session is None:
            return
        status = session.record.attendance.get(message.key, "present")
        try:
            session.set_attendance(message.key, ATTENDANCE_CYCLE[status])
        except EngineError as exc:
            self._error(exc)
            return
        self._changed()

    @on(TogglePresenter)
    def _toggle_presenter(self, message: TogglePresenter) -> None:
        session = self.session
        if session is None:
            return
        presenters = list(session.record.presenters)
        if message.key in presenters:
            presenters.remove(message.key)
        else:
            presenters.append(message.key)
        self._set_presenters(session, presenters)

    @on(MovePresenter)
    def _move_presenter(self, message: MovePresenter) -> None:
        session = self.session
        if session is None:
            return
        presenters = list(session.record.presenters)
        if message.key not in presenters:
            return
        i = presenters.index(message.key)
        j = i + message.delta
        if not 0 <= j < len(presenters):
            return
        presenters[i], presenters[j] = presenters[j], presenters[i]
        self._set_presenters(session, presenters)

    def _set_presenters(self, session: Session, presenters: list[str]) -> None:
        try:
            session.set_presenters(presenters)
        except EngineError as exc:
            self._error(exc)
            return
        self._changed()

    @on(EditUpdate)
    def _edit_update(self, message: EditUpdate) -> None:
        from alfacil.tui.screens.modals import UpdateForm, UpdateInput

        session = self.session
        if session is None:
            return
        action = next((a for a in session.open_actions if a.id == message.key), None)
        if action is None:
            return
        update = session.update_for(action.id)

        def done(result: object) -> None:
            if not isinstance(result, UpdateInput):
                return
            try:
                session.record_update(action.id, result.status, self.runner.now(), result.note)
            except EngineError as exc:
                self._error(exc)
                return
            self._changed()

        self.push_screen(
            UpdateForm(
                action.owner,
                action.text,
                update.status if update else None,
                update.note if update else "",
            ),
            done,
        )

    @on(EditAction)
    def _edit_action(self, message: EditAction) -> None:
        from alfacil.tui.screens.modals import ActionForm, ActionInput

        session = self.session
        if session is None:
            return
        action = next((a for a in session.record.actions if a.id == message.key), None)
        if action is None:
            return

        def done(result: object) -> None:
            if not isinstance(result, ActionInput):
                return
            try:
                session.edit_action(
                    action.id,
                    text=result.text,
                    owner=result.owner,
                    due=result.due,
                    clear_due=result.due is None,
                )
            except EngineError as exc:
                self._error(exc)
                return
            self._changed()

        self.push_screen(
            ActionForm(self._owners(session), action.owner, action.text, action.due, "Edit action"),
            done,
        )

    @on(RemoveAction)
    def _remove_action(self, message: RemoveAction) -> None:
        session = self.session
        if session is None:
            return
        try:
            session.remove_action(message.key)
        except EngineError as exc:
            self._error(exc)
            return
        self._changed()

    @on(AddInsight)
    def _add_insight(self, message: AddInsight) -> None:
        from alfacil.tui.screens.modals import TextForm

        session = self.session
        if session is None or session.presenter is None:
            return

        def done(result: object) -> None:
            if isinstance(result, str) and result and session.presenter is not None:
                session.add_insight(result)
                self._changed()

        self.push_screen(TextForm("An insight", "what the presenter sees now"), done)

    @on(EditRatings)
    def _edit_ratings(self, message: EditRatings) -> None:
        from alfacil.tui.screens.modals import RatingsForm

        session = self.session
        if session is None:
            return
        index = message.delta
        ratings = session.record.evaluation.ratings[index]

        def done(result: object) -> None:
            if not isinstance(result, list):
                return
            try:
                session.set_ratings(index, [int(x) for x in result])
            except EngineError as exc:
                self._error(exc)
                return
            self._changed()

        self.push_screen(
            RatingsForm(ratings.question, ratings.scale, len(session.present), ratings.scores),
            done,
        )

    @on(AddLearning)
    def _add_learning(self, message: AddLearning) -> None:
        from alfacil.tui.screens.modals import TextForm

        session = self.session
        if session is None:
            return

        def done(result: object) -> None:
            if isinstance(result, str) and result:
                session.add_learning(result)
                self._changed()

        self.push_screen(TextForm("A learning", "one line, no names needed"), done)

    # --- the command palette ---------------------------------------------------------------

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if self.session is None:
            return
        yield SystemCommand("Pause or resume", "Stop or restart the clock", self.action_pause)
        yield SystemCommand("Next step", "Close this step and start the next", self.action_next)
        yield SystemCommand("Back", "Return to the previous step", self.action_step_back)
        yield SystemCommand("One minute more", "Lengthen this step", lambda: self.action_adjust(60))
        yield SystemCommand("One minute less", "Shorten this step", lambda: self.action_adjust(-60))
        yield SystemCommand("Add an action", "Owner, words, due date", self.action_add_action)
        yield SystemCommand("Advice reminder", "Questions, not advice", self.action_advice)
        yield SystemCommand("Curtain", "Hide everything on the screen", self.action_curtain)
        yield SystemCommand("Keys", "Every key of the console", self.action_help)
        yield SystemCommand(
            "High-contrast theme",
            "For a washed-out projector (again to go back)",
            self.toggle_high_contrast,
        )

    def toggle_high_contrast(self) -> None:
        high = HIGH_CONTRAST_THEME.name
        self.theme = DEFAULT_THEME.name if self.theme == high else high


def make_app(
    runner: Runner,
    mode: Mode = "ask",
    *,
    tz: tzinfo | None = None,
    signals: Iterable[int] = (),
) -> AlfacilApp:
    """The console over ``runner``; ``tz`` fixes the shown wall clock's zone (tests)."""
    return AlfacilApp(runner, mode, tz=tz, signals=signals)


def run_console(runner: Runner, mode: str) -> int:
    """Run the console until the facilitator leaves; SIGHUP and SIGTERM save and leave."""
    # Textual sizes the screen from COLUMNS and LINES before asking the terminal; a
    # shell that exports them would get a console of the wrong size.
    for name in ("COLUMNS", "LINES"):
        os.environ.pop(name, None)
    wanted = [getattr(signal, name) for name in ("SIGHUP", "SIGTERM") if hasattr(signal, name)]
    chosen: Mode = "resume" if mode == "resume" else "fresh" if mode == "fresh" else "ask"
    app = make_app(runner, chosen, signals=wanted)
    result = app.run()
    runner.save()
    return result if isinstance(result, int) else (app.return_code or 0)


__all__ = ["AlfacilApp", "make_app", "run_console"]

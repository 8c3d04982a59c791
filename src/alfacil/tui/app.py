"""The facilitator's console: ``make_app`` builds it, ``run_console`` runs it.

The app is a thin view over a :class:`~alfacil.console.Console`: it keeps the themes,
the signals, the screens and one timer. The timer wakes when the shown second
changes (``Console.next_wake``) and hands the console's outcome and frames to the
session screen, where the session's keys and their one-line handlers live.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shlex
import signal
import sys
from collections.abc import Iterable
from datetime import tzinfo
from functools import partial
from pathlib import Path
from typing import ClassVar, Literal, TextIO

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.notifications import SeverityLevel
from textual.screen import Screen

from alfacil.console import Console
from alfacil.i18n import N_, _
from alfacil.runner import Runner
from alfacil.text import escape_controls
from alfacil.tui.heap import freeze_once
from alfacil.tui.keys import KEYS, palette_items, palette_words
from alfacil.tui.screens.session import SessionScreen
from alfacil.tui.themes import (
    ALL_THEMES,
    DEFAULT_THEME,
    HIGH_CONTRAST_THEME,
    LIGHT_CONTRAST_THEME,
    THEMES,
    clock_defaults,
)
from alfacil.tui.words import speak

Mode = Literal["ask", "resume", "fresh"]
QUIT = next(k for k in KEYS if k.action == "quit")
#: The title of Textual's own screenshot command, which the console replaces.
SCREENSHOT = "Screenshot"  # i18n: not text (Textual's command title, matched)

#: Textual's own palette commands that alfacil keeps, their words marked here so the
#: palette speaks the run's language (Textual itself is English only).
TEXTUAL_COMMANDS = (
    N_("Theme"),
    N_("Change the current theme"),
    N_("Maximize"),
    N_("Maximize the focused widget"),
    N_("Minimize"),
    N_("Minimize the widget and restore to normal size"),
    N_("Screenshot"),
    N_("Save an SVG 'screenshot' of the current screen"),
)


class Blank(Screen[None]):
    """Shown under the resume question, before any session exists."""


class AlfacilApp(App[int]):
    CSS_PATH = "alfacil.tcss"
    TITLE = "alfacil"
    ENABLE_COMMAND_PALETTE = True
    #: The table's quit key also works where no session is shown (the resume question,
    #: a start that failed); on the session screen, the screen's own binding asks first.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(QUIT.keys, QUIT.action, QUIT.label, show=False)
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
        speak(self)
        self.runner = runner
        self.controller = Console(runner, tz)
        self.mode = mode
        self.signals = tuple(signals)
        self.session_screen: SessionScreen | None = None
        self._timer: asyncio.TimerHandle | None = None
        for theme in ALL_THEMES:
            self.register_theme(theme)
        # Set without the watcher, which would parse the whole stylesheet a second time
        # just after the first parse; instead the stylesheet is given this theme's
        # variables before that first parse. The light theme is not dark, so the
        # app's dark/light classes are set as the watcher would.
        self.set_reactive(App.theme, THEMES.get(runner.config.theme, DEFAULT_THEME.name))
        self.stylesheet.set_variables(self.get_css_variables())
        light = not self.current_theme.dark
        self.set_class(not light, "-dark-mode", update=False)
        self.set_class(light, "-light-mode", update=False)

    @property
    def record_path(self) -> Path | None:
        return self.controller.record_path

    # --- start ------------------------------------------------------------------------

    def on_mount(self) -> None:
        freeze_once()  # start-up is done: the collector need not walk it again
        self._install_signals()
        self.push_screen(Blank())
        question = self.controller.pending_question()
        if question is not None and self.mode == "ask":
            from alfacil.tui.screens.modals import ResumeChoice  # forms load when needed

            self.push_screen(ResumeChoice(question), self._resume_chosen)
        elif question is not None:
            self._begin("resume" if self.mode == "resume" else "fresh")
        else:
            self._begin("new")

    def _resume_chosen(self, choice: Literal["resume", "fresh"] | None) -> None:
        """The resume question answered; None (Esc or q): leave, the unfinished session
        untouched, for the next ``alfacil start`` to offer again."""
        if choice is None:
            self.leave(0)
            return
        self._begin(choice)

    def _begin(self, how: Literal["new", "resume", "fresh"]) -> None:
        outcome = self.controller.begin(how)
        private = self.controller.members_only and not outcome.save_error
        if outcome.warning is not None and not private:
            severity: SeverityLevel = "error" if outcome.save_error else "information"
            self.notify(outcome.warning, severity=severity, markup=False, timeout=30)
        if not self.controller.started:
            return
        self.session_screen = SessionScreen(self.controller)
        self.push_screen(self.session_screen)

    def _install_signals(self) -> None:
        if not self.signals:
            return
        _resume_only_after_suspend()
        loop = asyncio.get_running_loop()
        for sig in self.signals:
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(sig, self._on_signal)

    def _on_signal(self) -> None:
        """SIGHUP or SIGTERM: the terminal is going. Save once more and leave; exit
        non-zero if the latest state is still not on disk (``run_console`` says so)."""
        self.controller.save()
        self.leave(0 if self.controller.unsaved() is None else 1)

    def leave(self, code: int) -> None:
        """Exit with ``code`` as both the app's result and its return code."""
        self.exit(code, return_code=code)

    # --- the one timer ----------------------------------------------------------------

    def on_session_screen_retime(self, message: SessionScreen.Retime) -> None:
        self._arm()

    def tick(self) -> None:
        """The timer: autosave when due, auto-advance, bell, repaint, re-arm."""
        screen = self.session_screen
        outcome = self.controller.tick()
        if screen is not None and screen.is_attached:
            screen.show(outcome)
        self._arm()

    def repaint(self) -> None:
        """Bring the session screen up to date now (for a script or a test that moved
        a FakeClock and will not wait for the timer)."""
        if self.session_screen is not None:
            self.session_screen.paint()

    def _arm(self) -> None:
        """Set the one timer to wake when the next thing on screen is due to change.

        A bare loop callback, not a Textual ``Timer``: a ``Timer`` is a new asyncio task
        (and a ``repr`` of the app, an event) on every tick, just to post the same
        callback this posts. ``call_next`` runs the tick in the app's message loop, so
        an error in it ends the app with its traceback, as from a timer."""
        if self._timer is not None:
            self._timer.cancel()
        loop = asyncio.get_running_loop()
        self._timer = loop.call_later(self.controller.next_wake(), self.call_next, self.tick)

    def on_unmount(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    # --- quitting and the palette -------------------------------------------------------

    async def action_quit(self) -> None:
        """ctrl+q and the palette: the session screen asks first, as ``q`` does."""
        if self.screen is self.session_screen and self.controller.running:
            self.session_screen.action_quit()
        elif not self.controller.running:
            self.leave(0)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Textual's own commands, less the ones the key table has (one per action),
        then the key table's, where they apply."""
        ours = palette_items()
        titles = {k.palette[0] for k in ours if k.palette}
        for command in super().get_system_commands(screen):
            # Textual's own Screenshot (where its version has one) saves to a downloads
            # folder that a projector laptop may not have: ours, below, says where.
            if command.title != SCREENSHOT and command.title not in titles:
                yield command._replace(title=_(command.title), help=_(command.help))
        yield SystemCommand(
            _("Screenshot"),
            _("Save this screen as an SVG file in the current folder"),
            self.action_save_screenshot,
        )
        if self.controller.started:
            yield SystemCommand(
                _("The record and attendance"),
                _("Where the record is written, and who came: for you, not the wall"),
                self.action_record_details,
            )
        for key in ours:
            title, help_text = palette_words(key)
            if key.where == "app":
                yield SystemCommand(title, help_text, getattr(self, f"action_{key.action}"))
            elif isinstance(screen, SessionScreen) and self.controller.running:
                name = key.action.split("(", 1)[0]
                if screen.check_action(name, ()):
                    yield SystemCommand(title, help_text, partial(screen.run_action, key.action))

    def action_record_details(self) -> None:
        from alfacil.tui.screens.modals import Details

        self.push_screen(Details(*self.controller.record_details()))

    def action_save_screenshot(self) -> None:
        """The screen as an SVG in the current folder (else the data folder's parent),
        readable by its owner alone (0600: it may show names); a toast says where."""
        svg = self.export_screenshot()
        name = "alfacil-{stamp}.svg".format(  # i18n: not text (a file name)
            stamp=self.controller.runner.clock.utcnow().strftime("%Y%m%d-%H%M%S")
        )
        folders = [Path.cwd(), self.controller.runner.store.paths.data_dir.parent]
        error: OSError | None = None
        for folder in folders:
            try:
                path = write_private(folder / name, svg)
            except OSError as exc:
                error = exc
                continue
            self.notify(_("Screenshot saved: {path}").format(path=path), markup=False)
            return
        message = _("Could not save the screenshot: {error}").format(error=error)
        self.notify(message, severity="error", markup=False)

    def action_command_palette(self) -> None:
        """Textual's palette, its search line in the run's language."""
        from textual.command import CommandPalette  # loaded when first asked for

        if self.use_command_palette and not isinstance(self.screen, CommandPalette):
            placeholder = _("Search for commands…")
            self.push_screen(CommandPalette(id="--command-palette", placeholder=placeholder))

    def get_theme_variable_defaults(self) -> dict[str, str]:
        """The countdown's colours for a theme that does not set them."""
        return {**super().get_theme_variable_defaults(), **clock_defaults(self.current_theme)}

    def action_high_contrast(self) -> None:
        high = HIGH_CONTRAST_THEME.name
        self.theme = DEFAULT_THEME.name if self.theme == high else high

    def action_light_contrast(self) -> None:
        light = LIGHT_CONTRAST_THEME.name
        self.theme = DEFAULT_THEME.name if self.theme == light else light

    toggle_high_contrast = action_high_contrast


def _resume_only_after_suspend() -> None:
    """Let Textual's terminal driver resume on SIGCONT only after it was suspended.

    A terminal that goes away (tmux kill-session, a closed window) sends SIGHUP and
    SIGCONT together. Textual's SIGCONT handler then starts application mode again,
    with a second output thread; when that thread's first write meets the dead
    terminal it dies, the queue to it fills, and the exit that SIGHUP started blocks
    for ever (futex) after saving, holding the set's lock. A SIGCONT that follows no
    SIGTSTP resumes nothing, so it is ignored here."""
    on_stop, on_continue = signal.getsignal(signal.SIGTSTP), signal.getsignal(signal.SIGCONT)
    if not callable(on_stop) or not callable(on_continue):
        return  # not Textual's terminal driver (headless, web): nothing to guard
    suspended = False

    def stop(signum: int, frame: object) -> None:
        nonlocal suspended
        suspended = True
        on_stop(signum, frame)  # type: ignore[arg-type]

    def resume(signum: int, frame: object) -> None:
        nonlocal suspended
        if suspended:
            suspended = False
            on_continue(signum, frame)  # type: ignore[arg-type]

    signal.signal(signal.SIGTSTP, stop)
    signal.signal(signal.SIGCONT, resume)


def write_private(path: Path, text: str) -> Path:
    """``text`` into a new file at ``path`` (or ``path`` with ``-2``, ``-3``... if that
    exists), mode 0600 from the start; returns the path written."""
    for n in range(1, 100):
        target = path if n == 1 else path.with_name(f"{path.stem}-{n}{path.suffix}")
        try:
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            continue
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        return target
    raise FileExistsError(path)


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
    """Run the console until the facilitator leaves; SIGHUP and SIGTERM save and leave.

    Whatever the way out, the latest state is written once more; if it still cannot
    be, the exit is non-zero and stderr says what is not saved (never "saved")."""
    # Textual sizes the screen from COLUMNS and LINES before asking the terminal; a
    # shell that exports them would get a console of the wrong size. In a browser
    # (textual-serve names its driver) they are the page's size: kept.
    if "TEXTUAL_DRIVER" not in os.environ:
        for name in ("COLUMNS", "LINES"):
            os.environ.pop(name, None)
    wanted = [getattr(signal, name) for name in ("SIGHUP", "SIGTERM") if hasattr(signal, name)]
    chosen: Mode = "resume" if mode == "resume" else "fresh" if mode == "fresh" else "ask"
    app = make_app(runner, chosen, signals=wanted)
    app.run()
    return leave(app.controller, sys.stderr, sys.stdout)


def leave(controller: Console, stderr: TextIO, stdout: TextIO | None = None) -> int:
    """The way out, whichever it was (q, ctrl+q, a signal): write the latest state once
    more; if it still cannot be written, say on stderr what is not saved and exit 1.
    Nothing here claims "saved" for what is not on disk. A session that was recorded
    says on ``stdout`` where its record is and who came: the facilitator's to read
    here, off the wall (the close screen keeps them off it)."""
    controller.save()
    if stdout is not None and controller.record_path is not None:
        path, attendance = controller.record_details()
        shown = escape_controls(str(path))  # names typed in a set file: never escapes
        print(_("alfacil: the record is in {path}").format(path=shown), file=stdout)
        for status, names in attendance:
            who = escape_controls(", ".join(names))
            print(_("  {status}: {names}").format(status=_(status), names=who), file=stdout)
    unsaved = controller.unsaved()
    if unsaved is None:
        session = controller.runner.session
        if stdout is not None and session is not None and controller.record_path is None:
            # Left mid-session: the quit dialog said how to come back, but it is gone
            # with the console; the terminal keeps the command for the next start.
            set_path = shlex.quote(str(controller.runner.set_file.path))
            command = f"alfacil start {set_path}"  # i18n: not text (a command to type)
            print(
                _("alfacil: the session is saved as it stands; {command} takes it up again").format(
                    command=escape_controls(command)
                ),
                file=stdout,
            )
        return 0
    if controller.copy_path:
        message = _("alfacil: NOT SAVED: {what}; a copy is in {path}").format(
            what=unsaved, path=controller.copy_path
        )
    else:
        message = _("alfacil: NOT SAVED: {what}").format(what=unsaved)
    print(message, file=stderr)
    return 1


__all__ = ["AlfacilApp", "leave", "make_app", "run_console"]

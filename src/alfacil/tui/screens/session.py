"""The screen the room sees, and the session's keys.

Its bindings come from the key table (``tui/keys.py``); each handler is one line that
asks the console (:class:`alfacil.console.Console`) for an intent and shows the
:class:`~alfacil.console.Outcome`. What it paints comes as the console's frames: a
:class:`~alfacil.frames.Frame` when the facilitator acts, a
:class:`~alfacil.frames.Ticker` when the shown second changes. Both are reactives, so
only the parts that differ are repainted.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any, ClassVar, TypeVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.notifications import SeverityLevel
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Static

from alfacil.console import Console, Outcome
from alfacil.frames import Frame, Ticker
from alfacil.i18n import _
from alfacil.tui.keys import when_of
from alfacil.tui.widgets.banner import Banner
from alfacil.tui.widgets.bigclock import BigClock
from alfacil.tui.widgets.chrome import (
    KeyBar,
    StepBar,
    bilingual,
    header_left,
    header_right,
    rule_text,
    run_sheet,
    update_in_place,
)
from alfacil.tui.widgets.panels import (
    LARGE_ROWS,
    ActionList,
    BreakPanel,
    MemberList,
    PhasePanel,
    QuestioningPanel,
    QuestionList,
    UpdateList,
    bindings,
    panel_for,
)
from alfacil.tui.words import speak

SHADES = ("normal", "warn", "overtime", "paused")
T = TypeVar("T")


class SessionScreen(Screen[None]):
    # Below 110 columns the side panel folds away (the countdown needs the width);
    # from 40 rows the phase, the presenter and the rule are drawn in big letters.
    HORIZONTAL_BREAKPOINTS = [  # noqa: RUF012
        (0, "-narrow"),
        (110, "-normal"),
        (150, "-wide"),
    ]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (20, "-tall"), (LARGE_ROWS, "-large")]  # noqa: RUF012
    BINDINGS: ClassVar[list[BindingType]] = bindings("screen")

    frame: reactive[Frame | None] = reactive(None, init=False, repaint=False)
    ticker: reactive[Ticker | None] = reactive(None, init=False, repaint=False)

    class Retime(Message):
        """The moment the shown second next changes has moved (the screen is new, or a
        step, a pause or an adjustment changed): the app re-arms its one timer."""

    def __init__(self, controller: Console) -> None:
        super().__init__()
        speak(self)
        self.controller = controller
        self._first = controller.frame()
        # The current step's panel is composed with the screen, not mounted after it.
        self._panel: PhasePanel[Any] = panel_for(self._first.kind, self._first.panel)

    def compose(self) -> ComposeResult:
        with Horizontal(id="header"):
            yield Static(id="header-left")
            yield Static(id="header-right")
        yield Static(id="save-warning")
        with Horizontal(id="body"):
            with Vertical(id="main"):
                yield Banner(id="title-banner")  # the phase and presenter, large
                yield BigClock(id="clock")
                yield StepBar(id="bar")
                yield Static(id="caption")
                # The rule under the clock: one line when the side panel is folded,
                # big letters at large sizes and in the wall view.
                yield Banner(id="wall-rule")
                yield Static(id="advice")
                with Vertical(id="phase"):
                    yield self._panel
            with Vertical(id="side"):
                yield Static(id="rule")
                yield Static(id="guidance")
                with VerticalScroll(id="runsheet-box"):
                    yield Static(id="runsheet")
        yield KeyBar(id="keys")

    def on_mount(self) -> None:
        # What the ticker touches every second, looked up once.
        self._clock = self.query_one(BigClock)
        self._bar = self.query_one(StepBar)
        self._caption = self.query_one("#caption", Static)
        self._header_right = self.query_one("#header-right", Static)
        self._warning = self.query_one("#save-warning", Static)
        self._advice = self.query_one("#advice", Static)
        self._warning.display = False
        self._advice.display = False
        self.frame = self._first
        self.ticker = self.controller.ticker()
        self.post_message(self.Retime())

    # --- painting ---------------------------------------------------------------------

    def paint(self, changed: bool = False, ticker: Ticker | None = None) -> None:
        """Bring the screen up to date; ``changed`` after the facilitator acted.
        ``ticker`` is an outcome's, taken at the instant of the key or the tick."""
        if not self.is_mounted or not self.controller.started:
            return
        if changed:
            self.frame = self.controller.frame()
        self.ticker = ticker or self.controller.ticker()

    def watch_frame(self, old: Frame | None, new: Frame | None) -> None:
        if new is None:
            return
        if old is not None and old.key == new.key and type(old.panel) is type(new.panel):
            self._panel.data = new.panel
        elif old is not None:
            box = self.query_one("#phase", Vertical)
            box.remove_children()
            self._panel = panel_for(new.kind, new.panel)
            box.mount(self._panel)
        self.set_class(new.kind == "close", "-closing")
        self.set_class(new.members_only, "-members")
        if old is None or old.wall != new.wall:
            self._wall(new.wall)
        if old is None or (old.title, old.subject, old.wall) != (new.title, new.subject, new.wall):
            self.query_one("#header-left", Static).update(header_left(new))
            shown = bilingual(new.title, "", " / ").plain if new.title else ""
            title = " · ".join(part for part in (shown, new.subject) if part)
            self.query_one("#title-banner", Banner).text = title
        if old is None or (old.rule, old.guidance) != (new.rule, new.guidance):
            self.query_one("#rule", Static).update(rule_text(new.rule))
            self.query_one("#wall-rule", Banner).text = bilingual(new.rule, "", " / ").plain
            self.query_one("#guidance", Static).update(Text(new.guidance))
        if old is None or old.sheet != new.sheet:
            self.query_one("#runsheet", Static).update(run_sheet(new.sheet))

    def _wall(self, on: bool) -> None:
        """The wall view on or off: the CSS class ``-wall`` hides all but the phase,
        the presenter, the countdown and the rule. The hidden panel is disabled too,
        so no key reaches a list nobody can see (Enter, r, x...)."""
        self.set_class(on, "-wall")
        self.query_one("#phase", Vertical).disabled = on
        if not on and self._panel.is_mounted:
            self._panel.focus_first()

    def watch_ticker(self, old: Ticker | None, new: Ticker | None) -> None:
        if new is None:
            return
        self._clock.value = new.clock
        if old is None or old.shade != new.shade:
            for widget in (self._clock, self._bar, self._caption):
                for name in SHADES:
                    widget.set_class(new.shade == name, f"-{name}")
        # Only a whole cell more of the bar is worth a repaint.
        cells = max(1, self._bar.size.width)
        self._bar.progress = round(new.progress * cells) / cells
        if old is None or (old.caption, old.step_clock) != (new.caption, new.step_clock):
            self._caption_changed(new)
        right = (new.wall, new.ends, new.ahead_behind, new.over)
        if old is None or (old.wall, old.ends, old.ahead_behind, old.over) != right:
            update_in_place(self._header_right, header_right(new))
        if isinstance(self._panel, QuestioningPanel):
            self._panel.prompt = new.prompt
        elif isinstance(self._panel, BreakPanel):
            self._panel.back_at = new.back_at
        if old is None or old.save_error != new.save_error:
            self._show_save_error(new.save_error)
        if old is None or old.advice != new.advice:
            self._advice.display = new.advice
            if new.advice:
                self._advice.update(_("A gentle reminder: open questions, not advice."))

    def _caption_changed(self, ticker: Ticker) -> None:
        """The caption; during a silent reflection it names it, in bold, with the step's
        own clock (which runs on beneath it), and the screen is marked ``-reflection``."""
        self.set_class(ticker.step_clock is not None, "-reflection")
        if ticker.step_clock is None:
            self._caption.update(ticker.caption)
            return
        text = Text(ticker.caption, style="bold")
        text.append(f"  ·  {ticker.step_clock}")
        self._caption.update(text)

    def _show_save_error(self, message: str | None) -> None:
        self._warning.display = message is not None
        if message is not None:
            text = Text(_("Could not save:") + " ", style="bold")
            text.append(message)
            text.append("  " + _("Everything is kept in memory; the session goes on."))
            self._warning.update(text)

    def show(self, outcome: Outcome) -> None:
        """What an intent did: bell, toast, repaint, and the end of the session."""
        if outcome.bell:
            self.app.bell()
        if outcome.warning and not self.controller.members_only:
            severity: SeverityLevel = "error" if outcome.save_error else "warning"
            timeout = 20 if outcome.save_error else 5  # a failed write stays longer
            self.notify(outcome.warning, severity=severity, markup=False, timeout=timeout)
        if outcome.changed:
            self.paint(True, outcome.ticker)
            self.refresh_bindings()
            self.post_message(self.Retime())
        elif outcome.ticker is not None:
            self.paint(False, outcome.ticker)
        if outcome.record_path is not None and self.controller.record_path is not None:
            from alfacil.tui.screens.modals import Finished

            self.app.push_screen(Finished())

    # --- which keys apply -------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        when = when_of(action)
        if when == "questioning":
            return self.controller.applies("tally")
        if when == "private":  # a form of private words: never on the wall
            hidden = self.controller.members_only or self.controller.wall
            return self.controller.applies("add_action") and not hidden
        if when == "not-finished":
            return self.controller.applies("insert_break")
        return True

    # --- the session's keys: one line each ----------------------------------------------

    def action_pause(self) -> None:
        self.show(self.controller.pause())

    def action_next(self) -> None:
        self.show(self.controller.next())

    def action_step_back(self) -> None:
        self.show(self.controller.back())

    def action_adjust(self, delta: int) -> None:
        self.show(self.controller.adjust(delta))

    def action_tally(self, number: int) -> None:
        self.show(self.controller.tally(number))

    def action_advice(self) -> None:
        self.show(self.controller.advice())

    def action_display(self) -> None:
        self.show(self.controller.toggle_display())

    def action_insert_break(self) -> None:
        self.show(self.controller.insert_break())

    def action_reflect(self) -> None:
        self.show(self.controller.reflect())

    def action_take_back(self) -> None:
        self.show(self.controller.take_back())

    def action_rebalance(self) -> None:
        """The proposal in a dialog; applied only if the facilitator says yes."""
        from alfacil.tui.screens.modals import ConfirmRebalance

        draft = self.controller.rebalance_draft()
        if isinstance(draft, Outcome):
            self.show(draft)
            return

        def answered(apply: bool | None) -> None:
            if apply:
                self.show(self.controller.rebalance(draft))

        self.app.push_screen(ConfirmRebalance(draft), answered)

    def action_wall(self) -> None:
        self.show(self.controller.toggle_wall())

    def action_run_sheet(self) -> None:
        from alfacil.tui.screens.sheet import RunSheet

        frame = self.frame or self.controller.frame()
        self.app.push_screen(RunSheet(run_sheet(frame.sheet)))

    def action_help(self) -> None:
        from alfacil.tui.screens.modals import Help

        self.app.push_screen(Help())

    def action_curtain(self) -> None:
        from alfacil.tui.screens.curtain import Curtain

        self.app.clear_notifications()  # a toast may name someone
        self.show(self.controller.set_curtain(True))
        self.app.push_screen(Curtain(), lambda _: self.show(self.controller.set_curtain(False)))

    def action_quit(self) -> None:
        from alfacil.tui.screens.modals import ConfirmQuit

        self.controller.save()  # once more: the dialog must say what is on disk
        self.app.push_screen(ConfirmQuit(self.controller.unsaved()), self._quit_answered)

    def _quit_answered(self, answer: str | Path | None) -> None:
        if answer == "retry":
            self.action_quit()
        elif isinstance(answer, Path):
            copied = self.controller.save_copy(answer)
            self.show(copied)
            if copied.save_error is None:
                self.app.exit(1, return_code=1)  # ``leave`` names the copy on stderr
        elif answer == "quit":
            code = 0 if self.controller.unsaved() is None else 1
            self.app.exit(code, return_code=code)

    # --- forms ----------------------------------------------------------------------------

    def _then(self, intent: Callable[[T], Outcome]) -> Callable[[T | None], None]:
        """A form's callback: its answer (None: cancelled) given to a console intent."""

        def answered(result: T | None) -> None:
            if result is not None:
                self.show(intent(result))

        return answered

    def action_add_action(self) -> None:
        from alfacil.tui.screens.modals import ActionForm

        draft = self.controller.action_draft()
        if draft is not None:
            form = ActionForm(self.controller.owners(), draft)
            self.app.push_screen(form, self._then(self.controller.add_action))

    def on_action_list_edit(self, message: ActionList.Edit) -> None:
        from alfacil.tui.screens.modals import ActionForm

        draft, key = self.controller.action_draft(message.action_id), message.action_id
        if draft is not None:
            form = ActionForm(self.controller.owners(), draft, _("Edit action"))
            self.app.push_screen(form, self._then(partial(self.controller.edit_action, key)))

    def _ask(self, question: str, what: str, yes: str, then: Callable[[], Outcome]) -> None:
        """Something typed is about to be lost: ask first (``x`` never deletes alone)."""
        from alfacil.tui.screens.modals import Confirm

        def answered(sure: bool | None) -> None:
            if sure:
                self.show(then())

        self.app.push_screen(Confirm(question, what, yes), answered)

    def on_action_list_remove(self, message: ActionList.Remove) -> None:
        key = message.action_id
        draft = self.controller.action_draft(key)
        if draft is not None:
            what = f"{draft.owner}: {draft.text}"
            then = partial(self.controller.remove_action, key)
            self._ask(_("Remove this action?"), what, _("Remove (y)"), then)

    def on_action_list_edit_insight(self, message: ActionList.EditInsight) -> None:
        from alfacil.tui.screens.modals import TextForm

        index, text = message.index, self.controller.insight_text(message.index)
        if text is not None:
            form = TextForm(_("Edit the insight"), _("empty removes it"), text)
            self.app.push_screen(form, self._then(partial(self.controller.edit_insight, index)))

    def on_action_list_remove_insight(self, message: ActionList.RemoveInsight) -> None:
        text = self.controller.insight_text(message.index)
        if text is not None:
            then = partial(self.controller.remove_insight, message.index)
            self._ask(_("Remove this insight?"), text, _("Remove (y)"), then)

    def on_question_list_edit_learning(self, message: QuestionList.EditLearning) -> None:
        from alfacil.tui.screens.modals import TextForm

        index, text = message.index, self.controller.learning_text(message.index)
        if text is not None:
            form = TextForm(_("Edit the learning"), _("empty removes it"), text)
            self.app.push_screen(form, self._then(partial(self.controller.edit_learning, index)))

    def on_question_list_remove_learning(self, message: QuestionList.RemoveLearning) -> None:
        text = self.controller.learning_text(message.index)
        if text is not None:
            then = partial(self.controller.remove_learning, message.index)
            self._ask(_("Remove this learning?"), text, _("Remove (y)"), then)

    def on_action_list_insight(self, message: ActionList.Insight) -> None:
        from alfacil.tui.screens.modals import TextForm

        if self.controller.can_add_insight():
            form = TextForm(_("An insight"), _("what the presenter sees now"))
            self.app.push_screen(form, self._then(self.controller.insight))

    def on_member_list_attendance(self, message: MemberList.Attendance) -> None:
        self.show(self.controller.attendance(message.name))

    def on_member_list_presenter(self, message: MemberList.Presenter) -> None:
        self.show(self.controller.toggle_presenter(message.name))

    def on_member_list_move(self, message: MemberList.Move) -> None:
        self.show(self.controller.move_presenter(message.name, message.delta))

    def on_update_list_status(self, message: UpdateList.Status) -> None:
        from alfacil.tui.screens.modals import UpdateForm, UpdateInput

        key, draft = message.action_id, self.controller.update_draft(message.action_id)
        if draft is not None:

            def given(update: UpdateInput) -> Outcome:
                return self.controller.update_status(key, update.status, update.note)

            self.app.push_screen(UpdateForm(draft), self._then(given))

    def on_question_list_rate(self, message: QuestionList.Rate) -> None:
        from alfacil.tui.screens.modals import RatingsForm

        index, draft = message.index, self.controller.ratings_draft(message.index)
        if draft is not None:
            form = RatingsForm(draft)
            self.app.push_screen(form, self._then(partial(self.controller.ratings, index)))

    def on_question_list_learning(self, message: QuestionList.Learning) -> None:
        from alfacil.tui.screens.modals import TextForm

        form = TextForm(_("A learning"), _("one line, no names needed"))
        self.app.push_screen(form, self._then(self.controller.learning))

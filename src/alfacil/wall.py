"""What the room sees: the members' frame, computed from the set's autosave and a clock.

``alfacil display`` follows a session that ``alfacil start`` is running elsewhere. It
never takes the set's lock and never writes: it reads the autosave through the store's
reading functions (the console replaces that file atomically, so a read sees the old
or the new one, never half of each) and computes the countdown from what was saved and
the wall clock. The autosave holds each step's running seconds as of ``saved_at``; while
the session runs (not paused, not finished) the time since then belongs to the current
step. So the display ticks every second although the console saves only on changes.

A :class:`Frame` holds only what the members may see: the phase, the presenter, the
countdown, the phase's rule (and in questioning an example question), the run sheet
and the projected end. It is built from the step records and the set's phases only;
attendance, updates, actions, insights, ratings, learnings, paths and warnings are
never read into it, which is what keeps them off the wall.

No Textual and no Rich here: the display app (``tui/display.py``) is a view of frames.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import datetime, timedelta, tzinfo
from typing import Literal

from alfacil.config import SetConfig
from alfacil.durations import format_clock, format_duration
from alfacil.engine import Level
from alfacil.i18n import _
from alfacil.paths import SetPaths
from alfacil.protocol import BUILTIN_PROTOCOLS, PhaseSpec, builtin_phases
from alfacil.records import Autosave, StepRecord
from alfacil.store import RecordError, read_record, running_holder

State = Literal["waiting", "recorded", "unreadable", "running"]

#: The example question changes every this many seconds of questioning (as on the console).
PROMPT_EVERY = 30


@dataclass(frozen=True)
class SheetRow:
    """One step of the run sheet: its title, whose it is, and its planned length."""

    title: str
    subject: str | None
    planned_seconds: int
    done: bool
    current: bool

    @property
    def text(self) -> str:
        who = f" · {self.subject}" if self.subject else ""
        return f"{self.title}{who}  {format_duration(self.planned_seconds)}"


@dataclass(frozen=True)
class Frame:
    """The members' screen at one instant. Only public things; see the module's doc."""

    state: State
    set_name: str
    wall: datetime  # local time of this frame
    message: str = ""  # the one line of an unreadable autosave
    title: str = ""
    presenter: str | None = None
    remaining: float = 0.0  # negative in overtime
    level: Level = "normal"
    progress: float = 0.0
    rule: str = ""
    prompt: str = ""
    sheet: tuple[SheetRow, ...] = field(default=())
    projected_end: datetime | None = None
    ahead_behind: float = 0.0  # > 0: the session will run over its agreed length
    paused: bool = False
    finished: bool = False
    curtain: bool = False
    # Seconds left of a silent reflection under way in this step (its countdown is
    # then the one shown, as on the console), or None.
    reflection: float | None = None

    @property
    def clock(self) -> str:
        """``12:34`` counting down (rounded up) or ``+01:05`` in overtime, as the console;
        a silent reflection's own countdown while one runs."""
        if self.reflection is not None:
            return format_clock(int(-(-max(0.0, self.reflection) // 1)))
        if self.remaining > 0:
            return format_clock(int(-(-self.remaining // 1)))
        return "+" + format_clock(int(-self.remaining))

    def texts(self) -> list[str]:
        """Every piece of text the frame can put on a screen (for the privacy checks)."""
        out = [self.set_name, self.message, self.title, self.presenter or "", self.rule]
        out += [self.prompt, self.clock, *(row.text for row in self.sheet)]
        return out


def _level(step: StepRecord, actual: float) -> Level:
    """The engine's rule (``Session.view``) for the same step and running time."""
    planned = step.adjusted_seconds
    remaining = planned - actual
    if (remaining <= 0 and planned > 0) or (planned == 0 and actual > 0):
        return "overtime"
    if step.warn_seconds > 0 and remaining <= step.warn_seconds:
        return "warn"
    return "normal"


def _phases(config: SetConfig | None, protocol: str | None = None) -> dict[str, PhaseSpec]:
    """Phases by id: the set's own, else those of the built-in protocol the session
    records (for ``--set ID``; protocols share phase ids such as ``checkin``)."""
    if config is not None:
        return {p.id: p for p in config.resolved_phases}
    known = protocol if protocol and protocol in BUILTIN_PROTOCOLS else "action-learning"
    return {p.id: p for p in builtin_phases(known)}


def sheet_of(saved: Autosave) -> tuple[SheetRow, ...]:
    """The run sheet: every step's title, subject and plan, and which one is on."""
    index = min(max(saved.current_index, 0), len(saved.session.steps) - 1)
    return tuple(
        SheetRow(
            title=s.title,
            subject=s.subject,
            planned_seconds=s.adjusted_seconds,
            done=s.status == "done",
            current=i == index and not saved.finished,
        )
        for i, s in enumerate(saved.session.steps)
    )


def frame_of(
    saved: Autosave,
    wall: datetime,
    *,
    config: SetConfig | None = None,
    tz: tzinfo | None = None,
    phases: dict[str, PhaseSpec] | None = None,
    sheet: tuple[SheetRow, ...] | None = None,
) -> Frame:
    """The frame of a running session at ``wall`` (aware), from its autosave.

    ``phases`` and ``sheet`` may be given already made (they change only with the
    file); the display asks for a frame every second."""
    record = saved.session
    steps = record.steps
    index = min(max(saved.current_index, 0), len(steps) - 1)
    step = steps[index]
    running = not saved.paused and not saved.finished
    since = max(0.0, (wall - saved.saved_at).total_seconds()) if not saved.finished else 0.0
    actual = step.actual_seconds + (since if running else 0.0)
    planned = step.adjusted_seconds
    remaining = planned - actual
    phase = (phases if phases is not None else _phases(config, record.protocol)).get(step.phase_id)
    per_presenter = phase.per_presenter if phase is not None else step.kind != "updates"
    prompt = ""
    if step.kind == "questioning" and config is not None and config.questioning.prompts:
        prompts = config.questioning.prompts
        prompt = prompts[int(actual // PROMPT_EVERY) % len(prompts)]
    later = sum(s.adjusted_seconds for s in steps[index + 1 :] if s.status == "pending")
    to_end = 0.0 if saved.finished else max(0.0, remaining) + later
    elapsed = sum(s.actual_seconds + s.paused_seconds for s in steps) + since
    local = wall.astimezone(tz)
    reflection: float | None = None
    if step.reflections and step.reflections[-1].actual_seconds is None and not saved.finished:
        under_way = step.reflections[-1]
        reflection = under_way.planned_seconds - (actual - under_way.at_seconds)
    return Frame(
        state="running",
        set_name=config.name if config is not None else record.set_name,
        wall=local,
        title=step.title,
        presenter=step.subject if per_presenter else None,
        remaining=remaining,
        level=_level(step, actual),
        progress=min(1.0, actual / planned) if planned > 0 else 1.0,
        rule=phase.rule if phase is not None else "",
        prompt=prompt,
        sheet=sheet if sheet is not None else sheet_of(saved),
        projected_end=local + timedelta(seconds=to_end),
        ahead_behind=elapsed + to_end - record.agreed_seconds,
        paused=saved.paused,
        finished=saved.finished,
        curtain=saved.curtain,
        reflection=reflection,
    )


Stamp = tuple[int, int, int]  # inode, size, mtime in ns


class Wall:
    """Follows one set's autosave, read-only; :meth:`frame` says what to show.

    :meth:`poll` is cheap enough to call every second: one ``os.stat``, and a read only
    when the file's inode, size or modification time changed.
    """

    def __init__(
        self,
        paths: SetPaths,
        *,
        config: SetConfig | None = None,
        set_name: str | None = None,
        tz: tzinfo | None = None,
    ) -> None:
        self.paths = paths
        self.config = config
        self.set_name = set_name or (config.name if config is not None else paths.set_id)
        self.tz = tz
        self.saved: Autosave | None = None
        self.error: str | None = None
        self.last_session_id: str | None = None
        self.recorded = False
        self._stamp: Stamp | None = None
        self.console_running = True  # is anyone running the set (see :meth:`poll`)
        self._phases = _phases(config)
        self._sheet: tuple[SheetRow, ...] = ()
        self.reads = 0  # how many times the file was read (the benches and tests look)

    def poll(self) -> bool:
        """Look at the autosave; True if what it says may have changed.

        An autosave whose console is not running (it was quit, or it died) is an
        unfinished session waiting to be resumed, not a session in the room: the wall
        waits. Whether one runs is read from the PID in the set's lock file (read, not
        locked)."""
        changed = self._poll_file()
        if self.saved is not None or self.error is not None:
            running = running_holder(self.paths.lock) is not None
            if running != self.console_running:
                self.console_running, changed = running, True
        return changed

    def _poll_file(self) -> bool:
        path = self.paths.autosave
        try:
            st = os.stat(path)
        except FileNotFoundError:
            return self._gone()
        except OSError as exc:
            reason = _("cannot be read: {error}").format(error=exc.strerror or exc)
            return self._unreadable(reason, None)
        stamp = (st.st_ino, st.st_size, st.st_mtime_ns)
        if stamp == self._stamp:
            return False
        self.reads += 1
        try:
            saved = read_record(path, Autosave, self.paths.data_dir)
        except RecordError as exc:
            return self._unreadable(exc.reason, stamp)
        self._stamp, self.saved, self.error = stamp, saved, None
        self._sheet = sheet_of(saved)
        self._phases = _phases(self.config, saved.session.protocol)
        self.last_session_id = saved.session.session_id
        self.recorded = False
        return True

    def _gone(self) -> bool:
        if self._stamp is None and self.saved is None and self.error is None:
            return False
        self._stamp, self.saved, self.error = None, None, None
        sid = self.last_session_id
        self.recorded = sid is not None and self.paths.session_file(sid).exists()
        return True

    def _unreadable(self, reason: str, stamp: Stamp | None) -> bool:
        message = _("The session's autosave cannot be read ({reason}); waiting.").format(
            reason=reason
        )
        changed = message != self.error or self.saved is not None
        self._stamp, self.saved, self.error = stamp, None, message
        return changed

    def frame(self, wall: datetime) -> Frame:
        """What to show at ``wall`` (an aware datetime, usually ``clock.utcnow()``)."""
        if self.saved is not None and self.console_running:
            return frame_of(
                self.saved,
                wall,
                config=self.config,
                tz=self.tz,
                phases=self._phases,
                sheet=self._sheet,
            )
        local = wall.astimezone(self.tz)
        if self.error is not None:
            return Frame("unreadable", self.set_name, local, message=self.error)
        if self.recorded:
            return Frame("recorded", self.set_name, local, message=_("Session recorded"))
        return Frame("waiting", self.set_name, local)


def next_change(frame: Frame) -> float:
    """Seconds until the shown countdown changes (at most 1): the display's next wake."""
    if frame.state != "running" or frame.paused or frame.finished:
        return 1.0
    shown = frame.remaining if frame.reflection is None else frame.reflection
    return shown % 1.0 or 1.0


__all__ = ["PROMPT_EVERY", "Frame", "SheetRow", "Wall", "frame_of", "next_change"]

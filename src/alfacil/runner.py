"""A session on disk: the engine, its set's store and the clock, wired together.

The console is a view over a :class:`Runner`; it calls the engine through
``runner.session`` and then :meth:`Runner.save`. The runner holds the set's lock for
as long as it lives, writes the autosave on every change (and at least every
``AUTOSAVE_EVERY`` seconds), and, when a write fails, keeps everything in memory and
returns the reason so the screen can say so. It imports no Textual, so the same
behaviour is tested without a screen.
"""

from __future__ import annotations

import errno
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo

from alfacil.clock import Clock, SystemClock
from alfacil.config import SetFile
from alfacil.engine import Session, suggest_presenters
from alfacil.i18n import _
from alfacil.records import Autosave, Ledger, LedgerAction, SessionRecord
from alfacil.store import (
    Loaded,
    RecordError,
    SetClashError,
    SetStore,
    Skipped,
    StoreError,
    atomic_write,
    dump,
    other_set_names,
)
from alfacil.text import escape_controls

AUTOSAVE_EVERY = 30.0


def _reason(exc: Exception) -> str:
    """What to tell the facilitator about a failed write (the store says it as a
    :class:`StoreError`; a bare ``OSError`` is worded the same way)."""
    if isinstance(exc, OSError):
        if exc.errno == errno.ENOSPC:
            return _("cannot write the records: the disk is full")
        return _("cannot write the records: {reason}").format(reason=exc.strerror or exc)
    return str(exc)


def utc_offset_minutes(wall: datetime, zone: tzinfo | None) -> int:
    """The offset from UTC of ``zone`` (None: this machine's zone) at ``wall``, in
    whole minutes (a zone's historical offsets can have seconds; they are rounded)."""
    local = wall.astimezone(zone) if zone is not None else wall.astimezone()
    offset = local.utcoffset()
    return round(offset.total_seconds() / 60) if offset is not None else 0


def zone_name(zone: tzinfo | None) -> str | None:
    """The IANA name of ``zone`` when it is certain (a ``ZoneInfo``), else None: the
    machine's own zone has only an abbreviation such as BST, which is not stored."""
    return zone.key if isinstance(zone, ZoneInfo) else None


class Runner:
    """One facilitator's session of one set, from ``open`` to ``complete``.

    ``zone`` is where sessions are held, for the local offset recorded at the start.
    Left out, it is this machine's zone with the real clock, and UTC with any other
    clock (a test's ``FakeClock`` keeps UTC time), so tests stay deterministic.
    """

    def __init__(
        self, set_file: SetFile, store: SetStore, clock: Clock, *, zone: tzinfo | None = None
    ) -> None:
        self.set_file = set_file
        self.config = set_file.config
        self.store = store
        self.clock = clock
        # None: the machine's zone, read when a session starts (it may change between).
        self.zone: tzinfo | None = (
            zone if zone is not None else (None if isinstance(clock, SystemClock) else UTC)
        )
        self.loaded: Loaded = Loaded()
        self.ledger: Ledger | None = None
        self.pending: Autosave | None = None
        self.set_aside: Path | None = None  # a bad autosave, renamed so it is kept
        self.set_aside_reason: str | None = None
        self.older_autosave: Path | None = None  # its backup, if it was of an older schema
        # The record of an autosave whose close was cut short after the record was
        # written: the close was finished on open (ledger, autosave retired).
        self.close_finished: Path | None = None
        self.session: Session | None = None
        self.save_error: str | None = None
        self.saved_at: datetime | None = None  # the wall time of the last autosave written
        self.final_path: Path | None = None
        self.curtain = False  # the console is hidden; saved so the display hides too
        self._last_save = clock.monotonic()

    @classmethod
    def open(
        cls, set_file: SetFile, data_dir: Path, clock: Clock, *, zone: tzinfo | None = None
    ) -> Runner:
        """Take the set's lock and read what the session needs: past sessions, ledger,
        and any unfinished session. Raises ``LockedError`` if the set is open elsewhere.

        Records of an older schema are read migrated; none is rewritten here."""
        store = SetStore.at(data_dir, set_file.config.set_id)
        store.acquire()
        runner = cls(set_file, store, clock, zone=zone)
        try:
            runner._read()
            runner._check_same_set()
        except BaseException:
            store.release()
            raise
        return runner

    def _read(self) -> None:
        self.loaded = self.store.load_sessions()
        self.ledger = self.store.ledger(self.clock.utcnow(), self.loaded)
        try:
            self.pending = self.store.load_autosave()
        except RecordError as exc:
            # Keep the damaged autosave under another name rather than overwrite it.
            self.set_aside_reason = exc.reason
            self.set_aside = self.store.set_aside_autosave(self.clock.utcnow())
            self.pending = None
        final = self._final_record(self.pending) if self.pending is not None else None
        if self.pending is not None and final is not None:
            self._finish_cut_close(self.pending, final)

    def _final_record(self, pending: Autosave) -> SessionRecord | None:
        """The unfinished session's final record, if it is already on disk: its close
        was cut short after the record (the ledger write or the autosave's removal
        failed, or the process died in between)."""
        session = pending.session
        for record in self.loaded.sessions:
            if (record.session_id, record.started_at) == (session.session_id, session.started_at):
                return record
        return None

    def _finish_cut_close(self, pending: Autosave, final: SessionRecord) -> None:
        """Finish that close instead of offering the session again: offering it would
        rewrite a complete record as ended early. An autosave saved after the record
        (the console went on after a failed close) may hold later changes: it is kept
        under another name and reported, not removed."""
        self.older_autosave = self.store.keep_older_autosave()  # before it is removed
        now = self.clock.utcnow()
        if final.ended_at is None or pending.saved_at > final.ended_at:
            self.set_aside = self.store.set_aside_autosave(now)
            self.set_aside_reason = _(
                "it was saved after the session's record was written and may hold later "
                "changes; the record stands"
            )
        self.store.finish_close(now)
        self.close_finished = self.store.paths.session_file(pending.session.session_id)
        self.pending = None
        self._refresh()

    @property
    def skipped(self) -> list[Skipped]:
        """Session files that could not be read: `start` lists them before the console,
        and the updates step warns that some earlier actions may be missing."""
        return list(self.loaded.skipped)

    def _check_same_set(self) -> None:
        """Refuse a folder that holds records of a set with another name.

        Two names can give one id (``Cluster managers``, ``Cluster-Managers``), and a
        session there would show one set's actions in the other's room. An ``id``
        written in the set file is the facilitator's choice of folder, so a set
        renamed that way keeps its records.
        """
        if self.config.id is not None:
            return
        records = list(self.loaded.sessions)
        if self.pending is not None:
            records.append(self.pending.session)
        others = other_set_names(self.config.name, records)
        if others:
            shown = ", ".join(repr(escape_controls(name)) for name in others)
            raise SetClashError(
                _(
                    "the records in {folder} belong to another set ({others}), "
                    "not {name}; nothing was written. Give this "
                    'set its own id in {path} (id = "..."), or, if it is '
                    'the same set renamed, id = "{id}"'
                ).format(
                    folder=self.store.paths.root,
                    others=shown,
                    name=repr(escape_controls(self.config.name)),
                    path=self.set_file.path,
                    id=self.config.set_id,
                )
            )

    # --- the three ways in ------------------------------------------------------------

    def suggested_presenters(self, present: list[str] | None = None) -> list[str]:
        present = present if present is not None else self.config.member_names
        past = [(s.started_at, s.presented) for s in self.loaded.sessions]
        return suggest_presenters(present, past, self.config.presenters_per_session)

    def start_new(self) -> Session:
        """A fresh session: everyone present, the suggested presenters, check-in running."""
        if self.pending is not None:
            raise StoreError(_("an unfinished session is waiting: resume it or close it first"))
        open_actions = self.ledger.open_actions() if self.ledger else []
        wall = self.clock.utcnow()
        self.session = Session.new(
            self.config,
            open_actions,
            self.suggested_presenters(),
            self.clock.monotonic(),
            wall,
            utc_offset_minutes=utc_offset_minutes(wall, self.zone),
            timezone=zone_name(self.zone),
        )
        self._unique_id(self.session)
        self.save()
        return self.session

    def _unique_id(self, session: Session) -> None:
        """Two sessions begun in the same second (or after the clock was set back) must
        not share a file: the second would replace the first one's record."""
        record = session.record
        base, n = record.session_id, 1
        while self.store.paths.session_file(record.session_id).exists():
            n += 1
            record.session_id = f"{base}-{n}"

    def resume(self) -> Session:
        """Continue the unfinished session; its clock goes on from what was recorded."""
        if self.pending is None:
            raise StoreError(_("there is no unfinished session to resume"))
        self.older_autosave = self.store.keep_older_autosave()  # before it is replaced
        open_actions = self._open_actions_before(self.pending.session)
        self.session = Session.resume(
            self.config, open_actions, self.pending, self.clock.monotonic(), self.clock.utcnow()
        )
        self.pending = None
        self.save()
        return self.session

    def close_pending(self) -> Path | None:
        """Write the unfinished session's record: as ended early, unless it had reached
        its end and only the final write had failed."""
        if self.pending is None:
            return None
        self.older_autosave = self.store.keep_older_autosave()  # before it is removed
        open_actions = self._open_actions_before(self.pending.session)
        session = Session.resume(self.config, open_actions, self.pending, self.clock.monotonic())
        record = session.finish(
            self.clock.monotonic(), self.pending.saved_at, ended_early=not self.pending.finished
        )
        path = self._write_final(record)
        self.pending = None
        self._refresh()
        return path

    def _open_actions_before(self, record: SessionRecord) -> list[LedgerAction]:
        ledger = self.ledger
        if ledger is None:
            return []
        return [a for a in ledger.open_actions() if a.session_id != record.session_id]

    def _refresh(self) -> None:
        self.loaded = self.store.load_sessions()
        self.ledger = self.store.ledger(self.clock.utcnow(), self.loaded)

    # --- while it runs ----------------------------------------------------------------

    def now(self) -> float:
        return self.clock.monotonic()

    def save(self, now: float | None = None, wall: datetime | None = None) -> str | None:
        """Write the autosave now. Returns the reason if it failed (data stays in memory).

        ``now`` and ``wall`` are the caller's reading of the clock, so one key press
        reads it once; left out, the clock is read here."""
        if self.session is None or self.final_path is not None:
            return None
        now = self.now() if now is None else now
        wall = self.clock.utcnow() if wall is None else wall
        self._last_save = now
        try:
            snapshot = self.session.snapshot(now, wall)
            snapshot.curtain = self.curtain
            self.store.save_autosave(snapshot)
        except (StoreError, OSError) as exc:
            self.save_error = _reason(exc)
            return self.save_error
        self.save_error = None
        self.saved_at = wall
        return None

    def set_curtain(self, on: bool) -> str | None:
        """The curtain goes down (or up): recorded in the autosave at once, so the
        members' display (which follows the autosave) hides within its next second."""
        self.curtain = on
        return self.save()

    def tick(self, now: float | None = None, wall: datetime | None = None) -> str | None:
        """Called every second or so: autosave when ``AUTOSAVE_EVERY`` has passed."""
        now = self.now() if now is None else now
        if now - self._last_save >= AUTOSAVE_EVERY:
            return self.save(now, wall)
        return None

    @property
    def unsaved(self) -> bool:
        """True while the latest state is not on disk (the last write failed)."""
        return self.session is not None and self.final_path is None and self.save_error is not None

    def record_file(self) -> Path | None:
        """Where this session's record will be written."""
        if self.session is None:
            return None
        return self.store.paths.session_file(self.session.record.session_id)

    def save_copy(self, folder: Path) -> Path:
        """Write the session as it stands to ``folder`` (named by the facilitator when
        the set's own folder cannot be written); raises :class:`StoreError`."""
        if self.session is None:
            raise StoreError(_("no session is running"))
        snapshot = self.session.snapshot(self.now(), self.clock.utcnow())
        snapshot.curtain = self.curtain
        path = folder.expanduser() / f"{snapshot.session.session_id}.autosave.json"
        try:
            atomic_write(path, dump(snapshot))
        except OSError as exc:
            raise StoreError(_reason(exc)) from exc
        return path

    def complete(self, ended_early: bool = False) -> Path:
        """Finish the session and write its record and the ledger; the autosave goes.

        Raises :class:`StoreError` if the record cannot be written; the session and the
        autosave are then still there, so nothing is lost and it can be tried again.
        """
        if self.session is None:
            raise StoreError(_("no session is running"))
        if self.final_path is not None:
            return self.final_path
        record = self.session.finish(self.now(), self.clock.utcnow(), ended_early=ended_early)
        try:
            path = self._write_final(record)
        except (StoreError, OSError) as exc:
            self.save_error = _reason(exc)
            if isinstance(exc, StoreError):
                raise
            raise StoreError(self.save_error) from exc
        self.save_error = None
        self.final_path = path
        return path

    def _write_final(self, record: SessionRecord) -> Path:
        return self.store.save_session(record, self.clock.utcnow())

    def close(self) -> None:
        """Save what is in progress (if not final) and let go of the set's lock."""
        try:
            if self.session is not None and self.final_path is None:
                self.save()
        finally:
            self.store.release()

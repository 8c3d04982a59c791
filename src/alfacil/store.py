"""The only code that touches records on disk.

Nothing is ever lost and nobody else can read it:

- every write is atomic: a temp file in the same folder (0600), write, flush, fsync,
  ``os.replace``, fsync the folder; a failed write leaves the old file intact and no
  temp file behind, and raises :class:`StoreError` so the caller can keep the data
  in memory and say so;
- folders are 0700 and files 0600 whatever the umask;
- one writer per set: ``flock`` on ``.lock``, which is never deleted;
- a file that cannot be read is reported and skipped, never rewritten or deleted.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import gc
import json
import os
import stat
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ValidationError

from alfacil.files import NotRegularFile, open_regular, read_at_most
from alfacil.i18n import _, ngettext
from alfacil.migrations import OLDEST as OLDEST_SCHEMA
from alfacil.migrations import MigrationError, migrate
from alfacil.paths import SESSION_ID, DataFolderError, SetPaths
from alfacil.records import SCHEMA_VERSION, Autosave, Ledger, SessionRecord, build_ledger
from alfacil.text import escape_controls, name_key

FILE_MODE = 0o600
DIR_MODE = 0o700
MAX_RECORD_BYTES = 10 * 1024 * 1024
TEMP_SUFFIX = ".tmp"

M = TypeVar("M", bound=BaseModel)


class StoreError(Exception):
    """A write or lock that failed; the message is for the facilitator."""


class FolderError(StoreError, DataFolderError):
    """A folder of records that cannot be created, listed or used: one line, exit 1.

    A :class:`StoreError` (a failed write the runner already reports) and a
    :class:`~alfacil.paths.DataFolderError` (what the command line turns into one
    line), so every command says the same thing about the same folder."""


def folder_reason(exc: OSError | ValueError) -> str:
    """Why a folder cannot be used, in the user's words."""
    if isinstance(exc, ValueError):  # a NUL byte, which no path can hold
        return _("a folder name cannot contain a NUL character")
    if exc.errno == errno.ENOSPC:
        return _("the disk is full")
    if exc.errno == errno.ENOTDIR:
        return _("a part of the path is a file, not a folder")
    if exc.errno == errno.ENAMETOOLONG:
        return _("a name in the path is too long")
    if exc.errno == errno.EROFS:
        return _("the disk is read-only")
    return (exc.strerror or str(exc)).lower()


class SetClashError(StoreError):
    """The set's folder holds records of a set with another name: two sets would share
    one folder, and one's confidences would be shown in the other's room."""


def other_set_names(name: str, records: Iterable[SessionRecord]) -> list[str]:
    """The set names in ``records`` that are not ``name`` (compared as names are:
    NFC, casefolded), each once, as first written."""
    mine = name_key(name)
    found: dict[str, str] = {}
    for record in records:
        key = name_key(record.set_name)
        if key != mine:
            found.setdefault(key, record.set_name)
    return list(found.values())


class LockedError(StoreError):
    """Another alfacil process is writing this set."""

    def __init__(self, path: Path, pid: int | None) -> None:
        self.pid = pid
        if pid:
            text = _(
                "this set is open in another alfacil (process {pid}; lock {path}); "
                "close that one first"
            )
        else:
            text = _(
                "this set is open in another alfacil (another process; lock {path}); "
                "close that one first"
            )
        super().__init__(text.format(pid=pid, path=path))


class RecordError(Exception):
    """A record file that cannot be used; ``reason`` says why, with line:column for JSON."""

    def __init__(self, path: Path, reason: str, *, newer: bool = False) -> None:
        self.path = path
        self.reason = reason
        self.newer = newer
        super().__init__(f"{_shown(str(path))}: {reason}")


@dataclass(frozen=True)
class Skipped:
    path: Path
    reason: str
    newer: bool = False

    def __str__(self) -> str:
        # A file's name can hold escape sequences too: printed, never interpreted.
        return f"{_shown(str(self.path))}: {self.reason}"


@dataclass
class Loaded:
    """Sessions read from a set's folder, oldest first, and the files skipped."""

    sessions: list[SessionRecord] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


@dataclass(frozen=True)
class FileMigration:
    """What ``alfacil migrate`` did, or would do, with one file of a set."""

    path: Path
    outcome: Literal["migrated", "would migrate", "current", "skipped", "failed"]  # i18n: not text
    from_version: int | None = None
    backup: Path | None = None
    reason: str = ""

    def __str__(self) -> str:
        name = _shown(str(self.path))
        if self.outcome == "migrated":
            return _(
                "{name}: migrated from schema {old} to {new}; the original is kept as {backup}"
            ).format(
                name=name,
                old=self.from_version,
                new=SCHEMA_VERSION,
                backup=_shown(str(self.backup)),
            )
        if self.outcome == "would migrate":  # i18n: not text (an outcome)
            return _(
                "{name}: would migrate from schema {old} to {new}, keeping the original as {backup}"
            ).format(
                name=name,
                old=self.from_version,
                new=SCHEMA_VERSION,
                backup=_shown(str(self.backup)),
            )
        if self.outcome == "current":
            return _("{name}: already schema {version}").format(name=name, version=SCHEMA_VERSION)
        if self.outcome == "skipped":
            return _("{name}: {reason}; skipped, left as it is").format(
                name=name, reason=self.reason
            )
        return f"{name}: {self.reason}"


# --- low-level writing ----------------------------------------------------------------


def ensure_private_dir(path: Path) -> None:
    """Create ``path`` (and missing parents) as 0700, whatever the umask; a folder
    that cannot be made or used raises :class:`FolderError` saying why."""
    try:
        missing = []
        probe = path
        while not probe.exists():
            missing.append(probe)
            if probe.parent == probe:
                break
            probe = probe.parent
        for folder in reversed(missing):
            with contextlib.suppress(FileExistsError):
                folder.mkdir(mode=DIR_MODE)
            os.chmod(folder, DIR_MODE)
        is_folder = path.is_dir()
    except (OSError, ValueError) as exc:
        raise FolderError(
            _("cannot use the data folder {path}: {reason}").format(
                path=path, reason=folder_reason(exc)
            )
        ) from exc
    if not is_folder:
        raise FolderError(
            _("cannot use the data folder {path}: it is a file, not a folder").format(path=path)
        )


def fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _cannot_write(path: Path, reason: object) -> str:
    return _("cannot write {path}: {reason}").format(path=path, reason=reason)


def _cannot_read(exc: OSError) -> str:
    return _("cannot be read: {reason}").format(reason=exc.strerror or exc)


def _reason(exc: OSError) -> str:
    return _("the disk is full") if exc.errno == errno.ENOSPC else (exc.strerror or str(exc))


def _write_synced(fd: int, data: bytes) -> None:
    """Write all of ``data`` to a new temp file, owner-only, and fsync it; close it."""
    try:
        os.fchmod(fd, FILE_MODE)
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` so that a crash leaves the old or the new file."""
    folder = path.parent
    try:
        ensure_private_dir(folder)
        fd, temp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=TEMP_SUFFIX)
    except OSError as exc:
        raise StoreError(_cannot_write(path, exc.strerror or exc)) from exc
    try:
        _write_synced(fd, data)
        os.replace(temp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise StoreError(_cannot_write(path, _reason(exc))) from exc
    try:
        fsync_dir(folder)
    except OSError as exc:
        raise StoreError(
            _("wrote {path} but could not sync its folder: {reason}").format(
                path=path, reason=exc.strerror
            )
        ) from exc


BACKUP_SUFFIX = ".bak"


def backup_name(path: Path, version: int, n: int = 1) -> Path:
    """``sessions/X.json`` -> ``sessions/X.json.v1.bak`` (then ``.v1.2.bak``, ...)."""
    extra = "" if n == 1 else f".{n}"
    return path.with_name(f"{path.name}.v{version}{extra}{BACKUP_SUFFIX}")


def write_backup(path: Path, data: bytes, version: int) -> Path:
    """Keep ``data`` (the file's bytes as read) next to ``path`` before it is rewritten.

    Written like every record (a 0600 temp file, fsync, then linked into place, the
    folder fsynced) and never over an existing backup: a name that is taken moves on
    to the next number. Returns the backup's path.
    """
    folder = path.parent
    try:
        fd, temp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=TEMP_SUFFIX)
    except OSError as exc:
        raise StoreError(
            _("cannot back up {path}: {reason}").format(path=path, reason=exc.strerror or exc)
        ) from exc
    try:
        _write_synced(fd, data)
        target = link_unique(Path(temp), lambda n: backup_name(path, version, n))
        fsync_dir(folder)
    except OSError as exc:
        raise StoreError(
            _("cannot back up {path}: {reason}").format(path=path, reason=_reason(exc))
        ) from exc
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temp)
    return target


def link_unique(source: Path, name: Callable[[int], Path]) -> Path:
    """Give ``source`` a new name, ``name(1)``, else ``name(2)``, ...: the first free one.

    ``os.link`` fails when the name is taken, so no file is ever replaced, however
    many are kept in the same second. The one mechanism behind every backup and every
    file set aside. Returns the new name; ``source`` keeps its own.
    """
    n = 1
    while True:
        target = name(n)
        try:
            os.link(source, target, follow_symlinks=False)
        except FileExistsError:
            n += 1
            continue
        return target


def set_aside(path: Path, stamp: str) -> Path:
    """Move an unreadable ``path`` out of the way, keeping every byte: renamed to
    ``NAME.unreadable-STAMP.SUFFIX`` (``...-STAMP.2.SUFFIX`` if that is taken), never
    over another file. Raises ``OSError`` if it cannot be moved."""

    def name(n: int) -> Path:
        extra = "" if n == 1 else f".{n}"
        return path.with_name(f"{path.stem}.unreadable-{stamp}{extra}{path.suffix}")

    if stat.S_ISDIR(os.lstat(path).st_mode):
        # A folder cannot be linked. rename() does not replace a file or a folder
        # with anything in it, and a free name is looked for first.
        n = 1
        while os.path.lexists(name(n)):
            n += 1
        os.rename(path, name(n))
        target = name(n)
    else:
        target = link_unique(path, name)
        os.unlink(path)
    fsync_dir(path.parent)
    return target


def dump(model: BaseModel) -> bytes:
    """The file for ``model``, checked to read back: alfacil never writes a record it
    cannot read (a value out of the models' bounds, a NaN serialised as null), since
    that file would be skipped, or set aside, at the next start. Refused here, the
    write fails like a full disk: the data stays in memory and the screen says so."""
    data = (model.model_dump_json(indent=2) + "\n").encode()
    try:
        type(model).model_validate_json(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(part) for part in error["loc"]) or "(top level)"  # i18n: not text
        bug = f"internal: this {type(model).__name__} would not read back "  # i18n: not text
        raise StoreError(f"{bug}({where}: {error['msg']}); not written") from None  # i18n: not text
    return data


def write_new_file(path: Path, data: bytes) -> None:
    """Write a file that must not exist yet (``alfacil init``), atomically."""
    if path.exists():
        raise StoreError(
            _("{path} already exists; alfacil does not overwrite it").format(path=path)
        )
    folder = path.parent
    try:
        fd, temp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=TEMP_SUFFIX)
    except OSError as exc:
        raise StoreError(_cannot_write(path, exc.strerror or exc)) from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, 0o644 & ~_umask())
        os.link(temp, path)  # fails if the file appeared meanwhile: never overwrite
    except FileExistsError:
        raise StoreError(
            _("{path} already exists; alfacil does not overwrite it").format(path=path)
        ) from None
    except OSError as exc:
        raise StoreError(_cannot_write(path, exc.strerror or exc)) from exc
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temp)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# --- low-level reading ---------------------------------------------------------------


def read_bytes(path: Path, root: Path | None = None) -> bytes:
    """A record file's bytes, or :class:`RecordError`: an outside link, not a regular
    file (a FIFO would block every command), unreadable, huge."""
    try:
        # O_NOFOLLOW: the common case (a plain file) costs one open, no separate lstat;
        # a link is looked at only when the open says it is one.
        fd = open_regular(path, follow_links=False)
    except NotRegularFile as exc:
        raise RecordError(
            path, _("is {kind}, not a record file").format(kind=_(exc.kind))
        ) from None
    except OSError as exc:
        if exc.errno != errno.ELOOP:
            raise RecordError(path, _cannot_read(exc)) from None
        if root is not None and not path.resolve().is_relative_to(root.resolve()):
            raise RecordError(
                path, _("is a link to outside the data folder; not followed")
            ) from None
        try:
            fd = open_regular(path)
        except NotRegularFile as again:
            raise RecordError(
                path, _("links to {kind}, not a record file").format(kind=_(again.kind))
            ) from None
        except OSError as again:
            raise RecordError(path, _cannot_read(again)) from None
    try:
        data = read_at_most(fd, MAX_RECORD_BYTES)
    except OSError as exc:
        raise RecordError(path, _cannot_read(exc)) from None
    finally:
        os.close(fd)
    if len(data) > MAX_RECORD_BYTES:
        size = MAX_RECORD_BYTES // (1024 * 1024)
        raise RecordError(path, _("larger than {size} MB").format(size=size))
    return data


@contextlib.contextmanager
def bulk_reading() -> Iterator[None]:
    """Pause the cyclic garbage collector while many records are read.

    Records hold no reference cycles, but every parsed record allocates hundreds of
    containers, and with thousands of them alive the collector's full passes cost
    three times the parsing itself (measured: 250 against 57 microseconds a file).
    Reference counting still frees everything; the collector resumes afterwards.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def read_record(path: Path, model: type[M], root: Path | None = None) -> M:
    """Read one record file, or raise :class:`RecordError` saying exactly why not.

    A record of an older schema is migrated in memory; the file is not touched.
    """
    return parse_record(path, read_bytes(path, root), model)


def parse_record(path: Path, data: bytes, model: type[M]) -> M:
    return parse_versioned(path, data, model)[0]


def parse_versioned(path: Path, data: bytes, model: type[M]) -> tuple[M, int]:
    """The record in ``data`` at the current schema, and the schema it was written in."""
    try:
        record = model.model_validate_json(data)  # the fast path, for a good current file
    except ValidationError:
        pass
    else:
        # A default must not stand in for a missing version: that is a guess.
        if "schema_version" in record.model_fields_set:
            return record, SCHEMA_VERSION
    if not data.strip():
        raise RecordError(path, _("is empty"))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise RecordError(
            path, _("{line}:{column}: not UTF-8").format(line=line, column=column)
        ) from None
    try:
        raw: Any = json.loads(text)
    except json.JSONDecodeError as exc:
        text = _("{line}:{column}: not valid JSON: {reason}")
        raise RecordError(
            path, text.format(line=exc.lineno, column=exc.colno, reason=exc.msg)
        ) from None
    except RecursionError:
        raise RecordError(path, _("not valid JSON: nested too deeply")) from None
    except ValueError:  # an integer of thousands of digits (sys.int_max_str_digits)
        raise RecordError(path, _("not valid JSON: a number thousands of digits long")) from None
    if not isinstance(raw, dict):
        found = type(raw).__name__
        raise RecordError(path, _("expected a JSON object, found {type}").format(type=found))
    version = raw.get("schema_version")
    if isinstance(version, int) and not isinstance(version, bool) and version > SCHEMA_VERSION:
        raise RecordError(
            path,
            _(
                "written by a newer alfacil (schema {version}; this one reads up to "
                "{current}): upgrade alfacil to read it"
            ).format(version=version, current=SCHEMA_VERSION),
            newer=True,
        )
    if "schema_version" not in raw:
        raise RecordError(path, _("has no schema_version: not a record alfacil can place"))
    if not isinstance(version, int) or isinstance(version, bool) or version < OLDEST_SCHEMA:
        shown = _shown(json.dumps(version))[:40]
        raise RecordError(
            path, _("schema_version {version} is not one alfacil ever wrote").format(version=shown)
        )
    older = version < SCHEMA_VERSION
    try:
        raw = migrate(raw)
    except MigrationError as exc:
        raise RecordError(
            path,
            _("cannot be migrated from schema {version}: {reason}").format(
                version=version, reason=exc
            ),
        ) from None
    except RecursionError:
        raise RecordError(path, _("nested too deeply")) from None
    try:
        return model.model_validate(raw), version
    except ValidationError as exc:
        error = exc.errors()[0]
        # A key of a damaged file may hold escape sequences: show them, never send them.
        where = ".".join(_shown(str(part)) for part in error["loc"]) or _("(top level)")
        if older:
            what = _(
                "not a valid {model} (schema {version}, read as schema {current}): "
                "{where}: {reason}"
            )
        else:
            what = _("not a valid {model}: {where}: {reason}")
        text = what.format(
            model=model.__name__,
            version=version,
            current=SCHEMA_VERSION,
            where=where,
            reason=error["msg"],
        )
        raise RecordError(path, text) from None
    except RecursionError:
        raise RecordError(path, _("nested too deeply")) from None


def _shown(text: str) -> str:
    """``text`` as it can be printed: control characters escaped, not interpreted
    (the one rule of :func:`alfacil.text.escape_controls`; other letters stay)."""
    return escape_controls(text)


def one_per_session(found: Sequence[tuple[Path, str]]) -> tuple[set[int], list[Skipped]]:
    """One session id is one session: of the files that hold the same id (a copy made
    by hand, ``X copy.json``, or a sync tool's conflict copy), the one named after the
    id is the session (else the first by name), and each other is a skipped file
    saying whose copy it is, never counted twice. Returns the indices kept."""
    by_id: dict[str, list[int]] = {}
    for index, (_started, session_id) in enumerate(found):
        by_id.setdefault(session_id, []).append(index)
    keep: set[int] = set()
    copies: list[Skipped] = []
    for session_id, indices in by_id.items():
        if len(indices) == 1:
            keep.add(indices[0])
            continue
        named = [i for i in indices if found[i][0].name == f"{session_id}.json"]
        chosen = named[0] if named else min(indices, key=lambda i: found[i][0].name)
        keep.add(chosen)
        kept_name = _shown(found[chosen][0].name)
        for i in indices:
            if i != chosen:
                reason = _("holds session {id} again, which is {kept}: a copy, not counted").format(
                    id=_shown(session_id), kept=kept_name
                )
                copies.append(Skipped(found[i][0], reason))
    return keep, copies


def insecure_mode(path: Path) -> bool:
    """True when others than the owner can read or write ``path`` itself (a link is
    not followed: see :func:`exposure`)."""
    return exposure(path) is not None


def exposure(path: Path) -> str | None:
    """Why others may read ``path``, as a warning line, or None.

    A link is never followed: its target's mode is not the record's to judge, and the
    old advice, ``chmod go-rwx`` on the link, changes the target (``/dev/zero`` for
    one). A link is said to be one, to be replaced by a file.
    """
    try:
        mode = path.lstat().st_mode
    except (OSError, ValueError):
        return None
    shown = _shown(str(path))
    if stat.S_ISLNK(mode):
        return _(
            "warning: {path} is a link, not a file of alfacil's; others may read what it "
            "points to. Replace the link with a plain file (alfacil never changes "
            "permissions through a link)"
        ).format(path=shown)
    if mode & 0o077:
        return _("warning: {path} can be read by others (chmod go-rwx {path} to fix)").format(
            path=shown
        )
    return None


# --- one set's folder -----------------------------------------------------------------


class SetStore:
    """The records of one set: sessions, ledger, autosave, and the writer's lock."""

    def __init__(self, paths: SetPaths) -> None:
        self.paths = paths
        self._lock_fd: int | None = None

    @classmethod
    def at(cls, data_dir: Path, set_id: str) -> SetStore:
        return cls(SetPaths(data_dir, set_id))

    # -- the lock --

    @property
    def locked(self) -> bool:
        return self._lock_fd is not None

    def acquire(self) -> None:
        """Become this set's one writer, or raise :class:`LockedError` naming the holder."""
        if self._lock_fd is not None:
            return
        ensure_private_dir(self.paths.root)
        fd = _open_lock(self.paths.lock)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            try:
                holder = _holder_pid(fd)
            finally:
                os.close(fd)
            raise LockedError(self.paths.lock, holder) from None
        # One write of a fixed width, so a refused reader never sees an empty file.
        try:
            os.pwrite(fd, f"{os.getpid()}\n".ljust(_PID_WIDTH).encode(), 0)
            os.ftruncate(fd, _PID_WIDTH)
            os.fsync(fd)
        except OSError as exc:  # a full disk on the very first start
            os.close(fd)
            raise FolderError(_cannot_write(self.paths.lock, folder_reason(exc))) from exc
        self._lock_fd = fd
        self.sweep_temp_files()

    def release(self) -> None:
        """Let go of the lock; the lock file stays (deleting it would race another start)."""
        if self._lock_fd is not None:
            # The PID stays in the file: it is only read while the lock is held, and
            # the next holder overwrites it.
            fcntl.flock(self._lock_fd, fcntl.LOCK_UN)
            os.close(self._lock_fd)
            self._lock_fd = None

    @contextlib.contextmanager
    def writer(self) -> Iterator[SetStore]:
        self.acquire()
        try:
            yield self
        finally:
            self.release()

    def _require_lock(self) -> None:
        if self._lock_fd is None:
            raise StoreError("internal: write without holding the set's lock")  # i18n: not text

    def sweep_temp_files(self) -> list[Path]:
        """Remove temp files left by a crash mid-write (only the writer does this)."""
        swept = []
        for folder in (self.paths.root, self.paths.sessions):
            if not folder.is_dir():
                continue
            for temp in folder.glob(f".*{TEMP_SUFFIX}"):
                with contextlib.suppress(OSError):
                    temp.unlink()
                    swept.append(temp)
        return swept

    # -- writing --

    def save_autosave(self, autosave: Autosave) -> None:
        self._require_lock()
        atomic_write(self.paths.autosave, dump(autosave))

    def save_session(self, record: SessionRecord, now: datetime) -> Path:
        """Write the final record, then the ledger, then retire the autosave."""
        self._require_lock()
        path = self.paths.session_file(record.session_id)
        self._keep_what_is_in_the_way(path, record, now)
        atomic_write(path, dump(record))
        self.finish_close(now)
        return path

    def _keep_what_is_in_the_way(self, path: Path, record: SessionRecord, now: datetime) -> None:
        """A file at the record's name that is not this session's own earlier record
        (unreadable, or another session's) is set aside, never written over."""
        if not os.path.lexists(path):
            return
        try:
            there = read_record(path, SessionRecord, self.paths.data_dir)
        except RecordError:
            there = None
        if there is not None and (there.session_id, there.started_at) == (
            record.session_id,
            record.started_at,
        ):
            return  # written before (a close cut short): the final record replaces it
        try:
            set_aside(path, now.strftime("%Y%m%dT%H%M%SZ"))
        except OSError as exc:
            raise StoreError(
                _("{path} is in the way and could not be kept: {reason}").format(
                    path=path, reason=_reason(exc)
                )
            ) from exc

    def finish_close(self, now: datetime) -> None:
        """What follows a final record: the ledger, then the autosave retired.

        Also the way to finish a close that was cut short (a full disk or a crash after
        the record was written): the record is the truth, so its close is completed
        rather than the session offered again as unfinished.
        """
        self._require_lock()
        self.write_ledger(now)
        if self.paths.autosave.exists():
            try:
                os.unlink(self.paths.autosave)
                fsync_dir(self.paths.root)
            except OSError as exc:
                raise StoreError(
                    _("could not remove {path}: {reason}").format(
                        path=self.paths.autosave, reason=exc.strerror
                    )
                ) from exc

    def write_ledger(self, now: datetime) -> Ledger:
        self._require_lock()
        ledger = self.build_ledger(now)
        atomic_write(self.paths.ledger, dump(ledger))
        return ledger

    # -- reading --

    def set_aside_autosave(self, now: datetime) -> Path | None:
        """Keep an unreadable autosave under another name (see :func:`set_aside`) so a
        new session can start; None if it could not be moved (it is then left as is)."""
        self._require_lock()
        try:
            return set_aside(self.paths.autosave, now.strftime("%Y%m%dT%H%M%SZ"))
        except OSError:
            return None

    def load_autosave(self) -> Autosave | None:
        """The unfinished session, if any; a bad autosave raises :class:`RecordError`."""
        if not self.paths.autosave.exists():
            return None
        return read_record(self.paths.autosave, Autosave, self.paths.data_dir)

    def recorded_sessions(self) -> list[SessionRecord]:
        """Every readable session of the folder, the unfinished one included (for the
        names they carry); unreadable files are left to ``start`` and ``history``."""
        sessions = list(self.load_sessions().sessions)
        with contextlib.suppress(RecordError):
            autosave = self.load_autosave()
            if autosave is not None:
                sessions.append(autosave.session)
        return sessions

    def session_files(self) -> list[Path]:
        folder = self.paths.sessions
        try:
            names = os.listdir(folder)  # a plain listing: glob costs 10 us a file here
        except FileNotFoundError:
            return []
        except (OSError, ValueError) as exc:  # a file where a folder must be, too
            raise FolderError(
                _("cannot list {path}: {reason}").format(path=folder, reason=folder_reason(exc))
            ) from exc
        return [
            folder / name
            for name in sorted(names)
            if name.endswith(".json") and not name.startswith(".")
        ]

    def load_sessions(self) -> Loaded:
        loaded = Loaded()
        read: list[tuple[Path, SessionRecord]] = []
        with bulk_reading():
            for path in self.session_files():
                try:
                    read.append((path, read_record(path, SessionRecord, self.paths.data_dir)))
                except RecordError as exc:
                    loaded.skipped.append(Skipped(path, exc.reason, exc.newer))
        keep, copies = one_per_session([(path, r.session_id) for path, r in read])
        loaded.sessions = [r for i, (_, r) in enumerate(read) if i in keep]
        loaded.skipped += copies
        loaded.sessions.sort(key=lambda s: (s.started_at, s.session_id))
        return loaded

    def build_ledger(self, now: datetime, loaded: Loaded | None = None) -> Ledger:
        loaded = loaded or self.load_sessions()
        return self._derive(now, loaded, self._stored_ledger() if loaded.skipped else None)

    def ledger(self, now: datetime, loaded: Loaded | None = None) -> Ledger:
        """The commitments ledger: ``actions.json`` if it is current, else rebuilt.

        Rebuilding happens in memory; only the writer stores it (``write_ledger``), so
        reading history never modifies a file.
        """
        loaded = loaded or self.load_sessions()
        ids = [s.session_id for s in loaded.sessions]
        stored = self._stored_ledger()
        if stored is not None and stored.built_from == ids:
            return stored
        return self._derive(now, loaded, stored)

    def _stored_ledger(self) -> Ledger | None:
        if not self.paths.ledger.exists():
            return None
        try:
            return read_record(self.paths.ledger, Ledger, self.paths.data_dir)
        except RecordError:
            return None

    def _derive(self, now: datetime, loaded: Loaded, stored: Ledger | None) -> Ledger:
        """The ledger from the sessions read, keeping from ``stored`` what came from
        session files that cannot be read now (it cannot be derived again)."""
        readable = {s.session_id for s in loaded.sessions}
        unreadable = frozenset(
            skipped.path.stem
            for skipped in loaded.skipped
            if SESSION_ID.fullmatch(skipped.path.stem) and skipped.path.stem not in readable
        )
        return build_ledger(self.paths.set_id, loaded.sessions, now, stored, unreadable)

    # -- migration --

    def record_files(self) -> list[tuple[Path, type[BaseModel]]]:
        """Every record file of the set, with its model: sessions, ledger, autosave."""
        files: list[tuple[Path, type[BaseModel]]] = [
            (path, SessionRecord) for path in self.session_files()
        ]
        for path, model in ((self.paths.ledger, Ledger), (self.paths.autosave, Autosave)):
            if path.exists() or path.is_symlink():
                files.append((path, model))
        return files

    def migrate_records(self, dry_run: bool = False) -> list[FileMigration]:
        """Rewrite each record of an older schema at the current one (``alfacil migrate``).

        Each file is first kept as a backup next to it (:func:`write_backup`), then
        replaced by :func:`atomic_write`. A newer, unreadable or linked file is reported
        and left as it is. Needs the set's lock unless ``dry_run``, which writes nothing.
        """
        if not dry_run:
            self._require_lock()
        done = []
        for path, model in self.record_files():
            done.append(self._migrate_file(path, model, dry_run))
        return done

    def keep_older_autosave(self) -> Path | None:
        """Before the writer replaces or retires an autosave of an older schema (the
        session is resumed or closed), keep it as a backup; returns the backup, if any.

        The autosave is the one older file the writer must replace: the session it
        holds goes on in the current schema. The original stays, as ``migrate`` keeps it.
        """
        self._require_lock()
        path = self.paths.autosave
        if not path.exists() or path.is_symlink():
            return None
        try:
            data = read_bytes(path, self.paths.data_dir)
            _record, version = parse_versioned(path, data, Autosave)
        except RecordError:
            return None  # the runner sets an unreadable autosave aside already
        if version == SCHEMA_VERSION:
            return None
        return write_backup(path, data, version)

    def _migrate_file(self, path: Path, model: type[BaseModel], dry_run: bool) -> FileMigration:
        if path.is_symlink():
            reason = _("is a link; only a file is rewritten")
            return FileMigration(path, "skipped", reason=reason)
        try:
            data = read_bytes(path, self.paths.data_dir)
            record, version = parse_versioned(path, data, model)
        except RecordError as exc:
            return FileMigration(path, "skipped", reason=exc.reason)
        if version == SCHEMA_VERSION:
            return FileMigration(path, "current", version)
        if dry_run:
            n = 1
            while backup_name(path, version, n).exists():
                n += 1
            backup = backup_name(path, version, n)
            return FileMigration(path, "would migrate", version, backup)  # i18n: not text
        try:
            backup = write_backup(path, data, version)
            atomic_write(path, dump(record))
        except StoreError as exc:
            return FileMigration(path, "failed", version, reason=str(exc))
        return FileMigration(path, "migrated", version, backup)

    def insecure_files(self) -> list[Path]:
        """Files and folders of this set that others can read, or links: warned about
        (:meth:`permission_warnings`), never changed."""
        return [path for path, _ in self._exposed()]

    def permission_warnings(self) -> list[str]:
        """One line per file or folder others may read, for every command that reads
        the records (start, history, migrate); a folder that cannot be listed gives
        none here (the reading reports it)."""
        exposed = self._exposed()
        links = [warning for path, warning in exposed if path.is_symlink()]
        readable = [path for path, _ in exposed if not path.is_symlink()]
        if len(readable) <= 1 or self.paths.root.is_symlink():
            return [warning for _, warning in exposed]
        # A whole folder copied with loose permissions (a checkout of the sample records,
        # a copy made without -a) is one line, not one per file. chmod -R does not follow
        # the links inside the folder, and the folder itself is not a link here.
        root = _shown(str(self.paths.root))
        return [
            *links,
            ngettext(
                "warning: {count} file or folder under {root} can be read by "
                "others (chmod -R go-rwx {root} to fix)",
                "warning: {count} files and folders under {root} can be read by "
                "others (chmod -R go-rwx {root} to fix)",
                len(readable),
            ).format(count=len(readable), root=root),
        ]

    def _exposed(self) -> list[tuple[Path, str]]:
        try:
            sessions = self.session_files()
        except StoreError:
            sessions = []
        found = []
        for path in [
            self.paths.root,
            self.paths.sessions,
            *sessions,
            self.paths.ledger,
            self.paths.autosave,
        ]:
            warning = exposure(path)
            if warning is not None:
                found.append((path, warning))
        return found


_PID_WIDTH = 16


def _open_lock(path: Path) -> int:
    """Open (or create) the set's ``.lock``, refusing anything but a plain file of its own.

    The lock file is truncated and written, so opening it through a link would let a
    copied folder (or an attacker's link) wipe the file it points to: a symbolic link
    is not followed (O_NOFOLLOW), and a hard link, a FIFO, a device or a folder is
    refused before a byte is written. O_NONBLOCK keeps a FIFO from hanging the open.
    """
    flags = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
    shown = _shown(str(path))
    try:
        fd = os.open(path, flags, FILE_MODE)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise StoreError(
                _(
                    "{path} is a link; alfacil writes nothing through it (remove it: "
                    "alfacil makes a new one)"
                ).format(path=shown)
            ) from None
        raise FolderError(
            _("cannot open {path}: {reason}").format(path=shown, reason=folder_reason(exc))
        ) from None
    info = os.fstat(fd)
    problem = None
    if not stat.S_ISREG(info.st_mode):
        problem = _(
            "{path} is not a regular file; alfacil writes nothing through it (remove it: "
            "alfacil makes a new one)"
        )
    elif info.st_nlink != 1:
        problem = _(
            "{path} is a hard link ({count} names for one file); alfacil writes nothing "
            "through it (remove it: alfacil makes a new one)"
        )
    if problem is not None:
        os.close(fd)
        raise StoreError(problem.format(path=shown, count=info.st_nlink))
    return fd


def _holder_pid(fd: int) -> int | None:
    """The PID written in a lock file held by another process.

    A new holder writes its PID just after taking the lock, so for a moment the file
    may still name the previous, finished holder: read again briefly until it names a
    living process.
    """
    pid: int | None = None
    for _attempt in range(20):
        text = os.pread(fd, _PID_WIDTH, 0).decode("ascii", "replace").strip()
        pid = int(text) if text.isdigit() else None
        if pid is not None and _alive(pid):
            return pid
        time.sleep(0.02)
    return pid


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def set_ids_in(data_dir: Path) -> list[str]:
    """The sets that have a folder of records under ``data_dir``, by name."""
    if not folder_exists(data_dir):
        return []
    try:
        return sorted(
            p.name for p in data_dir.iterdir() if p.is_dir() and not p.name.startswith(".")
        )
    except (OSError, ValueError) as exc:
        raise FolderError(
            _("cannot read the data folder {path}: {reason}").format(
                path=data_dir, reason=folder_reason(exc)
            )
        ) from exc


def folder_exists(path: Path) -> bool:
    """Whether a folder of records is there (False: not yet made); :class:`FolderError`
    when it can never be one (a file stands there or in its path, no permission...)."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return False
    except (OSError, ValueError) as exc:
        raise FolderError(
            _("cannot use the data folder {path}: {reason}").format(
                path=path, reason=folder_reason(exc)
            )
        ) from exc
    if not stat.S_ISDIR(mode):
        raise FolderError(
            _("cannot use the data folder {path}: it is a file, not a folder").format(path=path)
        )
    return True


def running_holder(lock: Path) -> int | None:
    """The PID of a living process named in a set's lock file, else None.

    For readers that must not take the lock (``alfacil display``): the file is only
    read. The PID stays in the file after its holder lets go, so a PID that is not
    alive means nobody is running the set; a living one almost always means the
    console is (a reused PID is the rare exception, and costs only a stale display).
    """
    try:
        fd = os.open(lock, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError:
        return None
    try:
        text = os.pread(fd, _PID_WIDTH, 0).decode("ascii", "replace").strip()
    except OSError:
        return None
    finally:
        os.close(fd)
    pid = int(text) if text.isdigit() else None
    return pid if pid is not None and pid > 0 and _alive(pid) else None

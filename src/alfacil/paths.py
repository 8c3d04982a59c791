"""Where records live: the one place that decides paths.

The data folder is, first that is set: ``--data-dir``, ``ALFACIL_DATA_DIR``, the set
file's ``records`` (relative to the set file), else the user's data folder from
platformdirs. Under it each set has a folder named by its id.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from alfacil.i18n import _

ENV_DATA_DIR = "ALFACIL_DATA_DIR"
#: records.SESSION_ID_PATTERN, kept here too: paths imports no pydantic.
SESSION_ID = re.compile(r"[0-9]{8}T[0-9]{6}Z(?:-[0-9]{1,6})?")


class DataFolderError(Exception):
    """A data folder that cannot be found, created or used (its parent is a file, a
    read-only disk, no permission, no home folder, a full disk, a name too long...).

    Raised by this module and by the store (whose folder errors are also a
    ``StoreError``); ``str()`` is the one line the user sees, and the command line
    turns it into that line and exit status 1, whatever the command.
    """


def default_data_dir() -> Path:
    from platformdirs import user_data_path

    try:
        folder = user_data_path("alfacil", appauthor=False)
    except RuntimeError:  # platformdirs' own word for the same thing
        folder = Path("~/.local/share/alfacil")
    if not folder.is_absolute():
        # No $HOME and no entry in the password database: "~" stays as it is, and
        # the records would go to a folder named "~" under wherever alfacil was run.
        raise DataFolderError(
            _(
                "no home folder is known, so there is no default data folder ({folder}); "
                "name one with --data-dir or ${variable}"
            ).format(folder=folder, variable=ENV_DATA_DIR)
        )
    return folder


def _expanded(value: Path | str) -> Path:
    text = str(value)
    if "\x00" in text:
        raise DataFolderError(
            _("{folder}: a folder name cannot contain a NUL character").format(folder=repr(text))
        )
    try:
        return Path(text).expanduser()
    except RuntimeError:  # ~nosuchuser, or ~ with no home folder known
        user = text[1:].split("/", 1)[0]
        if user:
            problem = _(
                "{folder}: there is no user named {user}, so this data folder cannot be found"
            )
        else:
            problem = _("{folder}: no home folder is known, so this data folder cannot be found")
        raise DataFolderError(problem.format(folder=text, user=repr(user))) from None


def resolve_data_dir(
    cli: Path | str | None = None,
    set_records: Path | None = None,
    env: Mapping[str, str] | None = None,
) -> Path:
    """The data folder, by the precedence above; :class:`DataFolderError` if the one
    chosen can never be found (a NUL, a ``~user`` who does not exist, no home)."""
    return locate_data_dir(cli, set_records, env)[0]


def locate_data_dir(
    cli: Path | str | None = None,
    set_records: Path | None = None,
    env: Mapping[str, str] | None = None,
) -> tuple[Path, str]:
    """The data folder and which rule chose it (for ``alfacil paths``)."""
    env = os.environ if env is None else env
    if cli:
        return _expanded(cli), "--data-dir"
    if env.get(ENV_DATA_DIR):
        return _expanded(env[ENV_DATA_DIR]), f"${ENV_DATA_DIR}"
    if set_records is not None:
        return set_records, _("the set file's `records`")
    return default_data_dir(), _("your user data folder")


@dataclass(frozen=True)
class SetPaths:
    """The files of one set under the data folder."""

    data_dir: Path
    set_id: str

    @property
    def root(self) -> Path:
        return self.data_dir / self.set_id

    @property
    def sessions(self) -> Path:
        return self.root / "sessions"

    @property
    def ledger(self) -> Path:
        return self.root / "actions.json"

    @property
    def autosave(self) -> Path:
        return self.root / "autosave.json"

    @property
    def lock(self) -> Path:
        return self.root / ".lock"

    def session_file(self, session_id: str) -> Path:
        """``sessions/<id>.json``; an id that is not one alfacil writes is refused, so
        no id, wherever it came from, can name a file outside ``sessions/``."""
        if not SESSION_ID.fullmatch(session_id):
            raise ValueError(f"not a session id: {session_id!r}")  # i18n: not text (a guard)
        return self.sessions / f"{session_id}.json"

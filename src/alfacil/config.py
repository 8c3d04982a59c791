"""Set files: TOML in, frozen pydantic models out, one-line errors with file:line.

A facilitator edits the set file by hand, so every mistake must come back as one
line that names the file, the line and the dotted key, never a traceback. tomllib
keeps no positions, so :class:`_KeyLines` maps each key of the document to the line
it is written on by reading the text the way TOML lays it out.
"""

from __future__ import annotations

import difflib
import hashlib
import os
import re
import tomllib
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal, get_args

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, model_validator

from alfacil.files import NotRegularFile, read_regular
from alfacil.i18n import LANGUAGES, N_, Language, _, ngettext
from alfacil.protocol import (
    ADDED_BREAK_PREFIX,
    BUILTIN_PROTOCOLS,
    PROTOCOLS,
    PhaseSpec,
    ProtocolId,
    Seconds,
    break_phase,
    builtin_phases,
    with_timings,
)
from alfacil.text import has_control, name_key, normal_name

MAX_SET_FILE_BYTES = 1_000_000

DEFAULT_PRESENTERS = 2
#: The defaults of a set file that leaves them out, as English msgids: a set loaded in
#: Welsh gets them in Welsh (the models' default factories translate them).
DEFAULT_GROUND_RULES = (
    N_("What is said in the set stays in the set"),
    N_("Listen to understand, not to reply"),
    N_("Questions, not advice"),
    N_("Suspend judgement"),
    N_("Phones away"),
)
DEFAULT_PROMPTS = (
    N_("What would success look like?"),
    N_("What have you already tried?"),
    N_("Who else has a stake in this?"),
    N_("What is stopping you?"),
    N_("What would you do if you could not fail?"),
)
DEFAULT_EVALUATION = (
    N_("How useful was today for you?"),
    N_("How well did we keep to the process?"),
)


def _translated(texts: tuple[str, ...]) -> Callable[[], tuple[str, ...]]:
    """A default factory: ``texts`` in the language of the run when the set is read."""
    return lambda: tuple(_(text) for text in texts)


class SetFileError(Exception):
    """A set file that cannot be used. ``lines`` holds one line per mistake, in file
    order (``str()`` joins them); ``path``, ``message``, ``line``, ``key`` and
    ``column`` describe the first, and ``problems`` every one."""

    def __init__(
        self,
        path: Path | str,
        message: str,
        line: int | None = None,
        key: str | None = None,
        column: int | None = None,
        *,
        more: Sequence[SetFileError] = (),
    ) -> None:
        self.path = str(path)
        self.message = message
        self.line = line
        self.key = key
        self.column = column
        where = self.path
        if line is not None:
            where += f":{line}"
            if column is not None:
                where += f":{column}"
        self.text = f"{where}: {key}: {message}" if key else f"{where}: {message}"
        self.problems: list[SetFileError] = [self, *more]
        self.lines = [problem.text for problem in self.problems]
        super().__init__("\n".join(self.lines))

    @classmethod
    def every(cls, problems: Sequence[SetFileError]) -> SetFileError:
        """One error carrying all of ``problems``, sorted by line (file order)."""
        ordered = sorted(problems, key=lambda p: (p.line or 0, p.column or 0))
        first, rest = ordered[0], ordered[1:]
        return cls(first.path, first.message, first.line, first.key, first.column, more=rest)


def _plain_text(value: str) -> str:
    """Refuse control characters (the rule of :mod:`alfacil.text`: the joiners that
    Persian, Indic names and emoji need are fine): a name must never drive the
    projector's terminal. Kept in NFC, so a name typed precomposed or decomposed is
    one string."""
    if has_control(value):
        raise ValueError(_("must not contain control characters"))
    if not value.strip():
        raise ValueError(_("must not be empty"))
    return normal_name(value.strip())


PlainText = Annotated[str, Field(max_length=200), AfterValidator(_plain_text)]
Name = Annotated[str, Field(max_length=60), AfterValidator(_plain_text)]

#: Longest name of one folder on the file systems alfacil runs on (bytes).
NAME_MAX = 255
#: Longest path a program can open on them (bytes).
PATH_MAX = 4096


def _records_folder(value: str | None) -> str | None:
    """Refuse a ``records`` folder that can never work, whatever is on disk: a NUL
    byte, a ``~user`` who does not exist, a name or a path too long to open."""
    if value is None:
        return None
    if "\x00" in value:
        raise ValueError(_("a folder name cannot contain a NUL character"))
    if value.startswith("~"):
        user = value[1:].split("/", 1)[0]
        if os.path.expanduser(value) == value:
            if user:
                text = _("no user named {user}, so {folder} cannot be found")
            else:
                text = _("no home folder is known, so {folder} cannot be found")
            raise ValueError(text.format(user=repr(user), folder=repr(value)))
    encoded = os.fsencode(value)
    if any(len(part) > NAME_MAX for part in encoded.split(b"/")):
        raise ValueError(
            _("a folder name in it is longer than {count} bytes").format(count=NAME_MAX)
        )
    if len(encoded) >= PATH_MAX:
        raise ValueError(_("longer than {count} bytes").format(count=PATH_MAX - 1))
    return value


class _Strict(BaseModel):
    """Every model of the set file forbids unknown keys (it does not inherit otherwise)."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Member(_Strict):
    name: Name


class GroundRules(_Strict):
    items: tuple[PlainText, ...] = Field(default_factory=_translated(DEFAULT_GROUND_RULES))


class Questioning(_Strict):
    prompts: tuple[PlainText, ...] = Field(default_factory=_translated(DEFAULT_PROMPTS))


class Evaluation(_Strict):
    questions: tuple[PlainText, ...] = Field(default_factory=_translated(DEFAULT_EVALUATION))
    scale: int = Field(default=5, ge=2, le=10)


class Break(_Strict):
    """A planned break: ``after`` a phase id; for a phase repeated per presenter, after
    turn ``turn`` (counted from 1; default 1, the usual break between two presenters;
    after the last turn when fewer presenters are present)."""

    after: str = Field(min_length=1, max_length=64)
    turn: int | None = Field(default=None, ge=1, le=30)
    duration: Seconds = Field(default=600, gt=0)
    # A Name, written out: pydantic 2.0 refuses a second Field on an Annotated one.
    title: Annotated[str, AfterValidator(_plain_text)] = Field(
        default_factory=lambda: _("Break"), max_length=60
    )


class SetConfig(_Strict):
    """What a set agreed: who is in it, how long it meets, which protocol it follows."""

    name: PlainText
    id: str | None = Field(default=None, pattern=r"^[a-z0-9][a-z0-9_-]{0,63}$")
    facilitator: Name
    session_length: Seconds = Field(gt=0)
    presenters_per_session: int = Field(default=DEFAULT_PRESENTERS, ge=1, le=8)
    records: Annotated[str | None, AfterValidator(_records_folder)] = None
    protocol: ProtocolId = "action-learning"
    bell: bool = True
    theme: Literal["default", "high-contrast", "light-contrast"] = "default"
    # "members": the console's own screen hides what is private to the facilitator
    # (attendance, updates, actions being typed, insights, ratings, paths, warnings).
    display: Literal["console", "members"] = "console"
    # The language alfacil speaks for this set, unless --lang says otherwise; None:
    # the user's locale. Read before the rest is validated (``parse_set``).
    language: Language | None = None
    members: tuple[Member, ...] = Field(min_length=1, max_length=30)
    ground_rules: GroundRules = Field(default_factory=GroundRules)
    timings: dict[str, Seconds] = {}
    questioning: Questioning = Field(default_factory=Questioning)
    evaluation: Evaluation = Field(default_factory=Evaluation)
    phases: tuple[PhaseSpec, ...] | None = None
    breaks: tuple[Break, ...] = ()

    @model_validator(mode="before")
    @classmethod
    def _protocol_defaults(cls, data: Any) -> Any:
        """A set that follows another protocol starts from that protocol's ground rules
        and example questions (Action Learning's are the models' own defaults)."""
        if not isinstance(data, dict):
            return data
        protocol = PROTOCOLS.get(str(data.get("protocol", "")))
        if protocol is None or protocol.id == "action-learning":
            return data
        data = dict(data)
        for key, field, value in (
            ("ground_rules", "items", protocol.ground_rules),
            ("questioning", "prompts", protocol.prompts),
        ):
            table = data.get(key, {})
            if isinstance(table, dict) and field not in table:
                data[key] = {**table, field: list(value)}
        return data

    @property
    def set_id(self) -> str:
        """The folder name of this set's records; ``id`` if given, else from the name."""
        return self.id or slugify(self.name)

    @property
    def member_names(self) -> list[str]:
        return [m.name for m in self.members]

    @property
    def planned_breaks(self) -> tuple[tuple[PhaseSpec, str, int | None], ...]:
        """Each planned break as a phase (``break-1``, ...), with where it goes."""
        per_presenter = {p.id for p in self.resolved_phases if p.per_presenter}
        return tuple(
            (
                break_phase(f"break-{n}", b.duration, b.title),
                b.after,
                (b.turn or 1) if b.after in per_presenter else None,
            )
            for n, b in enumerate(self.breaks, start=1)
        )

    @property
    def resolved_phases(self) -> tuple[PhaseSpec, ...]:
        """The set's phases with its timings: its own ``[[phases]]`` exactly as written,
        else its built-in protocol's in the run's language, translated now (on each
        call), not when the file was read, since the language is chosen after that."""
        base = self.phases if self.phases is not None else builtin_phases(self.protocol)
        return with_timings(base, self.timings)


@dataclass(frozen=True)
class SetFile:
    """A loaded set: its configuration and where it came from."""

    path: Path
    config: SetConfig

    @property
    def records_dir(self) -> Path | None:
        """The ``records`` folder of the set file, relative to the file itself."""
        if self.config.records is None:
            return None
        folder = Path(self.config.records).expanduser()
        return folder if folder.is_absolute() else (self.path.parent / folder)


MAX_ID = 64
_HASH_LENGTH = 8


def legacy_set_id(name: str) -> str:
    """The id earlier versions of alfacil gave ``name`` (every name without ASCII letters was
    ``set``): where such a set's earlier records are, for ``check`` and ``start`` to
    point at. Never used to write."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:MAX_ID] or "set"


def slugify(name: str) -> str:
    """The folder name of a set's records, derived from its name; unique per name.

    A name whose letters, digits and symbols are all ASCII once accents are taken off
    keeps the id alfacil always gave it ("Cluster managers" -> ``cluster-managers``,
    "Café" -> ``cafe``), so existing records are still found. Any other name (Chinese,
    Cyrillic, Greek, Arabic, emoji...) would lose what tells it apart from the next
    one, so a short hash of the name, compared as names are (NFC, casefolded), is
    added: ``set-1a2b3c4d``, ``team-9f8e7d6c``. Two sets with different names never
    share a folder by accident, and an id is always a plain folder name: ASCII
    letters, digits and ``-``, not starting with ``.`` or ending with ``-``, at most
    :data:`MAX_ID` long.
    """
    decomposed = unicodedata.normalize("NFKD", name)
    text = decomposed.encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    lossy = any(ord(ch) > 127 and unicodedata.category(ch)[0] in "LNS" for ch in decomposed)
    if not lossy and slug:
        return slug[:MAX_ID].rstrip("-")
    digest = hashlib.sha256(name_key(name).encode()).hexdigest()[:_HASH_LENGTH]
    head = slug[: MAX_ID - _HASH_LENGTH - 1].rstrip("-") or "set"
    return f"{head}-{digest}"


# --- reading --------------------------------------------------------------------------

_KEY = r'(?:[A-Za-z0-9_-]+|"[^"]*"|\'[^\']*\')'
_DOTTED = rf"{_KEY}(?:\s*\.\s*{_KEY})*"
_ARRAY_HEADER = re.compile(rf"^\s*\[\[\s*({_DOTTED})\s*\]\]")
_TABLE_HEADER = re.compile(rf"^\s*\[\s*({_DOTTED})\s*\]")
_ASSIGN = re.compile(rf"^\s*({_DOTTED})\s*=")
# A set file nests four keys deep at most. tomllib (and _KeyLines) take time and memory
# quadratic in the parts of one dotted key, so a hostile file of one key 100,000 parts
# long would hang `check` and `start`: such keys are refused before parsing.
MAX_KEY_PARTS = 32
_LINE_KEY = r"""(?:[A-Za-z0-9_-]+|"[^"\n]*"|'[^'\n]*')"""
_TOO_DEEP = re.compile(rf"(?<![\w.'\"-])(?:{_LINE_KEY}[ \t]*\.[ \t]*){{{MAX_KEY_PARTS}}}")

PathKey = tuple[str | int, ...]


def _split_dotted(text: str) -> list[str]:
    return [_unquote(p) for p in re.findall(_KEY, text)]


def _unquote(part: str) -> str:
    """A key as tomllib reads it: quotes removed, escapes of basic strings decoded."""
    if part[:1] == "'":
        return part[1:-1]
    if part[:1] == '"':
        try:
            value = tomllib.loads(f"k = {part}")["k"]
        except tomllib.TOMLDecodeError:
            return part[1:-1]
        return value if isinstance(value, str) else part[1:-1]
    return part


class _KeyLines:
    """Line number of every key and table in a TOML text (first place it is written)."""

    def __init__(self, text: str) -> None:
        self.lines: dict[PathKey, int] = {}
        self.by_line: dict[int, PathKey] = {}
        counts: dict[tuple[str, ...], int] = {}
        current: PathKey = ()
        for number, line in enumerate(text.splitlines(), start=1):
            if m := _ARRAY_HEADER.match(line):
                names = tuple(_split_dotted(m.group(1)))
                index = counts.get(names, 0)
                counts[names] = index + 1
                current = (*self._resolve(names[:-1], counts), names[-1], index)
                self._note(current, number)
            elif m := _TABLE_HEADER.match(line):
                names = tuple(_split_dotted(m.group(1)))
                current = (*self._resolve(names[:-1], counts), names[-1])
                self._note(current, number)
            elif m := _ASSIGN.match(line):
                key = (*current, *_split_dotted(m.group(1)))
                self._note(key, number)

    @staticmethod
    def _resolve(names: tuple[str, ...], counts: dict[tuple[str, ...], int]) -> PathKey:
        out: list[str | int] = []
        for i, name in enumerate(names):
            out.append(name)
            seen = counts.get(names[: i + 1])
            if seen:
                out.append(seen - 1)
        return tuple(out)

    def _note(self, key: PathKey, number: int) -> None:
        self.by_line.setdefault(number, key)
        for i in range(1, len(key) + 1):
            self.lines.setdefault(key[:i], number)

    def line_of(self, loc: PathKey) -> int | None:
        for i in range(len(loc), 0, -1):
            if loc[:i] in self.lines:
                return self.lines[loc[:i]]
        return None


_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def _key_text(key: str) -> str:
    """A key as it is written in TOML; quoted, with control characters escaped, when
    it is not a bare key, so that an error line never carries a newline or an escape
    sequence to the terminal."""
    if _BARE_KEY.fullmatch(key):
        return key
    escaped = "".join(
        f"\\u{ord(ch):04x}"
        if unicodedata.category(ch) in ("Cc", "Cf") or ch in "\u2028\u2029"
        else "\\" + ch
        if ch in '"\\'
        else ch
        for ch in key
    )
    return f'"{escaped}"'


def dotted(loc: PathKey) -> str:
    """``("members", 2, "name")`` -> ``members[3].name`` (counted from 1, as people do)."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            key = _key_text(part)
            out += f".{key}" if out else key
    return out or _("(top level)")


def _model_at(loc: PathKey) -> type[BaseModel] | None:
    """The model whose keys are valid at ``loc`` (a table of the set file), if any."""
    model: type[BaseModel] = SetConfig
    for part in loc:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part)
        found = _model_in(field.annotation) if field is not None else None
        if found is None:
            return None
        model = found
    return model


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        if (found := _model_in(arg)) is not None:
            return found
    return None


def _nearest(word: str, choices: Sequence[str]) -> str | None:
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return close[0] if close else None


def _got(value: Any) -> str:
    """The value as the author wrote it, in TOML's words, cut short."""
    if isinstance(value, bool):
        text = "true" if value else "false"  # i18n: not text (TOML's words)
    elif isinstance(value, dict):
        text = _("a table")
    elif isinstance(value, list):
        text = _("a list")
    elif isinstance(value, str):
        text = repr(value)
    else:
        text = str(value)
    return text if len(text) <= 60 else text[:59] + "…"


def _count(value: Any) -> int:
    """A count from pydantic's error context, for choosing a plural form."""
    return value if isinstance(value, int) else 0


def _message(error: Any) -> str:
    """A pydantic error in the set file author's words: TOML, not Python."""
    kind: str = error.get("type", "")
    loc: PathKey = tuple(error.get("loc", ()))
    ctx: dict[str, Any] = error.get("ctx") or {}
    value = error.get("input")
    got = _got(value)
    name = dotted(tuple(p for p in loc if isinstance(p, str)))
    if kind == "missing":
        return _("required key is missing")
    if kind == "extra_forbidden":
        model = _model_at(loc[:-1])
        keys = list(model.model_fields) if model is not None else []
        near = _nearest(str(loc[-1]), keys)
        if near is not None:
            return _("unknown key; did you mean {key}?").format(key=near)
        if len(keys) == 1:
            return _("unknown key; the only key here is {key}").format(key=keys[0])
        if keys and len(keys) <= 8:
            return _("unknown key; the keys here are {keys}").format(keys=", ".join(keys))
        return _("unknown key")
    if kind in ("tuple_type", "list_type"):
        if _model_at(loc) is not None:
            return _(
                "expected [[{name}]] tables, one per entry "
                "(a line [[{name}]], then its keys below it), got {got}"
            ).format(name=name, got=got)
        return _('expected a list in brackets, like ["one", "two"], got {got}').format(got=got)
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return _("expected a table ([{name}] with its keys below it), got {got}").format(
            name=name, got=got
        )
    if kind == "string_type":
        return _('expected text in quotes, like "Aled", got {got}').format(got=got)
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return _("expected a whole number, got {got}").format(got=got)
    if kind in ("bool_type", "bool_parsing"):
        return _("expected true or false, got {got}").format(got=got)
    if kind == "literal_error":
        return _("expected one of {choices}, got {got}").format(
            choices=_choices(ctx.get("expected", "")), got=got
        )
    if kind == "too_short":
        least = _count(ctx.get("min_length"))
        return ngettext(
            "needs at least {count} item, has {actual}",
            "needs at least {count} items, has {actual}",
            least,
        ).format(count=least, actual=ctx.get("actual_length", 0))
    if kind == "too_long":
        most = _count(ctx.get("max_length"))
        return ngettext(
            "takes at most {count} item, has {actual}",
            "takes at most {count} items, has {actual}",
            most,
        ).format(count=most, actual=ctx.get("actual_length"))
    if kind == "string_too_short":
        return _("must not be empty")
    if kind == "string_too_long":
        most = _count(ctx.get("max_length"))
        return ngettext(
            "must be at most {count} character long",
            "must be at most {count} characters long",
            most,
        ).format(count=most)
    if kind == "string_pattern_mismatch":
        if loc[-1:] == ("id",) and len(loc) == 1:
            text = _(
                "may hold only lowercase letters a-z, digits, - and _, starting with a letter "
                "or digit, got {got}"
            )
        else:
            text = _(
                "may hold only lowercase letters a-z, digits, - and _, starting with a letter, "
                "got {got}"
            )
        return text.format(got=got)
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        words = {
            "greater_than": N_("must be more than {limit}, got {got}"),
            "greater_than_equal": N_("must be at least {limit}, got {got}"),
            "less_than": N_("must be less than {limit}, got {got}"),
            "less_than_equal": N_("must be at most {limit}, got {got}"),
        }
        limit = next(iter(ctx.values()), "")
        return _(words[kind]).format(limit=limit, got=got)
    message = str(error.get("msg", _("invalid value")))
    for prefix in ("Value error, ", "Assertion failed, "):  # i18n: not text (pydantic's)
        if message.startswith(prefix):
            message = message[len(prefix) :]
    if kind.endswith("_type") or kind.endswith("_parsing"):
        message = _("{message}, got {got}").format(message=message, got=got)
    return message


def _choices(expected: Any) -> str:
    """pydantic's "'a', 'b' or 'c'" with the "or" in the language of the run."""
    text = str(expected)
    head, sep, last = text.rpartition(" or ")  # i18n: not text (pydantic's word)
    if not sep:
        return text
    return _("{choices} or {last}").format(choices=head, last=last)


def _syntax_error(path: Path, text: str, error: tomllib.TOMLDecodeError) -> SetFileError:
    # tomllib's message and its position, in its own (English) words: the reason stays
    # as tomllib wrote it, after alfacil's own "invalid TOML".
    match = re.search(r"\(at line (\d+), column (\d+)\)", str(error))  # i18n: not text
    reason = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(error))  # i18n: not text
    invalid = _("invalid TOML: {reason}").format(reason=reason) if reason else _("invalid TOML")
    if not match:
        if "end of document" in str(error):  # i18n: not text (tomllib's words)
            return SetFileError(path, invalid, line=text.count("\n") + 1)
        return SetFileError(path, invalid)
    line, column = int(match.group(1)), int(match.group(2))
    key_lines = _KeyLines(text)
    key = key_lines.by_line.get(line)
    return SetFileError(path, invalid, line=line, column=column, key=dotted(key) if key else None)


def read_set_text(path: Path) -> str:
    """The text of a set file, or a :class:`SetFileError` saying why it cannot be read."""
    try:
        data = read_regular(path, MAX_SET_FILE_BYTES)  # a FIFO must not hang check
    except NotRegularFile as exc:
        text = _("is {kind}, not a set file").format(kind=_(exc.kind))
        raise SetFileError(path, text) from None
    except FileNotFoundError:
        raise SetFileError(path, _("no such file")) from None
    except PermissionError:
        raise SetFileError(path, _("permission denied")) from None
    except IsADirectoryError:
        raise SetFileError(path, _("is a folder, not a set file")) from None
    except OSError as exc:
        reason = exc.strerror or exc
        raise SetFileError(path, _("cannot be read: {reason}").format(reason=reason)) from None
    if len(data) > MAX_SET_FILE_BYTES:
        size = MAX_SET_FILE_BYTES // 1000
        raise SetFileError(path, _("is larger than {size} kB; not a set file").format(size=size))
    try:
        return data.decode("utf-8-sig")  # a BOM, as some Windows editors write, is fine
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise SetFileError(
            path,
            _("not UTF-8 (byte 0x{byte})").format(byte=f"{data[exc.start]:02x}"),
            line=line,
            column=column,
        ) from None


def parse_set(
    text: str, path: Path, on_language: Callable[[Language], None] | None = None
) -> SetConfig:
    """Validate a set file's text; all errors become :class:`SetFileError`.

    ``on_language`` hears the file's ``language`` (when it is one alfacil has) as soon
    as the TOML is read and before anything is validated, so that the CLI can speak it
    from then on: the file's own mistakes and the defaults it leaves out (ground rules,
    questions) come in its language. It is not called for a file that is not TOML."""
    if deep := _TOO_DEEP.search(text):
        at = text.count("\n", 0, deep.start()) + 1
        message = _("a key of more than {count} parts").format(count=MAX_KEY_PARTS)
        raise SetFileError(path, message, line=at)
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _syntax_error(path, text, exc) from None
    except RecursionError:
        raise SetFileError(path, _("invalid TOML: nested too deeply")) from None
    except ValueError:  # tomllib on an integer of thousands of digits (int_max_str_digits)
        digits = re.search(r"\d{1000}", text)
        where = text.count("\n", 0, digits.start()) + 1 if digits else None
        raise SetFileError(path, _("a number thousands of digits long"), line=where) from None
    wanted = raw.get("language")
    if on_language is not None and isinstance(wanted, str):
        for language in LANGUAGES:
            if wanted == language:
                on_language(language)
    key_lines = _KeyLines(text)

    def problem(loc: PathKey, message: str, line: int | None = None) -> SetFileError:
        line = line or key_lines.line_of(loc) or 1
        return SetFileError(path, message, line=line, key=dotted(loc))

    problems: list[SetFileError] = []
    config: SetConfig | None = None
    try:
        config = SetConfig.model_validate(raw)
    except ValidationError as exc:
        errors = exc.errors()
        inner = {tuple(e["loc"][:i]) for e in errors for i in range(1, len(e["loc"]))}
        for error in errors:
            loc: PathKey = tuple(error["loc"])
            if error["type"] == "too_short" and loc in inner:
                continue  # too few only because an entry inside is wrong: that is the news
            line = key_lines.line_of(loc[:-1] if error["type"] == "missing" else loc)
            problems.append(problem(loc, _message(error), line))
    except RecursionError:
        raise SetFileError(path, _("nested too deeply")) from None
    invalid = {p.key for p in problems}  # a key already wrong is not judged again
    for loc, message in _consistency(raw):
        if dotted(loc) not in invalid:
            problems.append(problem(loc, message))
    if config is not None:
        for loc, message in _break_problems(config):
            problems.append(problem(loc, message))
    if problems or config is None:
        raise SetFileError.every(problems)
    return config


def _break_problems(config: SetConfig) -> list[tuple[PathKey, str]]:
    """A planned break must follow a phase of the set's protocol, and name a turn only
    after a phase that repeats per presenter."""
    found: list[tuple[PathKey, str]] = []
    phases = {p.id: p for p in config.resolved_phases}
    for index, planned in enumerate(config.breaks):
        phase = phases.get(planned.after)
        if phase is None:
            near = _nearest(planned.after, list(phases))
            found.append((("breaks", index, "after"), _no_such_phase(near, list(phases))))
        elif planned.turn is not None and not phase.per_presenter:
            found.append(
                (
                    ("breaks", index, "turn"),
                    _("{phase} is not repeated per presenter; leave out turn").format(
                        phase=planned.after
                    ),
                )
            )
    return found


def _no_such_phase(near: str | None, known: Sequence[str]) -> str:
    if near is not None:
        return _("no such phase; did you mean {phase}?").format(phase=near)
    return _("no such phase; phases are {phases}").format(phases=", ".join(known))


def _consistency(raw: dict[str, Any]) -> list[tuple[PathKey, str]]:
    """Mistakes between keys, found in the raw document so that they are reported with
    the validation's, whether it passed or not (a value of the wrong type is left to
    the validation)."""
    found: list[tuple[PathKey, str]] = []

    def text(value: Any) -> str | None:
        return name_key(value.strip()) if isinstance(value, str) else None

    members = raw.get("members")
    members = members if isinstance(members, list) else []
    seen: dict[str, int] = {}
    for index, member in enumerate(members):
        name = member.get("name") if isinstance(member, dict) else None
        folded = text(name)
        if folded is None or not isinstance(name, str):
            continue
        if folded in seen:
            found.append(
                (
                    ("members", index, "name"),
                    _("{name} is already a member (members[{index}])").format(
                        name=repr(name.strip()), index=seen[folded] + 1
                    ),
                )
            )
        else:
            seen[folded] = index
    if text(raw.get("facilitator")) in seen:
        found.append((("facilitator",), _("the facilitator keeps the process and is not a member")))
    presenters = raw.get("presenters_per_session")
    if type(presenters) is int and members and presenters > len(members):
        found.append(
            (
                ("presenters_per_session",),
                ngettext(
                    "{presenters} presenters but only {count} member",
                    "{presenters} presenters but only {count} members",
                    len(members),
                ).format(presenters=presenters, count=len(members)),
            )
        )
    elif presenters is None and 0 < len(members) < DEFAULT_PRESENTERS:
        found.append(
            (
                ("members",),
                ngettext(
                    "only {count} member, fewer than the {default} presenters of a session "
                    "unless presenters_per_session says otherwise",
                    "only {count} members, fewer than the {default} presenters of a session "
                    "unless presenters_per_session says otherwise",
                    len(members),
                ).format(count=len(members), default=DEFAULT_PRESENTERS),
            )
        )
    phases = raw.get("phases")
    if isinstance(phases, list):
        ids = [p.get("id") if isinstance(p, dict) else None for p in phases]
        for index, phase_id in enumerate(ids):
            if isinstance(phase_id, str) and ids.index(phase_id) != index:
                found.append(
                    (
                        ("phases", index, "id"),
                        _("phase id {id} is used twice").format(id=repr(phase_id)),
                    )
                )
            if isinstance(phase_id, str) and phase_id.startswith(ADDED_BREAK_PREFIX):
                found.append(
                    (
                        ("phases", index, "id"),
                        _("phase id {id} is kept for breaks added on the day").format(
                            id=repr(phase_id)
                        ),
                    )
                )
        known = [i for i in ids if isinstance(i, str)]
    else:
        protocol = raw.get("protocol", "action-learning")
        builtin = BUILTIN_PROTOCOLS.get(protocol) if isinstance(protocol, str) else None
        known = [phase.id for phase in builtin] if builtin is not None else []
    timings = raw.get("timings")
    if isinstance(timings, dict) and known:
        for key in timings:
            if key not in known:
                near = _nearest(key, known)
                found.append((("timings", key), _no_such_phase(near, known)))
    return found


def load_set(path: Path | str, on_language: Callable[[Language], None] | None = None) -> SetFile:
    """Read and validate a set file (``on_language``: see :func:`parse_set`)."""
    path = Path(path)
    text = read_set_text(path)
    return SetFile(path=path, config=parse_set(text, path, on_language))

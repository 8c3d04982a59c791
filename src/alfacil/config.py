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
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal, get_args

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, model_validator

from alfacil.files import NotRegularFile, read_regular
from alfacil.protocol import (
    BUILTIN_PROTOCOLS,
    PROTOCOLS,
    PhaseSpec,
    ProtocolId,
    Seconds,
    break_phase,
    with_timings,
)
from alfacil.text import has_control, name_key, normal_name

MAX_SET_FILE_BYTES = 1_000_000

DEFAULT_PRESENTERS = 2
DEFAULT_GROUND_RULES = (
    "What is said in the set stays in the set",
    "Listen to understand, not to reply",
    "Questions, not advice",
    "Suspend judgement",
    "Phones away",
)
DEFAULT_PROMPTS = (
    "What would success look like?",
    "What have you already tried?",
    "Who else has a stake in this?",
    "What is stopping you?",
    "What would you do if you could not fail?",
)
DEFAULT_EVALUATION = (
    "How useful was today for you?",
    "How well did we keep to the process?",
)


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
        raise ValueError("must not contain control characters")
    if not value.strip():
        raise ValueError("must not be empty")
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
        raise ValueError("a folder name cannot contain a NUL character")
    if value.startswith("~"):
        user = value[1:].split("/", 1)[0]
        if os.path.expanduser(value) == value:
            who = f"no user named {user!r}" if user else "no home folder is known"
            raise ValueError(f"{who}, so {value!r} cannot be found")
    encoded = os.fsencode(value)
    if any(len(part) > NAME_MAX for part in encoded.split(b"/")):
        raise ValueError(f"a folder name in it is longer than {NAME_MAX} bytes")
    if len(encoded) >= PATH_MAX:
        raise ValueError(f"longer than {PATH_MAX - 1} bytes")
    return value


class _Strict(BaseModel):
    """Every model of the set file forbids unknown keys (it does not inherit otherwise)."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Member(_Strict):
    name: Name


class GroundRules(_Strict):
    items: tuple[PlainText, ...] = DEFAULT_GROUND_RULES


class Questioning(_Strict):
    prompts: tuple[PlainText, ...] = DEFAULT_PROMPTS


class Evaluation(_Strict):
    questions: tuple[PlainText, ...] = DEFAULT_EVALUATION
    scale: int = Field(default=5, ge=2, le=10)


class Break(_Strict):
    """A planned break: ``after`` a phase id; for a phase repeated per presenter, after
    turn ``turn`` (counted from 1; default 1, the usual break between two presenters;
    after the last turn when fewer presenters are present)."""

    after: str = Field(min_length=1, max_length=64)
    turn: int | None = Field(default=None, ge=1, le=30)
    duration: Seconds = Field(default=600, gt=0)
    title: Name = "Break"


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
    members: tuple[Member, ...] = Field(min_length=1, max_length=30)
    ground_rules: GroundRules = GroundRules()
    timings: dict[str, Seconds] = {}
    questioning: Questioning = Questioning()
    evaluation: Evaluation = Evaluation()
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
        base = self.phases if self.phases is not None else BUILTIN_PROTOCOLS[self.protocol]
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
    return out or "(top level)"


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
        text = "true" if value else "false"
    elif isinstance(value, dict):
        text = "a table"
    elif isinstance(value, list):
        text = "a list"
    elif isinstance(value, str):
        text = repr(value)
    else:
        text = str(value)
    return text if len(text) <= 60 else text[:59] + "…"


def _plural(count: Any, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _message(error: Any) -> str:
    """A pydantic error in the set file author's words: TOML, not Python."""
    kind: str = error.get("type", "")
    loc: PathKey = tuple(error.get("loc", ()))
    ctx: dict[str, Any] = error.get("ctx") or {}
    value = error.get("input")
    got = _got(value)
    name = dotted(tuple(p for p in loc if isinstance(p, str)))
    if kind == "missing":
        return "required key is missing"
    if kind == "extra_forbidden":
        model = _model_at(loc[:-1])
        keys = list(model.model_fields) if model is not None else []
        near = _nearest(str(loc[-1]), keys)
        if near is not None:
            return f"unknown key; did you mean {near}?"
        if len(keys) == 1:
            return f"unknown key; the only key here is {keys[0]}"
        if keys and len(keys) <= 8:
            return f"unknown key; the keys here are {', '.join(keys)}"
        return "unknown key"
    if kind in ("tuple_type", "list_type"):
        if _model_at(loc) is not None:
            return (
                f"expected [[{name}]] tables, one per entry "
                f"(a line [[{name}]], then its keys below it), got {got}"
            )
        return f'expected a list in brackets, like ["one", "two"], got {got}'
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"expected a table ([{name}] with its keys below it), got {got}"
    if kind == "string_type":
        return f'expected text in quotes, like "Aled", got {got}'
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"expected a whole number, got {got}"
    if kind in ("bool_type", "bool_parsing"):
        return f"expected true or false, got {got}"
    if kind == "literal_error":
        return f"expected one of {ctx.get('expected', '')}, got {got}"
    if kind == "too_short":
        least = _plural(ctx.get("min_length"), "item")
        return f"needs at least {least}, has {ctx.get('actual_length', 0)}"
    if kind == "too_long":
        most = _plural(ctx.get("max_length"), "item")
        return f"takes at most {most}, has {ctx.get('actual_length')}"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "string_too_long":
        return f"must be at most {_plural(ctx.get('max_length'), 'character')} long"
    if kind == "string_pattern_mismatch":
        return (
            "may hold only lowercase letters a-z, digits, - and _, starting with a letter"
            + (" or digit" if loc[-1:] == ("id",) and len(loc) == 1 else "")
            + f", got {got}"
        )
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        words = {
            "greater_than": "must be more than",
            "greater_than_equal": "must be at least",
            "less_than": "must be less than",
            "less_than_equal": "must be at most",
        }
        limit = next(iter(ctx.values()), "")
        return f"{words[kind]} {limit}, got {got}"
    message = str(error.get("msg", "invalid value"))
    for prefix in ("Value error, ", "Assertion failed, "):
        if message.startswith(prefix):
            message = message[len(prefix) :]
    if kind.endswith("_type") or kind.endswith("_parsing"):
        message += f", got {got}"
    return message


def _syntax_error(path: Path, text: str, error: tomllib.TOMLDecodeError) -> SetFileError:
    match = re.search(r"\(at line (\d+), column (\d+)\)", str(error))
    reason = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(error)) or "invalid TOML"
    if not match:
        if "end of document" in str(error):
            return SetFileError(path, f"invalid TOML: {reason}", line=text.count("\n") + 1)
        return SetFileError(path, f"invalid TOML: {reason}")
    line, column = int(match.group(1)), int(match.group(2))
    key_lines = _KeyLines(text)
    key = key_lines.by_line.get(line)
    return SetFileError(
        path, f"invalid TOML: {reason}", line=line, column=column, key=dotted(key) if key else None
    )


def read_set_text(path: Path) -> str:
    """The text of a set file, or a :class:`SetFileError` saying why it cannot be read."""
    try:
        data = read_regular(path, MAX_SET_FILE_BYTES)  # a FIFO must not hang check
    except NotRegularFile as exc:
        raise SetFileError(path, f"is {exc.kind}, not a set file") from None
    except FileNotFoundError:
        raise SetFileError(path, "no such file") from None
    except PermissionError:
        raise SetFileError(path, "permission denied") from None
    except IsADirectoryError:
        raise SetFileError(path, "is a folder, not a set file") from None
    except OSError as exc:
        raise SetFileError(path, f"cannot be read: {exc.strerror or exc}") from None
    if len(data) > MAX_SET_FILE_BYTES:
        raise SetFileError(path, f"is larger than {MAX_SET_FILE_BYTES // 1000} kB; not a set file")
    try:
        return data.decode("utf-8-sig")  # a BOM, as some Windows editors write, is fine
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise SetFileError(
            path, f"not UTF-8 (byte 0x{data[exc.start]:02x})", line=line, column=column
        ) from None


def parse_set(text: str, path: Path) -> SetConfig:
    """Validate a set file's text; all errors become :class:`SetFileError`."""
    if deep := _TOO_DEEP.search(text):
        at = text.count("\n", 0, deep.start()) + 1
        raise SetFileError(path, f"a key of more than {MAX_KEY_PARTS} parts", line=at)
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _syntax_error(path, text, exc) from None
    except RecursionError:
        raise SetFileError(path, "invalid TOML: nested too deeply") from None
    except ValueError:  # tomllib on an integer of thousands of digits (int_max_str_digits)
        digits = re.search(r"\d{1000}", text)
        where = text.count("\n", 0, digits.start()) + 1 if digits else None
        raise SetFileError(path, "a number thousands of digits long", line=where) from None
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
        raise SetFileError(path, "nested too deeply") from None
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
            hint = f"did you mean {near}?" if near else f"phases are {', '.join(phases)}"
            found.append((("breaks", index, "after"), f"no such phase; {hint}"))
        elif planned.turn is not None and not phase.per_presenter:
            found.append(
                (
                    ("breaks", index, "turn"),
                    f"{planned.after} is not repeated per presenter; leave out turn",
                )
            )
    return found


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
                    f"{name.strip()!r} is already a member (members[{seen[folded] + 1}])",
                )
            )
        else:
            seen[folded] = index
    if text(raw.get("facilitator")) in seen:
        found.append((("facilitator",), "the facilitator keeps the process and is not a member"))
    presenters = raw.get("presenters_per_session")
    if type(presenters) is int and members and presenters > len(members):
        found.append(
            (
                ("presenters_per_session",),
                f"{presenters} presenters but only {_plural(len(members), 'member')}",
            )
        )
    elif presenters is None and 0 < len(members) < DEFAULT_PRESENTERS:
        found.append(
            (
                ("members",),
                f"only {_plural(len(members), 'member')}, fewer than the "
                f"{DEFAULT_PRESENTERS} presenters of a session unless presenters_per_session "
                "says otherwise",
            )
        )
    phases = raw.get("phases")
    if isinstance(phases, list):
        ids = [p.get("id") if isinstance(p, dict) else None for p in phases]
        for index, phase_id in enumerate(ids):
            if isinstance(phase_id, str) and ids.index(phase_id) != index:
                found.append((("phases", index, "id"), f"phase id {phase_id!r} is used twice"))
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
                hint = f"did you mean {near}?" if near else f"phases are {', '.join(known)}"
                found.append((("timings", key), f"no such phase; {hint}"))
    return found


def load_set(path: Path | str) -> SetFile:
    """Read and validate a set file."""
    path = Path(path)
    text = read_set_text(path)
    return SetFile(path=path, config=parse_set(text, path))

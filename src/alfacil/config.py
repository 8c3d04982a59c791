"""Set files: TOML in, frozen pydantic models out, one-line errors with file:line.

A facilitator edits the set file by hand, so every mistake must come back as one
line that names the file, the line and the dotted key, never a traceback. tomllib
keeps no positions, so :class:`_KeyLines` maps each key of the document to the line
it is written on by reading the text the way TOML lays it out.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

from alfacil.protocol import BUILTIN_PROTOCOLS, PhaseSpec, Seconds, with_timings

MAX_SET_FILE_BYTES = 1_000_000

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
    """A set file that cannot be used; ``str()`` is the one line the user sees."""

    def __init__(
        self,
        path: Path | str,
        message: str,
        line: int | None = None,
        key: str | None = None,
        column: int | None = None,
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
        text = f"{where}: {key}: {message}" if key else f"{where}: {message}"
        super().__init__(text)


def _plain_text(value: str) -> str:
    """Refuse control characters: a name must never drive the projector's terminal."""
    if any(unicodedata.category(ch) in ("Cc", "Cf") for ch in value):
        raise ValueError("must not contain control characters")
    if not value.strip():
        raise ValueError("must not be empty")
    return value.strip()


PlainText = Annotated[str, Field(max_length=200), AfterValidator(_plain_text)]
Name = Annotated[str, Field(max_length=60), AfterValidator(_plain_text)]


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


class SetConfig(_Strict):
    """What a set agreed: who is in it, how long it meets, which protocol it follows."""

    name: PlainText
    id: str | None = Field(default=None, pattern=r"^[a-z0-9][a-z0-9_-]{0,63}$")
    facilitator: Name
    session_length: Seconds = Field(gt=0)
    presenters_per_session: int = Field(default=2, ge=1, le=8)
    records: str | None = None
    protocol: Literal["action-learning"] = "action-learning"
    bell: bool = True
    theme: Literal["default", "high-contrast"] = "default"
    # "members": the console's own screen hides what is private to the facilitator
    # (attendance, updates, actions being typed, insights, ratings, paths, warnings).
    display: Literal["console", "members"] = "console"
    members: tuple[Member, ...] = Field(min_length=1, max_length=30)
    ground_rules: GroundRules = GroundRules()
    timings: dict[str, Seconds] = {}
    questioning: Questioning = Questioning()
    evaluation: Evaluation = Evaluation()
    phases: tuple[PhaseSpec, ...] | None = None

    @property
    def set_id(self) -> str:
        """The folder name of this set's records; ``id`` if given, else from the name."""
        return self.id or slugify(self.name)

    @property
    def member_names(self) -> list[str]:
        return [m.name for m in self.members]

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


def slugify(name: str) -> str:
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:64] or "set"


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


_MESSAGES = {
    "missing": "required key is missing",
    "extra_forbidden": "unknown key",
}


def _message(error: Any) -> str:
    kind = error.get("type", "")
    if kind in _MESSAGES:
        return _MESSAGES[kind]
    message = str(error.get("msg", "invalid value"))
    for prefix in ("Value error, ", "Assertion failed, "):
        if message.startswith(prefix):
            message = message[len(prefix) :]
    if kind.endswith("_type") or kind.endswith("_parsing"):
        message += f", got {error.get('input')!r}"[:120]
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
        if path.is_dir():
            raise SetFileError(path, "is a folder, not a set file")
        with path.open("rb") as handle:
            data = handle.read(MAX_SET_FILE_BYTES + 1)
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
    key_lines = _KeyLines(text)
    try:
        config = SetConfig.model_validate(raw)
    except ValidationError as exc:
        error = exc.errors()[0]
        loc: PathKey = tuple(error["loc"])
        if error.get("type") == "missing" and len(loc) > 1:
            line = key_lines.line_of(loc[:-1])
        else:
            line = key_lines.line_of(loc)
        raise SetFileError(path, _message(error), line=line or 1, key=dotted(loc)) from None
    except RecursionError:
        raise SetFileError(path, "nested too deeply") from None
    _check_consistency(config, path, key_lines)
    return config


def _check_consistency(config: SetConfig, path: Path, key_lines: _KeyLines) -> None:
    def fail(loc: PathKey, message: str) -> SetFileError:
        return SetFileError(path, message, line=key_lines.line_of(loc) or 1, key=dotted(loc))

    seen: dict[str, int] = {}
    for index, member in enumerate(config.members):
        folded = member.name.casefold()
        if folded in seen:
            raise fail(
                ("members", index, "name"),
                f"{member.name!r} is already a member (members[{seen[folded] + 1}])",
            )
        seen[folded] = index
    if config.facilitator.casefold() in seen:
        raise fail(("facilitator",), "the facilitator keeps the process and is not a member")
    if config.presenters_per_session > len(config.members):
        raise fail(
            ("presenters_per_session",),
            f"{config.presenters_per_session} presenters but only {len(config.members)} members",
        )
    base = config.phases if config.phases is not None else BUILTIN_PROTOCOLS[config.protocol]
    ids = [phase.id for phase in base]
    if config.phases is not None:
        for index, phase in enumerate(config.phases):
            if ids.index(phase.id) != index:
                raise fail(("phases", index, "id"), f"phase id {phase.id!r} is used twice")
    for key in config.timings:
        if key not in ids:
            raise fail(("timings", key), f"no such phase; phases are {', '.join(ids)}")


def load_set(path: Path | str) -> SetFile:
    """Read and validate a set file."""
    path = Path(path)
    text = read_set_text(path)
    return SetFile(path=path, config=parse_set(text, path))

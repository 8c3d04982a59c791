"""Text from people and from files, made safe to store, compare and show.

One rule for what a control character is, used everywhere: a set file's names refuse
them, typed text (actions, notes, insights, learnings) drops them, and every table
and console screen escapes them in text read from disk, so that no name or action can
clear the projector's screen, retitle the terminal or reverse the text around it.

A control character here is any C0 or C1 control (ESC and DEL included), any format
character (bidi overrides and isolates, zero-width spaces, the BOM, ...), a line or
paragraph separator, or a lone surrogate, which no terminal can be sent. The two
joiners, U+200C ZERO WIDTH NON-JOINER and U+200D ZERO WIDTH JOINER, are not: Persian
and Indic names and emoji sequences need them, and they move nothing on a screen.

Plain Python: no Rich and no Textual, so the core and the history formats use it.
"""

from __future__ import annotations

import unicodedata

#: Format characters that names need (Persian, Indic scripts, emoji sequences).
JOINERS = frozenset({"\u200c", "\u200d"})
_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})


def is_control(ch: str) -> bool:
    """True for a character that must never reach a terminal as it is."""
    return unicodedata.category(ch) in _UNSAFE_CATEGORIES and ch not in JOINERS


def has_control(text: str) -> bool:
    """True when ``text`` holds a control character (see the module's rule)."""
    # isprintable() is fast C and False for every control; spaces other than " "
    # (tabs aside, which are controls) and the joiners need the slow look.
    return not text.isprintable() and any(is_control(ch) for ch in text)


def escape_controls(text: str) -> str:
    """``text`` with each control character shown as its escape (``\\x1b``, ``\\u202e``).

    For data read from disk on its way to a table or a screen: the character is seen,
    never interpreted. Text without one comes back as it is, at the cost of one test.
    """
    if text.isprintable() or not has_control(text):
        return text
    return "".join(_escape(ch) if is_control(ch) else ch for ch in text)


def _escape(ch: str) -> str:
    code = ord(ch)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def drop_controls(text: str) -> str:
    """Typed text as it is kept: each run of control characters (a pasted escape
    sequence, a tab, a newline) becomes one space, and the ends are trimmed."""
    if has_control(text):
        out: list[str] = []
        for ch in text:
            if not is_control(ch):
                out.append(ch)
            elif not out or out[-1] != " ":
                out.append(" ")
        text = "".join(out)
    return text.strip()


def normal_name(name: str) -> str:
    """A name as it is stored: NFC, so "Zoë" typed either way is one string."""
    return unicodedata.normalize("NFC", name)


def name_key(name: str) -> str:
    """What two names are compared by: NFC, then casefolded ("ZOË" is "zoë")."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFC", name).casefold())

"""Durations as people write them ("90s", "8m", "1h30m", or plain minutes) and back.

Kept free of pydantic and Textual so that every layer can use it cheaply.
"""

from __future__ import annotations

import re

from alfacil.i18n import _

_UNIT_SECONDS = {"h": 3600, "m": 60, "s": 1}
_PART = re.compile(r"(\d+)\s*([hms])")
_WHOLE = re.compile(r"^\s*(?:\d+\s*[hms]\s*)+$")


#: The longest duration alfacil takes: a phase, or a session, of a day. Without a bound
#: "9999999999999h" passed `check` and then crashed `start` on every resume.
MAX_DURATION = 24 * 3600
#: Digits of one number in a duration: more is never a duration (and int() of
#: thousands of digits is refused by Python itself).
_MAX_DIGITS = 9


class DurationError(ValueError):
    """A value that is not a duration; the message says what was expected."""


def parse_duration(value: object) -> int:
    """Return whole seconds for ``value``.

    An integer is a number of minutes (the way a set agrees its timings); a string
    may be a bare number of minutes or a sequence of parts with units ``h``, ``m``,
    ``s``. Zero is allowed (a phase can be switched off); negatives are not.
    """
    if isinstance(value, bool):
        raise DurationError(
            _('expected a duration like "8m", got {value}').format(value=repr(value))
        )
    if isinstance(value, int):
        if value < 0:
            raise DurationError(_("a duration cannot be negative, got {value}").format(value=value))
        return _bounded(value * 60 if value <= MAX_DURATION else MAX_DURATION + 1, value)
    if isinstance(value, str):
        text = value.strip().lower()
        if text.startswith("-"):
            raise DurationError(
                _("a duration cannot be negative, got {value}").format(value=repr(value))
            )
        if text.isdigit():
            short = len(text.lstrip("0")) <= _MAX_DIGITS
            return _bounded(int(text) * 60 if short else MAX_DURATION + 1, value)
        if text and _WHOLE.match(text):
            parts = _PART.findall(text)
            if any(len(n.lstrip("0")) > _MAX_DIGITS for n, _unit in parts):
                return _bounded(MAX_DURATION + 1, value)
            return _bounded(sum(int(n) * _UNIT_SECONDS[u] for n, u in parts), value)
    raise DurationError(_('expected a duration like "8m", got {value}').format(value=repr(value)))


def _bounded(seconds: int, value: object) -> int:
    if seconds > MAX_DURATION:
        # repr() of an integer of thousands of digits is itself an error: not shown.
        small = not isinstance(value, int) or value.bit_length() < 64
        shown = repr(value) if small else _("a number too large to show")
        shown = shown if len(shown) <= 40 else shown[:37] + "..."
        raise DurationError(_("a duration is at most 24h, got {value}").format(value=shown))
    return seconds


def format_duration(seconds: float) -> str:
    """Compact human form: ``1h30m``, ``8m``, ``45s``, ``2m30s``."""
    total = round(abs(seconds))
    sign = "-" if seconds < 0 and total else ""
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    parts = []
    if hours:
        parts.append(f"{hours}h")
    if minutes:
        parts.append(f"{minutes}m")
    if secs or not parts:
        parts.append(f"{secs}s")
    return sign + "".join(parts)


def format_clock(seconds: float) -> str:
    """Countdown form: ``MM:SS`` or ``H:MM:SS``; the sign is the caller's business.

    Whole seconds are shown rounded up while counting down would be surprising, so
    callers pass the already-rounded figure they want shown.
    """
    total = int(abs(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes:02d}:{secs:02d}"

"""The one translation layer: every word alfacil itself writes passes through here.

Sets in Welsh public services run under the Welsh Language Standards, and many work
bilingually, so the language is a choice made once per run (``--lang``, the set file's
``language``, the user's locale, else English) and every module asks this one for its
words. The catalogs are standard gettext ``.mo`` files compiled by Babel from the
``.po`` files beside them (``scripts/i18n.py``); no dictionaries live in code.

Three rules keep the choice honest:

- Text written at import time (module constants, protocol data, key tables) is marked
  with :func:`N_` and translated with :func:`_` where it is shown, so a language chosen
  after import still reaches it.
- A message with values is one msgid with named fields, ``_("{name} presents").format(
  name=...)``, never an f-string, so a translator can move the words around.
- Text from a set file (names, ground rules, prompts) is never passed through here: it
  stays as the set wrote it.

This module is plain Python (gettext only), so the core may use it; Babel is needed
only to build catalogs and to write dates in Welsh (``history``).
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Final, Literal

DOMAIN: Final = "alfacil"
LOCALE_DIR: Final = Path(__file__).parent / "locale"

#: What a set file's ``language`` and ``--lang`` accept. ``cy+en`` is bilingual: the
#: console speaks Welsh and the wall shows the phase title and rule in Welsh, then in
#: English, as bilingual signage in Wales does.
Language = Literal["en", "cy", "cy+en"]
LANGUAGES: Final[tuple[Language, ...]] = ("en", "cy", "cy+en")

#: The catalogs shipped; English is the msgids themselves.
CATALOGS: Final = ("cy",)


@cache
def catalog(code: str) -> gettext.NullTranslations:
    """The translations for one language code ("en" or "cy"); English is the identity."""
    if code not in CATALOGS:
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, localedir=LOCALE_DIR, languages=[code], fallback=True)


class _State:
    """The language of this run. One instance; :func:`use` changes it."""

    language: Language = "en"
    primary: gettext.NullTranslations = gettext.NullTranslations()


_state = _State()


def use(language: Language) -> None:
    """Speak ``language`` from now on (the CLI calls this once, before any output)."""
    _state.language = language
    _state.primary = catalog(primary_code(language))


def current() -> Language:
    """The language chosen for this run."""
    return _state.language


def primary_code(language: Language) -> str:
    """The language the console speaks in: the first of a bilingual pair."""
    return language.split("+", 1)[0]


def bilingual() -> bool:
    """Whether the wall shows its titles and rules in a second language too."""
    return "+" in _state.language


def _(message: str) -> str:
    """``message`` (an English msgid) in the language of this run."""
    return _state.primary.gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural form for ``count``; Welsh has six, the catalog says which."""
    return _state.primary.ngettext(singular, plural, count)


def N_(message: str) -> str:
    """Mark ``message`` for extraction without translating it yet (import-time text)."""
    return message


def second(shown: str) -> str | None:
    """The English of ``shown`` when the run is bilingual and alfacil wrote it; else None.

    ``shown`` is text already in the run's language: a phase title or rule as the
    record holds it, perhaps read back from an autosave by another process. Text that
    alfacil did not write (a set file's own words) has no second language and stays
    as written, once.
    """
    if not bilingual():
        return None
    return _english_of(primary_code(_state.language)).get(shown)


@cache
def _english_of(code: str) -> dict[str, str]:
    """msgstr -> msgid for one catalog (singular entries), to find a text's English."""
    entries: dict[object, str] = getattr(catalog(code), "_catalog", {})
    return {
        text: msgid
        for msgid, text in entries.items()
        if isinstance(msgid, str) and msgid and text != msgid
    }


def from_environment(environ: Mapping[str, str] | None = None) -> Language | None:
    """The language the user's locale asks for, if alfacil has it; else None.

    gettext's own order: LANGUAGE (a colon-separated list of preferences), then the
    first of LC_ALL, LC_MESSAGES and LANG that is set. "C" and "POSIX" mean English.
    """
    env = os.environ if environ is None else environ
    wanted: list[str] = [part for part in env.get("LANGUAGE", "").split(":") if part]
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        if env.get(name):
            wanted.append(env[name])
            break
    for value in wanted:
        code = value.split(".", 1)[0].split("@", 1)[0].split("_", 1)[0].lower()
        if code in ("c", "posix"):
            return None
        if code == "en" or code in CATALOGS:
            return "en" if code == "en" else "cy"
    return None


def resolve(
    flag: Language | None,
    set_language: Language | None,
    environ: Mapping[str, str] | None = None,
) -> Language:
    """``--lang``, else the set file's ``language``, else the locale, else English."""
    return flag or set_language or from_environment(environ) or "en"

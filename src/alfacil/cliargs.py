"""What every ``alfacil`` command shares: exit codes, the usage-error parser, and the
language of the run (``--lang``).

``cli`` and ``history.command`` both import this small module and nothing of each
other, so the command line has no import circle.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from alfacil import i18n
from alfacil.i18n import LANGUAGES, N_, Language, _

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_BAD_INPUT = 2
EXIT_SKIPPED = 3

# argparse writes its own words ("usage: ", "options", "the following arguments are
# required: %s"...) through the ``_`` and ``ngettext`` it imported from the gettext
# module, which look in the system's "messages" domain and would leave them English in
# a Welsh run. Pointing argparse's two names at alfacil's catalog is the one hook
# argparse has for this (the names are module globals it looks up at each call), so
# help and usage errors speak the language of the run like everything else alfacil
# writes. It changes argparse only inside an alfacil process.
argparse._ = _  # type: ignore[attr-defined]
argparse.ngettext = i18n.ngettext  # type: ignore[attr-defined]

#: argparse's msgids a user of alfacil can meet (help, usage errors), as Python 3.11 to
#: 3.13 write them, so that extraction puts them in alfacil's catalog. Its messages for
#: the programmer (a parser built wrongly) are left out: they are never shown to a user.
ARGPARSE_WORDS = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("subcommands"),
    N_("%(heading)s:"),
    N_("show this help message and exit"),
    N_("show program's version number and exit"),
    N_(" (default: %(default)s)"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("%(prog)s: warning: %(message)s\n"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("ignored explicit argument %r"),
    N_("invalid %(type)s value: %(value)r"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("not allowed with argument %s"),
    N_("one of the arguments %s is required"),
    N_("the following arguments are required: %s"),
    N_("unrecognized arguments: %s"),
    N_("unexpected option string: %s"),
    N_("unknown parser %(parser_name)r (choices: %(choices)s)"),
    N_("argument '%(argument_name)s' is deprecated"),
    N_("command '%(parser_name)s' is deprecated"),
    N_("option '%(option)s' is deprecated"),
)


def _argparse_plurals(count: int) -> tuple[str, ...]:
    """argparse's plural msgids a user can meet, written here for extraction only."""
    return (i18n.ngettext("expected %s argument", "expected %s arguments", count),)


class UsageParser(argparse.ArgumentParser):
    """argparse whose usage errors exit 2 (bad input), as every alfacil command does."""

    def _print_message(self, message: str, file: SupportsWrite[str] | None = None) -> None:
        # argparse swallows OSError here; `alfacil --help > /dev/full` must not pass
        # as done, so a failed write reaches main(), which reports it as for any command.
        if message:
            (file or sys.stderr).write(message)

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"{self.prog}: {message}", file=sys.stderr)  # i18n: not text (a layout)
        raise SystemExit(EXIT_BAD_INPUT)


# --- the language of the run -----------------------------------------------------------

LANG_OPTION = "--lang"


class _Run:
    """``--lang`` as given on this command line (None: not given)."""

    flag: Language | None = None


_run = _Run()


def lang_flag(words: Sequence[str]) -> Language | None:
    """The valid ``--lang`` in ``words``, wherever it stands (before or after the
    command), read before the parser is built so that its help is in that language.
    A value alfacil does not have is left to the parser, which refuses it."""
    found: Language | None = None
    for index, word in enumerate(words):
        if word == "--":
            break
        value = None
        if word == LANG_OPTION and index + 1 < len(words):
            value = words[index + 1]
        elif word.startswith(LANG_OPTION + "="):
            value = word.split("=", 1)[1]
        for language in LANGUAGES:
            if value == language:
                found = language
    return found


def choose_language(words: Sequence[str], environ: Mapping[str, str] | None = None) -> Language:
    """Speak ``--lang`` if given, else the locale's language, else English; remember
    the flag so that a set file's ``language`` (read later) can still win over the
    locale but never over ``--lang``."""
    _run.flag = lang_flag(words)
    language = i18n.resolve(_run.flag, None, environ)
    i18n.use(language)
    return language


def speak_set_language(language: Language | None) -> None:
    """A set file's ``language``, once it is read: it applies unless ``--lang`` was
    given (``--lang``, else the set file, else the locale, else English)."""
    if _run.flag is None and language is not None:
        i18n.use(language)


def lang_argument(parser: argparse.ArgumentParser) -> None:
    """Add ``--lang`` to ``parser``. SUPPRESS as default: a subcommand's parser must not
    overwrite a ``--lang`` given before the command with its own default."""
    parser.add_argument(
        LANG_OPTION,
        choices=LANGUAGES,
        default=argparse.SUPPRESS,
        metavar="{" + ",".join(LANGUAGES) + "}",  # i18n: not text (the values)
        help=_(
            "the language alfacil speaks: en (English), cy (Cymraeg) or cy+en (both, "
            "Welsh first); else the set file's `language`, else your locale"
        ),
    )

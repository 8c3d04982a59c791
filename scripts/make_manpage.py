"""Write docs/alfacil.1, the man page, from alfacil's own argparse parser.

Every command, history view, argument and option comes from the parser, so the page
cannot drift from `--help`; tests/unit/test_manpage.py regenerates it and compares
with the checked-in file. Run after changing the command line:

    python scripts/make_manpage.py            # writes docs/alfacil.1
    python scripts/make_manpage.py --check    # exit 1 if docs/alfacil.1 is stale
    man ./docs/alfacil.1                      # read it
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from alfacil import __version__
from alfacil.cli import build_parser

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "docs" / "alfacil.1"

EXIT_STATUS = [
    ("0", "success"),
    ("1", "a runtime failure: the set is open in another alfacil, a write failed, "
     "or the output could not be written (a full disk)"),
    ("2", "bad input: a usage error, a set file with a mistake (every mistake is "
     "listed, one line each, as FILE:LINE: KEY: MESSAGE), no such session"),
    ("3", "something was skipped: history or migrate met a file it could not read "
     "(listed on standard error, left as it is)"),
]  # fmt: skip
ENVIRONMENT = [
    ("ALFACIL_DATA_DIR", "the data folder, when --data-dir is not given; it comes "
     "before the set file's records key and the user data folder"),
]  # fmt: skip
FILES = [
    ("~/.local/share/alfacil/", "the user data folder on Linux (platformdirs); on macOS "
     "~/Library/Application Support/alfacil/. alfacil paths prints the one in use"),
    ("SET_ID/sessions/*.json", "one record per session, named by its UTC start time"),
    ("SET_ID/actions.json", "the commitments ledger, rebuilt from the sessions"),
    ("SET_ID/autosave.json", "the session in progress, if any"),
    ("SET_ID/.lock", "held by the alfacil that is writing the set"),
]  # fmt: skip


def roff(text: str) -> str:
    """Plain text as roff: backslashes and hyphens escaped, no line read as a request."""
    text = text.replace("\\", "\\e").replace("-", "\\-")
    return "\n".join(
        "\\&" + line if line.startswith((".", "'")) else line for line in text.splitlines()
    )


def bold(text: str) -> str:
    return f"\\fB{roff(text)}\\fR"


def usage(parser: argparse.ArgumentParser) -> str:
    text = parser.format_usage().removeprefix("usage: ")
    return " ".join(text.split())


def subcommands(parser: argparse.ArgumentParser) -> list[tuple[str, argparse.ArgumentParser]]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return list(action.choices.items())
    return []


def helps(parser: argparse.ArgumentParser) -> dict[str, str]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return {choice.dest: choice.help or "" for choice in action._choices_actions}
    return {}


def arguments(parser: argparse.ArgumentParser) -> list[str]:
    out: list[str] = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction | argparse._HelpAction):
            continue
        if action.help == argparse.SUPPRESS:
            continue
        if action.option_strings:
            names = ", ".join(bold(o) for o in action.option_strings)
            if action.nargs != 0:
                metavar = action.metavar or (
                    "{" + ",".join(action.choices) + "}" if action.choices else action.dest.upper()
                )
                names += f" \\fI{roff(str(metavar))}\\fR"
        else:
            names = f"\\fI{roff(str(action.metavar or action.dest))}\\fR"
        text = action.help or ""
        if action.choices and not action.option_strings and not text:
            text = "one of " + ", ".join(action.choices)
        if "%(default)" in text:
            text = text % {"default": action.default}
        out += [".TP", names, roff(text)]
    return out


def section(name: str, parser: argparse.ArgumentParser, help_text: str) -> list[str]:
    lines = [f'.SS "{roff(usage(parser))}"']
    description = parser.description or help_text
    if issubclass(parser.formatter_class, argparse.RawDescriptionHelpFormatter):
        lines += [".nf", roff(description), ".fi"]  # laid out by hand: keep its lines
    else:
        lines.append(roff(" ".join(description.split())))
    lines += arguments(parser)
    if parser.epilog:
        lines += [".PP", ".nf", roff(parser.epilog), ".fi"]
    for sub_name, sub in subcommands(parser):
        lines += section(f"{name} {sub_name}", sub, helps(parser).get(sub_name, ""))
    return lines


def manpage() -> str:
    parser = build_parser()
    lines = [
        f'.TH ALFACIL 1 "" "alfacil {__version__}" "User Commands"',
        ".SH NAME",
        "alfacil \\- the facilitator's console for Action Learning Sets",
        ".SH SYNOPSIS",
        f"{bold('alfacil')} \\fICOMMAND\\fR [\\fIARGUMENTS\\fR]",
        ".br",
        f"{bold('alfacil --help')} | {bold('--version')}",
        ".SH DESCRIPTION",
        roff(" ".join((parser.description or "").split())),
        ".SH COMMANDS",
    ]
    for name, sub in subcommands(parser):
        lines += section(name, sub, helps(parser).get(name, ""))
    lines += [".SH EXIT STATUS"]
    for code, meaning in EXIT_STATUS:
        lines += [".TP", bold(code), roff(meaning)]
    lines += [".SH ENVIRONMENT"]
    for name, meaning in ENVIRONMENT:
        lines += [".TP", bold(name), roff(meaning)]
    lines += [".SH FILES"]
    for name, meaning in FILES:
        lines += [".TP", f"\\fI{roff(name)}\\fR", roff(meaning)]
    examples = (parser.epilog or "").removeprefix("examples:\n")
    lines += [".SH EXAMPLES", ".nf", roff(examples), ".fi"]
    text = "\n".join(lines) + "\n"
    return re.sub(r"\n{2,}", "\n", text)


def main(argv: list[str]) -> int:
    text = manpage()
    if argv[1:] == ["--check"]:
        if not OUTPUT.exists() or OUTPUT.read_text() != text:
            print(f"{OUTPUT} is stale: run python scripts/make_manpage.py", file=sys.stderr)
            return 1
        return 0
    OUTPUT.write_text(text)
    print(f"wrote {OUTPUT}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))

"""What every ``alfacil`` command shares: exit codes and the usage-error parser.

``cli`` and ``history.command`` both import this small module and nothing of each
other, so the command line has no import circle.
"""

from __future__ import annotations

import argparse
import sys

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_BAD_INPUT = 2
EXIT_SKIPPED = 3

#: What shtab completes a set-file argument with (``shtab.FILE``, spelled out so that
#: building the parser does not import shtab).
FILE_COMPLETION = {
    "bash": "_shtab_compgen_files",
    "zsh": "_files",
    "tcsh": "f",
    "fish": "(__fish_complete_path (commandline -ct))",
    "powershell": "_shtab_powershell_compgen_files",
}


class UsageParser(argparse.ArgumentParser):
    """argparse whose usage errors exit 2 (bad input), as every alfacil command does."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"{self.prog}: {message}", file=sys.stderr)
        raise SystemExit(EXIT_BAD_INPUT)

"""What every ``alfacil`` command shares: exit codes and the usage-error parser.

``cli`` and ``history.command`` both import this small module and nothing of each
other, so the command line has no import circle.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_BAD_INPUT = 2
EXIT_SKIPPED = 3


class UsageParser(argparse.ArgumentParser):
    """argparse whose usage errors exit 2 (bad input), as every alfacil command does."""

    def _print_message(self, message: str, file: SupportsWrite[str] | None = None) -> None:
        # argparse swallows OSError here; `alfacil --help > /dev/full` must not pass
        # as done, so a failed write reaches main(), which reports it as for any command.
        if message:
            (file or sys.stderr).write(message)

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"{self.prog}: {message}", file=sys.stderr)
        raise SystemExit(EXIT_BAD_INPUT)

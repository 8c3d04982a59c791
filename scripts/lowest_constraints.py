"""Print pip constraints that pin every direct dependency to its declared floor.

.ci/run installs alfacil with these in a second environment and runs the core and
console tests there, so a floor in pyproject.toml is a version that was tested, not
a guess: `python scripts/lowest_constraints.py > lowest.txt; pip install -c lowest.txt .`
(Transitive dependencies are left to pip: the same as uv's --resolution lowest-direct.)
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FLOOR = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*>=\s*([0-9][^,;\s]*)\s*(?:[,;].*)?$")


def lowest_constraints(pyproject: Path = ROOT / "pyproject.toml") -> list[str]:
    """``name==floor`` for each of ``[project].dependencies``; each must have a floor."""
    project = tomllib.loads(pyproject.read_text())["project"]
    pins = []
    for requirement in project["dependencies"]:
        match = FLOOR.match(requirement)
        if match is None:
            raise SystemExit(f"{requirement!r}: every direct dependency needs a >= floor")
        pins.append(f"{match.group(1)}=={match.group(2)}")
    return pins


if __name__ == "__main__":
    sys.stdout.write("".join(f"{pin}\n" for pin in lowest_constraints()))

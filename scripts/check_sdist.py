"""Build the sdist and check that it carries every file of the repository.

Downstream packagers build from the sdist and run its tests, so it must hold the
tests (and their data), the example set and records, the scripts, docs, the licence
and the changelog: everything git tracks but CI's own files. Run by .ci/run;
exits 1 and lists what is missing otherwise.
"""

from __future__ import annotations

import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: Tracked files an sdist has no use for.
NOT_SHIPPED = (".ci/", ".gitignore")
#: Files the sdist must carry even where git cannot be asked (an unpacked sdist).
REQUIRED = ("LICENSE", "CHANGELOG.md", "README.md", "sets.example.toml", "docs/alfacil.1")


def build_sdist(out: Path) -> Path:
    built = subprocess.run(
        [sys.executable, "-m", "build", "--sdist", "--outdir", str(out), str(ROOT)],
        capture_output=True,
        text=True,
        check=False,
    )
    if built.returncode != 0:
        sys.stderr.write(built.stdout + built.stderr)
        raise SystemExit("check_sdist: the sdist did not build")
    (sdist,) = out.glob("*.tar.gz")
    return sdist


def members(sdist: Path) -> set[str]:
    with tarfile.open(sdist) as archive:
        names = [m.name for m in archive.getmembers() if m.isfile()]
    return {name.split("/", 1)[1] for name in names if "/" in name}


def tracked() -> set[str]:
    listed = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    if listed.returncode != 0:
        return set(REQUIRED)
    return {name for name in listed.stdout.splitlines() if not name.startswith(NOT_SHIPPED)}


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        sdist = build_sdist(Path(folder))
        shipped = members(sdist)
    missing = sorted(tracked() - shipped)
    for name in missing:
        print(f"check_sdist: not in the sdist: {name}", file=sys.stderr)
    print(f"check_sdist: {sdist.name}: {len(shipped)} files; {len(missing)} missing")
    return 1 if missing else 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Fault suite summary: runs ``pytest tests/faults`` and prints one line.

    .venv/bin/python bench/faults.py

The counts are the tests' own: each test adds what it really did (processes killed
and survived, bad inputs tried, records checked and lost) to a JSON file named by
``ALFACIL_FAULTS_SUMMARY``, with the matrix rows (issue 5) whose tests all passed.
Row 9 counts in full only when its tests migrated real older records (the schema-1
fixtures in ``tests/faults/data/schema1``); otherwise the line says it is partial.
Exit status: pytest's, or 1 if any record was lost.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROWS = 16
REPO = Path(__file__).resolve().parents[1]


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        summary_path = Path(folder) / "faults.json"
        env = dict(os.environ, ALFACIL_FAULTS_SUMMARY=str(summary_path))
        done = subprocess.run(
            [sys.executable, "-m", "pytest", "tests/faults", "-q", "-p", "no:cacheprovider"],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if not summary_path.exists():
            sys.stderr.write(done.stdout[-3000:] + done.stderr[-3000:])
            print("faults: the suite did not run (no summary written)")
            return done.returncode or 1
        summary = json.loads(summary_path.read_text())
    counts = summary["counts"]
    passed, failed = summary["rows_passed"], summary["rows_failed"]
    missing = [row for row in range(1, ROWS + 1) if row not in passed and row not in failed]
    lost = counts.get("records_lost", 0)
    tail = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""
    line = (
        f"faults: rows covered {len(passed)}/{ROWS} ({','.join(map(str, passed))})"
        + (f", rows failing {','.join(map(str, failed))}" if failed else "")
        + (f", rows without a test {','.join(map(str, missing))}" if missing else "")
        + (
            " (row 9 partial: no older record was migrated)"
            if 9 in passed and not counts.get("older_records_migrated", 0)
            else ""
        )
        + f"; kills survived {counts.get('kills_survived', 0)}"
        + f", crashes simulated {counts.get('crashes_simulated', 0)}"
        + f"; bad inputs tried {counts.get('bad_inputs', 0)}"
        + f"; older records migrated {counts.get('older_records_migrated', 0)}"
        + f"; records checked {counts.get('records_checked', 0)}, lost {lost}"
        + f"  [{tail}]"
    )
    print(line)
    if done.returncode != 0:
        sys.stderr.write(done.stdout[-3000:])
    return done.returncode or (1 if lost else 0)


if __name__ == "__main__":
    sys.exit(main())

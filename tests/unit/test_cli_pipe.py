"""``alfacil check FILE | head -1``: a reader that leaves early is not an error."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_check_into_a_closed_pipe_exits_quietly() -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "alfacil", "check", str(ROOT / "sets.example.toml")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # the reader is gone before alfacil writes a line
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 0, err
    assert "Traceback" not in err
    assert "BrokenPipe" not in err

"""Output that cannot be written: a reader that leaves early (``| head -1``) is not an
error; a full disk is one line and exit 1; an encoding that cannot hold the text gets escapes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

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


EXAMPLES = str(ROOT / "examples" / "records")
#: Every command that writes to stdout, and every history format.
COMMANDS = [
    ["check", str(ROOT / "sets.example.toml")],
    ["paths", str(ROOT / "sets.example.toml")],
    ["completion", "bash"],
    ["--help"],
    ["--version"],
    ["history", "--help"],
    *(
        ["history", *view, "--data-dir", EXAMPLES, "--format", fmt]
        for view in ([], ["members"], ["actions"], ["show", "last"])
        for fmt in ("table", "json", "csv", "markdown")
    ),
]


@pytest.mark.parametrize("words", COMMANDS, ids=" ".join)
def test_every_command_into_a_closed_pipe_exits_0_quietly(words: list[str]) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "alfacil", *words], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 0, err
    # check's plan warnings go to stderr anyway; the sample records of a checkout are
    # readable by others, which history says in one warning line.
    said = [line for line in err.splitlines() if "can be read by others" not in line]
    assert said == [] or "check" in words, err
    assert "Traceback" not in err and "Exception ignored" not in err


@pytest.mark.parametrize("words", COMMANDS, ids=" ".join)
def test_every_command_onto_a_full_disk_is_one_line_and_exit_1(words: list[str]) -> None:
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "alfacil", *words],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
        )
    assert done.returncode == 1, done.stderr
    assert done.stderr.splitlines()[-1] == (
        "alfacil: cannot write the output: No space left on device"
    ), done.stderr
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr


@pytest.mark.parametrize(
    "words",
    [["history", "--data-dir", EXAMPLES, "--format", fmt] for fmt in ("table", "json")]
    + [["history", "show", "last", "--data-dir", EXAMPLES]],
    ids=" ".join,
)
def test_an_ascii_stdout_gets_escapes_not_a_crash(words: list[str]) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "alfacil", *words],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONIOENCODING": "ascii"},
    )
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr
    assert done.returncode == 0, done.stderr
    assert done.stdout.isascii() and done.stdout.strip()


def test_a_piped_table_keeps_every_cell_whole() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "alfacil", "history", "--data-dir", EXAMPLES],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "COLUMNS": "80"},
    )
    assert done.returncode == 0, done.stderr
    assert "…" not in done.stdout
    assert "Presenters" in done.stdout and "Carys, Aled" in done.stdout


def test_text_an_ascii_stdout_cannot_hold_is_written_as_escapes(tmp_path: Path) -> None:
    """A locale that is not UTF-8 gets escapes, not a crash and not a refusal: the
    coordinator still reads the output (fault row 31 chose this over exit 1)."""
    done = subprocess.run(
        [sys.executable, "-m", "alfacil", "paths", "--data-dir", str(tmp_path / "Tŷ Newydd")],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONIOENCODING": "ascii"},
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert "T\\u0177 Newydd" in done.stdout

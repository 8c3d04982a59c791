"""The README's commands run as written: the quick start, the history of the sample
records, the example of check's errors, and every command it lists exists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from alfacil import cli

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text()

#: A set file whose mistakes are the ones the README shows, on the lines it shows.
MISTAKES = """\
name = "Cluster managers"
facilitator = "Jane"
session_length = "2h"
bel = false
presenters_per_session = 2
theme = "default"
# members, one [[members]] table each

members = "Aled, Bethan"

[timings]
checkin = "5m"
ground_rules = "3m"
presenting = "eight"
questionng = 25
"""


def block_after(heading: str) -> list[str]:
    """The indented command lines of the first code block after ``heading``."""
    text = README.split(heading, 1)[1]
    lines = []
    for line in text.splitlines()[1:]:
        if line.startswith("    "):
            lines.append(line[4:])
        elif lines and line.strip():
            break
    return lines


def test_the_first_two_commands_stay_first() -> None:
    assert README.startswith("# alfacil\n\nRun the console on the example set (Python 3.11+):")
    first = [line.strip() for line in README.splitlines() if line.startswith("    ")][:2]
    assert first == [
        "python3 -m venv .venv && .venv/bin/pip install -e . && .venv/bin/alfacil start "
        "sets.example.toml",
        "python3 -m venv .venv && .venv/bin/pip install -e '.[test]' && .venv/bin/python -m "
        "pytest -q",
    ]
    assert (ROOT / "docs" / "console.svg").is_file() and "(docs/console.svg)" in README


def test_quick_start_runs_as_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    steps = [line.split("#")[0].split() for line in block_after("## Quick start")]
    assert [s[:2] for s in steps] == [
        ["alfacil", "init"],
        ["$EDITOR", "myset.toml"],
        ["alfacil", "check"],
        ["alfacil", "start"],
    ]
    assert cli.main(steps[0][1:]) == 0
    assert cli.main(steps[2][1:]) == 0
    assert "myset.toml: ok" in capsys.readouterr().out


@pytest.mark.parametrize(
    "words",
    [
        ["history", "--data-dir", "examples/records"],
        ["history", "--data-dir", "examples/records", "members"],
    ],
)
def test_readme_commands_on_the_repository(
    words: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert "alfacil " + " ".join(words) in README
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("ALFACIL_DATA_DIR", raising=False)
    assert cli.main(words) == 0
    assert capsys.readouterr().out


def test_the_error_example_is_what_check_prints(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("myset.toml").write_text(MISTAKES)
    assert cli.main(["check", "myset.toml"]) == 2
    shown = [line for line in block_after("`alfacil check` reports every mistake")]
    assert capsys.readouterr().err.splitlines() == shown


def test_every_command_listed_exists() -> None:
    listed = set(re.findall(r"^    alfacil ([a-z]+)", README, flags=re.MULTILINE))
    parser = cli.build_parser()
    commands = parser._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    assert listed <= set(commands), listed - set(commands)
    assert set(commands) <= listed | {"init", "check", "start"}, set(commands) - listed

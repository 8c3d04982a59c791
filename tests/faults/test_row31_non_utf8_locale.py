"""Row 31: a terminal that is not UTF-8.

With LANG=C and an ISO-8859-1 (or ASCII) terminal, ``history`` and ``check`` crashed
on the first name they could not encode, and the console drew its clock as literal
``\\u2588`` text. Now ``check`` and ``history`` (every view and format) write such a
character as an escape and finish; ``start`` refuses in one line, saying a UTF-8
terminal is needed, before it touches the data folder.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from alfacil.clock import FakeClock
from alfacil.config import load_set

from .conftest import PYTHON, Tally, open_runner, run_in_terminal, subprocess_env, write_set

pytestmark = pytest.mark.row(31)

ENCODINGS = ["latin-1", "ascii", "cp1252"]
NAMES = ["王小明", "Zoë", "Ивана", "🚀 Rocket", "Ωmega"]


def _env(encoding: str) -> dict[str, str]:
    env = subprocess_env()
    env.update(PYTHONIOENCODING=encoding, LC_ALL="C", LANG="C")
    return env


def _set_text() -> str:
    members = "".join(f"[[members]]\nname = {json.dumps(n, ensure_ascii=False)}\n" for n in NAMES)
    return (
        'name = "Группа 王 Zoë"\nfacilitator = "Jöns"\nsession_length = "2h"\n'
        f'presenters_per_session = 1\nrecords = "data"\n{members}'
    )


@pytest.fixture
def records(tmp_path: Path) -> Path:
    set_path = write_set(tmp_path, _set_text())
    set_file = load_set(set_path)
    runner = open_runner(set_file, tmp_path / "data", FakeClock())
    session = runner.start_new()
    for name in set_file.config.member_names:
        session.add_action(name, f"{name}: ☎ the bank → today", runner.now())
    session.add_insight("见解 ✓", presenter=set_file.config.member_names[0])
    runner.complete()
    runner.close()
    return set_path


COMMANDS = [
    ["check", "{set}"],
    ["history", "{set}"],
    ["history", "show", "last", "{set}"],
    ["history", "actions", "{set}"],
    ["history", "members", "{set}"],
    ["history", "--member", "zoë", "{set}"],
    ["history", "{set}", "--format", "markdown"],
    ["history", "{set}", "--format", "csv"],
    ["history", "{set}", "--format", "json"],
    ["history", "show", "last", "{set}", "--format", "markdown"],
    ["history", "actions", "{set}", "--format", "markdown"],
    ["history", "members", "{set}", "--format", "markdown"],
]


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("words", COMMANDS, ids=lambda w: " ".join(w[:2] + w[-1:]))
def test_check_and_history_finish_in_a_non_utf8_locale(
    words: list[str], encoding: str, records: Path, tally: Tally
) -> None:
    argv = [PYTHON, "-m", "alfacil", *(w.format(set=records) for w in words)]
    done = subprocess.run(argv, capture_output=True, env=_env(encoding), timeout=60, check=False)
    tally.add("bad_inputs")
    err = done.stderr.decode(encoding, "replace")
    assert done.returncode == 0, err
    assert "Traceback" not in err and "UnicodeEncodeError" not in err
    out = done.stdout.decode(encoding)  # what the terminal gets is its own encoding
    assert out.strip()
    if words[0] == "history" and "--format" not in words:
        # tables draw in ASCII there (boxes, trends, bars), not as escaped blocks
        assert not any(f"\\u{code}" in out for code in ("2581", "2588", "2591", "2500")), out
    if "--format" not in words or "markdown" in words:
        # every name is there, as itself or as an escape a reader can still tell apart
        assert "\\u738b" in out or "王" in out, out


def test_history_json_stays_valid_in_a_non_utf8_locale(records: Path) -> None:
    argv = [PYTHON, "-m", "alfacil", "history", "actions", str(records), "--format", "json"]
    done = subprocess.run(argv, capture_output=True, env=_env("ascii"), timeout=60, check=True)
    data = json.loads(done.stdout.decode("ascii"))
    owners = {a["owner"] for a in data["sets"][0]["actions"]}
    assert "王小明" in owners  # escaped by the writer, still the same name once parsed


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_start_refuses_a_terminal_that_is_not_utf8(
    encoding: str, tmp_path: Path, tally: Tally
) -> None:
    set_path = write_set(tmp_path, _set_text())
    data_dir = tmp_path / "data"
    code, output = run_in_terminal(
        [PYTHON, "-m", "alfacil", "start", str(set_path), "--data-dir", str(data_dir)],
        env=_env(encoding),
    )
    tally.add("bad_inputs")
    lines = [line for line in output.strip().splitlines() if line.strip()]
    assert code == 2 and len(lines) == 1 and "needs a UTF-8 terminal" in lines[0], output
    assert not data_dir.exists()

"""Helpers for the console's pilot tests: a set, a runner on a FakeClock, the record."""

from __future__ import annotations

import json
from datetime import UTC
from pathlib import Path
from typing import Any

import pytest

from alfacil.clock import FakeClock
from alfacil.config import SetFile, load_set
from alfacil.runner import Runner
from alfacil.tui.app import AlfacilApp, Mode, make_app

SIX = """\
name = "Test Set"
id = "test-set"
facilitator = "Jane"
session_length = "2h"
presenters_per_session = 2
{extra}

[[members]]
name = "Aled"
[[members]]
name = "Bethan"
[[members]]
name = "Carys"
[[members]]
name = "Dafydd"

[questioning]
prompts = ["What would success look like?", "What have you tried?"]

[evaluation]
questions = ["How useful was today?", "How well did we keep to the process?"]
scale = 5
"""


def write_set(folder: Path, extra: str = "", text: str | None = None) -> SetFile:
    path = folder / "set.toml"
    path.write_text(text if text is not None else SIX.format(extra=extra))
    return load_set(path)


@pytest.fixture
def set_file(tmp_path: Path) -> SetFile:
    return write_set(tmp_path)


def open_app(
    set_file: SetFile, data_dir: Path, clock: FakeClock, mode: Mode = "ask"
) -> tuple[Runner, AlfacilApp]:
    runner = Runner.open(set_file, data_dir, clock)
    return runner, make_app(runner, mode, tz=UTC)


def session_files(data_dir: Path, set_id: str = "test-set") -> list[Path]:
    return sorted((data_dir / set_id / "sessions").glob("*.json"))


def only_record(data_dir: Path, set_id: str = "test-set") -> dict[str, Any]:
    files = session_files(data_dir, set_id)
    assert len(files) == 1, files
    data: dict[str, Any] = json.loads(files[0].read_text())
    return data


def autosave(data_dir: Path, set_id: str = "test-set") -> dict[str, Any] | None:
    path = data_dir / set_id / "autosave.json"
    if not path.exists():
        return None
    data: dict[str, Any] = json.loads(path.read_text())
    return data

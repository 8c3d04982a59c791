"""Fixtures shared by the test suites: keep this small."""

from __future__ import annotations

from pathlib import Path

import pytest

from alfacil.clock import FakeClock
from alfacil.config import SetFile, load_set

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "tests" / "data"
EXAMPLE_SET = REPO / "sets.example.toml"


@pytest.fixture
def clock() -> FakeClock:
    """A clock that only moves when the test says so (14:00 UTC, monotonic 1000)."""
    return FakeClock()


@pytest.fixture
def example_set() -> SetFile:
    """``sets.example.toml``: six members, two presenters, two hours agreed."""
    return load_set(EXAMPLE_SET)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """An empty data folder for records."""
    return tmp_path / "data"


@pytest.fixture(autouse=True)
def _start_as_if_in_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """pytest's streams are no terminal, so ``alfacil start`` called in this process
    would refuse before anything else (row 27). Tests that call it here are about what
    comes after; the refusal itself is tested where it is real: alfacil run in a fresh
    interpreter with and without a (pseudo-)terminal (tests/faults rows 27 and 31)."""
    import alfacil.cli

    monkeypatch.setattr(alfacil.cli, "terminal_problem", lambda: None)

"""Fixtures shared by the test suites: keep this small."""

from __future__ import annotations

from collections.abc import Iterator
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


@pytest.fixture(autouse=True)
def _english_unless_told(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every test starts in English whatever the developer's locale, and a test that
    ran ``alfacil --lang cy`` in this process leaves no Welsh behind for the next."""
    from alfacil import i18n
    from alfacil.cliargs import _run

    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    i18n.use("en")
    yield
    i18n.use("en")
    _run.flag = None

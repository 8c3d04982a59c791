"""The man page, docs/alfacil.1, is generated from the parser and kept in step with it."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

from alfacil.cli import build_parser

ROOT = Path(__file__).resolve().parents[2]


def make_manpage() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_manpage", ROOT / "scripts/make_manpage.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_checked_in_man_page_matches_the_parser() -> None:
    page = (ROOT / "docs" / "alfacil.1").read_text()
    assert page == make_manpage().manpage(), "run: python scripts/make_manpage.py"


def test_every_command_view_and_option_is_on_the_page() -> None:
    page = make_manpage().manpage()
    parser = build_parser()
    commands = parser._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    for name, sub in commands.items():
        assert f'.SS "alfacil {name}' in page, name
        for action in sub._actions:
            for option in action.option_strings:
                assert option.replace("-", "\\-") in page, (name, option)
    for view in ("sessions", "show", "actions", "members"):
        assert f'.SS "alfacil history {view}' in page
    for part in (".SH EXIT STATUS", ".SH ENVIRONMENT", "ALFACIL_DATA_DIR", ".SH FILES"):
        assert part in page


def test_check_mode_says_when_the_page_is_stale(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    module = make_manpage()
    stale = tmp_path / "alfacil.1"
    stale.write_text(".TH OLD\n")
    monkeypatch.setattr(module, "OUTPUT", stale)
    assert module.main(["make_manpage.py", "--check"]) == 1
    assert module.main(["make_manpage.py"]) == 0
    assert module.main(["make_manpage.py", "--check"]) == 0
    assert stale.read_text() == module.manpage()

"""Row 28: two sets never share one records folder.

Every name without ASCII letters (Chinese, Cyrillic, Greek, Arabic, emoji) became the
id ``set``: the second set's console showed the first set's confidential action on
the wall. Now an id is unique to a name (a short hash of it when taking accents off
loses what tells names apart), always a plain folder name, and an existing ASCII
name keeps its id. Two names that still give one id (``Cluster managers`` and
``Cluster-Managers``) are warned about by ``check`` and refused by ``start``.
"""

from __future__ import annotations

import json
import re
import sys
import types
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alfacil import cli
from alfacil.clock import FakeClock
from alfacil.config import MAX_ID, load_set, slugify
from alfacil.runner import Runner
from alfacil.store import SetClashError
from alfacil.text import name_key

from .conftest import REPO, Tally, open_runner, write_set

pytestmark = pytest.mark.row(28)

FOLDER_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")

NAMES = {
    "chinese": ("行动学习小组", "领导力小组"),
    "japanese": ("東京チーム", "大阪チーム"),
    "cyrillic": ("Группа Альфа", "Группа Бета"),
    "greek": ("Ομάδα Άλφα", "Ομάδα Βήτα"),
    "arabic": ("مجموعة التعلم", "مجموعة القادة"),
    "hebrew": ("קבוצת למידה", "קבוצת מנהלים"),
    "emoji": ("🚀🚀", "🌱🌱"),
    "ascii and emoji": ("Team 🚀", "Team 🌱"),
    "symbols": ("★★★", "☆☆☆"),
}


def _valid(set_id: str) -> None:
    assert FOLDER_NAME.match(set_id), set_id
    assert len(set_id) <= MAX_ID and not set_id.endswith("-"), set_id


def _set_toml(name: str, extra: str = "") -> str:
    return (
        f"name = {json.dumps(name, ensure_ascii=False)}\n"
        'facilitator = "Jane"\nsession_length = "2h"\n'
        f'presenters_per_session = 1\n{extra}[[members]]\nname = "Aled"\n'
        '[[members]]\nname = "Bethan"\n'
    )


@pytest.mark.parametrize("script", sorted(NAMES))
def test_names_in_any_script_get_their_own_folder(
    script: str, tmp_path: Path, tally: Tally
) -> None:
    first_name, second_name = NAMES[script]
    first = load_set(write_set(tmp_path, _set_toml(first_name), "first.toml"))
    second = load_set(write_set(tmp_path, _set_toml(second_name), "second.toml"))
    for loaded in (first, second):
        _valid(loaded.config.set_id)
    assert first.config.set_id != second.config.set_id
    data_dir = tmp_path / "data"
    clock = FakeClock()
    runner = open_runner(first, data_dir, clock)
    session = runner.start_new()
    session.add_action("Aled", "Tell no one about the merger", runner.now())
    runner.complete()
    runner.close()
    tally.add("records_checked")
    runner = open_runner(second, data_dir, clock)
    try:
        assert runner.loaded.sessions == []
        assert runner.ledger is not None and runner.ledger.actions == []
    finally:
        runner.close()


def test_existing_ascii_names_keep_their_id() -> None:
    assert load_set(REPO / "sets.example.toml").config.set_id == "cluster-managers"
    assert slugify("Cluster managers") == "cluster-managers"
    assert slugify("Café Managers 2026") == "cafe-managers-2026"
    assert slugify("  Zoë's  set!  ") == "zoe-s-set"


def test_a_long_name_gives_no_id_ending_in_a_dash() -> None:
    for name in ["a " * 100, "x" * 63 + " y", "Managers " * 20, "東" * 100, "b " * 40 + "🚀"]:
        _valid(slugify(name))


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=1, max_size=80), st.text(min_size=1, max_size=80))
def test_any_name_gives_a_folder_name_and_different_names_differ(a: str, b: str) -> None:
    for name in (a, b):
        _valid(slugify(name))
    if slugify(a) == slugify(b) and name_key(a) != name_key(b):
        # Only names that are ASCII once accents are off may share an id (the one they
        # always had); start refuses such a clash (below).
        for name in (a, b):
            letters = unicodedata.normalize("NFKD", name)
            assert all(ord(ch) < 128 or unicodedata.category(ch)[0] not in "LNS" for ch in letters)


def test_the_same_name_in_another_case_or_form_is_the_same_set() -> None:
    assert slugify("Группа Альфа") == slugify("ГРУППА АЛЬФА")
    assert slugify(unicodedata.normalize("NFD", "Ομάδα Άλφα")) == slugify("Ομάδα Άλφα")


@pytest.fixture
def clash(tmp_path: Path) -> tuple[Path, Path, Path]:
    """A set with a session on record, and another whose name gives the same id."""
    data_dir = tmp_path / "data"
    first = write_set(
        tmp_path, _set_toml("Cluster managers", f'records = "{data_dir}"\n'), "a.toml"
    )
    second = write_set(
        tmp_path, _set_toml("Cluster-Managers", f'records = "{data_dir}"\n'), "b.toml"
    )
    runner = open_runner(load_set(first), data_dir, FakeClock())
    session = runner.start_new()
    session.add_action("Aled", "Tell no one about the merger", runner.now())
    runner.complete()
    runner.close()
    return first, second, data_dir


def test_check_warns_when_two_sets_would_share_a_folder(
    clash: tuple[Path, Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    first, second, _ = clash
    assert cli.main(["check", str(first)]) == 0
    assert "warning" not in capsys.readouterr().err
    assert cli.main(["check", str(second)]) == 0
    out = capsys.readouterr()
    assert "Cluster-Managers" in out.out
    warnings = [line for line in out.err.splitlines() if "another set" in line]
    assert len(warnings) == 1 and "'Cluster managers'" in warnings[0], out.err


def test_start_refuses_a_folder_of_another_set(
    clash: tuple[Path, Path, Path],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tally: Tally,
) -> None:
    _, second, data_dir = clash
    folder = data_dir / "cluster-managers"
    before = sorted(p.name for p in folder.rglob("*"))
    with pytest.raises(SetClashError):
        Runner.open(load_set(second), data_dir, FakeClock())
    ran: list[Runner] = []
    fake = types.ModuleType("alfacil.tui.app")
    fake.run_console = lambda runner, mode: ran.append(runner) or 0  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "alfacil.tui.app", fake)
    monkeypatch.setattr(cli, "terminal_problem", lambda: None)
    tally.add("bad_inputs")
    assert cli.main(["start", str(second)]) == 1
    err = capsys.readouterr().err
    assert ran == [] and err.count("\n") == 1 and "another set ('Cluster managers')" in err
    assert sorted(p.name for p in folder.rglob("*")) == before  # no autosave, nothing new


def test_an_explicit_id_keeps_a_renamed_sets_records(clash: tuple[Path, Path, Path]) -> None:
    _, second, data_dir = clash
    text = second.read_text().replace(
        "presenters_per_session = 1\n", 'presenters_per_session = 1\nid = "cluster-managers"\n'
    )
    second.write_text(text)
    runner = Runner.open(load_set(second), data_dir, FakeClock())
    try:
        assert len(runner.loaded.sessions) == 1
    finally:
        runner.close()


def test_check_points_at_the_records_an_older_alfacil_kept_under_set(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Records of a Chinese-named set kept under ``set`` by an older alfacil are not
    lost: check (and start) say where they are and how to keep using them."""
    data_dir = tmp_path / "data"
    name = "行动学习小组"
    extra = f'records = "{data_dir}"\n'
    old = load_set(write_set(tmp_path, _set_toml(name, extra + 'id = "set"\n'), "old.toml"))
    runner = open_runner(old, data_dir, FakeClock())
    runner.start_new()
    runner.complete()
    runner.close()
    new = write_set(tmp_path, _set_toml(name, extra), "new.toml")
    assert cli.main(["check", str(new)]) == 0
    err = capsys.readouterr().err
    assert f"earlier records are in {data_dir / 'set'}" in err and 'id = "set"' in err, err
    other = write_set(tmp_path, _set_toml("Группа", extra), "other.toml")
    assert cli.main(["check", str(other)]) == 0
    assert "earlier records" not in capsys.readouterr().err  # another set's: not pointed at

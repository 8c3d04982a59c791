"""`alfacil history` as argparse subcommands, and the forms users already have in scripts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from history_helpers import ORIGINAL

from alfacil.cli import main as alfacil_main
from alfacil.history.command import normalise


@pytest.fixture(autouse=True)
def wide(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.delenv("ALFACIL_DATA_DIR", raising=False)


def json_of(capsys: pytest.CaptureFixture[str], *words: str) -> dict:  # type: ignore[type-arg]
    assert alfacil_main(["history", *words, "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ([], ["sessions"]),
        (["--data-dir", "members", "x.toml"], ["sessions", "--data-dir", "members", "x.toml"]),
        (["--data-dir", "D", "members"], ["members", "--data-dir", "D"]),
        (["x.toml", "show", "last"], ["show", "x.toml", "last"]),
        (["--member", "show", "actions"], ["actions", "--member", "show"]),
        (["--help"], ["--help"]),
        (["--", "members"], ["members", "--"]),
    ],
)
def test_normalise_puts_the_view_first(words: list[str], expected: list[str]) -> None:
    assert normalise(words) == expected


def test_every_view_has_its_own_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        alfacil_main(["history", "--help"])
    out = capsys.readouterr().out
    assert exit_.value.code == 0
    for view in ("sessions", "show", "actions", "members"):
        assert f"    {view}  " in out
    options = {
        "sessions": ("--since", "--limit", "--member"),
        "show": ("SESSION", "--include-insights"),
        "actions": ("--open", "--member"),
        "members": ("--since", "--member"),
    }
    for view, present in options.items():
        with pytest.raises(SystemExit) as exit_:
            alfacil_main(["history", view, "--help"])
        out = capsys.readouterr().out
        assert exit_.value.code == 0 and out.startswith(f"usage: alfacil history {view}")
        assert all(option in out for option in present), view
        assert ("--open" in out) == (view == "actions")
        assert ("--include-insights" in out) == (view == "show")


def test_documented_forms_still_work(
    programme: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = str(programme)
    default = json_of(capsys, "--data-dir", data)
    assert default["view"] == "sessions"
    assert json_of(capsys, "sessions", "--data-dir", data) == default
    assert json_of(capsys, "--data-dir", data, "members")["view"] == "members"
    assert json_of(capsys, "members", "--data-dir", data)["view"] == "members"
    assert json_of(capsys, "--data-dir", data, "actions", "--open")["view"] == "actions"
    set_file = tmp_path / "myset.toml"
    members = "".join(f'[[members]]\nname = "{m}"\n' for m in ORIGINAL)
    set_file.write_text(
        f'name = "Test Set"\nid = "test-set"\nfacilitator = "Fran"\nsession_length = "2h"\n'
        f'records = "data"\n{members}'
    )
    last = json_of(capsys, "show", "last", str(set_file))
    assert last["session"]["local_date"] == "2026-02-19"
    assert json_of(capsys, str(set_file), "show", "last") == last  # the set file first
    assert json_of(capsys, str(set_file), "members")["view"] == "members"


def test_options_of_another_view_are_refused(
    programme: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for words in (["members", "--open"], ["show", "last", "--since", "2026-01-01"]):
        with pytest.raises(SystemExit) as exit_:
            alfacil_main(["history", *words, "--data-dir", str(programme)])
        err = capsys.readouterr().err
        assert exit_.value.code == 2 and "unrecognized arguments" in err

"""``alfacil display``: which set it follows, and bad input refused with exit 2."""

from __future__ import annotations

from pathlib import Path

import pytest

from alfacil import cli
from alfacil.tui import display

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> list[display.DisplayApp]:
    """The apps ``display`` would run, kept instead of run."""
    apps: list[display.DisplayApp] = []

    def keep(app: display.DisplayApp) -> int:
        apps.append(app)
        return 0

    monkeypatch.setattr(display, "run_display", keep)
    return apps


def test_display_follows_the_set_files_set(shown: list[display.DisplayApp], tmp_path: Path) -> None:
    argv = ["display", str(REPO / "sets.example.toml"), "--data-dir", str(tmp_path)]
    assert cli.main(argv) == 0
    (app,) = shown
    assert app.wall.paths.autosave == tmp_path / "cluster-managers" / "autosave.json"
    assert app.wall.set_name == "Cluster Managers Learning Set"
    assert not (tmp_path / "cluster-managers").exists()  # nothing written, not even a folder


def test_display_by_id(shown: list[display.DisplayApp], tmp_path: Path) -> None:
    assert cli.main(["display", "--set", "my-set", "--data-dir", str(tmp_path)]) == 0
    assert shown[0].wall.paths.root == tmp_path / "my-set"


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["display"], "give a SET.toml or --set ID"),
        (["display", "x.toml", "--set", "a"], "give a SET.toml or --set ID"),
        (["display", "--set", "../etc"], "is not a set id"),
        (["display", "missing.toml"], "missing.toml"),
    ],
)
def test_bad_input_is_refused(
    shown: list[display.DisplayApp],
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    says: str,
) -> None:
    assert cli.main(argv) == 2
    assert says in capsys.readouterr().err
    assert not shown

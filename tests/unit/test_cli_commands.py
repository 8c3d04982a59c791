"""The command line's smaller commands and options: paths, start's per-run overrides."""

from __future__ import annotations

from pathlib import Path

import pytest

from alfacil import cli
from alfacil.runner import Runner

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "sets.example.toml"


@pytest.fixture
def seen(monkeypatch: pytest.MonkeyPatch) -> list[Runner]:
    """The runner `start` would hand the console; the console itself is not run."""
    runners: list[Runner] = []

    def fake_console(runner: Runner, mode: str) -> int:
        runners.append(runner)
        return 0

    monkeypatch.setattr("alfacil.tui.app.run_console", fake_console)
    return runners


def test_start_without_overrides_keeps_the_set_files_bell_and_theme(
    tmp_path: Path, seen: list[Runner]
) -> None:
    assert cli.main(["start", str(EXAMPLE), "--data-dir", str(tmp_path)]) == 0
    assert seen[0].config.bell is True and seen[0].config.theme == "default"


def test_no_bell_and_theme_override_the_set_file(tmp_path: Path, seen: list[Runner]) -> None:
    words = ["start", str(EXAMPLE), "--data-dir", str(tmp_path), "--no-bell"]
    assert cli.main([*words, "--theme", "high-contrast"]) == 0
    assert seen[0].config.bell is False and seen[0].config.theme == "high-contrast"
    set_file = tmp_path / "quiet.toml"
    text = EXAMPLE.read_text().replace("facilitator =", "bell = false\nfacilitator =")
    set_file.write_text(text)
    assert (
        cli.main(["start", str(set_file), "--data-dir", str(tmp_path), "--theme", "default"]) == 0
    )
    assert seen[1].config.bell is False and seen[1].config.theme == "default"


def test_theme_must_be_one_we_have(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        cli.main(["start", str(EXAMPLE), "--theme", "pink"])
    assert exit_.value.code == 2 and "high-contrast" in capsys.readouterr().err


def test_paths_of_a_set(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["paths", str(EXAMPLE), "--data-dir", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    root = tmp_path / "cluster-managers"
    assert f"data folder: {tmp_path}  (from --data-dir)" in out
    for name, path in [
        ("set folder", root),
        ("sessions", root / "sessions"),
        ("ledger", root / "actions.json"),
        ("autosave", root / "autosave.json"),
        ("lock", root / ".lock"),
    ]:
        assert f"{name + ':':<13}{path}\n" in out
    assert not tmp_path.joinpath("cluster-managers").exists()  # paths creates nothing


def test_paths_names_the_rule_that_chose_the_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ALFACIL_DATA_DIR", str(tmp_path / "env"))
    assert cli.main(["paths", "--set", "abc"]) == 0
    out = capsys.readouterr().out
    assert f"{tmp_path / 'env'}  (from $ALFACIL_DATA_DIR)" in out
    assert str(tmp_path / "env" / "abc" / "actions.json") in out
    monkeypatch.delenv("ALFACIL_DATA_DIR")
    set_file = tmp_path / "own.toml"
    set_file.write_text(
        EXAMPLE.read_text().replace("facilitator =", 'records = "recs"\nfacilitator =')
    )
    assert cli.main(["paths", str(set_file)]) == 0
    assert f"{tmp_path / 'recs'}  (from the set file's `records`)" in capsys.readouterr().out
    assert cli.main(["paths", "--data-dir", str(ROOT / "examples" / "records")]) == 0
    assert "sets there:  cluster-managers" in capsys.readouterr().out


def test_paths_refuses_a_set_file_and_an_id(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["paths", str(EXAMPLE), "--set", "x"]) == 2
    assert "not both" in capsys.readouterr().err

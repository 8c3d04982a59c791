"""`alfacil completion SHELL`: scripts made by shtab from the parser itself."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from alfacil import cli

ROOT = Path(__file__).resolve().parents[2]


def script(capsys: pytest.CaptureFixture[str], shell: str) -> str:
    assert cli.main(["completion", shell]) == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_every_command_view_and_option_is_in_the_script(
    capsys: pytest.CaptureFixture[str], shell: str
) -> None:
    text = script(capsys, shell)
    for word in ("start", "check", "history", "paths", "members", "--no-bell", "--open"):
        written = f"-l {word[2:]}" if shell == "fish" and word.startswith("--") else word
        assert written in text, (shell, word)


def complete(script_text: str, *words: str) -> list[str]:
    """What bash offers after `alfacil WORDS`, run through the generated function."""
    line = " ".join(["alfacil", *words])
    program = (
        f"{script_text}\n"
        f"COMP_WORDS=(alfacil {' '.join(repr(w) for w in words)}); "
        f"COMP_CWORD={len(words)}; COMP_LINE={line!r}; COMP_POINT=${{#COMP_LINE}}; "
        "_shtab_alfacil; printf '%s\\n' \"${COMPREPLY[@]}\""
    )
    result = subprocess.run(
        ["bash", "-c", program], capture_output=True, text=True, check=True, cwd=ROOT
    )
    return result.stdout.split()


def test_bash_completes_subcommands_views_and_options(capsys: pytest.CaptureFixture[str]) -> None:
    text = script(capsys, "bash")
    assert {"start", "check", "history", "completion", "paths"} <= set(complete(text, ""))
    assert complete(text, "history", "") == ["sessions", "show", "actions", "members"]
    assert "--open" in complete(text, "history", "actions", "--")
    assert "--open" not in complete(text, "history", "members", "--")
    assert complete(text, "start", "--th") == ["--theme"]
    assert complete(text, "completion", "") == ["bash", "zsh", "fish"]
    assert complete(text, "check", "sets.ex") == ["sets.example.toml"]  # SET.toml: files
    assert "sets.example.toml" in complete(text, "history", "members", "sets")


def test_unknown_shell_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        cli.main(["completion", "cmd.exe"])
    assert exit_.value.code == 2

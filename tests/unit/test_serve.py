"""``alfacil serve``: 127.0.0.1 by default; any other address only with --public."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

import pytest

from alfacil import cli, serve

REPO = Path(__file__).resolve().parents[2]
SET_FILE = REPO / "sets.example.toml"


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "::1", "localhost"])
def test_loopback_needs_no_flag(host: str, tmp_path: Path) -> None:
    served = serve.plan(SET_FILE, tmp_path, display=False, host=host, port=8123)
    assert "only this computer" in served.notice
    assert shlex.split(served.command) == [
        f"TEXTUAL_DRIVER={serve.SERVED_DRIVER}",
        sys.executable,
        "-m",
        "alfacil",
        "start",
        str(SET_FILE),
        "--data-dir",
        str(tmp_path),
    ]


@pytest.mark.parametrize("display", [False, True])
@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.20", "::", "example.org"])
def test_any_other_address_is_refused_without_public(
    host: str, display: bool, tmp_path: Path
) -> None:
    with pytest.raises(serve.ServeRefused, match="add --public"):
        serve.plan(SET_FILE, tmp_path, display=display, host=host)
    served = serve.plan(SET_FILE, tmp_path, display=display, host=host, public=True)
    assert served.notice.startswith("PUBLIC: ")
    what = "the members' screen" if display else "drive the console and see the set's records"
    assert what in served.notice
    assert shlex.split(served.command)[4] == ("display" if display else "start")


def test_the_cli_refuses_the_console_on_a_public_address_without_the_flag(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    ran: list[serve.ServePlan] = []
    monkeypatch.setattr(serve, "serve", lambda plan: ran.append(plan) or 0)
    argv = ["serve", str(SET_FILE), "--host", "0.0.0.0", "--data-dir", str(tmp_path)]
    assert cli.main(argv) == 2
    assert "add --public" in capsys.readouterr().err and not ran
    assert cli.main([*argv, "--public"]) == 0
    assert "PUBLIC: any computer that can reach this one" in capsys.readouterr().err
    assert ran[0].host == "0.0.0.0"
    assert cli.main(["serve", str(SET_FILE), "--port", "70000"]) == 2
    assert cli.main(["serve", str(tmp_path / "missing.toml")]) == 2

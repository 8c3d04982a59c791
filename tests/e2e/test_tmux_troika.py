"""End to end: one Troika Consulting session in the real console, in tmux, ``n`` alone.

The same private tmux server and pane helpers as ``test_tmux``; the set file is a
Troika set written by ``alfacil init --protocol troika`` with the names edited.
"""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

from alfacil.protocol import PROTOCOLS

from .test_tmux import (
    OVERALL,
    Pane,
    alfacil_script,
    header_shows,
    next_to,
    read_json,
    require_tmux,
    tmux_socket,
)

__all__ = ["tmux_socket"]  # the fixture, used by name below

MEMBERS = ("Aled", "Bethan", "Carys", "Dafydd")


def troika_set(folder: Path) -> Path:
    path = folder / "troika.toml"
    done = subprocess.run(
        [alfacil_script(), "init", str(path), "--protocol", "troika"],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    text = path.read_text()
    for number, name in enumerate(("One", "Two", "Three", "Four", "Five", "Six"), start=1):
        member = MEMBERS[number - 1] if number <= len(MEMBERS) else None
        block = f'[[members]]\nname = "Member {name}"\n'
        text = text.replace(block, f'[[members]]\nname = "{member}"\n' if member else "")
    path.write_text(text)
    return path


def test_a_troika_session_in_tmux(tmux_socket: str, tmp_path: Path) -> None:
    tmux, socket = require_tmux(), tmux_socket
    data = tmp_path / "data"
    deadline = time.monotonic() + OVERALL
    argv = [alfacil_script(), "start", str(troika_set(tmp_path)), "--data-dir", str(data)]
    turn = [p.title for p in PROTOCOLS["troika"].phases if p.per_presenter]
    pane = Pane(tmux, socket, "troika", deadline)
    pane.start(argv, tmp_path)
    try:
        header_shows(pane, "Check-in")
        next_to(pane, "Ground rules")
        for client in MEMBERS[:3]:
            for title in turn:
                next_to(pane, f"{title} · {client}")
        next_to(pane, "Evaluation")
        next_to(pane, "Close")
        pane.keys("n")
        pane.wait_for("Session recorded")
        pane.keys("Enter")
        assert pane.wait_exit() == 0
    finally:
        pane.close()
    records = sorted((data / "my-troika-group" / "sessions").glob("*.json"))
    assert len(records) == 1, records
    record = read_json(records[0])
    assert record["protocol"] == "troika"
    assert record["presenters"] == list(MEMBERS[:3])
    assert len(record["steps"]) == 2 + 3 * len(turn) + 2
    assert [s["status"] for s in record["steps"]] == ["done"] * len(record["steps"])
    assert record["ended_early"] is False

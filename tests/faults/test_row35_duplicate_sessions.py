"""Row 35: a copied session file is one session.

A copy made by hand (``X copy.json``) or by a sync tool (``X (conflicted copy).json``,
``X.sync-conflict-....json``) was counted twice, and made ``history show ID`` a dead
end ("2 sessions on ID"). One session id is one session: the file named after its
id is read, and each copy is reported as a skipped file saying whose copy it is.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from alfacil.clock import FakeClock
from alfacil.config import SetFile
from alfacil.history.command import main as history_main

from .conftest import Tally, open_runner

pytestmark = pytest.mark.row(35)

COPIES = [
    "{id} copy.json",
    "{id} (conflicted copy 2026-11-28).json",
    "{id}.sync-conflict-20261128-101010-ABCDEFG.json",
    "Copy of {id}.json",
    "{id} 2.json",
]


@pytest.fixture
def sessions(set_file: SetFile, data_dir: Path) -> list[Path]:
    clock = FakeClock()
    paths = []
    for week in range(3):
        runner = open_runner(set_file, data_dir, clock)
        session = runner.start_new()
        session.add_action("Aled", f"Action of week {week}", runner.now())
        paths.append(runner.complete())
        runner.close()
        clock.advance(7 * 24 * 3600)
    return paths


def _json(words: list[str], data_dir: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, dict]:  # type: ignore[type-arg]
    code = history_main(
        [*words, "--set", "fault-set", "--data-dir", str(data_dir), "--format", "json"]
    )
    return code, json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("pattern", COPIES)
def test_a_copy_is_reported_and_counted_once(
    pattern: str,
    sessions: list[Path],
    set_file: SetFile,
    data_dir: Path,
    capsys: pytest.CaptureFixture[str],
    tally: Tally,
) -> None:
    original = sessions[0]
    copy = original.with_name(pattern.format(id=original.stem))
    shutil.copy2(original, copy)
    tally.add("bad_inputs")
    code, out = _json([], data_dir, capsys)
    assert code == 3  # a file was skipped
    assert out["sets"][0]["total_sessions"] == 3
    assert [s["path"] for s in out["skipped"]] == [str(copy)]
    assert (
        f"holds session {original.stem} again, which is {original.name}"
        in out["skipped"][0]["reason"]
    )
    code, out = _json(["show", original.stem], data_dir, capsys)
    assert code == 3 and out["session"]["session_id"] == original.stem
    code, out = _json(["actions"], data_dir, capsys)
    assert sorted(a["text"] for a in out["sets"][0]["actions"]) == [
        f"Action of week {w}" for w in range(3)
    ]
    code, out = _json(["members"], data_dir, capsys)
    assert {m["name"]: m["held"] for m in out["sets"][0]["members"]} == {
        "Aled": 3,
        "Bethan": 3,
        "Carys": 3,
    }
    history_main(["--set", "fault-set", "--data-dir", str(data_dir)])
    err = capsys.readouterr().err
    assert f"skipped: {copy}: holds session" in err
    # start reads the same: three sessions, each action once in the update round
    runner = open_runner(set_file, data_dir, FakeClock())
    try:
        assert [s.session_id for s in runner.loaded.sessions] == [p.stem for p in sessions]
        assert [s.path for s in runner.loaded.skipped] == [copy]
        assert runner.ledger is not None and len(runner.ledger.actions) == 3
    finally:
        runner.close()


def test_only_copies_left_still_make_one_session(
    sessions: list[Path], data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    original = sessions[1]
    first = original.with_name(f"{original.stem} copy.json")
    second = original.with_name(f"{original.stem} copy 2.json")
    shutil.copy2(original, first)
    original.rename(second)
    code, out = _json(["show", original.stem], data_dir, capsys)
    assert code == 3 and out["session"]["session_id"] == original.stem
    # the first by name is read ("X copy 2.json" sorts before "X copy.json")
    assert [s["path"] for s in out["skipped"]] == [str(first)]

"""Row 8: history over bad files.

Empty, NUL-filled, truncated, non-UTF-8, wrong-type, huge (over 10 MB), newer-version
and older-version records, and a link to a file outside the data folder: each is
reported with its path and reason, the good sessions are still read, and not one
byte of any file changes.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
from pathlib import Path

import pytest

from alfacil.clock import FakeClock
from alfacil.config import SetFile
from alfacil.store import MAX_RECORD_BYTES, SetStore

from .conftest import PYTHON, Tally, open_runner, subprocess_env

pytestmark = pytest.mark.row(8)


def _good_sessions(set_file: SetFile, data_dir: Path) -> list[Path]:
    clock = FakeClock()
    paths = []
    for text in ("Visit the depot", "Write to the minister"):
        runner = open_runner(set_file, data_dir, clock)
        session = runner.start_new()
        session.add_action("Bethan", text, runner.now())
        clock.advance(600)
        paths.append(runner.complete())
        runner.close()
        clock.advance(7 * 24 * 3600)
    return paths


def _bad_files(sessions: Path, good: bytes, outside: Path) -> dict[str, str]:
    """Write each bad record; returns file name -> what its reason must say."""
    raw = json.loads(good)
    newer = dict(raw, schema_version=99)
    older = dict(raw, schema_version=0)
    wrong = dict(raw, presenters="Bethan")
    bad = {
        "20200101T000000Z.json": (b"", "is empty"),
        "20200102T000000Z.json": (b"\0" * 4096, "not valid JSON"),
        "20200103T000000Z.json": (good[: len(good) // 2], "not valid JSON"),
        "20200104T000000Z.json": (good.replace(b"Visit", b"Vis\xff\xfet"), "not UTF-8"),
        "20200105T000000Z.json": (json.dumps(wrong).encode(), "presenters"),
        "20200106T000000Z.json": (b" " * (MAX_RECORD_BYTES + 10) + good, "larger than 10 MB"),
        "20200107T000000Z.json": (json.dumps(newer).encode(), "newer alfacil"),
        "20200108T000000Z.json": (json.dumps(older).encode(), "schema_version"),
        "20200109T000000Z.json": (b"[1, 2, 3]\n", "expected a JSON object"),
    }
    reasons = {}
    for name, (content, reason) in bad.items():
        (sessions / name).write_bytes(content)
        reasons[name] = reason
    outside.write_bytes(good)  # a perfectly good record, but not ours to follow
    (sessions / "20200110T000000Z.json").symlink_to(outside)
    reasons["20200110T000000Z.json"] = "link to outside the data folder"
    return reasons


def _fingerprint(*folders: Path) -> dict[str, tuple[str, int, float]]:
    seen = {}
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.is_file() and not path.is_symlink():
                stat = path.stat()
                digest = hashlib.sha256(path.read_bytes()).hexdigest()
                seen[str(path)] = (digest, stat.st_mode, stat.st_mtime)
            elif path.is_symlink():
                seen[str(path)] = (os.readlink(path), 0, 0.0)
    return seen


@pytest.fixture
def bad_set(set_file: SetFile, tmp_path: Path) -> tuple[Path, dict[str, str], list[Path]]:
    data_dir = tmp_path / "data"
    good = _good_sessions(set_file, data_dir)
    outside = tmp_path / "elsewhere" / "20200110T000000Z.json"
    outside.parent.mkdir()
    reasons = _bad_files(good[0].parent, good[0].read_bytes(), outside)
    return data_dir, reasons, good


def test_store_reports_each_bad_file_and_keeps_the_good(
    bad_set: tuple[Path, dict[str, str], list[Path]], set_file: SetFile, tally: Tally
) -> None:
    data_dir, reasons, good = bad_set
    before = _fingerprint(data_dir, data_dir.parent / "elsewhere")
    loaded = SetStore.at(data_dir, set_file.config.set_id).load_sessions()
    tally.add("bad_inputs", len(reasons))
    assert [s.session_id for s in loaded.sessions] == [p.stem for p in good]
    skipped = {s.path.name: s for s in loaded.skipped}
    assert sorted(skipped) == sorted(reasons)
    for name, reason in reasons.items():
        assert reason in skipped[name].reason, (name, skipped[name].reason)
        assert str(skipped[name]).startswith(str(skipped[name].path))
    assert skipped["20200107T000000Z.json"].newer  # unsupported, not corrupt
    assert not any(s.newer for n, s in skipped.items() if n != "20200107T000000Z.json")
    assert _fingerprint(data_dir, data_dir.parent / "elsewhere") == before


def test_json_errors_say_line_and_column(
    bad_set: tuple[Path, dict[str, str], list[Path]], set_file: SetFile
) -> None:
    data_dir, _, _ = bad_set
    loaded = SetStore.at(data_dir, set_file.config.set_id).load_sessions()
    skipped = {s.path.name: s.reason for s in loaded.skipped}
    for name in ("20200102T000000Z.json", "20200103T000000Z.json", "20200104T000000Z.json"):
        line, column, _ = skipped[name].split(":", 2)
        assert line.isdigit() and column.isdigit(), skipped[name]


def test_a_session_run_beside_bad_files_modifies_none_of_them(
    bad_set: tuple[Path, dict[str, str], list[Path]], set_file: SetFile
) -> None:
    data_dir, reasons, good = bad_set
    sessions = good[0].parent
    before = {n: v for n, v in _fingerprint(sessions).items() if Path(n).name in reasons}
    clock = FakeClock(monotonic_start=5000.0)
    clock.jump_wall(30 * 24 * 3600)
    runner = open_runner(set_file, data_dir, clock)
    session = runner.start_new()
    session.add_action("Carys", "Share the notes", runner.now())
    final = runner.complete()
    runner.close()
    after = {n: v for n, v in _fingerprint(sessions).items() if Path(n).name in reasons}
    assert after == before
    assert final.exists()


HISTORY_VIEWS = [[], ["actions"], ["members"], ["show", "last"]]


@pytest.mark.parametrize("view", HISTORY_VIEWS, ids=lambda v: " ".join(v) or "sessions")
@pytest.mark.parametrize("fmt", ["table", "json"])
def test_alfacil_history_reports_each_bad_file_and_shows_the_rest(
    view: list[str],
    fmt: str,
    bad_set: tuple[Path, dict[str, str], list[Path]],
    set_file: SetFile,
    tally: Tally,
) -> None:
    data_dir, reasons, good = bad_set
    sessions = good[0].parent
    evil = sessions / "20200111T\x1b[2J\x1b]0;owned\x07.json"  # a name that drives a terminal
    evil.write_bytes(b"{")
    reasons = {**reasons, evil.name: "not valid JSON"}
    before = _fingerprint(data_dir, data_dir.parent / "elsewhere")
    where = ["--set", set_file.config.set_id, "--data-dir", str(data_dir), "--format", fmt]
    done = subprocess.run(
        [PYTHON, "-m", "alfacil", "history", *view, *where],
        capture_output=True,
        text=True,
        env=subprocess_env(),
        timeout=60,
        check=False,
    )
    tally.add("bad_inputs", len(reasons))
    assert done.returncode == 3, done.stderr
    assert "Traceback" not in done.stderr
    assert "\x1b" not in done.stderr and "\x07" not in done.stderr
    assert "\x1b" not in done.stdout and "\x07" not in done.stdout
    lines = done.stderr.splitlines()
    for name, reason in reasons.items():
        shown = name.encode("unicode_escape").decode() if not name.isprintable() else name
        hits = [line for line in lines if f"{sessions}/{shown}:" in line]
        assert len(hits) == 1, (name, done.stderr)
        assert reason in hits[0], (name, hits[0])
    # The good sessions are still shown.
    if view == []:
        assert "2 sessions" in done.stdout or fmt == "json"
        for path in good:
            assert path.stem in done.stdout or fmt == "table"
    elif view == ["actions"]:
        assert "Visit the depot" in done.stdout and "Write to the minister" in done.stdout
    elif view == ["show", "last"]:
        assert "Write to the minister" in done.stdout
    else:
        assert "Bethan" in done.stdout
    if fmt == "json":
        out = json.loads(done.stdout)
        assert len(out["skipped"]) == len(reasons)
    assert _fingerprint(data_dir, data_dir.parent / "elsewhere") == before


def test_an_older_version_record_among_bad_files_is_migrated_and_shown_not_skipped(
    bad_set: tuple[Path, dict[str, str], list[Path]], set_file: SetFile, tally: Tally
) -> None:
    # A real schema-1 session (row 9's fixture): older, not bad. It is read migrated,
    # in memory; the bad files are still each reported and nothing changes on disk.
    data_dir, reasons, good = bad_set
    sessions = good[0].parent
    older = sessions / "20260909T233000Z.json"
    older.write_bytes((Path(__file__).with_name("data") / "schema1" / older.name).read_bytes())
    before = _fingerprint(data_dir, data_dir.parent / "elsewhere")
    loaded = SetStore.at(data_dir, set_file.config.set_id).load_sessions()
    tally.add("bad_inputs", len(reasons))
    assert older.stem in [s.session_id for s in loaded.sessions]
    assert sorted(s.path.name for s in loaded.skipped) == sorted(reasons)
    assert _fingerprint(data_dir, data_dir.parent / "elsewhere") == before

"""Bad record files: skipped with path and reason, the rest shown, exit 3, file untouched."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from history_helpers import Plan, run, week

from alfacil.history.command import main

GOOD = ["20260108T140000Z", "20260122T140000Z"]


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("COLUMNS", "200")
    folder = tmp_path / "data"
    run(folder, Plan(week(0), ["Ann", "Bob"], presenters=["Ann"], ratings=[4, 5]))
    run(folder, Plan(week(1), ["Ann", "Bob"], presenters=["Bob"]))
    return folder


def good_text(data: Path) -> str:
    return (data / "test-set" / "sessions" / f"{GOOD[0]}.json").read_text()


def newer(data: Path) -> bytes:
    raw = json.loads(good_text(data))
    raw["schema_version"] = 99
    raw["a_field_from_the_future"] = True
    return json.dumps(raw).encode()


def wrong_shape(data: Path) -> bytes:
    raw = json.loads(good_text(data))
    raw["attendance"] = ["Ann"]
    return json.dumps(raw).encode()


CASES = {
    "corrupt": (lambda d: b'{\n  "kind": "session",\n  oops\n}', "3:3: not valid JSON"),
    "truncated": (lambda d: good_text(d).encode()[:200], "not valid JSON"),
    "not_utf8": (lambda d: b'{"set_id": "caf\xe9"}', "1:16: not UTF-8"),
    "wrong_shape": (wrong_shape, "not a valid SessionRecord: attendance"),
    "not_an_object": (lambda d: b"[1, 2]", "expected a JSON object, found list"),
    "empty": (lambda d: b"", "is empty"),
    "newer": (newer, "written by a newer alfacil (schema 99"),
}


@pytest.mark.parametrize("kind", sorted(CASES))
@pytest.mark.parametrize("view", [[], ["members"], ["actions"], ["show", "2026-01-08"]])
@pytest.mark.parametrize("fmt", ["table", "json"])
def test_bad_file_is_skipped_and_untouched(
    data: Path, kind: str, view: list[str], fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    make, reason = CASES[kind]
    bad = data / "test-set" / "sessions" / "20260301T140000Z.json"
    content = make(data)
    bad.write_bytes(content)
    os.utime(bad, (1_000_000_000, 1_000_000_000))
    before = bad.stat()

    code = main([*view, "--data-dir", str(data), "--format", fmt])
    out, err = capsys.readouterr()

    assert code == 3
    assert f"{bad}: " in err and reason in err
    if kind == "newer":
        assert "needs a newer alfacil" in err and "upgrade alfacil" in err
    if fmt == "json":
        payload = json.loads(out)
        (entry,) = payload["skipped"]
        assert entry["path"] == str(bad) and reason in entry["reason"]
        assert entry["newer_version"] is (kind == "newer")
    if view == []:
        for session_id in GOOD:
            assert session_id in out or session_id[:4] + "-" + session_id[4:6] in out
        if fmt == "json":
            ids = [s["session_id"] for s in payload["sets"][0]["sessions"]]
            assert ids == GOOD[::-1]
    elif view == ["members"]:
        assert "Ann" in out and "Bob" in out
    elif view[0] == "show":
        assert "Ann" in out
    assert bad.read_bytes() == content
    after = bad.stat()
    assert (after.st_mtime_ns, after.st_size, after.st_mode) == (
        before.st_mtime_ns,
        before.st_size,
        before.st_mode,
    )
    assert sorted(p.name for p in bad.parent.iterdir()) == sorted(
        [f"{g}.json" for g in GOOD] + [bad.name]
    )


def test_nothing_in_the_data_folder_changes(data: Path, capsys) -> None:
    (data / "test-set" / "sessions" / "20260301T140000Z.json").write_bytes(b"{")
    (data / "test-set" / "actions.json").write_bytes(b"not json")  # a damaged ledger
    snapshot = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in data.rglob("*") if p.is_file()}
    for words in ([], ["members"], ["actions", "--open"], ["show", "last"]):
        for fmt in ("table", "json", "csv", "markdown"):
            assert main([*words, "--data-dir", str(data), "--format", fmt]) == 3
    capsys.readouterr()
    after = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in data.rglob("*") if p.is_file()}
    assert after == snapshot


def test_readable_by_others_is_read_and_warned_about(data: Path, capsys) -> None:
    for path in data.rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)  # as after a git clone
    assert main(["--data-dir", str(data)]) == 0  # a warning, not a skipped file
    captured = capsys.readouterr()
    assert captured.out  # everything is still shown
    warnings = captured.err.splitlines()
    assert warnings and all("can be read by others (chmod " in w for w in warnings)

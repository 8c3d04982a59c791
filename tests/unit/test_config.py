"""Set files: `alfacil check` on good and broken files, durations, `alfacil init`, paths."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alfacil import cli
from alfacil.config import SetFileError, dotted, load_set, parse_set
from alfacil.durations import DurationError, format_clock, format_duration, parse_duration
from alfacil.paths import ENV_DATA_DIR, SetPaths, default_data_dir, resolve_data_dir

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "tests" / "data"
EXAMPLE = REPO / "sets.example.toml"

# file, line, column (None: not shown), dotted key (None: not shown), part of the message
BROKEN: list[tuple[str, int | None, int | None, str | None, str]] = [
    ("syntax_error.toml", 3, 21, "session_length", "invalid TOML"),
    ("syntax_error_header.toml", 15, 12, None, "invalid TOML"),
    ("duplicate_key.toml", 4, 21, "facilitator", "invalid TOML: Cannot overwrite"),
    ("unknown_key_top.toml", 6, None, "colour", "unknown key"),
    ("unknown_key_evaluation.toml", 17, None, "evaluation.scal", "unknown key"),
    ("unknown_key_ground_rules.toml", 17, None, "ground_rules.extra", "unknown key"),
    ("unknown_key_member.toml", 11, None, "members[2].role", "unknown key"),
    ("unknown_key_control_chars.toml", 4, None, '"col\\u001b[2Jour"', "unknown key"),
    ("unknown_phase_timing.toml", 17, None, "timings.lunch", "no such phase"),
    ("wrong_type.toml", 4, None, "presenters_per_session", "expected a whole number, got 'two'"),
    ("bad_duration.toml", 17, None, "timings.presenting", 'expected a duration like "8m"'),
    ("bad_session_length.toml", 3, None, "session_length", "got '2 hours'"),
    ("negative_duration.toml", 16, None, "timings.summing_up", "cannot be negative"),
    ("zero_session_length.toml", 3, None, "session_length", "must be more than 0, got 0"),
    ("duplicate_member.toml", 13, None, "members[3].name", "already a member (members[1])"),
    ("missing_facilitator.toml", 1, None, "facilitator", "required key is missing"),
    ("facilitator_is_member.toml", 2, None, "facilitator", "not a member"),
    ("too_many_presenters.toml", 4, None, "presenters_per_session", "only 3 members"),
    ("empty_members.toml", 6, None, "members", "needs at least 1 item, has 0"),
    ("not_utf8.toml", 2, 19, None, "not UTF-8 (byte 0xe9)"),
    ("scale_out_of_range.toml", 16, None, "evaluation.scale", "must be at most 10, got 11"),
    ("member_control_chars.toml", 9, None, "members[2].name", "control characters"),
    ("bad_phase_entry.toml", 24, None, "phases[2].colour", "unknown key"),
    ("duplicate_phase_id.toml", 21, None, "phases[2].id", "used twice"),
    ("reserved_phase_id.toml", 21, None, "phases[2].id", "kept for breaks added on the day"),
    ("warn_longer_than_duration.toml", 19, None, "phases[1].warn", "warn must not be longer"),
    ("a_directory.toml", None, None, None, "is a folder, not a set file"),
    ("no_such_file.toml", None, None, None, "no such file"),
]


def expected_line(
    path: Path, line: int | None, column: int | None, key: str | None, fragment: str
) -> str:
    where = str(path)
    if line is not None:
        where += f":{line}"
        if column is not None:
            where += f":{column}"
    head = f"{where}: {key}: " if key else f"{where}: "
    return head + fragment


def test_there_are_enough_broken_files() -> None:
    on_disk = {p.name for p in DATA.glob("*.toml")}
    names = [name for name, *_ in BROKEN]
    assert len(set(names)) == len(names) >= 18
    # the table names only real files, except the one that must not exist
    assert set(names) - on_disk == {"no_such_file.toml"}
    assert not (DATA / "no_such_file.toml").exists()
    assert (DATA / "a_directory.toml").is_dir()


@pytest.mark.parametrize(("name", "line", "column", "key", "fragment"), BROKEN)
def test_check_broken_file(
    name: str,
    line: int | None,
    column: int | None,
    key: str | None,
    fragment: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = DATA / name
    assert cli.main(["check", str(path)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.endswith("\n")
    assert err.count("\n") == 1, err
    assert "Traceback" not in err
    message = err.rstrip("\n")
    assert message.startswith(expected_line(path, line, column, key, "")), message
    assert fragment in message
    # nothing in the line can drive the terminal
    assert not any(ord(ch) < 32 or ord(ch) == 127 for ch in message), repr(message)


@pytest.mark.parametrize("name", ["unknown_key_evaluation.toml", "not_utf8.toml"])
def test_check_broken_file_in_a_real_process(name: str) -> None:
    path = DATA / name
    done = subprocess.run(
        [sys.executable, "-m", "alfacil", "check", str(path)],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert "Traceback" not in done.stderr
    assert len(done.stderr.splitlines()) == 1
    row = next(r for r in BROKEN if r[0] == name)
    assert done.stderr.startswith(expected_line(path, *row[1:4], ""))


def test_check_example_set(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["check", str(EXAMPLE)]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert f"{EXAMPLE}: ok" in out
    assert "members:      6: Aled, Bethan, Carys, Dafydd, Eleri, Gareth" in out
    assert "plan with 1 presenter: 1h" in out
    assert "plan with 2 presenters: 1h40m (the set's usual)" in out


def test_check_example_set_in_a_real_process() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "alfacil", "check", "sets.example.toml"],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("sets.example.toml: ok")


def test_check_warns_when_the_plan_does_not_fit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = EXAMPLE.read_text().replace('session_length = "2h"', 'session_length = "90m"')
    path = tmp_path / "short.toml"
    path.write_text(text)
    assert cli.main(["check", str(path)]) == 0
    _out, err = capsys.readouterr()
    assert "with 2 presenters the plan (1h40m) is longer than the agreed 1h30m" in err


def test_check_a_file_too_large(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "huge.toml"
    path.write_bytes(b"# " + b"x" * 1_000_001)
    assert cli.main(["check", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith(f"{path}: is larger than")


def test_check_without_a_file_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        cli.main(["check"])
    assert exit_.value.code == 2
    assert "Traceback" not in capsys.readouterr().err


def test_custom_protocol_and_timings() -> None:
    text = EXAMPLE.read_text().split("[ground_rules]")[0] + (
        '[[phases]]\nid = "talk"\ntitle = "Talk"\nduration = 10\nwarn = "90s"\n'
        "per_presenter = true\n"
        '[[phases]]\nid = "wrap"\ntitle = "Wrap up"\nduration = "1h5m"\n'
        "[timings]\ntalk = 5\n"
    )
    config = parse_set(text, Path("custom.toml"))
    talk, wrap = config.resolved_phases
    assert (talk.id, talk.duration, talk.warn, talk.per_presenter) == ("talk", 300, 90, True)
    assert (wrap.duration, wrap.warn) == (3900, 0)


def test_timings_shorter_than_warn_clamp_the_warn_mark(tmp_path: Path) -> None:
    text = EXAMPLE.read_text().replace('presenting = "10m"', 'presenting = "2m"')
    config = parse_set(text, tmp_path / "x.toml")
    presenting = next(p for p in config.resolved_phases if p.id == "presenting")
    assert (presenting.duration, presenting.warn) == (120, 120)


def test_set_id_and_records_dir(tmp_path: Path) -> None:
    text = (
        EXAMPLE.read_text()
        .replace('id = "cluster-managers"', "")
        .replace('# records = "./records"', 'records = "recs"')
    )
    path = tmp_path / "set.toml"
    path.write_text(text)
    loaded = load_set(path)
    assert loaded.config.set_id == "cluster-managers-learning-set"
    assert loaded.records_dir == tmp_path / "recs"


def test_dotted_keys() -> None:
    assert dotted(("members", 2, "name")) == "members[3].name"
    assert dotted(()) == "(top level)"
    assert dotted(("a b\n",)) == '"a b\\u000a"'


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    cut=st.integers(0, 1900),
    length=st.integers(0, 30),
    insert=st.text(max_size=20),
)
def test_no_edit_of_a_set_file_raises_anything_but_set_file_error(
    cut: int, length: int, insert: str
) -> None:
    text = EXAMPLE.read_text()
    mangled = text[:cut] + insert + text[cut + length :]
    try:
        parse_set(mangled, Path("x.toml"))
    except SetFileError as exc:
        assert str(exc) == "\n".join(exc.lines)
        for message in exc.lines:  # one line per mistake
            assert message.startswith("x.toml")
            assert not any(ord(ch) < 32 for ch in message), repr(message)


# --- durations ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        (0, 0),
        (10, 600),
        ("10", 600),
        ("90s", 90),
        ("8m", 480),
        ("1h30m", 5400),
        ("1h 30m", 5400),
        (" 2H ", 7200),
        ("1h0m5s", 3605),
        ("0m", 0),
    ],
)
def test_parse_duration(value: object, seconds: int) -> None:
    assert parse_duration(value) == seconds


@pytest.mark.parametrize(
    "value", ["eight", "", "m", "1.5h", "8 minutes", "-5m", -1, True, 2.5, None, "5m-", "h1"]
)
def test_parse_duration_refuses(value: object) -> None:
    with pytest.raises(DurationError):
        parse_duration(value)


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0, "0s"), (45, "45s"), (90, "1m30s"), (480, "8m"), (3600, "1h"), (5400, "1h30m")],
)
def test_format_duration(seconds: int, text: str) -> None:
    assert format_duration(seconds) == text
    assert parse_duration(text) == seconds
    assert format_duration(-seconds) == ("-" + text if seconds else text)


@given(st.integers(0, 24 * 3600))  # durations are bounded to a day
def test_format_then_parse_round_trips(seconds: int) -> None:
    assert parse_duration(format_duration(seconds)) == seconds


@pytest.mark.parametrize(
    ("seconds", "text"), [(0, "00:00"), (59.9, "00:59"), (600, "10:00"), (3725, "1:02:05")]
)
def test_format_clock(seconds: float, text: str) -> None:
    assert format_clock(seconds) == text
    assert format_clock(-seconds) == text


# --- alfacil init -------------------------------------------------------------------------


def test_init_writes_a_set_that_check_accepts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert cli.main(["init"]) == 0
    written = tmp_path / "myset.toml"
    assert written.is_file()
    assert "wrote myset.toml" in capsys.readouterr().err
    assert cli.main(["check", "myset.toml"]) == 0
    assert "myset.toml: ok" in capsys.readouterr().out
    assert [p.name for p in tmp_path.iterdir()] == ["myset.toml"]  # no temp file left


@pytest.mark.parametrize("lang", ["en", "cy"])
@pytest.mark.parametrize("protocol", ["action-learning", "troika"])
def test_a_member_added_as_the_starter_says_is_accepted(
    tmp_path: Path, lang: str, protocol: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """The starter says "add one [[members]] block per person": a block added under
    the members it wrote, as told, must not be a TOML error (it was, under an inline
    ``members = [...]`` array)."""
    path = tmp_path / "set.toml"
    assert cli.main(["--lang", lang, "init", str(path), "--protocol", protocol]) == 0
    text = path.read_text()
    assert "[[members]]" in text
    last = text.rindex("[[members]]")
    end = text.index("\n", text.index("name", last)) + 1
    path.write_text(text[:end] + '\n[[members]]\nname = "Seven"\n' + text[end:])
    capsys.readouterr()
    assert cli.main(["check", str(path)]) == 0, capsys.readouterr().err
    assert "7: " in capsys.readouterr().out


def test_init_never_overwrites(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "mine.toml"
    path.write_text("precious")
    assert cli.main(["init", str(path)]) == 2
    assert "already exists" in capsys.readouterr().err
    assert path.read_text() == "precious"


def test_init_into_a_missing_folder_fails_cleanly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "nowhere" / "set.toml"
    assert cli.main(["init", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "cannot write" in err and "Traceback" not in err
    assert not path.parent.exists()


def test_init_file_mode_follows_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        assert cli.main(["init", str(tmp_path / "a.toml")]) == 0
    finally:
        os.umask(old)
    assert (tmp_path / "a.toml").stat().st_mode & 0o777 == 0o640


# --- paths --------------------------------------------------------------------------------


def test_data_dir_precedence(tmp_path: Path) -> None:
    cli_dir, env_dir, set_dir = tmp_path / "cli", tmp_path / "env", tmp_path / "set"
    env = {ENV_DATA_DIR: str(env_dir)}
    assert resolve_data_dir(cli_dir, set_dir, env) == cli_dir
    assert resolve_data_dir(str(cli_dir), set_dir, env) == cli_dir
    assert resolve_data_dir(None, set_dir, env) == env_dir
    assert resolve_data_dir(None, set_dir, {}) == set_dir
    assert resolve_data_dir(None, set_dir, {ENV_DATA_DIR: ""}) == set_dir
    assert resolve_data_dir(None, None, {}) == default_data_dir()


def test_data_dir_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_DATA_DIR, str(tmp_path / "env"))
    assert resolve_data_dir(None, tmp_path / "set") == tmp_path / "env"
    monkeypatch.delenv(ENV_DATA_DIR)
    assert resolve_data_dir(None, tmp_path / "set") == tmp_path / "set"


def test_default_data_dir_is_the_user_data_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", "/somewhere/data")
    if sys.platform.startswith("linux"):
        assert default_data_dir() == Path("/somewhere/data/alfacil")
    assert default_data_dir().name == "alfacil"


def test_set_paths_layout(tmp_path: Path) -> None:
    paths = SetPaths(tmp_path, "cluster-managers")
    root = tmp_path / "cluster-managers"
    assert paths.root == root
    assert paths.sessions == root / "sessions"
    assert paths.ledger == root / "actions.json"
    assert paths.autosave == root / "autosave.json"
    assert paths.lock == root / ".lock"
    assert paths.session_file("20261127T140000Z") == root / "sessions" / "20261127T140000Z.json"

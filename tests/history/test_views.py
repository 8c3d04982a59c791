"""Every view of `alfacil history` in every format, over records made by the engine."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from history_helpers import ORIGINAL, Plan, run, week

from alfacil.cli import main as alfacil_main
from alfacil.history import queries as history
from alfacil.history.command import main
from alfacil.records import build_ledger
from alfacil.store import SetStore


@pytest.fixture(autouse=True)
def wide(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.delenv("ALFACIL_DATA_DIR", raising=False)


def call(capsys: pytest.CaptureFixture[str], *words: str) -> tuple[int, str, str]:
    code = main(list(words))
    out, err = capsys.readouterr()
    return code, out, err


def as_json(capsys: pytest.CaptureFixture[str], *words: str) -> dict:  # type: ignore[type-arg]
    code, out, err = call(capsys, *words, "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert data["format"] == "alfacil-history" and data["version"] == 1
    return data  # type: ignore[no-any-return]


# --- the session list ----------------------------------------------------------------


def test_sessions_table_newest_first_with_trends(programme: Path, capsys) -> None:
    code, out, err = call(capsys, "--data-dir", str(programme))
    assert code == 0 and err == ""
    dates = ["2026-02-19", "2026-02-05", "2026-01-22", "2026-01-08"]
    positions = [out.index(d) for d in dates]
    assert positions == sorted(positions)
    assert "Test Set (test-set): 4 sessions" in out
    assert "0/4" in out  # everyone absent but the facilitator
    assert "Ann, Bob" in out and "evaluation" in out and "actions kept" in out


def test_sessions_json(programme: Path, capsys) -> None:
    data = as_json(capsys, "--set", "test-set", "--data-dir", str(programme))
    assert data["view"] == "sessions" and data["skipped"] == []
    (one,) = data["sets"]
    assert one["set_id"] == "test-set" and one["total_sessions"] == 4
    rows = one["sessions"]
    assert [r["session_id"] for r in rows] == [
        "20260219T140000Z",
        "20260205T140000Z",
        "20260122T140000Z",
        "20260108T140000Z",
    ]
    first = rows[-1]
    assert first["presenters"] == ["Ann", "Bob"]
    assert first["present"] == ["Ann", "Bob", "Cy"] and first["attendance_rate"] == 0.75
    assert first["actions_committed"] == 2 and first["evaluation_average"] == 4.0
    assert first["overtime_seconds"] == 300.0
    assert rows[1]["present"] == [] and rows[1]["attendance_rate"] == 0.0
    assert rows[1]["evaluation_average"] is None
    second = rows[-2]
    assert second["updates_given"] == 2 and second["actions_closed"] == 1
    assert second["updates_kept"] == 1
    trends = one["trends"]
    assert trends["session_ids"][0] == "20260108T140000Z"
    assert trends["attendance_rate"] == [0.75, 1.0, 0.0, 0.75]
    assert trends["kept_share"] == [None, 0.5, None, 0.5]


def test_sessions_csv_and_markdown(programme: Path, capsys) -> None:
    code, out, _ = call(capsys, "--data-dir", str(programme), "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 4 and rows[0]["set_id"] == "test-set"
    assert rows[-1]["presenters"] == "Ann; Bob"
    code, out, _ = call(capsys, "--data-dir", str(programme), "--format", "markdown")
    assert code == 0
    assert out.startswith("## Test Set")
    # These records do not say where they were held: their times are shown in UTC.
    assert "| Date (local) |" in out and "| 2026-01-08 14:00 UTC |" in out
    assert "Over the last 4 sessions" in out


def test_since_limit_member(programme: Path, capsys) -> None:
    data = as_json(capsys, "--data-dir", str(programme), "--since", "2026-01-22", "--limit", "1")
    one = data["sets"][0]
    assert one["total_sessions"] == 3 and len(one["sessions"]) == 1
    assert one["sessions"][0]["session_id"] == "20260219T140000Z"
    data = as_json(capsys, "--data-dir", str(programme), "--member", "di")
    rows = data["sets"][0]["sessions"]
    assert [r["member"]["attendance"] for r in rows] == ["present", "apologies"]
    assert rows[0]["member"] == {"name": "Di", "attendance": "present", "presented": True}
    code, out, _ = call(capsys, "--data-dir", str(programme), "--member", "Eve")
    assert code == 0 and "Eve" in out and "2026-01-08" not in out


def test_every_set_grouped_when_none_is_named(programme: Path, capsys) -> None:
    run(programme, Plan(week(0), ["Zed", "Yan"], presenters=["Zed"]), set_id="other-set")
    data = as_json(capsys, "--data-dir", str(programme))
    assert [s["set_id"] for s in data["sets"]] == ["other-set", "test-set"]
    code, out, _ = call(capsys, "--data-dir", str(programme))
    assert code == 0 and "(other-set)" in out and "(test-set)" in out
    code, _, err = call(capsys, "show", "last", "--data-dir", str(programme))
    assert code == 2 and "--set" in err


# --- one session -----------------------------------------------------------------------


def test_show_table(programme: Path, capsys) -> None:
    code, out, err = call(capsys, "show", "2026-01-08", "--data-dir", str(programme))
    assert code == 0, err
    assert "Thursday 8 January 2026" in out
    assert "Questioning: Ann" in out and "+5m" in out  # the overrun, marked
    assert "apologies" in out and "presenter" in out
    assert "Call the | ward [bold]sister[/bold]" in out  # shown as written, not as markup
    assert "Turn of Ann: 2 questions" in out and "advice reminders 1" in out
    assert "How useful was today for you?" in out and "4.0/5" in out


def test_show_by_id_and_last_and_json(programme: Path, capsys) -> None:
    data = as_json(capsys, "show", "last", "--data-dir", str(programme))
    assert data["view"] == "show"
    session = data["session"]
    assert session["session_id"] == "20260219T140000Z"
    assert session["attendance"] == {"Ann": "apologies", "Bob": "present", "Cy": "present",
                                     "Eve": "present"}  # fmt: skip
    updates = {u["text"]: u for u in session["updates"]}
    assert updates["Draft the rota"]["status"] == "partly"
    assert updates["Ask finance"]["made_in"] == "20260122T140000Z"
    assert session["actions"][0]["due"] == "2026-03-05"
    assert session["evaluation"]["questions"][0]["distribution"] == [0, 0, 0, 0, 1, 2]
    by_id = as_json(capsys, "show", "20260219T140000Z", "--data-dir", str(programme))
    assert by_id["session"] == session


def test_show_csv_is_one_row_per_step(programme: Path, capsys) -> None:
    code, out, _ = call(
        capsys, "show", "2026-01-08", "--format", "csv", "--data-dir", str(programme)
    )
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and rows[0]["phase_id"] == "checkin"
    questioning = next(r for r in rows if r["phase_id"] == "questioning")
    assert questioning["subject"] == "Ann" and questioning["overtime_seconds"] == "300.0"


def test_show_markdown_is_for_members(programme: Path, capsys) -> None:
    words = ["show", "2026-01-08", "--format", "markdown", "--data-dir", str(programme)]
    code, out, _ = call(capsys, *words)
    assert code == 0
    assert "## Attendance" in out and "- Present: Ann, Bob, Cy" in out
    assert "- Apologies: Di" in out
    assert "### Ann" in out and "(by Thursday 22 January 2026)" in out
    assert "Call the \\| ward \\[bold\\]sister\\[/bold\\]" in out
    assert "It is about trust" not in out
    for private in ("rating", "Rating", "question", "advice", "4.0", "How useful"):
        assert private not in out
    code, out, _ = call(capsys, *words, "--include-insights")
    assert code == 0 and "## Insights" in out and "It is about trust" in out


def test_show_everyone_absent(programme: Path, capsys) -> None:
    data = as_json(capsys, "show", "2026-02-05", "--data-dir", str(programme))
    session = data["session"]
    assert set(session["attendance"].values()) == {"absent"}
    assert session["presenters"] == [] and session["evaluation"]["skipped"] is True
    code, out, _ = call(capsys, "show", "2026-02-05", "--format", "markdown",
                        "--data-dir", str(programme))  # fmt: skip
    assert code == 0 and "- Present: nobody" in out and "No actions were recorded." in out
    code, out, _ = call(capsys, "show", "2026-02-05", "--data-dir", str(programme))
    assert code == 0 and "Evaluation: skipped" in out


def test_show_unknown_session(programme: Path, capsys) -> None:
    code, _, err = call(capsys, "show", "2025-01-01", "--data-dir", str(programme))
    assert code == 2 and "no session on 2025-01-01" in err
    with pytest.raises(SystemExit) as exit_:
        main(["show", "--data-dir", str(programme)])
    assert exit_.value.code == 2 and "SESSION" in capsys.readouterr().err


# --- the ledger ----------------------------------------------------------------------


def test_actions_views(programme: Path, capsys) -> None:
    data = as_json(capsys, "actions", "--data-dir", str(programme))
    actions = {a["text"]: a for a in data["sets"][0]["actions"]}
    assert len(actions) == 5
    rota = actions["Draft the rota"]
    assert rota["status"] == "partly" and rota["made_in"] == "20260108T140000Z"
    assert [h["status"] for h in rota["history"]] == ["not_yet", "partly"]
    assert rota["age_sessions"] == 3 and rota["closed_in"] is None
    assert actions["Ask finance"]["closed_in"] == "20260219T140000Z"
    assert actions["Ask finance"]["age_sessions"] == 2
    assert actions["Map the discharge letters"]["age_sessions"] == 0
    opened = as_json(capsys, "actions", "--open", "--data-dir", str(programme))
    assert {a["text"] for a in opened["sets"][0]["actions"]} == {
        "Draft the rota",
        "=HYPERLINK(x)",
        "Map the discharge letters",
    }
    bob = as_json(capsys, "actions", "--member", "BOB", "--data-dir", str(programme))
    assert [a["owner"] for a in bob["sets"][0]["actions"]] == ["Bob"]
    code, out, _ = call(capsys, "actions", "--data-dir", str(programme))
    assert code == 0 and "not yet → partly" in out and "Map the discharge letters" in out
    code, out, _ = call(capsys, "actions", "--format", "csv", "--data-dir", str(programme))
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and {r["text"] for r in rows} >= {"'=HYPERLINK(x)", "Ask finance"}
    code, out, _ = call(capsys, "actions", "--format", "markdown", "--data-dir", str(programme))
    assert (
        code == 0 and "### Bob" in out and "- [ ] Draft the rota (partly; from 2026-01-08)" in out
    )
    assert "- [-] Ask finance (dropped" in out  # dropped is not ticked like done


def test_actions_uses_the_store_ledger_without_writing(programme: Path, capsys) -> None:
    ledger = programme / "test-set" / "actions.json"
    before = ledger.read_bytes()
    ledger.unlink()  # stale or missing: history rebuilds in memory and writes nothing
    data = as_json(capsys, "actions", "--data-dir", str(programme))
    assert len(data["sets"][0]["actions"]) == 5
    assert not ledger.exists()
    assert before


# --- members -------------------------------------------------------------------------


def test_members_over_a_changing_roster(programme: Path, capsys) -> None:
    data = as_json(capsys, "members", "--data-dir", str(programme))
    one = data["sets"][0]
    assert one["sessions_held"] == 4
    members = {m["name"]: m for m in one["members"]}
    assert [m["name"] for m in one["members"]] == ["Ann", "Bob", "Cy", "Eve", "Di"]
    assert members["Di"]["current"] is False and members["Di"]["held"] == 2
    assert members["Di"]["attended"] == 1 and members["Di"]["apologies"] == 1
    assert members["Eve"]["held"] == 2 and members["Eve"]["attended"] == 1
    assert members["Eve"]["absent"] == 1 and members["Eve"]["current_streak"] == 1
    ann = members["Ann"]
    assert (ann["held"], ann["attended"], ann["current_streak"]) == (4, 2, 0)
    assert ann["presented"] == 1 and ann["last_presented"] == "20260108T140000Z"
    assert (ann["actions_committed"], ann["actions_kept"], ann["share_kept"]) == (1, 1, 1.0)
    bob = members["Bob"]
    assert bob["current_streak"] == 1 and bob["attendance_rate"] == 0.75
    assert bob["actions_committed"] == 1 and bob["share_kept"] == 1.0  # partly counts as kept
    cy = members["Cy"]
    assert cy["actions_reported"] == 1 and cy["actions_kept"] == 0 and cy["share_kept"] == 0.0
    assert members["Di"]["share_kept"] is None and members["Di"]["actions_open"] == 1


def test_members_table_csv_markdown_and_filters(programme: Path, capsys) -> None:
    code, out, _ = call(capsys, "members", "--data-dir", str(programme))
    assert code == 0 and "Di (left)" in out and "2/4" in out
    code, out, _ = call(capsys, "members", "--format", "csv", "--data-dir", str(programme))
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and [r["name"] for r in rows] == ["Ann", "Bob", "Cy", "Eve", "Di"]
    code, out, _ = call(capsys, "members", "--format", "markdown", "--data-dir", str(programme))
    assert code == 0 and "| Di (left) | 1/2 |" in out
    data = as_json(capsys, "members", "--member", "eve", "--data-dir", str(programme))
    assert [m["name"] for m in data["sets"][0]["members"]] == ["Eve"]
    data = as_json(capsys, "members", "--since", "2026-02-01", "--data-dir", str(programme))
    assert data["sets"][0]["sessions_held"] == 2
    assert "Di" not in {m["name"] for m in data["sets"][0]["members"]}


# --- arguments, set files, the alfacil command -------------------------------------------


def test_set_file_and_its_records_folder(programme: Path, tmp_path: Path, capsys) -> None:
    set_file = tmp_path / "myset.toml"
    members = "".join(f'[[members]]\nname = "{m}"\n' for m in ORIGINAL)
    set_file.write_text(
        f'name = "Test Set"\nid = "test-set"\nfacilitator = "Fran"\nsession_length = "2h"\n'
        f'records = "data"\n{members}'
    )
    code, out, _ = call(capsys, str(set_file), "members")
    assert code == 0 and "Ann" in out
    code, out, _ = call(capsys, "show", "last", str(set_file))
    assert code == 0 and "Thursday 19 February 2026" in out
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "x"\nfacilitator = 3\n')
    code, out, err = call(capsys, str(bad))
    assert code == 2 and out == "" and err.startswith(f"{bad}:")
    assert err.count("\n") == 3 and err.count(f"{bad}:") == 3  # every mistake, one line each


@pytest.mark.parametrize(
    "words",
    [
        ["--format", "xml"],
        ["--limit", "0"],
        ["--since", "yesterday"],
        ["show"],
        ["members", "--open"],
        ["--include-insights"],
        ["nonsense"],
        ["actions", "members"],
        ["x.toml", "--set", "test-set"],
        ["show", "last", "--member", "Ann"],
    ],
)
def test_usage_errors_exit_2(programme: Path, capsys, words: list[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main([*words, "--data-dir", str(programme)])
    assert exit_.value.code == 2
    out, err = capsys.readouterr()
    assert out == "" and "alfacil history" in err


def test_unknown_set_and_member_exit_2(programme: Path, capsys) -> None:
    code, _, err = call(capsys, "--set", "nope", "--data-dir", str(programme))
    assert code == 2 and "test-set" in err
    code, _, err = call(capsys, "members", "--member", "Nobody", "--data-dir", str(programme))
    assert code == 2 and "Nobody" in err


def test_help_explains_words(capsys) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--help"])
    out = capsys.readouterr().out
    assert exit_.value.code == 0
    assert "the first word that is `sessions`, `show`, `actions` or `members` is the view" in out


def test_alfacil_history_takes_options_first(programme: Path, capsys) -> None:
    assert alfacil_main(["history", "--data-dir", str(programme), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["view"] == "sessions"


def test_no_textual_and_no_rich_for_json(programme: Path) -> None:
    code = (
        "import sys\n"
        "from alfacil.history.command import main\n"
        f"rc = main(['--data-dir', {str(programme)!r}, '--format', 'json'])\n"
        "assert rc == 0, rc\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')]\n"
        "assert not bad, bad\n"
        f"rc = main(['members', '--data-dir', {str(programme)!r}])\n"
        "assert 'rich' in sys.modules\n"
        "assert not [m for m in sys.modules if m.split('.')[0] == 'textual']\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


# --- the queries ---------------------------------------------------------------------


def test_action_statuses_agree_with_build_ledger(programme: Path) -> None:
    records = history.load_set_records(programme, "test-set")
    loaded = SetStore.at(programme, "test-set").load_sessions()
    ledger = build_ledger("test-set", loaded.sessions, loaded.sessions[-1].started_at)
    assert history.action_statuses(records.sessions) == {a.id: a.status for a in ledger.actions}


def test_trends_and_select() -> None:
    assert history.Trends.mean([None, 0.5, 1.0]) == 0.75
    assert history.Trends.mean([None]) is None
    assert history.day_of("20261127T140000Z") == "2026-11-27"
    assert history.select([], since=date(2026, 1, 1)) == []


def test_examples_folder_reads_cleanly(capsys) -> None:
    examples = Path(__file__).resolve().parents[2] / "examples" / "records"
    data = as_json(capsys, "--data-dir", str(examples))
    (one,) = data["sets"]
    assert one["set_id"] == "cluster-managers" and one["total_sessions"] == 8
    members = as_json(capsys, "members", "--data-dir", str(examples))["sets"][0]["members"]
    assert {"Ffion", "Gareth"} <= {m["name"] for m in members}


def test_table_shows_a_screenful_unless_told(
    programme: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("alfacil.history.command.TABLE_ROWS", 2)
    code, out, _ = call(capsys, "--data-dir", str(programme))
    assert code == 0 and "2 of 4 sessions" in out and "2026-01-08" not in out
    code, out, _ = call(capsys, "--data-dir", str(programme), "--limit", "3")
    assert code == 0 and "3 of 4 sessions" in out
    data = as_json(capsys, "--data-dir", str(programme))
    assert len(data["sets"][0]["sessions"]) == 4


def test_actions_table_shows_the_newest_open_ones_unless_all(
    programme: Path, capsys, monkeypatch
) -> None:
    """The table: the open actions, newest first, at most ACTION_ROWS; stderr counts the
    rest and names --all, which lists every one (as json always does)."""
    from alfacil.history import command

    monkeypatch.setattr(command, "ACTION_ROWS", 2)
    code, out, err = call(capsys, "actions", "--data-dir", str(programme))
    assert code == 0 and "Map the discharge letters" in out and "Ask finance" not in out
    assert "Draft the rota" not in out  # open, but older than the two shown
    assert "3 more actions not shown" in err and "--all" in err
    code, out, err = call(capsys, "actions", "--all", "--data-dir", str(programme))
    assert code == 0 and "Ask finance" in out and "Draft the rota" in out
    assert "not shown" not in err
    data = as_json(capsys, "actions", "--data-dir", str(programme))
    assert len(data["sets"][0]["actions"]) == 5


def test_the_ledger_from_digests_is_the_stores(programme: Path) -> None:
    """`actions` builds the ledger from the digests when every file
    reads; it must be the one the store derives from the full records."""
    from alfacil.history.queries import ledger_actions, load_set_records
    from alfacil.store import SetStore

    store = SetStore.at(programme, "test-set")
    expected = store.build_ledger(datetime(2030, 1, 1, tzinfo=UTC)).actions
    records = load_set_records(programme, "test-set")
    got = ledger_actions(records.sessions)
    assert len(got) == 5 and any(a.history for a in got)
    assert [a.model_dump() for a in got] == [a.model_dump() for a in expected]

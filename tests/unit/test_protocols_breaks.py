"""Built-in protocols, their starters, planned and inserted breaks, merged adjustments."""

from __future__ import annotations

from pathlib import Path

import pytest

from alfacil import cli
from alfacil.clock import FakeClock
from alfacil.config import DEFAULT_GROUND_RULES, SetFileError, parse_set
from alfacil.engine import EngineError, Session, plan_steps
from alfacil.history.formats import merged_adjustments
from alfacil.protocol import PROTOCOLS, break_phase
from alfacil.records import LedgerAction
from alfacil.starter import starter_text

BASE = """\
name = "Test Set"
facilitator = "Jane"
session_length = "2h"
presenters_per_session = 2
{extra}
[[members]]
name = "Aled"
[[members]]
name = "Bethan"
[[members]]
name = "Carys"
"""


def config_with(extra: str = "") -> object:
    return parse_set(BASE.format(extra=extra), Path("set.toml"))


@pytest.mark.parametrize("protocol", sorted(PROTOCOLS))
def test_each_protocol_is_a_whole_session(protocol: str) -> None:
    phases = PROTOCOLS[protocol].phases
    ids = [p.id for p in phases]
    kinds = [p.kind for p in phases]
    assert len(set(ids)) == len(ids)
    assert kinds[0] == "checkin" and kinds[-2:] == ["evaluation", "close"]
    assert "presenting" in kinds
    turn = [i for i, p in enumerate(phases) if p.per_presenter]
    assert turn == list(range(turn[0], turn[-1] + 1))  # one contiguous turn
    assert all(p.rule and p.guidance and 0 <= p.warn <= p.duration for p in phases)


def test_troika_follows_its_published_timings() -> None:
    turn = {p.id: p.duration for p in PROTOCOLS["troika"].phases if p.per_presenter}
    assert turn == {"challenge": 120, "clarifying": 180, "consulting": 300, "valuable": 120}


def test_a_protocol_brings_its_own_rules_and_prompts_unless_the_set_has_them() -> None:
    troika = parse_set(BASE.format(extra='protocol = "troika"'), Path("t.toml"))
    assert troika.ground_rules.items == PROTOCOLS["troika"].ground_rules
    assert troika.questioning.prompts == PROTOCOLS["troika"].prompts
    own = parse_set(
        BASE.format(extra='protocol = "balint"\n[ground_rules]\nitems = ["Ours"]\n'),
        Path("b.toml"),
    )
    assert own.ground_rules.items == ("Ours",)
    assert parse_set(BASE.format(extra=""), Path("a.toml")).ground_rules.items == (
        DEFAULT_GROUND_RULES
    )


def test_an_unknown_protocol_is_one_line() -> None:
    with pytest.raises(SetFileError) as caught:
        parse_set(BASE.format(extra='protocol = "fishbowl"'), Path("x.toml"))
    assert str(caught.value).startswith("x.toml:5: protocol: ")


@pytest.mark.parametrize("protocol", sorted(PROTOCOLS))
def test_init_writes_a_starter_that_checks(
    protocol: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "set.toml"
    assert cli.main(["init", str(path), "--protocol", protocol]) == 0
    config = parse_set(path.read_text(), path)
    assert config.protocol == protocol
    assert config.presenters_per_session == PROTOCOLS[protocol].presenters_per_session
    capsys.readouterr()
    assert cli.main(["check", str(path)]) == 0
    out = capsys.readouterr().out
    assert f"protocol:     {protocol}:" in out
    assert "protocols:    action-learning, troika, wise-crowds, balint, intervision" in out


def test_init_refuses_an_unknown_protocol(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as caught:
        cli.main(["init", str(tmp_path / "x.toml"), "--protocol", "fishbowl"])
    assert caught.value.code == 2
    assert not (tmp_path / "x.toml").exists()


def test_the_action_learning_starter_is_unchanged_by_default() -> None:
    assert starter_text() == starter_text("action-learning")
    assert "protocol =" not in starter_text()


# --- planned breaks ------------------------------------------------------------------


def test_breaks_are_checked_against_the_phases() -> None:
    cases = [
        ('[[breaks]]\nafter = "lunch"\n', "set.toml:6: breaks[1].after: no such phase"),
        ('[[breaks]]\nafter = "ground_rules"\nturn = 2\n', "set.toml:7: breaks[1].turn:"),
        ('[[breaks]]\nafter = "checkin"\nlength = 5\n', "set.toml:7: breaks[1].length: unknown"),
        ('[[breaks]]\nafter = "checkin"\nduration = 0\n', "set.toml:7: breaks[1].duration:"),
    ]
    for extra, start in cases:
        with pytest.raises(SetFileError) as caught:
            parse_set(BASE.format(extra=extra), Path("set.toml"))
        assert str(caught.value).startswith(start), str(caught.value)


def test_planned_breaks_go_after_their_phase_and_turn() -> None:
    extra = (
        '[[breaks]]\nafter = "ground_rules"\nduration = "5m"\n'
        '[[breaks]]\nafter = "summing_up"\nturn = 2\ntitle = "Tea"\n'
    )
    config = parse_set(BASE.format(extra=extra), Path("set.toml"))
    breaks = config.planned_breaks
    steps = plan_steps(config.resolved_phases, ["Aled", "Bethan"], [], breaks)
    keys = [(p.id, who) for p, who in steps]
    assert keys[2] == ("break-1", None)
    assert keys[keys.index(("summing_up", "Bethan")) + 1] == ("break-2", None)
    tea = next(p for p, _ in steps if p.id == "break-2")
    assert tea.title == "Tea" and tea.kind == "break" and tea.duration == 600
    # with one presenter, a break after turn 2 comes after the last turn
    one = [(p.id, who) for p, who in plan_steps(config.resolved_phases, ["Aled"], [], breaks)]
    assert one[one.index(("summing_up", "Aled")) + 1] == ("break-2", None)
    # with nobody presenting, there is no turn to follow
    assert "break-2" not in [p.id for p, _ in plan_steps(config.resolved_phases, [], [], breaks)]


def test_a_break_can_be_a_phase_of_its_own() -> None:
    extra = (
        '[[phases]]\nid = "talk"\ntitle = "Talk"\nduration = "20m"\n'
        '[[phases]]\nid = "tea"\ntitle = "Tea"\nduration = "10m"\nkind = "break"\n'
    )
    config = parse_set(BASE.format(extra=extra), Path("set.toml"))
    assert [p.kind for p in config.resolved_phases] == ["generic", "break"]


# --- inserted breaks -------------------------------------------------------------------


def _session(
    clock: FakeClock, extra: str = "", actions: list[LedgerAction] | None = None
) -> Session:
    config = parse_set(BASE.format(extra=extra), Path("set.toml"))
    return Session.new(config, actions or [], ["Aled"], clock.monotonic(), clock.utcnow())


def test_an_inserted_break_follows_the_current_step(clock: FakeClock) -> None:
    session = _session(clock)
    clock.advance(60)
    step = session.insert_break(clock.monotonic(), 420)
    assert session.steps[1] is step and step.kind == "break" and step.index == 1
    assert [s.index for s in session.steps] == list(range(len(session.steps)))
    view = session.view(clock.monotonic())
    assert view.seconds_to_end == 240 + 420 + sum(s.planned_seconds for s in session.steps[2:])
    session.next(clock.monotonic())
    assert session.step is step and session.phase.kind == "break"
    assert session.view(clock.monotonic()).remaining == 420
    second = session.insert_break(clock.monotonic())
    assert second.phase_id != step.phase_id and second.planned_seconds == 600


def test_an_inserted_break_survives_a_change_of_plan(clock: FakeClock) -> None:
    from datetime import timedelta

    action = LedgerAction(
        id="00000000a1",
        owner="Bethan",
        text="Ring",
        session_id="20260101T000000Z",
        created_at=clock.utcnow() - timedelta(days=14),
    )
    session = _session(clock, actions=[action])
    session.insert_break(clock.monotonic(), 300)
    before = [(s.phase_id, s.subject) for s in session.steps]
    assert ("updates", "Bethan") in before
    session.set_attendance("Bethan", "apologies")  # her update step goes
    after = [(s.phase_id, s.subject) for s in session.steps]
    assert ("updates", "Bethan") not in after
    assert after[:2] == [("checkin", None), ("break-added-1", None)]
    assert session.current == 0
    session.set_attendance("Bethan", "present")
    assert [(s.phase_id, s.subject) for s in session.steps] == before


def test_no_break_once_finished_nor_of_no_length(clock: FakeClock) -> None:
    session = _session(clock)
    with pytest.raises(EngineError):
        session.insert_break(clock.monotonic(), 0)
    while session.next(clock.monotonic()):
        pass
    with pytest.raises(EngineError):
        session.insert_break(clock.monotonic())


def test_break_phase_warns_in_its_last_minute() -> None:
    assert break_phase("b", 600).warn == 60
    assert break_phase("b", 30).warn == 30


# --- history ----------------------------------------------------------------------------


def test_runs_of_adjustments_merge() -> None:
    runs = merged_adjustments([(10.0 + i, -60) for i in range(24)] + [(50.0, 120), (51.0, 60)])
    assert runs == [(10.0, 33.0, -1440), (50.0, 51.0, 180)]
    assert merged_adjustments([]) == []


# --- the shipped sample records ---------------------------------------------------------


def test_the_sample_records_read_as_believable() -> None:
    import json

    folder = Path(__file__).resolve().parents[2] / "examples" / "records" / "cluster-managers"
    records = [json.loads(p.read_text()) for p in sorted((folder / "sessions").glob("*.json"))]
    texts = [a["text"] for r in records for a in r["actions"]]
    assert len(texts) == len(set(texts)) >= 16  # no commitment reads twice
    for r in records:
        starts = r["started_at"][:10]
        assert all(a["due"] is None or a["due"] > starts for a in r["actions"])
        assert r["presenters"] and all(
            any(s["subject"] == p for s in r["steps"]) for p in r["presenters"]
        )
    assert sum(s["kind"] == "break" for r in records for s in r["steps"]) == 1


def test_a_break_that_has_run_stays_when_the_plan_changes(clock: FakeClock) -> None:
    session = _session(clock)
    session.insert_break(clock.monotonic(), 300)
    session.next(clock.monotonic())  # into the break
    clock.advance(120)
    session.next(clock.monotonic())  # the break is done
    session.back(clock.monotonic())
    session.back(clock.monotonic())  # back at check-in
    session.set_attendance("Carys", "apologies")  # the plan is rebuilt
    brk = session.steps[1]
    assert brk.kind == "break" and session.status_of(1) == "done" and brk.actual_seconds == 120


def test_show_names_the_plan_as_the_list_does_and_merges_adjustments(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from alfacil.config import load_set
    from alfacil.history.command import main as history_main
    from alfacil.runner import Runner

    path = tmp_path / "set.toml"
    path.write_text(BASE.format(extra=""))
    clock = FakeClock()
    runner = Runner.open(load_set(path), tmp_path / "data", clock)
    try:
        session = runner.start_new()
        while session.step.kind != "questioning":  # 25 minutes planned
            session.next(runner.now())
        for _ in range(24):  # the facilitator presses - 24 times
            clock.advance(5)
            session.adjust(-60, runner.now())
        while session.next(runner.now()):
            clock.advance(60)
        runner.complete()
    finally:
        runner.close()
    capsys.readouterr()
    assert history_main(["--data-dir", str(tmp_path / "data"), "--format", "json"]) == 0
    row = __import__("json").loads(capsys.readouterr().out)["sets"][0]["sessions"][0]
    assert history_main(["show", "last", "--data-dir", str(tmp_path / "data")]) == 0
    shown = capsys.readouterr().out
    from alfacil.history.formats import minutes

    assert f"plan {minutes(row['planned_seconds'])}" in shown
    assert f"adjusted plan {minutes(row['adjusted_seconds'])}" in shown
    assert "   planned " not in shown  # one name for one figure
    assert shown.count("-24m") == 1 and "-1m" not in shown
    assert (
        history_main(["show", "last", "--format", "csv", "--data-dir", str(tmp_path / "data")]) == 0
    )
    assert "-1440s" in capsys.readouterr().out


def test_check_shows_a_planned_break_and_counts_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "set.toml"
    path.write_text(BASE.format(extra='[[breaks]]\nafter = "summing_up"\ntitle = "Tea"\n'))
    assert cli.main(["check", str(path)]) == 0
    out = capsys.readouterr().out
    assert "  break:        Tea 10m after summing_up, turn 1\n" in out
    assert "plan with 2 presenters: 1h50m" in out  # 1h40m and the break


def test_a_break_inserted_on_the_day_keeps_its_rule_when_resumed(clock: FakeClock) -> None:
    """An inserted break is in no set file: resumed from the autosave, it still shows
    the break's rule, not an empty one."""
    from alfacil.protocol import BREAK_RULE

    session = _session(clock)
    session.insert_break(clock.monotonic(), 300)
    session.next(clock.monotonic())  # into the break
    assert session.phase.kind == "break" and session.phase.rule == BREAK_RULE
    saved = session.snapshot(clock.monotonic(), clock.utcnow())
    resumed = Session.resume(session.config, [], saved, clock.monotonic(), clock.utcnow())
    assert resumed.phase.kind == "break" and resumed.phase.rule == BREAK_RULE

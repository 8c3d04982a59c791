"""The method's words in Welsh: built-in phases, breaks, what the records keep, and
`alfacil init`'s starter.

The catalog is compiled from po/ by ``scripts/i18n.py update`` (run at every merge);
these tests read the compiled Welsh catalog, as a session does.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from alfacil import cli, i18n
from alfacil.clock import FakeClock
from alfacil.config import SetConfig, parse_set
from alfacil.engine import Session
from alfacil.protocol import BREAK_RULE, BUILTIN_PROTOCOLS, PROTOCOLS, break_phase, builtin_phases
from alfacil.starter import starter_text

BASE = """\
name = "Set Caerdydd"
facilitator = "Jane"
session_length = "2h"
{extra}
[[members]]
name = "Aled"
[[members]]
name = "Bethan"
[[members]]
name = "Carys"
"""


def config_with(extra: str = "") -> SetConfig:
    return parse_set(BASE.format(extra=extra), Path("set.toml"))


@pytest.fixture
def speak() -> Iterator[object]:
    """``speak("cy")`` for the rest of the test; English again afterwards."""
    yield i18n.use
    i18n.use("en")


@pytest.mark.parametrize("protocol", sorted(PROTOCOLS))
def test_every_built_in_phase_is_in_welsh(protocol: str, speak: object) -> None:
    config = config_with(f'protocol = "{protocol}"')
    english = config.resolved_phases
    i18n.use("cy")
    welsh = config.resolved_phases
    assert [p.id for p in welsh] == [p.id for p in english]
    for en, cy in zip(english, welsh, strict=True):
        for field in ("title", "rule", "guidance"):
            assert getattr(cy, field) != getattr(en, field), (protocol, en.id, field)
            assert i18n.catalog("cy").gettext(getattr(en, field)) == getattr(cy, field)
        assert (cy.duration, cy.warn, cy.kind) == (en.duration, en.warn, en.kind)


def test_the_language_is_read_when_the_phases_are_asked_for(speak: object) -> None:
    """The set file is read before the language is chosen: nothing is fixed at parse."""
    config = config_with('[timings]\nquestioning = "20m"')
    i18n.use("cy")
    phases = {p.id: p for p in config.resolved_phases}
    assert phases["checkin"].title == "Cofrestru"
    assert phases["questioning"].rule == "Cwestiynau agored, dim cyngor."
    assert phases["questioning"].duration == 20 * 60
    i18n.use("en")
    assert config.resolved_phases[0].title == "Check-in"
    # the data itself stays English msgids
    assert BUILTIN_PROTOCOLS["action-learning"][0].title == "Check-in"


def test_a_set_files_own_phases_stay_as_written(speak: object) -> None:
    config = config_with(
        '[[phases]]\nid = "checkin"\ntitle = "Check-in"\nduration = "5m"\n'
        'rule = "Open questions, not advice."\n'
    )
    i18n.use("cy")
    (phase,) = config.resolved_phases
    assert (phase.title, phase.rule) == ("Check-in", "Open questions, not advice.")


def test_breaks_speak_the_language_but_keep_the_sets_own_title(speak: object) -> None:
    config = config_with(
        '[[breaks]]\nafter = "presenting"\n\n[[breaks]]\nafter = "evaluation"\ntitle = "Paned"\n'
    )
    i18n.use("cy")
    (first, _, _), (second, _, _) = config.planned_breaks
    assert (first.title, first.rule) == ("Egwyl", "Cymerwch egwyl. Byddwn yn ailddechrau ar amser.")
    assert (second.title, second.rule) == ("Paned", first.rule)
    assert break_phase("break-added-1", 300).title == "Egwyl"
    i18n.use("en")
    assert break_phase("break-added-1", 300).rule == BREAK_RULE


def test_the_record_keeps_what_the_wall_showed_and_the_wall_finds_its_english(
    speak: object,
) -> None:
    """Records hold the phase titles in the session's language; in a bilingual run
    the wall finds each one's English through the catalog."""
    config = config_with()
    clock = FakeClock()
    i18n.use("cy+en")
    session = Session.new(config, [], ["Aled"], clock.monotonic(), clock.utcnow())
    titles = [s.title for s in session.steps]
    assert titles[:3] == ["Cofrestru", "Rheolau sylfaenol", "Cyflwyno"]
    assert [i18n.second(t) for t in titles[:3]] == ["Check-in", "Ground rules", "Presenting"]
    rule = session.phase_of(session.steps[3]).rule
    assert i18n.second(rule) == "Open questions, not advice."


def test_builtin_phases_is_the_one_way_in(speak: object) -> None:
    i18n.use("cy")
    assert [p.title for p in builtin_phases("balint")][2:4] == ["Yr achos", "Cwestiynau ffeithiol"]


# --- alfacil init in Welsh -----------------------------------------------------------


@pytest.mark.parametrize("protocol", sorted(PROTOCOLS))
def test_a_welsh_starter_is_a_set_that_check_accepts(
    protocol: str, speak: object, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    i18n.use("cy")
    text = starter_text(protocol)
    path = tmp_path / "set.toml"
    path.write_text(text, encoding="utf-8")
    config = parse_set(text, path)
    assert config.facilitator == "Eich Enw"
    assert config.member_names[:2] == ["Aelod Un", "Aelod Dau"]
    assert config.ground_rules.items[-1] in ("Ffonau i ffwrdd", "Dim cyngor i ddatrys yr achos")
    assert config.evaluation.questions == (
        "Pa mor ddefnyddiol oedd heddiw i chi?",
        "Pa mor dda y gwnaethon ni gadw at y broses?",
    )
    assert "# Yn cael eu dangos yn fawr ar ddechrau pob" in text
    assert "Shown big" not in text and "Member One" not in text
    assert config.model_dump()["language"] == "cy"  # the set keeps speaking Welsh
    assert cli.main(["check", str(path)]) == 0
    assert f"{path}: iawn" in capsys.readouterr().out  # and check speaks it too


def test_the_english_starter_names_no_language() -> None:
    assert "language" not in starter_text()
    assert "Member One" in starter_text("balint")

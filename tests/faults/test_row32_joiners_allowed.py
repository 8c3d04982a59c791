"""Row 32: names that need a joiner are names.

Persian and Indic names and emoji sequences need U+200C ZERO WIDTH NON-JOINER or
U+200D ZERO WIDTH JOINER, and were refused as "control characters". The joiners are
now allowed in every name and typed text, and shown as they are; bidi overrides and
isolates, marks and real controls are still refused.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from alfacil import cli
from alfacil.clock import FakeClock
from alfacil.config import load_set
from alfacil.text import drop_controls, escape_controls

from .conftest import Tally, open_runner, write_set

pytestmark = pytest.mark.row(32)

JOINED = {
    "persian (ZWNJ)": "می\u200cخواهم",
    "persian name (ZWNJ)": "نیک\u200cنام",
    "hindi (ZWJ)": "क्\u200dष",
    "malayalam (ZWJ chillu)": "ന്\u200d",
    "emoji coder (ZWJ)": "👩\u200d💻",
    "emoji family (ZWJ)": "👨\u200d👩\u200d👧",
}
REFUSED = {
    "RLO": "\u202e",
    "LRI": "\u2066",
    "PDI": "\u2069",
    "LRM": "\u200e",
    "ZWSP": "\u200b",
    "ESC": "\x1b",
    "C1": "\x85",
    "DEL": "\x7f",
    "line separator": "\u2028",
}


def _set(name: str, member: str, facilitator: str = "Jane") -> str:
    def q(text: str) -> str:
        return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")  # TOML's rule

    return (
        f'name = {q(name)}\nfacilitator = {q(facilitator)}\nsession_length = "2h"\n'
        f"presenters_per_session = 1\n[[members]]\nname = {q(member)}\n"
        '[[members]]\nname = "Bethan"\n'
        f"[ground_rules]\nitems = [{q('Listen ' + member)}]\n"
    )


@pytest.mark.parametrize("case", sorted(JOINED))
def test_names_with_joiners_are_accepted_and_kept(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], tally: Tally
) -> None:
    name = JOINED[case]
    path = write_set(tmp_path, _set(f"Set {name}", name, f"Jane {name}"))
    tally.add("bad_inputs")
    assert cli.main(["check", str(path)]) == 0, capsys.readouterr().err
    config = load_set(path).config
    assert config.member_names[0] == name and config.facilitator == f"Jane {name}"
    assert escape_controls(name) == name and drop_controls(name) == name
    runner = open_runner(load_set(path), tmp_path / "data", FakeClock())
    try:
        session = runner.start_new()
        action = session.add_action(name, f"Ask {name} again", runner.now())
        assert action.text == f"Ask {name} again"
        session.add_insight(f"{name} sees it", presenter=name)
    finally:
        runner.close()


@pytest.mark.parametrize("case", sorted(REFUSED))
@pytest.mark.parametrize("where", ["member", "set name", "facilitator"])
def test_bidi_marks_and_controls_are_still_refused(
    case: str, where: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], tally: Tally
) -> None:
    bad = f"Zahra{REFUSED[case]}x"
    text = {
        "member": _set("Set", bad),
        "set name": _set(bad, "Aled"),
        "facilitator": _set("Set", "Aled", bad),
    }[where]
    path = write_set(tmp_path, text)
    tally.add("bad_inputs")
    assert cli.main(["check", str(path)]) == 2
    lines = capsys.readouterr().err.splitlines()  # one line a mistake
    assert lines and all("must not contain control characters" in line for line in lines)
    assert drop_controls(bad) == "Zahra x" and "\\" in escape_controls(bad)

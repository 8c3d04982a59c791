"""Row 33: a name typed composed or decomposed is one name.

"Zoë" in NFC (one ë) and NFD (e + a combining diaeresis) look identical and were two
members. Names are stored in NFC and compared in NFC, casefolded: in the set file
(two such members are one member, twice), between the facilitator and the members,
between an action's owner and the member reporting on it, and in ``history``.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from alfacil import cli
from alfacil.clock import FakeClock
from alfacil.config import load_set
from alfacil.history.command import main as history_main

from .conftest import Tally, open_runner, write_set

pytestmark = pytest.mark.row(33)

NAMES = ["Zoë", "Łukasz Żółć", "Nguyễn Thị", "Åsa", "한국", "Ñandú"]


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def _set(members: list[str], facilitator: str = "Jane") -> str:
    body = "".join(f"[[members]]\nname = {json.dumps(m, ensure_ascii=False)}\n" for m in members)
    return (
        f'name = "Set"\nfacilitator = {json.dumps(facilitator, ensure_ascii=False)}\n'
        f'session_length = "2h"\npresenters_per_session = 1\n{body}'
    )


@pytest.mark.parametrize("name", NAMES)
def test_the_same_name_composed_and_decomposed_is_one_member(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], tally: Tally
) -> None:
    assert nfc(name) != nfd(name)
    for first, second in ((nfc(name), nfd(name)), (nfd(name), nfc(name).upper())):
        path = write_set(tmp_path, _set([first, "Bethan", second]))
        tally.add("bad_inputs")
        assert cli.main(["check", str(path)]) == 2
        err = capsys.readouterr().err
        assert "is already a member (members[1])" in err and f"{path}:" in err, err
    path = write_set(tmp_path, _set([nfc(name), "Bethan"], facilitator=nfd(name)))
    assert cli.main(["check", str(path)]) == 2
    assert "the facilitator" in capsys.readouterr().err


@pytest.mark.parametrize("name", NAMES)
def test_names_are_stored_in_nfc(name: str, tmp_path: Path) -> None:
    path = write_set(tmp_path, _set([nfd(name), "Bethan"], facilitator=nfd("Jöns")))
    config = load_set(path).config
    assert config.member_names[0] == nfc(name) and config.facilitator == nfc("Jöns")


def test_an_action_recorded_decomposed_is_reported_on_by_its_owner(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An older record wrote "Zoë" decomposed; the set file now has it composed."""
    data_dir = tmp_path / "data"
    clock = FakeClock()
    old = load_set(write_set(tmp_path, _set(["Zoe", "Bethan"]), "old.toml"))
    runner = open_runner(old, data_dir, clock)
    session = runner.start_new()
    session.add_action("Zoe", "Phone the bank", runner.now())
    record = session.record
    record.members = [nfd("Zoë"), "Bethan"]  # as an older alfacil kept it
    record.attendance = {nfd("Zoë"): "present", "Bethan": "present"}
    record.actions[0] = record.actions[0].model_copy(update={"owner": nfd("Zoë")})
    runner.complete()
    runner.close()
    clock.advance(7 * 24 * 3600)
    new = load_set(write_set(tmp_path, _set([nfc("Zoë"), "Bethan"]), "new.toml"))
    runner = open_runner(new, data_dir, clock)
    try:
        session = runner.start_new()
        assert session.update_owners() == [nfc("Zoë")]
        assert [a.text for a in session.actions_of(nfc("Zoë"))] == ["Phone the bank"]
        session.record_update(session.actions_of(nfc("Zoë"))[0].id, "done", runner.now())
        runner.complete()
    finally:
        runner.close()
    where = ["--set", "set", "--data-dir", str(data_dir), "--format", "json"]
    assert history_main(["members", *where]) == 0
    members = json.loads(capsys.readouterr().out)["sets"][0]["members"]
    assert [m["name"] for m in members] == [nfc("Zoë"), "Bethan"]
    assert members[0]["held"] == 2 and members[0]["actions_kept"] == 1
    for query in (nfd("ZOË"), nfc("zoë")):
        assert history_main(["actions", "--member", query, *where]) == 0
        actions = json.loads(capsys.readouterr().out)["sets"][0]["actions"]
        assert [a["text"] for a in actions] == ["Phone the bank"]

"""`alfacil check` reports every mistake of a set file, one line each, in file order,
in the words of TOML."""

from __future__ import annotations

from pathlib import Path

import pytest

from alfacil import cli
from alfacil.config import SetFileError, parse_set

MANY = """\
name = "Test Set"
facilitator = "Jane"
session_length = "2h"
colour = "blue"
bell = 3
theme = "dark"
presenters_per_session = 9
members = "Aled, Bethan"

[timings]
presenting = "eight"
questionng = 10

[evaluation]
scale = 11
questons = ["How was it?"]
"""


def mistakes(text: str, tmp_path: Path) -> list[str]:
    path = tmp_path / "set.toml"
    path.write_text(text)
    with pytest.raises(SetFileError) as caught:
        parse_set(text, path)
    prefix = f"{path}:"
    assert all(line.startswith(prefix) for line in caught.value.lines)
    return [line[len(prefix) :] for line in caught.value.lines]


def test_every_mistake_one_line_each_in_file_order(tmp_path: Path) -> None:
    assert mistakes(MANY, tmp_path) == [
        "4: colour: unknown key",
        "5: bell: expected true or false, got 3",
        "6: theme: expected one of 'default', 'high-contrast' or 'light-contrast', got 'dark'",
        "7: presenters_per_session: must be at most 8, got 9",
        "8: members: expected [[members]] tables, one per entry (a line [[members]], "
        "then its keys below it), got 'Aled, Bethan'",
        "11: timings.presenting: expected a duration like \"8m\", got 'eight'",
        "12: timings.questionng: no such phase; did you mean questioning?",
        "15: evaluation.scale: must be at most 10, got 11",
        "16: evaluation.questons: unknown key; did you mean questions?",
    ]


def test_check_prints_them_all_and_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "set.toml"
    path.write_text(MANY)
    assert cli.main(["check", str(path)]) == 2
    out, err = capsys.readouterr()
    assert out == "" and len(err.splitlines()) == 9
    assert cli.main(["start", str(path), "--data-dir", str(tmp_path)]) == 2
    assert capsys.readouterr().err == err  # start refuses with the same list


def test_the_issues_example_unknown_key_and_bad_duration(tmp_path: Path) -> None:
    text = MANY.split("\n[timings]")[0].replace('members = "Aled, Bethan"', "")
    text = text.replace('bell = 3\ntheme = "dark"\npresenters_per_session = 9\n', "")
    text += '[[members]]\nname = "Aled"\n[[members]]\nname = "Bethan"\n'
    text += '[timings]\npresentng = "8m"\nsumming_up = "x"\n'
    assert mistakes(text, tmp_path) == [
        "4: colour: unknown key",
        "11: timings.presentng: no such phase; did you mean presenting?",
        "12: timings.summing_up: expected a duration like \"8m\", got 'x'",
    ]


TOP = 'name = "S"\nfacilitator = "Jane"\nsession_length = "2h"\npresenters_per_session = 1\n'
ONE_MEMBER = '[[members]]\nname = "Aled"\n'


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (TOP.replace('"S"', "3") + ONE_MEMBER, 'name: expected text in quotes, like "Aled", got 3'),
        (TOP + ONE_MEMBER + '[ground_rules]\nitems = "Be kind"\n',
         'ground_rules.items: expected a list in brackets, like ["one", "two"], got \'Be kind\''),
        (TOP + 'ground_rules = "Be kind"\n' + ONE_MEMBER,
         "ground_rules: expected a table ([ground_rules] with its keys below it), got 'Be kind'"),
        (TOP + 'id = "Team A"\n' + ONE_MEMBER,
         "id: may hold only lowercase letters a-z, digits, - and _, starting with a letter or "
         "digit, got 'Team A'"),
        (TOP + '[[members]]\nname = " "\n', "members[1].name: must not be empty"),
        (TOP + ONE_MEMBER + "[evaluation]\nscale = 1.5\n",
         "evaluation.scale: expected a whole number, got 1.5"),
        (TOP + ONE_MEMBER + '[[members]]\nrole = "x"\n',
         "members[2].role: unknown key; the only key here is name"),
        (TOP + ONE_MEMBER + '[[members]]\nname = "Aled"\n',
         "members[2].name: 'Aled' is already a member (members[1])"),
        (TOP.replace("= 1", "= 2") + ONE_MEMBER,
         "presenters_per_session: 2 presenters but only 1 member"),
        (TOP.replace("presenters_per_session = 1\n", "") + ONE_MEMBER,
         "members: only 1 member, fewer than the 2 presenters of a session unless "
         "presenters_per_session says otherwise"),
    ],
)  # fmt: skip
def test_messages_speak_toml(text: str, expected: str, tmp_path: Path) -> None:
    found = [line.split(": ", 1)[1] for line in mistakes(text, tmp_path)]
    assert found[-1] == expected and len(found) == 1 + ("role" in text)


def test_the_error_keeps_its_first_mistake_for_callers(tmp_path: Path) -> None:
    path = tmp_path / "set.toml"
    with pytest.raises(SetFileError) as caught:
        parse_set(MANY, path)
    error = caught.value
    assert (error.line, error.key, error.message) == (4, "colour", "unknown key")
    assert str(error) == "\n".join(error.lines) and len(error.problems) == 9
    single = SetFileError(path, "no such file")
    assert single.lines == [f"{path}: no such file"] and str(single) == single.lines[0]

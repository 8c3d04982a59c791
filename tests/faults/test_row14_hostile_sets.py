"""Row 14: hostile set files.

A 100 MB file, deeply nested tables and arrays, and names carrying terminal escape
sequences or Textual markup: refused with one line naming the file, or (markup, which
is harmless text) accepted and kept literally, never interpreted.
"""

from __future__ import annotations

import json
import resource
import subprocess
from pathlib import Path

import pytest

from alfacil import cli
from alfacil.clock import FakeClock
from alfacil.config import SetFileError, load_set
from alfacil.records import SessionRecord
from alfacil.store import RecordError, parse_record, read_record

from .conftest import PYTHON, SET_TOML, Tally, open_runner, subprocess_env

pytestmark = pytest.mark.row(14)


def _refused(path: Path, capsys: pytest.CaptureFixture[str], tally: Tally) -> SetFileError:
    tally.add("bad_inputs")
    with pytest.raises(SetFileError) as caught:
        load_set(path)
    message = str(caught.value)
    assert message.startswith(str(path)) and "\n" not in message and "\x1b" not in message
    assert cli.main(["check", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.strip().count("\n") == 0 and "Traceback" not in err and "\x1b" not in err
    return caught.value


def test_a_100_mb_set_file_is_refused_without_reading_it_all(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], tally: Tally
) -> None:
    path = tmp_path / "huge.toml"
    with path.open("wb") as handle:
        handle.write(SET_TOML.encode())
        line = b"# " + b"x" * 1022 + b"\n"
        for _ in range(100 * 1024):
            handle.write(line)
    assert path.stat().st_size > 100 * 1024 * 1024
    error = _refused(path, capsys, tally)
    assert "larger than" in error.message
    path.unlink()


NESTED = {
    "arrays": "name = " + "[" * 40_000 + "]" * 40_000 + "\n",
    "inline tables": "name = " + "{a = " * 20_000 + "1" + "}" * 20_000 + "\n",
    "dotted key": ".".join(["a"] * 60_000) + " = 1\n",
    "table header": "[" + ".".join(["t"] * 60_000) + "]\n",
    "array of tables": "[[" + ".".join(["t"] * 60_000) + "]]\n",
    "mixed": "x = " + "[{a = " * 10_000 + "1" + "}]" * 10_000 + "\n",
}


def _limited() -> None:
    """A hostile file must not take the machine down with the test: 1 GB at most."""
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))


@pytest.mark.parametrize("shape", sorted(NESTED))
def test_deeply_nested_set_files_are_refused(
    shape: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], tally: Tally
) -> None:
    path = tmp_path / "nested.toml"
    path.write_text(SET_TOML + NESTED[shape])
    # The real command first, bounded in time and memory: refused, not hung.
    done = subprocess.run(
        [PYTHON, "-m", "alfacil", "check", str(path)],
        capture_output=True,
        text=True,
        env=subprocess_env(),
        timeout=30,
        preexec_fn=_limited,
        check=False,
    )
    assert done.returncode == 2, done.stderr[-500:]
    assert done.stderr.startswith(str(path)) and done.stderr.count("\n") == 1, done.stderr
    _refused(path, capsys, tally)


@pytest.mark.parametrize("shape", ["[", '{"a": '])
def test_deeply_nested_records_are_refused(shape: str, tally: Tally) -> None:
    path = Path("/records/deep.json")
    closing = {"[": "]", '{"a": ': "}"}[shape]
    data = (shape * 200_000 + "1" + closing * 200_000).encode()
    tally.add("bad_inputs")
    with pytest.raises(RecordError) as caught:
        parse_record(path, data, SessionRecord)
    assert str(caught.value).startswith(str(path))


ESCAPES = ["\\u001b[2J", "\\u001b]0;owned\\u0007", "\\u009b2J", "\\u202eevil", "tab\\there"]


@pytest.mark.parametrize("escape", ESCAPES)
@pytest.mark.parametrize(
    "where",
    [
        'members = [{{name = "Aled {e}"}}, {{name = "Bethan"}}]',
        'facilitator_override = "{e}"',
        'ground_rules = {{items = ["Be kind {e}"]}}',
        'questioning = {{prompts = ["Why {e}?"]}}',
        'evaluation = {{questions = ["Useful {e}?"]}}',
        'name_override = "Set {e}"',
    ],
)
def test_names_with_terminal_escapes_are_refused(
    where: str, escape: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], tally: Tally
) -> None:
    lines = [
        line
        for line in SET_TOML.splitlines()
        if not line.startswith(("[[members]]", 'name = "Aled"', 'name = "Bethan"'))
        and not line.startswith('name = "Carys"')
    ]
    body = "\n".join(lines)
    assignment = where.format(e=escape)
    if assignment.startswith("facilitator_override"):
        body = body.replace('facilitator = "Jane"', f'facilitator = "Jane {escape}"')
        assignment = ""
    if assignment.startswith("name_override"):
        body = body.replace('name = "Fault Set"', f'name = "Fault Set {escape}"')
        assignment = ""
    if not assignment.startswith("members"):
        assignment = 'members = [{name = "Aled"}, {name = "Bethan"}]\n' + assignment
    text = body.replace("presenters_per_session = 1", f"presenters_per_session = 1\n{assignment}")
    path = tmp_path / "escape.toml"
    path.write_text(text)
    error = _refused(path, capsys, tally)
    assert "control characters" in error.message, str(error)


MARKUP = ["[bold]Aled[/bold]", "[red]Bethan", "[@click=app.quit]Carys[/]", "[link=x]y"]


def test_markup_in_names_is_kept_literally(tmp_path: Path) -> None:
    members = "\n".join(f"[[members]]\nname = {json.dumps(name)}\n" for name in MARKUP)
    path = tmp_path / "markup.toml"
    path.write_text(
        'name = "[blink]Set"\nfacilitator = "[i]Jane"\nsession_length = "2h"\n'
        f"presenters_per_session = 1\n{members}"
    )
    set_file = load_set(path)
    assert set_file.config.member_names == MARKUP
    clock = FakeClock()
    runner = open_runner(set_file, tmp_path / "data", clock)
    session = runner.start_new()
    session.add_action(MARKUP[0], "[bold]not bold[/bold]", runner.now())
    record = read_record(runner.complete(), SessionRecord)
    runner.close()
    assert record.members == MARKUP
    assert record.set_name == "[blink]Set" and record.facilitator == "[i]Jane"
    assert record.actions[0].owner == MARKUP[0]
    assert record.actions[0].text == "[bold]not bold[/bold]"


def _drawn(app: object) -> str:
    """What the terminal would show: the screenshot's text, tags stripped."""
    import html
    import re

    svg = app.export_screenshot()  # type: ignore[attr-defined]
    text = html.unescape(re.sub(r"<[^>]+>", "", svg))
    return text.replace("\xa0", " ")


def test_markup_in_names_is_drawn_literally_by_the_console(tmp_path: Path) -> None:
    import asyncio
    from datetime import UTC

    from alfacil.tui.app import make_app

    members = "\n".join(f"[[members]]\nname = {json.dumps(name)}\n" for name in MARKUP)
    path = tmp_path / "markup.toml"
    path.write_text(
        'name = "[blink]Set"\nfacilitator = "[i]Jane"\nsession_length = "2h"\n'
        f"presenters_per_session = 1\n{members}"
    )
    clock = FakeClock()
    runner = open_runner(load_set(path), tmp_path / "data", clock)
    app = make_app(runner, "ask", tz=UTC)
    seen: list[str] = []

    async def scenario() -> None:
        async with app.run_test(size=(160, 48)) as pilot:
            await pilot.pause()
            seen.append(_drawn(app))
            for _ in range(3):  # to the first presenter's turn, then questioning
                await pilot.press("n")
                await pilot.pause()
                seen.append(_drawn(app))
        assert app.is_running is False

    try:
        asyncio.run(scenario())
    finally:
        runner.close()
    everything = "\n".join(seen)
    assert "[blink]Set" in everything
    assert "[bold]Aled[/bold]" in everything  # the first presenter, named literally
    for name in MARKUP[1:]:
        assert name in everything, name

"""Row 34: columns of names line up, whatever the script.

The console's attendance list and question tally padded names with ``len()``, so a
CJK, emoji or full-width name (two cells a character) pushed its row out and a
decomposed accent (no cell) pulled it in. They pad by terminal cells now; history's
tables (Rich tables, which measure cells) are checked the same way.
"""

from __future__ import annotations

import asyncio
import json
from datetime import UTC
from pathlib import Path

import pytest
from rich.cells import cell_len
from rich.text import Text
from textual.widgets import Static

from alfacil.clock import FakeClock
from alfacil.config import load_set
from alfacil.history.command import main as history_main
from alfacil.tui.widgets.panels import MemberList, pad

from .conftest import Tally, open_runner, write_set

pytestmark = pytest.mark.row(34)

NAMES = [
    "Aled",
    "王小明",  # CJK: 2 cells a character
    "Ｆｕｌｌ",  # full-width Latin
    "🚀 Rocket",  # emoji
    "Q\u0303uinn Ne\u0301\u0301",  # combining marks NFC cannot compose: no cell
    "한국어 이름",  # Hangul
    "Bethan Wynne-Jones",
]


def _set_text() -> str:
    members = "".join(f"[[members]]\nname = {json.dumps(n, ensure_ascii=False)}\n" for n in NAMES)
    return (
        'name = "Width Set"\nid = "width-set"\nfacilitator = "Jane"\n'
        f'session_length = "3h"\npresenters_per_session = 1\n{members}'
    )


def _column(lines: list[str], marker: str) -> set[int]:
    """The cell at which ``marker`` starts on each line that has it."""
    return {cell_len(line[: line.index(marker)]) for line in lines if marker in line}


def test_pad_counts_cells() -> None:
    for name in NAMES:
        assert cell_len(pad(name, 24)) == 24, name


def test_the_console_columns_line_up(tmp_path: Path, tally: Tally) -> None:
    from alfacil.tui.app import make_app

    set_file = load_set(write_set(tmp_path, _set_text()))
    runner = open_runner(set_file, tmp_path / "data", FakeClock())
    app = make_app(runner, "ask", tz=UTC)
    checkin: list[str] = []
    tally_lines: list[str] = []

    async def scenario() -> None:
        async with app.run_test(size=(160, 50)) as pilot:
            await pilot.pause()
            members = app.screen.query_one(MemberList)
            for i in range(members.option_count):
                prompt = members.get_option_at_index(i).prompt
                assert isinstance(prompt, Text)
                checkin.append(prompt.plain)
            for _ in range(3):  # ground rules, presenting, questioning
                await pilot.press("n")
                await pilot.pause()
            for key in "1223":
                await pilot.press(key)
            await pilot.pause()
            content = app.screen.query_one("#tally", Static).content
            assert isinstance(content, Text)
            tally_lines.extend(content.plain.splitlines())

    try:
        asyncio.run(scenario())
    finally:
        runner.close()
    tally.add("bad_inputs", len(NAMES))
    assert len(checkin) == len(NAMES)
    assert len(_column(checkin, "present")) == 1, "\n".join(checkin)
    counted = [line for line in tally_lines if line[:1].isdigit()]
    assert len(counted) == len(NAMES) - 1  # everyone but the presenter
    # the count after each name: the first digit after the padding
    starts = {cell_len(line.rstrip("■ ").rsplit(" ", 1)[0]) for line in counted}
    assert len(starts) == 1, "\n".join(counted)


def test_history_tables_line_up(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], tally: Tally
) -> None:
    set_file = load_set(write_set(tmp_path, _set_text()))
    data_dir = tmp_path / "data"
    runner = open_runner(set_file, data_dir, FakeClock())
    session = runner.start_new()
    for name in set_file.config.member_names:  # stored in NFC
        session.add_action(name, f"Action of {name}", runner.now())
    runner.complete()
    runner.close()
    where = ["--set", "width-set", "--data-dir", str(data_dir)]
    assert history_main(["members", *where]) == 0
    lines = capsys.readouterr().out.splitlines()
    rows = [line for line in lines if "1/1" in line]
    assert len(rows) == len(NAMES)
    assert len(_column(rows, "1/1")) == 1, "\n".join(rows)
    assert history_main(["actions", *where]) == 0
    lines = capsys.readouterr().out.splitlines()
    rows = [line for line in lines if "Action of" in line]
    assert len(rows) == len(NAMES)
    assert len(_column(rows, "Action of")) == 1, "\n".join(rows)
    tally.add("records_checked")

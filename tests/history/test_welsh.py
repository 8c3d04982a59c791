"""`alfacil history` in Welsh: headings, labels and dates (Babel's CLDR data), in the
table and in the markdown handout; json and csv stay English for the programs that
read them.

The views are called as the command calls them, under ``i18n.use("cy")`` (the CLI
chooses the language before it runs a view). The records are made by the engine under
Welsh too, so their phase titles are the ones the wall showed. The Welsh catalog is
compiled from po/ by ``scripts/i18n.py update`` (run at every merge).
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from history_helpers import Plan, run
from rich.console import Console

from alfacil import i18n
from alfacil.history import formats, render
from alfacil.history import queries as history

MEMBERS = ["Aled", "Bethan", "Carys"]
#: 14:00 UTC on Friday 27 November 2026 (GMT, so 14:00 local too).
FRIDAY = datetime(2026, 11, 27, 14, 0, tzinfo=UTC)


@pytest.fixture
def welsh() -> Iterator[None]:
    i18n.use("cy")
    yield
    i18n.use("en")


@pytest.fixture
def records(tmp_path: Path, welsh: None) -> history.SetRecords:
    data = tmp_path / "data"
    run(
        data,
        Plan(
            FRIDAY,
            MEMBERS,
            apologies=["Carys"],
            presenters=["Aled"],
            actions=[("Aled", "Ffonio'r ward", date(2026, 12, 11))],
            ratings=[4, 5],
            utc_offset_minutes=0,
        ),
    )
    return history.load_set_records(data, "test-set")


def table(draw: object, *args: object) -> str:
    out = io.StringIO()
    console = Console(file=out, width=200, highlight=False, soft_wrap=False)
    draw(console, *args)  # type: ignore[operator]
    return out.getvalue()


def test_the_session_table_in_welsh(records: history.SetRecords) -> None:
    out = table(render.sessions_tables, [history.session_list(records)], None)
    assert "Test Set (test-set): 1 sesiwn" in out
    for heading in ("Dyddiad (lleol)", "Cynllun", "Gwirioneddol", "Cyflwynwyr", "Wedi cau"):
        assert heading in out
    assert "27 Tach 2026 14:00" in out  # the date, in Welsh, from CLDR
    assert "cyfartaledd" in out and "camau a gadwyd" in out
    assert "Date (local)" not in out and "2026-11-27" not in out


def test_one_session_in_welsh(records: history.SetRecords) -> None:
    found, session = history.find_session([records], "last")
    out = table(render.detail_view, history.session_detail(found, session))
    assert "Dydd Gwener 27 Tachwedd 2026, 14:00-" in out
    assert "Presenoldeb" in out and "ymddiheuriadau" in out and "cyflwynydd" in out
    assert "Camau: y cynllun a'r amser gwirioneddol" in out
    # the record holds what the wall showed: the phase titles in Welsh
    assert "Cofrestru" in out and "Holi: Aled" in out
    assert "Camau gweithredu a ymrwymwyd" in out and "Ffonio'r ward" in out


def test_the_markdown_handout_in_welsh(records: history.SetRecords) -> None:
    found, session = history.find_session([records], "2026-11-27")
    out = formats.detail_markdown(history.session_detail(found, session))
    assert out.startswith("# Test Set: sesiwn Dydd Gwener 27 Tachwedd 2026\n")
    assert "Hwylusydd: Fran" in out
    assert "## Presenoldeb" in out and "- Yn bresennol: Aled, Bethan" in out
    assert "- Ymddiheuriadau: Carys" in out and "- Yn cyflwyno: Aled" in out
    assert "- [ ] Ffonio'r ward (erbyn Dydd Gwener 11 Rhagfyr 2026)" in out
    assert out.endswith("Mae'r hyn a ddywedir yn y set yn aros yn y set.\n")


def test_the_session_list_in_markdown_in_welsh(records: history.SetRecords) -> None:
    out = formats.sessions_markdown([history.session_list(records)])
    assert "| Dyddiad (lleol) | Cynllun | Gwirioneddol |" in out
    assert "| 27 Tach 2026 14:00 |" in out
    assert "Dros y sesiwn diwethaf: gwerthusiad" in out  # one session: its own form


def test_members_and_actions_in_welsh(records: history.SetRecords, tmp_path: Path) -> None:
    members = formats.members_markdown([history.member_stats(records)])
    assert "## Test Set: aelodau (1 sesiwn)" in members
    assert "| Aelod | Wedi mynychu | Cyfradd |" in members
    ledger = history.action_ledger(tmp_path / "data", "test-set", FRIDAY)
    actions = formats.actions_markdown([ledger])
    assert "- [ ] Ffonio'r ward (agored; o 2026-11-27; erbyn 2026-12-11)" in actions


def test_json_and_csv_stay_english_for_programs(records: history.SetRecords) -> None:
    found, session = history.find_session([records], "last")
    detail = history.session_detail(found, session)
    data = json.loads(formats.detail_json(detail, []))
    assert data["view"] == "show" and "attendance" in data["session"]
    assert formats.sessions_csv([history.session_list(records)]).startswith("set_id,session_id,")


def test_english_history_stays_as_it_was() -> None:
    """English dates are strftime's, as before, and English history never loads
    Babel (a fresh interpreter: this one has loaded it for the Welsh tests)."""
    assert i18n.current() == "en"
    assert formats.long_date(date(2026, 11, 27)) == "Friday 27 November 2026"
    probe = (
        "import sys, datetime\n"
        "from alfacil.history import formats, render\n"
        "formats.long_date(datetime.date(2026, 11, 27))\n"
        "formats.clock_time(datetime.datetime(2026, 11, 27, 14, 0))\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'babel'))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.strip() == "[]"

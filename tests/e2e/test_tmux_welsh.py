"""End to end in Welsh: one whole session of ``alfacil start --lang cy`` in tmux.

The same harness as ``test_tmux.py`` (a private tmux server, keys sent, the screen
read by polling with a bounded wait). Every phase's title is looked up in the shipped
Welsh catalog and must differ from the English, so a phase left untranslated fails
here; the console's own words (footer, check-in, the action form, the close, the
last screen) are checked as a Welsh speaker would read them, and the record keeps
the Welsh titles the session ran with.
"""

from __future__ import annotations

import time
from pathlib import Path

from alfacil import i18n

from .test_tmux import (
    HEIGHT,
    OVERALL,
    SET_FILE,
    SET_ID,
    Pane,
    alfacil_script,
    header_shows,
    read_json,
    require_tmux,
)
from .test_tmux import tmux_socket as tmux_socket  # the private server, killed after

ACTION_TEXT = "Ffonio'r tîm tai cyn dydd Gwener"
#: The English phase titles of the example set's session, in order.
PHASES = (
    "Check-in",
    "Ground rules",
    "Presenting",
    "Questioning",
    "Summing up",
    "Presenting",
    "Questioning",
    "Summing up",
    "Evaluation",
    "Close",
)


def welsh(english: str) -> str:
    """``english`` as the shipped Welsh catalog says it; it must say it differently."""
    shown = i18n.catalog("cy").gettext(english)
    assert shown != english, f"the Welsh catalog has no {english!r}"
    return shown


def test_a_whole_session_in_welsh(tmux_socket: str, tmp_path: Path) -> None:
    tmux = require_tmux()
    data = tmp_path / "data"
    deadline = time.monotonic() + OVERALL
    argv = [alfacil_script(), "start", str(SET_FILE), "--data-dir", str(data), "--lang", "cy"]
    titles = [welsh(t) for t in PHASES]
    presenters = ["Aled", "Aled", "Aled", "Bethan", "Bethan", "Bethan"]

    pane = Pane(tmux, tmux_socket, "cymraeg", deadline)
    pane.start(argv, tmp_path)
    try:
        header_shows(pane, titles[0])
        shown = pane.wait_for("Yn cyflwyno heddiw Aled, Bethan", "Hwylusydd", "n Nesaf")
        assert "q Gadael" in shown and "? Cymorth" in shown, shown
        assert "Presenting today" not in shown, shown
        assert len(shown.rstrip("\n").splitlines()) == HEIGHT, shown
        for i, title in enumerate(titles[1:], start=1):
            who = presenters[i - 2] if 2 <= i <= 7 else None
            pane.keys("n")
            header_shows(pane, f"{title} · {who}" if who else title)
            if i == 2:
                pane.wait_for("yn cyflwyno.", "Gwrandewch i ddeall, nid i ateb.")
            if i == 3:
                pane.keys("space")
                pane.wait_for("wedi'i oedi")
                pane.keys("space")
            if i == 4:
                pane.keys("a")
                pane.wait_for("Cam gweithredu newydd", "Beth fyddan nhw'n ei wneud?")
                pane.type(ACTION_TEXT)
                pane.keys("Enter")
                pane.wait_for(f"Aled: {ACTION_TEXT}")
        pane.wait_for("Camau gweithredu", f"Aled: {ACTION_TEXT}", "yn cadw'r cofnod")
        pane.keys("n")
        pane.wait_for("Cofnodwyd y sesiwn. Diolch.", "Pwyswch Enter i adael")
        pane.keys("Enter")
        assert pane.wait_exit() == 0
    finally:
        pane.close()

    records = sorted((data / SET_ID / "sessions").glob("*.json"))
    assert len(records) == 1, records
    record = read_json(records[0])
    assert [s["title"] for s in record["steps"]] == titles
    assert [s["status"] for s in record["steps"]] == ["done"] * len(titles)
    assert [(a["owner"], a["text"]) for a in record["actions"]] == [("Aled", ACTION_TEXT)]

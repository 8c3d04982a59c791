"""Row 29: control characters in record text never reach the terminal raw.

An action text once cleared the projector's screen and retitled the terminal, in the
console and in ``history``. Typed text (actions, notes, insights, learnings) is kept
without control characters, whoever types or pastes it; and every table and screen
escapes them in text read from disk (a damaged or hand-edited record, or one written
by an older alfacil): C0 and C1 controls, ESC sequences, DEL, bidi overrides.
"""

from __future__ import annotations

import asyncio
import html
import re
from datetime import UTC
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alfacil.clock import FakeClock
from alfacil.config import SetFile
from alfacil.engine import Session
from alfacil.history.command import main as history_main
from alfacil.records import Action
from alfacil.store import SetStore
from alfacil.text import drop_controls, escape_controls, is_control

from .conftest import Tally, crash, open_runner

pytestmark = pytest.mark.row(29)

PAYLOADS = {
    "clear screen": "\x1b[2J\x1b[H",
    "retitle": "\x1b]0;owned\x07",
    "C1 CSI": "\x9b2J",
    "bidi override": "\u202eevil\u202c",
    "bidi isolate": "\u2067x\u2069",
    "DEL and BEL": "\x7f\x07",
    "newline and tab": "line\nbreak\ttab",
    "line separator": "a\u2028b",
    "BOM": "\ufeff",
}


def _raw(text: str) -> list[str]:
    """The control characters in ``text`` (a newline between lines is fine)."""
    return sorted({repr(ch) for ch in text if ch != "\n" and is_control(ch)})


@pytest.mark.parametrize("payload", sorted(PAYLOADS))
def test_typed_text_is_kept_without_control_characters(
    payload: str, set_file: SetFile, data_dir: Path, clock: FakeClock, tally: Tally
) -> None:
    bad = f"Call {PAYLOADS[payload]} the bank"
    runner = open_runner(set_file, data_dir, clock)
    try:
        session = runner.start_new()
        action = session.add_action("Aled", bad, runner.now())
        edited = session.edit_action(action.id, text=bad + " twice")
        session.add_insight(bad, presenter="Aled")
        session.add_learning(bad)
        kept = [edited.text, *session._turn("Aled").insights, *session.record.evaluation.learnings]
        tally.add("bad_inputs", 4)
        for text in kept:
            assert _raw(text) == [], (payload, text)
            assert text.startswith("Call") and "the bank" in text
        runner.complete()
    finally:
        runner.close()
    # The next session's update note, on an action of the last one.
    runner = open_runner(set_file, data_dir, clock)
    try:
        session = runner.start_new()
        update = session.record_update(action.id, "done", runner.now(), note=bad)
        assert _raw(update.note) == [] and update.note.startswith("Call")
    finally:
        runner.close()


def test_escape_and_drop_keep_everything_else() -> None:
    assert escape_controls("Zoë 行动 🚀 [b]x[/b]") == "Zoë 行动 🚀 [b]x[/b]"
    assert escape_controls("a\x1b[2Jb") == "a\\x1b[2Jb"
    assert escape_controls("\u202eevil") == "\\u202eevil"
    assert escape_controls("\x9b") == "\\x9b"
    assert drop_controls("  a\x1b\x1b[2J b\t\n") == "a [2J b"
    # ZWNJ and ZWJ are letters' glue, not controls (row 32)
    assert escape_controls("می\u200cخواهم 👩\u200d💻") == "می\u200cخواهم 👩\u200d💻"


def _hostile_records(set_file: SetFile, data_dir: Path, clock: FakeClock) -> str:
    """A session on disk whose every text carries every payload, as a damaged or
    hand-edited record would (written past the engine, which would refuse them)."""
    every = "".join(PAYLOADS.values())
    runner = open_runner(set_file, data_dir, clock)
    session = runner.start_new()
    record = session.record
    record.set_name = f"Fault {every} Set"
    record.facilitator = f"Jane{every}"
    for step in record.steps:
        step.title = f"{step.title}{every}"
    record.actions.append(
        Action(
            id="00000000a1",
            owner="Aled",
            text=f"Tell {every} the board",
            session_id=record.session_id,
            created_at=clock.utcnow(),
        )
    )
    record.turns.append(session._turn("Aled").model_copy(update={"insights": [f"I {every}"]}))
    record.evaluation.learnings.append(f"L {every}")
    record.evaluation.ratings[0].question = f"Q {every}"
    record.evaluation.ratings[0].scores = [3]
    path = runner.complete()
    runner.close()
    clock.advance(7 * 24 * 3600)
    runner = open_runner(set_file, data_dir, clock)
    session = runner.start_new()
    session.record.set_name = f"Fault {every} Set"  # the name history shows is the latest
    session.record_update("00000000a1", "partly", runner.now(), note="half")
    session.record.updates[0].note = f"N {every}"
    runner.complete()
    runner.close()
    return path.stem


VIEWS = [
    [],
    ["show", "last"],
    ["show", "FIRST"],
    ["actions"],
    ["actions", "--open"],
    ["members"],
    ["--member", "aled"],
]


@pytest.mark.parametrize("fmt", ["table", "markdown"])
@pytest.mark.parametrize("view", VIEWS, ids=lambda v: " ".join(v) or "sessions")
def test_history_escapes_control_characters_read_from_disk(
    view: list[str],
    fmt: str,
    set_file: SetFile,
    data_dir: Path,
    clock: FakeClock,
    capsys: pytest.CaptureFixture[str],
    tally: Tally,
) -> None:
    first = _hostile_records(set_file, data_dir, clock)
    words = [first if w == "FIRST" else w for w in view]
    code = history_main(
        [*words, "--set", "fault-set", "--data-dir", str(data_dir), "--format", fmt]
    )
    out = capsys.readouterr()
    tally.add("bad_inputs")
    assert code == 0, out.err
    assert _raw(out.out) == [], out.out
    assert _raw(out.err) == [], out.err
    assert "\\x1b" in out.out or "\\\\x1b" in out.out  # shown, not sent


def _drawn(app: object) -> str:
    svg = app.export_screenshot()  # type: ignore[attr-defined]
    return html.unescape(re.sub(r"<[^>]+>", "", svg)).replace("\xa0", " ")


def test_the_console_escapes_control_characters_read_from_disk(
    set_file: SetFile, data_dir: Path, clock: FakeClock, tally: Tally
) -> None:
    from alfacil.tui.app import make_app

    every = "".join(PAYLOADS.values())
    _hostile_records(set_file, data_dir, clock)
    # An unfinished session whose autosave carries them too: its resume dialog names
    # the step it stopped in, and its panels its insights and notes.
    runner = open_runner(set_file, data_dir, clock)
    session: Session = runner.start_new()
    for step in session.record.steps:
        step.title = f"{step.title}{every}"
    runner.save()
    crash(runner)
    store = SetStore.at(data_dir, set_file.config.set_id)
    assert store.load_autosave() is not None
    runner = open_runner(set_file, data_dir, clock)
    app = make_app(runner, "ask", tz=UTC)
    seen: list[str] = []

    async def scenario() -> None:
        async with app.run_test(size=(160, 50)) as pilot:
            await pilot.pause()
            seen.append(_drawn(app))  # the resume dialog
            await pilot.press("r")
            await pilot.pause()
            seen.append(_drawn(app))
            for _ in range(2):  # to the updates of the action on disk
                await pilot.press("n")
                await pilot.pause()
                seen.append(_drawn(app))

    try:
        asyncio.run(scenario())
    finally:
        runner.close()
    tally.add("bad_inputs")
    everything = "\n".join(seen)
    assert "Tell" in everything and "board" in everything, everything
    assert _raw(everything) == [], _raw(everything)
    assert "\\x1b" in everything


@settings(max_examples=500, deadline=None)
@given(st.text())
def test_no_text_gets_a_control_character_through(text: str) -> None:
    """Any text at all: escaped, nothing is left to interpret, and text without a
    control character is left as it is; dropped, none is left either."""
    escaped = escape_controls(text)
    assert _raw(escaped.replace("\n", "\\n")) == []
    if not any(is_control(ch) for ch in text):
        assert escaped == text
    assert _raw(drop_controls(text).replace("\n", " ")) == []

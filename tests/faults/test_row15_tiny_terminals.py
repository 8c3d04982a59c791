"""Row 15: tiny and resized terminals in pilot tests.

A whole session is driven at 40x12 and at 20x5, every key and form used on the way,
with the terminal resized between keys (down to 12x4 and up to a projector's 200x60):
nothing raises, and the record still holds everything typed.
"""

from __future__ import annotations

import asyncio
import json
import random
from datetime import UTC
from pathlib import Path

import pytest

from alfacil.clock import FakeClock
from alfacil.config import SetFile
from alfacil.runner import Runner
from alfacil.tui.app import make_app

from .conftest import Tally

pytestmark = pytest.mark.row(15)

SIZES = [(40, 12), (20, 5), (12, 4), (80, 24), (200, 60), (41, 13), (21, 6), (160, 48)]
# Keys a facilitator may press in any step, each followed by a resize; a form or
# dialog they open is answered by the keys after it.
ROUNDS = [
    ["space", "space"],
    ["plus", "minus"],
    ["1", "2", "exclamation_mark"],
    ["h", "h"],
    ["question_mark", "escape"],
    ["q", "n"],
]


async def _resize(pilot: object, rng: random.Random) -> None:
    await pilot.resize_terminal(*rng.choice(SIZES))  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]


@pytest.mark.parametrize("size", [(40, 12), (20, 5)], ids=["40x12", "20x5"])
def test_a_whole_session_on_a_tiny_resized_terminal(
    size: tuple[int, int], set_file: SetFile, data_dir: Path, clock: FakeClock, tally: Tally
) -> None:
    rng = random.Random(size[0])
    runner = Runner.open(set_file, data_dir, clock)
    app = make_app(runner, "ask", tz=UTC)
    typed: list[str] = []

    async def scenario() -> None:
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            for step in range(40):
                if runner.final_path is not None or runner.session is None:
                    break
                if runner.session.finished:
                    break
                # One round of keys per step (all rounds over a session), with a
                # resize after each key.
                for key in ROUNDS[step % len(ROUNDS)]:
                    await pilot.press(key)
                    await _resize(pilot, rng)
                if step % 3 == 1:
                    # An action typed into the form, resized while it is open.
                    text = f"do {step}"
                    await pilot.press("a")
                    await _resize(pilot, rng)
                    await pilot.press(*text, "enter")
                    typed.append(text)
                clock.advance(rng.randint(30, 900))
                await pilot.press("n")
                await _resize(pilot, rng)
            await pilot.resize_terminal(*size)
            await pilot.press("n")
            await pilot.pause()

    try:
        asyncio.run(scenario())  # an exception in the app is raised here
    finally:
        runner.close()
    files = sorted((data_dir / set_file.config.set_id / "sessions").glob("*.json"))
    assert len(files) == 1, "the session did not finish"
    record = json.loads(files[0].read_text())
    kept = [a["text"] for a in record["actions"]]
    tally.add("records_checked")
    tally.add("records_lost", len(set(typed) - set(kept)))
    assert kept == typed
    assert all(s["status"] == "done" for s in record["steps"])

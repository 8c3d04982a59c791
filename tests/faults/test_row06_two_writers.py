"""Row 6: two processes writing the same set, 100 saves each.

The second is refused with the holder's PID while the first writes, gets in once it
is done, and in the end both sessions and all 200 actions are on disk; the lock file
is still there. ``alfacil start`` of a locked set exits 1 naming the PID, before it
imports Textual.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from alfacil import store
from alfacil.config import SetFile
from alfacil.store import SetStore

from .conftest import PYTHON, Tally, read_line, run_in_terminal, start_worker

pytestmark = pytest.mark.row(6)

SAVES = 100


def test_two_writers_one_refused_nothing_lost(
    set_file: SetFile, data_dir: Path, tally: Tally
) -> None:
    set_id = set_file.config.set_id
    first = start_worker("writer", str(set_file.path), str(data_dir), str(SAVES), "first")
    second = None
    try:
        assert read_line(first) == "OPENED"
        second = start_worker("writer", str(set_file.path), str(data_dir), str(SAVES), "second")
        assert read_line(second) == f"REFUSED {first.pid}"  # names the holder
        assert first.stdin is not None and second.stdin is not None
        first.stdin.write("go\n")
        first.stdin.flush()
        done_first = read_line(first, timeout=60)
        assert done_first.startswith("DONE "), done_first
        line = read_line(second, timeout=60)
        while line.startswith("REFUSED"):
            assert line == f"REFUSED {first.pid}"
            line = read_line(second, timeout=60)
        assert line == "OPENED"
        second.stdin.write("go\n")
        second.stdin.flush()
        done_second = read_line(second, timeout=60)
        assert done_second.startswith("DONE "), done_second
        assert first.wait(30) == 0 and second.wait(30) == 0
    finally:
        for proc in (first, second):
            if proc is not None and proc.poll() is None:
                proc.kill()
                proc.wait()

    set_store = SetStore.at(data_dir, set_id)
    loaded = set_store.load_sessions()
    assert loaded.skipped == []
    texts = [a.text for s in loaded.sessions for a in s.actions]
    wanted = [f"{tag} action {i}" for tag in ("first", "second") for i in range(SAVES)]
    lost = set(wanted) - set(texts)
    tally.add("records_checked", 2)
    tally.add("records_lost", len(lost))
    assert not lost, f"{len(lost)} actions lost, e.g. {sorted(lost)[:3]}"
    assert len(loaded.sessions) == 2
    ledger = store.read_record(set_store.paths.ledger, store.Ledger)
    assert sorted(a.text for a in ledger.actions) == sorted(wanted)
    assert set_store.paths.lock.exists()  # the lock file survives
    assert not set_store.paths.autosave.exists()


CLI = textwrap.dedent(
    """\
    import sys
    from alfacil.cli import main
    code = main(sys.argv[1:])
    print("textual imported:", "textual" in sys.modules)
    sys.exit(code)
    """
)


def test_start_of_a_locked_set_exits_1_naming_the_pid(set_file: SetFile, data_dir: Path) -> None:
    holder = start_worker("hold", str(data_dir), set_file.config.set_id)
    try:
        line = read_line(holder)
        assert line == f"HELD {holder.pid}"
        # In a terminal, as a facilitator runs it (without one, start refuses first).
        code, output = run_in_terminal(
            [PYTHON, "-c", CLI, "start", str(set_file.path), "--data-dir", str(data_dir)]
        )
    finally:
        holder.kill()
        holder.wait()
    assert code == 1, output
    assert f"process {holder.pid}" in output
    assert "textual imported: False" in output
    assert (data_dir / set_file.config.set_id / ".lock").exists()


def test_two_sessions_begun_in_the_same_second_are_both_kept(
    set_file: SetFile, data_dir: Path, tally: Tally
) -> None:
    """What the two writers above hit when the second starts in the first one's second."""
    from alfacil.clock import FakeClock

    from .conftest import open_runner

    clock = FakeClock()
    wanted = []
    for tag in ("first", "second", "third"):
        runner = open_runner(set_file, data_dir, clock)
        session = runner.start_new()
        session.add_action("Aled", f"{tag} action", runner.now())
        wanted.append(f"{tag} action")
        runner.complete()
        runner.close()
    loaded = SetStore.at(data_dir, set_file.config.set_id).load_sessions()
    texts = [a.text for s in loaded.sessions for a in s.actions]
    tally.add("records_checked", 3)
    tally.add("records_lost", len(set(wanted) - set(texts)))
    assert sorted(texts) == sorted(wanted)
    assert len({s.session_id for s in loaded.sessions}) == 3

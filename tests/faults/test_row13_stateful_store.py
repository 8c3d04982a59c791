"""Row 13: a stateful test of the store and the runner against a model of what a
facilitator would expect to find on disk.

Save, the 30-second autosave, a crash (no save; the lock goes with the process),
a clean quit, reopening, resuming and closing as ended early, in any order the
machine finds: the finished sessions and their actions, and the autosave, are
always what the model says.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from alfacil import store
from alfacil.clock import FakeClock
from alfacil.config import load_set
from alfacil.runner import AUTOSAVE_EVERY, Runner
from alfacil.store import SetStore

from .conftest import _COUNTS, crash, write_set

pytestmark = pytest.mark.row(13)


class StoreMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="alfacil-stateful-"))
        self.set_file = load_set(write_set(self.folder))
        self.data_dir = self.folder / "data"
        self.clock = FakeClock()
        self.runner: Runner | None = None
        self.counter = 0
        # The model.
        self.finished: list[list[str]] = []  # actions of each finished session
        self.saved: list[str] | None = None  # actions in the autosave on disk
        self.live: list[str] | None = None  # actions of the session in memory
        self.last_save = 0.0

    @initialize()
    def open_first(self) -> None:
        self.reopen()

    def teardown(self) -> None:
        if self.runner is not None:
            crash(self.runner)
        shutil.rmtree(self.folder, ignore_errors=True)

    # -- helpers --

    def _active(self) -> bool:
        return self.runner is not None and self.live is not None

    def _saved_now(self) -> None:
        assert self.live is not None
        self.saved = list(self.live)
        self.last_save = self.clock.monotonic()

    # -- the runner's life --

    @precondition(lambda self: self.runner is None)
    @rule()
    def reopen(self) -> None:
        self.runner = Runner.open(self.set_file, self.data_dir, self.clock)
        pending = self.runner.pending
        assert (pending is not None) == (self.saved is not None)
        if pending is not None:
            assert [a.text for a in pending.session.actions] == self.saved
        assert len(self.runner.loaded.sessions) == len(self.finished)
        self.live = None

    @precondition(lambda self: self.runner is not None)
    @rule()
    def crash(self) -> None:
        assert self.runner is not None
        crash(self.runner)
        _COUNTS["crashes_simulated"] += 1
        self.runner = None
        self.live = None  # what was not saved is gone; that is the model's promise

    @precondition(lambda self: self.runner is not None)
    @rule()
    def quit(self) -> None:
        assert self.runner is not None
        self.runner.close()
        if self.live is not None:
            self._saved_now()
        self.runner = None
        self.live = None

    @precondition(lambda self: self.runner is not None and self.live is None)
    @rule()
    def start_new(self) -> None:
        assert self.runner is not None
        if self.saved is not None:
            with pytest.raises(store.StoreError):
                self.runner.start_new()
            return
        self.runner.start_new()
        self.live = []
        self._saved_now()

    @precondition(lambda self: self.runner is not None and self.live is None)
    @rule()
    def resume(self) -> None:
        assert self.runner is not None
        if self.saved is None:
            with pytest.raises(store.StoreError):
                self.runner.resume()
            return
        self.runner.resume()
        self.live = list(self.saved)
        self._saved_now()

    @precondition(lambda self: self.runner is not None and self.live is None)
    @rule()
    def close_pending(self) -> None:
        assert self.runner is not None
        path = self.runner.close_pending()
        if self.saved is None:
            assert path is None
            return
        assert path is not None
        self.finished.append(self.saved)
        self.saved = None

    # -- while a session runs --

    @precondition(_active)
    @rule(owner=st.sampled_from(["Aled", "Bethan", "Carys"]))
    def add_action(self, owner: str) -> None:
        assert self.runner is not None and self.runner.session is not None
        self.counter += 1
        text = f"action {self.counter}"
        self.runner.session.add_action(owner, text, self.runner.now())
        assert self.live is not None
        self.live.append(text)

    @precondition(_active)
    @rule()
    def next_step(self) -> None:
        assert self.runner is not None and self.runner.session is not None
        if not self.runner.session.finished:
            self.runner.session.next(self.runner.now())
        assert self.runner.save() is None  # the console saves on every change
        self._saved_now()

    @precondition(_active)
    @rule()
    def save(self) -> None:
        assert self.runner is not None
        assert self.runner.save() is None
        self._saved_now()

    @precondition(lambda self: self.runner is not None)
    @rule()
    def tick(self) -> None:
        assert self.runner is not None
        assert self.runner.tick() is None
        if self.live is not None and self.clock.monotonic() - self.last_save >= AUTOSAVE_EVERY:
            self._saved_now()

    @rule(seconds=st.sampled_from([0, 1, 29, 30, 31, 600]))
    def time_passes(self, seconds: int) -> None:
        self.clock.advance(seconds)

    @precondition(_active)
    @rule()
    def complete(self) -> None:
        assert self.runner is not None
        self.runner.complete()
        assert self.live is not None
        self.finished.append(self.live)
        self.saved = None
        self.live = None
        # The runner is done with that session; the next one starts afresh.
        self.runner.close()
        self.runner = Runner.open(self.set_file, self.data_dir, self.clock)

    @precondition(_active)
    @rule()
    def complete_and_start_again(self) -> None:
        """Finish, and begin the next session at once (a second set meeting, a test run)."""
        self.complete()
        self.start_new()

    # -- what is on disk --

    @invariant()
    def disk_matches_the_model(self) -> None:
        set_store = SetStore.at(self.data_dir, self.set_file.config.set_id)
        loaded = set_store.load_sessions()
        assert loaded.skipped == []
        on_disk = sorted(sorted(a.text for a in s.actions) for s in loaded.sessions)
        wanted = sorted(sorted(actions) for actions in self.finished)
        _COUNTS["records_checked"] += len(wanted)
        if on_disk != wanted:
            lost = {a for s in wanted for a in s} - {a for s in on_disk for a in s}
            _COUNTS["records_lost"] += max(1, len(lost))
        assert on_disk == wanted
        autosave = set_store.paths.autosave
        if self.saved is None:
            assert not autosave.exists()
        else:
            saved = store.read_record(autosave, store.Autosave)
            assert [a.text for a in saved.session.actions] == self.saved
        assert not list(set_store.paths.root.rglob(f"*{store.TEMP_SUFFIX}"))


StoreMachine.TestCase.settings = settings(max_examples=60, stateful_step_count=25, deadline=None)
test_store_against_the_model = StoreMachine.TestCase

"""Shared pieces of the fault suite: a set file, runners on a fake clock, and the tally.

Each test module marks the matrix row it covers with ``pytest.mark.row(N)`` (issue 5).
Tests count the work they actually did (kills survived, bad inputs tried, records
checked and lost) through the ``tally`` fixture; when ``ALFACIL_FAULTS_SUMMARY`` names
a file, the session writes those counts and the rows whose tests all passed to it as
JSON, which is what ``bench/faults.py`` prints.
"""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
import textwrap
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from alfacil.clock import FakeClock
from alfacil.config import SetFile, load_set
from alfacil.runner import Runner

SUMMARY_ENV = "ALFACIL_FAULTS_SUMMARY"
REPO = Path(__file__).resolve().parents[2]
PYTHON = sys.executable

SET_TOML = textwrap.dedent(
    """\
    name = "Fault Set"
    id = "fault-set"
    facilitator = "Jane"
    session_length = "2h"
    presenters_per_session = 1

    [[members]]
    name = "Aled"

    [[members]]
    name = "Bethan"

    [[members]]
    name = "Carys"
    """
)

_COUNTS: Counter[str] = Counter()
_ROWS: dict[int, list[bool]] = {}


class Tally:
    """Counts of the work the fault tests really did, for the one-line summary."""

    def add(self, key: str, n: int = 1) -> None:
        _COUNTS[key] += n


@pytest.fixture
def tally() -> Tally:
    return Tally()


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "row(n): the row of issue 5's fault matrix covered")


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    row = getattr(report, "_fault_row", None)
    if row is None:
        return
    if report.when == "call" or (report.when == "setup" and not report.passed):
        _ROWS.setdefault(row, []).append(report.passed)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    report = yield
    marker = item.get_closest_marker("row")
    if marker is not None:
        report._fault_row = int(marker.args[0])  # type: ignore[attr-defined]
    return report


def pytest_sessionfinish(session: pytest.Session) -> None:
    target = os.environ.get(SUMMARY_ENV)
    if not target:
        return
    summary = {
        "rows_passed": sorted(row for row, results in _ROWS.items() if all(results)),
        "rows_failed": sorted(row for row, results in _ROWS.items() if not all(results)),
        "counts": dict(_COUNTS),
    }
    Path(target).write_text(json.dumps(summary))


# --- a set and its runner ---------------------------------------------------------------


def write_set(folder: Path, text: str = SET_TOML, name: str = "set.toml") -> Path:
    path = folder / name
    path.write_text(text)
    return path


@pytest.fixture
def set_file(tmp_path: Path) -> SetFile:
    return load_set(write_set(tmp_path))


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def open_runner(set_file: SetFile, data_dir: Path, clock: FakeClock) -> Runner:
    return Runner.open(set_file, data_dir, clock)


def crash(runner: Runner) -> None:
    """What a kill -9 does to a runner: no save, and the kernel drops the lock."""
    fd = runner.store._lock_fd
    if fd is not None:
        os.close(fd)
        runner.store._lock_fd = None


def subprocess_env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop(SUMMARY_ENV, None)
    env["PYTHONPATH"] = str(REPO / "src")
    return env


WORKER = Path(__file__).with_name("worker.py")


def worker(*args: str) -> list[str]:
    """The command line that runs ``worker.py`` in a fresh interpreter."""
    return [PYTHON, str(WORKER), *args]


def read_line(proc: subprocess.Popen[str], timeout: float = 20.0) -> str:
    """The next line a worker prints, waiting at most ``timeout`` seconds."""
    assert proc.stdout is not None
    ready, _, _ = select.select([proc.stdout], [], [], timeout)
    assert ready, f"worker {proc.args} said nothing for {timeout}s"
    line = proc.stdout.readline()
    assert line, f"worker {proc.args} ended: {proc.stderr.read() if proc.stderr else ''}"
    return line.strip()


def start_worker(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        worker(*args),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=subprocess_env(),
        bufsize=1,
    )


def probe_lock(data_dir: Path, set_id: str) -> str:
    """Ask another process to take the set's lock: ``ACQUIRED`` or ``LOCKED <pid>``."""
    done = subprocess.run(
        worker("probe", str(data_dir), set_id),
        capture_output=True,
        text=True,
        env=subprocess_env(),
        timeout=60,
        check=True,
    )
    return done.stdout.strip()


def run_in_terminal(
    argv: list[str],
    env: dict[str, str] | None = None,
    timeout: float = 60.0,
    preexec_fn: object = None,
) -> tuple[int, str]:
    """Run ``argv`` with a pseudo-terminal on stdin, stdout and stderr (as in a
    terminal window); returns its exit status and everything it wrote, as text.

    For commands that must not get as far as drawing (``start`` refusing early).
    """
    import pty
    import time

    primary, secondary = pty.openpty()
    try:
        proc = subprocess.Popen(
            argv,
            stdin=secondary,
            stdout=secondary,
            stderr=secondary,
            env=env if env is not None else subprocess_env(),
            close_fds=True,
            preexec_fn=preexec_fn,  # type: ignore[arg-type]
        )
    finally:
        os.close(secondary)
    chunks: list[bytes] = []
    deadline = time.monotonic() + timeout
    try:
        while True:
            left = deadline - time.monotonic()
            assert left > 0, f"{argv} still running after {timeout}s: {b''.join(chunks)[-300:]!r}"
            ready, _, _ = select.select([primary], [], [], left)
            if not ready:
                continue
            try:
                data = os.read(primary, 65536)
            except OSError:  # EIO: every writer has closed the terminal
                break
            if not data:
                break
            chunks.append(data)
        code = proc.wait(timeout=max(1.0, deadline - time.monotonic()))
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        os.close(primary)
    return code, b"".join(chunks).decode("utf-8", "replace").replace("\r\n", "\n")

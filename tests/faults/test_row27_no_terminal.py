"""Row 27: ``alfacil start`` without a terminal.

With standard input not a terminal the console ignored every key and ran until
killed, leaving an autosave; with standard output or error redirected it drew at the
wrong size, or into the file. Now it refuses in one line, exit 2, before it touches
the data folder: no folder, no lock, no autosave. Each stream is tried redirected to
a pipe, a file and /dev/null, the other two being a real (pseudo-)terminal.
"""

from __future__ import annotations

import os
import pty
import select
import subprocess
import time
from pathlib import Path

import pytest

from .conftest import PYTHON, Tally, run_in_terminal, subprocess_env, write_set

pytestmark = pytest.mark.row(27)

STREAMS = ("stdin", "stdout", "stderr")
TARGETS = ("pipe", "file", "devnull")
NAMED = {"stdin": "input", "stdout": "output", "stderr": "error output"}


def _drain(fd: int, until: float) -> bytes:
    out = b""
    while time.monotonic() < until:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if not ready:
            continue
        try:
            data = os.read(fd, 65536)
        except OSError:
            break
        if not data:
            break
        out += data
    return out


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("stream", STREAMS)
def test_start_refuses_without_a_terminal(
    stream: str, target: str, tmp_path: Path, tally: Tally
) -> None:
    set_file = write_set(tmp_path)
    data_dir = tmp_path / "data"
    primary, secondary = pty.openpty()
    redirected = tmp_path / "redirected"
    files = {name: secondary for name in STREAMS}
    opened = []
    if target == "pipe":
        files[stream] = subprocess.PIPE  # type: ignore[assignment]
    else:
        path = redirected if target == "file" else Path(os.devnull)
        handle = path.open("rb" if stream == "stdin" and target == "devnull" else "w+b")
        opened.append(handle)
        files[stream] = handle.fileno()
    proc = subprocess.Popen(
        [PYTHON, "-m", "alfacil", "start", str(set_file), "--data-dir", str(data_dir)],
        stdin=files["stdin"],
        stdout=files["stdout"],
        stderr=files["stderr"],
        env=subprocess_env(),
    )
    os.close(secondary)
    for handle in opened:
        handle.close()
    tally.add("bad_inputs")
    try:
        shown = _drain(primary, time.monotonic() + 20)
        code = proc.wait(timeout=20)
    finally:
        if proc.poll() is None:  # the console ran on: what this row is about
            proc.kill()
            proc.wait()
        if proc.stdin is not None:
            proc.stdin.close()
        for pipe in (proc.stdout, proc.stderr):
            if pipe is not None:
                shown += pipe.read()
                pipe.close()
        os.close(primary)
    if stream == "stderr" and target == "file":
        shown += redirected.read_bytes()
    text = shown.decode("utf-8", "replace")
    assert code == 2, f"{stream} to {target}: exit {code}: {text[-500:]!r}"
    assert not data_dir.exists(), f"{stream} to {target}: the data folder was touched"
    if not (stream == "stderr" and target == "devnull"):
        lines = [line for line in text.strip().splitlines() if line.strip()]
        assert len(lines) == 1 and "needs a terminal" in lines[0], text
        assert f"its standard {NAMED[stream]} is not one" in lines[0], lines[0]


def test_start_in_a_terminal_gets_past_the_check(tmp_path: Path) -> None:
    """The refusal is about the streams, not about starting at all: in a terminal,
    start goes on to the data folder (here one that is a file, to stop it there)."""
    set_file = write_set(tmp_path)
    (tmp_path / "afile").write_text("x")
    code, output = run_in_terminal(
        [PYTHON, "-m", "alfacil", "start", str(set_file), "--data-dir", str(tmp_path / "afile")]
    )
    assert code == 1 and "needs a terminal" not in output and "afile" in output, output


def test_under_textual_serve_the_browser_is_the_terminal() -> None:
    """`alfacil serve` runs `alfacil start` with pipes, naming its web driver: the
    check must let it start (the browser test drives it end to end). Run in a fresh
    interpreter, as the suite's own in-process check is bypassed (tests/conftest.py)."""
    code = "from alfacil import cli; print(cli.terminal_problem())"
    env = {k: v for k, v in subprocess_env().items() if k != "TEXTUAL_DRIVER"}
    served = {**env, "TEXTUAL_DRIVER": "textual.drivers.web_driver:WebDriver"}
    for environ, expected in ((served, "None"), (env, "needs a terminal")):
        done = subprocess.run(
            [PYTHON, "-c", code],
            env=environ,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert expected in done.stdout, (environ.get("TEXTUAL_DRIVER"), done.stdout, done.stderr)

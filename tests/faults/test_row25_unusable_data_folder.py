"""Row 25: a data folder that cannot be created or used.

Its parent is a file, it is a file, a read-only disk, no permission, no home folder,
``~nosuchuser``, a name too long, a full disk on the very first start: ``start``,
``history`` and ``migrate`` each say so in one line on stderr and exit 1, never a
traceback. ``check`` refuses a ``records`` value that can never work (a NUL, a user
who does not exist, a name too long) as a ``file:line`` error, exit 2.

The real commands run in fresh interpreters (``start`` in a pseudo-terminal, as in a
terminal window). As root, permission bits do not stop anyone, so the read-only and
full disks are real tmpfs mounts and "no permission" runs without the capability
to override permissions (setpriv). "No home" runs in this process, with no ``$HOME``
and no entry in the password database.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from alfacil import cli

from .conftest import PYTHON, SET_TOML, Tally, run_in_terminal, subprocess_env, write_set

pytestmark = pytest.mark.row(25)

ROOT = os.geteuid() == 0
#: Root without the power to ignore permission bits: as any other user.
POWERLESS = ["setpriv", "--inh-caps=-all", "--bounding-set=-dac_override,-dac_read_search"]


@dataclass
class Place:
    """A data folder that cannot be used, and how to run alfacil against it."""

    set_file: Path
    data_dir: str
    prefix: list[str] = field(default_factory=list)


@contextlib.contextmanager
def _tmpfs(folder: Path, options: str) -> Iterator[Path]:
    folder.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)], check=True)
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


@contextlib.contextmanager
def _open_folder() -> Iterator[Path]:
    """A folder every user can read (pytest's own is the owner's only)."""
    folder = Path(tempfile.mkdtemp(prefix="alfacil-row25-"))
    folder.chmod(0o755)
    try:
        yield folder
    finally:
        for path in folder.rglob("*"):
            with contextlib.suppress(OSError):
                path.chmod(0o700)
        shutil.rmtree(folder, ignore_errors=True)


def _set_in(folder: Path) -> Path:
    path = write_set(folder)
    path.chmod(0o644)
    return path


@contextlib.contextmanager
def place(kind: str) -> Iterator[Place]:
    with _open_folder() as top:
        set_file = _set_in(top)
        if kind == "parent is a file":
            (top / "afile").write_text("not a folder\n")
            yield Place(set_file, str(top / "afile" / "data"))
        elif kind == "is a file":
            (top / "afile").write_text("not a folder\n")
            yield Place(set_file, str(top / "afile"))
        elif kind == "read-only disk":
            if ROOT:
                with _tmpfs(top / "ro", "ro,size=64k"):
                    yield Place(set_file, str(top / "ro" / "data"))
            else:
                (top / "ro").mkdir(mode=0o500)
                yield Place(set_file, str(top / "ro" / "data"))
        elif kind == "no permission":
            closed = top / "closed"
            closed.mkdir(mode=0o000)
            yield Place(set_file, str(closed / "data"), POWERLESS if ROOT else [])
        elif kind == "~nosuchuser":
            yield Place(set_file, "~nosuchuser-of-alfacil/records")
        elif kind == "name too long":
            yield Place(set_file, str(top / ("x" * 300) / "data"))
        elif kind == "full disk" and ROOT:
            with _tmpfs(top / "full", "size=16k"):
                with contextlib.suppress(OSError), open(top / "full" / "filler", "wb", 0) as out:
                    for size in (4096, 512, 1):
                        with contextlib.suppress(OSError):
                            while True:
                                out.write(b"\0" * size)
                yield Place(set_file, str(top / "full" / "data"))
        else:
            raise AssertionError(kind)


KINDS = [
    "parent is a file",
    "is a file",
    "read-only disk",
    "no permission",
    "~nosuchuser",
    "name too long",
]
if ROOT:
    KINDS.append("full disk")  # as any user: test_a_full_disk_on_the_first_start below

COMMANDS = {
    "start": ["start", "{set}"],
    "history": ["history", "{set}"],
    "history all": ["history"],
    "history members": ["history", "members", "{set}"],
    "migrate": ["migrate", "{set}"],
    "migrate all": ["migrate"],
}


def _argv(where: Place, words: list[str]) -> list[str]:
    argv = [*where.prefix, PYTHON, "-m", "alfacil"]
    return [*argv, *(w.format(set=where.set_file) for w in words), "--data-dir", where.data_dir]


def _one_line(output: str, what: str) -> str:
    assert "Traceback" not in output, f"{what}: {output}"
    lines = [line for line in output.strip().splitlines() if line.strip()]
    assert len(lines) == 1, f"{what}: not one line:\n{output}"
    assert lines[0].startswith("alfacil"), f"{what}: {output}"
    return lines[0]


#: Disks where the folder is merely not there yet: reading finds no records and
#: nothing to migrate (exit 0); ``start``, which must create it, cannot go on. After
#: the full disk's first start the set's folder is there, so ``migrate`` needs its
#: lock, which cannot be written: one line, exit 1.
NOT_YET = {"read-only disk": ("history", "migrate"), "full disk": ("history",)}


@pytest.mark.parametrize("kind", KINDS)
def test_every_command_says_one_line_and_exits_1(kind: str, tally: Tally) -> None:
    with place(kind) as where:
        for command, words in COMMANDS.items():
            tally.add("bad_inputs")
            argv = _argv(where, words)
            if command == "start":
                code, output = run_in_terminal(argv)
                err = output
            else:
                done = subprocess.run(
                    argv,
                    capture_output=True,
                    text=True,
                    env=subprocess_env(),
                    timeout=60,
                    check=False,
                )
                code, err = done.returncode, done.stderr
                if command.startswith(NOT_YET.get(kind, ())):
                    assert code == 0 and "Traceback" not in err, f"{kind}, {command}: {err}"
                    continue
                assert done.stdout == "", f"{kind}, {command}: {done.stdout}"
            line = _one_line(err, f"{kind}, {command}")
            assert code == 1, f"{kind}, {command}: exit {code}: {line}"


def test_no_home_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """No ``$HOME`` and a user the password database does not know: "~" stays as it
    is, and the records must not go to a folder named "~" wherever alfacil runs."""
    import pwd

    def unknown(uid: int) -> pwd.struct_passwd:
        raise KeyError(f"getpwuid(): uid not found: {uid}")

    for name in ("HOME", "XDG_DATA_HOME", "ALFACIL_DATA_DIR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(pwd, "getpwuid", unknown)
    monkeypatch.setattr(cli, "terminal_problem", lambda: None)
    monkeypatch.chdir(tmp_path)
    set_file = write_set(tmp_path, SET_TOML)
    for words in (["start"], ["history"], ["migrate"], ["history", "members"]):
        code = cli.main([*words, str(set_file)])
        line = _one_line(capsys.readouterr().err, f"no home, {words}")
        assert code == 1 and "no home folder is known" in line, line
    for words in (["history"], ["migrate"]):
        assert cli.main(words) == 1
        assert "no home folder" in _one_line(capsys.readouterr().err, f"no home, {words}")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["set.toml"]  # no "~" folder


def test_a_full_disk_on_the_first_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """As any user: the disk fills as the first start writes its lock (the kernel's
    ENOSPC on every write), in this process."""
    set_file = write_set(tmp_path, SET_TOML)

    def full(*args: object) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "pwrite", full)
    monkeypatch.setattr(os, "write", full)
    monkeypatch.setattr(cli, "terminal_problem", lambda: None)
    code = cli.main(["start", str(set_file), "--data-dir", str(tmp_path / "data")])
    err = capsys.readouterr().err
    assert code == 1
    assert _one_line(err, "full disk") == (
        f"alfacil: cannot write {tmp_path / 'data' / 'fault-set' / '.lock'}: the disk is full"
    )


NEVER = {
    "NUL": ('records = "rec\\u0000ords"', "NUL"),
    "no such user": ('records = "~nosuchuser-of-alfacil/records"', "no user named"),
    "a name too long": (f'records = "{"x" * 256}/records"', "longer than 255 bytes"),
    "a path too long": (f'records = "{"/".join(["x" * 200] * 21)}"', "longer than 4095 bytes"),
}


@pytest.mark.parametrize("case", sorted(NEVER))
def test_check_refuses_a_records_folder_that_can_never_work(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], tally: Tally
) -> None:
    assignment, words = NEVER[case]
    text = SET_TOML.replace(
        "presenters_per_session = 1", f"presenters_per_session = 1\n{assignment}"
    )
    path = write_set(tmp_path, text)
    line = text.splitlines().index(assignment) + 1
    tally.add("bad_inputs")
    for command in (["check"], ["start"], ["history"], ["migrate"]):
        code = cli.main([*command, str(path)])
        err = capsys.readouterr().err
        assert code == 2, (command, err)
        assert err.startswith(f"{path}:{line}: records: "), err
        assert words in err and err.count("\n") == 1 and "Traceback" not in err


def test_a_usable_records_folder_still_passes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = SET_TOML.replace(
        "presenters_per_session = 1", 'presenters_per_session = 1\nrecords = "~/alfacil-records"'
    )
    assert cli.main(["check", str(write_set(tmp_path, text))]) == 0

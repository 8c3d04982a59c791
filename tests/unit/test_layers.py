"""The core never imports Textual, and `alfacil --help` imports neither Textual nor pydantic.

Each check runs in a fresh interpreter, since this test process may already have
imported anything.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

CORE = [
    "alfacil",
    "alfacil.clock",
    "alfacil.durations",
    "alfacil.protocol",
    "alfacil.config",
    "alfacil.records",
    "alfacil.engine",
    "alfacil.store",
    "alfacil.migrations",
    "alfacil.paths",
    "alfacil.files",
    "alfacil.runner",
    "alfacil.console",
    "alfacil.frames",
    "alfacil.starter",
    "alfacil.cli",
    "alfacil.cliargs",
    "alfacil.wall",
    "alfacil.serve",
]
#: Core modules written alongside this suite; imported as soon as they exist.
LATER_CORE = [
    "alfacil.history",
    "alfacil.history.queries",
    "alfacil.history.command",
    "alfacil.history.formats",
    "alfacil.history.render",
]


def modules_after(code: str) -> set[str]:
    """The names in ``sys.modules`` after running ``code`` in a fresh interpreter."""
    probe = textwrap.dedent(code) + textwrap.dedent(
        """
        import json as _json, sys as _sys
        print("MODULES=" + _json.dumps(sorted(_sys.modules)))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=REPO, timeout=60
    )
    assert done.returncode == 0, done.stderr
    line = next(x for x in done.stdout.splitlines() if x.startswith("MODULES="))
    return set(json.loads(line.removeprefix("MODULES=")))


def top_level(modules: set[str]) -> set[str]:
    return {name.partition(".")[0] for name in modules}


def test_the_core_modules_exist() -> None:
    missing = [name for name in CORE if importlib.util.find_spec(name) is None]
    assert missing == []


def test_the_core_never_imports_textual() -> None:
    present = CORE + [m for m in LATER_CORE if importlib.util.find_spec(m) is not None]
    modules = modules_after("\n".join(f"import {name}" for name in present))
    assert set(present) <= modules  # they really were imported
    assert "pydantic" in top_level(modules)  # the probe is able to see a dependency
    assert "textual" not in top_level(modules)


def test_the_key_table_and_the_glyphs_stay_light() -> None:
    """The key table and the countdown's glyphs are plain data: no Textual, no Rich."""
    modules = modules_after("import alfacil.tui.keys, alfacil.tui.glyphs")
    assert {"alfacil.tui.keys", "alfacil.tui.glyphs"} <= modules
    assert not {"textual", "rich", "pydantic"} & top_level(modules)


def test_help_imports_neither_textual_nor_pydantic() -> None:
    modules = modules_after(
        """
        import contextlib, io
        from alfacil.cli import main
        with contextlib.redirect_stdout(io.StringIO()) as out:
            try:
                main(["--help"])
            except SystemExit as exit_:
                assert exit_.code == 0, exit_.code
        assert "alfacil" in out.getvalue()
        """
    )
    assert "alfacil.cli" in modules
    assert not {"textual", "pydantic", "rich"} & top_level(modules)


def test_check_does_not_import_textual() -> None:
    modules = modules_after(
        """
        import contextlib, io
        from alfacil.cli import main
        with contextlib.redirect_stdout(io.StringIO()):
            assert main(["check", "sets.example.toml"]) == 0
        """
    )
    assert "alfacil.config" in modules
    assert "textual" not in top_level(modules)


def test_python_m_alfacil_help_in_a_real_process() -> None:
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "alfacil", "--help"],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=60,
    )
    assert done.returncode == 0
    assert "usage: alfacil" in done.stdout
    imported = {
        line.split("|")[-1].strip().partition(".")[0]
        for line in done.stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    }
    assert "alfacil" in imported  # importtime did report the imports
    assert "textual" not in imported
    assert "pydantic" not in imported

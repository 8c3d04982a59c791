"""What pyproject.toml promises: one version, a real licence, live package data,
supported Pythons and OSes, and floors that .ci/run can pin and test."""

from __future__ import annotations

import importlib.util
import re
import tomllib
from importlib.metadata import version
from pathlib import Path

import alfacil

ROOT = Path(__file__).resolve().parents[2]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())


def _script(name: str):  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_one_version() -> None:
    project = PROJECT["project"]
    assert "version" not in project and project["dynamic"] == ["version"]
    assert PROJECT["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "alfacil.__version__"}
    assert version("alfacil") == alfacil.__version__


def test_licence_is_pep_639_and_mit() -> None:
    project = PROJECT["project"]
    assert project["license"] == "MIT"
    for name in project["license-files"]:
        text = (ROOT / name).read_text()
        assert text.startswith("MIT License") and "alfacil developers" in text
    (requirement,) = PROJECT["build-system"]["requires"]
    assert re.fullmatch(r"setuptools>=77\.0\.3,<\d+", requirement)  # 77.0.3: PEP 639


def test_every_package_data_glob_matches_a_file() -> None:
    package = ROOT / "src" / "alfacil"
    for pattern in PROJECT["tool"]["setuptools"]["package-data"]["alfacil"]:
        assert list(package.glob(pattern)), pattern


def test_classifiers_name_the_pythons_ci_tests_and_the_oses() -> None:
    classifiers = PROJECT["project"]["classifiers"]
    pythons = {c.rsplit(" ", 1)[1] for c in classifiers if re.search(r"Python :: 3\.\d+$", c)}
    assert pythons == {"3.11", "3.12", "3.13"}
    ci = (ROOT / ".ci" / "run").read_text()
    assert "for minor in 3.12 3.13" in ci
    assert "Operating System :: POSIX :: Linux" in classifiers
    assert "Operating System :: MacOS" in classifiers
    assert not any("Windows" in c or "OS Independent" in c for c in classifiers)
    assert "Windows is not supported" in (ROOT / "README.md").read_text()


def test_every_dependency_has_a_tested_floor() -> None:
    pins = _script("lowest_constraints").lowest_constraints()
    names = [pin.split("==")[0] for pin in pins]
    assert names == [re.split(r"[<>=!~ ]", d)[0] for d in PROJECT["project"]["dependencies"]]
    floors = dict(pin.split("==") for pin in pins)
    # OptionList.highlighted_option, which the check-in uses, is new in Textual 6.0
    assert int(floors["textual"].split(".")[0]) >= 6
    ci = (ROOT / ".ci" / "run").read_text()
    assert "scripts/lowest_constraints.py" in ci and "-c .venv-lowest/constraints.txt" in ci


def test_a_requirement_without_a_floor_is_refused(tmp_path: Path) -> None:
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text('[project]\ndependencies = ["rich>=13", "textual"]\n')
    lowest = _script("lowest_constraints")
    try:
        lowest.lowest_constraints(pyproject)
    except SystemExit as exc:
        assert "'textual'" in str(exc)
    else:
        raise AssertionError("a dependency without a floor passed")

"""The Welsh catalog is complete, not fuzzy, compiled and current; the language is
chosen as the README says (--lang, the set file's ``language``, the locale, English).

Issue 12's acceptance: a test fails if the Welsh catalog misses or leaves fuzzy any
entry that extraction finds in src/.
"""

from __future__ import annotations

import gettext
import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest

from alfacil import i18n
from alfacil.cli import main

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "sets.example.toml"


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("alfacil_i18n_script", ROOT / "scripts/i18n.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


SCRIPT = _script()
HINT = (
    "run: python scripts/i18n.py update, then translate in "
    "src/alfacil/locale/cy/LC_MESSAGES/alfacil.po"
)


def _welsh():  # type: ignore[no-untyped-def]
    return SCRIPT._read(SCRIPT.po_path("cy"), "cy")


def _ids(catalog) -> set[object]:  # type: ignore[no-untyped-def]
    return {m.id for m in catalog if m.id}


def test_every_extracted_msgid_is_translated_and_not_fuzzy() -> None:
    template, welsh = SCRIPT.extract(), _welsh()
    missing = sorted(str(m) for m in _ids(template) - _ids(welsh))
    assert not missing, f"not in the Welsh catalog ({HINT}):\n" + "\n".join(missing)
    assert not SCRIPT.problems(welsh), "\n".join(SCRIPT.problems(welsh))
    assert not welsh.fuzzy


def test_the_template_is_current() -> None:
    committed = SCRIPT._read(SCRIPT.TEMPLATE)
    assert _ids(committed) == _ids(SCRIPT.extract()), HINT


def test_the_compiled_catalog_holds_exactly_the_po() -> None:
    with SCRIPT.mo_path("cy").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)._catalog  # type: ignore[attr-defined]
    expected: dict[object, str] = {}
    for message in _welsh():
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            for n, text in enumerate(message.string):
                expected[(message.id[0], n)] = text
        else:
            expected[message.id] = message.string
    got = {key: text for key, text in compiled.items() if key != ""}
    assert got == expected, HINT


FIELDS = re.compile(r"\{[a-z_]*\}|%\([a-z_]+\)[sdr]|%[sdr]")


@pytest.mark.parametrize("message", [m for m in _welsh() if m.id], ids=lambda m: str(m.id)[:40])
def test_every_translation_keeps_the_fields(message) -> None:  # type: ignore[no-untyped-def]
    ids = message.id if isinstance(message.id, tuple) else (message.id,)
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    wanted = set(FIELDS.findall(ids[-1])) | set(FIELDS.findall(ids[0]))
    for text in strings:
        got = set(FIELDS.findall(text))
        if len(ids) > 1:
            # A plural form may leave the count out ("Dros y sesiwn diwethaf" is one
            # session); every other field, and nothing new, must stay.
            got |= wanted & COUNTS
        assert sorted(got) == sorted(wanted), text


COUNTS = {"{n}", "{count}"}


def test_the_header_names_its_reviewers() -> None:
    text = SCRIPT.po_path("cy").read_text(encoding="utf-8")
    assert "Review:" in text and "glossary-cy.md" in text
    assert "nplurals=6" in text


# --- choosing the language ------------------------------------------------------------


def test_from_environment_follows_gettexts_order() -> None:
    assert i18n.from_environment({}) is None
    assert i18n.from_environment({"LANG": "cy_GB.UTF-8"}) == "cy"
    assert i18n.from_environment({"LANGUAGE": "fr:cy", "LANG": "en_GB.UTF-8"}) == "cy"
    assert i18n.from_environment({"LC_ALL": "en_GB.UTF-8", "LANG": "cy_GB"}) == "en"
    assert i18n.from_environment({"LC_MESSAGES": "cy_GB@euro"}) == "cy"
    assert i18n.from_environment({"LANG": "C"}) is None
    assert i18n.from_environment({"LANG": "fr_FR.UTF-8"}) is None


def test_resolve_precedence() -> None:
    env = {"LANG": "cy_GB.UTF-8"}
    assert i18n.resolve("en", "cy", env) == "en"
    assert i18n.resolve(None, "cy+en", {"LANG": "en_GB"}) == "cy+en"
    assert i18n.resolve(None, None, env) == "cy"
    assert i18n.resolve(None, None, {}) == "en"


def test_use_and_second() -> None:
    i18n.use("cy")
    assert i18n._("Break") == "Egwyl"
    assert i18n.second("Egwyl") is None  # not bilingual
    i18n.use("cy+en")
    assert i18n.current() == "cy+en" and i18n.bilingual()
    assert i18n.second("Egwyl") == "Break"
    assert i18n.second("Aled") is None  # a set's own words have no second language
    i18n.use("en")
    assert i18n._("Break") == "Break"


# --- the command line -------------------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [["--lang", "cy", "check", str(EXAMPLE)], ["check", "--lang", "cy", str(EXAMPLE)]],
    ids=["before", "after"],
)
def test_check_in_welsh(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert f"{EXAMPLE}: iawn" in out
    assert "  hwylusydd:    Jane" in out
    assert "  iaith:        Cymraeg (cy)" in out


def test_locale_makes_help_welsh(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("LANGUAGE", "cy")
    with pytest.raises(SystemExit) as exit_:
        main(["--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("defnydd: alfacil")
    assert "opsiynau:" in out and "dangos y neges gymorth hon a gadael" in out


def _set_with(tmp_path: Path, line: str) -> Path:
    text = EXAMPLE.read_text(encoding="utf-8")
    path = tmp_path / "set.toml"
    path.write_text(f"{line}\n{text}", encoding="utf-8")
    return path


def test_the_set_files_language_makes_check_welsh(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _set_with(tmp_path, 'language = "cy"')
    assert main(["check", str(path)]) == 0
    assert "  iaith:        Cymraeg (cy)" in capsys.readouterr().out
    # --lang wins over the set file
    assert main(["check", str(path), "--lang", "en"]) == 0
    assert "  language:     English (en)" in capsys.readouterr().out


def test_the_set_files_language_speaks_its_mistakes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _set_with(tmp_path, 'language = "cy"\nbell = "maybe"')
    assert main(["check", str(path)]) == 2
    assert f"{path}:2: bell: disgwylid true neu false, cafwyd 'maybe'" in capsys.readouterr().err


def test_a_bad_language_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _set_with(tmp_path, 'language = "fr"')
    assert main(["check", str(path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"{path}:1: language: expected one of 'en', 'cy' or 'cy+en', got 'fr'"]


def test_an_unknown_lang_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--lang", "xx", "check", str(EXAMPLE)])
    assert exit_.value.code == 2
    assert "invalid choice: 'xx'" in capsys.readouterr().err


def test_usage_errors_in_welsh(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--lang", "cy", "check"])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("defnydd: alfacil check")
    assert "mae angen yr argiwmentau canlynol: SET.toml" in err


def test_history_takes_lang_after_a_view(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["history", "members", "--lang", "cy", "--help"])
    assert exit_.value.code == 0
    assert "opsiynau:" in capsys.readouterr().out


def test_serve_passes_the_language_on(tmp_path: Path) -> None:
    from alfacil.serve import plan

    served = plan(EXAMPLE, tmp_path, display=False, language="cy+en")
    assert served.command.endswith("--lang cy+en")

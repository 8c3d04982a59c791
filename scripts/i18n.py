"""Build alfacil's translation catalogs with Babel: extract, update, compile, check.

    python scripts/i18n.py update    # extract msgids from src, merge into each .po,
                                     # fold in po/fragments/*.po, compile the .mo
    python scripts/i18n.py check     # exit 1 listing missing or fuzzy entries

The template (``src/alfacil/locale/alfacil.pot``), each language's ``.po`` and its
compiled ``.mo`` are committed: the ``.mo`` is what a fresh ``pip install`` reads, and
tests/unit/test_i18n_catalog.py fails when any of them is stale.

``po/fragments/*.po`` are translations written on a branch, away from the shared
catalog so that parallel work does not conflict in one file; ``update`` folds them in
(a fragment's translation wins over the catalog's) and they can then be deleted.
"""

from __future__ import annotations

import io
import re
import sys
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "alfacil"
LOCALE = SRC / "locale"
TEMPLATE = LOCALE / "alfacil.pot"
FRAGMENTS = ROOT / "po" / "fragments"
LANGUAGES = ("cy",)
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
HEADER = {
    "cy": (
        "Welsh translation of alfacil.\n"
        "Review: a Welsh-speaking facilitator and a translator accredited by\n"
        "Cymdeithas Cyfieithwyr Cymru should review this catalog before a public\n"
        "body relies on it. Terms follow docs/glossary-cy.md (Termiadur Addysg and\n"
        "the Welsh Government's term bank, TermCymru, where they have the term)."
    ),
}


def _version() -> str:
    namespace: dict[str, str] = {}
    exec((SRC / "__init__.py").read_text(encoding="utf-8"), namespace)
    return namespace["__version__"]


def po_path(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / "alfacil.po"


def mo_path(language: str) -> Path:
    return po_path(language).with_suffix(".mo")


def extract() -> Catalog:
    """Every marked msgid in src/alfacil, with where it is used."""
    template = Catalog(project="alfacil", version=_version(), charset="utf-8", fuzzy=False)
    for filename, lineno, message, comments, context in extract_from_dir(
        str(SRC), keywords=KEYWORDS, comment_tags=("Translators:",), strip_comment_tags=True
    ):
        template.add(
            message,
            None,
            [(f"src/alfacil/{filename}", lineno)],
            auto_comments=comments,
            context=context,
        )
    return template


def _read(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=locale)


def _fragments(language: str) -> Iterable[Message]:
    for path in sorted(FRAGMENTS.glob(f"*{language}*.po")) if FRAGMENTS.is_dir() else []:
        for message in _read(path, language):
            if message.id and message.string and not message.fuzzy:
                yield message


def catalog_for(language: str, template: Catalog) -> Catalog:
    """The language's catalog brought up to ``template``, fragments folded in."""
    path = po_path(language)
    if path.exists():
        catalog = _read(path, language)
    else:
        catalog = Catalog(locale=language, project="alfacil", charset="utf-8", fuzzy=False)
    catalog.header_comment = "\n".join(f"# {line}" for line in HEADER[language].splitlines())
    catalog.project, catalog.version = "alfacil", _version()
    catalog.last_translator = "alfacil developers (a draft: see the review note above)"
    catalog.language_team = "Cymraeg"
    catalog.msgid_bugs_address = ""
    catalog.update(template, no_fuzzy_matching=True)
    for message in _fragments(language):
        if message.id in catalog:
            catalog[message.id].string = message.string
            catalog[message.id].flags.discard("fuzzy")
    catalog.fuzzy = False
    return catalog


def _po_bytes(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_po(out, catalog, width=88, omit_header=False, sort_output=False, include_previous=False)
    return out.getvalue()


def _mo_bytes(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def _template_bytes(template: Catalog) -> bytes:
    out = io.BytesIO()
    write_po(out, template, width=88, omit_header=False)
    return out.getvalue()


def problems(catalog: Catalog) -> list[str]:
    """Each msgid the catalog leaves untranslated or fuzzy."""
    found = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy:
            found.append(f"fuzzy: {message.id!r}")
        elif not all(strings):
            found.append(f"missing: {message.id!r}")
    return found


_DATES = re.compile(rb'^"(POT-Creation-Date|PO-Revision-Date): [^"]*\\n"\n', re.MULTILINE)


def _same_but_dates(path: Path, data: bytes) -> bool:
    """Whether ``path`` already holds ``data`` but for its header's dates."""
    return path.exists() and _DATES.sub(b"", path.read_bytes()) == _DATES.sub(b"", data)


def update() -> int:
    """Rerunning with nothing changed rewrites nothing: a catalog whose entries are the
    same keeps its dates (POT-Creation-Date, PO-Revision-Date), so no file churns; a
    changed .po gets today's PO-Revision-Date."""
    template = extract()
    TEMPLATE.parent.mkdir(parents=True, exist_ok=True)
    if TEMPLATE.exists() and _same_but_dates(TEMPLATE, _template_bytes(template)):
        template.creation_date = _read(TEMPLATE).creation_date
    TEMPLATE.write_bytes(_template_bytes(template))
    status = 0
    for language in LANGUAGES:
        catalog = catalog_for(language, template)
        catalog.creation_date = template.creation_date
        catalog.revision_date = datetime.now(UTC)
        path = po_path(language)
        if _same_but_dates(path, _po_bytes(catalog)):
            kept = _read(path, language).revision_date
            if isinstance(kept, datetime):  # not the template's "YEAR-MO-DA" placeholder
                catalog.revision_date = kept
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(_po_bytes(catalog))
        mo_path(language).write_bytes(_mo_bytes(catalog))
        left = problems(catalog)
        print(f"{language}: {len(template)} msgids, {len(left)} untranslated or fuzzy")
        status = status or (1 if left else 0)
    return status


def check() -> int:
    template = extract()
    status = 0
    for language in LANGUAGES:
        catalog = _read(po_path(language), language)
        left = problems(catalog)
        missing = [m.id for m in template if m.id and m.id not in catalog]
        left += [f"not in the catalog: {mid!r}" for mid in missing]
        for line in left:
            print(f"{language}: {line}")
        status = status or (1 if left else 0)
    return status


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "update":
        raise SystemExit(update())
    if command == "check":
        raise SystemExit(check())
    raise SystemExit("usage: python scripts/i18n.py update|check")

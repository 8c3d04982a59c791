"""Bringing records of an older schema up to the current one, in memory.

alfacil never rewrites a file because it is old: ``history`` and ``start`` read an
older record through :func:`migrate` and use the result; only ``alfacil migrate``
writes the migrated record back, after keeping a backup of the original.

One function per step, ``STEPS[n]`` taking a record of schema ``n`` to ``n + 1``, each
a pure ``dict -> dict`` (the input is never changed), applied in order. A step that
finds something its schema never had raises :class:`MigrationError` rather than
guess. Every step says why the schema changed, so the history of the format is here.

A record without ``schema_version``, or with one that is not a whole number alfacil
ever wrote, is not for this module: the store reports it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from alfacil.i18n import _
from alfacil.records import SCHEMA_VERSION

#: The schema alfacil writes.
CURRENT: int = SCHEMA_VERSION
#: The oldest schema alfacil has ever written.
OLDEST = 1

Raw = dict[str, Any]


class MigrationError(ValueError):
    """A record that claims an older schema but does not look like one."""


def _session_1_to_2(raw: Raw) -> Raw:
    """Schema 2 records where the session was held (its UTC offset and time zone).

    Why: session ids and timestamps are UTC, so ``history`` showed a session held at
    00:30 British summer time, or on any evening in Australia, under the wrong day.
    A schema-1 session does not know its offset: it becomes ``None`` (unknown), which
    history reads as UTC, exactly as schema 1 was shown. Nothing is guessed from the
    machine doing the reading, which may not be the one the session was held on.
    """
    for key in ("utc_offset_minutes", "timezone"):
        if key in raw:
            raise MigrationError(
                _("a schema 1 session has no {key}; this one does").format(key=repr(key))
            )
    out = dict(raw)
    out["schema_version"] = 2
    out["utc_offset_minutes"] = None
    out["timezone"] = None
    return out


def _1_to_2(raw: Raw) -> Raw:
    """Schema 1 -> 2: sessions gain their local time (see :func:`_session_1_to_2`).

    The ledger did not change: its version is bumped so every file of a set is of one
    schema. The autosave is bumped and its session, a session record like any other,
    takes the session step.
    """
    kind = raw.get("kind")
    if kind == "session":
        return _session_1_to_2(raw)
    out = dict(raw)
    out["schema_version"] = 2
    if kind == "autosave" and isinstance(raw.get("session"), dict):
        session = raw["session"]
        if session.get("schema_version") == 1:
            out["session"] = _session_1_to_2(session)
    # Anything else (no kind, a kind alfacil does not write) is left for the model to
    # report: migrating never makes a bad record pass.
    return out


def _2_to_3(raw: Raw) -> Raw:
    """Schema 2 -> 3: the autosave says whether the console's curtain is down.

    Why: ``alfacil display`` shows the members' screen from the autosave, and must hide
    when the facilitator hides the console (``h``). A schema-2 autosave was written by a
    console without a curtain on record: it becomes ``False`` (not hidden). Session
    records and the ledger did not change; their version is bumped (and an autosave's
    session with it) so every file of a set is of one schema.
    """
    if raw.get("kind") == "autosave" and "curtain" in raw:
        raise MigrationError(_("a schema 2 autosave has no 'curtain'; this one does"))
    out = dict(raw)
    out["schema_version"] = 3
    if raw.get("kind") == "autosave":
        out["curtain"] = False
        session = raw.get("session")
        if isinstance(session, dict) and session.get("schema_version") == 2:
            out["session"] = dict(session, schema_version=3)
    return out


def _session_3_to_4(raw: Raw) -> Raw:
    """A schema-3 session as schema 4: each step gains its (empty) silent reflections
    and each adjustment says it was not made by a rebalance (see :func:`_3_to_4`)."""
    out = dict(raw, schema_version=4)
    steps = raw.get("steps")
    if isinstance(steps, list):
        migrated: list[Any] = []
        for step in steps:
            if not isinstance(step, dict):
                migrated.append(step)  # not a step: left for the model to report
                continue
            if "reflections" in step:
                raise MigrationError(_("a schema 3 step has no 'reflections'; this one does"))
            new = dict(step, reflections=[])
            adjustments = step.get("adjustments")
            if isinstance(adjustments, list):
                new["adjustments"] = [_adjustment_3_to_4(a) for a in adjustments]
            migrated.append(new)
        out["steps"] = migrated
    return out


def _adjustment_3_to_4(raw: object) -> object:
    if not isinstance(raw, dict):
        return raw
    if "rebalance" in raw:
        raise MigrationError(_("a schema 3 adjustment has no 'rebalance'; this one does"))
    return dict(raw, rebalance=False)


def _3_to_4(raw: Raw) -> Raw:
    """Schema 3 -> 4: a step records its silent reflections, and an adjustment whether
    the console's rebalance made it.

    Why: a facilitator can call a short silent reflection inside any step, and history
    shows it with the step; and a rebalance shares the time left among the presenters
    still to come, which history names as such rather than as minutes added by hand. A
    schema-3 step had no reflection (``[]``) and every adjustment was made by hand
    (``rebalance`` false). The ledger did not change; its version is bumped so every
    file of a set is of one schema, and an autosave's session takes the session step.
    """
    kind = raw.get("kind")
    if kind == "session":
        return _session_3_to_4(raw)
    out = dict(raw, schema_version=4)
    if kind == "autosave":
        session = raw.get("session")
        if isinstance(session, dict) and session.get("schema_version") == 3:
            out["session"] = _session_3_to_4(session)
    return out


STEPS: dict[int, Callable[[Raw], Raw]] = {
    1: _1_to_2,
    2: _2_to_3,
    3: _3_to_4,
}


def migrate(raw: Raw) -> Raw:
    """``raw`` brought from its ``schema_version`` up to :data:`CURRENT`.

    A current record comes back as it is; a version outside ``OLDEST..CURRENT`` or not
    a whole number is left as it is too, so that validation reports it with the file.
    """
    version = raw.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool):
        return raw
    while OLDEST <= version < CURRENT:
        raw = STEPS[version](raw)
        version += 1
        if raw.get("schema_version") != version:  # a step that forgot its own bump
            bug = f"internal: the step to schema {version} did not set it"  # i18n: not text
            raise MigrationError(bug)
    return raw

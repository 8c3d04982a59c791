"""``alfacil history`` as json, csv and markdown: plain text, no Rich.

The json shapes are documented in the README ("history --format json") and versioned
by :data:`alfacil.history.queries.JSON_VERSION`; keys are only ever added.

Language: markdown is for people (the handout goes to the members), so its headings,
labels and dates are in the run's language, dates in Welsh through Babel's CLDR data.
json and csv are for programs and spreadsheets: their keys, csv headers and values
(statuses, ISO dates, ``true``/``false``) stay English and the same in every language,
so a script or a pivot table written against them keeps working whoever ran
``history``. The words a record holds (names, actions, phase titles as shown on the
wall) are the record's own and pass through as written.
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from alfacil import i18n
from alfacil.history.queries import (
    JSON_VERSION,
    ActionRow,
    SessionDetail,
    SessionDigest,
    SetActions,
    SetMembers,
    SetSessions,
    Trends,
    day_of,
)
from alfacil.i18n import N_, _, ngettext
from alfacil.records import SessionRecord, local_zone
from alfacil.store import Skipped
from alfacil.text import escape_controls

# --- helpers ---------------------------------------------------------------------------


def _seconds(value: float) -> float:
    return round(value, 1)


def _rate(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _iso(value: datetime | date | None) -> str | None:
    return None if value is None else value.isoformat()


def clean(text: str) -> str:
    """One line of printable text: control characters (escapes, newlines) become spaces."""
    return "".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in text)


def minutes(seconds: float) -> str:
    """A session-level length, to the minute: ``1h52m``, ``45m``, ``0m``."""
    total = round(seconds / 60)
    hours, mins = divmod(total, 60)
    return f"{hours}h{mins:02d}m" if hours else f"{mins}m"


def present_count(s: SessionDigest) -> str:
    """``5/6`` present, or ``-`` when attendance was not taken."""
    return f"{len(s.present)}/{len(s.members)}" if s.attendance_taken else "-"


def merged_adjustments(adjustments: Sequence[tuple[float, int]]) -> list[tuple[float, float, int]]:
    """Runs of adjustments in the same direction as one: ``(first at, last at, total)``.

    A facilitator who presses ``-`` 24 times made one decision; history shows one
    ``-24m``, not 24 lines of ``-1m``."""
    runs: list[tuple[float, float, int]] = []
    for at, delta in adjustments:
        if runs and (runs[-1][2] > 0) == (delta > 0):
            first, _last, total = runs[-1]
            runs[-1] = (first, at, total + delta)
        else:
            runs.append((at, at, delta))
    return runs


#: A status as people read it (records and json keep the word on the left).
STATUS_LABELS = {
    # Translators: an action's status (still to do), an adjective.
    "open": N_("open"),
    "done": N_("done"),
    "partly": N_("partly"),
    "not_yet": N_("not yet"),
    "dropped": N_("dropped"),
    # Translators: a member's attendance at one session, an adjective.
    "present": N_("present"),
    "apologies": N_("apologies"),
    "absent": N_("absent"),
}


def status_label(status: str) -> str:
    """An action's or a member's status in the run's language: ``not_yet`` is "not yet"."""
    label = STATUS_LABELS.get(status)
    return _(label) if label is not None else status.replace("_", " ")


def percent(value: float | None) -> str:
    return "-" if value is None else f"{round(value * 100)}%"


def zone_label(utc_offset_minutes: int | None) -> str:
    """``UTC`` (also when the offset is unknown), else ``UTC+01:00``, ``UTC-03:30``."""
    if not utc_offset_minutes:
        return "UTC"
    sign = "+" if utc_offset_minutes > 0 else "-"
    hours, mins = divmod(abs(utc_offset_minutes), 60)
    return f"UTC{sign}{hours:02d}:{mins:02d}"


def local(value: datetime, utc_offset_minutes: int | None) -> datetime:
    """``value`` in a session's local time; in UTC when its offset is unknown."""
    return value.astimezone(local_zone(utc_offset_minutes))


def babel_locale() -> str | None:
    """The CLDR locale dates are written in, or None for English.

    English dates are written by ``strftime`` as before (fast, and byte for byte what
    earlier versions printed); Babel is imported only for another language, so an
    English ``history`` never loads its locale data."""
    code = i18n.primary_code(i18n.current())
    return None if code == "en" else code


def when(s: SessionDigest) -> str:
    """A session's local start for a table: ``2026-09-10 00:30`` (in Welsh ``10 Medi
    2026 00:30``); a session whose offset is unknown (recorded before alfacil kept it)
    says UTC."""
    locale = babel_locale()
    if locale is None:
        text = s.local_start.strftime("%Y-%m-%d %H:%M")
    else:
        from babel.dates import format_datetime

        text = format_datetime(s.local_start, "d MMM y HH:mm", locale=locale)
    return text if s.utc_offset_minutes is not None else f"{text} UTC"


def clock_time(moment: datetime) -> str:
    """``00:30``: a time of day, 24-hour, as Wales and the rest of Europe write it."""
    locale = babel_locale()
    if locale is None:
        return f"{moment:%H:%M}"
    from babel.dates import format_time

    return format_time(moment, "HH:mm", locale=locale)


def held(r: SessionRecord) -> str:
    """``Thursday 10 September 2026, 00:30-01:45 UTC+01:00``: the local date and times."""
    zone = local_zone(r.utc_offset_minutes)
    start = r.started_at.astimezone(zone)
    end = f"-{clock_time(r.ended_at.astimezone(zone))}" if r.ended_at else ""
    return f"{long_date(start.date())}, {clock_time(start)}{end} {zone_label(r.utc_offset_minutes)}"


def long_date(day: date) -> str:
    """``Thursday 10 September 2026``; in Welsh ``Dydd Iau 10 Medi 2026``."""
    locale = babel_locale()
    if locale is None:
        return f"{day:%A} {day.day} {day:%B %Y}"
    from babel.dates import format_date

    return format_date(day, "EEEE d MMMM y", locale=locale)


def skipped_json(skipped: Sequence[Skipped]) -> list[dict[str, Any]]:
    return [{"path": str(s.path), "reason": s.reason, "newer_version": s.newer} for s in skipped]


def _envelope(view: str, body: dict[str, Any], skipped: Sequence[Skipped]) -> str:
    out = {"format": "alfacil-history", "version": JSON_VERSION, "view": view, **body}
    out["skipped"] = skipped_json(skipped)
    # Strict RFC 8259: a NaN or Infinity is an error here, never a bare NaN in the output.
    return json.dumps(out, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


# --- json ------------------------------------------------------------------------------


def session_json(s: SessionDigest, member: str | None = None) -> dict[str, Any]:
    row: dict[str, Any] = {
        "session_id": s.session_id,
        "started_at": _iso(s.started_at),
        "ended_at": _iso(s.ended_at),
        "ended_early": s.ended_early,
        "facilitator": s.facilitator,
        "agreed_seconds": s.agreed_seconds,
        "planned_seconds": s.planned_seconds,
        "adjusted_seconds": s.adjusted_seconds,
        "actual_seconds": _seconds(s.actual_seconds),
        "paused_seconds": _seconds(s.paused_seconds),
        "overtime_seconds": _seconds(s.overtime_seconds),
        "members": list(s.members),
        "present": s.present,
        "attendance_taken": s.attendance_taken,
        "attendance_rate": _rate(s.attendance_rate),
        "presenters": list(s.presenters),
        "actions_committed": len(s.actions),
        "updates_given": len(s.updates),
        "actions_closed": sum(1 for u in s.updates if u.status in ("done", "dropped")),
        "updates_kept": s.updates_kept,
        "evaluation_average": _rate(s.evaluation_average),
        "evaluation_scale": s.evaluation_scale,
        "utc_offset_minutes": s.utc_offset_minutes,
        "local_date": _iso(s.day),
        "local_started_at": _iso(s.local_start),
    }
    if member is not None:
        row["member"] = {
            "name": member,
            "attendance": s.attendance_of(member),
            "presented": member in s.presenters,
        }
    return row


def trends_json(t: Trends) -> dict[str, Any]:
    return {
        "session_ids": t.session_ids,
        "evaluation": [_rate(v) for v in t.evaluation],
        "attendance_rate": [_rate(v) for v in t.attendance],
        "kept_share": [_rate(v) for v in t.kept],
    }


def sessions_json(
    sets: Sequence[SetSessions], skipped: Sequence[Skipped], member: str | None = None
) -> str:
    body = {
        "sets": [
            {
                "set_id": s.set_id,
                "set_name": s.set_name,
                "folder": str(s.folder),
                "total_sessions": s.total,
                "sessions": [session_json(row, member) for row in s.rows],
                "trends": trends_json(s.trends),
            }
            for s in sets
        ]
    }
    return _envelope("sessions", body, skipped)


def detail_json(d: SessionDetail, skipped: Sequence[Skipped]) -> str:
    r = d.record
    session = {
        "session_id": r.session_id,
        "set_id": r.set_id,
        "set_name": r.set_name,
        "facilitator": r.facilitator,
        "protocol": r.protocol,
        "started_at": _iso(r.started_at),
        "ended_at": _iso(r.ended_at),
        "utc_offset_minutes": r.utc_offset_minutes,
        "timezone": r.timezone,
        "local_date": _iso(r.local_start.date()),
        "local_started_at": _iso(r.local_start),
        "local_ended_at": _iso(local(r.ended_at, r.utc_offset_minutes) if r.ended_at else None),
        "ended_early": r.ended_early,
        "agreed_seconds": r.agreed_seconds,
        "attendance": {m: r.attendance.get(m, "absent") for m in r.members}
        if r.attendance_taken
        else {},
        "attendance_taken": r.attendance_taken,
        "presenters": r.presented,
        "steps": [
            {
                "index": s.index,
                "phase_id": s.phase_id,
                "kind": s.kind,
                "title": s.title,
                "subject": s.subject,
                "planned_seconds": s.planned_seconds,
                "adjusted_seconds": s.adjusted_seconds,
                "actual_seconds": _seconds(s.actual_seconds),
                "paused_seconds": _seconds(s.paused_seconds),
                "overtime_seconds": _seconds(s.overtime_seconds),
                "adjustments": [
                    {"at_seconds": _seconds(at), "delta_seconds": delta}
                    for at, delta in s.adjustments
                ],
                "rebalanced_seconds": s.rebalanced_seconds,
                "added": s.added,
                "reflections": [
                    {
                        "at_seconds": _seconds(at),
                        "planned_seconds": planned,
                        "actual_seconds": None if actual is None else _seconds(actual),
                    }
                    for at, planned, actual in s.reflections
                ],
                "status": s.status,
            }
            for s in d.steps
        ],
        "updates": [
            {
                "action_id": u.action_id,
                "owner": u.owner,
                "text": u.text,
                "made_in": u.made_in,
                "status": u.status,
                "note": u.note,
            }
            for u in d.updates
        ],
        "actions": [
            {"id": a.id, "owner": a.owner, "text": a.text, "due": _iso(a.due)} for a in r.actions
        ],
        "turns": [
            {
                "presenter": t.presenter,
                "questions": dict(t.questions),
                "advice_reminders": t.advice_reminders,
                "insights": list(t.insights),
            }
            for t in r.turns
        ],
        "evaluation": {
            "skipped": r.evaluation.skipped,
            "questions": [
                {
                    "question": q.question,
                    "scale": q.scale,
                    "count": q.count,
                    "average": _rate(q.average),
                    "distribution": q.distribution,
                }
                for q in d.questions
            ],
            "learnings": list(r.evaluation.learnings),
        },
    }
    return _envelope("show", {"session": session}, skipped)


def action_json(row: ActionRow) -> dict[str, Any]:
    a = row.action
    return {
        "id": a.id,
        "owner": a.owner,
        "text": a.text,
        "due": _iso(a.due),
        "made_in": a.session_id,
        "made_on": _iso(row.made_on),
        "status": a.status,
        "history": [
            {"session_id": h.session_id, "status": h.status, "note": h.note, "at": _iso(h.at)}
            for h in a.history
        ],
        "age_sessions": row.age_sessions,
        "closed_in": row.closed_in,
    }


def actions_json(sets: Sequence[SetActions], skipped: Sequence[Skipped]) -> str:
    body = {
        "sets": [
            {
                "set_id": s.set_id,
                "set_name": s.set_name,
                "actions": [action_json(r) for r in s.rows],
            }
            for s in sets
        ]
    }
    return _envelope("actions", body, skipped)


def members_json(sets: Sequence[SetMembers], skipped: Sequence[Skipped]) -> str:
    body = {
        "sets": [
            {
                "set_id": s.set_id,
                "set_name": s.set_name,
                "sessions_held": s.sessions_held,
                "members": [
                    {
                        "name": m.name,
                        "current": m.current,
                        "first_session": m.first_session,
                        "last_session": m.last_session,
                        "held": m.held,
                        "attended": m.attended,
                        "apologies": m.apologies,
                        "absent": m.absent,
                        "attendance_rate": _rate(m.attendance_rate),
                        "current_streak": m.current_streak,
                        "presented": m.presented,
                        "last_presented": m.last_presented,
                        "actions_committed": m.actions_committed,
                        "actions_reported": m.actions_reported,
                        "actions_kept": m.actions_kept,
                        "actions_open": m.actions_open,
                        "share_kept": _rate(m.share_kept),
                    }
                    for m in s.members
                ],
            }
            for s in sets
        ]
    }
    return _envelope("members", body, skipped)


# --- csv -------------------------------------------------------------------------------

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> Any:
    """A cell a spreadsheet will not run: text that starts like a formula gets a quote."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        text = clean(value)
        return "'" + text if value.startswith(_FORMULA_START) else text
    return value


def _csv(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_cell(v) for v in row])
    return buffer.getvalue()


SESSIONS_CSV = (
    "set_id",
    "session_id",
    "started_at",
    "ended_at",
    "ended_early",
    "agreed_seconds",
    "planned_seconds",
    "adjusted_seconds",
    "actual_seconds",
    "paused_seconds",
    "overtime_seconds",
    "members",
    "present",
    "attendance_rate",
    "presenters",
    "actions_committed",
    "updates_given",
    "actions_closed",
    "updates_kept",
    "evaluation_average",
    "evaluation_scale",
    "utc_offset_minutes",
    "local_date",
)


def sessions_csv(sets: Sequence[SetSessions]) -> str:
    rows = []
    for s in sets:
        for row in s.rows:
            j = session_json(row)
            rows.append(
                [
                    s.set_id,
                    *[
                        "; ".join(j[k]) if isinstance(j[k], list) else j[k]
                        for k in SESSIONS_CSV[1:]
                    ],
                ]
            )
    return _csv(SESSIONS_CSV, rows)


def detail_csv(d: SessionDetail) -> str:
    """One row per step: planned against actual."""
    header = (
        "set_id",
        "session_id",
        "index",
        "phase_id",
        "title",
        "subject",
        "planned_seconds",
        "adjusted_seconds",
        "actual_seconds",
        "paused_seconds",
        "overtime_seconds",
        "adjustments",
        "rebalanced_seconds",
        "added",
    )
    rows = [
        [
            d.set_id,
            d.record.session_id,
            s.index,
            s.phase_id,
            s.title,
            s.subject,
            s.planned_seconds,
            s.adjusted_seconds,
            _seconds(s.actual_seconds),
            _seconds(s.paused_seconds),
            _seconds(s.overtime_seconds),
            " ".join(f"{total:+d}s" for _, _, total in merged_adjustments(s.adjustments)) or None,
            s.rebalanced_seconds or None,
            s.added,
        ]
        for s in d.steps
    ]
    return _csv(header, rows)


def actions_csv(sets: Sequence[SetActions]) -> str:
    header = (
        "set_id",
        "action_id",
        "owner",
        "text",
        "due",
        "made_in",
        "made_on",
        "status",
        "last_note",
        "updates",
        "age_sessions",
        "closed_in",
    )
    rows = []
    for s in sets:
        for r in s.rows:
            a = r.action
            rows.append(
                [
                    s.set_id,
                    a.id,
                    a.owner,
                    a.text,
                    _iso(a.due),
                    a.session_id,
                    _iso(r.made_on),
                    a.status,
                    a.history[-1].note if a.history else None,
                    len(a.history),
                    r.age_sessions,
                    r.closed_in,
                ]
            )
    return _csv(header, rows)


MEMBERS_CSV = (
    "set_id",
    "name",
    "current",
    "held",
    "attended",
    "apologies",
    "absent",
    "attendance_rate",
    "current_streak",
    "presented",
    "last_presented",
    "actions_committed",
    "actions_reported",
    "actions_kept",
    "actions_open",
    "share_kept",
)


def members_csv(sets: Sequence[SetMembers]) -> str:
    rows = [
        [
            s.set_id,
            m.name,
            m.current,
            m.held,
            m.attended,
            m.apologies,
            m.absent,
            _rate(m.attendance_rate),
            m.current_streak,
            m.presented,
            m.last_presented,
            m.actions_committed,
            m.actions_reported,
            m.actions_kept,
            m.actions_open,
            _rate(m.share_kept),
        ]
        for s in sets
        for m in s.members
    ]
    return _csv(MEMBERS_CSV, rows)


# --- markdown --------------------------------------------------------------------------


def md(text: str) -> str:
    """Text safe inside a markdown table cell or list item: control characters shown
    as escapes (:func:`alfacil.text.escape_controls`), markdown's own escaped."""
    out = escape_controls(text).replace("\\", "\\\\")
    for ch in "|*_`[]<>#":
        out = out.replace(ch, "\\" + ch)
    return out


def _md_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def _eval(s: SessionDigest) -> str:
    if s.evaluation_average is None:
        return "-"
    return f"{s.evaluation_average:.1f}/{s.evaluation_scale}"


SESSION_HEADINGS = (
    N_("Date (local)"),
    N_("Plan"),
    N_("Actual"),
    N_("Presenters"),
    N_("Present"),
    N_("Actions"),
    N_("Closed"),
    N_("Evaluation"),
)


def sessions_markdown(sets: Sequence[SetSessions]) -> str:
    lines: list[str] = []
    for s in sets:
        lines += [f"## {md(s.set_name)}", ""]
        if not s.rows:
            lines += [_("No sessions recorded."), ""]
            continue
        rows = [
            [
                when(r),
                minutes(r.planned_seconds),
                minutes(r.actual_seconds + r.paused_seconds),
                md(", ".join(r.presenters)) or "-",
                present_count(r),
                str(len(r.actions)),
                str(sum(1 for u in r.updates if u.status in ("done", "dropped"))),
                _eval(r),
            ]
            for r in s.rows
        ]
        header = [_(h) for h in SESSION_HEADINGS]
        lines += _md_table([md(h) for h in header], rows)
        t = s.trends
        lines += [
            "",
            ngettext(
                "Over the last {n} session: evaluation {evaluation} of the scale, "
                "attendance {attendance}, actions kept {kept}.",
                "Over the last {n} sessions: evaluation {evaluation} of the scale, "
                "attendance {attendance}, actions kept {kept}.",
                len(t.session_ids),
            ).format(
                n=len(t.session_ids),
                evaluation=percent(Trends.mean(t.evaluation)),
                attendance=percent(Trends.mean(t.attendance)),
                kept=percent(Trends.mean(t.kept)),
            ),
            "",
        ]
    return "\n".join(lines)


def detail_markdown(d: SessionDetail, include_insights: bool = False) -> str:
    """What a facilitator can send the members after a session.

    Attendance and the actions each member committed to (with due dates); insights
    only when asked. Never ratings, question tallies, advice reminders or notes.
    """
    r = d.record
    day = r.local_start.date()
    title = _("{set}: session of {date}").format(set=md(r.set_name), date=long_date(day))
    lines = [f"# {title}", ""]
    lines += [_("Facilitator: {name}").format(name=md(r.facilitator)), ""]
    lines += ["## " + _("Attendance"), ""]

    def names(who: Sequence[str]) -> str:
        return md(", ".join(who))

    if not r.attendance_taken:
        lines.append("- " + _("Attendance was not taken (the session ended during check-in)"))
    else:
        lines.append("- " + _("Present: {names}").format(names=names(r.present) or _("nobody")))
    if d.apologies:
        lines.append("- " + _("Apologies: {names}").format(names=names(d.apologies)))
    if d.absent:
        lines.append("- " + _("Absent: {names}").format(names=names(d.absent)))
    if r.presented:
        lines.append("- " + _("Presenting: {names}").format(names=names(r.presented)))
    lines += ["", "## " + _("Actions"), ""]
    by_owner = d.actions_by_owner()
    if not by_owner:
        lines += [_("No actions were recorded."), ""]
    for owner, actions in by_owner.items():
        lines += [f"### {md(owner)}", ""]
        for action in actions:
            due = " " + _("(by {date})").format(date=long_date(action.due)) if action.due else ""
            lines.append(f"- [ ] {md(action.text)}{due}")
        lines.append("")
    if include_insights:
        turns = [t for t in r.turns if t.insights]
        lines += ["## " + _("Insights"), ""]
        if not turns:
            lines += [_("No insights were recorded."), ""]
        for turn in turns:
            lines += [f"### {md(turn.presenter)}", ""]
            lines += [f"- {md(text)}" for text in turn.insights]
            lines.append("")
    lines.append(_("What is said in the set stays in the set."))
    return "\n".join(lines) + "\n"


def actions_markdown(sets: Sequence[SetActions]) -> str:
    lines: list[str] = []
    for s in sets:
        lines += ["## " + _("{set}: actions").format(set=md(s.set_name)), ""]
        if not s.rows:
            lines += [_("No actions."), ""]
            continue
        by_owner: dict[str, list[ActionRow]] = {}
        for row in s.rows:
            by_owner.setdefault(row.action.owner, []).append(row)
        for owner in sorted(by_owner, key=str.casefold):
            lines += [f"### {md(owner)}", ""]
            for row in by_owner[owner]:
                a = row.action
                # Done is ticked; dropped has its own mark, so it never reads as done.
                box = {"done": "[x]", "dropped": "[-]"}.get(a.status, "[ ]")
                made = row.made_on.isoformat() if row.made_on else day_of(a.session_id)
                status = status_label(a.status)
                if a.due:
                    note = _("({status}; from {made}; due {due})").format(
                        status=status, made=made, due=a.due.isoformat()
                    )
                else:
                    note = _("({status}; from {made})").format(status=status, made=made)
                lines.append(f"- {box} {md(a.text)} {note}")
            lines.append("")
    return "\n".join(lines)


MEMBER_HEADINGS = (
    N_("Member"),
    N_("Attended"),
    N_("Rate"),
    N_("Streak"),
    N_("Presented"),
    N_("Last presented"),
    N_("Actions"),
    N_("Kept"),
)


def members_markdown(sets: Sequence[SetMembers]) -> str:
    lines: list[str] = []
    for s in sets:
        heading = ngettext(
            "{set}: members ({n} session)", "{set}: members ({n} sessions)", s.sessions_held
        ).format(set=md(s.set_name), n=s.sessions_held)
        lines += [f"## {heading}", ""]
        rows = [
            [
                md(m.name) + ("" if m.current else " " + _("(left)")),
                f"{m.attended}/{m.held}",
                percent(m.attendance_rate),
                str(m.current_streak),
                str(m.presented),
                day_of(m.last_presented) or "-",
                str(m.actions_committed),
                percent(m.share_kept),
            ]
            for m in s.members
        ]
        lines += _md_table([md(_(h)) for h in MEMBER_HEADINGS], rows)
        lines.append("")
    return "\n".join(lines)

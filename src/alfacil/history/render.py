"""``alfacil history`` as Rich tables for the terminal (imported only for ``table``).

Everything from a record goes into a :class:`rich.text.Text`, never into markup, so a
name or an action with ``[brackets]`` is shown as written and cannot restyle the
screen; and through :func:`_t`, which escapes control characters
(:func:`alfacil.text.escape_controls`: Rich would send ESC, C1 and bidi overrides to
the terminal as they are).

Headings, labels and dates are in the run's language (:mod:`alfacil.i18n`; dates by
:mod:`alfacil.history.formats`, through Babel for any language but English).
"""

from __future__ import annotations

from collections.abc import Sequence

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from alfacil.durations import format_clock, format_duration
from alfacil.history.formats import (
    MEMBER_HEADINGS,
    SESSION_HEADINGS,
    held,
    merged_adjustments,
    minutes,
    percent,
    present_count,
    status_label,
    when,
)
from alfacil.history.queries import (
    SessionDetail,
    SessionDigest,
    SetActions,
    SetMembers,
    SetSessions,
    StepDetail,
    Trends,
    day_of,
)
from alfacil.i18n import N_, _, ngettext
from alfacil.text import escape_controls

SPARKS = "▁▂▃▄▅▆▇█"
#: For a terminal that is not UTF-8 (LANG=C, ISO-8859-1): the same, in ASCII.
ASCII_SPARKS = "._-~=+*#"
BAR_WIDTH = 24


def sparkline(values: Sequence[float | None], ascii_only: bool = False) -> str:
    """Values from 0 to 1 as blocks; a gap (no figure that session) is a dot (a
    space in ASCII, where the dot is a level)."""
    sparks, gap = (ASCII_SPARKS, " ") if ascii_only else (SPARKS, "·")
    out = []
    for value in values:
        if value is None:
            out.append(gap)
        else:
            clamped = min(1.0, max(0.0, value))
            out.append(sparks[min(len(sparks) - 1, int(clamped * len(sparks)))])
    return "".join(out)


def _t(text: str | None, style: str = "") -> Text:
    """Text read from a record, shown and never interpreted."""
    return Text(escape_controls(text or ""), style=style)


def _eval(s: SessionDigest) -> Text:
    if s.evaluation_average is None:
        return Text("-", style="dim")
    return Text(f"{s.evaluation_average:.1f}/{s.evaluation_scale}")


def _length(actual: float, planned: float) -> Text:
    over = actual - planned
    text = Text(minutes(actual))
    if over >= 60:
        text.append(f" +{minutes(over)}", style="red")
    return text


def _set_title(name: str, set_id: str, what: str) -> Text:
    """``Name (id): what``, the heading of one set's table."""
    return _t(_("{set} ({id}): {what}").format(set=name, id=set_id, what=what), style="bold")


def sessions_tables(console: Console, sets: Sequence[SetSessions], member: str | None) -> None:
    date, plan, actual, presenters, present, actions, closed, _evaluation = (
        _(h) for h in SESSION_HEADINGS
    )
    for s in sets:
        if len(s.rows) < s.total:
            shown = ngettext("{shown} of {n} session", "{shown} of {n} sessions", s.total).format(
                shown=len(s.rows), n=s.total
            )
        else:
            shown = ngettext("{n} session", "{n} sessions", s.total).format(n=s.total)
        table = Table(
            title=_set_title(s.set_name, s.set_id, shown),
            box=box.SIMPLE_HEAD,
            title_justify="left",
        )
        table.add_column(date, no_wrap=True)
        table.add_column(plan, justify="right")
        table.add_column(actual, justify="right", no_wrap=True)
        table.add_column(presenters)
        table.add_column(present, justify="right")
        if member:
            table.add_column(_t(member))
        table.add_column(actions, justify="right")
        table.add_column(closed, justify="right")
        # Translators: a narrow column heading: the evaluation's average.
        table.add_column(_("Eval"), justify="right")
        for r in s.rows:
            date_text = Text(when(r))
            if r.ended_early:
                date_text.append(" " + _("ended early"), style="yellow")
            cells: list[Text] = [
                date_text,
                Text(minutes(r.planned_seconds)),
                _length(r.actual_seconds + r.paused_seconds, r.adjusted_seconds),
                _t(", ".join(r.presenters) or "-"),
                Text(present_count(r)),
            ]
            if member:
                status = r.attendance_of(member)
                cells.append(_t(status_label(status) if status else "-"))
            cells += [
                Text(str(len(r.actions))),
                Text(str(sum(1 for u in r.updates if u.status in ("done", "dropped")))),
                _eval(r),
            ]
            table.add_row(*cells)
        if not s.rows:
            console.print(_set_title(s.set_name, s.set_id, _("no sessions recorded")))
            continue
        console.print(table)
        t = s.trends
        foot = Table.grid(padding=(0, 2))
        foot.add_row(
            Text(_("last {n}").format(n=len(t.session_ids)), style="dim"),
            Text(_("trend")),
            Text(_("average")),
        )
        for label, values in (
            (N_("evaluation"), t.evaluation),
            (N_("attendance"), t.attendance),
            (N_("actions kept"), t.kept),
        ):
            line = sparkline(values, console.options.ascii_only)
            foot.add_row(Text(_(label)), Text(line), Text(percent(Trends.mean(values))))
        console.print(foot)
        console.print()


def _bar(planned: float, actual: float, scale: float, ascii_only: bool = False) -> Text:
    """Actual time against the plan: green up to the plan, red beyond, dim for unused plan."""
    if scale <= 0:
        return Text("")

    def cells(seconds: float) -> int:
        return round(seconds / scale * BAR_WIDTH)

    within = cells(min(actual, planned))
    over = cells(max(0.0, actual - planned))
    unused = max(0, cells(planned) - within)
    full, empty, beyond = ("#", ".", "+") if ascii_only else ("█", "░", "█")
    text = Text(full * within, style="green")
    text.append(empty * unused, style="dim")
    text.append(beyond * over, style="red")
    return text


def _rebalanced(seconds: int) -> list[str]:
    """The rebalance's change to a step's plan, named as such (not a key pressed)."""
    if not seconds:
        return []
    sign = "+" if seconds > 0 else "-"
    return [_("rebalanced {change}").format(change=sign + format_duration(abs(seconds)))]


def _reflections(steps: Sequence[StepDetail]) -> list[str]:
    """One line per silent reflection, under the phases: how long, when, in which step."""
    lines = []
    for s in steps:
        step = f"{s.title}: {s.subject}" if s.subject else s.title
        for at, _planned, actual in s.reflections:
            lines.append(
                _("Silent reflection of {length} at {at} in {step}").format(
                    length=format_duration(actual if actual is not None else 0),
                    at=format_clock(at),
                    step=step,
                )
            )
    return lines


def detail_view(console: Console, d: SessionDetail) -> None:
    r = d.record
    head = _t(f"{r.set_name}: {held(r)}", style="bold")
    console.print(head)
    total = sum(s.actual_seconds + s.paused_seconds for s in d.steps)
    day_plan = sum(s.planned_seconds for s in d.steps if not s.added)
    lines = [
        _("session {id}   facilitator {name}   protocol {protocol}").format(
            id=r.session_id, name=r.facilitator, protocol=r.protocol
        ),
        # "plan" is the day's plan as the session list's Plan column has it; the plan
        # after the adjustments made on the day is named as such, only when it differs.
        _("agreed {agreed}   plan {plan}").format(
            agreed=minutes(r.agreed_seconds), plan=minutes(day_plan)
        )
        + (
            "   " + _("adjusted plan {plan}").format(plan=minutes(r.planned_seconds))
            if r.planned_seconds != day_plan
            else ""
        )
        + "   "
        + _("actual {actual}").format(actual=minutes(total))
        + ("   " + _("ended early") if r.ended_early else ""),
    ]
    for text in lines:
        console.print(_t(text))
    console.print()

    attendance = Table(title=_("Attendance"), title_justify="left", box=box.SIMPLE_HEAD)
    attendance.add_column(_("Member"))
    attendance.add_column("")
    attendance.add_column("")
    for name in r.members:
        status = r.attendance.get(name, "absent") if r.attendance_taken else "not_taken"
        style = {"present": "green", "apologies": "yellow", "not_taken": "dim"}.get(status, "red")
        label = _("not taken") if status == "not_taken" else status_label(status)
        attendance.add_row(
            _t(name),
            Text(label, style=style),
            Text(_("presenter") if name in r.presented else ""),
        )
    console.print(attendance)

    scale = max([max(s.adjusted_seconds, s.actual_seconds) for s in d.steps] or [0])
    steps = Table(
        title=_("Phases: planned against actual"), title_justify="left", box=box.SIMPLE_HEAD
    )
    for name, justify in (
        (_("Phase"), "left"),
        (_("Plan"), "right"),
        (_("Actual"), "right"),
        ("", "left"),
        (_("Paused"), "right"),
        (_("Adjusted"), "left"),
    ):
        steps.add_column(name, justify=justify)  # type: ignore[arg-type]
    for s in d.steps:
        title = _t(s.title)
        if s.subject:
            title.append(escape_controls(f": {s.subject}"), style="cyan")
        actual = Text(minutes(s.actual_seconds) if s.actual_seconds >= 60 else "<1m")
        if s.overtime_seconds >= 1:
            overtime = f" +{format_duration(s.overtime_seconds)}"
            actual.append(overtime, style="red bold")  # i18n: not text (a Rich style)
        steps.add_row(
            title,
            Text(minutes(s.planned_seconds)),
            actual,
            _bar(s.adjusted_seconds, s.actual_seconds, scale, console.options.ascii_only),
            Text(minutes(s.paused_seconds) if s.paused_seconds else ""),
            Text(
                " ".join(
                    [
                        _("{change} at {when}").format(
                            change=f"{'+' if delta > 0 else '-'}{format_duration(abs(delta))}",
                            when=format_clock(first)
                            + (f"-{format_clock(last)}" if last != first else ""),
                        )
                        for first, last, delta in merged_adjustments(s.adjustments)
                    ]
                    + _rebalanced(s.rebalanced_seconds)
                    + ([_("added on the day")] if s.added else [])
                ),
                style="yellow",
            ),
        )
    console.print(steps)
    for reflection in _reflections(d.steps):
        console.print(_t(reflection))

    if d.updates:
        updates = Table(title=_("Updates on earlier actions"), title_justify="left")
        updates.box = box.SIMPLE_HEAD
        for name in (N_("Owner"), N_("Action"), N_("From"), N_("Status"), N_("Note")):
            updates.add_column(_(name))
        for u in d.updates:
            updates.add_row(
                _t(u.owner or "?"),
                _t(u.text if u.text is not None else _("(action {id})").format(id=u.action_id)),
                _t(day_of(u.made_in) or "?"),
                _t(status_label(u.status)),
                _t(u.note),
            )
        console.print(updates)

    actions = Table(title=_("Actions committed"), title_justify="left", box=box.SIMPLE_HEAD)
    for name in (N_("Owner"), N_("Action"), N_("Due")):
        actions.add_column(_(name))
    for a in r.actions:
        actions.add_row(_t(a.owner), _t(a.text), _t(a.due.isoformat() if a.due else ""))
    if r.actions:
        console.print(actions)
    else:
        console.print(Text(_("No actions committed."), style="dim"))

    for turn in r.turns:
        tally = ", ".join(f"{who} {n}" for who, n in sorted(turn.questions.items()))
        asked = sum(turn.questions.values())
        line = _t(_("Turn of {name}: ").format(name=turn.presenter), style="bold")
        questions = ngettext("{n} question", "{n} questions", asked).format(n=asked)
        line.append(escape_controls(questions + (f" ({tally})" if tally else "")))
        line.append("; " + _("advice reminders {n}").format(n=turn.advice_reminders))
        console.print(line)
        for insight in turn.insights:
            console.print(_t("  " + _("insight: {text}").format(text=insight)))
    console.print()

    if r.evaluation.skipped or not d.questions:
        console.print(Text(_("Evaluation: skipped"), style="dim"))
    else:
        evaluation = Table(title=_("Evaluation"), title_justify="left", box=box.SIMPLE_HEAD)
        for name, justify in (
            (_("Question"), "left"),
            (_("Ratings"), "right"),
            (_("Average"), "right"),
        ):
            evaluation.add_column(name, justify=justify)  # type: ignore[arg-type]
        evaluation.add_column(_("Spread (0 to top)"))
        for q in d.questions:
            peak = max(q.distribution) or 1
            evaluation.add_row(
                _t(q.question),
                Text(str(q.count)),
                Text("-" if q.average is None else f"{q.average:.1f}/{q.scale}"),
                Text(
                    sparkline(
                        [n / peak if n else None for n in q.distribution],
                        console.options.ascii_only,
                    )
                ),
            )
        console.print(evaluation)
    for learning in r.evaluation.learnings:
        console.print(_t("  " + _("learning: {text}").format(text=learning)))


def actions_tables(console: Console, sets: Sequence[SetActions]) -> None:
    for s in sets:
        count = ngettext("{n} action", "{n} actions", len(s.rows)).format(n=len(s.rows))
        table = Table(
            title=_set_title(s.set_name, s.set_id, count),
            title_justify="left",
            box=box.SIMPLE_HEAD,
        )
        for name in (N_("Owner"), N_("Action"), N_("Made"), N_("Due"), N_("Status"), N_("History")):
            table.add_column(_(name))
        # Translators: a column heading: how many sessions ago the action was made.
        table.add_column(_("Age"), justify="right")
        for row in s.rows:
            a = row.action
            status_style = {"done": "green", "partly": "yellow", "dropped": "dim"}.get(a.status, "")
            arrow = " -> " if console.options.ascii_only else " → "
            history = arrow.join(status_label(h.status) for h in a.history)
            table.add_row(
                _t(a.owner),
                _t(a.text),
                _t(row.made_on.isoformat() if row.made_on else day_of(a.session_id)),
                _t(a.due.isoformat() if a.due else ""),
                Text(status_label(a.status), style=status_style),
                _t(history),
                Text("" if row.age_sessions is None else str(row.age_sessions)),
            )
        console.print(table)


def members_tables(console: Console, sets: Sequence[SetMembers]) -> None:
    for s in sets:
        held_count = ngettext("{n} session", "{n} sessions", s.sessions_held).format(
            n=s.sessions_held
        )
        table = Table(
            title=_set_title(s.set_name, s.set_id, held_count),
            title_justify="left",
            box=box.SIMPLE_HEAD,
        )
        for index, name in enumerate(MEMBER_HEADINGS):
            table.add_column(_(name), justify="left" if index == 0 else "right")
        for m in s.members:
            who = _t(m.name)
            if not m.current:
                who.append(" " + _("(left)"), style="dim")
            table.add_row(
                who,
                Text(f"{m.attended}/{m.held}"),
                Text(percent(m.attendance_rate)),
                Text(str(m.current_streak)),
                Text(str(m.presented)),
                _t(day_of(m.last_presented) or "-"),
                Text(str(m.actions_committed)),
                Text(percent(m.share_kept)),
            )
        console.print(table)

"""``alfacil history`` as Rich tables for the terminal (imported only for ``table``).

Everything from a record goes into a :class:`rich.text.Text`, never into markup, so a
name or an action with ``[brackets]`` is shown as written and cannot restyle the
screen; and through :func:`_t`, which escapes control characters
(:func:`alfacil.text.escape_controls`: Rich would send ESC, C1 and bidi overrides to
the terminal as they are).
"""

from __future__ import annotations

from collections.abc import Sequence

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from alfacil.durations import format_clock, format_duration
from alfacil.history.formats import (
    held,
    merged_adjustments,
    minutes,
    percent,
    present_count,
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
from alfacil.i18n import _
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


def sessions_tables(console: Console, sets: Sequence[SetSessions], member: str | None) -> None:
    for s in sets:
        shown = f"{len(s.rows)} of {s.total}" if len(s.rows) < s.total else f"{s.total}"
        table = Table(
            title=_t(f"{s.set_name} ({s.set_id}): {shown} sessions", style="bold"),
            box=box.SIMPLE_HEAD,
            title_justify="left",
        )
        table.add_column("Date (local)", no_wrap=True)
        table.add_column("Plan", justify="right")
        table.add_column("Actual", justify="right", no_wrap=True)
        table.add_column("Presenters")
        table.add_column("Present", justify="right")
        if member:
            table.add_column(_t(member))
        table.add_column("Actions", justify="right")
        table.add_column("Closed", justify="right")
        table.add_column("Eval", justify="right")
        for r in s.rows:
            date_text = Text(when(r))
            if r.ended_early:
                date_text.append(" ended early", style="yellow")
            cells: list[Text] = [
                date_text,
                Text(minutes(r.planned_seconds)),
                _length(r.actual_seconds + r.paused_seconds, r.adjusted_seconds),
                _t(", ".join(r.presenters) or "-"),
                Text(present_count(r)),
            ]
            if member:
                cells.append(_t((r.attendance_of(member) or "-").replace("_", " ")))
            cells += [
                Text(str(len(r.actions))),
                Text(str(sum(1 for u in r.updates if u.status in ("done", "dropped")))),
                _eval(r),
            ]
            table.add_row(*cells)
        if not s.rows:
            console.print(_t(f"{s.set_name} ({s.set_id}): no sessions recorded", style="bold"))
            continue
        console.print(table)
        t = s.trends
        foot = Table.grid(padding=(0, 2))
        foot.add_row(
            Text(f"last {len(t.session_ids)}", style="dim"), Text("trend"), Text("average")
        )
        for label, values in (
            ("evaluation", t.evaluation),
            ("attendance", t.attendance),
            ("actions kept", t.kept),
        ):
            line = sparkline(values, console.options.ascii_only)
            foot.add_row(Text(label), Text(line), Text(percent(Trends.mean(values))))
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
    day_plan = sum(s.planned_seconds for s in d.steps)
    lines = [
        f"session {r.session_id}   facilitator {r.facilitator}   protocol {r.protocol}",
        # "plan" is the day's plan as the session list's Plan column has it; the plan
        # after the adjustments made on the day is named as such, only when it differs.
        f"agreed {minutes(r.agreed_seconds)}   plan {minutes(day_plan)}"
        + (
            f"   adjusted plan {minutes(r.planned_seconds)}"
            if r.planned_seconds != day_plan
            else ""
        )
        + f"   actual {minutes(total)}"
        + ("   ended early" if r.ended_early else ""),
    ]
    for text in lines:
        console.print(_t(text))
    console.print()

    attendance = Table(title="Attendance", title_justify="left", box=box.SIMPLE_HEAD)
    attendance.add_column("Member")
    attendance.add_column("")
    attendance.add_column("")
    for name in r.members:
        status = r.attendance.get(name, "absent") if r.attendance_taken else "not taken"
        style = {"present": "green", "apologies": "yellow", "not taken": "dim"}.get(status, "red")
        attendance.add_row(
            _t(name), Text(status, style=style), Text("presenter" if name in r.presented else "")
        )
    console.print(attendance)

    scale = max([max(s.adjusted_seconds, s.actual_seconds) for s in d.steps] or [0])
    steps = Table(title="Phases: planned against actual", title_justify="left", box=box.SIMPLE_HEAD)
    for name, justify in (
        ("Phase", "left"),
        ("Plan", "right"),
        ("Actual", "right"),
        ("", "left"),
        ("Paused", "right"),
        ("Adjusted", "left"),
    ):
        steps.add_column(name, justify=justify)  # type: ignore[arg-type]
    for s in d.steps:
        title = _t(s.title)
        if s.subject:
            title.append(escape_controls(f": {s.subject}"), style="cyan")
        actual = Text(minutes(s.actual_seconds) if s.actual_seconds >= 60 else "<1m")
        if s.overtime_seconds >= 1:
            actual.append(f" +{format_duration(s.overtime_seconds)}", style="red bold")
        steps.add_row(
            title,
            Text(minutes(s.planned_seconds)),
            actual,
            _bar(s.adjusted_seconds, s.actual_seconds, scale, console.options.ascii_only),
            Text(minutes(s.paused_seconds) if s.paused_seconds else ""),
            Text(
                " ".join(
                    [
                        f"{'+' if delta > 0 else '-'}{format_duration(abs(delta))} "
                        f"at {format_clock(first)}"
                        + (f"-{format_clock(last)}" if last != first else "")
                        for first, last, delta in merged_adjustments(s.adjustments)
                    ]
                    + _rebalanced(s.rebalanced_seconds)
                ),
                style="yellow",
            ),
        )
    console.print(steps)
    for reflection in _reflections(d.steps):
        console.print(_t(reflection))

    if d.updates:
        updates = Table(title="Updates on earlier actions", title_justify="left")
        updates.box = box.SIMPLE_HEAD
        for name in ("Owner", "Action", "From", "Status", "Note"):
            updates.add_column(name)
        for u in d.updates:
            updates.add_row(
                _t(u.owner or "?"),
                _t(u.text if u.text is not None else f"(action {u.action_id})"),
                _t(day_of(u.made_in) or "?"),
                _t(u.status.replace("_", " ")),
                _t(u.note),
            )
        console.print(updates)

    actions = Table(title="Actions committed", title_justify="left", box=box.SIMPLE_HEAD)
    for name in ("Owner", "Action", "Due"):
        actions.add_column(name)
    for a in r.actions:
        actions.add_row(_t(a.owner), _t(a.text), _t(a.due.isoformat() if a.due else ""))
    if r.actions:
        console.print(actions)
    else:
        console.print(Text("No actions committed.", style="dim"))

    for turn in r.turns:
        tally = ", ".join(f"{who} {n}" for who, n in sorted(turn.questions.items()))
        asked = sum(turn.questions.values())
        line = _t(f"Turn of {turn.presenter}: ", style="bold")
        line.append(escape_controls(f"{asked} questions" + (f" ({tally})" if tally else "")))
        line.append(f"; advice reminders {turn.advice_reminders}")
        console.print(line)
        for insight in turn.insights:
            console.print(_t(f"  insight: {insight}"))
    console.print()

    if r.evaluation.skipped or not d.questions:
        console.print(Text("Evaluation: skipped", style="dim"))
    else:
        evaluation = Table(title="Evaluation", title_justify="left", box=box.SIMPLE_HEAD)
        for name, justify in (("Question", "left"), ("Ratings", "right"), ("Average", "right")):
            evaluation.add_column(name, justify=justify)  # type: ignore[arg-type]
        evaluation.add_column("Spread (0 to top)")
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
        console.print(_t(f"  learning: {learning}"))


def actions_tables(console: Console, sets: Sequence[SetActions]) -> None:
    for s in sets:
        table = Table(
            title=_t(f"{s.set_name} ({s.set_id}): {len(s.rows)} actions", style="bold"),
            title_justify="left",
            box=box.SIMPLE_HEAD,
        )
        for name in ("Owner", "Action", "Made", "Due", "Status", "History", "Age"):
            table.add_column(name, justify="right" if name == "Age" else "left")
        for row in s.rows:
            a = row.action
            status_style = {"done": "green", "partly": "yellow", "dropped": "dim"}.get(a.status, "")
            arrow = " -> " if console.options.ascii_only else " → "
            history = arrow.join(h.status.replace("_", " ") for h in a.history)
            table.add_row(
                _t(a.owner),
                _t(a.text),
                _t(row.made_on.isoformat() if row.made_on else day_of(a.session_id)),
                _t(a.due.isoformat() if a.due else ""),
                Text(a.status.replace("_", " "), style=status_style),
                _t(history),
                Text("" if row.age_sessions is None else str(row.age_sessions)),
            )
        console.print(table)


def members_tables(console: Console, sets: Sequence[SetMembers]) -> None:
    for s in sets:
        table = Table(
            title=_t(f"{s.set_name} ({s.set_id}): {s.sessions_held} sessions", style="bold"),
            title_justify="left",
            box=box.SIMPLE_HEAD,
        )
        for name in ("Member", "Attended", "Rate", "Streak", "Presented", "Last presented"):
            table.add_column(name, justify="left" if name == "Member" else "right")
        table.add_column("Actions", justify="right")
        table.add_column("Kept", justify="right")
        for m in s.members:
            who = _t(m.name)
            if not m.current:
                who.append(" (left)", style="dim")
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

"""``alfacil history``: argument parsing, exit codes and output for the history views.

Exit codes: 0 ok, 2 bad input (usage, a set file with a mistake, no such session),
3 some file could not be read and was skipped (listed on stderr with its path and
reason). Data goes to stdout, messages to stderr. History never writes a file.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

if TYPE_CHECKING:
    from alfacil.history.queries import SetRecords
    from alfacil.store import Skipped

from alfacil.cliargs import (
    EXIT_BAD_INPUT,
    EXIT_FAILURE,
    EXIT_OK,
    EXIT_SKIPPED,
    UsageParser,
    speak_set_language,
)
from alfacil.i18n import N_, _, ngettext

VIEWS = ("show", "actions", "members")
#: The subcommands of ``alfacil history``; ``sessions`` is the one taken when none is named.
SUBCOMMANDS = ("sessions", *VIEWS)
FORMATS = ("table", "json", "csv", "markdown")
#: Sessions shown by the table when no --limit is given (json, csv, markdown: all).
TABLE_ROWS = 20
#: Actions shown by the table when neither --limit nor --all is given: the open ones,
#: newest first (json, csv, markdown: all). A long programme has tens of thousands,
#: and a table of them all takes Rich longer to lay out than reading 10,000 files.
ACTION_ROWS = 50
#: The width tables are laid out in when stdout is not a terminal: wide enough that
#: no cell is ever cut; each table is only as wide as its content needs.
PIPE_WIDTH = 1000
#: Options that take a value, so that `normalise` does not take the value for a word.
_VALUED = ("--set", "--data-dir", "--format", "--since", "--limit", "--member", "--lang")

#: The help texts are English msgids; the parser is built after the language is chosen
#: and translates them then.
DESCRIPTION = N_("""\
Past sessions, commitments, attendance and evaluation, read from the records
(never changed). With no set named, every set in the data folder, grouped by set.

views:
  sessions         (the default) one row per session: date, plan and actual length,
                   presenters, attendance, actions committed, earlier actions closed,
                   evaluation; trends of the last sessions underneath
  show SESSION     one session in full; SESSION is a session id (20261127T140000Z),
                   a date (2026-11-27) or `last`. --format markdown is a handout for
                   the members: attendance and actions (add --include-insights)
  actions          the commitments ledger: owner, action, when made, status history,
                   age in sessions (--open: not done or dropped yet)
  members          per member: attended of held, rate, current streak, presentations,
                   actions committed and the share kept (done or partly)

words: the first word that is `sessions`, `show`, `actions` or `members` is the view,
wherever it stands (write ./show for a set file of that name); with none, the
sessions. A word ending in .toml, or naming an existing file, is the set file.
`alfacil history VIEW --help` lists the options of each view. Dates and times are
where each session was held (its local time, recorded at its start); a session
recorded before alfacil kept that is shown in UTC, as session ids are.""")

EPILOG = N_("""\
data folder: --data-dir, else $ALFACIL_DATA_DIR, else `records` in the set file,
else your user data folder.
exit codes: 0 ok, 2 bad input, 3 a file could not be read and was skipped (listed
on stderr); everything else is still shown.
example: alfacil history --data-dir examples/records members""")

SET_FILE_HELP = N_("the set file (else --set, else every set in the data folder)")


def normalise(words: Sequence[str]) -> list[str]:
    """The words with the view first, as argparse's subcommands want it.

    Users write the view anywhere (`history --data-dir D members`, `history
    myset.toml members`) and leave it out for the session list; argparse takes a
    subcommand only before its options. So the first word that names a view moves to
    the front, and ``sessions`` is put there when none does."""
    words = list(words)
    positional: list[int] = []
    index = 0
    while index < len(words):
        word = words[index]
        if word == "--":
            positional.extend(range(index + 1, len(words)))
            break
        if word.startswith("-") and word != "-":
            index += 2 if word in _VALUED else 1
            continue
        positional.append(index)
        index += 1
    view = next((i for i in positional if words[i] in SUBCOMMANDS), None)
    if view is None:
        # `history --help` is history's own help, which lists the views
        return words if {"-h", "--help"} & set(words) else ["sessions", *words]
    return [words[view], *words[:view], *words[view + 1 :]]


def _common(open_: bool = False, insights: bool = False, select: bool = True) -> UsageParser:
    """The options a view takes, as a parent parser (argparse copies them in)."""
    parent = UsageParser(add_help=False)
    parent.add_argument("--set", dest="set_id", metavar="ID", help=_("a set by its id"))
    parent.add_argument("--data-dir", type=Path, metavar="D", help=_("where records live"))
    parent.add_argument("--format", choices=FORMATS, default="table", help=_("default: table"))
    if select:
        parent.add_argument(
            "--since", metavar="DATE", help=_("sessions on or after DATE (YYYY-MM-DD)")
        )
        parent.add_argument(
            "--limit",
            metavar="N",
            type=int,
            help=_(
                "at most N rows, newest first (the session table shows {rows} unless told)"
            ).format(rows=TABLE_ROWS),
        )
        parent.add_argument("--member", metavar="NAME", help=_("only this member (any case)"))
    if open_:
        parent.add_argument("--open", action="store_true", help=_("only actions still open"))
        parent.add_argument(
            "--all",
            action="store_true",
            help=_("table: every action, open and closed (else the {n} newest open ones)").format(
                n=ACTION_ROWS
            ),
        )
    if insights:
        parent.add_argument(
            "--include-insights", action="store_true", help=_("markdown: add the insights")
        )
    return parent


def _set_file(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("set_file", metavar="SET.toml", nargs="?", help=_(SET_FILE_HELP))


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Make ``parser`` (standalone, or the ``history`` subcommand of ``alfacil``) the
    history command: one subcommand per view, each with its own options and help."""
    parser.description = _(DESCRIPTION)
    parser.epilog = _(EPILOG)
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    views = parser.add_subparsers(
        dest="view", metavar="VIEW", parser_class=UsageParser, required=True
    )
    # after add_subparsers, which names the views' usage from the usage it finds
    parser.usage = _(
        "%(prog)s [sessions | show SESSION | actions | members] [SET.toml | --set ID] [options]"
    )
    sessions = views.add_parser(
        "sessions",
        parents=[_common()],
        help=_("one row per session, newest first, with trends (the default view)"),
        description=_(
            "One row per session, newest first: date, plan and actual length, "
            "presenters, attendance, actions committed, earlier actions closed, evaluation; "
            "trends (evaluation, attendance, actions kept) of the last 12 sessions underneath."
        ),
    )
    _set_file(sessions)
    show = views.add_parser(
        "show",
        parents=[_common(insights=True, select=False)],
        help=_("one session in full"),
        description=_(
            "One session: attendance, each phase planned against actual, pauses "
            "and adjustments, updates, actions, question tallies, advice reminders, "
            "evaluation. --format markdown is a handout for the members."
        ),
    )
    show.add_argument(
        "session", metavar="SESSION", help=_("a session id (20261127T140000Z), a date or `last`")
    )
    _set_file(show)
    actions = views.add_parser(
        "actions",
        parents=[_common(open_=True)],
        help=_("the commitments ledger"),
        description=_(
            "The commitments ledger: owner, action, when made, status history, age in sessions."
        ),
    )
    _set_file(actions)
    members = views.add_parser(
        "members",
        parents=[_common()],
        help=_("attendance, presentations and actions kept, per member"),
        description=_(
            "Per member: attended of held, rate, current streak, presentations, "
            "actions committed and the share kept (done or partly)."
        ),
    )
    _set_file(members)


def build_parser() -> argparse.ArgumentParser:
    """``alfacil history`` on its own (``alfacil``'s parser builds the same one)."""
    parser = UsageParser(prog="alfacil history")  # i18n: not text (the command's name)
    add_arguments(parser)
    return parser


class Request(argparse.Namespace):
    view: str = "sessions"
    set_id: str | None = None
    data_dir: Path | None = None
    format: str = "table"
    since: str | None = None
    limit: int | None = None
    member: str | None = None
    open: bool = False
    include_insights: bool = False
    all: bool = False
    set_file: Path | None = None
    session: str | None = None
    since_date: date | None = None


def _usage_error(message: str) -> NoReturn:
    print(f"alfacil history: {message}", file=sys.stderr)  # i18n: not text (the command)
    raise SystemExit(EXIT_BAD_INPUT)


def finish(args: argparse.Namespace) -> Request:
    """The parsed words as a request, with what argparse cannot check checked."""
    req = Request(**vars(args))
    word = vars(args).get("set_file")
    if req.view == "show" and req.session and req.session.endswith(".toml"):
        # `history myset.toml show last`, an older form: the view moved, the words did not
        req.session, word = word, req.session
    if word is not None:
        if word in SUBCOMMANDS:
            _usage_error(_("{word}: one view at a time").format(word=repr(word)))
        if not (word.endswith(".toml") or Path(word).is_file()):
            _usage_error(
                _("{word} is not a view (show, actions, members) nor a set file (.toml)").format(
                    word=repr(word)
                )
            )
        req.set_file = Path(word)
    if req.view == "show" and not req.session:
        _usage_error(_("show needs a SESSION: an id, a date (YYYY-MM-DD) or `last`"))
    if req.set_file is not None and req.set_id is not None:
        _usage_error(_("give a SET.toml or --set ID, not both"))
    if req.limit is not None and req.limit < 1:
        _usage_error(_("--limit must be 1 or more"))
    if req.since is not None:
        try:
            req.since_date = date.fromisoformat(req.since)
        except ValueError:
            _usage_error(
                _("--since {value}: expected a date like 2026-11-27").format(value=repr(req.since))
            )
    return req


def parse(argv: Sequence[str]) -> Request:
    return finish(build_parser().parse_args(normalise(argv)))


def _err(message: str) -> None:
    print(f"alfacil history: {message}", file=sys.stderr)  # i18n: not text (the command)


def main(argv: Sequence[str] | None = None) -> int:
    """``alfacil history`` on its own: parse the words after ``history``, then run."""
    return execute(parse(sys.argv[1:] if argv is None else argv))


def execute(req: Request) -> int:
    """Run one history view (``alfacil``'s parser calls this with ``finish(args)``)."""
    from alfacil.paths import resolve_data_dir

    if req.set_file is not None:
        from alfacil.config import SetFileError, load_set

        try:
            set_file = load_set(req.set_file, on_language=speak_set_language)
        except SetFileError as exc:
            print(exc, file=sys.stderr)
            return EXIT_BAD_INPUT
        data_dir = resolve_data_dir(req.data_dir, set_file.records_dir)
        set_ids = [set_file.config.set_id]
    else:
        data_dir = resolve_data_dir(req.data_dir, None)
        from alfacil.history.queries import available_sets

        if req.set_id is not None:
            if req.set_id not in available_sets(data_dir):
                known = ", ".join(available_sets(data_dir)) or _("none")
                _err(
                    _("no records of set {id} in {folder} (sets there: {known})").format(
                        id=repr(req.set_id), folder=data_dir, known=known
                    )
                )
                return EXIT_BAD_INPUT
            set_ids = [req.set_id]
        else:
            set_ids = available_sets(data_dir)
            if not set_ids:
                _err(
                    _("no records in {folder} (no set has held a session there yet)").format(
                        folder=data_dir
                    )
                )
    from alfacil.store import SetStore, StoreError

    try:
        for set_id in set_ids:  # records others can read: said wherever they are read
            for warning in SetStore.at(data_dir, set_id).permission_warnings():
                _err(warning)
        return run(req, data_dir, set_ids)
    except StoreError as exc:  # a folder that cannot be listed: say so, no traceback
        _err(str(exc))
        return EXIT_FAILURE


def run(req: Request, data_dir: Path, set_ids: list[str]) -> int:
    from alfacil.history import formats as fmt
    from alfacil.history import queries as history

    skipped: list[Skipped] = []
    left_out = 0
    out = ""
    renderer: tuple[str, object] | None = None
    member: str | None = None

    if req.view == "actions":
        now = datetime.now(UTC)
        if req.member is not None:
            sets_loaded = [history.load_set_records(data_dir, i) for i in set_ids]
            member = history.find_member(sets_loaded, req.member)
            if member is None:
                _err(_("no member named {name} in these records").format(name=repr(req.member)))
                _report(skipped_of(sets_loaded))
                return EXIT_BAD_INPUT
        # The table, unless told otherwise: the open actions, newest first, at most
        # ACTION_ROWS of them; stderr says how many more there are and how to see them.
        default = req.format == "table" and not req.all and req.limit is None
        ledgers = [
            history.action_ledger(
                data_dir,
                i,
                now,
                only_open=req.open or default,
                member=member,
                since=req.since_date,
                limit=ACTION_ROWS if default else req.limit,
            )
            for i in set_ids
        ]
        for ledger in ledgers:
            skipped.extend(ledger.skipped)
            if default:
                left_out += ledger.found - len(ledger.rows)
        if req.format == "json":
            out = fmt.actions_json(ledgers, skipped)
        elif req.format == "csv":
            out = fmt.actions_csv(ledgers)
        elif req.format == "markdown":
            out = fmt.actions_markdown(ledgers)
        else:
            renderer = ("actions", ledgers)
    else:
        sets = [history.load_set_records(data_dir, i) for i in set_ids]
        skipped = skipped_of(sets)
        if req.member is not None:
            member = history.find_member(sets, req.member)
            if member is None:
                _err(_("no member named {name} in these records").format(name=repr(req.member)))
                _report(skipped)
                return EXIT_BAD_INPUT
            sets = [s for s in sets if any(member in d.members for d in s.sessions)]
        if req.view == "show":
            assert req.session is not None
            try:
                found, session = history.find_session(sets, req.session)
                detail = history.session_detail(found, session)
            except history.HistoryError as exc:
                _err(str(exc))
                _report(skipped)
                return EXIT_SKIPPED if skipped else EXIT_BAD_INPUT
            if req.format == "json":
                out = fmt.detail_json(detail, skipped)
            elif req.format == "csv":
                out = fmt.detail_csv(detail)
            elif req.format == "markdown":
                out = fmt.detail_markdown(detail, req.include_insights)
            else:
                renderer = ("show", detail)
        elif req.view == "members":
            stats = [history.member_stats(s, req.since_date, member) for s in sets]
            if req.limit:
                for s in stats:
                    s.members = s.members[: req.limit]
            if req.format == "json":
                out = fmt.members_json(stats, skipped)
            elif req.format == "csv":
                out = fmt.members_csv(stats)
            elif req.format == "markdown":
                out = fmt.members_markdown(stats)
            else:
                renderer = ("members", stats)
        else:
            limit = req.limit
            if limit is None and req.format == "table":
                limit = TABLE_ROWS  # a screenful; the title says how many there are
            lists = [history.session_list(s, req.since_date, limit, member) for s in sets]
            if req.format == "json":
                out = fmt.sessions_json(lists, skipped, member)
            elif req.format == "csv":
                out = fmt.sessions_csv(lists)
            elif req.format == "markdown":
                out = fmt.sessions_markdown(lists)
            else:
                renderer = ("sessions", lists)

    if renderer is not None:
        _render(renderer[0], renderer[1], member)
    else:
        sys.stdout.write(_encodable(out, req.format))
        sys.stdout.flush()
    if req.view == "actions" and left_out:
        _err(
            ngettext(
                "{n} more action not shown (closed, or beyond the {rows} newest open "
                "ones): --all lists every action",
                "{n} more actions not shown (closed, or beyond the {rows} newest open "
                "ones): --all lists every action",
                left_out,
            ).format(n=left_out, rows=ACTION_ROWS)
        )
    _report(skipped)
    return EXIT_SKIPPED if skipped else EXIT_OK


def _encodable(out: str, fmt: str) -> str:
    """json that a terminal of another encoding than UTF-8 (LANG=C, ISO-8859-1) can
    take: every character it cannot write as a JSON escape, so the output is still
    JSON. Other formats are written with escapes for such characters (``\\u738b``,
    see ``cli._never_unprintable``)."""
    if fmt != "json":
        return out
    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    try:
        out.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        import json

        return json.dumps(json.loads(out), indent=2, ensure_ascii=True) + "\n"
    return out


def skipped_of(sets: Sequence[SetRecords]) -> list[Skipped]:
    return [item for s in sets for item in s.skipped]


def _report(skipped: Sequence[Skipped]) -> None:
    """Each unreadable file on stderr: its path and why (line:column for JSON)."""
    for item in skipped:
        label = _("skipped (needs a newer alfacil)") if item.newer else _("skipped")
        _err(f"{label}: {item}")
    if skipped:
        _err(
            ngettext(
                "{n} file could not be read and was left as it is",
                "{n} files could not be read and were left as they are",
                len(skipped),
            ).format(n=len(skipped))
        )


def _render(view: str, data: object, member: str | None) -> None:
    from rich.console import Console

    class _Console(Console):
        def on_broken_pipe(self) -> None:
            # Rich would exit 1 here; alfacil's main() ends every closed pipe alike (0)
            raise BrokenPipeError

    from alfacil.history import render

    # Into a pipe or a file there is no screen to fit: every cell keeps its full text
    # (a terminal still gets tables cut to its width).
    wide = None if sys.stdout.isatty() else PIPE_WIDTH
    console = _Console(highlight=False, soft_wrap=False, width=wide)
    if view == "sessions":
        render.sessions_tables(console, data, member)  # type: ignore[arg-type]
    elif view == "show":
        render.detail_view(console, data)  # type: ignore[arg-type]
    elif view == "actions":
        render.actions_tables(console, data)  # type: ignore[arg-type]
    else:
        render.members_tables(console, data)  # type: ignore[arg-type]

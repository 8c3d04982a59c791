"""The ``alfacil`` command: argument parsing, exit codes, and lazy imports.

``--help`` imports neither pydantic nor Textual, and only ``start`` imports Textual,
so the commands a coordinator runs between meetings start fast.

Exit codes: 0 ok, 1 runtime failure, 2 bad input (usage, set file), 3 something was
skipped (history, migrate). Messages go to stderr, data to stdout.

A command is one parser block in :func:`build_parser`, ending in
``set_defaults(run=...)``, and one ``cmd_`` function; docs/alfacil.1 and the shell
completions are made from the parser (``python scripts/make_manpage.py`` after a change).
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from alfacil import __version__

if TYPE_CHECKING:
    from alfacil.config import SetFile
    from alfacil.runner import Runner

from alfacil.cliargs import (
    EXIT_BAD_INPUT,
    EXIT_FAILURE,
    EXIT_OK,
    EXIT_SKIPPED,
    UsageParser,
    choose_language,
    lang_argument,
    speak_set_language,
)
from alfacil.history import command as history_command
from alfacil.i18n import N_, _, current, ngettext

DESCRIPTION = N_("""\
The facilitator's console for Action Learning Sets: big countdowns, the rule of each
phase, attendance, presenters, updates on commitments, new actions and evaluation.
Records stay on this machine, readable by you only.""")

EPILOG = N_("""\
examples:
  alfacil init myset.toml          write a starter set file to edit
  alfacil check myset.toml         validate it and show the plan
  alfacil start myset.toml         run a session (press ? for keys)
  alfacil display myset.toml       the members' screen for the wall, beside it
  alfacil serve myset.toml         the console in a browser tab (127.0.0.1 only)
  alfacil history myset.toml       past sessions; see also: history show last,
                                   history actions --open, history members
  alfacil migrate myset.toml       rewrite records of an older alfacil, with backups
  alfacil paths myset.toml         where its records are
  alfacil completion bash          tab completion for your shell (also zsh, fish)

data folder: --data-dir, else $ALFACIL_DATA_DIR, else `records` in the set file,
else your user data folder.""")


def build_parser() -> argparse.ArgumentParser:
    parser = UsageParser(
        prog="alfacil",
        description=_(DESCRIPTION),
        epilog=_(EPILOG),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"alfacil {__version__}",  # i18n: not text (a name and a number)
        help=_("show program's version number and exit"),
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=UsageParser)

    start = commands.add_parser(
        "start",
        help=_("run a session of a set on this screen"),
        description=_(
            "Run a session: check-in, ground rules, updates, presenters, "
            "evaluation, close. The session is saved as it goes; quitting keeps it."
        ),
    )
    start.add_argument("set_file", metavar="SET.toml", type=Path)
    start.add_argument("--data-dir", type=Path, help=_("where records live (see --help)"))
    resume = start.add_mutually_exclusive_group()
    resume.add_argument(
        "--resume", action="store_true", help=_("resume an unfinished session without asking")
    )
    resume.add_argument(
        "--fresh",
        action="store_true",
        help=_("close an unfinished session as ended early and start a new one"),
    )
    start.add_argument(
        "--no-bell",
        action="store_true",
        help=_("no bell this time, whatever the set file says"),
    )
    start.add_argument(
        "--theme",
        choices=("default", "high-contrast", "light-contrast"),
        help=_("the console's theme this time (else the set file's `theme`)"),
    )
    start.set_defaults(
        run=lambda a: cmd_start(
            a.set_file, a.data_dir, a.resume, a.fresh, no_bell=a.no_bell, theme=a.theme
        )
    )

    history = commands.add_parser(
        "history", help=_("past sessions, commitments, attendance and evaluation")
    )
    history_command.add_arguments(history)
    history.set_defaults(run=lambda a: history_command.execute(history_command.finish(a)))

    migrate = commands.add_parser(
        "migrate",
        help=_("rewrite a set's records of an older alfacil in the current format, with backups"),
        description=_(
            "Rewrite every record of an older schema (session files, the "
            "commitments ledger, an unfinished session) in the current one. Each file is "
            "first copied next to itself as NAME.vN.bak (N: its old schema; an existing "
            "backup is never overwritten), then replaced atomically. Nothing else does "
            "this: history and start read older records as they are. A newer or unreadable "
            "file is reported and left untouched. The set must not be open in alfacil start."
        ),
        epilog=_(
            "exit codes: 0 done (or nothing to do), 1 the set is open in alfacil start "
            "(its PID is named) or a write failed, 2 bad input, 3 a file was skipped (listed "
            "on stderr, left as it is)."
        ),
    )
    migrate.add_argument(
        "set_file",
        metavar="SET.toml",
        type=Path,
        nargs="?",
        help=_("the set whose records to migrate (else --set, else every set in the folder)"),
    )
    migrate.add_argument("--set", dest="set_id", metavar="ID", help=_("a set by its id"))
    migrate.add_argument("--data-dir", type=Path, metavar="D", help=_("where records live"))
    migrate.add_argument(
        "--dry-run",
        action="store_true",
        help=_("only list what would be rewritten; write nothing"),
    )
    migrate.set_defaults(run=lambda a: cmd_migrate(a.set_file, a.set_id, a.data_dir, a.dry_run))

    _display_parser(commands)
    _serve_parser(commands)

    check = commands.add_parser("check", help=_("validate a set file and show its plan"))
    check.add_argument("set_file", metavar="SET.toml", type=Path)
    check.set_defaults(run=lambda a: cmd_check(a.set_file))

    init = commands.add_parser("init", help=_("write a commented starter set file"))
    init.add_argument(
        "path",
        nargs="?",
        default=Path("myset.toml"),
        type=Path,
        help=_("where to write it (default: myset.toml); never overwritten"),
    )
    init.add_argument(
        "--protocol",
        default="action-learning",
        choices=("action-learning", "troika", "wise-crowds", "balint", "intervision"),
        help=_("the peer-learning protocol the set follows (default: action-learning)"),
    )
    init.set_defaults(run=lambda a: cmd_init(a.path, a.protocol))

    paths = commands.add_parser(
        "paths",
        help=_("print where the data lives"),
        description=_(
            "Print the data folder and the rule that chose it; with a set file "
            "(or --set), also that set's folder and its files. Reads nothing, writes nothing."
        ),
    )
    paths.add_argument("set_file", metavar="SET.toml", type=Path, nargs="?")
    paths.add_argument("--set", dest="set_id", metavar="ID", help=_("a set by its id"))
    paths.add_argument("--data-dir", type=Path, metavar="D", help=_("where records live"))
    paths.set_defaults(run=lambda a: cmd_paths(a.set_file, a.set_id, a.data_dir))

    completion = commands.add_parser(
        "completion",
        help=_("print the shell completion script for bash, zsh or fish"),
        description=_(
            "Print a completion script for your shell, made from this parser, "
            "so that every command, view and option completes with tab."
        ),
        epilog=_("install:")
        + "\n"
        + "  bash: alfacil completion bash > ~/.local/share/bash-completion/completions/alfacil\n"
        "  zsh:  alfacil completion zsh > ~/.zfunc/_alfacil   (with fpath+=~/.zfunc)\n"
        "  fish: alfacil completion fish > "  # i18n: not text (commands)
        "~/.config/fish/completions/alfacil.fish",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    completion.add_argument("shell", choices=SHELLS, metavar="SHELL", help=_("bash, zsh or fish"))
    completion.set_defaults(run=lambda a: cmd_completion(a.shell))
    for one in _parsers(parser):
        lang_argument(one)
    return parser


def _parsers(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    """``parser`` and every parser of its subcommands, however deep: each takes
    ``--lang``, so that it is accepted before the command, after it, or after a view."""
    found = [parser]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in dict.fromkeys(action.choices.values()):
                found.extend(_parsers(sub))
    return found


SHELLS = ("bash", "zsh", "fish")


def cmd_completion(shell: str) -> int:
    """The shell's completion script, made by shtab from the parser itself, so that it
    follows every new command and option without being written by hand."""
    import shtab

    parser = build_parser()
    for action in _actions(parser):
        if action.metavar == "SET.toml":  # complete file names there, nothing else
            action.complete = shtab.FILE  # type: ignore[attr-defined]
    sys.stdout.write(shtab.complete(parser, shell=shell))
    return EXIT_OK


def _actions(parser: argparse.ArgumentParser) -> list[argparse.Action]:
    """Every argument of ``parser`` and of its subcommands, however deep."""
    found = list(parser._actions)
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in dict.fromkeys(action.choices.values()):
                found.extend(_actions(sub))
    return found


def _err(message: str) -> None:
    print(f"alfacil: {message}", file=sys.stderr)


def _load(path: Path) -> SetFile:
    from alfacil.config import load_set

    return load_set(path, on_language=speak_set_language)


def cmd_check(path: Path) -> int:
    from alfacil.config import SetFileError
    from alfacil.durations import format_duration
    from alfacil.engine import plan_steps
    from alfacil.protocol import PROTOCOLS

    try:
        set_file = _load(path)
    except SetFileError as exc:
        print(exc, file=sys.stderr)
        return EXIT_BAD_INPUT
    config = set_file.config
    phases = config.resolved_phases
    members = config.member_names
    protocol = config.protocol if config.phases is None else _("custom")
    language = current()
    out = [
        _("{path}: ok").format(path=path),
        _row(_("set"), _("{name} (id {id})").format(name=config.name, id=config.set_id)),
        _row(_("facilitator"), config.facilitator),
        _row(_("members"), f"{len(members)}: {', '.join(members)}"),  # i18n: not text (layout)
        _row(_("protocol"), f"{protocol}: ")  # i18n: not text (layout)
        + ", ".join(f"{p.id} {format_duration(p.duration)}" for p in phases),
        _row(_("language"), f"{LANGUAGE_NAMES[language]} ({language})"),  # i18n: not text
        _row(_("agreed length"), format_duration(config.session_length)),
        _row(_("protocols"), ", ".join(PROTOCOLS))
        + _(" (protocol = NAME; alfacil init --protocol NAME writes a starter)"),
    ]
    for spec, after, turn in config.planned_breaks:
        where = _("{phase}, turn {turn}").format(phase=after, turn=turn) if turn else after
        what = _("{title} {duration} after {phase}").format(
            title=spec.title, duration=format_duration(spec.duration), phase=where
        )
        out.append(_row(_("break"), what))
    warn = []
    update = next((p for p in phases if p.kind == "updates"), None)
    for count in range(1, config.presenters_per_session + 1):
        names = members[:count]
        total = sum(p.duration for p, _step in plan_steps(phases, names, [], config.planned_breaks))
        mark = _(" (the set's usual)") if count == config.presenters_per_session else ""
        plan = ngettext(
            "plan with {count} presenter: {total}", "plan with {count} presenters: {total}", count
        )
        out.append("  " + plan.format(count=count, total=format_duration(total)) + mark)
        if count == config.presenters_per_session and total > config.session_length:
            warn.append(
                _(
                    "warning: with {count} presenters the plan ({total}) is "
                    "longer than the agreed {agreed}"
                ).format(
                    count=count,
                    total=format_duration(total),
                    agreed=format_duration(config.session_length),
                )
            )
    if update is not None:
        out.append(
            "  "
            + _("updates add {duration} per member with open actions").format(
                duration=format_duration(update.duration)
            )
        )
    warn += _shared_folder_warnings(set_file)
    warn += _earlier_folder_warnings(set_file, None)
    print("\n".join(out))
    for line in warn:
        print(line, file=sys.stderr)
    return EXIT_OK


#: Each language by its own name, as a language chooser shows it.
LANGUAGE_NAMES = {"en": "English", "cy": "Cymraeg", "cy+en": "Cymraeg + English"}  # i18n: not text


def _row(label: str, value: str) -> str:
    """One line of ``check``'s plan: the label, a colon, the value in a column."""
    return f"  {label + ':':<13} {value}"  # i18n: not text (layout)


def _shared_folder_warnings(set_file: SetFile) -> list[str]:
    """A warning when the set's records folder already holds another set's records
    (two names, one id): ``start`` would refuse it. Nothing else about the data folder
    is ``check``'s business, so a folder that cannot be read says nothing here."""
    from alfacil.paths import DataFolderError, resolve_data_dir
    from alfacil.store import SetStore, StoreError, other_set_names
    from alfacil.text import escape_controls

    config = set_file.config
    try:
        store = SetStore.at(resolve_data_dir(None, set_file.records_dir), config.set_id)
        others = other_set_names(config.name, store.recorded_sessions())
    except (DataFolderError, StoreError, OSError):
        return []
    if not others:
        return []
    shown = ", ".join(repr(escape_controls(name)) for name in others)
    if config.id is not None:
        text = _(
            "warning: the records folder {folder} holds records of another set "
            '({names}): the two sets would share it. Give this set its own id (id = "...") '
            "unless it is the same set renamed"
        )
    else:
        text = _(
            "warning: the records folder {folder} holds records of another set "
            "({names}): the two sets would share it; alfacil start refuses it. Give this "
            'set its own id (id = "...") unless it is the same set renamed'
        )
    return [text.format(folder=store.paths.root, names=shown)]


def cmd_init(path: Path, protocol: str = "action-learning") -> int:
    from alfacil.starter import starter_text
    from alfacil.store import StoreError, write_new_file

    if path.exists():
        _err(
            _("{path} already exists; choose another name (nothing was written)").format(path=path)
        )
        return EXIT_BAD_INPUT
    try:
        write_new_file(path, starter_text(protocol).encode())
    except StoreError as exc:
        _err(str(exc))
        return EXIT_FAILURE
    print(
        _("wrote {path}: edit the names, then run `alfacil check {path}`").format(path=path),
        file=sys.stderr,
    )
    return EXIT_OK


_STREAMS = (
    (
        0,
        N_(
            "alfacil start needs a terminal, and its standard input is not one "
            "(redirected to a file or a pipe?); run it in a terminal window"
        ),
    ),
    (
        1,
        N_(
            "alfacil start needs a terminal, and its standard output is not one "
            "(redirected to a file or a pipe?); run it in a terminal window"
        ),
    ),
    (
        2,
        N_(
            "alfacil start needs a terminal, and its standard error output is not one "
            "(redirected to a file or a pipe?); run it in a terminal window"
        ),
    ),
)


def terminal_problem() -> str | None:
    """Why the console cannot run here, or None: it needs a terminal on all three
    standard streams (keys come from one, and Textual draws on standard error at the
    size of the terminal), and one that takes UTF-8 (the clock's blocks, the names).

    Under ``alfacil serve`` textual-serve runs this command with pipes, not a
    terminal, and names its web driver in ``TEXTUAL_DRIVER``: the browser is the
    terminal then, and the console must start."""
    if os.environ.get("TEXTUAL_DRIVER"):
        return None
    for fd, problem in _STREAMS:
        try:
            tty = os.isatty(fd)
        except OSError:
            tty = False
        if not tty:
            return _(problem)
    import codecs

    for stream in (sys.__stdout__, sys.__stderr__):
        encoding = getattr(stream, "encoding", None) or "ascii"
        try:
            utf8 = codecs.lookup(encoding).name == "utf-8"
        except LookupError:
            utf8 = False
        if not utf8:
            return _(
                "alfacil start needs a UTF-8 terminal, and this one writes {encoding}; "
                "set a UTF-8 locale (for example LANG=C.UTF-8) and start again"
            ).format(encoding=encoding)
    return None


def _earlier_folder_warnings(set_file: SetFile, data_dir: Path | None) -> list[str]:
    """Where an earlier alfacil kept this set's records, when its id has changed since
    (a name without ASCII letters was ``set`` for every set): they are not lost, and
    the line says how to keep using them. Said by ``check`` and ``start``."""
    from alfacil.config import legacy_set_id
    from alfacil.paths import DataFolderError, resolve_data_dir
    from alfacil.store import SetStore, StoreError
    from alfacil.text import name_key

    config = set_file.config
    old_id = legacy_set_id(config.name)
    if config.id is not None or old_id == config.set_id:
        return []
    try:
        folder = resolve_data_dir(data_dir, set_file.records_dir)
        sessions = SetStore.at(folder, old_id).recorded_sessions()
    except (DataFolderError, StoreError, OSError):
        return []
    if not any(name_key(s.set_name) == name_key(config.name) for s in sessions):
        return []
    return [
        _(
            "warning: this set's earlier records are in {folder} (the id an older "
            "alfacil gave its name); its id is now {id}. To keep using them, "
            'write id = "{old_id}" in {path}, after making sure no other set\'s '
            "records are in that folder"
        ).format(folder=folder / old_id, id=config.set_id, old_id=old_id, path=set_file.path)
    ]


def cmd_start(
    path: Path,
    data_dir: Path | None,
    resume: bool,
    fresh: bool,
    *,
    no_bell: bool = False,
    theme: str | None = None,
) -> int:
    from alfacil.clock import SystemClock
    from alfacil.config import SetFileError
    from alfacil.paths import resolve_data_dir
    from alfacil.runner import Runner
    from alfacil.store import StoreError

    try:
        set_file = _load(path)
    except SetFileError as exc:
        print(exc, file=sys.stderr)
        return EXIT_BAD_INPUT
    set_file = with_overrides(set_file, no_bell=no_bell, theme=theme)
    # Before the data folder is touched: no folder, lock or autosave for a console
    # that could never be used (keys ignored, drawn into a file or as escapes).
    problem = terminal_problem()
    if problem is not None:
        _err(problem)
        return EXIT_BAD_INPUT
    folder = resolve_data_dir(data_dir, set_file.records_dir)
    try:
        runner = Runner.open(set_file, folder, SystemClock())
    except StoreError as exc:
        _err(str(exc))
        return EXIT_FAILURE
    try:
        if runner.set_aside is not None:
            _err(
                _("the unfinished session could not be read ({reason}); kept as {path}").format(
                    reason=runner.set_aside_reason, path=runner.set_aside
                )
            )
        tell_before_console(runner)
        for warning in runner.store.permission_warnings():
            _err(warning)
        for warning in _earlier_folder_warnings(set_file, data_dir):
            print(warning, file=sys.stderr)
        if resume and runner.pending is None:
            # Asked to resume, nothing to resume: most likely the wrong set or data
            # folder, or the session was already closed. Starting a new session here
            # would leave a stray record, so say so and let the facilitator choose.
            _err(
                _(
                    "nothing to resume: no unfinished session of {set_id} "
                    "in {folder}; run without --resume to start a new one"
                ).format(set_id=set_file.config.set_id, folder=folder)
            )
            return EXIT_BAD_INPUT
        mode = "resume" if resume else "fresh" if fresh else "ask"
        from alfacil.tui.app import run_console

        return run_console(runner, mode)
    finally:
        runner.close()


def with_overrides(set_file: SetFile, *, no_bell: bool, theme: str | None) -> SetFile:
    """The set as agreed, with this run's --no-bell and --theme: the console reads
    ``bell`` and ``theme`` from the config, so it needs no other path for them."""
    update: dict[str, object] = {}
    if no_bell:
        update["bell"] = False
    if theme is not None:
        update["theme"] = theme
    if not update:
        return set_file
    return dataclasses.replace(set_file, config=set_file.config.model_copy(update=update))


def cmd_paths(path: Path | None, set_id: str | None, data_dir: Path | None) -> int:
    """Where the data lives, as `posting locate` does: for backups and for support."""
    from alfacil.config import SetFileError
    from alfacil.paths import SetPaths, locate_data_dir

    if path is not None and set_id is not None:
        _err(_("paths: give a SET.toml or --set ID, not both"))
        return EXIT_BAD_INPUT
    records = None
    if path is not None:
        try:
            set_file = _load(path)
        except SetFileError as exc:
            print(exc, file=sys.stderr)
            return EXIT_BAD_INPUT
        records, set_id = set_file.records_dir, set_file.config.set_id
    folder, source = locate_data_dir(data_dir, records)
    rows = [(_("data folder"), _("{folder}  (from {source})").format(folder=folder, source=source))]
    if path is not None:
        rows.append((_("set file"), str(path)))
    if set_id is None:
        from alfacil.store import set_ids_in

        try:
            known = set_ids_in(folder)
        except OSError:  # a folder we may not list: the path is still the answer
            known = []
        rows.append((_("sets there"), ", ".join(known) or _("none yet")))
    else:
        files = SetPaths(folder, set_id)
        rows += [
            (_("set id"), set_id),
            (_("set folder"), str(files.root)),
            (_("sessions"), str(files.sessions)),
            (_("ledger"), str(files.ledger)),
            (_("autosave"), str(files.autosave)),
            (_("lock"), str(files.lock)),
        ]
    width = max(len(name) for name, _value in rows) + 2
    print("\n".join(f"{name + ':':<{width}}{value}" for name, value in rows))
    return EXIT_OK


def tell_before_console(runner: Runner) -> None:
    """What `start` says on stderr before the console takes the screen: the session
    files it could not read (as history reports them), and a close it finished."""
    for item in runner.skipped:  # as history reports them, before the console
        label = _("skipped (needs a newer alfacil)") if item.newer else _("skipped")
        _err(f"{label}: {item}")  # i18n: not text (layout)
    if runner.skipped:
        count = len(runner.skipped)
        _err(
            ngettext(
                "{count} session file could not be read and was left as it is; "
                "the open actions the ledger had from it are kept",
                "{count} session files could not be read and were left as they are; "
                "the open actions the ledger had from them are kept",
                count,
            ).format(count=count)
        )
    if runner.close_finished is not None:
        _err(
            _(
                "the last session's record was already written ({path}); its close is now finished"
            ).format(path=runner.close_finished)
        )


def _display_parser(commands: argparse._SubParsersAction[UsageParser]) -> None:
    display = commands.add_parser(
        "display",
        help=_("the members' screen: the session running for a set, for the wall"),
        description=_(
            "Show the members' screen for the session `alfacil start` is running "
            "for this set: the phase, the presenter, the big countdown, the phase's rule, the "
            "run sheet and the projected end. Nothing private (attendance, updates, actions, "
            "insights, ratings, learnings) is shown. It reads the set's autosave, never "
            "writes and takes no lock, so run it beside the console (another terminal, a "
            "projector). Before and after a session it waits calmly. q leaves."
        ),
    )
    display.add_argument("set_file", metavar="SET.toml", type=Path, nargs="?")
    display.add_argument("--set", dest="set_id", metavar="ID", help=_("a set by its id"))
    display.add_argument("--data-dir", type=Path, metavar="D", help=_("where records live"))
    display.set_defaults(run=lambda a: cmd_display(a.set_file, a.set_id, a.data_dir))


def cmd_display(path: Path | None, set_id: str | None, data_dir: Path | None) -> int:
    from alfacil.clock import SystemClock
    from alfacil.config import SetFileError
    from alfacil.paths import SetPaths, resolve_data_dir

    if (path is None) == (set_id is None):
        _err(_("display: give a SET.toml or --set ID (one of them)"))
        return EXIT_BAD_INPUT
    config = None
    if path is not None:
        try:
            set_file = _load(path)
        except SetFileError as exc:
            print(exc, file=sys.stderr)
            return EXIT_BAD_INPUT
        config = set_file.config
        folder = resolve_data_dir(data_dir, set_file.records_dir)
        set_id = config.set_id
    else:
        import re

        from alfacil.records import SET_ID_PATTERN

        if set_id is None or not re.fullmatch(SET_ID_PATTERN, set_id):
            _err(
                _("display: {set_id} is not a set id (letters, digits, - and _)").format(
                    set_id=repr(set_id)
                )
            )
            return EXIT_BAD_INPUT
        folder = resolve_data_dir(data_dir, None)
    from alfacil.tui.display import make_display_app, run_display

    app = make_display_app(SetPaths(folder, set_id), SystemClock(), config=config)
    return run_display(app)


def _serve_parser(commands: argparse._SubParsersAction[UsageParser]) -> None:
    serve = commands.add_parser(
        "serve",
        help=_("the console (or, with --display, the members' screen) in a browser tab"),
        description=_(
            "Serve `alfacil start` (or, with --display, `alfacil display`) for this "
            "set in a web browser, through textual-serve (pip install 'alfacil[serve]'). It "
            "listens on 127.0.0.1: only this computer can open it. Anyone who can reach the "
            "port drives the console and sees the set's records, so any other --host needs "
            "--public, and alfacil then says who can reach it."
        ),
    )
    serve.add_argument("set_file", metavar="SET.toml", type=Path)
    serve.add_argument("--display", action="store_true", help=_("serve the members' screen"))
    serve.add_argument(
        "--port", type=int, default=8000, metavar="N", help=_("default {value}").format(value=8000)
    )
    serve.add_argument(
        "--host",
        default="127.0.0.1",
        metavar="H",
        help=_("default {value}").format(value="127.0.0.1"),
    )
    serve.add_argument(
        "--public",
        action="store_true",
        help=_("allow a --host that other computers can reach"),
    )
    serve.add_argument("--data-dir", type=Path, metavar="D", help=_("where records live"))
    serve.set_defaults(
        run=lambda a: cmd_serve(a.set_file, a.data_dir, a.display, a.host, a.port, a.public)
    )


def cmd_serve(
    path: Path, data_dir: Path | None, display: bool, host: str, port: int, public: bool
) -> int:
    from alfacil.config import SetFileError
    from alfacil.paths import resolve_data_dir
    from alfacil.serve import ServeRefused, plan, serve, textual_serve_missing

    try:
        set_file = _load(path)
    except SetFileError as exc:
        print(exc, file=sys.stderr)
        return EXIT_BAD_INPUT
    if not 0 < port < 65536:
        _err(_("serve: --port {port} is not a port (1-65535)").format(port=port))
        return EXIT_BAD_INPUT
    folder = resolve_data_dir(data_dir, set_file.records_dir)
    try:
        served = plan(
            path, folder, display=display, host=host, port=port, public=public, language=current()
        )
    except ServeRefused as exc:
        _err(f"serve: {exc}")  # i18n: not text (the command's name, then its message)
        return EXIT_BAD_INPUT
    if textual_serve_missing():
        _err(_("serve: textual-serve is not installed: pip install 'alfacil[serve]'"))
        return EXIT_FAILURE
    print(served.notice, file=sys.stderr)
    return serve(served)


def cmd_migrate(path: Path | None, set_id: str | None, data_dir: Path | None, dry_run: bool) -> int:
    from alfacil.config import SetFileError
    from alfacil.paths import resolve_data_dir
    from alfacil.store import (
        FolderError,
        LockedError,
        SetStore,
        StoreError,
        folder_exists,
        set_ids_in,
    )

    if path is not None and set_id is not None:
        _err(_("migrate: give a SET.toml or --set ID, not both"))
        return EXIT_BAD_INPUT
    if path is not None:
        try:
            set_file = _load(path)
        except SetFileError as exc:
            print(exc, file=sys.stderr)
            return EXIT_BAD_INPUT
        folder = resolve_data_dir(data_dir, set_file.records_dir)
        set_ids = [set_file.config.set_id]
    else:
        folder = resolve_data_dir(data_dir, None)
        known = set_ids_in(folder)
        if set_id is not None and set_id not in known:
            _err(
                _("migrate: no records of set {set_id} in {folder} (sets there: {known})").format(
                    set_id=repr(set_id), folder=folder, known=", ".join(known) or _("none")
                )
            )
            return EXIT_BAD_INPUT
        set_ids = [set_id] if set_id is not None else known
        if not set_ids:
            print(
                _("no records in {folder}; nothing to migrate").format(folder=folder),
                file=sys.stderr,
            )
    failed = skipped = False
    outcomes = ("migrated", "would migrate", "current", "skipped", "failed")  # i18n: not text
    counts = dict.fromkeys(outcomes, 0)
    for one in set_ids:
        store = SetStore.at(folder, one)
        if not folder_exists(store.paths.root):
            print(
                _("{folder}: no records yet; nothing to migrate").format(folder=store.paths.root),
                file=sys.stderr,
            )
            continue
        for warning in store.permission_warnings():
            _err(warning)
        try:
            if not dry_run:
                store.acquire()  # a running session holds it: its files are not ours
            try:
                results = store.migrate_records(dry_run=dry_run)
            finally:
                store.release()
        except FolderError:
            raise  # the folder itself cannot be used: one line from main, exit 1
        except LockedError as exc:
            if exc.pid:
                text = _(
                    "migrate: set {set_id} is open in alfacil by process {pid}; nothing was "
                    "rewritten. Close that session first ({reason})"
                )
            else:
                text = _(
                    "migrate: set {set_id} is open in alfacil; nothing was rewritten. "
                    "Close that session first ({reason})"
                )
            _err(text.format(set_id=repr(one), pid=exc.pid, reason=exc))
            failed = True
            continue
        except StoreError as exc:
            _err(f"migrate: {exc}")
            failed = True
            continue
        for result in results:
            counts[result.outcome] += 1
            if result.outcome in ("migrated", "would migrate"):  # i18n: not text (outcomes)
                print(result)
            elif result.outcome == "skipped":
                print(_("skipped {file}").format(file=result), file=sys.stderr)
                skipped = True
            elif result.outcome == "failed":
                _err(f"migrate: {result}")
                failed = True
    if dry_run:
        summary = _("would migrate {done}, already current {current}, skipped {skipped}")
    else:
        summary = _("migrated {done}, already current {current}, skipped {skipped}")
    done = counts["would migrate" if dry_run else "migrated"]  # i18n: not text (outcomes)
    summary = summary.format(done=done, current=counts["current"], skipped=counts["skipped"])
    if counts["failed"]:
        summary += _(", failed {failed}").format(failed=counts["failed"])
    print(summary, file=sys.stderr)
    # A failed write or a locked set outranks a skipped file: something was not done.
    return EXIT_FAILURE if failed else EXIT_SKIPPED if skipped else EXIT_OK


def _never_unprintable() -> None:
    """In a locale that is not UTF-8 (LANG=C with an ISO-8859-1 terminal, say), a
    name alfacil cannot encode is written as an escape (``\\u738b``), not a crash on
    the first one. ``start``, which must draw, refuses such a terminal instead."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and getattr(stream, "errors", None) == "strict":
            with contextlib.suppress(Exception):
                reconfigure(errors="backslashreplace")


def main(argv: list[str] | None = None) -> int:
    """Run one command. Output that cannot be written ends here, the same way for every
    command and format: a reader that left (`| head -1`) quietly with 0; a full disk
    (`> /dev/full`) with one line and 1. A locale that is not UTF-8 gets escapes, not
    a crash (``_never_unprintable``); a data folder that cannot be used is one line."""
    from alfacil.paths import DataFolderError

    _never_unprintable()
    try:
        try:
            code = _dispatch(argv)
        except SystemExit:  # --help, --version and usage errors print, then exit
            sys.stdout.flush()
            raise
        sys.stdout.flush()  # a write that fails, fails here rather than at exit
        return code
    except DataFolderError as exc:
        # Any command, any folder that cannot be found, made or used: one line.
        _err(str(exc))
        return EXIT_FAILURE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `alfacil history | head`: the reader left. Say nothing more.
        _drop_stdout()
        return EXIT_OK
    except UnicodeEncodeError as exc:
        encoding = getattr(sys.stdout, "encoding", None) or exc.encoding
        _drop_stdout()
        _err(
            _(
                "the output holds text that {encoding} cannot encode "
                "({text}); use a UTF-8 locale, e.g. LANG=C.UTF-8"
            ).format(encoding=encoding, text=ascii(exc.object[exc.start : exc.end]))
        )
        return EXIT_FAILURE
    except OSError as exc:
        if exc.filename is not None:  # a file of ours: not an output problem
            raise
        _drop_stdout()
        _err(_("cannot write the output: {reason}").format(reason=exc.strerror or exc))
        return EXIT_FAILURE


def _drop_stdout() -> None:
    """Point stdout at /dev/null, so that Python's own flush on the way out neither
    fails again nor prints "Exception ignored" with a traceback."""
    with contextlib.suppress(OSError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _dispatch(argv: list[str] | None) -> int:
    words = sys.argv[1:] if argv is None else argv
    if words[:1] == ["history"]:
        # history's view may come anywhere, or not at all: put it first for argparse
        words = ["history", *history_command.normalise(words[1:])]
    choose_language(words)  # before the parser, whose help is in that language
    parser = build_parser()
    args = parser.parse_args(words)
    run: Callable[[argparse.Namespace], int] | None = getattr(args, "run", None)
    if run is None:
        parser.print_help()
        return EXIT_OK
    return run(args)

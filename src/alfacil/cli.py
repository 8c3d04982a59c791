"""The ``alfacil`` command: argument parsing, exit codes, and lazy imports.

``--help`` imports neither pydantic nor Textual, and only ``start`` imports Textual,
so the commands a coordinator runs between meetings start fast.

Exit codes: 0 ok, 1 runtime failure, 2 bad input (usage, set file), 3 something was
skipped (history, migrate). Messages go to stderr, data to stdout.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from alfacil import __version__

if TYPE_CHECKING:
    from alfacil.config import SetFile

from alfacil.cliargs import (
    EXIT_BAD_INPUT,
    EXIT_FAILURE,
    EXIT_OK,
    EXIT_SKIPPED,
    UsageParser,
)

DESCRIPTION = """\
The facilitator's console for Action Learning Sets: big countdowns, the rule of each
phase, attendance, presenters, updates on commitments, new actions and evaluation.
Records stay on this machine, readable by you only."""

EPILOG = """\
examples:
  alfacil init myset.toml          write a starter set file to edit
  alfacil check myset.toml         validate it and show the plan
  alfacil start myset.toml         run a session (press ? for keys)
  alfacil display myset.toml       the members' screen for the wall, beside it
  alfacil serve myset.toml         the console in a browser tab (127.0.0.1 only)
  alfacil history myset.toml       past sessions; see also: history show last,
                                   history actions --open, history members
  alfacil migrate myset.toml       rewrite records of an older alfacil, with backups

data folder: --data-dir, else $ALFACIL_DATA_DIR, else `records` in the set file,
else your user data folder."""


def build_parser() -> argparse.ArgumentParser:
    parser = UsageParser(
        prog="alfacil",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"alfacil {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=UsageParser)

    start = commands.add_parser(
        "start",
        help="run a session of a set on this screen",
        description="Run a session: check-in, ground rules, updates, presenters, "
        "evaluation, close. The session is saved as it goes; quitting keeps it.",
    )
    start.add_argument("set_file", metavar="SET.toml", type=Path)
    start.add_argument("--data-dir", type=Path, help="where records live (see --help)")
    resume = start.add_mutually_exclusive_group()
    resume.add_argument(
        "--resume", action="store_true", help="resume an unfinished session without asking"
    )
    resume.add_argument(
        "--fresh",
        action="store_true",
        help="close an unfinished session as ended early and start a new one",
    )

    history = commands.add_parser(
        "history",
        help="past sessions, commitments, attendance and evaluation",
        add_help=False,
    )
    history.add_argument("args", nargs=argparse.REMAINDER)

    migrate = commands.add_parser(
        "migrate",
        help="rewrite a set's records of an older alfacil in the current format, with backups",
        description="Rewrite every record of an older schema (session files, the "
        "commitments ledger, an unfinished session) in the current one. Each file is "
        "first copied next to itself as NAME.vN.bak (N: its old schema; an existing "
        "backup is never overwritten), then replaced atomically. Nothing else does "
        "this: history and start read older records as they are. A newer or unreadable "
        "file is reported and left untouched. The set must not be open in alfacil start.",
        epilog="exit codes: 0 done (or nothing to do), 1 the set is open in alfacil start "
        "(its PID is named) or a write failed, 2 bad input, 3 a file was skipped (listed "
        "on stderr, left as it is).",
    )
    migrate.add_argument(
        "set_file",
        metavar="SET.toml",
        type=Path,
        nargs="?",
        help="the set whose records to migrate (else --set, else every set in the folder)",
    )
    migrate.add_argument("--set", dest="set_id", metavar="ID", help="a set by its id")
    migrate.add_argument("--data-dir", type=Path, metavar="D", help="where records live")
    migrate.add_argument(
        "--dry-run", action="store_true", help="only list what would be rewritten; write nothing"
    )

    _display_parser(commands)
    _serve_parser(commands)

    check = commands.add_parser("check", help="validate a set file and show its plan")
    check.add_argument("set_file", metavar="SET.toml", type=Path)

    init = commands.add_parser("init", help="write a commented starter set file")
    init.add_argument(
        "path",
        nargs="?",
        default=Path("myset.toml"),
        type=Path,
        help="where to write it (default: myset.toml); never overwritten",
    )
    return parser


def _err(message: str) -> None:
    print(f"alfacil: {message}", file=sys.stderr)


def _load(path: Path) -> SetFile:
    from alfacil.config import load_set

    return load_set(path)


def cmd_check(path: Path) -> int:
    from alfacil.config import SetFileError
    from alfacil.durations import format_duration
    from alfacil.engine import plan_steps

    try:
        set_file = _load(path)
    except SetFileError as exc:
        print(exc, file=sys.stderr)
        return EXIT_BAD_INPUT
    config = set_file.config
    phases = config.resolved_phases
    members = config.member_names
    out = [
        f"{path}: ok",
        f"  set:          {config.name} (id {config.set_id})",
        f"  facilitator:  {config.facilitator}",
        f"  members:      {len(members)}: {', '.join(members)}",
        f"  protocol:     {config.protocol if config.phases is None else 'custom'}: "
        + ", ".join(f"{p.id} {format_duration(p.duration)}" for p in phases),
        f"  agreed length: {format_duration(config.session_length)}",
    ]
    warn = []
    update = next((p for p in phases if p.kind == "updates"), None)
    for count in range(1, config.presenters_per_session + 1):
        names = members[:count]
        total = sum(p.duration for p, _ in plan_steps(phases, names, []))
        mark = " (the set's usual)" if count == config.presenters_per_session else ""
        out.append(
            f"  plan with {count} presenter{'s' if count > 1 else ''}: "
            f"{format_duration(total)}{mark}"
        )
        if count == config.presenters_per_session and total > config.session_length:
            warn.append(
                f"warning: with {count} presenters the plan ({format_duration(total)}) is "
                f"longer than the agreed {format_duration(config.session_length)}"
            )
    if update is not None:
        out.append(f"  updates add {format_duration(update.duration)} per member with open actions")
    print("\n".join(out))
    for line in warn:
        print(line, file=sys.stderr)
    return EXIT_OK


def cmd_init(path: Path) -> int:
    from alfacil.starter import starter_text
    from alfacil.store import StoreError, write_new_file

    if path.exists():
        _err(f"{path} already exists; choose another name (nothing was written)")
        return EXIT_BAD_INPUT
    try:
        write_new_file(path, starter_text().encode())
    except StoreError as exc:
        _err(str(exc))
        return EXIT_FAILURE
    print(f"wrote {path}: edit the names, then run `alfacil check {path}`", file=sys.stderr)
    return EXIT_OK


def cmd_start(path: Path, data_dir: Path | None, resume: bool, fresh: bool) -> int:
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
    folder = resolve_data_dir(data_dir, set_file.records_dir)
    try:
        runner = Runner.open(set_file, folder, SystemClock())
    except StoreError as exc:
        _err(str(exc))
        return EXIT_FAILURE
    try:
        if runner.set_aside is not None:
            _err(
                f"the unfinished session could not be read ({runner.set_aside_reason}); "
                f"kept as {runner.set_aside}"
            )
        for insecure in runner.store.insecure_files():
            _err(f"warning: {insecure} can be read by others (chmod go-rwx to fix)")
        mode = "resume" if resume else "fresh" if fresh else "ask"
        from alfacil.tui.app import run_console

        return run_console(runner, mode)
    finally:
        runner.close()


def _display_parser(commands: argparse._SubParsersAction[UsageParser]) -> None:
    display = commands.add_parser(
        "display",
        help="the members' screen: the session running for a set, for the wall",
        description="Show the members' screen for the session `alfacil start` is running "
        "for this set: the phase, the presenter, the big countdown, the phase's rule, the "
        "run sheet and the projected end. Nothing private (attendance, updates, actions, "
        "insights, ratings, learnings) is shown. It reads the set's autosave, never "
        "writes and takes no lock, so run it beside the console (another terminal, a "
        "projector). Before and after a session it waits calmly. q leaves.",
    )
    display.add_argument("set_file", metavar="SET.toml", type=Path, nargs="?")
    display.add_argument("--set", dest="set_id", metavar="ID", help="a set by its id")
    display.add_argument("--data-dir", type=Path, metavar="D", help="where records live")


def cmd_display(path: Path | None, set_id: str | None, data_dir: Path | None) -> int:
    from alfacil.clock import SystemClock
    from alfacil.config import SetFileError
    from alfacil.paths import SetPaths, resolve_data_dir

    if (path is None) == (set_id is None):
        _err("display: give a SET.toml or --set ID (one of them)")
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

        if set_id is None or not re.fullmatch(r"[a-z0-9][a-z0-9_-]{0,63}", set_id):
            _err(f"display: {set_id!r} is not a set id (lower-case letters, digits, - and _)")
            return EXIT_BAD_INPUT
        folder = resolve_data_dir(data_dir, None)
    from alfacil.tui.display import make_display_app, run_display

    app = make_display_app(SetPaths(folder, set_id), SystemClock(), config=config)
    return run_display(app)


def _serve_parser(commands: argparse._SubParsersAction[UsageParser]) -> None:
    serve = commands.add_parser(
        "serve",
        help="the console (or, with --display, the members' screen) in a browser tab",
        description="Serve `alfacil start` (or, with --display, `alfacil display`) for this "
        "set in a web browser, through textual-serve (pip install 'alfacil[serve]'). It "
        "listens on 127.0.0.1: only this computer can open it. Anyone who can reach the "
        "port drives the console and sees the set's records, so any other --host needs "
        "--public, and alfacil then says who can reach it.",
    )
    serve.add_argument("set_file", metavar="SET.toml", type=Path)
    serve.add_argument("--display", action="store_true", help="serve the members' screen")
    serve.add_argument("--port", type=int, default=8000, metavar="N", help="default 8000")
    serve.add_argument("--host", default="127.0.0.1", metavar="H", help="default 127.0.0.1")
    serve.add_argument(
        "--public", action="store_true", help="allow a --host that other computers can reach"
    )
    serve.add_argument("--data-dir", type=Path, metavar="D", help="where records live")


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
        _err(f"serve: --port {port} is not a port (1-65535)")
        return EXIT_BAD_INPUT
    folder = resolve_data_dir(data_dir, set_file.records_dir)
    try:
        served = plan(path, folder, display=display, host=host, port=port, public=public)
    except ServeRefused as exc:
        _err(f"serve: {exc}")
        return EXIT_BAD_INPUT
    if textual_serve_missing():
        _err("serve: textual-serve is not installed: pip install 'alfacil[serve]'")
        return EXIT_FAILURE
    print(served.notice, file=sys.stderr)
    return serve(served)


def cmd_migrate(path: Path | None, set_id: str | None, data_dir: Path | None, dry_run: bool) -> int:
    from alfacil.config import SetFileError
    from alfacil.paths import resolve_data_dir
    from alfacil.store import LockedError, SetStore, StoreError, set_ids_in

    if path is not None and set_id is not None:
        _err("migrate: give a SET.toml or --set ID, not both")
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
                f"migrate: no records of set {set_id!r} in {folder} "
                f"(sets there: {', '.join(known) or 'none'})"
            )
            return EXIT_BAD_INPUT
        set_ids = [set_id] if set_id is not None else known
        if not set_ids:
            print(f"no records in {folder}; nothing to migrate", file=sys.stderr)
    failed = skipped = False
    counts = {"migrated": 0, "would migrate": 0, "current": 0, "skipped": 0, "failed": 0}
    for one in set_ids:
        store = SetStore.at(folder, one)
        if not store.paths.root.is_dir():
            print(f"{store.paths.root}: no records yet; nothing to migrate", file=sys.stderr)
            continue
        try:
            if not dry_run:
                store.acquire()  # a running session holds it: its files are not ours
            try:
                results = store.migrate_records(dry_run=dry_run)
            finally:
                store.release()
        except LockedError as exc:
            held = f" by process {exc.pid}" if exc.pid else ""
            _err(
                f"migrate: set {one!r} is open in alfacil{held}; nothing was rewritten. "
                f"Close that session first ({exc})"
            )
            failed = True
            continue
        except StoreError as exc:
            _err(f"migrate: {exc}")
            failed = True
            continue
        for result in results:
            counts[result.outcome] += 1
            if result.outcome in ("migrated", "would migrate"):
                print(result)
            elif result.outcome == "skipped":
                print(f"skipped {result}", file=sys.stderr)
                skipped = True
            elif result.outcome == "failed":
                _err(f"migrate: {result}")
                failed = True
    verb = "would migrate" if dry_run else "migrated"
    print(
        f"{verb} {counts['would migrate' if dry_run else 'migrated']}, "
        f"already current {counts['current']}, skipped {counts['skipped']}"
        + (f", failed {counts['failed']}" if counts["failed"] else ""),
        file=sys.stderr,
    )
    # A failed write or a locked set outranks a skipped file: something was not done.
    return EXIT_FAILURE if failed else EXIT_SKIPPED if skipped else EXIT_OK


def main(argv: list[str] | None = None) -> int:
    try:
        return _dispatch(argv)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `alfacil history | head`: the reader left. Say nothing more, and keep Python
        # from complaining about the closed pipe as it flushes stdout on the way out.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK


def _dispatch(argv: list[str] | None) -> int:
    words = sys.argv[1:] if argv is None else argv
    if words[:1] == ["history"]:
        # argparse.REMAINDER does not take options that come first
        # (`history --data-dir D`), so history parses its own words.
        from alfacil.history.command import main as history_main

        return history_main(words[1:])
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "check":
        return cmd_check(args.set_file)
    if args.command == "init":
        return cmd_init(args.path)
    if args.command == "start":
        return cmd_start(args.set_file, args.data_dir, args.resume, args.fresh)
    if args.command == "serve":
        return cmd_serve(
            args.set_file, args.data_dir, args.display, args.host, args.port, args.public
        )
    if args.command == "display":
        return cmd_display(args.set_file, args.set_id, args.data_dir)
    if args.command == "migrate":
        return cmd_migrate(args.set_file, args.set_id, args.data_dir, args.dry_run)
    parser.print_help()
    return EXIT_OK

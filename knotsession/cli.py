"""The command line: argparse, with each command's module imported only when it runs."""

from __future__ import annotations

import gc
import importlib
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, cast

from knotsession import __version__
from knotsession.core.errors import DataFileError

if TYPE_CHECKING:
    import argparse

EXAMPLES = """\
examples:
  knotsession                       open the app (Enter starts the 5-minute desk routine)
  knotsession start desk-5          straight into a routine
  knotsession start desk-5 --plain  one line per step, for screen readers and scripts
  knotsession list --area neck      routines for the neck
  knotsession show desk-5 --json    one routine with its steps
  knotsession validate my.toml      check your own routine files
  knotsession plan --spot left-rhomboid=7 --spot neck --minutes 5
                                    today's plan for your knots, worst first
  knotsession history               sessions, streaks and minutes per area
  knotsession remind --every 45m    a nudge to get up and move, every 45 minutes
  knotsession remind --install      break reminders in the background, with your session
  knotsession doctor                versions, folders, routines and the sound backend in use
  knotsession paths --json          where settings, routines and history live

exit codes:
  0  done (a routine ran to its end, a command did what it was asked)
  1  validate found a problem in a routine file; or an unexpected error (see crash.log)
  2  a bad command line, an unknown routine or area, a routine file that does not load,
     or no terminal for the full-screen app
  130, 143  stopped by Ctrl-C / by SIGTERM or SIGHUP (the session is kept as not completed)

Stretch gently. Ease off if a stretch or a knot gives sharp pain, and see a professional
when pain persists.
"""

# command name -> module in knotsession.commands with run(args) -> int
COMMANDS = {
    None: "app",
    "start": "start",
    "list": "listing",
    "show": "show",
    "validate": "validate",
    "doctor": "doctor",
    "history": "history",
    "new": "new",
    "remind": "remind",
    "poses": "poses",
    "guide": "guide",
    "paths": "locate",
    "completions": "completions",
    "man": "manual",
    "schema": "schema",
    "plan": "plan",
    "spots": "spots",
}


def build_parser() -> argparse.ArgumentParser:
    """The whole command line, with every command and option."""
    import argparse

    parser = argparse.ArgumentParser(
        prog="knotsession",
        description="Guided, timed stretch and self-massage routines for muscle knots.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"knotsession {__version__}")
    _add_global_options(parser)
    # The global options work after the command too (`knotsession start x --mute`).
    after = argparse.ArgumentParser(add_help=False)
    _add_global_options(after, suffix=AFTER)
    commands = parser.add_subparsers(
        dest="command", metavar="COMMAND", parser_class=_with_parents([after])
    )

    start = commands.add_parser("start", help="start a routine by its id")
    start.add_argument("routine_id", metavar="ID", help="routine id, e.g. desk-5")
    start.add_argument("--plain", action="store_true", help="no full screen: print a line a step")

    listing = commands.add_parser("list", help="list routines")
    listing.add_argument("--area", help="only routines for this body area")
    listing.add_argument("--json", action="store_true", help="print JSON")

    show = commands.add_parser("show", help="show one routine and its steps")
    show.add_argument("routine_id", metavar="ID")
    show.add_argument("--json", action="store_true", help="print JSON")

    validate = commands.add_parser("validate", help="check routine files; exit 1 on any problem")
    validate.add_argument("files", metavar="PATH", nargs="+", type=Path)
    validate.add_argument(
        "--json", action="store_true", help="print JSON: each file and its problem"
    )

    doctor = commands.add_parser("doctor", help="versions, folders, routines and the sound backend")
    doctor.add_argument("--json", action="store_true", help="print JSON")

    history = commands.add_parser("history", help="sessions, streaks and minutes; or import a CSV")
    history.add_argument("action", nargs="?", choices=["import"], help="import FILE.csv")
    history.add_argument("file", nargs="?", type=Path, metavar="FILE.csv")
    formats = history.add_mutually_exclusive_group()
    formats.add_argument("--json", action="store_true", help="print JSON")
    formats.add_argument("--csv", action="store_true", help="print CSV")
    history.add_argument("--since", metavar="YYYY-MM-DD", help="only sessions from this date")

    new = commands.add_parser("new", help="write a new routine file to edit")
    new.add_argument("routine_id", metavar="ID")
    new.add_argument("--from", dest="from_id", metavar="EXISTING", help="copy this routine")

    remind = commands.add_parser("remind", help="nudge to get up and move at an interval")
    remind.add_argument(
        "--every", help="interval, e.g. 45m, 1h or 90s (default: remind_every in settings, or 60m)"
    )
    remind.add_argument(
        "--routine", help="routine to suggest (default: a short standing one, see README)"
    )
    remind.add_argument("--count", type=int, help="stop after N nudges")
    service = remind.add_mutually_exclusive_group()
    service.add_argument(
        "--install",
        action="store_true",
        help="run break reminders with your session (systemd, launchd)",
    )
    service.add_argument("--uninstall", action="store_true", help="stop and remove them")
    service.add_argument("--status", action="store_true", help="running? the next break, and why")
    service.add_argument(
        "--daemon", action="store_true", help="run in the background (what the service runs)"
    )
    remind.add_argument("--snooze", metavar="TIME", help="how long Snooze waits (default 10m)")

    plan = commands.add_parser("plan", help="today's plan: a routine made for your marked spots")
    plan.add_argument(
        "--minutes",
        type=int,
        default=5,
        choices=range(2, 61),
        metavar="N",
        help="how long, lead-ins included: 2, 5, 10 or 15 (any of 2..60; default 5)",
    )
    plan.add_argument(
        "--spot",
        action="append",
        metavar="NAME[=0-10]",
        help="a spot and how much it hurts, e.g. left-rhomboid=7 (repeatable; default: your map)",
    )
    plan.add_argument("--area", action="append", help="a whole body area (repeatable)")
    plan.add_argument(
        "--position",
        choices=["seated", "standing", "floor"],
        default="seated",
        help="seated (default), standing or floor",
    )
    plan.add_argument(
        "--equipment",
        action="append",
        choices=["ball", "roller", "strap", "wall", "doorway"],
        help="what you have at hand (repeatable); none by default",
    )
    output = plan.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print JSON")
    output.add_argument("--save", metavar="ID", help="save it as a routine file to edit")
    output.add_argument("--start", action="store_true", help="play it now")
    plan.add_argument("--plain", action="store_true", help="with --start: a line per step")

    spots = commands.add_parser("spots", help="the knot map: your spots over the weeks")
    spots_output = spots.add_mutually_exclusive_group()
    spots_output.add_argument("--json", action="store_true", help="print JSON")
    spots_output.add_argument(
        "--csv", action="store_true", help="print every marked spot as CSV (to import elsewhere)"
    )
    spots_output.add_argument(
        "--import",
        dest="import_file",
        type=Path,
        metavar="FILE",
        help="add the marked spots of a CSV file (columns marked_at,day,spot,intensity)",
    )
    spots.add_argument(
        "--mark",
        action="append",
        metavar="NAME=0-10",
        help="save how a spot feels now, e.g. left-rhomboid=7 (repeatable)",
    )

    poses = commands.add_parser("poses", help="show every pose figure with its name")
    poses.add_argument(
        "--pictures",
        metavar="FOLDER",
        help="save every pose as a PNG picture in FOLDER instead (needs knotsession[pictures])",
    )
    guide = commands.add_parser(
        "guide", help="advice on knots: safety, when to see a professional, food... (a topic)"
    )
    guide.add_argument("topic", nargs="?", help="a topic id; leave it out to list the topics")

    where = commands.add_parser("paths", help="the folders and files knotsession uses")
    where.add_argument("--json", action="store_true", help="print JSON")

    completions = commands.add_parser("completions", help="a shell completion script")
    completions.add_argument("shell", choices=["bash", "zsh", "fish"])

    commands.add_parser("man", help="the manual page (knotsession man | man -l -)")
    commands.add_parser("schema", help="a JSON Schema for routine files, for editors")
    return parser


AFTER = "_after_command"
GLOBAL_OPTIONS = ("routines", "mute", "voice")


def parse_arguments(argv: Sequence[str]) -> argparse.Namespace:
    """The parsed command line. `knotsession` alone, the way the app is opened most often,
    skips argparse: importing it and building the parser was 5 ms of the first paint."""
    if not argv:
        # What argparse gives for an empty command line (a test keeps the two the same).
        bare = SimpleNamespace(command=None, routines=[], mute=None, voice=None)
        return cast("argparse.Namespace", bare)
    simple = _simple_start(argv)
    if simple is not None:
        return _checked_folders(simple, None)
    return parsed_by_argparse(argv)


def parsed_by_argparse(argv: Sequence[str]) -> argparse.Namespace:
    """The parsed command line, the long way (help, errors and every command)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    for name in GLOBAL_OPTIONS:  # a global option given after the command joins the others
        later = vars(args).pop(name + AFTER, None)
        if name == "routines":
            args.routines = [*args.routines, *(later or [])]
        elif later is not None:
            setattr(args, name, later)
    return _checked_folders(args, parser)


def _checked_folders(
    args: argparse.Namespace, parser: argparse.ArgumentParser | None
) -> argparse.Namespace:
    """`args`, once every `--routines` folder is known to be one (else exit 2, one line)."""
    for folder in args.routines:
        if not folder.is_dir():
            why = "is not a folder" if folder.exists() else "no such folder"
            message = f"knotsession: --routines {folder}: {why}\n"
            if parser is not None:
                parser.exit(2, message)
            sys.stderr.write(message)
            raise SystemExit(2)
    return args


def _simple_start(argv: Sequence[str]) -> argparse.Namespace | None:
    """`start ID` with only `--plain`, `--mute`, `--voice` and `--routines DIR` (before or
    after the command), parsed without argparse, as argparse would (a test compares the two);
    None for any other command line. Importing argparse and building the parser stayed in
    memory for the whole session: 0.4 MiB of the 1.3x budget while playing."""
    routines: list[Path] = []
    flags: dict[str, bool | None] = {"mute": None, "voice": None, "plain": False}
    words: list[str] = []
    tokens = iter(argv)
    for token in tokens:
        name, has_value, value = token.partition("=")
        if name == "--routines":
            folder = value if has_value else next(tokens, None)
            if not folder or folder.startswith("-"):
                return None  # argparse's own message for a missing folder
            routines.append(Path(folder))
        elif token in ("--mute", "--voice") or (token == "--plain" and words):
            flags[token[2:]] = True
        elif token.startswith("-") or len(words) == 2:
            return None
        else:
            words.append(token)
    if len(words) != 2 or words[0] != "start":
        return None
    args = SimpleNamespace(routines=routines, mute=flags["mute"], voice=flags["voice"],
                           command="start", routine_id=words[1], plain=flags["plain"])  # fmt: skip
    return cast("argparse.Namespace", args)


def _with_parents(parents: list[argparse.ArgumentParser]) -> type[argparse.ArgumentParser]:
    """An ArgumentParser class whose instances (the subcommands) include `parents`."""
    import argparse

    class CommandParser(argparse.ArgumentParser):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs["parents"] = [*kwargs.get("parents", []), *parents]
            super().__init__(*args, **kwargs)

    return CommandParser


def _add_global_options(parser: argparse.ArgumentParser, suffix: str = "") -> None:
    import argparse

    unset = argparse.SUPPRESS if suffix else None
    parser.add_argument(
        "--routines",
        dest="routines" + suffix,
        metavar="DIR",
        action="append",
        type=Path,
        default=unset if suffix else [],
        help="also load routines from DIR (repeatable; later folders win)",
    )
    mute_help, voice_help = "no sound", "speak each step"
    parser.add_argument(
        "--mute", dest="mute" + suffix, action="store_true", default=unset, help=mute_help
    )
    parser.add_argument(
        "--voice", dest="voice" + suffix, action="store_true", default=unset, help=voice_help
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = parse_arguments(sys.argv[1:] if argv is None else argv)
    try:
        # Importing a command makes long-lived objects and little garbage: the collector
        # scanning them on the way was a fifth of a short command's CPU (`history`).
        with _collector_off():
            module = importlib.import_module(f"knotsession.commands.{COMMANDS[args.command]}")
        # The manual and the completions describe this parser; commands never import the cli.
        args.build_parser, args.examples = build_parser, EXAMPLES
        return int(module.run(args))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `knotsession list | head`: the reader left; that is not an error.
        sys.stderr.close()
        return 0
    except DataFileError as problem:  # a data file the person can fix
        print(f"knotsession: {problem}", file=sys.stderr)
        return 2
    except Exception as error:
        return _report_crash(error)


@contextmanager
def _collector_off() -> Iterator[None]:
    """The garbage collector off inside the block, as it was after. Nothing is frozen, unlike
    the app's start-up (tui/collector.py): main() also runs inside other programs' processes
    (the tests'), where freezing would keep their garbage for good."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def _report_crash(error: Exception) -> int:
    """One line for the person; the traceback goes to a file for a bug report."""
    import traceback

    from knotsession import paths
    from knotsession.core.text import shown, shown_lines

    detail = "".join(traceback.format_exception(error))
    where = "set KNOTSESSION_DEBUG=1 to see the details"
    try:
        log = paths.cache_dir() / "crash.log"
        log.parent.mkdir(parents=True, exist_ok=True)
        log.write_text(detail)
        where = f"details in {log}"
    except OSError:
        pass
    if os.environ.get("KNOTSESSION_DEBUG"):
        print(shown_lines(detail), file=sys.stderr)  # a message may quote a file's text
    print(shown(f"knotsession: unexpected error: {error!r} ({where})"), file=sys.stderr)
    return 1

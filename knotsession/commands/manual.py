"""`knotsession man`: the manual page, in roff, built from the parser (so it never drifts from
`--help`). Read it with `knotsession man | man -l -`, or install it:
`knotsession man > ~/.local/share/man/man1/knotsession.1`. The wheel ships it as
share/man/man1/knotsession.1 (man/knotsession.1 in the repository, checked by a test against
this output), so `pip install` and pipx put it where `man knotsession` finds it.
"""

from __future__ import annotations

import argparse
import datetime
import functools
import os
from typing import cast

from knotsession import __version__


def roff(text: str) -> str:
    """Text safe in a roff line: backslashes doubled, a leading dot or quote escaped."""
    text = text.replace("\\", "\\e").replace("-", "\\-")
    return "\\&" + text if text[:1] in (".", "'") else text


def manual_page(parser: argparse.ArgumentParser, today: datetime.date, examples: str = "") -> str:
    """The whole page: name, synopsis, each command with its options, exit status, files."""
    lines = [
        f'.TH KNOTSESSION 1 "{today.isoformat()}" "knotsession {__version__}" "User Commands"',
        ".SH NAME",
        "knotsession \\- " + roff(parser.description or ""),
        ".SH SYNOPSIS",
        ".B knotsession",
        "[\\fIOPTIONS\\fR] [\\fICOMMAND\\fR] [\\fIARGS\\fR]",
        ".SH OPTIONS",
        *_options(parser),
        ".SH COMMANDS",
    ]
    for action in parser._actions:
        if not isinstance(action, argparse._SubParsersAction):
            continue
        helps = {choice.dest: choice.help or "" for choice in action._choices_actions}
        for name, sub in action.choices.items():
            usage = _usage(sub).removeprefix("usage: ").strip()
            lines += [".SS " + roff(name), roff(helps.get(name, "")), ".PP", roff(usage)]
            lines += _options(sub)
    sections = examples.split("\n\n")
    for block in sections:
        title, _, body = block.partition(":\n")
        if not body:
            lines += [".SH NOTES", roff(block.strip())]
            continue
        lines += [
            f".SH {roff(title.upper())}",
            ".nf",
            *map(roff, body.rstrip().splitlines()),
            ".fi",
        ]
    lines += [
        ".SH ENVIRONMENT",
        ".TP",
        ".B KNOTSESSION_CONFIG_DIR",
        "the settings folder (config.toml, your routines and sounds)",
        ".TP",
        ".B KNOTSESSION_DATA_DIR",
        "the folder of the history file",
        ".TP",
        ".B KNOTSESSION_AUDIO_BACKEND",
        "simpleaudio, miniaudio, bell or silent, for one run",
        ".SH FILES",
        "Run \\fBknotsession paths\\fR to see where they are on this machine.",
    ]
    return "\n".join(lines) + "\n"


def _options(parser: argparse.ArgumentParser) -> list[str]:
    lines: list[str] = []
    for action in parser._actions:
        if not action.option_strings or action.help == argparse.SUPPRESS:
            continue
        names = ", ".join(action.option_strings)
        if action.metavar or (action.nargs != 0 and not isinstance(action.const, bool)):
            value = action.metavar or action.dest.upper()
            names += f" {value}" if action.nargs != 0 else ""
        lines += [".TP", f".B {roff(names)}", roff(action.help or "")]
    return lines


def page_date() -> datetime.date:
    """Today, or the day SOURCE_DATE_EPOCH names (reproducible builds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), datetime.UTC).date()
    return datetime.date.today()


def _usage(parser: argparse.ArgumentParser) -> str:
    """The usage lines wrapped at 80 columns whatever the terminal: the page is shipped."""
    wide = cast("type[argparse.HelpFormatter]", parser.formatter_class)
    parser.formatter_class = functools.partial(wide, width=80)
    try:
        return parser.format_usage()
    finally:
        parser.formatter_class = wide


def run(args: argparse.Namespace) -> int:
    """Print the manual page."""
    page = manual_page(args.build_parser(), page_date(), args.examples)
    print(page, end="")
    return 0

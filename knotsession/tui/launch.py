"""`launch(args, routine_id)`: the entry point of `knotsession` and `knotsession start ID`.

Settings and routines are read before Textual is imported, so an unknown routine id is
one line on stderr, at once, with no full-screen UI in between.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, cast

from knotsession.core.settings import SettingsError

if TYPE_CHECKING:
    import argparse
    from collections.abc import Mapping

    from knotsession.core.routine import Routine

# New routine files parsed before the first paint (about 0.1 s); the rest after it.
PARSE_BEFORE_PAINT = 200
# Textual writes each frame to the terminal from a thread of its own. When the event loop
# goes straight on to more work after a frame (a new screen's second layout), that thread
# waits for the interpreter lock until the loop's thread is made to let go of it: by default
# after 5 ms. Timed, the settings form's first frame reached the terminal 7 ms after it was
# made, together with the second. A thread waiting for the lock now gets it within 0.5 ms.
LOCK_SWITCH_S = 0.0005


def leave_out_tls(environ: Mapping[str, str]) -> None:
    """Keep `ssl` (and OpenSSL's libraries) out of the app: asyncio imports it in case a
    program opens TLS connections, which this one never does. It was 4.1 MiB of the app's
    46.4 at home (libcrypto alone 2.9). Textual's devtools (`TEXTUAL=devtools`) talk over
    a websocket library that may want it, so with them it is left alone. Call it before
    Textual is imported; once `ssl` is imported it changes nothing."""
    if "devtools" not in environ.get("TEXTUAL", ""):
        # None in sys.modules: `import ssl` raises ImportError, which asyncio expects.
        cast("dict[str, object]", sys.modules).setdefault("ssl", None)


def launch(
    args: argparse.Namespace, routine_id: str | None = None, extra_routine: Routine | None = None
) -> int:
    """Run the app; with `routine_id`, straight into that routine (which may be
    `extra_routine`, a routine made on the spot such as today's plan). Returns the exit code."""
    from knotsession import paths
    from knotsession.core.library import load_default_library
    from knotsession.core.settings import read_settings, with_flags
    from knotsession.figures.names import pose_names

    routine_dirs = tuple(args.routines or ())
    in_file, problems = read_settings(paths.settings_file())
    settings = with_flags(in_file, mute=args.mute, voice=args.voice)
    # A first start with thousands of new routine files paints first and reads them after
    # (RoutineEditing.read_unread); a start straight into a routine needs them all now.
    straight_in = routine_id is not None or extra_routine is not None
    parse_at_most = None if straight_in else PARSE_BEFORE_PAINT
    library = load_default_library(
        routine_dirs, known_poses=pose_names(), parse_at_most=parse_at_most
    )
    if extra_routine is not None:
        library = library.with_routine(extra_routine)
    if routine_id is not None and library.get(routine_id) is None:
        print(f"knotsession: {library.why_missing(routine_id)}", file=sys.stderr)
        return 2
    leave_out_tls(os.environ)
    from knotsession.tui.app import CommandLine, KnotsessionApp
    from knotsession.tui.process_end import end_if_threads_stuck, run_app
    from knotsession.tui.widgets import picture_support

    picture_support.prepare(settings.figures, os.environ)  # before Textual reads the keyboard

    app = KnotsessionApp(
        library,
        start_routine=routine_id,
        settings=settings,
        command_line=CommandLine(args.mute, args.voice, routine_dirs),
        settings_problems=[shown_problem(problem) for problem in problems],
        safety_note_seen=paths.data_dir() / "safety-note-seen",
    )
    sys.setswitchinterval(LOCK_SWITCH_S)
    try:
        run_app(app)
    finally:
        app.close_parts()  # the history writer has written what it holds
    code = app.return_code or 0
    end_if_threads_stuck(code)  # a worker stuck for good must not keep the process alive
    return code


def shown_problem(problem: SettingsError) -> SettingsError:
    """The problem with its file as short as it can be (`~/.config/...`)."""
    from knotsession.core.library import display_path

    file = display_path(Path(problem.file))
    return SettingsError(file, problem.message, problem.place, problem.hint)

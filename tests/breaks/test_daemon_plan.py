"""The background reminder offers today's plan once spots are marked: the notification on a
private D-Bus session bus says so, and Start plays the plan (`knotsession plan --start`)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from fake_desktop import FakeDesktop, status_of, wait_for
from process_tree import close_terminal

PLAN_BODY = (
    "Today's plan (5 min): for the knot under your left shoulder blade"
    " and at the back of your neck."
)


def mark(*spots: str) -> None:
    marks = [word for spot in spots for word in ("--mark", spot)]
    subprocess.run(
        [sys.executable, "-m", "knotsession", "spots", *marks],
        capture_output=True,
        timeout=60,
        check=True,
    )


def test_a_break_offers_todays_plan_for_the_marked_spots(
    desktop: FakeDesktop, start_daemon, data_home: Path
) -> None:  # type: ignore[no-untyped-def]
    mark("neck=4", "left-rhomboid=8")
    start_daemon("--every", "1s")
    note = desktop.next_notification()
    assert (note.summary, note.body) == ("Time to stand up and move", PLAN_BODY)
    assert note.actions == ("start", "Start", "snooze", "Snooze 10 min", "skip", "Skip")
    assert status_of(data_home)["plan"] == PLAN_BODY.removesuffix(".")


def test_spots_marked_fine_again_bring_back_the_usual_break(
    desktop: FakeDesktop, start_daemon
) -> None:  # type: ignore[no-untyped-def]
    mark("neck=4")
    mark("neck=0")
    start_daemon("--every", "1s")
    note = desktop.next_notification()
    assert note.body == "Get up and move (1 min): short and on your feet, to get you moving."


def test_start_plays_todays_plan_in_the_terminal_set(
    desktop: FakeDesktop, start_daemon, isolated_dirs: Path
) -> None:  # type: ignore[no-untyped-def]
    from system_tools import require_tool

    tmux = require_tool("tmux")
    socket = f"ks-plan-{id(desktop)}"
    config = Path(isolated_dirs, ".config", "knotsession", "config.toml")
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(
        f'terminal = "{tmux} -L {socket} new-session -d -s app -x 100 -y 30"\n'
        'ask_tension = "never"\n'
    )
    mark("left-rhomboid=8", "neck=4")
    try:
        start_daemon("--every", "1s")
        note = desktop.next_notification()
        desktop.press(note.id, "start")

        def screen() -> str:
            capture = [tmux, "-L", socket, "capture-pane", "-p", "-t", "app"]
            return subprocess.run(capture, capture_output=True, text=True, check=False).stdout

        assert wait_for(lambda: "Today's plan: left rhomboid, neck" in screen()), screen()
    finally:
        close_terminal(socket, tmux)  # and check that the app ended


def test_without_a_terminal_start_says_the_command_for_the_plan(tmp_path: Path) -> None:
    import io

    from knotsession.breaks.daemon import BreakDaemon, DaemonConfig
    from knotsession.core.library import load_default_library
    from knotsession.core.plan_offer import offer_plan
    from knotsession.figures.names import pose_names

    routines = list(load_default_library((), known_poses=pose_names()).routines.values())
    out = io.StringIO()
    config = DaemonConfig(
        3600, tmp_path / "none.sqlite3", tmp_path / "status.json", terminal=str(tmp_path / "no")
    )
    daemon = BreakDaemon(config, None, out, lambda: routines, environ={})
    daemon.plan_offer = offer_plan(routines, {"neck": 5})
    daemon._act("start", daemon.now())
    assert out.getvalue().splitlines()[0] == (
        'No terminal to start it in: set terminal = "..." in config.toml (for example "xterm -e"),'
        " or run: knotsession plan --start"
    )

"""The background reminder as a real process on a private D-Bus session bus.

A small notification server records what arrives and presses the buttons; a fake
ScreenSaver service reports idle time. Intervals are seconds long; every wait is a
generous bounded one for an event, never a timed assertion.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

from fake_desktop import FakeDesktop, status_of, wait_for
from process_tree import close_terminal

from knotsession.core.break_schedule import parse_days  # noqa: F401 - core imports stay light

EXPECTED_BODY = "Get up and move (1 min): short and on your feet, to get you moving."


def test_a_break_arrives_with_start_snooze_and_skip(desktop: FakeDesktop, start_daemon) -> None:  # type: ignore[no-untyped-def]
    start_daemon("--every", "1s")
    note = desktop.next_notification()
    assert (note.app_name, note.summary, note.body) == (
        "knotsession",
        "Time to stand up and move",
        EXPECTED_BODY,
    )
    assert note.actions == ("start", "Start", "snooze", "Snooze 10 min", "skip", "Skip")


def test_snooze_brings_the_break_back_after_the_snooze(
    desktop: FakeDesktop, start_daemon, data_home: Path
) -> None:  # type: ignore[no-untyped-def]
    start_daemon("--every", "1s", "--snooze", "3s")
    first = desktop.next_notification()
    assert first.actions[3] == "Snooze 3 s"
    desktop.press(first.id, "snooze")
    assert wait_for(lambda: status_of(data_home).get("why", "").startswith("you snoozed at"))
    status = status_of(data_home)
    assert status["why"].endswith(", for 3 s")
    snoozed_until = datetime.fromisoformat(status["next_break"])
    again = desktop.next_notification()
    # Load can only make it later: the snoozed break never comes before its time.
    assert datetime.now().astimezone().replace(microsecond=0) >= snoozed_until
    assert again.summary == "Time to stand up and move"


def test_three_skips_in_a_row_double_the_interval(
    desktop: FakeDesktop, start_daemon, data_home: Path
) -> None:  # type: ignore[no-untyped-def]
    start_daemon("--every", "1s")
    for skips in (1, 2, 3):
        note = desktop.next_notification()
        desktop.press(note.id, "skip")
        assert wait_for(lambda n=skips: status_of(data_home).get("skips") == n)
    status = status_of(data_home)
    assert status["interval_s"] == 2
    assert status["why"].endswith("; longer after 3 skipped breaks in a row")


def test_start_runs_the_suggested_routine_in_the_terminal_set(
    desktop: FakeDesktop, start_daemon, isolated_dirs: Path
) -> None:  # type: ignore[no-untyped-def]
    from system_tools import require_tool

    tmux = require_tool("tmux")
    socket = f"ks-start-{id(desktop)}"
    config = Path(isolated_dirs, ".config", "knotsession", "config.toml")
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(f'terminal = "{tmux} -L {socket} new-session -d -s app -x 80 -y 24"\n')
    # The first-run safety note was seen (it has its own tests): Start goes to the routine.
    seen = Path(os.environ["XDG_DATA_HOME"], "knotsession", "safety-note-seen")
    seen.parent.mkdir(parents=True, exist_ok=True)
    seen.touch()
    try:
        start_daemon("--every", "1s")
        note = desktop.next_notification()
        desktop.press(note.id, "start")

        def screen() -> str:
            capture = [tmux, "-L", socket, "capture-pane", "-p", "-t", "app"]
            return subprocess.run(capture, capture_output=True, text=True, check=False).stdout

        assert wait_for(lambda: "Stand up and walk" in screen()), screen()
    finally:
        close_terminal(socket, tmux)  # and check that the app ended


def test_a_session_done_in_another_process_resets_the_break(
    desktop: FakeDesktop, start_daemon, data_home: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    routines = tmp_path / "routines"
    routines.mkdir()
    (routines / "tiny.toml").write_text(
        'name = "Tiny"\nareas = ["neck"]\nlead_in = 0\n[[steps]]\nname = "Nod"\nduration = 1\n'
    )
    start_daemon("--every", "1m")  # the history is read every 10 s
    assert wait_for(
        lambda: status_of(data_home).get("why", "").startswith("1 min after the reminder")
    )
    subprocess.run(
        [
            sys.executable,
            "-m",
            "knotsession",
            "--mute",
            "--routines",
            str(routines),
            "start",
            "--plain",
            "tiny",
        ],
        capture_output=True,
        timeout=60,
        check=True,
    )
    assert wait_for(
        lambda: (
            status_of(data_home)
            .get("why", "")
            .startswith("1 min after your last session, which ended at")
        ),
        timeout_s=40,
    ), status_of(data_home)
    assert desktop.all == []


def test_an_hour_idle_is_a_break_no_notification(
    desktop: FakeDesktop, start_daemon, data_home: Path
) -> None:  # type: ignore[no-untyped-def]
    desktop.idle_s = 3600
    start_daemon("--every", "1s")
    assert wait_for(
        lambda: "you were away from the keyboard" in status_of(data_home).get("why", "")
    )
    # Several intervals pass while away, and no break is shown.
    first_update = status_of(data_home)["updated"]
    assert wait_for(lambda: status_of(data_home)["updated"] != first_update)
    assert desktop.all == []
    desktop.idle_s = 0
    assert desktop.next_notification().summary == "Time to stand up and move"


def test_a_locked_screen_is_a_break(desktop: FakeDesktop, start_daemon, data_home: Path) -> None:  # type: ignore[no-untyped-def]
    desktop.locked = True
    start_daemon("--every", "1s")
    assert wait_for(lambda: "the screen was locked" in status_of(data_home).get("why", ""))
    assert desktop.all == []


def test_a_second_daemon_says_who_runs_and_exits_0(
    desktop: FakeDesktop, start_daemon, data_home: Path
) -> None:  # type: ignore[no-untyped-def]
    first = start_daemon("--every", "1h")
    assert wait_for(lambda: status_of(data_home).get("pid") == first.pid)
    second = start_daemon("--every", "1h")
    out, err = second.communicate(timeout=30)
    assert second.returncode == 0
    lock = data_home / "knotsession" / "remind.lock"
    assert out == f"Break reminders are already running (pid {first.pid}, lock {lock}).\n"
    assert err == ""


def test_a_presentation_holds_the_break_until_it_ends(
    desktop: FakeDesktop, start_daemon, data_home: Path
) -> None:  # type: ignore[no-untyped-def]
    desktop.presenting = True
    start_daemon("--every", "1s")
    assert wait_for(
        lambda: (
            status_of(data_home)
            .get("why", "")
            .endswith("; waiting while a presentation or call keeps the screen on")
        )
    )
    assert desktop.all == []
    desktop.presenting = False
    assert desktop.next_notification().summary == "Time to stand up and move"

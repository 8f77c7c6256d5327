"""`knotsession remind`: the real program with a short interval, its refusals, Ctrl-C, notifications."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from knotsession import notify
from knotsession.cli import main
from knotsession.commands.remind import start_command
from knotsession.core.routine import Origin, Routine, Step

linux_only = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="the fake notifier is notify-send"
)
FAKE_NOTIFY_SEND = """\
#!/bin/sh
for arg in "$@"; do printf '%s\\n' "$arg" >> "{log}"; done
echo --- >> "{log}"
"""


@pytest.fixture
def notify_log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fake notify-send first on PATH; it writes each notification's arguments to the log."""
    folder = tmp_path / "bin"
    folder.mkdir()
    log = tmp_path / "notifications.log"
    script = folder / "notify-send"
    script.write_text(FAKE_NOTIFY_SEND.format(log=log))
    script.chmod(0o755)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    return log


def run_remind(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "knotsession", *argv],
        capture_output=True,
        text=True,
        timeout=30,
    )


def clock_times_hidden(text: str) -> list[str]:
    """The lines of `text` with each HH:MM replaced, since the real clock is not ours to set
    (and a time past midnight, an hour on from 23:00 say, is told as "tomorrow HH:MM")."""
    return re.sub(r"\b(tomorrow )?\d\d:\d\d\b", "HH:MM", text).splitlines()


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


# --- the real program ---------------------------------------------------------------------


@linux_only
def test_two_nudges_one_second_apart_suggest_a_standing_break(notify_log: Path) -> None:
    result = run_remind("remind", "--every", "1s", "--count", "2")
    assert result.returncode == 0
    assert result.stderr == ""
    assert clock_times_hidden(result.stdout) == [
        "Nudging you to stand up and move every 1 s, 2 times; the first at HH:MM. Press Ctrl-C to stop.",
        "\aHH:MM Time to stand up and move: knotsession start move-1",
        "\aHH:MM Time to stand up and move: knotsession start move-1",
    ]
    assert notify_log.read_text().splitlines() == [
        "--",
        "Time to stand up and move",
        "Get up and move: knotsession start move-1",
        "---",
        "--",
        "Time to stand up and move",
        "Get up and move: knotsession start move-1",
        "---",
    ]


@linux_only
def test_with_spots_marked_lately_the_nudge_offers_todays_plan(notify_log: Path) -> None:
    assert run_remind("spots", "--mark", "neck=4", "--mark", "left-rhomboid=8").returncode == 0
    result = run_remind("remind", "--every", "1s", "--count", "1")
    assert result.returncode == 0
    assert clock_times_hidden(result.stdout)[1:] == [
        "\aHH:MM Time to stand up and move: knotsession plan --start",
    ]
    assert notify_log.read_text().splitlines() == [
        "--",
        "Time to stand up and move",
        "Today's plan (5 min): for the knot under your left shoulder blade and at the back of"
        " your neck: knotsession plan --start",
        "---",
    ]


@linux_only
def test_mute_drops_the_bell_but_not_the_line_or_notification(notify_log: Path) -> None:
    result = run_remind(
        "--mute", "remind", "--every", "1s", "--count", "1", "--routine", "neck-relief"
    )
    assert result.returncode == 0
    assert clock_times_hidden(result.stdout)[1:] == [
        "HH:MM Time to stand up and move: knotsession start neck-relief",
    ]
    assert "\a" not in result.stdout
    assert notify_log.read_text().splitlines() == [
        "--",
        "Time to stand up and move",
        "Neck relief: knotsession start neck-relief",
        "---",
    ]


def test_ctrl_c_stops_it_quietly_with_130() -> None:
    reminder = subprocess.Popen(
        [sys.executable, "-m", "knotsession", "remind", "--every", "1h"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # A shell without job control starts background jobs ignoring SIGINT; undo that.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    assert reminder.stdout is not None
    first = reminder.stdout.readline()  # printed just before the first sleep
    reminder.send_signal(signal.SIGINT)
    out, err = reminder.communicate(timeout=30)
    assert clock_times_hidden(first) == [
        "Nudging you to stand up and move every 1 h; the first at HH:MM. Press Ctrl-C to stop."
    ]
    assert (reminder.returncode, out, err) == (130, "\n", "")


# --- refusals -----------------------------------------------------------------------------


@pytest.mark.parametrize("every", ["5x", "0", "0s", "0m", "soon", "45 fortnights"])
def test_a_bad_interval_is_one_line_and_exit_2(
    every: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "remind", "--every", every)
    assert (code, out) == (2, "")
    assert err == (
        f"knotsession: --every expects an interval of at least 1 s, "
        f"""like "45m", "1h30m" or "90s"; got '{every}'\n"""
    )


@pytest.mark.parametrize("count", ["0", "-3"])
def test_a_count_below_one_is_refused(count: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "remind", "--count", count)
    assert (code, out, err) == (2, "", f"knotsession: --count must be 1 or more, got {count}\n")


def test_an_unknown_routine_suggests_the_near_one(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "remind", "--routine", "desk5")
    assert (code, out) == (2, "")
    assert err == "knotsession: no routine 'desk5'; did you mean 'desk-5'?\n"


def test_an_unknown_routine_with_nothing_near(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "remind", "--routine", "zzzz")
    assert code == 2
    assert err == "knotsession: no routine 'zzzz'; see `knotsession list`\n"


# --- the suggested command ----------------------------------------------------------------


def routine_from(origin: Origin, path: Path) -> Routine:
    step = Step(name="Tilt", duration_s=30)
    return Routine(
        id="my-neck", name="Mine", areas=("neck",), steps=(step,), path=path, origin=origin
    )


def test_the_command_names_a_routines_folder_only_it_is_found_in() -> None:
    extra = Path("/tmp/my routines/my-neck.toml")
    assert start_command(routine_from("extra", extra)) == (
        "knotsession --routines '/tmp/my routines' start my-neck"
    )
    assert start_command(routine_from("user", extra)) == "knotsession start my-neck"
    assert start_command(routine_from("bundled", extra)) == "knotsession start my-neck"


# --- desktop notifications (knotsession/notify.py) ----------------------------------------


def found(name: str) -> str:
    return f"/usr/bin/{name}"


def test_linux_uses_notify_send_with_title_and_body() -> None:
    command = notify.notification_command("Title", 'Body "quoted"', "linux", found)
    assert command == ["/usr/bin/notify-send", "--", "Title", 'Body "quoted"']


def test_notify_send_gets_text_never_options_controls_or_markup() -> None:
    command = notify.notification_command("-u critical", "<b>\x1b]0;T\x07</b> & co", "linux", found)
    assert command == [
        "/usr/bin/notify-send",
        "--",
        "-u critical",
        "&lt;b&gt;\\x1b]0;T\\x07&lt;/b&gt; &amp; co",
    ]


def test_macos_passes_the_text_as_arguments_never_as_script() -> None:
    command = notify.notification_command("Title", 'Body" & quit & "', "darwin", found)
    assert command == [
        "/usr/bin/osascript",
        "-e",
        "on run argv",
        "-e",
        "display notification (item 2 of argv) with title (item 1 of argv)",
        "-e",
        "end run",
        "Title",
        'Body" & quit & "',
    ]


@pytest.mark.parametrize("platform", ["cygwin", "freebsd14"])
def test_elsewhere_there_is_no_notification(platform: str) -> None:
    assert notify.notification_command("T", "B", platform, found) is None


def test_windows_shows_a_toast_whose_text_is_never_in_the_script() -> None:
    """Faked platform: the toast is built as documented, not shown on a real Windows here."""
    hostile = "'); Remove-Item C:\\ -Recurse; ('"
    command = notify.notification_command(hostile, hostile, "win32", found)
    assert command is not None
    assert command[:4] == ["/usr/bin/powershell", "-NoProfile", "-NonInteractive", "-Command"]
    assert hostile not in command[4]
    assert "$env:KNOTSESSION_NOTIFY_TITLE" in command[4]
    assert notify.notification_env(hostile, "B") == {
        "KNOTSESSION_NOTIFY_TITLE": hostile,
        "KNOTSESSION_NOTIFY_BODY": "B",
    }


def test_windows_without_powershell_falls_back_to_msg() -> None:
    def only_msg(name: str) -> str | None:
        return "C:/Windows/System32/msg.exe" if name == "msg" else None

    command = notify.notification_command("Time to move", "desk-5", "win32", only_msg)
    assert command == ["C:/Windows/System32/msg.exe", "*", "/TIME:60", "Time to move: desk-5"]


def test_no_notifier_installed_means_no_command() -> None:
    assert notify.notification_command("T", "B", "linux", lambda name: None) is None
    assert notify.notification_command("T", "B", "darwin", lambda name: None) is None


@linux_only
def test_a_notifier_that_works_reports_true(notify_log: Path) -> None:
    assert notify.send_notification("Title", "Body") is True
    assert notify_log.read_text() == "--\nTitle\nBody\n---\n"


@linux_only
@pytest.mark.parametrize(
    "script",
    [
        "#!/bin/sh\necho 'no D-Bus session' >&2\nexit 1\n",  # no desktop
        "#!/bin/sh\nexec sleep 30\n",  # hangs
        "#!/nonexistent/interpreter\n",  # cannot even start
    ],
)
def test_a_failing_notifier_never_raises(
    script: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "notify-send").write_text(script)
    (tmp_path / "notify-send").chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(notify, "TIMEOUT_S", 0.5)
    assert notify.send_notification("Title", "Body") is False
    assert capfd.readouterr() == ("", "")  # the notifier's complaints never reach the terminal


@pytest.mark.parametrize(("every", "seconds"), [("45min", 2700), ("90", 5400), ("1 hour", 3600)])
def test_every_takes_intervals_as_people_write_them(every: str, seconds: int) -> None:
    from knotsession.core.reminders import parse_every

    assert parse_every(every) == seconds

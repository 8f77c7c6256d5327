"""The background reminder: `knotsession remind --daemon`, as the systemd unit runs it.

Each turn it reads the history (read-only) and the idle time, asks the core when the next
break is due and which routine to suggest, writes the status file that `remind --status`
reads, and then waits for the break or for a button on the notification, whichever
comes first. Nothing here decides a rule; `knotsession.core.break_schedule` does.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TextIO

from knotsession.breaks.desktop import Desktop, Idle, mac_idle
from knotsession.breaks.launch import (
    launch,
    plan_start_command,
    popup_command,
    printable,
    start_command,
    terminal_command,
    terminal_notification,
)
from knotsession.breaks.status_file import write_status
from knotsession.core.break_choice import Suggestion, suggest_break
from knotsession.core.break_facts import read_break_facts
from knotsession.core.break_schedule import (
    SNOOZE_S,
    BreakState,
    Window,
    after_idle,
    after_session,
    after_shown,
    after_skip,
    after_snooze,
    describe_when,
    interval_after_skips,
    next_break,
)
from knotsession.core.durations import interval_words
from knotsession.core.plan_offer import PlanOffer, offer_plan
from knotsession.core.reminders import NUDGE_TEXT
from knotsession.core.routine import Routine
from knotsession.notify import send_notification

MAX_POLL_S = 10.0
HELD = "; waiting while a presentation or call keeps the screen on"
MIN_POLL_S = 0.5


@dataclass(frozen=True)
class DaemonConfig:
    """What the daemon needs to know, read once at start."""

    interval_s: int
    history_path: Path
    status_path: Path
    window: Window = field(default_factory=Window)
    snooze_s: int = SNOOZE_S
    terminal: str = ""
    extra_dirs: tuple[Path, ...] = ()
    avoid: tuple[str, ...] = ()  # areas today's plan leaves out (the avoid setting)

    @property
    def poll_s(self) -> float:
        """How often the history and idle time are read: a sixth of the interval, 0.5-10 s."""
        return min(max(self.interval_s / 6, MIN_POLL_S), MAX_POLL_S)


def local_now() -> datetime:
    """The wall clock, aware, in the local time zone."""
    return datetime.now().astimezone()


@dataclass
class BreakDaemon:
    """The loop: read what happened, decide, tell the person, wait."""

    config: DaemonConfig
    desktop: Desktop | None
    out: TextIO
    load_routines: Callable[[], list[Routine]]
    now: Callable[[], datetime] = local_now
    sleep: Callable[[float], None] = time.sleep
    notify: Callable[[str, str], bool] = send_notification
    environ: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))
    state: BreakState = field(init=False)
    why: str = field(init=False)
    shown_id: int | None = field(init=False, default=None)
    suggestion: Suggestion | None = field(init=False, default=None)
    plan_offer: PlanOffer | None = field(init=False, default=None)
    """Today's plan when spots were marked lately: the break offers it instead."""

    def __post_init__(self) -> None:
        started = self.now()
        self.state = BreakState(anchor=started)
        self.why = f"the reminder started at {started:%H:%M}"

    def run(self, turns: int | None = None) -> None:
        """Turn until stopped (SIGTERM, Ctrl-C), or `turns` times."""
        done = 0
        while turns is None or done < turns:
            self.turn()
            done += 1

    def turn(self) -> None:
        """One look at the world, perhaps a break, then a wait."""
        now = self.now()
        self._notice(now)
        due = next_break(self.state, self.config.interval_s, self.config.window)
        self._write_status(now, due)
        if due is not None and due <= now and self._presenting():
            self._write_status(now, due, held=True)
        elif due is not None and due <= now:
            self._present(now)
            self.state = after_shown(self.state, now)
            self.why = f"the last break at {now:%H:%M}"
            due = next_break(self.state, self.config.interval_s, self.config.window)
            self._write_status(now, due)
        wait_s = self.config.poll_s
        if due is not None:
            wait_s = min(wait_s, max((due - now).total_seconds(), 0.0))
        self._wait(wait_s)

    def _notice(self, now: datetime) -> None:
        """Move the anchor for a session done anywhere and for time away."""
        facts = read_break_facts(self.config.history_path, now.date())
        if facts.last_session_end is not None:
            ended = facts.last_session_end.astimezone(now.tzinfo)
            moved = after_session(self.state, ended)
            if moved is not self.state:
                self.state, self.why = moved, f"your last session, which ended at {ended:%H:%M}"
        routines = self.load_routines()
        self.suggestion = suggest_break(routines, facts.done_today, facts.tension_changes)
        self.plan_offer = offer_plan(routines, dict(facts.spots), self.config.avoid)
        idle = self._idle()
        moved = after_idle(self.state, now, idle.idle_s, idle.locked)
        if moved is not self.state:
            away = "the screen was locked" if idle.locked else "you were away from the keyboard"
            self.state, self.why = moved, f"{away} (until {now:%H:%M})"

    def _presenting(self) -> bool:
        """A presentation or call is on: the break waits until it ends."""
        return self.desktop is not None and self.desktop.presenting()

    def _idle(self) -> Idle:
        """The desktop's idle time: D-Bus on Linux, ioreg on macOS, else none."""
        if self.desktop is not None:
            return self.desktop.idle()
        if sys.platform == "darwin":
            return mac_idle()
        return Idle()

    def _present(self, now: datetime) -> None:
        """Tell the person: a notification with buttons, a tmux popup, or a terminal line."""
        body = self._body()
        self.out.write(f"{now:%H:%M} {NUDGE_TEXT}: {body}\n")
        self.out.flush()
        if self.desktop is not None:
            labels = ("Start", f"Snooze {interval_words(self.config.snooze_s)}", "Skip")
            self.shown_id = self.desktop.notify(NUDGE_TEXT, body, labels, self.shown_id)
            if self.shown_id is not None:
                return
        elif self.notify(NUDGE_TEXT, body):
            return  # osascript on macOS, notify-send: a bubble without buttons
        command = self._start_command()
        if self.environ.get("TMUX") and command is not None:
            launch(popup_command(command))
        elif self.out.isatty():
            self.out.write(terminal_notification(NUDGE_TEXT, body, self.environ) + "\a")
            self.out.flush()

    def _start_command(self) -> list[str] | None:
        """What Start runs: today's plan when one is offered, else the suggested routine."""
        if self.plan_offer is not None:
            return plan_start_command()
        if self.suggestion is not None:
            return start_command(self.suggestion.routine.id)
        return None

    def _body(self) -> str:
        """`Get up and move (1 min): short and on your feet, to get you moving.`, or
        `Today's plan (5 min): for the knot under your left shoulder blade.`"""
        if self.plan_offer is not None:
            return printable(f"{self.plan_offer.reminder_line()}.")
        if self.suggestion is None:
            return "Stand up, walk around, loosen up."
        routine = self.suggestion.routine
        length = interval_words(max(60, round(routine.work_s / 60) * 60))
        return printable(f"{routine.name} ({length}): {self.suggestion.reason}.")

    def _wait(self, wait_s: float) -> None:
        """Sleep, or wait for a button on the notification shown."""
        if self.desktop is None:
            self.sleep(wait_s)
            return
        action = self.desktop.wait_for_action(self.shown_id, wait_s)
        if action is None:
            return
        self._act(action, self.now())

    def _act(self, action: str, now: datetime) -> None:
        """A button on the notification: start the routine, snooze, skip; or it was closed."""
        self.shown_id = None
        if action == "snooze":
            self.state = after_snooze(self.state, now, self.config.snooze_s)
            self.why = f"you snoozed at {now:%H:%M}"
        elif action == "skip":
            self.state = after_skip(self.state, now)
            self.why = f"you skipped a break at {now:%H:%M}"
        elif action == "start":
            self._start()
        self.out.write(f"{now:%H:%M} {action}\n")
        self.out.flush()

    def _start(self) -> None:
        """Run today's plan or the routine full screen: the `terminal` setting, a tmux
        popup, or a terminal."""
        command = self._start_command()
        if command is None:
            return
        if not self.config.terminal and self.environ.get("TMUX"):
            launch(popup_command(command))
            return
        window = terminal_command(command, self.config.terminal, self.environ)
        if window is None or not launch(window):
            by_hand = "knotsession " + " ".join(command[3:]).replace(" -- ", " ")
            self.out.write(
                'No terminal to start it in: set terminal = "..." in config.toml '
                f'(for example "xterm -e"), or run: {by_hand}\n'
            )

    def _write_status(self, now: datetime, due: datetime | None, held: bool = False) -> None:
        """The file `remind --status` and the settings screen read."""
        interval_s = interval_after_skips(self.config.interval_s, self.state.skips)
        routine = self.suggestion.routine if self.suggestion else None
        status = {
            "pid": os.getpid(),
            "updated": now.isoformat(timespec="seconds"),
            "next_break": due.isoformat(timespec="seconds") if due else None,
            "next_break_text": describe_when(due, now) if due else None,
            "why": self._why_text(interval_s) + (HELD if held else ""),
            "interval_s": interval_s,
            "skips": self.state.skips,
            "routine_id": routine.id if routine else None,
            "routine_name": routine.name if routine else None,
            "reason": self.suggestion.reason if self.suggestion else None,
            "plan": self.plan_offer.reminder_line() if self.plan_offer else None,
        }
        write_status(self.config.status_path, status)

    def _why_text(self, interval_s: int) -> str:
        if self.state.snoozed_until is not None:
            return f"{self.why}, for {interval_words(self.config.snooze_s)}"
        text = f"{interval_words(interval_s)} after {self.why}"
        if self.state.skips >= 3:
            text += f"; longer after {self.state.skips} skipped breaks in a row"
        return text

"""A private D-Bus session bus with a small desktop on it, for tests of the break reminder.

`PrivateBus` starts `dbus-daemon --session` (its own socket, killed at the end).
`FakeDesktop` owns org.freedesktop.Notifications and org.freedesktop.ScreenSaver on that
bus, in a thread: it answers Notify (and records each notification), GetCapabilities,
GetServerInformation, CloseNotification, GetSessionIdleTime, GetActive and (for a
presentation) PowerManagement.Inhibit.HasInhibit, and emits
ActionInvoked when a test plays the person pressing a button.
"""

from __future__ import annotations

import contextlib
import os
import queue
import signal
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from jeepney import DBusAddress, HeaderFields, MessageType, new_error, new_method_return, new_signal
from jeepney.bus_messages import message_bus
from jeepney.io.blocking import Proxy, open_dbus_connection

NOTIFICATIONS = "org.freedesktop.Notifications"
SCREENSAVER = "org.freedesktop.ScreenSaver"
INHIBIT = "org.freedesktop.PowerManagement.Inhibit"


class PrivateBus:
    """`dbus-daemon --session` on its own address; `address` goes in DBUS_SESSION_BUS_ADDRESS."""

    def __init__(self, dbus_daemon: str) -> None:
        process = subprocess.run(
            [dbus_daemon, "--session", "--fork", "--print-address=1", "--print-pid=1"],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        )
        address, pid = process.stdout.split()[:2]
        self.address, self.pid = address, int(pid)

    def close(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGTERM)


@dataclass(frozen=True)
class Notification:
    """What the fake server received."""

    id: int
    app_name: str
    summary: str
    body: str
    actions: tuple[str, ...]


class FakeDesktop(threading.Thread):
    """The notification server and idle service, answering on its own connection."""

    def __init__(self, address: str, idle_s: int = 0, locked: bool = False) -> None:
        super().__init__(daemon=True)
        os.environ["DBUS_SESSION_BUS_ADDRESS"] = address
        self.connection = open_dbus_connection("SESSION")
        bus = Proxy(message_bus, self.connection, timeout=5)
        for name in (NOTIFICATIONS, SCREENSAVER, INHIBIT):
            bus.RequestName(name)
        self.idle_s, self.locked = idle_s, locked
        self.presenting = False
        self.notifications: queue.Queue[Notification] = queue.Queue()
        self.all: list[Notification] = []
        self._to_send: queue.Queue[tuple[str, int, str]] = queue.Queue()
        self._stopping = threading.Event()
        self._next_id = 0

    def run(self) -> None:
        while not self._stopping.is_set():
            while not self._to_send.empty():
                self._emit(*self._to_send.get())
            try:
                message = self.connection.receive(timeout=0.05)
            except TimeoutError:
                continue
            except OSError:
                return
            if message.header.message_type == MessageType.method_call:
                self._answer(message)

    def press(self, notification_id: int, action: str) -> None:
        """Play the person pressing a button on a notification."""
        self._to_send.put(("ActionInvoked", notification_id, action))

    def next_notification(self, timeout_s: float = 20.0) -> Notification:
        """The next notification that arrives (queue.Empty after a generous wait)."""
        return self.notifications.get(timeout=timeout_s)

    def stop(self) -> None:
        self._stopping.set()
        self.join(timeout=5)
        self.connection.close()

    def _answer(self, message) -> None:  # type: ignore[no-untyped-def]
        member = message.header.fields.get(HeaderFields.member)
        body = message.body
        if member == "Notify":
            self._next_id += 1
            note = Notification(self._next_id, body[0], body[3], body[4], tuple(body[5]))
            self.all.append(note)
            self.notifications.put(note)
            reply = new_method_return(message, "u", (self._next_id,))
        elif member == "GetCapabilities":
            reply = new_method_return(message, "as", (["actions", "body"],))
        elif member == "GetServerInformation":
            reply = new_method_return(message, "ssss", ("fake", "tests", "1", "1.2"))
        elif member == "CloseNotification":
            reply = new_method_return(message)
        elif member == "GetSessionIdleTime":
            reply = new_method_return(message, "u", (self.idle_s,))
        elif member == "HasInhibit":
            reply = new_method_return(message, "b", (self.presenting,))
        elif member == "GetActive":
            reply = new_method_return(message, "b", (self.locked,))
        else:
            reply = new_error(message, "org.freedesktop.DBus.Error.UnknownMethod")
        self.connection.send(reply)

    def _emit(self, member: str, notification_id: int, action: str) -> None:
        path = DBusAddress("/org/freedesktop/Notifications", interface=NOTIFICATIONS)
        self.connection.send(new_signal(path, member, "us", (notification_id, action)))


def wait_for(predicate, timeout_s: float = 20.0, step_s: float = 0.05) -> bool:  # type: ignore[no-untyped-def]
    """Poll `predicate` until it is true or a generous time has passed; its last answer."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step_s)
    return bool(predicate())


def status_of(data_home: Path) -> dict:
    """The daemon's status file under XDG_DATA_HOME."""
    import json

    path = data_home / "knotsession" / "remind-status.json"
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return {}

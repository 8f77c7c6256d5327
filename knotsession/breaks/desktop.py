"""The desktop over D-Bus (jeepney, imported only here): notifications with actions, idle time.

The freedesktop notification service shows the break with Start, Snooze and Skip and
reports the button pressed with an `ActionInvoked` signal. Idle time comes from
`org.freedesktop.ScreenSaver` (GetSessionIdleTime, GetActive) on the session bus, or
logind's IdleHint and LockedHint on the system bus. Every call is bounded by a timeout,
and a desktop that is missing or misbehaves only means less: no bubble, no idle time.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jeepney.io.blocking import DBusConnection

CALL_TIMEOUT_S = 5.0
APP_NAME = "knotsession"
ACTIONS = ("start", "snooze", "skip")
_NOTIFICATIONS = ("org.freedesktop.Notifications", "/org/freedesktop/Notifications")
_SCREENSAVER = ("org.freedesktop.ScreenSaver", "/org/freedesktop/ScreenSaver")
_LOGIN = ("org.freedesktop.login1", "/org/freedesktop/login1/session/auto")
_INHIBIT = ("org.freedesktop.PowerManagement.Inhibit", "/org/freedesktop/PowerManagement/Inhibit")
_GNOME_SESSION = ("org.gnome.SessionManager", "/org/gnome/SessionManager")
_INHIBIT_IDLE = 8  # GNOME's flag for "do not go idle": a presentation, a video, a call


@dataclass(frozen=True)
class Idle:
    """How long the person has been away from the keyboard, and whether the screen is locked."""

    idle_s: float = 0.0
    locked: bool = False


class Desktop:
    """One connection to the session bus: notifications out, button presses back."""

    def __init__(self, connection: DBusConnection) -> None:
        from jeepney import MatchRule
        from jeepney.bus_messages import message_bus
        from jeepney.io.blocking import Proxy

        self._connection = connection
        self._signals: deque[Any] = deque(maxlen=64)
        rule = MatchRule(type="signal", interface=_NOTIFICATIONS[0], path=_NOTIFICATIONS[1])
        Proxy(message_bus, connection, timeout=CALL_TIMEOUT_S).AddMatch(rule)
        self._filter = connection.filter(rule, queue=self._signals)
        self._system: DBusConnection | None = None

    @classmethod
    def connect(cls) -> Desktop | None:
        """The session bus, or None when there is none (no desktop, no jeepney)."""
        try:
            from jeepney.io.blocking import open_dbus_connection

            return cls(open_dbus_connection("SESSION"))
        except Exception:  # no bus address, refused, timed out, jeepney missing
            return None

    def close(self) -> None:
        """Close the bus connections."""
        self._filter.close()
        self._connection.close()
        if self._system is not None:
            self._system.close()

    def notify(
        self, summary: str, body: str, labels: Sequence[str], replaces: int | None = None
    ) -> int | None:
        """Show a notification with buttons (one label per ACTIONS entry), replacing the
        unanswered one `replaces`; its id, or None when no notification service answered."""
        from jeepney import DBusAddress, new_method_call

        address = DBusAddress(_NOTIFICATIONS[1], _NOTIFICATIONS[0], _NOTIFICATIONS[0])
        pairs = [part for pair in zip(ACTIONS, labels, strict=True) for part in pair]
        hints = {"category": ("s", "presence"), "urgency": ("y", 1)}
        message = new_method_call(
            address,
            "Notify",
            "susssasa{sv}i",
            (APP_NAME, replaces or 0, "", summary, body, pairs, hints, -1),
        )
        reply = self._call(self._connection, message)
        return int(reply[0]) if reply else None

    def wait_for_action(self, notification_id: int | None, timeout_s: float) -> str | None:
        """Wait up to `timeout_s` for a button on that notification: 'start', 'snooze',
        'skip', 'closed' (dismissed), or None when nothing happened in time."""
        deadline = time.monotonic() + max(timeout_s, 0.0)
        while True:
            while self._signals:
                signal = self._signals.popleft()
                answer = _answer(signal, notification_id)
                if answer is not None:
                    return answer
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            try:
                self._connection.recv_messages(timeout=left)
            except TimeoutError:
                return None
            except OSError:  # the bus went away: wait out the time without it
                time.sleep(max(deadline - time.monotonic(), 0.0))
                return None

    def idle(self) -> Idle:
        """Idle time and lock state: the ScreenSaver service, else logind, else nothing."""
        from jeepney import DBusAddress, new_method_call

        saver = DBusAddress(_SCREENSAVER[1], _SCREENSAVER[0], _SCREENSAVER[0])
        seconds = self._call(self._connection, new_method_call(saver, "GetSessionIdleTime"))
        active = self._call(self._connection, new_method_call(saver, "GetActive"))
        if seconds is not None or active is not None:
            return Idle(float(seconds[0]) if seconds else 0.0, bool(active and active[0]))
        return self._logind_idle()

    def presenting(self) -> bool:
        """Whether something keeps the screen awake (a presentation, a video call): the
        freedesktop PowerManagement inhibit service (KDE, Xfce), or GNOME's session manager."""
        from jeepney import DBusAddress, new_method_call

        inhibit = DBusAddress(_INHIBIT[1], _INHIBIT[0], _INHIBIT[0])
        answer = self._call(self._connection, new_method_call(inhibit, "HasInhibit"))
        if answer is not None:
            return bool(answer[0])
        gnome = DBusAddress(_GNOME_SESSION[1], _GNOME_SESSION[0], _GNOME_SESSION[0])
        message = new_method_call(gnome, "IsInhibited", "u", (_INHIBIT_IDLE,))
        answer = self._call(self._connection, message)
        return bool(answer and answer[0])

    def _logind_idle(self) -> Idle:
        from jeepney import DBusAddress, Properties

        if self._system is None:
            try:
                from jeepney.io.blocking import open_dbus_connection

                self._system = open_dbus_connection("SYSTEM")
            except Exception:
                return Idle()
        session = Properties(DBusAddress(_LOGIN[1], _LOGIN[0], "org.freedesktop.login1.Session"))
        values = self._call(self._system, session.get_all())
        if not values:
            return Idle()
        found = {key: value for key, (_sig, value) in values[0].items()}
        idle_s = 0.0
        if found.get("IdleHint") and found.get("IdleSinceHint"):
            idle_s = max(time.time() - found["IdleSinceHint"] / 1e6, 0.0)
        return Idle(idle_s, bool(found.get("LockedHint")))

    def _call(self, connection: DBusConnection, message: Any) -> tuple[Any, ...] | None:
        """The reply's body, or None for an error reply, a timeout or a broken bus."""
        from jeepney import MessageType

        try:
            reply = connection.send_and_get_reply(message, timeout=CALL_TIMEOUT_S)
        except (TimeoutError, OSError, ValueError):
            return None
        if reply.header.message_type == MessageType.error:
            return None
        return tuple(reply.body)


def _answer(signal: Any, notification_id: int | None) -> str | None:
    """What a Notifications signal means for our notification, if anything."""
    body = signal.body
    if notification_id is None or not body or body[0] != notification_id:
        return None  # another application's notification, or none of ours is showing
    member = signal.header.fields.get(_member_field())
    if member == "ActionInvoked" and len(body) > 1 and body[1] in ACTIONS:
        return str(body[1])
    if member == "NotificationClosed":
        return "closed"
    return None


def idle_from_ioreg(text: str) -> Idle:
    """macOS: idle time from `ioreg -c IOHIDSystem` (HIDIdleTime, in nanoseconds)."""
    for line in text.splitlines():
        if '"HIDIdleTime"' in line:
            value = line.rsplit("=", 1)[-1].strip()
            if value.isdigit():
                return Idle(int(value) / 1e9)
    return Idle()


def mac_idle() -> Idle:
    """Idle time on macOS, or nothing when ioreg cannot tell."""
    import subprocess

    try:
        result = subprocess.run(
            ["ioreg", "-c", "IOHIDSystem", "-d", "4"],
            capture_output=True,
            text=True,
            timeout=CALL_TIMEOUT_S,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return Idle()
    return idle_from_ioreg(result.stdout)


def _member_field() -> Any:
    from jeepney import HeaderFields

    return HeaderFields.member

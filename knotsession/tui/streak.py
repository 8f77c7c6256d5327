"""The few history figures the home and completion screens show, read off the event loop."""

from __future__ import annotations

import msgspec

from knotsession.core.wording import streak_summary


class StreakLine(msgspec.Struct, frozen=True):
    """The few history figures the home and completion screens show."""

    current: int
    week_sessions: int
    total_sessions: int
    today_completed: int = 0
    daily_goal: int = 1

    def describe(self) -> str:
        """`3-day streak · 2 sessions this week · 1 of 2 today`, or '' before any session."""
        return streak_summary(
            self.current,
            self.week_sessions,
            self.total_sessions,
            self.today_completed,
            self.daily_goal,
        )

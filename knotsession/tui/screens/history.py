"""History: streaks, a calendar of the last 26 weeks, minutes per area, and recent sessions.

The figures are added up by SQLite in a thread worker (fast with a decade of sessions);
the worker only posts `Loaded`, and the handler fills in the widgets.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from itertools import zip_longest
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.css.query import NoMatches
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Static

from knotsession.core.history import SessionRecord
from knotsession.core.stats import HEATMAP_WEEKS, Overview
from knotsession.core.text import shown
from knotsession.core.wording import sessions_and_minutes, streak_with_longest
from knotsession.tui.made_ahead import Droppable
from knotsession.tui.state import HELP_KEY
from knotsession.tui.styled_once import StyledOnce
from knotsession.tui.widgets.area_bars import AreaBars
from knotsession.tui.widgets.blank import BlankHorizontal
from knotsession.tui.widgets.heatmap import Heatmap
from knotsession.tui.widgets.keys_footer import KeysFooter
from knotsession.tui.words import clock

if TYPE_CHECKING:
    from knotsession.tui.state import SharedState

SHOWN = 3  # routines in the tension list, tags in the triggers list
INSIGHTS_LEFT_WIDTH = 44
SHOWN_TAGS = 5  # triggers in the insights, most used first
TAG_WIDTH = 16
ROUTINE_NAME_WIDTH = 24
SPOT_WEEKS = 8
# The recent sessions' columns. Their labels and cells are given as Text: a string would be
# read as markup, which loads Rich's emoji names (0.8 MiB) on the screen's first open.
COLUMNS = ("Date", "Routine", "Time", "Done", "Before", "After")


def file_stamp(path: Path) -> tuple[tuple[int, int, int] | None, ...]:
    """What changes when anything writes the history file: the size, time and inode of the
    file and of its write-ahead log (None for one that is not there, or an empty log, which
    SQLite makes and removes as connections open and close)."""
    stamps: list[tuple[int, int, int] | None] = []
    for file in (path, path.with_name(path.name + "-wal")):
        try:
            stat = file.stat()
        except OSError:
            stamps.append(None)
        else:
            stamps.append((stat.st_size, stat.st_mtime_ns, stat.st_ino) if stat.st_size else None)
    return tuple(stamps)


class HistoryScreen(Droppable, StyledOnce, Screen[None]):
    """Progress at a glance."""

    BLANK = True  # an opaque background and no border: drawn as blank lines (widgets/blank.py)

    app: SharedState
    CSS_PATH = "history.tcss"
    BINDINGS = [Binding("escape,q", "close", "Back"), HELP_KEY]

    class Loaded(Message):
        """The figures were read (or could not be: `problem` says why)."""

        def __init__(
            self, overview: Overview | None, notice: str | None, problem: str = ""
        ) -> None:
            super().__init__()
            self.overview = overview
            self.notice = notice
            self.problem = problem

    def __init__(
        self, store_path: Path | None = None, today: date | None = None, daily_goal: int = 1
    ) -> None:
        super().__init__()
        self.store_path = store_path
        self.today = today or date.today()
        self.daily_goal = daily_goal
        self.overview: Overview | None = None  # set once the figures are shown
        # The file read and its stamp once read (made ahead: is it still so?).
        self._read_from: tuple[Path, tuple[tuple[int, int, int] | None, ...]] | None = None

    @property
    def going(self) -> bool:
        """Dropped (made ahead, not wanted), or being taken down: what lands for it from a
        read is not shown (its widgets may be gone already)."""
        return self._dropped or self._closing or not self.is_attached

    def still_shows(self, store_path: Path | None, today: date, daily_goal: int) -> bool:
        """True when the screen (made ahead) shows what a new one would: for this day and
        goal, read from a file nothing has written since (ReadyScreen checks it is made, for
        the terminal's size)."""
        if (self.store_path, self.today, self.daily_goal) != (store_path, today, daily_goal):
            return False
        read_from = self._read_from
        return read_from is not None and file_stamp(read_from[0]) == read_from[1]

    def compose(self) -> ComposeResult:
        self.load()  # first: SQLite adds up while the widgets below are built and mounted
        yield Static("Reading your history…", id="summary", markup=False)
        with BlankHorizontal(id="charts"):
            yield Heatmap(HEATMAP_WEEKS, title=f"Last {HEATMAP_WEEKS} weeks", id="heatmap")
            yield AreaBars(title="Last 30 days", id="area-bars")
        yield Static("", id="insights", markup=False)
        yield Static("", id="spots", markup=False)
        yield DataTable(id="recent", cursor_type="row", zebra_stripes=True)
        yield KeysFooter()

    def on_mount(self) -> None:
        if self.removed_if_dropped():
            return
        self.query_one(Heatmap).end = self.today
        table = self.query_one("#recent", DataTable)
        table.add_columns(*(Text(label) for label in COLUMNS))

    @work(thread=True, exclusive=True, exit_on_error=False)
    def load(self) -> None:
        """Open the store and add up the figures, off the event loop."""
        from knotsession.core.history import HistoryError, HistoryStore

        # The app checked the file's pages when it started; reading needs no second check.
        store = HistoryStore.open(self.store_path, check=False)
        before = file_stamp(store.path)
        try:
            self.post_message(self.Loaded(store.overview(self.today), store.notice))
        except HistoryError as error:
            self.post_message(self.Loaded(None, store.notice, str(error)))
        finally:
            store.close()
        # As it was read only if nothing wrote it meanwhile (nor did closing the last
        # connection move the log's sessions into the file).
        after = file_stamp(store.path)
        self._read_from = (store.path, after) if after == before else None

    class SpotsLoaded(Message):
        """The knot map's weeks were read: one line a spot, or none; then the steps
        followed by a drop, or none."""

        def __init__(self, lines: list[str], steps: list[str] | None = None) -> None:
            super().__init__()
            self.lines = lines
            self.steps = steps or []

    def load_spots(self) -> None:
        """Each marked spot over the weeks, and the steps followed by a drop."""
        # The routines' steps as they are now, taken on the event loop for the worker.
        library = getattr(self.app, "library", None)  # None in an app of its own (tests)
        # Read in the worker, and only for the routines the sessions name.
        self._read_spots(library.steps_of() if library is not None else {})

    @work(thread=True, group="spots", exit_on_error=False)
    def _read_spots(self, steps_of: Mapping[str, tuple[str, ...]]) -> None:
        """Read the marks and sessions of the last weeks, off the event loop."""
        from knotsession.core.history import HistoryError, HistoryStore
        from knotsession.core.spot_trends import spot_lines, step_effects, step_lines

        store = HistoryStore.open_to_read(self.store_path)
        try:
            since = self.today - timedelta(weeks=SPOT_WEEKS)
            marks, sessions = store.spot_marks(since), store.sessions(since)
            lines = spot_lines(marks, sessions, self.today)
            steps = step_lines(step_effects(marks, sessions, steps_of))
        except HistoryError:
            lines, steps = [], []
        finally:
            store.close()
        self.post_message(self.SpotsLoaded(lines, steps))

    @on(SpotsLoaded)
    def show_spots(self, message: SpotsLoaded) -> None:
        """Your spots over the last weeks, and the steps followed by a drop, under the
        insights."""
        if self.going:
            return
        text = []
        if message.lines:
            text = [f"Your spots, last {SPOT_WEEKS} weeks (k on home marks them)", *message.lines]
        text += message.steps
        if text:
            spots = self.query_one("#spots", Static)
            spots.update("\n".join(text))
            spots.display = True
        self.lay_out_when_made()  # read: it shows what it will show

    @on(Loaded)
    def fill_in(self, message: Loaded) -> None:
        """Fill in every part from the overview, unless the screen is going."""
        if self.going:
            return
        try:
            self._fill_in(message)
        except NoMatches:  # taken down as the figures came: its widgets are going
            return

    def _fill_in(self, message: Loaded) -> None:
        if message.notice:
            notice = Static(message.notice, id="notice", classes="notice", markup=False)
            self.mount(notice, before="#summary")
        overview = message.overview
        if overview is None:
            self.query_one("#summary", Static).update(message.problem)
            self.lay_out_when_made()
            return
        self.query_one("#summary", Static).update(summary_text(overview, self.daily_goal))
        self.query_one(Heatmap).minutes_by_day = overview.minutes_by_day()
        self.query_one(AreaBars).minutes = overview.area_minutes
        self.query_one("#insights", Static).update(insights_text(overview))
        table = self.query_one("#recent", DataTable)
        table.clear()
        table.add_rows(table_row(record) for record in overview.recent)
        self.overview = overview
        self.load_spots()  # after: one open of the file at a time (it may have been damaged)

    def action_close(self) -> None:
        """Back to where you came from."""
        self.dismiss(None)


def streak_line(overview: Overview, daily_goal: int = 1) -> str:
    """`Streak 3 days · longest 12 days · 1 of 2 today`."""
    return streak_with_longest(
        overview.current_streak,
        overview.longest_streak,
        bool(overview.days),
        overview.completed_today(),
        daily_goal,
    )


def totals_line(overview: Overview) -> str:
    """This week and all time, in sessions and minutes."""
    week = sessions_and_minutes(overview.week_sessions, overview.week_minutes)
    total = sessions_and_minutes(overview.total_sessions, overview.total_minutes)
    return f"This week: {week} · All time: {total}"


def summary_text(overview: Overview, daily_goal: int = 1) -> Text:
    """The streak in bold, the totals under it."""
    text = Text(streak_line(overview, daily_goal), style="bold")
    if overview.days:
        text.append("\n" + totals_line(overview), style="dim")
    return text


def tension_lines(overview: Overview) -> list[str]:
    """The routines that ease tension most, with the average change."""
    if not overview.tension_changes:
        return ["Tension change", "Rate your tension before and", "after to see what helps."]
    lines = ["Tension change (after − before)"]
    for change in overview.tension_changes[:SHOWN]:
        name = f"{change.routine_name[:ROUTINE_NAME_WIDTH]:<{ROUTINE_NAME_WIDTH}}"
        lines.append(f"{name} {change.average_change:+.1f} ({change.sessions})")
    return lines


def tag_lines(overview: Overview) -> list[str]:
    """Each trigger: how often, and the average tension after with it and without it."""
    if not overview.tag_tensions:
        return ["Triggers", "Tag a session with what", "set the knots off."]
    lines = ["Triggers (tension with / without)"]
    for entry in overview.tag_tensions[:SHOWN_TAGS]:
        with_it, without = (
            "–" if value is None else f"{value:.1f}"
            for value in (entry.average_with, entry.average_without)
        )
        tag = shown(entry.tag)[:TAG_WIDTH]
        lines.append(f"{tag:<{TAG_WIDTH}} {entry.sessions:>3}×  {with_it} / {without}")
    return lines


def insights_text(overview: Overview) -> str:
    """Tension change on the left, triggers on the right."""
    left, right = tension_lines(overview), tag_lines(overview)
    rows = zip_longest(left, right, fillvalue="")
    return "\n".join(f"{a:<{INSIGHTS_LEFT_WIDTH}}{b}".rstrip() for a, b in rows)


def table_row(record: SessionRecord) -> tuple[Text, ...]:
    """Date, routine, time spent, done, tension before and after."""
    done = "✓" if record.completed else f"{record.steps_done}/{record.steps_total}"
    cells = (
        record.started_at.strftime("%Y-%m-%d %H:%M"),
        # Sessions imported before import refused unsafe text may still hold some.
        shown(record.routine_name)[:ROUTINE_NAME_WIDTH],
        clock(record.duration_s),
        done,
        "–" if record.tension_before is None else str(record.tension_before),
        "–" if record.tension_after is None else str(record.tension_after),
    )
    return tuple(Text(cell) for cell in cells)

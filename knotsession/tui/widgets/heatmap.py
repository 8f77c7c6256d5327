"""A calendar heat map, GitHub style: one cell per day, a column per week, coloured by minutes."""

from __future__ import annotations

from datetime import date, timedelta

from rich.cells import cell_len
from rich.segment import Segment
from textual.reactive import reactive
from textual.strip import Strip

from knotsession.tui.widgets.drawn_lines import DrawnLines

CELL = "■"
DAY_LABELS = ("Mon", "", "Wed", "", "Fri", "", "")  # weeks start on Monday
LABEL_WIDTH = 4
# Upper bounds (exclusive) in minutes of levels 1..3; level 4 is anything above.
LEVEL_LIMITS_MIN = (5.0, 15.0, 30.0)
TITLE, LABEL = "heatmap--title", "heatmap--label"
LEVELS = tuple(f"heatmap--level-{number}" for number in range(len(LEVEL_LIMITS_MIN) + 2))
"""The component class of each level, 0 (no session) to 4."""
Run = tuple[str, str]
"""Text and the component class that colours it."""


def level(minutes: float) -> int:
    """0 for a day without a session, then 1..4 by minutes spent."""
    if minutes <= 0:
        return 0
    for number, limit in enumerate(LEVEL_LIMITS_MIN, start=1):
        if minutes < limit:
            return number
    return len(LEVEL_LIMITS_MIN) + 1


def first_monday(end: date, weeks: int) -> date:
    """Monday of the first column, so that the last column is the week of `end`."""
    return end - timedelta(days=end.weekday()) - timedelta(weeks=weeks - 1)


class Heatmap(DrawnLines):
    """The last `weeks` weeks up to `end`: a row per weekday, a column per week."""

    DEFAULT_CSS = """
    Heatmap {
        width: auto;
        height: auto;
    }
    Heatmap > .heatmap--title { color: $accent; text-style: bold; }
    Heatmap > .heatmap--label { color: $text-muted; }
    Heatmap > .heatmap--level-0 { color: $foreground 15%; }
    Heatmap > .heatmap--level-1 { color: $success 40%; }
    Heatmap > .heatmap--level-2 { color: $success 65%; }
    Heatmap > .heatmap--level-3 { color: $success 85%; }
    Heatmap > .heatmap--level-4 { color: $success; }
    """
    COMPONENT_CLASSES = {TITLE, LABEL, *LEVELS}

    minutes_by_day: reactive[dict[date, float]] = reactive(dict, layout=True)
    """Minutes spent on each day (days without sessions may be left out)."""

    end: reactive[date] = reactive(date.today, layout=True)
    """The last day shown: today."""

    def __init__(self, weeks: int = 26, *, title: str = "", id: str | None = None) -> None:
        super().__init__(id=id)
        self.weeks = weeks
        self.title = title

    def get_content_width(self, container: object, viewport: object) -> int:
        return LABEL_WIDTH + 2 * self.weeks - 1

    def get_content_height(self, container: object, viewport: object, width: int) -> int:
        return 2 + len(DAY_LABELS)  # title and legend, months, the days

    def lines(self) -> list[list[Run]]:
        """The map, a list of runs a line: the heading, the months, then a line a weekday."""
        start = first_monday(self.end, self.weeks)
        lines = [self._heading(), [(self._months(start), LABEL)]]
        for weekday, name in enumerate(DAY_LABELS):
            line: list[Run] = [(name.ljust(LABEL_WIDTH), LABEL)]
            for week in range(self.weeks):
                day = start + timedelta(weeks=week, days=weekday)
                if day > self.end:
                    break
                if week:
                    line.append((" ", LABEL))
                line.append((CELL, LEVELS[level(self.minutes_by_day.get(day, 0.0))]))
            lines.append(line)
        return lines

    def draw(self) -> list[Strip]:
        """Each line of a segment per run (joined by colour when drawn), rather than through
        Rich text (10 ms on the history screen's first open)."""
        styles = {name: self.get_component_rich_style(name) for name in self.COMPONENT_CLASSES}
        # The heading is drawn over the title's style (bold), its legend too.
        heading = {name: styles[TITLE] + style for name, style in styles.items()}
        return [
            Strip([Segment(text, (heading if y == 0 else styles)[name]) for text, name in line])
            for y, line in enumerate(self.lines())
        ]

    def _months(self, start: date) -> str:
        """Month names above the first week that starts in each month."""
        width = LABEL_WIDTH + 2 * self.weeks - 1
        row = [" "] * width
        previous_month = None
        for week in range(self.weeks):
            monday = start + timedelta(weeks=week)
            if monday.month != previous_month and week < self.weeks - 1:
                column = LABEL_WIDTH + 2 * week
                name = monday.strftime("%b")
                if all(cell == " " for cell in row[max(column - 1, 0) : column + len(name)]):
                    row[column : column + len(name)] = name
            previous_month = monday.month
        return "".join(row)[:width]

    def _heading(self) -> list[Run]:
        """The title on the left, the colour legend on the right."""
        legend: list[Run] = [("less ", LABEL)]
        for name in LEVELS:
            legend += [(CELL, name), (" ", LABEL)]
        legend.append(("more", LABEL))
        width = LABEL_WIDTH + 2 * self.weeks - 1
        room = width - cell_len(self.title) - sum(cell_len(text) for text, _ in legend)
        return [(self.title, TITLE), (" " * max(room, 1), TITLE), *legend]

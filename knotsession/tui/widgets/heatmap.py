"""A calendar heat map, GitHub style: one cell per day, a column per week, coloured by minutes."""

from __future__ import annotations

from datetime import date, timedelta

from rich.style import Style
from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

CELL = "■"
DAY_LABELS = ("Mon", "", "Wed", "", "Fri", "", "")  # weeks start on Monday
LABEL_WIDTH = 4
# Upper bounds (exclusive) in minutes of levels 1..3; level 4 is anything above.
LEVEL_LIMITS_MIN = (5.0, 15.0, 30.0)


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


class Heatmap(Widget):
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
    COMPONENT_CLASSES = {
        "heatmap--title",
        "heatmap--label",
        *(f"heatmap--level-{n}" for n in range(5)),
    }

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

    def render(self) -> Text:
        label = self.get_component_rich_style("heatmap--label")
        levels = [self.get_component_rich_style(f"heatmap--level-{n}") for n in range(5)]
        start = first_monday(self.end, self.weeks)
        lines = [self._heading(label, levels), self._months(start, label)]
        for weekday, name in enumerate(DAY_LABELS):
            line = Text(name.ljust(LABEL_WIDTH), style=label)
            for week in range(self.weeks):
                day = start + timedelta(weeks=week, days=weekday)
                if day > self.end:
                    break
                if week:
                    line.append(" ")
                line.append(CELL, levels[level(self.minutes_by_day.get(day, 0.0))])
            lines.append(line)
        return Text("\n").join(lines)

    def _months(self, start: date, style: Style) -> Text:
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
        return Text("".join(row)[:width], style=style)

    def _heading(self, label: Style, levels: list[Style]) -> Text:
        """The title on the left, the colour legend on the right."""
        legend = Text("less ", style=label)
        for style in levels:
            legend.append(CELL, style)
            legend.append(" ")
        legend.append("more", style=label)
        width = LABEL_WIDTH + 2 * self.weeks - 1
        title = Text(self.title, style=self.get_component_rich_style("heatmap--title"))
        return title + Text(" " * max(width - title.cell_len - legend.cell_len, 1)) + legend

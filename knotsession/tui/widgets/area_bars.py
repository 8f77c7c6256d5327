"""Horizontal bars of minutes per body area."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from knotsession.core.stats import AREAS_SHOWN
from knotsession.core.wording import minutes_label

NAME_WIDTH = 10  # "upper-back", the longest area name
EIGHTHS = " ▏▎▍▌▋▊▉"


def bar(fraction: float, width: int) -> str:
    """A bar `fraction` (0..1) of `width` cells long, in eighths of a cell."""
    eighths = round(max(0.0, min(fraction, 1.0)) * width * 8)
    full, part = divmod(eighths, 8)
    return "█" * full + (EIGHTHS[part] if part else "")


class AreaBars(Widget):
    """One line per area: its name, a bar as long as its share, and its minutes."""

    DEFAULT_CSS = """
    AreaBars {
        height: auto;
        min-width: 20;
    }
    AreaBars > .area-bars--title { color: $accent; text-style: bold; }
    AreaBars > .area-bars--bar { color: $accent; }
    AreaBars > .area-bars--empty { color: $text-muted; }
    """
    COMPONENT_CLASSES = {"area-bars--title", "area-bars--bar", "area-bars--empty"}

    minutes: reactive[tuple[tuple[str, float], ...]] = reactive((), layout=True)
    """(area, minutes), most minutes first."""

    limit: reactive[int] = reactive(AREAS_SHOWN, layout=True)
    """How many areas to show at most."""

    def __init__(self, *, title: str = "", id: str | None = None) -> None:
        super().__init__(id=id)
        self.title = title

    def get_content_height(self, container: object, viewport: object, width: int) -> int:
        return bool(self.title) + max(min(len(self.minutes), self.limit), 1)

    def render(self) -> Text:
        title = Text(self.title, style=self.get_component_rich_style("area-bars--title"))
        lines = [title] if self.title else []
        if not self.minutes:
            empty = self.get_component_rich_style("area-bars--empty")
            return Text("\n").join([*lines, Text("No sessions yet", style=empty)])
        shown = self.minutes[: self.limit]
        labels = [minutes_label(m, short=True) for _, m in shown]
        label_width = max(len(label) for label in labels)
        bar_width = max(self.content_size.width - NAME_WIDTH - label_width - 2, 1)
        most = shown[0][1] or 1.0
        style = self.get_component_rich_style("area-bars--bar")
        for (area, minutes), label in zip(shown, labels, strict=True):
            line = Text(f"{area[:NAME_WIDTH]:<{NAME_WIDTH}} ")
            line.append(bar(minutes / most, bar_width).ljust(bar_width), style)
            line.append(f" {label:>{label_width}}")
            lines.append(line)
        return Text("\n").join(lines)

"""The body-area menu: each area that has routines, with how many."""

from __future__ import annotations

from collections.abc import Mapping

from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from knotsession.core.routine import BodyArea
from knotsession.tui.words import area_label


class AreaMenu(OptionList):
    """Body areas with their routine counts; an option's id is the area."""

    DEFAULT_CSS = """
    AreaMenu {
        width: 1fr;
    }
    """

    def __init__(self, counts: Mapping[BodyArea, int], *, id: str | None = None) -> None:
        super().__init__(*area_options(counts), id=id)

    @property
    def highlighted_area(self) -> str | None:
        """The area under the cursor, if any."""
        if self.highlighted is None:
            return None
        return self.get_option_at_index(self.highlighted).id

    def show(self, counts: Mapping[BodyArea, int], keep: str | None = None) -> None:
        """Replace the areas, the cursor staying on `keep` while it is still there."""
        self.clear_options()
        self.add_options(area_options(counts))
        if self.option_count:
            areas: list[str] = list(counts)
            self.highlighted = areas.index(keep) if keep in areas else 0


def area_options(counts: Mapping[BodyArea, int]) -> list[Option]:
    """One option per area: its name, then how many routines it has."""
    return [
        Option(Content.assemble(f"{area_label(area):<12}", (f"{count:>3}", "$text-muted")), area)
        for area, count in counts.items()
    ]

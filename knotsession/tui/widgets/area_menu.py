"""The body-area menu: each area that has routines, with how many."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from knotsession.tui.words import area_label


class AreaMenu(OptionList):
    """Body areas with their routine counts; an option's id is the area."""

    DEFAULT_CSS = """
    AreaMenu {
        width: 1fr;
    }
    """

    def __init__(self, counts: dict[str, int], *, id: str | None = None) -> None:
        options = [
            Option(
                Content.assemble(f"{area_label(area):<12}", (f"{count:>3}", "$text-muted")), area
            )
            for area, count in counts.items()
        ]
        super().__init__(*options, id=id)

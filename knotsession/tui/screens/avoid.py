"""Choose the body areas to avoid, e.g. an injured shoulder; the choice is saved at once."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import SelectionList, Static

from knotsession.core.routine import BODY_AREAS
from knotsession.tui.screens.dialog import Dialog
from knotsession.tui.words import area_label

AVOID_HINT = "space marks an area · esc done"


class AvoidScreen(Dialog[tuple[str, ...] | None]):
    """Body areas to spare; dismisses with the chosen areas, in body order."""

    CSS_PATH = "avoid.tcss"
    BINDINGS = [Binding("escape,a,q", "done", "Done")]

    def __init__(self, avoided: tuple[str, ...], routine_areas: tuple[str, ...] = ()) -> None:
        super().__init__()
        self.avoided = avoided
        self.routine_areas = routine_areas

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static("Areas to avoid", id="heading")
            yield Static(
                "Injured or healing? Steps that work these areas are marked, and the player "
                "offers to skip them.",
                id="explain",
            )
            yield SelectionList[str](
                *((self._label(area), area, area in self.avoided) for area in BODY_AREAS),
                id="areas",
            )
            yield Static(AVOID_HINT, id="close-hint")

    def _label(self, area: str) -> str:
        here = "  (in this routine)" if area in self.routine_areas else ""
        return f"{area_label(area)}{here}"

    def action_done(self) -> None:
        """Close, keeping the marked areas."""
        chosen = set(self.query_one("#areas", SelectionList).selected)
        self.dismiss(tuple(area for area in BODY_AREAS if area in chosen))

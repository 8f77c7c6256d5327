"""The routines of one body area: name, then duration, position and equipment."""

from __future__ import annotations

from collections.abc import Iterable

from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from knotsession.core.routine_summary import RoutineSummary
from knotsession.core.wording import avoid_mark
from knotsession.tui.words import equipment_label, minutes_label


def routine_option(routine: RoutineSummary, lead_in_s: int, avoid: tuple[str, ...] = ()) -> Option:
    """Two lines: the name (`yours` for the person's own, `⚠ shoulders` when it works an
    area the person avoids), then what it takes."""
    details = " · ".join(
        (
            minutes_label(routine.planned_s(lead_in_s)),
            routine.position,
            equipment_label(routine),
        )
    )
    yours = ("  yours", "$accent") if routine.origin != "bundled" else ""
    mark = avoid_mark(routine.avoided(avoid))
    avoided = (f"  {mark}", "$warning") if mark else ""
    prompt = Content.assemble(
        (routine.name, "bold"), yours, avoided, "\n", (details, "$text-muted")
    )
    return Option(prompt, routine.id)


class RoutineMenu(OptionList):
    """Routines to choose from; an option's id is the routine id."""

    @property
    def highlighted_id(self) -> str | None:
        """The id of the routine under the cursor, if any."""
        if self.highlighted is None:
            return None
        return self.get_option_at_index(self.highlighted).id

    def show(
        self,
        routines: Iterable[RoutineSummary],
        lead_in_s: int,
        keep: str | None = None,
        avoid: tuple[str, ...] = (),
    ) -> None:
        """Replace the list with `routines`, the cursor staying on `keep` while it is there;
        those that work an area in `avoid` are marked."""
        options = [routine_option(routine, lead_in_s, avoid) for routine in routines]
        self.clear_options()
        self.add_options(options)
        if self.option_count:
            ids = [option.id for option in options]
            self.highlighted = ids.index(keep) if keep in ids else 0

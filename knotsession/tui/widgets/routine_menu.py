"""The routines of one body area: name, then duration, position and equipment."""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from knotsession.core.routine_summary import RoutineSummary
from knotsession.core.wording import avoid_mark
from knotsession.tui.words import equipment_label, minutes_label

PAGE = 40  # options made at a time (a tall terminal shows about 25 routines)
MARGIN = 10  # options left below the cursor when the next page is made


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
    """Routines to choose from; an option's id is the routine id.

    Options are made a page at a time, as the cursor or the scrolling nears the end of
    those made: Textual measures every option it holds, which took seconds for an area
    of ten thousand routines (benchmarks/README.md, "Round six")."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._routines: Sequence[RoutineSummary] = ()
        self._lead_in_s = 0
        self._avoid: tuple[str, ...] = ()

    @property
    def highlighted_id(self) -> str | None:
        """The id of the routine under the cursor, if any."""
        if self.highlighted is None:
            return None
        return self.get_option_at_index(self.highlighted).id

    def show(
        self,
        routines: Sequence[RoutineSummary],
        lead_in_s: int,
        keep: str | None = None,
        avoid: tuple[str, ...] = (),
    ) -> None:
        """Replace the list with `routines`, the cursor staying on `keep` while it is there;
        those that work an area in `avoid` are marked."""
        self._routines, self._lead_in_s, self._avoid = routines, lead_in_s, avoid
        kept = next((i for i, r in enumerate(routines) if r.id == keep), 0) if keep else 0
        self.clear_options()
        self._make_options(kept + PAGE)
        if self.option_count:
            self.highlighted = kept

    def _make_options(self, count: int) -> None:
        """Options for the first `count` routines (those not made yet are added)."""
        made, wanted = self.option_count, min(count, len(self._routines))
        if wanted > made:
            lead_in_s, avoid = self._lead_in_s, self._avoid
            routines = self._routines[made:wanted]
            self.add_options([routine_option(r, lead_in_s, avoid) for r in routines])

    def watch_highlighted(self, highlighted: int | None) -> None:
        if highlighted is not None and highlighted >= self.option_count - MARGIN:
            self._make_options(self.option_count + PAGE)
        super().watch_highlighted(highlighted)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        scrolled_down = new_value > old_value  # (not the jump to the top as the list empties)
        near_the_end = new_value >= self.max_scroll_y - MARGIN
        if scrolled_down and near_the_end and self.option_count < len(self._routines):
            self._make_options(self.option_count + PAGE)
        super().watch_scroll_y(old_value, new_value)

    def action_last(self) -> None:
        """End: the last routine (every option is made first)."""
        self._make_options(len(self._routines))
        super().action_last()

"""Routine preview: its steps with their instructions, times and sides, the total, what to
have at hand and the safety note.

Beside the steps, the pose of the first step that has one, so the person sees how the
routine begins; `g` opens the gallery of every pose.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Button, Static

from knotsession.core.engine import planned_duration_s
from knotsession.core.routine import Routine, Step
from knotsession.core.wording import AVOID_MARK
from knotsession.tui.made_ahead import Droppable, ReadyScreen
from knotsession.tui.messages import SaveAvoid, StartRoutine, WantSound
from knotsession.tui.screens.gallery import ReadyGallery
from knotsession.tui.state import HELP_KEY
from knotsession.tui.styled_once import StyledOnce
from knotsession.tui.widgets.blank import BlankHorizontal, BlankVertical, BlankVerticalScroll
from knotsession.tui.widgets.compact import CompactButton
from knotsession.tui.widgets.figure import FIGURE_HEIGHT, FIGURE_WIDTH, FigureView, frames_for
from knotsession.tui.widgets.keys_footer import KeysFooter
from knotsession.tui.widgets.steps_table import StepsTable
from knotsession.tui.words import (
    SAFETY_NOTE,
    area_label,
    clock,
    equipment_label,
    plural,
)

if TYPE_CHECKING:
    from knotsession.tui.state import SharedState

FIGURE_BOX = (FIGURE_WIDTH, FIGURE_HEIGHT)  # the figure as composed (it grows to fit)


def avoid_text(routine: Routine, avoid: tuple[str, ...]) -> str:
    """Which avoided areas the routine works, or '' when none."""
    areas = [area_label(area).lower() for area in routine.avoided(avoid)]
    if not areas:
        return ""
    return (
        f"{AVOID_MARK} Works {', '.join(areas)}, which you avoid: those steps are marked, "
        "and the player offers to skip them. a changes the areas."
    )


def skip_if_text(routine: Routine) -> str:
    """The conditions under which to skip the routine, one a line."""
    conditions = "\n".join(f"  • {condition}" for condition in routine.skip_if)
    return f"Skip it, or ask a professional first, if you have:\n{conditions}"


def first_posed_step(routine: Routine) -> tuple[int, Step] | None:
    """The number (from 1) and step of the first step that names a pose, if any does."""
    for number, step in enumerate(routine.steps, start=1):
        if step.poses:
            return number, step
    return None


def draw_first_pose(routine: Routine) -> None:
    """Draw the figure the preview of `routine` shows (kept by the figures module), so the
    preview's compose finds it drawn. Blocking: for a worker thread; a pose that cannot be
    drawn is left for the preview to tell."""
    posed = first_posed_step(routine)
    if posed is not None:
        step = posed[1]
        with contextlib.suppress(Exception):
            frames_for(step.poses, mirrored=step.sides == "right", spot=step.spot, box=FIGURE_BOX)


class PreviewScreen(Droppable, StyledOnce, Screen):
    """A routine before it starts."""

    BLANK = True  # an opaque background and no border: drawn as blank lines (widgets/blank.py)

    app: SharedState
    CSS_PATH = "preview.tcss"
    AUTO_FOCUS = "#start"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (76, "-wide")]  # room for the steps and a figure
    VERTICAL_BREAKPOINTS = [(0, "-short"), (20, "-tall")]
    BINDINGS = [
        Binding("s", "start", "Start", tooltip="start the routine"),
        Binding("g", "gallery", "Poses", tooltip="the pose gallery: every figure by name"),
        Binding("i", "app.guide('safety')", "Guide", tooltip="the guide, starting with safety"),
        Binding(
            "a",
            "avoid",
            "Avoid areas",
            tooltip="areas to avoid (an injury): marked, offered to skip",
        ),
        Binding("escape,b", "back", "Back", tooltip="back to the routines"),
        HELP_KEY,
    ]

    def __init__(
        self, routine: Routine, *, lead_in_s: int, avoid: tuple[str, ...] | None = None
    ) -> None:
        """`avoid`: the areas to mark (by default the settings' areas to avoid)."""
        super().__init__()
        self.routine = routine
        self.lead_in_s = lead_in_s
        self.avoid = self.app.settings.avoid if avoid is None else avoid
        self._sound_wanted = False
        self.ready_gallery = ReadyGallery(self)  # `g`'s gallery, made ahead

    def shows(self, routine: Routine, *, lead_in_s: int, avoid: tuple[str, ...]) -> bool:
        """True when the screen shows `routine` as these settings would (made ahead)."""
        return (self.routine, self.lead_in_s, self.avoid) == (routine, lead_in_s, avoid)

    def compose(self) -> ComposeResult:
        routine = self.routine
        with BlankHorizontal(id="top"):
            yield Static(routine.name, id="title", markup=False)
            yield Static(clock(planned_duration_s(routine, self.lead_in_s)), id="total")
        with BlankHorizontal(id="middle"):
            with BlankVerticalScroll(id="body"):
                if routine.description:
                    yield Static(routine.description, id="description", markup=False)
                yield Static(self._details(), id="details", markup=False)
                if routine.safety:
                    yield Static(f"Safety: {routine.safety}", id="safety", markup=False)
                if routine.skip_if:
                    yield Static(skip_if_text(routine), id="skip-if", markup=False)
                avoid = self.avoid
                line = Static("", id="avoid", markup=False)
                self._mark_avoided(line, avoid)
                yield line
                yield StepsTable(routine, avoid, id="steps")
                yield Static(self._total(), id="total-line")
                yield Static(f"Safety: {SAFETY_NOTE}", id="safety-note")
            yield from self._figure_column()
        with BlankHorizontal(id="actions"):
            yield CompactButton("▶  Start", "primary", id="start")
            yield CompactButton("Back", id="back")
        yield KeysFooter()

    def _figure_column(self) -> ComposeResult:
        """The first pose of the routine, under the step it belongs to (nothing without one)."""
        posed = first_posed_step(self.routine)
        if posed is None:
            return
        number, step = posed
        mirrored = step.sides == "right"  # a right-only step is shown as it is done
        with BlankVertical(id="figure-column"):
            yield Static(f"{number}. {step.name}", id="figure-caption", markup=False)
            yield FigureView(
                step.poses, mirrored=mirrored, spot=step.spot, box=FIGURE_BOX, id="figure"
            )

    def on_mount(self) -> None:
        if self.removed_if_dropped():
            return
        for figure in self.query("#figure").results(FigureView):
            if not figure.frames:  # a pose that cannot be drawn takes its caption with it
                self.query_one("#figure-column").display = False
        self.lay_out_when_made()

    def on_screen_resume(self) -> None:
        # The person is likely to start: open the sound now, while they read (when the
        # screen is shown: one made ahead may never be).
        if not self._sound_wanted:
            self._sound_wanted = True
            self.post_message(WantSound())
            self.ready_gallery.start()

    def on_unmount(self) -> None:
        self.ready_gallery.drop()

    def show_avoid(self, avoid: tuple[str, ...]) -> None:
        """Mark the steps that work an area the person avoids, after a change: the new
        choice is shown at once, while the app saves it."""
        self.avoid = avoid
        self._mark_avoided(self.query_one("#avoid", Static), avoid)
        self.query_one("#steps", StepsTable).mark_avoided(avoid)

    def _mark_avoided(self, line: Static, avoid: tuple[str, ...]) -> None:
        """The line naming the avoided areas the routine works (hidden when none)."""
        line.update(avoid_text(self.routine, avoid))
        line.display = bool(line.content)

    def action_avoid(self) -> None:
        """Choose the body areas to avoid (an injury); saved in the settings."""
        from knotsession.tui.screens.avoid import AvoidScreen

        def chosen(areas: tuple[str, ...] | None) -> None:
            if areas is not None:
                self.post_message(SaveAvoid(areas))
                self.show_avoid(areas)

        self.app.push_screen(AvoidScreen(self.app.settings.avoid, self.routine.areas), chosen)

    def _details(self) -> str:
        routine = self.routine
        areas = ", ".join(area_label(area) for area in routine.areas)
        return " · ".join(
            (plural(len(routine.steps), "step"), routine.position, equipment_label(routine), areas)
        )

    def _total(self) -> str:
        total = clock(planned_duration_s(self.routine, self.lead_in_s))
        return f"{total} in all, with time to get ready and to switch sides"

    @on(Button.Pressed, "#start")
    def action_start(self) -> None:
        """Start the routine."""
        self.ready_gallery.drop()  # none is held while a session plays
        self.post_message(StartRoutine(self.routine))

    def action_gallery(self) -> None:
        """Every pose with its name (the gallery made ahead, if it is)."""
        self.app.push_screen(self.ready_gallery.take())

    @on(Button.Pressed, "#back")
    def action_back(self) -> None:
        """Back to the routines."""
        self.app.pop_screen()


class ReadyPreview:
    """The preview of the routine the person rests on in home's list, made ahead
    (made_ahead.py), so Enter shows it at once: composing and mounting it were half of its
    first open. One at a time; resting on another routine drops it."""

    def __init__(self, app: SharedState) -> None:
        self._app = app
        self._ready: ReadyScreen[PreviewScreen] = ReadyScreen()
        self._wanted: tuple[Routine, int, tuple[str, ...]] | None = None  # being drawn

    @property
    def screen(self) -> PreviewScreen | None:
        """The preview made ahead (or being made), if there is one."""
        return self._ready.screen

    def make(self, routine: Routine) -> None:
        """Make the preview of `routine` off screen, unless it is made: its figure drawn on
        a worker thread first (a third of the screen's compose, which held the event loop
        for 16-20 ms at once), then the screen composed and mounted on the event loop."""
        settings = self._app.settings
        wanted = (routine, settings.lead_in, settings.avoid)
        ready = self._ready.screen
        if ready is not None and ready.shows(routine, lead_in_s=wanted[1], avoid=wanted[2]):
            return
        self.drop()
        self._wanted = wanted

        def draw_then_make() -> None:
            draw_first_pose(routine)
            with contextlib.suppress(RuntimeError):  # the app closed meanwhile
                self._app.call_from_thread(self._make_now, wanted)

        self._app.run_worker(draw_then_make, thread=True, exit_on_error=False, group="warm-up")

    def _make_now(self, wanted: tuple[Routine, int, tuple[str, ...]]) -> None:
        if wanted != self._wanted or self._ready.screen is not None:
            return  # the person moved on while it was drawn
        routine, lead_in_s, avoid = wanted
        self._ready.make(self._app, PreviewScreen(routine, lead_in_s=lead_in_s, avoid=avoid))

    def take(self, routine: Routine) -> PreviewScreen:
        """The preview of `routine`: the one made ahead if it is made and shows it as the
        settings are now, else a new one."""
        settings = self._app.settings
        lead_in_s, avoid = settings.lead_in, settings.avoid
        self._wanted = None
        ready = self._ready.take(
            lambda screen: screen.shows(routine, lead_in_s=lead_in_s, avoid=avoid)
        )
        return ready or PreviewScreen(routine, lead_in_s=lead_in_s, avoid=avoid)

    def drop(self) -> None:
        """Not wanted: the person moved on."""
        self._wanted = None
        self._ready.drop()

"""Home: the 5-minute desk routine up front, then routines by body area."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Static

from knotsession.core.engine import planned_duration_s
from knotsession.core.library import Library
from knotsession.core.routine import Routine
from knotsession.core.text import shown
from knotsession.tui.messages import EditRoutine, Notice, RefreshStreak, StartBreak, StartRoutine
from knotsession.tui.state import HELP_KEY
from knotsession.tui.widgets.keys_footer import KeysFooter
from knotsession.tui.words import area_label, equipment_label, minutes_label, plural

if TYPE_CHECKING:
    from textual.events import DescendantFocus
    from textual.timer import Timer
    from textual.widgets import OptionList

    from knotsession.core.plan_offer import PlanOffer
    from knotsession.core.settings import Settings
    from knotsession.tui.screens.preview import ReadyPreview
    from knotsession.tui.state import SharedState
    from knotsession.tui.streak import StreakLine
    from knotsession.tui.widgets.area_menu import AreaMenu
    from knotsession.tui.widgets.break_offer import BreakOffer
    from knotsession.tui.widgets.routine_menu import RoutineMenu
    from knotsession.tui.widgets.start_button import StartButton


PREVIEW_AHEAD_S = 0.3  # on a routine this long, the person may choose it: its preview is made


class HomeScreen(Screen):
    """What a person sees first.

    Home's own widgets are imported when it is composed, and their messages are handled by
    name (`on_break_offer_done`), not with `@on(BreakOffer.Done)`: under `start ID` home is
    composed only when the person goes back to it, so a playing session does not load them
    (nor Textual's OptionList).
    """

    BLANK = True  # an opaque background and no border: drawn as blank lines (widgets/blank.py)

    app: SharedState
    CSS_PATH = "home.tcss"
    AUTO_FOCUS = "#featured, #areas"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (60, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (20, "-tall")]
    BINDINGS = [
        Binding("h", "app.history", "History", tooltip="history and streaks"),
        # Not in the footer: at 80 columns it would push out q Quit; help and README list it.
        Binding(
            "k",
            "app.knot_map",
            "Knots",
            show=False,
            tooltip="the knot map and today's plan for it",
        ),
        Binding("s", "app.open_settings", "Settings", tooltip="settings"),
        Binding(
            "i",
            "app.guide",
            "Guide",
            tooltip="the guide: safety, when to see a professional, knots, food",
        ),
        Binding("n", "todays_plan", "Plan", show=False, tooltip="play today's plan for your spots"),
        Binding("e", "edit", "Edit", tooltip="edit your own routine"),
        Binding("p", "problems", "Problems", tooltip="routine files that could not be read"),
        Binding(
            "b", "take_break", "Break", show=False, tooltip="start the suggested break routine"
        ),
        Binding(
            "r", "breaks_on", "Breaks on", tooltip="turn on hourly breaks, even with the app closed"
        ),
        Binding("q", "app.quit", "Quit", tooltip="quit"),
        Binding("down", "focus_menu", show=False),
        Binding("right", "focus_routines", show=False),
        Binding("left,escape", "focus_areas", show=False),
        HELP_KEY,
    ]

    def __init__(self, library: Library, *, featured_id: str, composed: bool = True) -> None:
        """`composed` False: the app started straight into a routine, which opens over this
        screen at once; home is composed when it is first needed (`compose_now`), so a
        playing session does not hold its lists (about 1.5 MiB with its reads)."""
        super().__init__()
        self.library = library
        self.featured_id = featured_id
        self.featured = library.get(featured_id)
        self.composed = composed
        self._passed_over = False  # shown once, uncomposed, as the routine opened over it
        self._keep_routine: str | None = None  # the routine to stay on when lists refill
        self._shown: dict[str, str] = {}  # what a line arriving after first paint shows
        self._resting: Timer | None = None  # until the preview of the routine rested on is made
        self._preview: ReadyPreview | None = None

    async def compose_now(self) -> None:
        """Compose home now, with the library as it is, if it was left for later."""
        if self.composed:
            return
        self.composed = True
        self.library = self.app.library
        self.featured = self.library.get(self.featured_id)
        await self.recompose()
        self._set_up()
        if self.is_current:  # on screen already: what showing it does (on_screen_resume)
            self.query_one("#featured, #areas").focus()
            self.post_message(RefreshStreak())

    def compose(self) -> ComposeResult:
        if not self.composed:
            return
        from knotsession.tui.widgets.area_menu import AreaMenu
        from knotsession.tui.widgets.break_offer import BreakOffer
        from knotsession.tui.widgets.routine_menu import RoutineMenu
        from knotsession.tui.widgets.start_button import StartButton

        with Horizontal(id="top"):
            yield Static("knotsession", id="brand")
            yield Static("", id="next-break")
            yield Static("", id="streak")
        if self.featured is not None:
            with Vertical(id="featured-box"):
                yield StartButton("▶  Start the 5-minute desk routine", id="featured")
                yield Static(self._featured_details(), id="featured-details", markup=False)
        yield Static("", id="plan-offer", markup=False)
        yield BreakOffer(id="break-offer")
        # Each list's title is in its top border: fewer widgets, and the first paint is
        # sooner (benchmarks/README.md).
        with Horizontal(id="menus"):
            areas = AreaMenu(self.library.area_counts(), id="areas")
            areas.border_title = "Body areas"
            yield areas
            yield RoutineMenu(id="routines")
        yield Static(self._problems_line(), id="problems-notice")
        # Its keys in the first paint: built after it, home was laid out and painted again,
        # the longest stall after the app's first paint.
        yield KeysFooter(with_screen=True)

    def _problems_line(self) -> str:
        count = len(self.library.problems)
        files = "file" if count == 1 else "files"
        return f"{count} routine {files} could not be loaded · press p to see why"

    def on_mount(self) -> None:
        if self.composed:
            self._set_up()

    def _set_up(self) -> None:
        # Textual (8) shows the toasts (none) once home is shown, setting its toast rack's
        # display, which lays out the whole screen the first time it is set: set before
        # the first layout, that finds nothing to change (20-25 ms after the first paint).
        # Only where its styles hide it already: Textual 6 shows the rack all the time.
        for rack in self.query("ToastRack"):
            if not rack.display:
                rack.display = False
        self.watch(self.app, "streak", self._streak_changed)
        self.watch(self.app, "next_break", self.show_next_break)
        self.watch(self.app, "todays_plan", self.show_plan_offer)
        self.watch(self.app, "library", self.show_library, init=False)
        self.watch(self.app, "settings", self._settings_changed, init=False)
        self.query_one("#problems-notice").display = bool(self.library.problems)
        areas = self._areas()
        if areas.option_count:
            areas.highlighted = 0
        else:
            self.show_routines_title("No routines found.")

    async def on_screen_resume(self) -> None:
        if self.composed:
            self.post_message(RefreshStreak())
            if self.focused is self._routines():  # back on the list from the preview
                self._rest_on(self._routines().highlighted_id)
        elif self._passed_over:  # back by a way that did not compose it first
            await self.compose_now()
        else:  # its first showing: the routine opens over it
            self._passed_over = True

    def on_screen_suspend(self) -> None:
        # Another screen over home (a preview takes the one made ahead first): none is held
        # while a session plays, nor made for a list no longer in front of the person.
        self._rest_on(None)
        if self._preview is not None:
            self._preview.drop()

    def _streak_changed(self, streak: StreakLine | None) -> None:
        if streak is not None:
            self.show_streak(streak)

    def show_streak(self, streak: StreakLine) -> None:
        """Show the streak line (history figures arrive after the first paint). Its size is
        set by the top bar (one line, the width left), so new text is only drawn again: no
        layout of the whole screen, which was one of the longest stalls after first paint."""
        self.query_one("#streak", Static).update(streak.describe(), layout=False)
        self._break_offer().offer(streak.total_sessions)
        self.refresh_bindings()

    def show_plan_offer(self, offer: PlanOffer | None) -> None:
        """`Today's plan for your left rhomboid and neck: 5 min — press n`, once spots are
        marked (nothing otherwise)."""
        line = self.query_one("#plan-offer", Static)
        text = f"{offer.home_line()} — press n" if offer is not None else ""
        # No plan is the usual arrival: nothing shown changes, so nothing is laid out again.
        if self._update_shown("#plan-offer", text):
            line.update(text)
            line.display = offer is not None
        self.refresh_bindings()

    def _update_shown(self, widget_id: str, text: str) -> bool:
        """Remember what a line shows; True when it needs changing."""
        if self._shown.get(widget_id, "") == text:
            return False
        self._shown[widget_id] = text
        return True

    def action_todays_plan(self) -> None:
        """Play today's plan for the spots marked lately."""
        offer = self.app.todays_plan
        if offer is not None:
            self.post_message(StartRoutine(offer.plan.routine))

    def show_next_break(self, label: str) -> None:
        """`Next break in 42 min` when break reminders are on; nothing when they are off."""
        self.query_one("#next-break", Static).update(label)

    def _settings_changed(self, old: Settings, new: Settings) -> None:
        # Durations include lead-ins; routines working an avoided area are marked.
        if (old.lead_in, old.avoid) != (new.lead_in, new.avoid):
            self.show_library(self.library)

    def show_library(self, library: Library) -> None:
        """Show the routines as they are now (after an edit), keeping the place in the lists."""
        self.library = library
        self.featured = library.get(self.featured_id)
        if self.featured is not None and self.query("#featured-details"):
            self.query_one("#featured-details", Static).update(self._featured_details())
        notice = self.query_one("#problems-notice", Static)
        notice.update(self._problems_line())
        notice.display = bool(library.problems)
        self.refresh_bindings()
        areas = self._areas()
        # The cursor lands on an area again, which lists its routines (show_area).
        self._keep_routine = self._routines().highlighted_id
        areas.show(library.area_counts(), keep=areas.highlighted_area)
        if not areas.option_count:
            self._routines().clear_options()
            self.show_routines_title("No routines found.")

    def show_routines_title(self, title: str) -> None:
        """`Neck · 7 routines` above the routine list."""
        self._routines().border_title = title

    def _featured_details(self) -> str:
        assert self.featured is not None
        routine = self.featured
        duration = minutes_label(planned_duration_s(routine, self.app.settings.lead_in))
        return f"{duration} · {plural(len(routine.steps), 'step')} · {equipment_label(routine)}"

    def _areas(self) -> AreaMenu:
        from knotsession.tui.widgets.area_menu import AreaMenu

        return self.query_one("#areas", AreaMenu)

    def _routines(self) -> RoutineMenu:
        from knotsession.tui.widgets.routine_menu import RoutineMenu

        return self.query_one("#routines", RoutineMenu)

    def _break_offer(self) -> BreakOffer:
        from knotsession.tui.widgets.break_offer import BreakOffer

        return self.query_one("#break-offer", BreakOffer)

    # --- breaks -------------------------------------------------------------------------

    def action_take_break(self) -> None:
        """Start the short standing routine a break suggests."""
        self.post_message(StartBreak())

    def action_breaks_on(self) -> None:
        """Turn on the background break reminder (offered after the first session)."""
        self._break_offer().turn_on()

    def on_break_offer_done(self, message: BreakOffer.Done) -> None:
        """Say what installing did; the offer goes once it worked."""
        from knotsession.tui.widgets.break_offer import OFFER

        self.post_message(Notice(" ".join(message.lines), timeout=15))
        offer = self._break_offer()
        offer.show(not message.ok)
        offer.update(OFFER)
        self.refresh_bindings()

    # --- choosing -----------------------------------------------------------------------

    def on_start_button_pressed(self, message: StartButton.Pressed) -> None:
        """Start the 5-minute desk routine (home's one start button, #featured)."""
        if message.control.id == "featured" and self.featured is not None:
            self.post_message(StartRoutine(self.featured))

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.control.id == "areas":
            self.show_area(event)
        elif event.control.id == "routines" and event.control.has_focus:
            self._rest_on(event.option.id)

    def on_descendant_focus(self, event: DescendantFocus) -> None:
        if event.widget.id == "routines":
            self._rest_on(self._routines().highlighted_id)

    def _rest_on(self, routine_id: str | None) -> None:
        """The person is on a routine of the list: if they stay a moment, its preview is
        made ahead, so Enter shows it at once."""
        if self._resting is not None:
            self._resting.stop()
        self._resting = None
        if routine_id is not None:
            make = partial(self._make_preview_ahead, routine_id)
            self._resting = self.set_timer(PREVIEW_AHEAD_S, make)

    def _make_preview_ahead(self, routine_id: str) -> None:
        self._resting = None
        routines = self._routines()
        if not self.is_current or not routines.has_focus or routines.highlighted_id != routine_id:
            return
        routine = self.library.get(routine_id)
        if routine is not None:  # one that no longer loads says why when it is chosen
            self._ready_preview().make(routine)

    def _ready_preview(self) -> ReadyPreview:
        if self._preview is None:
            from knotsession.tui.screens.preview import ReadyPreview

            self._preview = ReadyPreview(self.app)
        return self._preview

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.control.id == "areas":
            self.enter_area()
        elif event.control.id == "routines":
            self.preview(event)

    def show_area(self, event: OptionList.OptionHighlighted) -> None:
        """List the routines of the highlighted area."""
        area = event.option.id or ""
        routines = self.library.in_area(area)
        self.show_routines_title(f"{area_label(area)} · {plural(len(routines), 'routine')}")
        keep, self._keep_routine = self._keep_routine, None
        settings = self.app.settings
        menu = self._routines()
        menu.show(routines, settings.lead_in, keep, avoid=settings.avoid)

    def enter_area(self) -> None:
        """Move to the routines of the chosen area."""
        self._routines().focus()

    def preview(self, event: OptionList.OptionSelected) -> None:
        """Show the chosen routine before starting it (its preview made ahead, if it is)."""
        routine = self._open(event.option.id or "")
        if routine is not None:
            self.app.push_screen(self._ready_preview().take(routine))

    def _open(self, routine_id: str) -> Routine | None:
        """The routine as its file is now (the lists hold summaries); a file that no
        longer loads says why."""
        routine = self.library.get(routine_id)
        if routine is None:
            self.notify(shown(self.library.why_missing(routine_id)), severity="error",
                        markup=False, timeout=10)  # fmt: skip
        return routine

    # --- moving around ------------------------------------------------------------------

    def action_focus_menu(self) -> None:
        """Down from the start button goes to the body areas."""
        self._areas().focus()

    def action_focus_routines(self) -> None:
        """Right from the areas goes to their routines."""
        routines = self._routines()
        if routines.option_count:
            routines.focus()

    def action_focus_areas(self) -> None:
        """Left (or Escape) from the routines goes back to the areas."""
        self._areas().focus()

    def focus_featured(self) -> None:
        """Put the focus on the start button, so Enter starts the featured routine."""
        for button in self.query("#featured"):
            button.focus()

    def action_edit(self) -> None:
        """Open the chosen routine in the person's editor (their own routines only)."""
        routine = self._chosen_routine()
        if routine is None:
            self.notify("Choose a routine (→), then press e to edit it.", timeout=4)
            return
        self.post_message(EditRoutine(routine))

    def _chosen_routine(self) -> Routine | None:
        """The routine the focus is on: the start button's, or the highlighted one."""
        focused = self.focused
        if focused is not None and focused.id == "featured":
            return self.featured
        routines = self._routines()
        if focused is routines and routines.highlighted_id is not None:
            return self._open(routines.highlighted_id)
        return None

    def action_problems(self) -> None:
        """List the routine files that did not load, and why."""
        from knotsession.tui.screens.problems import ProblemsScreen

        self.app.push_screen(ProblemsScreen(self.library.problems))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "problems":
            return bool(self.library.problems)
        if action == "todays_plan":
            return self.app.todays_plan is not None
        if action == "breaks_on":
            return bool(self.query("#break-offer") and self._break_offer().display)
        return True

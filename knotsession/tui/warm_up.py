"""What the screens need, made ready while the person is still looking at home.

The first open of a screen used to pay for three things the moment its key was pressed:
importing its module, and twice re-reading every stylesheet of the app. Textual parses a
screen's CSS_PATH when the screen is first pushed, and the DEFAULT_CSS of widget classes
when one is first mounted; each time it parses all the app's CSS again (some 25 sources)
and restyles every widget. On the benchmark machine that was 60-370 ms of a first open,
most of the completion screen's delay after a routine's last step.

Once home has painted, a worker thread imports the screens (and calls a screen module's
`get_ready`, if it has one, for what the screen lays out from code alone), parses the
bundled poses, and builds and parses one stylesheet holding every screen's and widget's
CSS; the app then takes it in one assignment on the event loop. The worker hands it over
without waiting for the loop: a worker blocked in `call_from_thread` while the app closes
can keep the process alive. If anything changed meanwhile (a theme, or a screen opened
first), the new stylesheet is dropped and screens load their CSS as before.
Every screen's styles are nested under its own type, so having them all loaded changes no
other screen (checked by tests/tui/test_warm_up.py).
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import inspect
import weakref
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from textual.app import App
from textual.css.stylesheet import Stylesheet
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widget import Widget

T = TypeVar("T")

# The screens a person opens, most used first.
SCREEN_MODULES = (
    "knotsession.tui.screens.player",
    "knotsession.tui.screens.preview",
    "knotsession.tui.screens.completion",
    "knotsession.tui.screens.history",
    "knotsession.tui.screens.help",
    "knotsession.tui.screens.settings",
    "knotsession.tui.screens.gallery",
    "knotsession.tui.screens.guide",
    "knotsession.tui.screens.knot_map",
    "knotsession.tui.screens.tension",
    "knotsession.tui.screens.confirm",
)
# While a session plays, only the screen that follows it: the others (some 100 modules and
# their styles, ~3 MiB) wait until home is back, so playing costs little more memory than
# a bare countdown.
AFTER_THE_SESSION = ("knotsession.tui.screens.completion",)
_WARMED_UP: weakref.WeakSet[App[Any]] = weakref.WeakSet()  # apps with every screen warmed


def start_warm_up_for(
    app: App[Any], *, playing: bool, then: Callable[[], None] | None = None
) -> None:
    """Start the warm-up once home has painted: while a session is `playing`, of the screen
    after it only; else of every screen, once per app. `then` is called on the event loop
    once the styles are handed over (at once, after a refresh, if that was done before).
    Not in tests (headless): they drive thousands of apps, and test_warm_up calls `warm_up`
    itself."""
    if app.is_headless:
        return
    if app in _WARMED_UP:
        if then is not None:
            app.call_after_refresh(then)
        return
    if not playing:
        _WARMED_UP.add(app)
    start_warm_up(app, AFTER_THE_SESSION if playing else SCREEN_MODULES, then)


def start_warm_up(
    app: App[Any],
    modules: tuple[str, ...] = SCREEN_MODULES,
    then: Callable[[], None] | None = None,
) -> None:
    """Run `warm_up` in a thread worker; if it fails, screens load their styles as before.
    Call it on the event loop."""
    loop = asyncio.get_running_loop()
    app.run_worker(
        lambda: warm_up(app, loop, modules, then),
        thread=True,
        exit_on_error=False,
        group="warm-up",
    )


def warm_up(
    app: App[Any],
    loop: asyncio.AbstractEventLoop,
    modules: tuple[str, ...] = SCREEN_MODULES,
    then: Callable[[], None] | None = None,
) -> None:
    """Import the screens' `modules`, parse the poses and give `app` every loaded screen's
    styles parsed, then call `then` (on the loop).

    Blocking: call it on a worker thread. The stylesheet is handed over on `loop` (the
    app's), and this returns without waiting for it to be taken.
    """
    from knotsession.tui.collector import collector_paused

    # Its tens of thousands of long-lived objects would set off collections that hold the
    # event loop (26 ms median, up to 42, measured): made with the collector paused, frozen.
    with collector_paused():
        for module in modules:
            # A screen may have more to make ahead than its module (help's keys table).
            get_ready = getattr(importlib.import_module(module), "get_ready", None)
            if get_ready is not None:
                get_ready()
        from knotsession.figures.poses import bundled_poses

        bundled_poses()
        variables = app.get_css_variables()
        named = None if modules == SCREEN_MODULES else classes_named_in(modules)
        sheet = full_stylesheet(app.stylesheet, named)
    with contextlib.suppress(RuntimeError):  # the app closed and its loop with it
        loop.call_soon_threadsafe(take_stylesheet, app, sheet, variables)
        if then is not None:  # run by the app, in its context (it may compose a screen)
            loop.call_soon_threadsafe(app.call_later, then)


def full_stylesheet(current: Stylesheet, named: set[type] | None = None) -> Stylesheet:
    """A parsed copy of `current` with every loaded screen's and widget's CSS added; with
    `named`, only those classes' CSS.

    While a session plays only what the screen after it names is added: each source parsed
    stays kept for the process (kept_styles.py), and the default CSS of every widget class
    Textual had loaded (trees, selects, placeholders...) was 0.8 MiB more while playing. A
    class missed here has its CSS read by Textual when it is first mounted, as without
    the warm-up."""
    sheet = current.copy()
    for screen in _subclasses(Screen):
        if named is not None and screen not in named:
            continue
        for path in _css_paths(screen):
            if not sheet.has_source(str(path)):
                sheet.read(path)
    for widget in _subclasses(Widget):
        if named is not None and widget not in named:
            continue
        for read_from, css, tie_breaker, scope in default_css(widget):
            sheet.add_source(css, read_from, True, tie_breaker, scope)
    sheet.parse()
    return sheet


def take_stylesheet(app: App[Any], sheet: Stylesheet, variables: dict[str, str]) -> bool:
    """Give `app` the full stylesheet unless its own changed while it was built (on the
    event loop). True if it was taken."""
    if app.get_css_variables() != variables:  # the theme changed meanwhile
        return False
    if not set(app.stylesheet.source) <= set(sheet.source):  # a screen came first
        return False
    app.stylesheet = sheet
    return True


def classes_named_in(modules: tuple[str, ...]) -> set[type]:
    """The widget and screen classes the `modules` define or import by name, and those that
    the modules of these classes name in turn (a footer's keys)."""
    named = _widgets_in(modules)
    return named | _widgets_in(tuple({cls.__module__ for cls in named}))


def _widgets_in(modules: tuple[str, ...]) -> set[type]:
    return {
        value
        for module in modules
        for value in vars(importlib.import_module(module)).values()
        if isinstance(value, type) and issubclass(value, Widget)
    }


def _subclasses(base: type[T]) -> Iterator[type[T]]:
    for subclass in base.__subclasses__():
        yield subclass
        yield from _subclasses(subclass)


def _css_paths(screen: type[Screen[object]]) -> list[Path]:
    """Where Textual will look for the screen's CSS_PATH files (as `Screen.__init__` does)."""
    paths = screen.CSS_PATH
    if not paths:
        return []
    listed = paths if isinstance(paths, list) else [paths]
    folder = Path(inspect.getfile(screen)).parent
    return [(folder / path).resolve() for path in listed]


def default_css(widget: type[DOMNode]) -> list[tuple[tuple[str, str], str, int, str]]:
    """The DEFAULT_CSS sources Textual adds when a `widget` is first mounted (as
    `DOMNode._get_default_css` makes them)."""
    sources = []
    for tie_breaker, base in enumerate(DOMNode._css_bases(widget)):
        css: str = base.__dict__.get("DEFAULT_CSS", "")
        if not css:
            continue
        try:
            location = (inspect.getfile(base), f"{base.__name__}.DEFAULT_CSS")
        except (TypeError, OSError):
            location = ("", f"{base.__name__}.DEFAULT_CSS")
        scoped: bool = base.__dict__.get("SCOPED_CSS", True)
        sources.append((location, css, -tie_breaker, base._css_type_name if scoped else ""))
    return sources

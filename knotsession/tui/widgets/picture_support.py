"""Pose pictures inside the terminal, through textual-image: chosen once, before Textual starts.

textual-image asks the terminal what it can show (Sixel, the Kitty graphics protocol, its
cell size) when it is imported, and it cannot ask once Textual reads the keyboard. So
`prepare` imports it before the app runs, and only when the `figures` setting and the
terminal say pictures: a braille start never imports it, Pillow or the picture renderer.
Any failure leaves braille, the default, with one line saying why.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, TypeVar

from knotsession.core.settings import Figures
from knotsession.figures.graphics import figure_style

if TYPE_CHECKING:
    from textual.widget import Widget

PictureWidget = Callable[..., "Widget"]
"""textual-image's widget class: called with a Pillow image (and `classes=`)."""

Drawn = TypeVar("Drawn")

_widget: PictureWidget | None = None
_notice: str | None = None  # said once, by the first figure on screen


def prepare(setting: Figures, environ: Mapping[str, str]) -> str | None:
    """Get ready to show pictures when the setting and the terminal want them.

    Returns one line for the person when pictures were wanted but cannot be shown; the
    first figure on screen says it too (`take_notice`).
    """
    global _widget, _notice
    _widget = None
    _notice = _prepare(setting, environ)
    return _notice


def _prepare(setting: Figures, environ: Mapping[str, str]) -> str | None:
    global _widget
    if figure_style(setting, environ) != "picture":
        if setting == "picture":
            return "figures: pictures need pip install 'knotsession[pictures]'; showing braille"
        return None
    try:
        from textual_image.widget import Image

        import knotsession.figures.picture  # noqa: F401  (Pillow, checked now, not mid-session)
    except Exception as error:  # a missing or broken extra must never stop the app
        return f"figures: cannot show pictures ({error}); showing braille"
    _widget = Image
    return None


def picture_widget() -> PictureWidget | None:
    """The widget class that shows a picture, or None for braille."""
    return _widget


def take_notice() -> str | None:
    """The line about pictures that could not be shown, once (then None)."""
    global _notice
    notice, _notice = _notice, None
    return notice


def tell(notice: str) -> None:
    """Keep one line for the next figure on screen to say."""
    global _notice
    _notice = notice


def use(widget: PictureWidget | None) -> None:
    """Show pictures with `widget` (None: braille). For tests, and after a failure."""
    global _widget
    _widget = widget


def draw_off_loop(
    host: Widget,
    draw: Callable[[], Drawn],
    drawn: Callable[[Drawn], None],
    failed: Callable[[Exception], None],
) -> None:
    """Run `draw` (Pillow: 10-500 ms) in a thread, then `drawn(result)` on the loop, or
    `failed(error)`. One drawing per host at a time: a newer one replaces one under way.

    The thread never waits for the loop (no call_from_thread), so an app that is closing
    cannot leave it stuck; a result that comes after its host was replaced is dropped by
    the host's own check (its key), as the drawing may be for poses no longer shown.
    """

    async def run() -> None:
        try:
            result = await asyncio.to_thread(draw)
        except Exception as error:
            failed(error)
            return
        drawn(result)

    host.run_worker(run(), group="pictures", exclusive=True, exit_on_error=False)


def give_up(error: Exception) -> str:
    """Braille from now on, everywhere: returns the one line saying why, also kept for the
    next figure on screen (`take_notice`)."""
    use(None)
    notice = f"Showing braille figures: a picture failed ({error})"
    tell(notice)
    return notice

"""Reading today's plan for the app (on a worker thread): the spots marked lately in the
history, and the plan core/plan_offer.py makes for them."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import TYPE_CHECKING

from knotsession.core.plan_offer import PlanOffer, offer_plan, recent_since, recent_spots

if TYPE_CHECKING:
    from knotsession.core.history import HistoryStore
    from knotsession.core.history_writer import HistoryWriter
    from knotsession.core.library import Library

FLUSH_WAIT_S = 5.0


def read_plan_offer(
    open_store: Callable[[], HistoryStore],
    writer: HistoryWriter | None,
    library: Library,
    avoid: Iterable[str],
    today: date,
) -> PlanOffer | None:
    """Today's plan, or None without recent marks or a readable history. Waits (on the
    calling thread) until `writer` has saved what it holds, so a map just marked counts."""
    from knotsession.core.history import HistoryError

    if writer is not None:
        writer.flush(FLUSH_WAIT_S)
    store = open_store()
    try:
        spots = recent_spots(store.spot_marks(recent_since(today)), today)
    except HistoryError:
        return None
    finally:
        store.close()
    return offer_plan(library.routines_from("bundled"), spots, avoid)

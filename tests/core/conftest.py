"""Fixtures the history and recorder tests share: a short routine and a fresh history file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from knotsession.core.history import HistoryStore
from knotsession.core.routine import Routine, Step


@pytest.fixture
def routine() -> Routine:
    return Routine(
        id="desk-5",
        name="Desk reset",
        areas=("neck", "shoulders"),
        steps=(Step("Tilt", 10), Step("Roll", 10), Step("Reach", 10)),
        lead_in_s=0,
    )


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "history.sqlite3"


@pytest.fixture
def store(db_path: Path) -> Iterator[HistoryStore]:
    opened = HistoryStore.open(db_path)
    yield opened
    opened.close()

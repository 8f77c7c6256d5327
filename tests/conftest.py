"""Shared fixtures: every test runs with its own empty config, data, cache and home folders."""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from run_order import LONG_TESTS, long_first
from system_tools import IN_CI, require_tool  # noqa: F401 - re-exported for older imports

REPO = Path(__file__).resolve().parent.parent

# pytest keeps its assertion-rewritten test modules in __pycache__ (ignored by git). Under a
# PYTHONDONTWRITEBYTECODE runner every worker would rewrite all of them again on every run
# (about 4 s of CPU each, a third of collecting); the package's own modules are cached the
# same way, so the programs the tests start do not compile them again either.
sys.dont_write_bytecode = False

TESTS = Path(__file__).resolve().parent

# The cyclic garbage collector took a third of a worker's CPU: every test drives apps that
# leave thousands of short-lived cycles (widgets and their parents), and each full collection
# walked again the hundreds of thousands of long-lived objects of the imported modules and the collected
# tests. Collections run less often (every 10,000 new objects rather than 700), and what
# collection made is frozen out of their way (pytest_collection_finish). Garbage is still
# collected, only in larger batches; nothing a test checks depends on when.
gc.set_threshold(10_000, 10, 10)


def pytest_collection_finish(session: pytest.Session) -> None:
    """The modules and tests collected stay to the end: no collection needs to walk them."""
    gc.freeze()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every worker's share starts with its long tests (run_order.py), so no long test
    starts late and holds up the end of the run."""
    workers = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))
    items[:] = long_first(items, _seconds, workers)


def _seconds(item: pytest.Item) -> float:
    try:
        place = item.path.resolve().relative_to(TESTS).as_posix()
    except ValueError:  # a test from outside tests/
        return 0.0
    return LONG_TESTS.get(f"{place}::{getattr(item, 'originalname', item.name)}", 0.0)


@pytest.fixture(scope="module")
def freeze_restored() -> Iterator[None]:
    """For a module whose tests unfreeze everything: the freeze made after collection comes
    back once the module is done (what is still alive is what collection made, and the rest
    is collected first)."""
    yield
    gc.collect()
    gc.freeze()


@pytest.fixture(autouse=True)
def isolated_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Point HOME and the XDG folders at a fresh place so no test touches a real user's files."""
    home = tmp_path_factory.mktemp("home")
    for variable, folder in (
        ("XDG_CONFIG_HOME", home / ".config"),
        ("XDG_DATA_HOME", home / ".local" / "share"),
        ("XDG_CACHE_HOME", home / ".cache"),
    ):
        folder.mkdir(parents=True)
        monkeypatch.setenv(variable, str(folder))
    monkeypatch.setenv("HOME", str(home))
    return home

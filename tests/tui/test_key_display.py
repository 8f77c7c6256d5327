"""The app's key names in the footer: Textual's, worked out without `unicodedata`'s name
tables (they stayed resident while a session played)."""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys

import pytest
from textual.app import App
from textual.binding import Binding
from textual.dom import DOMNode
from textual.keys import format_key

import knotsession.tui.screens
import knotsession.tui.widgets
from knotsession.tui.state import KEY_DISPLAYS, SharedState


def every_binding() -> list[Binding]:
    """Every binding of the app, its screens and widgets, and Textual's classes under them."""
    for package in (knotsession.tui.screens, knotsession.tui.widgets):
        for module in pkgutil.iter_modules(package.__path__):
            importlib.import_module(f"{package.__name__}.{module.name}")
    classes: list[type[DOMNode]] = [SharedState]
    seen: set[type] = set()
    while classes:
        cls = classes.pop()
        if cls not in seen:
            seen.add(cls)
            classes.extend(cls.__subclasses__())
            classes.extend(base for base in cls.__mro__ if issubclass(base, DOMNode))
    found = [
        binding
        for cls in seen
        if cls.__module__.startswith(("knotsession", "textual.app", "textual.screen"))
        for binding in Binding.make_bindings(cls.__dict__.get("BINDINGS", []))
    ]
    return sorted(found, key=lambda binding: (binding.key, binding.key_display or ""))


def test_the_app_shows_each_key_as_textual_would() -> None:
    app = SharedState()
    bindings = every_binding()
    assert len(bindings) > 40  # the search found the screens' bindings
    for binding in bindings:
        assert app.get_key_display(binding) == App.get_key_display(app, binding), binding


@pytest.mark.parametrize("key", sorted(KEY_DISPLAYS))
def test_each_key_known_here_is_the_one_textual_finds(key: str) -> None:
    assert KEY_DISPLAYS[key] == format_key(key)


def test_the_footers_keys_leave_the_unicode_name_tables_alone() -> None:
    """A letter, a digit, a control key and `?` are named without asking `unicodedata`."""
    code = (
        "import unicodedata\n"
        "def refused(*args): raise AssertionError(args)\n"
        "unicodedata.lookup = unicodedata.name = refused\n"
        "from textual.binding import Binding\n"
        "from knotsession.tui.state import SharedState\n"
        "app = SharedState()\n"
        "keys = ('q', '5', 'ctrl+p', 'question_mark', 'tab', 'shift+tab')\n"
        "print(' '.join(app.get_key_display(Binding(key, 'a')) for key in keys))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout == "q 5 ^p ? tab shift+tab\n", out.stderr

"""core/routine_writer.py's one way to write a routine file: checked, whole, never over
another file unless asked (`plan --save` and `new` both use it)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from knotsession.core.routine_writer import NotWritten, write_routine_file

ONE_STEP = """\
name = "{name}"
areas = ["neck"]

[[steps]]
name = "Slow tilt"
duration = 30
instructions = "Tilt gently."
"""


def test_a_routine_is_written_whole_with_nothing_left_beside_it(tmp_path: Path) -> None:
    target = tmp_path / "routines" / "mine.toml"
    old_mask = os.umask(0o022)
    try:
        write_routine_file(target, ONE_STEP.format(name="Mine"), shown_as="mine.toml")
    finally:
        os.umask(old_mask)
    assert target.read_text() == ONE_STEP.format(name="Mine")
    assert target.stat().st_mode & 0o777 == 0o644  # as any file the person makes
    assert [path.name for path in target.parent.iterdir()] == ["mine.toml"]


def test_a_file_that_exists_is_kept_unless_overwriting_is_asked(tmp_path: Path) -> None:
    target = tmp_path / "mine.toml"
    write_routine_file(target, ONE_STEP.format(name="First"), shown_as="mine.toml")
    with pytest.raises(NotWritten) as refused:
        write_routine_file(target, ONE_STEP.format(name="Second"), shown_as="mine.toml")
    assert (str(refused.value), refused.value.code) == (
        f"{target} already exists; edit it, or choose another id",
        2,
    )
    assert 'name = "First"' in target.read_text()
    write_routine_file(target, ONE_STEP.format(name="Second"), shown_as="mine.toml", overwrite=True)
    assert 'name = "Second"' in target.read_text()
    assert [path.name for path in tmp_path.iterdir()] == ["mine.toml"]


def test_a_text_that_would_not_load_is_not_written(tmp_path: Path) -> None:
    target = tmp_path / "mine.toml"
    with pytest.raises(NotWritten) as refused:
        write_routine_file(target, 'name = "No steps"\nareas = ["neck"]\n', shown_as="~/mine.toml")
    assert refused.value.code == 1
    assert str(refused.value).startswith("not written, it would not load: ~/mine.toml")
    assert list(tmp_path.iterdir()) == []

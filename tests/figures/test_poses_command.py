"""`knotsession poses`: every pose with its name, in rows that fit the terminal."""

from __future__ import annotations

import pytest

from knotsession.cli import main
from knotsession.figures.poses import pose_names
from knotsession.figures.render import render_pose


@pytest.mark.parametrize("columns", [80, 132])
def test_the_gallery_shows_every_pose_by_name_within_the_terminal_width(
    columns: int, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", str(columns))
    assert main(["poses"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    words = {word for line in lines for word in line.split()}
    assert pose_names() <= words
    assert max(len(line) for line in lines) <= columns
    assert lines[0] == f'{len(pose_names())} poses. A routine step shows one, pose = "standing",'


def test_the_gallery_draws_each_figure_under_its_name(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "20")  # one pose a row
    main(["poses"])
    lines = capsys.readouterr().out.splitlines()
    at = lines.index("standing")
    assert tuple(lines[at + 1 : at + 11]) == tuple(
        row.rstrip() for row in render_pose("standing").rows
    )

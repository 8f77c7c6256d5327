"""`e` at home: the person's own routine opens in $EDITOR (a fake one here, a real script),
then the library loads again and home shows the change, or the file's error."""

from __future__ import annotations

import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import OptionList, Static

from knotsession import paths
from knotsession.core.library import load_default_library
from knotsession.figures.names import pose_names
from knotsession.tui.app import KnotsessionApp
from knotsession.tui.editor import editor_command, own_copy_id
from knotsession.tui.screens.edit_again import EditAgain
from knotsession.tui.screens.home import HomeScreen

MakeApp = Callable[..., KnotsessionApp]

SHOWN_FILE = "~/.config/knotsession/routines/my-neck.toml"


@pytest.fixture
def mine(own_routine: Path) -> Path:
    """The person's own routine, `my-neck`, in their routines folder."""
    return own_routine


def fake_editor(tmp_path: Path, name: str, script: str) -> Path:
    """A shell script that edits the file it is given ($1), as a person would."""
    path = tmp_path / name
    path.write_text(f"#!/bin/sh\n{script}\n", encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


@pytest.fixture
def use_editor(monkeypatch: pytest.MonkeyPatch) -> Callable[[str], None]:
    """Set $EDITOR (and no $VISUAL)."""

    def use(command: str) -> None:
        monkeypatch.delenv("VISUAL", raising=False)
        monkeypatch.setenv("EDITOR", command)

    return use


def routine_names(app: KnotsessionApp) -> list[str]:
    menu = app.screen.query_one("#routines", OptionList)
    return [str(menu.get_option_at_index(i).prompt) for i in range(menu.option_count)]


async def choose(pilot: Pilot, routine_id: str) -> None:
    """Move to the routines list and put the cursor on `routine_id` (neck is the first area)."""
    menu = pilot.app.screen.query_one("#routines", OptionList)
    menu.focus()
    ids = [menu.get_option_at_index(i).id for i in range(menu.option_count)]
    menu.highlighted = ids.index(routine_id)
    await pilot.pause()


async def edit(pilot: Pilot, routine_id: str) -> None:
    """Choose the routine and press e; the fake editor runs and exits."""
    await choose(pilot, routine_id)
    await pilot.press("e")
    await pilot.pause()


def real_app(make_app: MakeApp) -> KnotsessionApp:
    """The app on the library as `knotsession` loads it (bundled, then the person's own)."""
    return make_app(library=load_default_library(known_poses=pose_names()))


async def test_a_valid_edit_shows_its_new_name_at_home(
    make_app: MakeApp, mine: Path, tmp_path: Path, use_editor: Callable[[str], None]
) -> None:
    editor = fake_editor(
        tmp_path, "rename", """sed -i 's/^name = .*/name = "Neck, my way"/' "$1" """
    )
    use_editor(str(editor))
    app = real_app(make_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await edit(pilot, "my-neck")
        assert isinstance(app.screen, HomeScreen)
        assert app.library.routines["my-neck"].name == "Neck, my way"
        assert "Neck, my way  yours\n3 s · any · no equipment" in routine_names(app)
        assert app.screen.query_one("#routines", OptionList).highlighted_option.id == "my-neck"
        assert app.notices == []
    assert 'name = "Neck, my way"\n' in mine.read_text()


NEK = f"{SHOWN_FILE}: areas[0]: unknown body area 'nek'; did you mean 'neck'?"


async def test_an_invalid_edit_tells_the_files_error_and_home_lists_it(
    make_app: MakeApp, mine: Path, tmp_path: Path, use_editor: Callable[[str], None]
) -> None:
    editor = fake_editor(tmp_path, "typo", """sed -i 's/^areas = .*/areas = ["nek"]/' "$1" """)
    use_editor(str(editor))
    app = real_app(make_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await edit(pilot, "my-neck")
        assert app.notices == [NEK]
        assert isinstance(app.screen, EditAgain)
        lines = [str(line.content) for line in app.screen.query(Static)]
        assert lines == [
            "my-neck.toml does not load",
            NEK,
            "Until it is fixed, it is not on the home screen.",
        ]
        await pilot.press("escape")  # leave it
        assert isinstance(app.screen, HomeScreen)
        assert "my-neck" not in app.library.routines
        assert not any("yours" in name for name in routine_names(app))
        notice = app.screen.query_one("#problems-notice", Static)
        assert notice.display
        assert str(notice.content) == "1 routine file could not be loaded · press p to see why"


async def test_edit_again_opens_the_editor_on_the_broken_file(
    make_app: MakeApp, mine: Path, tmp_path: Path, use_editor: Callable[[str], None]
) -> None:
    # The first run breaks the file, the second mends it.
    editor = fake_editor(
        tmp_path,
        "twice",
        f"""if [ -e {tmp_path}/once ]; then sed -i 's/"nek"/"neck"/' "$1"
else touch {tmp_path}/once; sed -i 's/^areas = .*/areas = ["nek"]/' "$1"; fi""",
    )
    use_editor(str(editor))
    app = real_app(make_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await edit(pilot, "my-neck")
        assert isinstance(app.screen, EditAgain)
        await pilot.press("enter")  # on "Edit again"
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert "my-neck" in app.library.routines
        assert not app.screen.query_one("#problems-notice").display
        assert app.notices == [NEK]


async def test_the_editor_command_is_split_like_a_shell_would(
    make_app: MakeApp, mine: Path, tmp_path: Path, use_editor: Callable[[str], None]
) -> None:
    editor = fake_editor(tmp_path, "with-flag", """[ "$1" = "--wait" ] && echo '# seen' >> "$2" """)
    use_editor(f"{editor} --wait")
    app = real_app(make_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await edit(pilot, "my-neck")
    assert mine.read_text().endswith("duration = 3\n# seen\n")


async def test_a_bundled_routine_says_how_to_make_your_own(
    make_app: MakeApp, tmp_path: Path, use_editor: Callable[[str], None]
) -> None:
    editor = fake_editor(tmp_path, "touch", 'echo edited >> "$1"')
    use_editor(str(editor))
    app = real_app(make_app)
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.focused is not None and app.focused.id == "featured"
        await pilot.press("e")
        assert app.notices == [
            "Bundled routines can't be edited here; make your own with: "
            "knotsession new my-desk --from desk-5"
        ]
        await choose(pilot, "neck-relief")
        await pilot.press("e")
        assert app.notices[1].endswith("knotsession new my-neck-relief --from neck-relief")
    assert "edited" not in (paths.bundled_routines_dir() / "desk-5.toml").read_text()


async def test_an_editor_that_does_not_exist_is_told(
    make_app: MakeApp, mine: Path, tmp_path: Path, use_editor: Callable[[str], None]
) -> None:
    use_editor(str(tmp_path / "no-such-editor"))
    app = real_app(make_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await edit(pilot, "my-neck")
        assert app.notices == [
            f"The editor could not start ({tmp_path / 'no-such-editor'}: No such file or directory)."
        ]
        assert "my-neck" in app.library.routines


async def test_e_on_the_areas_asks_for_a_routine_first(
    make_app: MakeApp, mine: Path, toasts: Any
) -> None:
    app = real_app(make_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("down")  # from the start button to the areas
        await pilot.press("e")
        assert toasts(app) == ["Choose a routine (→), then press e to edit it."]


# --- which editor -----------------------------------------------------------------------------


def test_visual_comes_before_editor() -> None:
    assert editor_command({"VISUAL": "code --wait", "EDITOR": "nano"}) == ["code", "--wait"]


def test_editor_is_split_with_quotes() -> None:
    command = editor_command({"EDITOR": "'/opt/My Editor/ed' -n"})
    assert command == ["/opt/My Editor/ed", "-n"]


def test_without_either_vi_or_nano_on_the_path(tmp_path: Path) -> None:
    fake_editor(tmp_path, "nano", "true")
    assert editor_command({"PATH": str(tmp_path)}) == [str(tmp_path / "nano")]
    fake_editor(tmp_path, "vi", "true")
    assert editor_command({"PATH": str(tmp_path), "EDITOR": ""}) == [str(tmp_path / "vi")]


def test_no_editor_at_all(tmp_path: Path) -> None:
    assert editor_command({"PATH": str(tmp_path)}) is None


def test_a_copy_of_a_bundled_routine_gets_a_name_of_its_own() -> None:
    assert own_copy_id("desk-5") == "my-desk"
    assert own_copy_id("neck-relief") == "my-neck-relief"


# --- other platforms (faked: this CI runs on Linux only) -----------------------------------


def test_a_windows_editor_path_keeps_its_backslashes() -> None:
    environ = {"EDITOR": r"C:\Windows\notepad.exe"}
    assert editor_command(environ, platform="win32") == [r"C:\Windows\notepad.exe"]


def test_a_quoted_windows_path_with_spaces_is_one_word() -> None:
    environ = {"EDITOR": r'"C:\Program Files\Microsoft VS Code\bin\code.cmd" --wait'}
    assert editor_command(environ, platform="win32") == [
        r"C:\Program Files\Microsoft VS Code\bin\code.cmd",
        "--wait",
    ]


def test_notepad_is_the_fallback_on_windows(tmp_path: Path) -> None:
    for name in ("notepad", "vi"):
        (tmp_path / name).write_text("")
        (tmp_path / name).chmod(0o755)
    assert editor_command({"PATH": str(tmp_path)}, platform="win32") == [str(tmp_path / "notepad")]


def test_textedit_is_the_last_resort_on_macos(tmp_path: Path) -> None:
    assert editor_command({"PATH": str(tmp_path)}, platform="darwin") == ["open", "-W", "-t"]

"""The home screen, the preview, help, problems and the theme key."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from player_clock import play_started, until
from rich.style import Style
from textual.widgets import OptionList, Static

from knotsession.core.library import RoutineSource, load_library
from knotsession.tui.app import KnotsessionApp
from knotsession.tui.screens.help import HelpScreen
from knotsession.tui.screens.home import HomeScreen
from knotsession.tui.screens.player import PlayerScreen
from knotsession.tui.screens.preview import PreviewScreen
from knotsession.tui.screens.problems import ProblemsScreen
from knotsession.tui.widgets.steps_table import Row, StepsTable
from knotsession.tui.words import SAFETY_NOTE

MakeApp = Callable[..., KnotsessionApp]


def prompts(app: KnotsessionApp, selector: str) -> list[str]:
    menu = app.screen.query_one(selector, OptionList)
    return [str(menu.get_option_at_index(i).prompt) for i in range(menu.option_count)]


def routines_title(app: KnotsessionApp) -> str:
    return str(app.screen.query_one("#routines", OptionList).border_title)


def text(app: KnotsessionApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).content)


async def test_enter_starts_the_desk_routine(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        assert text(app, "#featured-details") == "17 s · 2 steps · no equipment"
        await pilot.press("enter")
        assert isinstance(app.screen, PlayerScreen)
        assert app.screen.routine.id == "desk-5"
        await play_started(app, pilot)  # not left while it is still being drawn


async def test_areas_with_counts_and_their_routines(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        assert prompts(app, "#areas") == [
            "Neck          2",
            "Shoulders     1",
            "Hips          1",
            "Glutes        1",
        ]
        assert prompts(app, "#routines") == [
            "My neck minute  yours\n3 s · any · no equipment",
            "Tiny desk routine\n17 s · seated · no equipment",
        ]
        await pilot.press("down", "down", "down")
        assert routines_title(app) == "Hips · 1 routine"
        assert prompts(app, "#routines") == ["Hip ball release\n7 s · floor · tennis ball"]


async def test_arrows_move_between_areas_and_routines(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.press("down", "right")
        assert app.focused is not None and app.focused.id == "routines"
        await pilot.press("left")
        assert app.focused.id == "areas"
        await pilot.press("right", "escape")
        assert app.focused.id == "areas"


async def test_preview_lists_steps_with_times_and_sides(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("down", "enter", "down", "enter")
        assert isinstance(app.screen, PreviewScreen)
        assert text(app, "#title") == "Tiny desk routine"
        assert text(app, "#total") == "0:17"
        assert text(app, "#details") == "2 steps · seated · no equipment · Neck, Shoulders"
        assert app.screen.query_one("#steps", StepsTable).rows == (
            Row("1", "Neck tilt", "Tilt your ear toward your shoulder.", "4 s each side"),
            Row("2", "Shoulder rolls", "Roll your shoulders slowly.", "3 s"),
        )
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)


async def test_preview_start_button_starts_the_routine(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.press("down", "enter", "enter")
        assert isinstance(app.screen, PreviewScreen)
        await pilot.press("enter")  # the Start button has the focus
        assert isinstance(app.screen, PlayerScreen)
        assert app.screen.routine.id == "my-neck"


async def test_help_shows_the_safety_note_and_closes(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        assert text(app, "#safety") == SAFETY_NOTE
        assert "Stop if a stretch or a knot gives sharp" in SAFETY_NOTE
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)


async def test_help_during_a_session_holds_the_clock(make_app: MakeApp, clock) -> None:
    app = make_app(start_routine="desk-5")
    async with app.run_test() as pilot:
        player = app.screen
        await pilot.press("question_mark")
        assert player.session.state == "paused"
        await pilot.press("escape")
        assert player.session.state == "running"


async def test_broken_routine_files_are_noticed_and_listed(
    make_app: MakeApp, tmp_path: Path
) -> None:
    folder = tmp_path / "broken"
    folder.mkdir()
    (folder / "neck-x.toml").write_text(
        'name = "x"\nareas = ["nek"]\n[[steps]]\nname="a"\nduration=3\n'
    )
    (folder / "ok.toml").write_text(
        'name = "Fine"\nareas = ["neck"]\n[[steps]]\nname="a"\nduration=3\n'
    )
    library = load_library([RoutineSource(folder, "bundled")])
    app = make_app(library=library)
    async with app.run_test() as pilot:
        assert text(app, "#problems-notice") == (
            "1 routine file could not be loaded · press p to see why"
        )
        assert not app.screen.query("#featured")  # no desk-5 here
        await pilot.press("p")
        assert isinstance(app.screen, ProblemsScreen)
        problem = text(app, ".problem")
        assert problem.startswith("• ")
        assert problem.endswith(
            "neck-x.toml: areas[0]: unknown body area 'nek'; did you mean 'neck'?"
        )
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)


async def test_p_does_nothing_without_problems(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        assert not app.screen.query_one("#problems-notice").display
        await pilot.press("p")
        assert isinstance(app.screen, HomeScreen)


async def test_t_switches_between_dark_and_light(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        assert app.theme == "knot-dark"
        await pilot.press("t")
        assert app.theme == "knot-light"
        await pilot.press("t")
        assert app.theme == "knot-dark"


async def test_the_light_theme_from_settings(make_app: MakeApp) -> None:
    from knotsession.core.settings import Settings

    app = make_app(settings=Settings(theme="light"))
    async with app.run_test():
        assert app.theme == "knot-light"


async def test_no_routines_at_all_still_opens(make_app: MakeApp, tmp_path: Path) -> None:
    library = load_library([RoutineSource(tmp_path / "none", "bundled")])
    app = make_app(library=library)
    async with app.run_test():
        assert routines_title(app) == "No routines found."


async def test_the_footer_shows_the_home_keys(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(100, 24)) as pilot:
        await pilot.pause()
        keys = [(key.key_display, key.description) for key in app.screen.query("FooterKey")]
        assert keys[:5] == [
            ("h", "History"),
            ("s", "Settings"),
            ("i", "Guide"),
            ("e", "Edit"),
            ("q", "Quit"),
        ]


async def test_without_the_desk_routine_the_areas_take_the_focus(
    make_app: MakeApp, tmp_path: Path
) -> None:
    folder = tmp_path / "only-hips"
    folder.mkdir()
    (folder / "hip-ball.toml").write_text(
        'name = "Hips"\nareas = ["hips"]\n[[steps]]\nname = "a"\nduration = 3\n'
    )
    app = make_app(library=load_library([RoutineSource(folder, "bundled")]))
    async with app.run_test() as pilot:
        await pilot.pause()
        assert not app.screen.query("#featured")
        assert app.focused is not None and app.focused.id == "areas"
        await pilot.press("down", "right")
        assert app.focused.id == "routines"


async def test_help_is_as_tall_as_the_terminal_allows(make_app: MakeApp) -> None:
    """At 80x24 the keys and the safety note get 20 rows, not a 6-row window."""
    for size, body_rows in (((80, 24), 20), ((80, 18), 11), ((44, 12), 6)):
        app = make_app()
        async with app.run_test(size=size) as pilot:
            await pilot.press("question_mark")
            await pilot.pause()
            assert isinstance(app.screen, HelpScreen)
            assert app.screen.query_one("#help-body").region.height == body_rows, size
            assert app.screen.query_one("#close-hint").region.height == 1, size


def test_help_lists_the_keys_of_the_completion_screen() -> None:
    from knotsession.tui.screens.help import help_keys

    assert dict(help_keys())["When a routine ends"] == (
        ("esc", "home"),
        ("r", "the same routine again"),
        ("h", "history and streaks"),
        ("k", "how do your spots feel now?"),
        ("w", "what set the knots off"),
        ("n", "a note about this session"),
        ("0 … 9", "how tense you feel now"),
    )


def test_every_key_in_a_footer_is_in_help() -> None:
    from textual.binding import Binding

    from knotsession.tui.screens.help import KEY_NAMES, help_keys, places

    rows = dict(help_keys())
    for place, bindings in places():
        listed = {key for keys, _ in rows[place] for key in keys.split("  ")}
        for binding in Binding.make_bindings(bindings):
            if binding.show:
                key = binding.key_display or KEY_NAMES.get(binding.key, binding.key)
                assert key in listed, (place, binding)


def test_help_lists_home_problems_and_history_after_a_session_but_no_gallery_everywhere() -> None:
    from knotsession.tui.screens.help import help_keys

    rows = {place: dict(keys) for place, keys in help_keys()}
    assert rows["Home"]["p"] == "routine files that could not be read"
    assert rows["When a routine ends"]["h"] == "history and streaks"
    assert "g" not in rows["Anywhere"]


def test_the_keys_in_help_fit_their_width_and_every_word_is_there() -> None:
    """Three columns when wide, places above their keys when narrow; wrapped, never cut."""
    from knotsession.tui.screens.help import help_keys, keys_lines

    words = [
        word
        for place, rows in help_keys()
        for word in (place, *(w for key, what in rows for w in (key, what)))
    ]
    for width, stacked in ((72, False), (36, True)):
        lines = [line.plain for line in keys_lines(width)]
        assert all(len(line) <= width for line in lines), width
        shown = " ".join(" ".join(line.split()) for line in lines)
        for word in words:
            assert " ".join(word.split()) in shown, (width, word)
        assert ("Home" in lines) is stacked  # a place alone on its line
    wide = keys_lines(72)
    assert wide[0].plain.startswith("Home") and "enter" in wide[0].plain
    assert [span.style for span in wide[0].spans][:2] == ["bold", "bold"]


async def test_help_shows_the_keys_at_its_width(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        keys = app.screen.query_one("#keys")
        rows = [keys.render_line(y).text.rstrip() for y in range(keys.size.height)]
        assert rows[0].split()[:3] == ["Home", "enter", "start"]
        # The place and the keys in bold over the dialog's colours, what they do plain.
        base = keys.visual_style.rich_style
        segments = list(keys.render_line(0))
        assert segments[0].text.startswith("Home") and segments[0].style == base + Style(bold=True)
        assert segments[-1].text.startswith("start") and segments[-1].style == base
        assert all(len(row) <= keys.size.width for row in rows)
        assert any(row.startswith("Anywhere") and "ctrl+p" in row for row in rows)


async def test_toasts_show_on_home_over_its_hidden_toast_rack(make_app: MakeApp) -> None:
    """Home hides its toast rack itself before its first layout (Textual's first setting
    of it, after the first paint, laid out the whole screen again: loop_lag.py measures
    that); notices still show on it."""
    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        rack = app.screen.query_one("ToastRack")
        app.notify("Settings saved.", timeout=30)
        await until(pilot, lambda: bool(rack.query("Toast")), "the toast")
        assert rack.display
        toast = rack.query_one("Toast", Static)
        assert "Settings saved." in str(toast.render())

"""The full-screen app with hostile routine files and history: markup shows as written,
controls never reach a widget, and broken files are listed, not fatal."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from hostile.corpus import ESCAPES, HUGE_INT, MARKUP, control_bytes, toml_string
from player_clock import workers_done
from textual.app import App
from textual.widgets import DataTable, OptionList, Static

from knotsession.core.history import HistoryStore, SessionRecord
from knotsession.core.library import Library, RoutineSource, load_library
from knotsession.tui.app import KnotsessionApp
from knotsession.tui.screens.history import HistoryScreen
from knotsession.tui.screens.player import PlayerScreen
from knotsession.tui.screens.preview import PreviewScreen
from knotsession.tui.screens.problems import ProblemsScreen

MakeApp = Callable[..., KnotsessionApp]

HOSTILE_ROUTINE = f"""\
name = {toml_string(MARKUP["click-quit"])}
areas = ["neck"]
equipment = [{toml_string(MARKUP["bold"])}]
lead_in = 0

[[steps]]
name = {toml_string(MARKUP["close-tag"])}
duration = 3
instructions = {toml_string(MARKUP["link"])}
"""


def hostile_library(tmp_path: Path) -> Library:
    folder = tmp_path / "hostile"
    folder.mkdir()
    (folder / "markup.toml").write_text(HOSTILE_ROUTINE)
    (folder / "escape.toml").write_text(
        HOSTILE_ROUTINE.replace(
            toml_string(MARKUP["click-quit"]), toml_string(ESCAPES["osc52-clipboard"])
        )
    )
    (folder / "huge.toml").write_text(
        HOSTILE_ROUTINE.replace("lead_in = 0", f"lead_in = {HUGE_INT}")
    )
    (folder / f"t{ESCAPES['osc0-title']}.toml").write_text(HOSTILE_ROUTINE)
    return load_library([RoutineSource(folder, "user")])


def shown_texts(app: App[object]) -> list[str]:
    """Every Static's text and every option's prompt on the current screen."""
    texts = [str(widget.content) for widget in app.screen.query(Static)]
    for menu in app.screen.query(OptionList):
        texts += [str(menu.get_option_at_index(i).prompt) for i in range(menu.option_count)]
    return texts


async def test_markup_in_a_routine_shows_as_written_and_quits_nothing(
    make_app: MakeApp, tmp_path: Path
) -> None:
    app = make_app(library=hostile_library(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("down", "enter")  # the neck area, then its only routine
        await pilot.pause()
        assert any(text.startswith("[@click=app.quit]here[/]") for text in shown_texts(app))
        await pilot.press("enter")  # the preview: a step name with [/] used to crash it
        await pilot.pause()
        assert isinstance(app.screen, PreviewScreen)
        assert str(app.screen.query_one("#title", Static).content) == "[@click=app.quit]here[/]"
        await pilot.click("#title")  # the text is not a link that quits
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PlayerScreen)
        assert str(app.screen.query_one("#title", Static).content).startswith("Neck [/] tilt")
        assert str(app.screen.query_one("#instructions", Static).content) == MARKUP["link"]
        assert app.is_running


async def test_broken_files_are_listed_escaped_and_the_app_starts(
    make_app: MakeApp, tmp_path: Path
) -> None:
    app = make_app(library=hostile_library(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        notice = str(app.screen.query_one("#problems-notice", Static).content)
        assert notice == "3 routine files could not be loaded · press p to see why"
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, ProblemsScreen)
        problems = [t for t in shown_texts(app) if t.startswith("• ")]
        assert len(problems) == 3
        assert all(control_bytes(text) == [] for text in shown_texts(app))
        assert any("t\\x1b]0;PWNED-TITLE\\x07.toml: the file name" in text for text in problems)
        assert any("name: must not hold control or invisible" in text for text in problems)


class HistoryApp(App[None]):
    """Just the history screen."""

    def __init__(self, store_path: Path) -> None:
        super().__init__()
        self.store_path = store_path

    def on_mount(self) -> None:
        self.push_screen(
            HistoryScreen(store_path=self.store_path, today=datetime(2026, 3, 20).date())
        )


async def test_history_recorded_before_the_rule_shows_escaped(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    with HistoryStore.open(path) as store:
        store.import_rows(
            SessionRecord(
                id=0,
                routine_id=f"old-{index}",
                routine_name=f"{MARKUP['close-tag']}{escape}",
                areas=("neck",),
                started_at=datetime(2026, 3, 1 + index, 9, 0, tzinfo=UTC),
                duration_s=60,
                completed=True,
                steps_done=1,
                steps_total=1,
                tags=(f"tag{escape}",),
            )
            for index, escape in enumerate(list(ESCAPES.values())[:19])
        )
    app = HistoryApp(path)
    async with app.run_test(size=(100, 40)) as pilot:
        await workers_done(pilot)
        table = app.screen.query_one(DataTable)
        cells = [str(table.get_cell_at((row, 1))) for row in range(table.row_count)]
        assert cells and all(control_bytes(cell) == [] for cell in cells)
        assert any(cell.startswith("Neck [/] tilt") for cell in cells)
        assert all(control_bytes(text) == [] for text in shown_texts(app))

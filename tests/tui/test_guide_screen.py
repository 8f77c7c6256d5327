"""The guide screen, the first-run safety note, and a preview's safety note and skip_if."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from desk_routine import DESK, write_routines
from textual.widgets import OptionList, Static

from knotsession.core.guide import SAFETY, SEE_A_PROFESSIONAL, TOPICS
from knotsession.core.library import RoutineSource, load_library
from knotsession.tui.app import KnotsessionApp
from knotsession.tui.screens.guide import GuideScreen
from knotsession.tui.screens.help import HelpScreen
from knotsession.tui.screens.home import HomeScreen
from knotsession.tui.screens.player import PlayerScreen
from knotsession.tui.screens.preview import PreviewScreen
from knotsession.tui.screens.safety_note import SafetyNoteScreen

MakeApp = Callable[..., KnotsessionApp]

CAREFUL = DESK.replace(
    "lead_in = 2\n",
    'lead_in = 2\nsafety = "Keep it gentle."\n'
    'skip_if = ["a recent neck injury", "dizziness when you turn your head"]\n',
)


def text(app: KnotsessionApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).content)


async def test_i_on_home_opens_the_guide_and_arrows_change_the_topic(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("i")
        assert isinstance(app.screen, GuideScreen)
        assert text(app, "#topic-title") == SAFETY.title
        await pilot.press("down")
        assert text(app, "#topic-title") == SEE_A_PROFESSIONAL.title
        assert "pain that wakes you at night" in text(app, "#topic-body")
        topics = app.screen.query_one("#topics", OptionList)
        assert topics.option_count == len(TOPICS)
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)


async def test_a_topic_lists_its_routines_by_name_and_id(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("i")
        assert text(app, "#topic-body").endswith(
            "Routines for this:\n  Tiny desk routine (desk-5)\n  breathe-3 (breathe-3)"
        )


async def test_help_leads_to_the_guide(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("i")
        await pilot.pause()
        assert isinstance(app.screen, GuideScreen)


async def test_the_safety_note_shows_on_the_first_run_only(
    make_app: MakeApp, tmp_path: Path
) -> None:
    seen = tmp_path / "data" / "safety-note-seen"
    app = make_app(safety_note_seen=seen)
    async with app.run_test(size=(100, 30)) as pilot:
        assert isinstance(app.screen, SafetyNoteScreen)
        assert "osteoporosis" in text(app, "#note")
        await pilot.press("enter")
        assert isinstance(app.screen, HomeScreen)
    assert seen.exists()
    again = make_app(safety_note_seen=seen)
    async with again.run_test(size=(100, 30)):
        assert isinstance(again.screen, HomeScreen)


async def test_the_safety_note_leads_to_the_guide(make_app: MakeApp, tmp_path: Path) -> None:
    app = make_app(safety_note_seen=tmp_path / "seen")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("i")
        assert isinstance(app.screen, GuideScreen)


async def test_a_routine_started_by_id_waits_for_the_first_run_note(
    make_app: MakeApp, tmp_path: Path
) -> None:
    app = make_app(safety_note_seen=tmp_path / "seen", start_routine="desk-5")
    async with app.run_test(size=(100, 30)) as pilot:
        assert isinstance(app.screen, SafetyNoteScreen)
        await pilot.press("enter")
        assert isinstance(app.screen, PlayerScreen)


async def test_the_preview_shows_the_safety_note_and_when_to_skip(
    make_app: MakeApp, tmp_path: Path
) -> None:
    folder = write_routines(tmp_path / "careful", {"desk-5": CAREFUL})
    app = make_app(library=load_library([RoutineSource(folder, "bundled")]))
    async with app.run_test(size=(100, 30)) as pilot:
        app.push_screen(PreviewScreen(app.library.routines["desk-5"], lead_in_s=5))
        await pilot.pause()
        assert text(app, "#safety") == "Safety: Keep it gentle."
        assert text(app, "#skip-if") == (
            "Skip it, or ask a professional first, if you have:\n"
            "  • a recent neck injury\n"
            "  • dizziness when you turn your head"
        )


async def test_a_preview_without_safety_text_shows_no_empty_lines(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        app.push_screen(PreviewScreen(app.library.routines["desk-5"], lead_in_s=5))
        await pilot.pause()
        assert not app.screen.query("#safety") and not app.screen.query("#skip-if")

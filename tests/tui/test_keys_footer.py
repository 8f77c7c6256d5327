"""The footer (tui/widgets/keys_footer.py) is built again when its keys change, only then."""

from __future__ import annotations

from collections.abc import Callable

from player_clock import play_started, until

from knotsession.tui.app import KnotsessionApp

MakeApp = Callable[..., KnotsessionApp]


def footer_keys(app: KnotsessionApp) -> list[tuple[str, str, bool]]:
    return [
        (key.key_display, key.description, key.has_class("-disabled"))
        for key in app.screen.query("FooterKey")
    ]


async def test_the_footer_follows_pause_and_keeps_its_keys_when_nothing_changed(
    make_app: MakeApp,
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 24)) as pilot:
        await pilot.press("enter")
        player = await play_started(app, pilot)
        shown = footer_keys(app)
        assert ("space", "Pause", False) in shown
        widgets = list(app.screen.query("FooterKey"))

        player.refresh_bindings()  # asked to look again, with the same keys
        await pilot.pause()
        await pilot.pause()
        assert list(app.screen.query("FooterKey")) == widgets

        await pilot.press("space")
        await until(pilot, lambda: ("space", "Resume", False) in footer_keys(app), "Resume")
        assert ("space", "Pause", False) not in footer_keys(app)

        await pilot.press("space")
        await until(pilot, lambda: footer_keys(app) == shown, "the keys from before")


async def test_home_s_keys_come_back_the_same_after_help_closes(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(100, 24)) as pilot:
        await pilot.pause()
        shown = footer_keys(app)
        assert shown[:2] == [("h", "History", False), ("s", "Settings", False)]
        await pilot.press("question_mark")
        await until(pilot, lambda: app.screen.id != "home" and footer_keys(app) != shown, "help")
        await pilot.press("escape")
        await until(pilot, lambda: footer_keys(app) == shown, "home's keys again")


async def test_home_s_keys_come_with_it_and_are_not_built_again_once_shown(
    make_app: MakeApp,
) -> None:
    # Built after home's first paint, they laid all of home out and painted it again: the
    # longest stall of the event loop after first paint (benchmarks/README.md).
    app = make_app()
    async with app.run_test(size=(100, 24)) as pilot:
        keys = list(app.screen.query("FooterKey"))
        assert [key.description for key in keys][:2] == ["History", "Settings"]
        await pilot.pause()
        await pilot.pause()
        assert app.focused is not None and app.focused.id == "featured"
        assert list(app.screen.query("FooterKey")) == keys

"""Parsed CSS kept for the process (tui/kept_styles.py): the same rules Textual parses, per
theme, in every app's stylesheet."""

from __future__ import annotations

from collections.abc import Callable

from styles_check import restyled_in_full
from textual.css.model import RuleSet
from textual.css.stylesheet import Stylesheet

from knotsession.tui.app import KnotsessionApp
from knotsession.tui.kept_styles import HASHED_BY_IDENTITY, KeptStylesheet, QuickRule

MakeApp = Callable[..., KnotsessionApp]
CSS = "Static { color: $primary; background: $surface; }"


def rules(sheet: Stylesheet) -> list[tuple[object, ...]]:
    """Each rule's selectors, declarations and place in the cascade, in order."""
    return [
        (rule.selectors, repr(rule.styles.get_rules()), rule.is_default_rules, rule.tie_breaker)
        for rule in sheet.rules
    ]


def parsed(sheet: Stylesheet, variables: dict[str, str]) -> str:
    sheet.set_variables(variables)
    sheet.add_source(CSS, ("test", "kept"))
    sheet.parse()
    return sheet.css


def test_the_same_css_with_other_variables_is_parsed_again() -> None:
    red = {"primary": "#ff0000", "surface": "#000000"}
    blue = {"primary": "#0000ff", "surface": "#000000"}
    assert parsed(KeptStylesheet(), red) == parsed(Stylesheet(), red)
    assert parsed(KeptStylesheet(), blue) == parsed(Stylesheet(), blue)
    assert "#0000FF" in parsed(KeptStylesheet(), blue).upper()
    assert parsed(KeptStylesheet(), red) != parsed(KeptStylesheet(), blue)


async def test_every_app_parses_the_rules_textual_would_through_screens_and_themes(
    make_app: MakeApp,
) -> None:
    for _ in range(2):  # the second app takes what the first one parsed
        app = make_app()
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            for key in ("h", "escape", "t", "question_mark"):
                await pilot.press(key)
                await pilot.pause()
                sheet = app.stylesheet
                assert isinstance(sheet, KeptStylesheet)
                fresh = Stylesheet(variables=app.get_css_variables())
                fresh.source = dict(sheet.source)
                fresh.parse()
                assert rules(sheet) == rules(fresh)


def test_kept_rules_are_hashed_by_identity_in_c_and_stay_identity_hashed() -> None:
    """Textual hashes a rule by its identity; kept rules do too, without a Python call."""
    sheet = KeptStylesheet(variables={"primary": "#ff0000", "surface": "#000000"})
    sheet.add_source(CSS + " Label { color: red; } Label { color: red; }", ("test", "quick"))
    sheet.parse()
    assert HASHED_BY_IDENTITY  # Textual's RuleSet hashes by identity (else nothing changes)
    assert [type(rule) for rule in sheet.rules] == [QuickRule] * 3
    assert all(type(rule).__hash__ is object.__hash__ for rule in sheet.rules)
    first, second = sheet.rules[1:]
    assert first.styles.get_rules() == second.styles.get_rules()  # alike, yet not the same rule
    assert first in {first} and second not in {first}
    assert sheet.rules_map["Label"] == [first, second]


async def test_an_app_styles_with_quick_rules_as_textual_would_with_its_own(
    make_app: MakeApp,
) -> None:
    """Every widget of home, history and settings gets the styles Textual's own rules give."""
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        for key in ("", "h", "escape", "s"):
            if key:
                await pilot.press(key)
            await pilot.pause()
            plain = Stylesheet(variables=app.get_css_variables())
            plain.source = dict(app.stylesheet.source)
            plain.parse()
            assert {type(rule) for rule in app.stylesheet.rules} == {QuickRule}
            assert {type(rule) for rule in plain.rules} == {RuleSet}
            quick = restyled_in_full(app.screen)
            app.stylesheet, kept = plain, app.stylesheet
            assert restyled_in_full(app.screen) == quick
            app.stylesheet = kept

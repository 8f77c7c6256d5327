"""The one-line radio set (tui/widgets/choices.py): the radio set's keys, clicks on an
option, options that wrap when the line is too narrow, and labels shown as written."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Button

from knotsession.tui.widgets.choices import Choices, Placed, place

OPTIONS = (("never", "never"), ("after", "after"), ("both", "before and after"))


class Holder(App[None]):
    CSS = "Choices { width: 1fr; }"

    def __init__(self, value: str = "after", options: tuple[tuple[str, str], ...] = OPTIONS):
        super().__init__()
        self.value, self.options = value, options
        self.changes: list[str] = []

    def compose(self) -> ComposeResult:
        yield Choices(self.options, self.value, id="choices")
        yield Button("elsewhere", id="elsewhere")

    def on_choices_changed(self, event: Choices.Changed) -> None:
        self.changes.append(event.value)


def lines_of(app: Holder) -> list[str]:
    choices = app.query_one(Choices)
    return [choices.render_line(y).text.rstrip() for y in range(choices.size.height)]


def test_options_go_left_to_right_and_wrap_when_the_next_does_not_fit() -> None:
    assert place([7, 7, 18], 80) == [Placed(0, 0, 7), Placed(0, 10, 17), Placed(0, 20, 38)]
    assert place([7, 7, 18], 20) == [Placed(0, 0, 7), Placed(0, 10, 17), Placed(1, 0, 18)]
    assert place([7, 7], 17) == [Placed(0, 0, 7), Placed(0, 10, 17)]  # just fits
    assert place([7, 7], 16) == [Placed(0, 0, 7), Placed(1, 0, 7)]
    # An option wider than the room has a line of its own, cut by the widget.
    assert place([30, 5], 10) == [Placed(0, 0, 30), Placed(1, 0, 5)]


async def test_shows_the_chosen_option_marked() -> None:
    app = Holder()
    async with app.run_test(size=(60, 5)):
        assert lines_of(app) == ["○ never   ● after   ○ before and after"]


async def test_the_arrows_move_the_highlight_and_enter_or_space_choose() -> None:
    app = Holder()
    async with app.run_test(size=(60, 5)) as pilot:
        choices = app.query_one(Choices)
        assert choices.has_focus and choices.highlighted == 1  # starts on the chosen one
        await pilot.press("right")
        assert (choices.highlighted, choices.value, app.changes) == (2, "after", [])
        await pilot.press("enter")
        await pilot.pause()
        assert (choices.value, app.changes) == ("both", ["both"])
        await pilot.press("right", "down")  # round to the first, on to the second
        assert choices.highlighted == 1
        await pilot.press("left", "up", "space")  # back round to the last
        await pilot.pause()
        assert (choices.value, app.changes) == ("both", ["both"])  # the same: no change
        await pilot.press("left", "space")
        await pilot.pause()
        assert (choices.value, app.changes) == ("after", ["both", "after"])
        assert lines_of(app) == ["○ never   ● after   ○ before and after"]


async def test_the_highlight_shows_only_while_focused_and_comes_back_to_the_chosen() -> None:
    app = Holder()
    async with app.run_test(size=(60, 5)) as pilot:
        choices = app.query_one(Choices)
        cursor = choices.get_component_rich_style("choices--cursor").bgcolor

        def highlighted() -> str:
            strip = choices.render_line(0)
            return "".join(seg.text for seg in strip if seg.style and seg.style.bgcolor == cursor)

        assert highlighted() == "● after"
        await pilot.press("right")
        assert highlighted() == "○ before and after"
        await pilot.press("tab")
        assert not choices.has_focus and highlighted() == ""
        await pilot.press("shift+tab")
        assert choices.highlighted == choices.chosen == 1 and highlighted() == "● after"


async def test_a_click_chooses_the_option_under_it_and_not_the_gap() -> None:
    app = Holder()
    async with app.run_test(size=(60, 5)) as pilot:
        choices = app.query_one(Choices)
        await pilot.click("#choices", offset=(25, 0))  # "before and after"
        await pilot.pause()
        assert (choices.value, app.changes) == ("both", ["both"])
        await pilot.click("#choices", offset=(8, 0))  # the gap after "never"
        await pilot.pause()
        assert choices.value == "both"
        await pilot.click("#choices", offset=(0, 0))
        await pilot.pause()
        assert (choices.value, app.changes) == ("never", ["both", "never"])


async def test_too_narrow_for_one_line_the_options_wrap_and_clicks_follow() -> None:
    app = Holder()
    async with app.run_test(size=(20, 6)) as pilot:
        choices = app.query_one(Choices)
        assert choices.size.height == 2
        assert lines_of(app) == ["○ never   ● after", "○ before and after"]
        await pilot.click("#choices", offset=(3, 1))
        await pilot.pause()
        assert choices.value == "both"


async def test_a_label_is_shown_as_written_never_as_markup_or_control() -> None:
    app = Holder("a", (("a", "[b]bold[/b]"), ("b", "bell\x07\x1b[31m")))
    async with app.run_test(size=(60, 5)):
        line = lines_of(app)[0]
        assert line == "● [b]bold[/b]   ○ bell\\x07\\x1b[31m"
        assert not any(ord(char) < 32 for char in line)


async def test_a_value_set_by_code_is_chosen_and_told() -> None:
    app = Holder()
    async with app.run_test(size=(60, 5)) as pilot:
        choices = app.query_one(Choices)
        choices.value = "never"
        await pilot.pause()
        assert (choices.highlighted, app.changes) == (0, ["never"])
        assert lines_of(app) == ["● never   ○ after   ○ before and after"]

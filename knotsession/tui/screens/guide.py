"""The guide: topics on the left, the chosen one on the right, as plain text.

The text is our own (knotsession.core.guide), shown as plain Text, never parsed as markup.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from knotsession.core.guide import TOPICS, Topic, find_topic
from knotsession.tui.state import HELP_KEY
from knotsession.tui.styled_once import StyledOnce
from knotsession.tui.widgets.keys_footer import KeysFooter

if TYPE_CHECKING:
    from knotsession.tui.state import SharedState


def topic_body(topic: Topic, routine_names: dict[str, str]) -> str:
    """A topic's paragraphs and the routines that apply, by name and id."""
    blocks: list[str] = []
    for paragraph in topic.paragraphs:
        if paragraph.startswith("- ") and blocks:
            blocks[-1] += "\n  " + paragraph
        else:
            blocks.append(paragraph)
    if topic.routines:
        routines = "\n".join(
            f"  {routine_names.get(routine_id, routine_id)} ({routine_id})"
            for routine_id in topic.routines
        )
        blocks.append(f"Routines for this:\n{routines}")
    return "\n\n".join(blocks)


class GuideScreen(StyledOnce, Screen):
    """Advice on knots, one topic at a time."""

    app: SharedState
    CSS_PATH = "guide.tcss"
    AUTO_FOCUS = "#topics"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (70, "-wide")]
    BINDINGS = [Binding("escape,q", "back", "Back"), HELP_KEY]

    def __init__(self, topic_id: str | None = None) -> None:
        super().__init__()
        self.first_topic = find_topic(topic_id or "") or TOPICS[0]

    def compose(self) -> ComposeResult:
        yield Static("Guide", id="heading")
        with Horizontal(id="guide"):
            yield OptionList(*(Option(topic.title, id=topic.id) for topic in TOPICS), id="topics")
            with VerticalScroll(id="page"):
                yield Static("", id="topic-title", markup=False)
                yield Static("", id="topic-body", markup=False)
        yield KeysFooter()

    def on_mount(self) -> None:
        topics = self.query_one("#topics", OptionList)
        topics.highlighted = TOPICS.index(self.first_topic)
        self.show_topic(self.first_topic)

    @on(OptionList.OptionHighlighted, "#topics")
    def _topic_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        topic = find_topic(event.option.id or "")
        if topic is not None:
            self.show_topic(topic)

    def show_topic(self, topic: Topic) -> None:
        """Show one topic on the right."""
        names = {routine_id: r.name for routine_id, r in self.app.library.summaries.items()}
        self.query_one("#topic-title", Static).update(topic.title)
        self.query_one("#topic-body", Static).update(topic_body(topic, names))
        self.query_one("#page", VerticalScroll).scroll_home(animate=False)

    @on(OptionList.OptionSelected, "#topics")
    def _topic_selected(self) -> None:
        self.query_one("#page", VerticalScroll).focus()

    def action_back(self) -> None:
        """Back to where you were."""
        self.app.pop_screen()

"""Settings: the person's preferences in one calm form, saved to config.toml (comments kept)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import msgspec
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.suggester import SuggestFromList
from textual.validation import ValidationResult, Validator
from textual.widget import MountError, Widget
from textual.widgets import Button, Input, Static, Switch

from knotsession.breaks.status import status_lines
from knotsession.core.durations import format_interval
from knotsession.core.settings import (
    ASK_TENSION,
    LIMITS,
    THEMES,
    Settings,
    SettingsError,
    check_value,
)
from knotsession.core.settings_file import save_settings
from knotsession.core.text import shown
from knotsession.tui.made_ahead import Droppable
from knotsession.tui.state import HELP_KEY
from knotsession.tui.styled_once import StyledOnce
from knotsession.tui.widgets.blank import BlankHorizontal, BlankVerticalScroll
from knotsession.tui.widgets.choices import Choices
from knotsession.tui.widgets.compact import CompactButton, CompactInput
from knotsession.tui.widgets.keys_footer import KeysFooter

REMINDER_CHOICES = ("off", "30m", "45m", "60m", "90m")
TENSION_LABELS = {"never": "never", "after": "after", "both": "before and after"}
# What a switch says beside it when off and when on.
SWITCH_STATES = {"mute": ("sounds play", "no sounds"), "voice": ("off", "steps are read aloud")}
# What each text field says beside it: a hint while the value is fine, a reason when not.
WHOLE = {key: f"a whole number from {low} to {high}" for key, (low, high) in LIMITS.items()}
NOTES = {
    "volume": ("{} to {}".format(*LIMITS["volume"]), WHOLE["volume"]),
    "lead_in": ("seconds to get ready before each step", WHOLE["lead_in"]),
    "daily_goal": ("sessions a day", WHOLE["daily_goal"]),
    "remind_every": ("off, 30m, 45m, 60m, 90m or like 1h30m", "off, or at least 1m, like 45m"),
}


def setting_from_text(key: str, text: str) -> int | None:
    """The setting a text field gives; ValueError when the text is not one."""
    if key == "remind_every":
        return check_value(key, text)
    if not re.fullmatch(r"\s*\d{1,3}\s*", text):
        raise ValueError(f"not a whole number: {text!r}")
    return check_value(key, int(text))


class SettingText(Validator):
    """A text field holds a valid value for its setting."""

    def __init__(self, key: str) -> None:
        super().__init__(failure_description=NOTES[key][1])
        self.key = key

    def validate(self, value: str) -> ValidationResult:
        try:
            setting_from_text(self.key, value)
        except ValueError:
            return self.failure()
        return self.success()


# The classes Textual's widgets give themselves as they are made (a switch that is on, an
# input's validity; compact widgets have theirs in widgets/compact.py), given with them:
# each one added after the widget was made restyled it then, before it was even mounted.
# Should a Textual name them otherwise, the widget adds its own, as before.
ON = "-on"


class Field(Horizontal):
    """One setting's row: its control (and note) beside its name, which the row draws
    itself in the room the control's margin leaves (a Label a row was nine widgets more to
    mount, style and draw on the form's first open)."""

    COMPONENT_CLASSES = {"field--name"}

    def __init__(self, name: str, *children: Widget, id: str | None = None) -> None:
        super().__init__(*children, classes="field", id=id)
        self.setting_name = name

    def render(self) -> Text:
        style = self.get_component_rich_style("field--name")
        return Text(self.setting_name, style, no_wrap=True, end="")


def background_text() -> str:
    """The background break reminder in a line: running or not, and the next break."""
    return " ".join(status_lines()[:2]).removeprefix("Break reminders: ")


def shown_path(path: Path) -> str:
    """The file's path, with the home folder as `~`."""
    try:
        return shown(f"~/{path.relative_to(Path.home())}")
    except ValueError:
        return shown(str(path))  # the folder comes from XDG_CONFIG_HOME: outside text


class SettingsScreen(Droppable, StyledOnce, Screen["Settings | None"]):
    """Edits the settings; dismisses with the saved Settings, or None when cancelled."""

    BLANK = True  # an opaque background and no border: drawn as blank lines (widgets/blank.py)

    CSS_PATH = "settings.tcss"
    AUTO_FOCUS = "#mute"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (60, "-wide")]
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "cancel", "Cancel"),
        HELP_KEY,
    ]

    def __init__(self, settings: Settings, path: Path, *, row_by_row: bool = False) -> None:
        """`row_by_row`: the rows are mounted one at a time once the rest is (a form made
        ahead: mounted at once, its 37 widgets held the event loop for 31 ms at home)."""
        super().__init__()
        self.settings = settings
        self.path = path
        self._rows_to_mount = row_by_row

    @property
    def made(self) -> bool:
        return super().made and not self._rows_to_mount

    def compose(self) -> ComposeResult:
        with BlankHorizontal(id="top"):
            yield Static("Settings", id="title")
        with BlankVerticalScroll(id="fields"):
            if not self._rows_to_mount:
                yield from self._rows()
        yield Static("", id="status", markup=False)
        with BlankHorizontal(id="actions"):
            yield CompactButton("Save", "primary", id="save")
            yield CompactButton("Cancel", id="cancel")
        yield Static(f"Saved in {shown_path(self.path)}", id="path", markup=False)
        yield KeysFooter()

    def _rows(self) -> Iterator[Field]:
        """A row for each setting, in the form's order."""
        settings = self.settings
        yield self._switch_row("Mute sounds", "mute", settings.mute)
        yield self._text_row("Volume", "volume", str(settings.volume))
        yield self._text_row("Lead-in", "lead_in", str(settings.lead_in))
        # A Textual theme chosen with the palette ("nord") is offered beside ours.
        themes = tuple(dict.fromkeys((*THEMES, settings.theme)))
        yield self._row("Theme", self._choices("theme", themes, settings.theme))
        yield self._text_row("Daily goal", "daily_goal", str(settings.daily_goal))
        yield self._text_row(
            "Break reminder",
            "remind_every",
            format_interval(settings.remind_every),
            suggester=SuggestFromList(REMINDER_CHOICES, case_sensitive=False),
        )
        yield self._row("Background breaks", self._background_state())
        tension = self._choices("ask_tension", ASK_TENSION, settings.ask_tension)
        yield self._row("Ask how tense", tension)
        yield self._switch_row("Spoken guidance", "voice", settings.voice)

    @staticmethod
    def _background_state() -> Static:
        """The background break reminder: running or not, and the next break."""
        return Static(background_text(), id="background", markup=False)

    async def on_mount(self) -> None:
        if self._rows_to_mount:
            try:
                fields = self.query_one("#fields")
                for row in self._rows():
                    if self._dropped:
                        break
                    await fields.mount(row)  # the event loop runs other work between rows
            except (NoMatches, MountError):  # the app closed while the form was being made
                return
            self._rows_to_mount = False
            if not self.removed_if_dropped():
                self.lay_out_when_made()
            return
        self.removed_if_dropped()

    def refresh_background(self) -> None:
        """Read the background reminder's state again (a form made ahead shows it as it is
        when it opens, not as it was when it was made)."""
        state, text = self.query_one("#background", Static), background_text()
        if str(state.content) != text:  # else unchanged, and not laid out again
            state.update(text)

    def _row(self, label: str, control: Widget, note: Widget | None = None) -> Field:
        """One setting: its name, its control and (for text) a note beside it."""
        parts = [control] if note is None else [control, note]
        return Field(label, *parts, id=f"{control.id}-field")

    def _switch_row(self, label: str, key: str, value: bool) -> Field:
        state = Static(SWITCH_STATES[key][value], id=f"{key}-state", classes="state")
        switch = Switch(value, id=key, animate=False, classes=ON if value else "")
        return self._row(label, switch, state)

    def _text_row(
        self, label: str, key: str, value: str, suggester: SuggestFromList | None = None
    ) -> Field:
        field = CompactInput(
            value,
            id=key,
            # A value from the settings file is valid: the input says so as it is made.
            classes=f"text {'interval' if key == 'remind_every' else 'number'} -valid",
            validators=[SettingText(key)],
            suggester=suggester,
        )
        return self._row(label, field, Static(NOTES[key][0], id=f"{key}-note", classes="note"))

    @staticmethod
    def _choices(key: str, values: tuple[str, ...], chosen: str) -> Choices:
        options = tuple((value, TENSION_LABELS.get(value, value)) for value in values)
        return Choices(options, chosen, id=key)

    # --- checking -----------------------------------------------------------------------

    @on(Switch.Changed)
    def show_state(self, event: Switch.Changed) -> None:
        """Say in words what the switch now does."""
        key = event.switch.id or ""
        self.query_one(f"#{key}-state", Static).update(SWITCH_STATES[key][event.value])

    @on(Input.Changed)
    def show_validity(self, event: Input.Changed) -> None:
        """A note beside the field says what is wrong, as the person types."""
        if event.input.id in NOTES and event.validation_result is not None:
            self._show_note(event.input.id, event.validation_result.is_valid)

    def _show_note(self, key: str, valid: bool) -> None:
        note = self.query_one(f"#{key}-note", Static)
        note.update(NOTES[key][0 if valid else 1])
        note.set_class(not valid, "-invalid")

    def _invalid_fields(self) -> list[Input]:
        """Text fields whose value is not a setting (each shows why)."""
        invalid = []
        for key in NOTES:
            field = self.query_one(f"#{key}", Input)
            result = field.validate(field.value)
            valid = result is None or result.is_valid
            self._show_note(key, valid)
            if not valid:
                invalid.append(field)
        return invalid

    def _chosen(self, key: str) -> str:
        return self.query_one(f"#{key}", Choices).value

    def _text_setting(self, key: str) -> int | None:
        return setting_from_text(key, self.query_one(f"#{key}", Input).value)

    def _whole_number(self, key: str) -> int:
        number = self._text_setting(key)
        assert number is not None  # only remind_every may be off
        return number

    def _read_form(self) -> Settings:
        """The settings the form shows (every text field is valid); the keys it does not show
        (avoid, remind_hours, terminal, audio, plain ...) keep the file's values."""
        return msgspec.structs.replace(
            self.settings,
            mute=self.query_one("#mute", Switch).value,
            volume=self._whole_number("volume"),
            lead_in=self._whole_number("lead_in"),
            theme=check_value("theme", self._chosen("theme")),
            daily_goal=self._whole_number("daily_goal"),
            remind_every=self._text_setting("remind_every"),
            ask_tension=check_value("ask_tension", self._chosen("ask_tension")),
            voice=self.query_one("#voice", Switch).value,
        )

    # --- saving -------------------------------------------------------------------------

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        """Save the file and close with the new settings; stay (saying why) when it cannot."""
        invalid = self._invalid_fields()
        if invalid:
            self._say("Fix the marked fields to save.")
            invalid[0].focus()
            return
        settings = self._read_form()
        try:
            save_settings(settings, self.path)
        except SettingsError as error:
            self._say(str(error))
            return
        self.dismiss(settings)

    def _say(self, problem: str) -> None:
        """Why the settings were not saved, above the buttons."""
        status = self.query_one("#status", Static)
        status.update(problem)
        status.display = True

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close without saving."""
        self.dismiss(None)

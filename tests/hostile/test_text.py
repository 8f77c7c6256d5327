"""The one rule for text from outside: `shown`, `shown_lines` and `shown_json`."""

from __future__ import annotations

import json
import unicodedata

import pytest
from corpus import ESCAPES, control_bytes
from hypothesis import given
from hypothesis import strategies as st

from knotsession.core.text import is_blank, shown, shown_json, shown_lines, unsafe_characters


def test_an_escape_sequence_is_shown_escaped_not_obeyed() -> None:
    assert shown("\x1b]52;c;aGk=\x07 \x1b[2J") == "\\x1b]52;c;aGk=\\x07 \\x1b[2J"


def test_c1_bidi_and_invisible_characters_are_escaped() -> None:
    assert shown("a\x9b2J\u202eb\u200bc\ufeff") == "a\\x9b2J\\u202eb\\u200bc\\ufeff"


def test_a_line_break_is_escaped_on_one_line_and_kept_where_lines_are_allowed() -> None:
    assert shown("Tilt\nDone\rX") == "Tilt\\x0aDone\\x0dX"
    assert shown_lines("one\r\ntwo\rthree\n\x1b") == "one\ntwo\nthree\n\\x1b"


def test_a_tab_becomes_a_space_and_plain_text_is_untouched() -> None:
    assert shown("a\tb") == "a b"
    text = "Ball on the wall: upper back – knots ✓ 👩‍💻 [/] <b>"
    assert shown(text) == text


def test_a_file_name_that_is_not_utf8_can_be_shown() -> None:
    name = b"neck\xff.toml".decode("utf-8", "surrogateescape")
    assert shown(name) == "neck\\udcff.toml"
    shown(name).encode("utf-8")  # printable: no UnicodeEncodeError


def test_unsafe_characters_lists_each_once_escaped() -> None:
    assert unsafe_characters("\x1b[2J\x1b]0;\x07") == ["\\x1b", "\\x07"]
    assert unsafe_characters("a\nb", newlines=True) == []
    assert unsafe_characters("a\nb") == ["\\x0a"]


@pytest.mark.parametrize("text", ["", " ", "\u200b", "\u200d\u200c", " \u00ad\u3164 "])
def test_text_that_shows_nothing_is_blank(text: str) -> None:
    assert is_blank(text)


@pytest.mark.parametrize("text", ["a", "·", "[/]", "👍"])
def test_visible_text_is_not_blank(text: str) -> None:
    assert not is_blank(text)


def test_an_ascii_character_is_blank_as_its_unicode_category_says() -> None:
    """ASCII is decided without `unicodedata`; the answer must be the category's."""
    for code in range(128):
        char = chr(code)
        assert is_blank(char) == (unicodedata.category(char)[0] in "CZM"), repr(char)


@pytest.mark.parametrize("name", sorted(ESCAPES))
def test_json_stays_the_same_data_with_nothing_raw(name: str) -> None:
    data = {"name": ESCAPES[name], "list": [ESCAPES[name]]}
    encoded = shown_json(json.dumps(data, ensure_ascii=False, indent=2))
    assert json.loads(encoded) == data
    assert control_bytes(encoded) == []


# --- any text at all -------------------------------------------------------------------------

any_text = st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=200)


@given(any_text)
def test_any_text_shown_holds_no_control_byte_and_no_line_break(text: str) -> None:
    result = shown(text)
    assert control_bytes(result) == []
    assert "\n" not in result
    result.encode("utf-8")


@given(any_text)
def test_any_text_shown_on_lines_holds_no_control_byte(text: str) -> None:
    result = shown_lines(text)
    assert control_bytes(result) == []
    assert "\r" not in result


@given(st.recursive(any_text | st.integers(), lambda inner: st.lists(inner, max_size=4)))
def test_any_json_shown_holds_no_control_byte_and_decodes_to_the_same(value: object) -> None:
    encoded = shown_json(json.dumps(value, ensure_ascii=False))
    assert control_bytes(encoded.replace("\n", "")) == []
    assert json.loads(encoded) == value


@given(st.text(alphabet=st.characters(max_codepoint=0x7F), max_size=200))
def test_ascii_json_takes_the_fast_path_with_the_same_result(text: str) -> None:
    """ASCII documents are checked as bytes: whatever raw control they hold is escaped
    exactly as the general path escapes it, and a clean one comes back unchanged."""
    import re

    document = '{"raw":"' + text + '"}'  # not encoded: raw controls reach shown_json
    expected = re.sub("[\x00-\x09\x0b-\x1f\x7f]", lambda found: f"\\u{ord(found[0]):04x}", document)
    assert shown_json(document) == expected
    assert control_bytes(shown_json(document).replace("\n", "")) == []

"""Routines and steps: the typed, immutable shape of a routine file, and its parsing.

A routine file is parsed once, at the edge, into frozen structs; everything
past `parse_routine` trusts the types. Every problem becomes a `RoutineError`
that names the file and the place, so the person can fix it without a traceback.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Literal, get_args

import msgspec

from knotsession.core.durations import parse_duration
from knotsession.core.errors import RoutineError
from knotsession.core.text import is_blank, unsafe_characters

BodyArea = Literal[
    "neck",
    "jaw",
    "shoulders",
    "chest",
    "upper-back",
    "lower-back",
    "forearms",
    "hands",
    "hips",
    "glutes",
    "legs",
    "feet",
]
StepKind = Literal["stretch", "massage", "mobility", "walk", "breathe", "rest"]
Sides = Literal["none", "left", "right", "both"]
Position = Literal["seated", "standing", "floor", "any"]
Origin = Literal["bundled", "user", "extra"]

BODY_AREAS: tuple[BodyArea, ...] = get_args(BodyArea)
STEP_KINDS: tuple[str, ...] = get_args(StepKind)
SIDES: tuple[str, ...] = get_args(Sides)
POSITIONS: tuple[str, ...] = get_args(Position)

MAX_FILE_BYTES = 1024 * 1024
MAX_STEP_S = 3600
MAX_LEAD_IN_S = 60
MAX_SPOKEN_CHARS = 300  # about twenty seconds said aloud
# skip_if conditions are read in a preview: a few short, plain lines.
MAX_SKIP_IF = 8
MAX_SKIP_IF_CHARS = 120
MAX_SAFETY_CHARS = 400
ID_PATTERN = re.compile(r"^[a-z0-9-]+$")
# A sound or pose name is a plain word, so it can never be a path out of its folder.
NAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


class Step(msgspec.Struct, frozen=True):
    """One timed step of a routine."""

    name: str
    duration_s: int
    kind: StepKind = "stretch"
    sides: Sides = "none"
    area: BodyArea | None = None
    instructions: str = ""
    cue: str | None = None
    poses: tuple[str, ...] = ()
    spot: BodyArea | None = None
    spoken: str = ""
    """A shorter how-to for the voice to say when it is brief; "" says the first sentence."""

    @property
    def work_s(self) -> int:
        """Seconds of work in this step: a `both` step runs once per side."""
        return self.duration_s * (2 if self.sides == "both" else 1)


class Routine(msgspec.Struct, frozen=True):
    """A routine: what it is for and its steps, in order."""

    id: str
    name: str
    areas: tuple[BodyArea, ...]
    steps: tuple[Step, ...]
    description: str = ""
    position: Position = "any"
    equipment: tuple[str, ...] = ()
    lead_in_s: int | None = None
    safety: str = ""
    skip_if: tuple[str, ...] = ()
    path: Path | None = None
    origin: Origin = "bundled"

    @property
    def work_s(self) -> int:
        """Seconds of steps, a `both` step counting twice; lead-ins not included."""
        return sum(step.work_s for step in self.steps)

    def avoided(self, avoid: tuple[str, ...]) -> tuple[BodyArea, ...]:
        """The areas to avoid (the `avoid` setting) this routine works: its own areas and
        its steps', in that order; () when none."""
        worked = dict.fromkeys([*self.areas, *(step.area for step in self.steps if step.area)])
        return tuple(area for area in worked if area in avoid)


# --- the raw file shape, checked by msgspec ---------------------------------------------


class _RawStep(msgspec.Struct, forbid_unknown_fields=True):
    name: str
    duration: int | str
    kind: StepKind = "stretch"
    sides: Sides = "none"
    area: BodyArea | None = None
    instructions: str = ""
    cue: str | None = None
    pose: str | list[str] | None = None
    spot: BodyArea | None = None
    spoken: str | None = None


class _RawRoutine(msgspec.Struct, forbid_unknown_fields=True):
    name: str
    areas: list[BodyArea]
    steps: list[_RawStep]
    description: str = ""
    position: Position = "any"
    equipment: list[str] = []
    lead_in: int | None = None
    safety: str = ""
    skip_if: list[str] = []


_STEP_KEYS = tuple(_RawStep.__struct_fields__)
_ROUTINE_KEYS = tuple(_RawRoutine.__struct_fields__)
_VOCABULARY_BY_KEY = {
    "areas": ("body area", BODY_AREAS),
    "area": ("body area", BODY_AREAS),
    "spot": ("body area", BODY_AREAS),
    "kind": ("step kind", STEP_KINDS),
    "sides": ("sides value", SIDES),
    "position": ("position", POSITIONS),
}
_TYPE_WORDS = {
    "int": "a whole number",
    "str": "text",
    "array": "a list",
    "object": "a table",
    "bool": "true or false",
    "float": "a decimal number",
    "null": "nothing",
}


def did_you_mean(word: str, choices: tuple[str, ...] | list[str]) -> str:
    """A 'did you mean' hint for a misspelt word, or '' when nothing is close."""
    import difflib  # only when something is misspelt: it costs 1 ms at start-up

    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""


def decode_text(data: bytes, file: str) -> str:
    """The text of a file: UTF-8 (a byte-order mark is fine), no binary, at most 1 MiB."""
    if len(data) > MAX_FILE_BYTES:
        # Only the limit and a byte more are read, so the real size is not known here.
        raise RoutineError(file, "file is too large: routine files are at most 1 MiB")
    if b"\x00" in data:
        raise RoutineError(file, "not a text file (it contains binary data)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise RoutineError(
            file,
            f"not valid UTF-8 (byte 0x{data[error.start]:02x} at offset {error.start})",
            hint="save the file as UTF-8",
        ) from None
    return text.removeprefix("\ufeff")


def load_toml(
    text: str, file: str, *, check_numbers: bool = True, many: bool = False
) -> dict[str, Any]:
    """Parse TOML text; a syntax error becomes `file:line:column: message`. Integers beyond
    64 bits are refused (unless the caller checks them itself, key by key).

    `many`: one of many files read in a row (a library's routines past its first few,
    parsed for its lists), read with `tomli`, the standard library's parser compiled with
    mypyc: three times faster, but 0.3 MiB more to load. Otherwise (a routine opened to
    play, the settings, the poses, a library's first few files) the standard library's
    `tomllib` reads it, so a session started straight from the command line does without
    `tomli`. Both give the same documents and messages (tests/core/test_toml_parsers.py)."""
    decode_error: type[ValueError]
    if many:
        import tomli

        loads, decode_error = tomli.loads, tomli.TOMLDecodeError
    else:
        import tomllib

        loads, decode_error = tomllib.loads, tomllib.TOMLDecodeError
    try:
        document = loads(text)
        if check_numbers:
            _check_numbers(document, file, "")
    except decode_error as error:
        message = str(error)
        message = message[:1].lower() + message[1:]
        found = re.search(r"\s*\(at line (\d+), column (\d+)\)$", message)
        if found:
            reason = message[: found.start()]
            if reason == "cannot overwrite a value":
                reason = "a key or table is defined twice (cannot overwrite a value)"
            raise RoutineError(file, reason, place=f"{found[1]}:{found[2]}") from None
        reason = message.replace(" (at end of document)", "")
        raise RoutineError(file, f"{reason} at the end of the file") from None
    except RecursionError:
        raise RoutineError(file, "values are nested too deeply") from None
    except ValueError:  # Python's limit on the digits of an int (4300) was reached
        raise _number_too_large(file, _line_of_long_number(text)) from None
    return document


_LONG_NUMBER = re.compile(r"[+-]?[0-9][0-9_]{30,}")
MAX_INT = 2**63 - 1
"""TOML's integers are 64-bit: anything beyond is refused before it reaches a setting."""


def _number_too_large(file: str, place: str) -> RoutineError:
    return RoutineError(file, "a number is too large (TOML allows 64-bit integers)", place=place)


def _line_of_long_number(text: str) -> str:
    found = _LONG_NUMBER.search(text)
    if not found:
        return ""
    line = text.count("\n", 0, found.start()) + 1
    return f"{line}:{found.start() - (text.rfind(chr(10), 0, found.start()) + 1) + 1}"


def is_too_large(value: Any) -> bool:
    """True for an integer beyond TOML's 64-bit range."""
    return isinstance(value, int) and not -MAX_INT - 1 <= value <= MAX_INT


def _check_numbers(value: Any, file: str, place: str) -> None:
    """Every integer of a document within TOML's 64-bit range, or a RoutineError saying where."""
    if isinstance(value, dict):
        for key, item in value.items():
            _check_numbers(item, file, f"{place}.{key}" if place else str(key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _check_numbers(item, file, f"{place}[{index}]")
    elif is_too_large(value):
        raise _number_too_large(file, place)


def parse_routine(
    data: bytes,
    *,
    file: str,
    routine_id: str,
    origin: Origin = "bundled",
    path: Path | None = None,
    known_cues: frozenset[str] | None = None,
    known_poses: frozenset[str] | None = None,
    many: bool = False,
) -> Routine:
    """Parse one routine file's bytes; raise RoutineError naming the file and place.
    `many`: one of many read in a row (`load_toml`)."""
    if not ID_PATTERN.match(routine_id):
        raise RoutineError(
            file,
            f"the file name '{routine_id}' is not a routine id",
            hint="use lowercase letters, digits and dashes, e.g. 'neck-release.toml'",
        )
    text = decode_text(data, file)
    if not text.strip():
        raise RoutineError(
            file, "the file is empty", hint="a routine needs name, areas and at least one [[steps]]"
        )
    document = load_toml(text, file, many=many)
    try:
        raw = msgspec.convert(document, _RawRoutine)
    except msgspec.ValidationError as error:
        raise _explain(error, document, file) from None
    return _build(raw, file, routine_id, origin, path, known_cues, known_poses)


def _build(
    raw: _RawRoutine,
    file: str,
    routine_id: str,
    origin: Origin,
    path: Path | None,
    known_cues: frozenset[str] | None,
    known_poses: frozenset[str] | None,
) -> Routine:
    check_text(raw.name, file, "name")
    check_text(raw.description, file, "description", multiline=True)
    if not raw.areas:
        raise RoutineError(file, "must list at least one body area", place="areas")
    if not raw.steps:
        raise RoutineError(file, "a routine needs at least one [[steps]] table", place="steps")
    if raw.lead_in is not None and not 0 <= raw.lead_in <= MAX_LEAD_IN_S:
        raise RoutineError(
            file, f"must be 0..{MAX_LEAD_IN_S} seconds, got {raw.lead_in}", place="lead_in"
        )
    for index, item in enumerate(raw.equipment):
        check_text(item, file, f"equipment[{index}]")
        if is_blank(item):
            raise RoutineError(file, "must not be empty", place=f"equipment[{index}]")
    _check_safety(raw.safety, raw.skip_if, file)
    steps = tuple(
        _build_step(raw_step, f"steps[{index}]", file, known_cues, known_poses)
        for index, raw_step in enumerate(raw.steps)
    )
    return Routine(
        id=routine_id,
        name=raw.name.strip(),
        description=raw.description.strip(),
        areas=tuple(dict.fromkeys(raw.areas)),
        position=raw.position,
        equipment=tuple(item.strip() for item in raw.equipment),
        lead_in_s=raw.lead_in,
        safety=raw.safety.strip(),
        skip_if=tuple(condition.strip() for condition in raw.skip_if),
        steps=steps,
        path=path,
        origin=origin,
    )


def _check_safety(safety: str, skip_if: list[str], file: str) -> None:
    """The safety note and skip_if conditions are short plain text, read before a routine."""
    check_text(safety, file, "safety", multiline=True)
    if len(safety.strip()) > MAX_SAFETY_CHARS:
        raise RoutineError(
            file,
            f"must be at most {MAX_SAFETY_CHARS} characters, got {len(safety.strip())}",
            place="safety",
            hint="say what to look out for in two or three sentences",
        )
    if len(skip_if) > MAX_SKIP_IF:
        raise RoutineError(
            file,
            f"must list at most {MAX_SKIP_IF} conditions, got {len(skip_if)}",
            place="skip_if",
        )
    for index, condition in enumerate(skip_if):
        text = condition.strip()
        place = f"skip_if[{index}]"
        if not text:
            raise RoutineError(file, "must not be empty", place=place)
        if "\n" in text or "\r" in text:
            raise RoutineError(
                file, "must be one line", place=place, hint="put each condition in its own string"
            )
        check_text(text, file, place)
        if len(text) > MAX_SKIP_IF_CHARS:
            raise RoutineError(
                file,
                f"must be at most {MAX_SKIP_IF_CHARS} characters, got {len(text)}",
                place=place,
                hint='a few plain words, e.g. "a recent injury or surgery in the area"',
            )


def _build_step(
    raw: _RawStep,
    place: str,
    file: str,
    known_cues: frozenset[str] | None,
    known_poses: frozenset[str] | None,
) -> Step:
    check_text(raw.name, file, f"{place}.name")
    check_text(raw.instructions, file, f"{place}.instructions", multiline=True)
    seconds = parse_duration(raw.duration)
    if seconds is None:
        raise RoutineError(
            file,
            f"'{raw.duration}' is not a duration",
            place=f"{place}.duration",
            hint='write seconds as a number (45) or text like "45s", "2m" or "1m30s"',
        )
    if not 1 <= seconds <= MAX_STEP_S:
        raise RoutineError(
            file, f"must be 1..{MAX_STEP_S} seconds, got {seconds}", place=f"{place}.duration"
        )
    if raw.cue is not None:
        _check_name(raw.cue, "sound", known_cues, file, f"{place}.cue")
    poses = (raw.pose,) if isinstance(raw.pose, str) else tuple(raw.pose or ())
    if isinstance(raw.pose, list) and not 1 <= len(poses) <= 2:
        raise RoutineError(
            file, f"must name one or two poses, got {len(poses)}", place=f"{place}.pose"
        )
    for pose in poses:
        _check_name(pose, "pose", known_poses, file, f"{place}.pose")
    spoken = _check_spoken(raw.spoken, file, f"{place}.spoken")
    return Step(
        name=raw.name.strip(),
        duration_s=seconds,
        kind=raw.kind,
        sides=raw.sides,
        area=raw.area,
        instructions=raw.instructions.strip(),
        cue=raw.cue,
        poses=poses,
        spot=raw.spot,
        spoken=spoken,
    )


def check_text(
    text: str, file: str, place: str, *, multiline: bool = False, required: bool = True
) -> None:
    """Refuse text no one means: control characters, bidi overrides, invisible format
    characters (line breaks too, unless `multiline`), and a required name that shows nothing."""
    found = unsafe_characters(text.replace("\t", " "), newlines=multiline)
    if found:
        what = "control or invisible characters" + ("" if multiline else " or line breaks")
        raise RoutineError(
            file,
            f"must not hold {what} ({', '.join(found[:3])})",
            place=place,
            hint="remove them: they could take over the terminal or hide text",
        )
    if required and not multiline and is_blank(text):
        raise RoutineError(file, "must not be empty", place=place)


def _check_spoken(spoken: str | None, file: str, place: str) -> str:
    """A step's spoken text: some words, short enough to say in a step's first seconds."""
    if spoken is None:
        return ""
    check_text(spoken, file, place, required=False)
    text = " ".join(spoken.split())
    if not text:
        raise RoutineError(
            file, "must not be empty", place=place, hint="leave it out to say the first sentence"
        )
    if len(text) > MAX_SPOKEN_CHARS:
        raise RoutineError(
            file,
            f"is {len(text)} characters; spoken text is at most {MAX_SPOKEN_CHARS}",
            place=place,
            hint="keep it to a sentence or two: the instructions hold the rest",
        )
    return text


def _check_name(name: str, what: str, known: frozenset[str] | None, file: str, place: str) -> None:
    """A cue or pose must be a plain name, and one that exists when we know which do."""
    if not NAME_PATTERN.match(name):
        raise RoutineError(
            file,
            f"'{name}' is not a {what} name",
            place=place,
            hint="use the plain name (lowercase letters, digits, '-' or '_'), no folders or suffix",
        )
    if known is None or name in known:
        return
    hint = did_you_mean(name, sorted(known)) or f"known {what}s: {', '.join(sorted(known))}"
    raise RoutineError(file, f"unknown {what} '{name}'", place=place, hint=hint)


# --- turning msgspec's messages into a person's words -----------------------------------

_AT = re.compile(r"^(?P<what>.*?)(?: - at `\$(?P<path>[^`]*)`)?$", re.S)


def _explain(error: msgspec.ValidationError, document: dict[str, Any], file: str) -> RoutineError:
    found = _AT.match(str(error))
    what = found["what"] if found else str(error)
    path = (found["path"] or "").lstrip(".") if found else ""
    last_key = re.sub(r"\[\d+\]$", "", path.rsplit(".", 1)[-1]) if path else ""
    in_step = path.startswith("steps[")

    unknown = re.match(r"Object contains unknown field `(.+)`", what, re.S)  # a key may hold \n
    if unknown:
        key = unknown[1]
        keys = _STEP_KEYS if in_step else _ROUTINE_KEYS
        where = f"in {path}" if path else "at the top level"
        hint = did_you_mean(key, keys) or f"known keys: {', '.join(keys)}"
        return RoutineError(file, f"unknown key '{key}' {where}", hint=hint)

    missing = re.match(r"Object missing required field `(.+)`", what, re.S)
    if missing:
        where = f"in {path}" if path else "at the top level"
        return RoutineError(file, f"missing required key '{missing[1]}' {where}")

    enum = re.match(r"Invalid enum value (.+)", what)
    if enum and last_key in _VOCABULARY_BY_KEY:
        label, choices = _VOCABULARY_BY_KEY[last_key]
        value = str(_value_at(document, path))
        hint = did_you_mean(value, choices) or f"choose from: {', '.join(choices)}"
        return RoutineError(file, f"unknown {label} '{value}'", place=path, hint=hint)

    expected = re.match(r"Expected `(.+?)`, got `(.+?)`", what)
    if expected:
        wanted = " or ".join(
            _TYPE_WORDS.get(word.strip(), word.strip())
            for word in expected[1].split("|")
            if word.strip() != "null"
        )
        if last_key == "duration":
            wanted = 'whole seconds or text like "45s"'
        value = _value_at(document, path)
        got = _TYPE_WORDS.get(expected[2], expected[2])
        if not isinstance(value, (dict, list)) and value is not None:
            got = _short(value)
        return RoutineError(file, f"expected {wanted}, got {got}", place=path)

    return RoutineError(file, what, place=path)


def _value_at(document: Any, path: str) -> Any:
    value = document
    for part in re.findall(r"[^.\[\]]+|\[\d+\]", path):
        try:
            value = value[int(part[1:-1])] if part.startswith("[") else value[part]
        except (KeyError, IndexError, TypeError, ValueError):
            return None
    return value


def _short(value: Any) -> str:
    text = repr(value) if isinstance(value, str) else str(value).lower()
    return text if len(text) <= 40 else text[:37] + "..."

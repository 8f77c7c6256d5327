"""`knotsession new ID [--from EXISTING]`: a routine file of your own to edit.

The file is a commented template (a real, gentle routine that explains every key), or a
copy of an existing routine. It is checked before it is written, and never overwrites.
"""

from __future__ import annotations

import argparse
import re
import shlex
import sys
from pathlib import Path

from knotsession import paths
from knotsession.commands.show import find_routine
from knotsession.core.library import (
    Library,
    display_path,
    load_default_library,
    sound_names,
)
from knotsession.core.routine import (
    BODY_AREAS,
    ID_PATTERN,
    POSITIONS,
    SIDES,
    STEP_KINDS,
    Routine,
    decode_text,
)
from knotsession.core.routine_writer import NotWritten, write_routine_file
from knotsession.core.text import shown
from knotsession.figures.names import pose_names

ORIGIN_WORDS = {"bundled": "bundled", "user": "yours", "extra": "from --routines"}


def suggest_id(text: str) -> str:
    """A routine id close to what the person typed: `My Neck.toml` -> `my-neck`."""
    stem = text.removesuffix(".toml").lower()
    return re.sub(r"[^a-z0-9]+", "-", stem).strip("-") or "my-routine"


def free_id(routine_id: str, folder: Path) -> str:
    """`routine_id-2`, `-3`... the first whose file does not exist in `folder` yet."""
    number = 2
    while (folder / f"{routine_id}-{number}.toml").exists():
        number += 1
    return f"{routine_id}-{number}"


def template_text(
    routine_id: str, cue_names: frozenset[str], pose_names: frozenset[str] | None
) -> str:
    """A small, safe routine whose comments teach the file format."""
    from knotsession.audio.cues import DEFAULT_WORK_CUE, KIND_CUES

    name = routine_id.replace("-", " ").strip().capitalize() or "My routine"
    kind_cues = ", ".join(f"{cue} for a {kind} step" for kind, cue in KIND_CUES.items())
    default_cue = f"{DEFAULT_WORK_CUE} ({kind_cues})" if kind_cues else DEFAULT_WORK_CUE
    sounds = ", ".join(sorted(cue_names)) or "none found"
    user_sounds = paths.user_sounds_dir()
    pose = min(pose_names) if pose_names else "name-of-a-pose"
    return f'''\
# {name}: your own knotsession routine. Lines starting with # are comments.
# The file name is the routine's id: start it with `knotsession start {routine_id}`.
# Stretch gently: nothing here should hurt. Ease off at sharp pain, tingling or numbness.
# Editors can complete the keys: `knotsession schema > routine.schema.json`, then put
# `#:schema ./routine.schema.json` on the first line (Taplo, Even Better TOML).

# name (required): the routine's name in the app.
name = "{name}"

# description: who it is for and when, in a sentence or two.
description = "Two gentle neck exercises for a break from the screen."

# areas (required): the body areas it works on; the app lists it under each of them.
#   {", ".join(BODY_AREAS)}
areas = ["neck"]

# position: {_choices(POSITIONS)}.
position = "seated"

# equipment: what to have at hand, e.g. ["tennis ball", "wall"]; [] for nothing.
equipment = []

# lead_in: seconds to get ready before each step, 0 to 60.
# Leave it out to use the lead_in of your settings (5 unless you changed it).
lead_in = 5

# safety: what to look out for, in a sentence or two; the preview shows it before you start.
safety = "Move slowly and stay in a comfortable range. Stop if your arm tingles or goes numb."

# skip_if: conditions, in plain words, under which a person should not do this routine
# (or should ask a professional first); the preview lists them. [] when none apply.
skip_if = ["a recent neck injury or surgery"]

# steps (required): each [[steps]] table is one step; they run in the order written.
[[steps]]
# name (required): what the step is called on screen.
name = "Side neck stretch"
# kind: {_choices(STEP_KINDS)}.
kind = "stretch"
# duration (required): seconds, 1 to 3600: a number (30) or text ("45s", "2m", "1m30s").
duration = 30
# sides: {_choices(SIDES)}: "both" runs the step once per side, with a pause to switch.
sides = "both"
# area: the body area this step works on, one of those above.
area = "neck"
# instructions: how to get into position, what to feel and what to avoid, in a few sentences.
# Long text can run over several lines between triple quotes; a backslash at the end of a
# line joins it to the next.
instructions = """
Sit tall and hold the edge of your seat with the hand on the side you are stretching. \\
Tilt your head away, ear toward the other shoulder, until you feel a gentle stretch along \\
the side of your neck. Keep both shoulders down and breathe slowly; ease off if your arm \\
tingles."""
# spoken: a shorter how-to for the voice to say on the second side or when it is brief;
# without it, the first sentence of the instructions is said.
# spoken = "Ear toward the other shoulder, both shoulders down."
# cue: the sound that starts the step; without it, {default_cue}.
# Sounds: {sounds}. A sound file you put in
# {user_sounds}/ is a cue too, by its name without the suffix.
# cue = "{DEFAULT_WORK_CUE}"
# pose: the figure shown during the step: one name, or a list of two that alternate.
# See every pose with its name: knotsession poses
# pose = "{pose}"
# spot: for a massage step, the body area to mark on the figure, where the ball or thumb goes.
# spot = "neck"

[[steps]]
name = "Chin tucks"
kind = "mobility"
duration = 30
area = "neck"
instructions = """
Sit tall and look straight ahead. Slide your chin straight back into a gentle double chin, \\
hold for two seconds, then release. Keep your eyes level; you should feel the back of your \\
neck lengthen, not strain."""
'''


def _choices(words: tuple[str, ...]) -> str:
    """`a, b or c`."""
    return f"{', '.join(words[:-1])} or {words[-1]}" if len(words) > 1 else words[0]


def copy_text(source: Routine) -> str:
    """The text of an existing routine's file, with a first line saying where it came from."""
    assert source.path is not None  # every routine from the library was read from a file
    text = decode_text(source.path.read_bytes(), display_path(source.path))
    origin = ORIGIN_WORDS[source.origin]
    return f"# Copied from '{source.id}' ({origin}, {source.path}) by knotsession new.\n{text}"


def shadow_note(library: Library, routine_id: str) -> str:
    """What the new file does to a routine of the same id elsewhere, or ''."""
    existing = library.summaries.get(routine_id)  # its name and file; no need to read it
    if existing is None or existing.origin == "user":
        return ""
    if existing.origin == "bundled":
        return f"It replaces the bundled routine '{routine_id}' ({existing.name}) while it exists."
    folder = Path(existing.path).parent if existing.path else "that folder"
    return f"While you pass --routines {folder}, its '{routine_id}' is used instead of this one."


def _fail(message: str, code: int = 2) -> int:
    print(shown(f"knotsession: {message}"), file=sys.stderr)
    return code


def run(args: argparse.Namespace) -> int:
    """Write a new routine file into the person's routines folder."""
    routine_id: str = args.routine_id
    if not ID_PATTERN.match(routine_id):
        return _fail(
            f"'{routine_id}' is not a routine id; use lowercase letters, digits and dashes, "
            f"e.g. '{suggest_id(routine_id)}'"
        )
    folder = paths.user_routines_dir()
    target = folder / f"{routine_id}.toml"
    if target.exists():
        return _fail(
            f"{target} already exists; edit it, or choose another id such as "
            f"'{free_id(routine_id, folder)}'"
        )
    library = load_default_library(args.routines, known_poses=pose_names())
    cues, poses = sound_names(), pose_names()
    if args.from_id is None:
        text = template_text(routine_id, cues, poses)
    else:
        source = find_routine(library, args.from_id)
        if source is None:
            return 2
        try:
            text = copy_text(source)
        except OSError as error:
            return _fail(f"cannot read {source.path} ({error.strerror})")
    try:
        write_routine_file(
            target, text, shown_as=display_path(target), known_cues=cues, known_poses=poses
        )
    except NotWritten as problem:
        return _fail(str(problem), problem.code)
    print(shown(f"Created {target}"))  # the folder comes from XDG_CONFIG_HOME: outside text
    print(shown(f"Edit it, then: knotsession validate {shlex.quote(str(target))}"))
    print("It appears in the app under its areas, marked as yours.")
    note = shadow_note(library, routine_id)
    if note:
        print(note)
    return 0

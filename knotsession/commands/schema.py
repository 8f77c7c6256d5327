"""`knotsession schema`: a JSON Schema for routine files, generated from the very structs that
check them (so it cannot drift from the format). Editors complete keys with it, e.g. Even Better
TOML / Taplo with a first line `#:schema ./routine.schema.json`.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from knotsession.core.routine import MAX_LEAD_IN_S, MAX_STEP_S


def routine_schema() -> dict[str, Any]:
    """The JSON Schema (2020-12) of one routine file."""
    import msgspec

    from knotsession.core.routine import _RawRoutine

    generated = msgspec.json.schema(_RawRoutine)
    definitions = generated["$defs"]
    routine, step = definitions.pop("_RawRoutine"), definitions.pop("_RawStep")
    routine["title"], step["title"] = "knotsession routine", "step"
    step["properties"]["duration"]["description"] = (
        f'seconds (1..{MAX_STEP_S}) as a number, or text such as "45s", "2m" or "1m30s"'
    )
    routine["properties"]["lead_in"]["description"] = (
        f"seconds to get ready before each step, 0..{MAX_LEAD_IN_S}"
    )
    routine["properties"]["steps"]["items"] = {"$ref": "#/$defs/step"}
    definitions["step"] = step
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **routine,
        "$defs": definitions,
    }


def run(args: argparse.Namespace) -> int:
    """Print the schema."""
    print(json.dumps(routine_schema(), indent=2))
    return 0

"""`knotsession schema`: the JSON Schema of routine files matches the files themselves."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib

from knotsession import paths
from knotsession.commands.schema import routine_schema


def test_every_bundled_routine_fits_the_schema() -> None:
    schema = routine_schema()
    step = schema["$defs"]["step"]
    files = sorted(paths.bundled_routines_dir().glob("*.toml"))
    assert files
    for file in files:
        routine = tomllib.loads(file.read_text(encoding="utf-8"))
        assert set(schema["required"]) <= set(routine), file.name
        assert set(routine) <= set(schema["properties"]), file.name
        for item in routine["steps"]:
            assert set(step["required"]) <= set(item), file.name
            assert set(item) <= set(step["properties"]), file.name
            kind = item.get("kind", "stretch")
            assert kind in step["properties"]["kind"]["enum"], file.name


def test_unknown_keys_are_refused_as_the_parser_refuses_them() -> None:
    schema = routine_schema()
    assert schema["additionalProperties"] is False
    assert schema["$defs"]["step"]["additionalProperties"] is False


def test_the_command_prints_the_schema() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "knotsession", "schema"], capture_output=True, text=True, check=True
    )
    printed = json.loads(result.stdout)
    assert printed["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert printed == routine_schema()

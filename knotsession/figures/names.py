"""The names of the bundled poses, read cheaply for validating routines at start-up.

Checking that a step's `pose` exists needs only the table names of poses.toml, not the
whole parse (msgspec, the body model): a line scan keeps that off the first paint. The
full parse in poses.py checks the same file, and a test keeps the two in agreement.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

POSES_FILE = Path(__file__).with_name("poses.toml")
_TABLE = re.compile(r"^\[([a-z0-9][a-z0-9-]*)\][ \t]*(?:#.*)?$", re.M)


@functools.cache
def pose_names() -> frozenset[str]:
    """Names of every pose a routine step may use."""
    return frozenset(_TABLE.findall(POSES_FILE.read_text(encoding="utf-8")))

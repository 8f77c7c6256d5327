"""System tools some tests need (tmux, espeak-ng, faketime ...): skip without them on a
developer's machine, fail without them in CI, where .ci/run installs them.

Import it as `from system_tools import require_tool` (tests/ is on pytest's pythonpath).
"""

from __future__ import annotations

import os
import shutil

import pytest

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def require_tool(name: str) -> str:
    """The path of a system tool a test needs: skip without it locally, fail without it in CI."""
    found = shutil.which(name)
    if found:
        return found
    message = f"{name} is not installed (.ci/run installs it)"
    if IN_CI:
        pytest.fail(message)
    pytest.skip(message)

"""The code's shape, checked by tools: the layer contract (import-linter) and the types (mypy).

Both read their configuration from pyproject.toml, so the same check runs here, in CI and
on a contributor's machine (`lint-imports`, `mypy`).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import knotsession

REPO = Path(__file__).resolve().parents[1]
PYPROJECT = REPO / "pyproject.toml"
BIN = Path(sys.executable).parent


def lint_imports(*, cwd: Path, pythonpath: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run import-linter with the project's contracts; `pythonpath` puts a copy first."""
    env = dict(os.environ)
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath)
    return subprocess.run(
        [str(BIN / "lint-imports"), "--config", str(PYPROJECT), "--no-cache"],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
    )


def test_the_layers_point_one_way(tmp_path: Path) -> None:
    result = lint_imports(cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_an_upward_import_breaks_the_contract(tmp_path: Path) -> None:
    copy = tmp_path / "knotsession"
    shutil.copytree(Path(knotsession.__file__).parent, copy)
    engine = copy / "core" / "engine.py"
    engine.write_text(engine.read_text() + "\nfrom knotsession.tui import words  # upward\n")
    result = lint_imports(cwd=tmp_path, pythonpath=tmp_path)
    assert result.returncode == 1
    assert "knotsession.core is not allowed to import knotsession.tui" in result.stdout
    assert "knotsession.core.engine -> knotsession.tui.words" in result.stdout


@pytest.mark.skipif(
    not (REPO / "knotsession").is_dir(), reason="type-checks the source tree, not a wheel"
)
def test_the_package_type_checks(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", str(PYPROJECT)],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={**os.environ, "MYPY_CACHE_DIR": str(REPO / ".mypy_cache")},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("Success: no issues found")


def test_the_package_silences_no_type_error() -> None:
    """Clean without `# type: ignore`: a silenced error would pass the check above."""
    package = Path(knotsession.__file__).parent
    silenced = [
        f"{path.relative_to(package)}:{number}"
        for path in sorted(package.rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "type: ignore" in line
    ]
    assert silenced == []


def test_the_app_routes_and_holds_no_feature_logic() -> None:
    """tui/app.py routes between screens and hands requests to the parts beside it
    (settings_apply, break_nudge, editor, session_start ...); it stays small, and state
    reaches screens as reactives, never by calling a method found by its name."""
    app = Path(knotsession.__file__).parent / "tui" / "app.py"
    source = app.read_text(encoding="utf-8")
    assert len(source.splitlines()) < 300
    assert "getattr(" not in source


def test_test_modules_import_helpers_by_name() -> None:
    """CI runs the suite from inside tests/ against the installed wheel (3.12, 3.13 and the
    floors), where no `tests` package is importable: helpers are imported by their own name
    (`from desk_routine import DESK`), as pytest's `pythonpath` and each test's folder allow."""
    import re

    pattern = re.compile(r"^\s*(from|import)\s+tests[.\s]", re.MULTILINE)
    offenders = [
        str(path.relative_to(Path(__file__).parent))
        for path in Path(__file__).parent.rglob("*.py")
        if pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []

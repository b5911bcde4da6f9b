"""The apps form a tree: ``audit``, ``safetext`` and ``health`` at the bottom, ``images`` and ``people``
below ``articles``; a lower app never imports a higher one."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

#: Each app, and the project apps it may import (its own modules aside).
MAY_IMPORT = {
    "audit": set(),
    "safetext": set(),
    "health": set(),
    "images": {"audit", "safetext", "health"},
    "people": {"images", "audit", "safetext", "health"},
    "articles": {"images", "people", "audit", "safetext", "health"},
    "insights": {"articles", "images", "people", "audit", "safetext", "health"},
    "api": {"articles", "images", "people", "audit", "safetext", "health"},
    "mirror": {"articles", "images", "people", "audit", "safetext", "health"},
}
PROJECT_APPS = {
    "audit", "safetext", "health", "images", "people", "articles", "accounts", "archive", "insights", "api", "mirror",
}  # fmt: skip


def imported_apps(path):
    """The project apps a module imports, at any depth (function-level imports included)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found |= {name.split(".")[0] for name in names} & PROJECT_APPS
    return found


@pytest.mark.parametrize("app", sorted(MAY_IMPORT))
def test_lower_app_imports_nothing_above_it(app):
    upward = {}
    for path in sorted((ROOT / app).rglob("*.py")):
        above = imported_apps(path) - MAY_IMPORT[app] - {app}
        if above:
            upward[str(path.relative_to(ROOT))] = sorted(above)

    assert upward == {}

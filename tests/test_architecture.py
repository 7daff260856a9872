"""The import contract: the domain (rules, drafts, storage, workflow...) is plain Python that
the command line and the board both call; it never imports a user interface."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "tracker"
CORE = [
    "model",
    "rules",
    "drafts",
    "store",
    "config",
    "dates",
    "workflow",
    "present",
    "transfer",
    "clipboard",
    "mail",
    "clock",
    "demo",
    "reminders",
    "calendar",
    "words",
]
UI = ("textual", "rich", "click")


def test_core_modules_never_import_a_user_interface_even_lazily() -> None:
    for name in CORE:
        tree = ast.parse((PACKAGE / f"{name}.py").read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                roots = [alias.name.split(".")[0] for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                roots = [node.module.split(".")[0]]
            else:
                continue
            assert not set(roots) & set(UI), f"tracker/{name}.py imports {roots}"


def test_importing_the_core_loads_no_user_interface() -> None:
    modules = ", ".join(f"tracker.{name}" for name in CORE)
    code = (
        f"import sys, {modules}\nprint(sorted(m for m in sys.modules if m.split('.')[0] in {UI!r}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"

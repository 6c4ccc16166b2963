"""The archive layer imports only what lies below it (errors, model) and storage libraries."""

from __future__ import annotations

import ast
from pathlib import Path

import docgen.archive

ARCHIVE = Path(docgen.archive.__file__).parent
REGISTER_MODULES = (
    "__init__", "checks", "db", "export", "export_docx", "export_xlsx", "history", "integrity",
    "migrations", "postgres", "register", "sqlite", "unit_of_work",
)  # fmt: skip
FORBIDDEN = ("docgen.render", "docgen.pdf", "docgen.services", "docgen.cli", "docgen.rules")


def imported(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_the_register_imports_no_layer_above_or_beside_it() -> None:
    for name in REGISTER_MODULES:
        for module in imported(ARCHIVE / f"{name}.py"):
            assert not module.startswith(FORBIDDEN), f"{name}.py imports {module}"
            assert module not in {"os.environ", "docgen.config"}, f"{name}.py reads settings"


def test_the_model_stays_stdlib_only() -> None:
    source = ARCHIVE.parent / "model" / "register.py"
    for module in imported(source):
        assert module.split(".")[0] in {
            "__future__",
            "datetime",
            "enum",
            "collections",
            "dataclasses",
            "docgen",
        }
        assert not module.startswith("docgen.") or module.startswith("docgen.model")

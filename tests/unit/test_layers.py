"""The layering of docs/architecture.md, proved by an AST walk over every import in `docgen/`.

errors, files  <  model  <  rules  <  inputs  <  services  <  cli
                           rules  <  render | pdf | archive | edxml (siblings)  <  services

Every import counts, also the lazy ones inside functions and those under TYPE_CHECKING: a lazy
import is still a dependency. `docgen.errors` and `docgen.files` are bottom-level utilities.
"""

from __future__ import annotations

import ast
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "docgen"

BASE = {"errors", "files"}  # bottom-level utilities every layer may import
#: layer -> the docgen layers it may import (itself included)
ALLOWED: dict[str, set[str]] = {
    "errors": set(),
    "files": set(),
    "root": BASE,
    "model": {"model", "errors"},  # stdlib only, and not even docgen.files (no I/O in the model)
    "rules": BASE | {"model", "rules"},
    "inputs": BASE | {"model", "rules", "inputs"},
    "render": BASE | {"model", "rules", "render"},
    "pdf": BASE | {"model", "rules", "pdf"},
    "archive": BASE | {"model", "rules", "archive"},
    # edXML packages (liên thông): XML in and out, beside render/pdf/archive, importing none of them
    "edxml": BASE | {"model", "rules", "edxml"},
    "services": BASE
    | {"model", "rules", "inputs", "render", "pdf", "archive", "edxml", "services"},
    "cli": BASE
    | {"root", "model", "rules", "inputs", "render", "pdf", "archive", "edxml", "services"}
    | {"web", "cli"},
    # the web application calls the services only: no second path to the register or archive
    "web": BASE | {"model", "rules", "inputs", "services", "web"},
}
#: third-party packages only the command line may use (it is the only code that prints)
CLI_ONLY = {"click", "rich"}
#: the web framework and its parts, only in docgen.web
WEB_ONLY = {"django", "django_htmx", "axes", "gunicorn", "whitenoise", "argon2"}

#: Real violations found in other engineers' code: reported by the test, left for their owner.
#: module path -> reason. Each is xfail(strict=True): the day it is fixed, the mark must go.
KNOWN_VIOLATIONS: dict[str, str] = {}


@dataclass(frozen=True)
class Import:
    line: int
    module: str  #: absolute dotted name


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def layer_of(module: str) -> str:
    """The layer of a docgen module: `docgen.render.docx` -> render; `docgen` itself -> root."""
    parts = module.split(".")
    if parts == ["docgen"]:
        return "root"
    return "cli" if parts[1] == "__main__" else parts[1]


def imports_of(path: Path) -> list[Import]:
    """Every import statement in `path`, relative ones made absolute."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found: list[Import] = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found.extend(Import(node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            for alias in node.names:
                # `from docgen import render` imports the render package, not the root
                submodule = target == "docgen" and alias.name in ALLOWED
                found.append(Import(node.lineno, f"{target}.{alias.name}" if submodule else target))
    return found


def violations(path: Path) -> list[str]:
    """One readable line per import that breaks the layering."""
    own = layer_of(module_name(path))
    rel = path.relative_to(PACKAGE.parent)
    problems = []
    for imp in imports_of(path):
        top = imp.module.split(".")[0]
        if top == "docgen":
            target = layer_of(imp.module)
            if target not in ALLOWED.get(own, set()):
                problems.append(
                    f"{rel}:{imp.line} imports {imp.module}: the {own} layer may not import {target}"
                )
        elif top in CLI_ONLY and own != "cli":
            problems.append(f"{rel}:{imp.line} imports {top}: only docgen.cli may use {top}")
        elif top in WEB_ONLY and own != "web":
            problems.append(f"{rel}:{imp.line} imports {top}: only docgen.web may use {top}")
        elif own == "model" and top not in sys.stdlib_module_names and top != "__future__" and top:
            problems.append(
                f"{rel}:{imp.line} imports {top}: the model uses the standard library only"
            )
    return problems


def all_modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def params() -> list[object]:
    out: list[object] = []
    for path in all_modules():
        rel = str(path.relative_to(PACKAGE.parent))
        marks = (
            [pytest.mark.xfail(strict=True, reason=KNOWN_VIOLATIONS[rel])]
            if rel in KNOWN_VIOLATIONS
            else []
        )
        out.append(pytest.param(path, id=rel, marks=marks))
    return out


@pytest.mark.parametrize("path", params())
def test_module_respects_the_layers(path: Path) -> None:
    problems = violations(path)
    assert not problems, "layering broken:\n" + "\n".join(problems)


def test_every_layer_is_known() -> None:
    layers = {layer_of(module_name(p)) for p in all_modules()}
    assert layers <= set(ALLOWED), (
        f"new top-level package(s) without a layer: {layers - set(ALLOWED)}"
    )
    assert {"model", "rules", "inputs", "render", "pdf", "archive", "services", "cli"} <= layers


def test_known_violations_still_name_real_files() -> None:
    for rel in KNOWN_VIOLATIONS:
        assert (PACKAGE.parent / rel).exists(), rel


# --- the checker itself must be able to fail ---------------------------------------------------


@pytest.mark.parametrize(
    ("where", "source", "complaint"),
    [
        ("model/x.py", "import lxml\n", "standard library only"),
        (
            "model/x.py",
            "from docgen.files import write_atomic\n",
            "model layer may not import files",
        ),
        ("model/x.py", "from docgen.rules import text\n", "model layer may not import rules"),
        ("rules/x.py", "from docgen.render.docx import render_docx\n", "rules layer may not"),
        ("rules/x.py", "from docgen.inputs import reader\n", "rules layer may not import inputs"),
        ("rules/x.py", "import click\n", "only docgen.cli may use click"),
        ("render/x.py", "def f():\n    from docgen.pdf import fonts\n", "may not import pdf"),
        ("render/x.py", "from ..archive import db\n", "render layer may not import archive"),
        ("render/x.py", "from docgen import services\n", "render layer may not import services"),
        ("pdf/x.py", "from docgen.inputs.profile import load_profile\n", "may not import inputs"),
        ("archive/x.py", "from rich.console import Console\n", "only docgen.cli may use rich"),
        ("archive/x.py", "from docgen.edxml import build\n", "archive layer may not import edxml"),
        ("edxml/x.py", "from docgen.archive import db\n", "edxml layer may not import archive"),
        ("edxml/x.py", "from docgen.pdf import verify\n", "edxml layer may not import pdf"),
        ("inputs/x.py", "from docgen.services import settings\n", "may not import services"),
        ("services/x.py", "from docgen.cli import main\n", "services layer may not import cli"),
    ],
)
def test_checker_catches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str, source: str, complaint: str
) -> None:
    fake = tmp_path / "docgen"
    path = fake / where
    path.parent.mkdir(parents=True)
    path.write_text(source, "utf-8")
    monkeypatch.setattr(sys.modules[__name__], "PACKAGE", fake)
    problems = violations(path)
    assert len(problems) == 1 and complaint in problems[0], problems


@pytest.mark.parametrize(
    ("where", "source"),
    [
        (
            "model/x.py",
            "import datetime\nfrom docgen.model.kinds import Kind\nfrom docgen.errors import InputError\n",
        ),
        (
            "rules/x.py",
            "from docgen.files import write_atomic\nfrom . import text\nimport num2words\n",
        ),
        ("inputs/x.py", "from docgen.rules.text import upper\nimport yaml\n"),
        ("services/x.py", "from docgen.render import docx\nfrom docgen.inputs import profile\n"),
        (
            "cli/x.py",
            "import click\nfrom docgen import __version__\nfrom docgen.services import draft\n",
        ),
    ],
)
def test_checker_allows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str, source: str
) -> None:
    fake = tmp_path / "docgen"
    path = fake / where
    path.parent.mkdir(parents=True)
    path.write_text(source, "utf-8")
    monkeypatch.setattr(sys.modules[__name__], "PACKAGE", fake)
    assert violations(path) == []


def environment_reads(path: Path) -> list[str]:
    """`os.getenv(…)`, `os.environ.get(…)` and `os.environ[…]` in `path` (handing a copy of the
    environment to a child process, `{**os.environ}`, is not reading a setting)."""

    def is_environ(node: ast.expr) -> bool:
        return isinstance(node, ast.Attribute) and node.attr == "environ"

    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr == "getenv" or (
                node.func.attr == "get" and is_environ(node.func.value)
            ):
                found.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno}")
        elif isinstance(node, ast.Subscript) and is_environ(node.value):
            found.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno}")
    return found


def test_only_the_settings_module_reads_the_environment() -> None:
    # Layers below services get plain values (architecture: "none reads … environment variables").
    reads = [
        where
        for path in all_modules()
        if path.relative_to(PACKAGE).as_posix() != "services/settings.py"
        for where in environment_reads(path)
    ]
    assert reads == []


def test_environment_check_can_fail(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "docgen" / "render" / "x.py"
    path.parent.mkdir(parents=True)
    path.write_text(
        "import os\na = os.environ.get('A')\nb = os.getenv('B')\nc = os.environ['C']\n"
        "d = {**os.environ}\n",
        "utf-8",
    )
    monkeypatch.setattr(sys.modules[__name__], "PACKAGE", tmp_path / "docgen")
    assert environment_reads(path) == [
        "docgen/render/x.py:2",
        "docgen/render/x.py:3",
        "docgen/render/x.py:4",
    ]

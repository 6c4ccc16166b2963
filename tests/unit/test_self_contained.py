"""The repository stands on its own: nothing in it names a file outside it.

A fresh clone has no `shared` folder beside it (our reference material) and no developer's home
folder. So no file under docgen/, tests/, bench/, scripts/, docs/, examples/, nor the Makefile, the README
or .ci/ may name one:

- the sibling folder `shared` by a relative path, or its `spec`, `reference`, `design` folders;
- an absolute path into a workstation (`/work/…`, `/home/…`, `/root/…`, `/Users/…`, `C:\\…`);
- a relative path whose `..` steps climb out of the repository from the file that names it;
- in Python, a path built from `Path(__file__)` with more `.parent` / `.parents[n]` steps than the
  file is deep, or one more `.parent` over a constant that already is the repository root.

System paths the set-up installs (`/usr/bin/chromium`, `/usr/lib/postgresql/…`) are not outside
the repository in this sense: `make test` puts them there. A line that names a climbing path on
purpose — a path-traversal input a test expects docgen to refuse — carries the marker
`outside-repo-ok` in a comment on that line.

What this scan cannot see (a path assembled at run time) `.ci/run` catches: it runs `make test` in a
copy of the checkout inside an empty folder, where nothing lies beside the repository.
"""

from __future__ import annotations

import ast
import re
import subprocess
from pathlib import Path, PurePosixPath

import pytest

from tests.conftest import ROOT

SCANNED = (
    "docgen",
    "tests",
    "bench",
    "scripts",
    "docs",
    "examples",
    ".ci",
    "Makefile",
    "README.md",
)
TEXT_SUFFIXES = {".py", ".md", ".sh", ".toml", ".yaml", ".yml", ".txt", ".cfg", ".ini", ".json", ""}
MARKER = "outside-repo-ok"

SHARED = re.compile(r"\.\.[/\\]shared\b|(?<![\w.-])shared/(spec|reference|design|hooks)\b")
ABSOLUTE = re.compile(r"(?<![\w.:/-])(/(work|home|root|Users|mnt)/[\w.-]+|[A-Za-z]:\\[\w.-]+)")
CLIMBING = re.compile(r"(?<![\w.])((?:\.\./)+)([\w.-]+)?")
#: Names that hold the repository root; one more `.parent` over them leaves the repository.
ROOT_NAMES = {"ROOT", "REPO_ROOT", "REPOSITORY_ROOT"}


def tracked_files() -> list[Path]:
    """The repository's files under SCANNED: tracked or new (not ignored), text only."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z", "--", *SCANNED],
        cwd=ROOT,
        capture_output=True,
        check=False,
    )
    if listed.returncode != 0:  # a copy without .git (the way .ci/run tests): walk the folders
        names = [
            p.relative_to(ROOT).as_posix()
            for top in SCANNED
            for p in ([ROOT / top] if (ROOT / top).is_file() else sorted((ROOT / top).rglob("*")))
            if p.is_file()
            and not any(part.startswith((".venv", "__pycache__")) for part in p.parts)
        ]
    else:
        names = [n for n in listed.stdout.decode("utf-8").split("\0") if n]
    return sorted(
        ROOT / n for n in names if PurePosixPath(n).suffix in TEXT_SUFFIXES and (ROOT / n).is_file()
    )


def climbs_out(path_text: str, base: Path) -> bool:
    """True when `path_text`, relative to the folder `base`, ends outside the repository."""
    depth = len(base.relative_to(ROOT).parts)
    for part in PurePosixPath(path_text).parts:
        depth += -1 if part == ".." else (0 if part == "." else 1)
        if depth < 0:
            return True
    return False


def text_findings(path: Path, text: str | None = None) -> list[str]:
    """`file:line: what` for every outside path the file's text (or `text`, as if at `path`) names."""
    if text is None:
        try:
            text = path.read_text("utf-8")
        except UnicodeDecodeError:
            return []
    found: list[str] = []
    where = path.relative_to(ROOT).as_posix()
    for number, line in enumerate(text.splitlines(), 1):
        if MARKER in line:
            continue
        for pattern, what in ((SHARED, "names the shared folder"), (ABSOLUTE, "an absolute path")):
            if match := pattern.search(line):
                found.append(f"{where}:{number}: {what}: {match.group(0)!r}")
        for match in CLIMBING.finditer(line):
            if climbs_out(match.group(0), path.parent):
                found.append(f"{where}:{number}: climbs out of the repository: {match.group(0)!r}")
    return found


def _steps_up(node: ast.expr) -> tuple[str, int] | None:
    """For `Path(__file__)…parent…parents[n]` or `ROOT.parent…`: (origin, steps up); else None."""
    steps = 0
    while True:
        if isinstance(node, ast.Attribute) and node.attr == "parent":
            steps, node = steps + 1, node.value
        elif (
            isinstance(node, ast.Subscript)
            and isinstance(node.value, ast.Attribute)
            and node.value.attr == "parents"
            and isinstance(node.slice, ast.Constant)
            and isinstance(node.slice.value, int)
        ):
            steps, node = steps + node.slice.value + 1, node.value.value
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and (node.func.attr in {"resolve", "absolute"})
        ):
            node = node.func.value
        else:
            break
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in {"Path", "PurePath", "PosixPath"}
        and node.args
        and isinstance(node.args[0], ast.Name)
        and node.args[0].id == "__file__"
    ):
        return "__file__", steps
    if isinstance(node, ast.Name) and node.id in ROOT_NAMES:
        return node.id, steps
    return None


def python_findings(path: Path, source: str | None = None) -> list[str]:
    """`file:line: what` for every path the module (or `source`, as if at `path`) builds above the
    repository root."""
    source = path.read_text("utf-8") if source is None else source
    tree = ast.parse(source, filename=str(path))
    lines = source.splitlines()
    depth = len(path.relative_to(ROOT).parts)  # `.parent` steps from the file up to the root
    found: list[str] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.expr) or MARKER in lines[node.lineno - 1]:
            continue
        # Only the outermost chain counts: `x.parent.parent` is also walked as `x.parent`.
        if (up := _steps_up(node)) is None:
            continue
        origin, steps = up
        limit = depth if origin == "__file__" else 0
        if steps > limit:
            where = f"{path.relative_to(ROOT).as_posix()}:{node.lineno}"
            found.append(f"{where}: {ast.unparse(node)} leaves the repository")
    return sorted(set(found))


#: One step up, spelled so that this file does not itself name a path it forbids.
UP = "." + "./"
#: Where the probes below pretend to be: three levels below the root, as this file is.
PROBE = ROOT / "tests" / "unit" / "probe.py"


def test_the_scan_sees_the_repository() -> None:
    files = tracked_files()
    assert ROOT / "Makefile" in files and ROOT / "README.md" in files
    assert ROOT / "tests" / "unit" / "test_self_contained.py" in files
    assert len([f for f in files if f.suffix == ".py"]) > 100


def test_no_file_names_a_path_outside_the_repository() -> None:
    findings: list[str] = []
    for path in tracked_files():
        findings += text_findings(path)
        if path.suffix == ".py":
            findings += python_findings(path)
    assert findings == [], "\n".join(findings)


@pytest.mark.parametrize(
    "line",
    [
        f'SPEC = "{UP}shared/{"spec"}/nd30-format.md"',
        f"See `{UP}shared/{'design'}/architecture.md`.",
        f"cat /{'work'}/shared/{'reference'}/x.txt",
        f"open('/{'home'}/clerk/docgen.toml')",
        f"the fixtures in shared/{'reference'}/ beside the checkout",
        f'DATA = "{UP * 3}fixtures/x.json"',
    ],
)
def test_the_text_scan_catches(line: str) -> None:
    assert text_findings(PROBE.with_suffix(".md"), line), line


@pytest.mark.parametrize(
    "line",
    [
        'ok = "../docgen/errors.py"',  # tests/unit/../docgen: still inside
        "run /usr/bin/chromium --headless",
        "see docs/format/header.md",
        f'traversal = "{UP * 4}etc/passwd"  # outside-repo-ok: refused input',
    ],
)
def test_the_text_scan_lets_pass(line: str) -> None:
    assert text_findings(PROBE.with_suffix(".md"), line) == [], line


@pytest.mark.parametrize(
    ("source", "leaves"),
    [
        ('X = Path(__file__).resolve().parents[2] / "examples"', False),
        ('X = Path(__file__).resolve().parents[3] / "shared"', True),
        ('X = Path(__file__).parent.parent.parent.parent / "shared"', True),
        ('X = Path(__file__).parent.parent / "fixtures"', False),
        ('X = ROOT.parent / "shared"', True),
        ('X = ROOT / "tests"', False),
    ],
)
def test_the_python_scan(source: str, leaves: bool) -> None:
    assert bool(python_findings(PROBE, source)) is leaves, source

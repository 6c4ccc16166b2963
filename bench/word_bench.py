"""Word draft benchmark (issue 14): `docgen issue du-thao.docx` beside `docgen issue du-thao.yaml`
for the same document in the same run. Target: the Word draft costs at most 1.2x the YAML one —
reading the draft (checker's reader, component locator, fill in place) must not cost more than
the rendering it replaces.

Both go through the whole issue service (register on SQLite, check, staging, filing, index) with
a stand-in converter (a one-page PDF written in ~1 ms), so the figure is docgen's own work; the
same run also issues a few of each through the real LibreOffice, where conversion dominates.
Interleaved in rounds so machine noise hits both alike; medians per document."""

from __future__ import annotations

import datetime as dt
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from bench.report import Figure
from docgen.archive import open_register
from docgen.services.draft import draft
from docgen.services.issue import issue
from docgen.services.settings import REPO_ROOT, templates_dir

EXAMPLE = REPO_ROOT / "examples" / "bql-hanoi"
SOURCE = EXAMPLE / "bql-khth-moi-xet-chon-spcncl-da-sua.yaml"
PROFILE = EXAMPLE / "docgen.toml"
DAY = dt.date(2024, 3, 5)
TARGET = 1.2
ROUNDS = 4


def stand_in_pdf(docx: Path, out_dir: Path) -> Path:
    """A one-page PDF in place of LibreOffice's (the real conversion is measured apart)."""
    from pypdf import PdfWriter

    out_dir.mkdir(parents=True, exist_ok=True)
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    target = out_dir / f"{docx.stem}.pdf"
    with target.open("wb") as handle:
        writer.write(handle)
    return target


def inputs(work: Path, count: int) -> tuple[list[Path], list[Path]]:
    """`count` distinct YAML drafts, and the Word draft docgen makes of each."""
    data = yaml.safe_load(SOURCE.read_text("utf-8"))
    yamls, words = [], []
    for i in range(count):
        data["trich_yeu"] = f"mời tham gia xét chọn sản phẩm công nghiệp chủ lực, đợt {i + 1}"
        path = work / "yaml" / f"{i}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
        yamls.append(path)
        target = work / "docx" / f"{i}.docx"
        target.parent.mkdir(parents=True, exist_ok=True)
        draft(path, PROFILE, target, pdf=False, templates=templates_dir(), today=DAY)
        words.append(target)
    return yamls, words


def issue_all(
    paths: list[Path], root: Path, convert: Callable[[Path, Path], Path] | None
) -> list[float]:
    times = []
    with open_register(root, "BQL") as store:
        for path in paths:
            start = time.perf_counter()
            issue(path, PROFILE, archive=root, store=store, templates=templates_dir(),
                  convert=convert, on=DAY)  # fmt: skip
            times.append(time.perf_counter() - start)
    return times


def run(per_round: int = 30, real: int = 6) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="docgen-word-bench-") as scratch:
        work = Path(scratch)
        count = per_round * ROUNDS
        yamls, words = inputs(work, count + real)
        issue_all(yamls[:1], work / "warm-yaml", stand_in_pdf)  # imports, caches
        issue_all(words[:1], work / "warm-word", stand_in_pdf)
        yaml_ms: list[float] = []
        word_ms: list[float] = []
        for r in range(ROUNDS):  # alternate which goes first
            batch = slice(r * per_round, (r + 1) * per_round)
            order = [("yaml", yamls), ("word", words)][:: 1 if r % 2 == 0 else -1]
            for name, paths in order:
                times = issue_all(paths[batch], work / f"{name}-{r}", stand_in_pdf)
                (yaml_ms if name == "yaml" else word_ms).extend(t * 1000 for t in times)
        real_yaml = issue_all(yamls[count:], work / "real-yaml", None)
        real_word = issue_all(words[count:], work / "real-word", None)
    return {
        "documents": count,
        "yaml_ms": statistics.median(yaml_ms),
        "word_ms": statistics.median(word_ms),
        "real_documents": real,
        "real_yaml_ms": statistics.median(real_yaml) * 1000,
        "real_word_ms": statistics.median(real_word) * 1000,
    }


def to_figures(raw: dict[str, Any]) -> list[Figure]:
    ratio = raw["word_ms"] / raw["yaml_ms"]
    return [
        Figure(
            "issue a Word draft (stand-in converter: docgen's own work)",
            "ms/document",
            raw["word_ms"],
            raw["yaml_ms"],
            "issue the same document from YAML",
            target=f"ratio <= {TARGET}",
            met=ratio <= TARGET,
        ),
        Figure(
            "issue a Word draft (real LibreOffice)",
            "ms/document",
            raw["real_word_ms"],
            raw["real_yaml_ms"],
            "issue the same document from YAML",
        ),
    ]


def report(raw: dict[str, Any]) -> None:
    ratio = raw["word_ms"] / raw["yaml_ms"]
    print(f"word: docgen issue, {raw['documents']} documents of each form, medians per document")
    print(
        f"  stand-in converter  YAML {raw['yaml_ms']:7.1f} ms   Word {raw['word_ms']:7.1f} ms"
        f"   ratio {ratio:.2f} (target <= {TARGET}: {'met' if ratio <= TARGET else 'MISSED'})"
    )
    print(f"  real LibreOffice    YAML {raw['real_yaml_ms']:7.1f} ms   Word "
          f"{raw['real_word_ms']:7.1f} ms   ({raw['real_documents']} each)")  # fmt: skip


def main() -> dict[str, Any]:
    raw = run()
    report(raw)
    return raw


if __name__ == "__main__":
    main()

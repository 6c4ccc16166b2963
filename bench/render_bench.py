"""Rendering benchmark (issue 2): the reference dispatch 200 times through docgen's full draft path
(YAML read and validated, rules, sandboxed render, layout) against a plain docxtpl loop
(`DocxTemplate(...).render(...).save(...)`) in the same process. Target: ≤ 1.2× the plain loop."""

from __future__ import annotations

import io
import statistics
import time
from collections.abc import Callable
from typing import Any

from docxtpl import DocxTemplate

from bench.report import Figure
from docgen.inputs.document import load_document
from docgen.inputs.profile import load_profile
from docgen.render.context import build_context
from docgen.services.draft import render_document
from docgen.services.settings import REPO_ROOT, templates_dir

EXAMPLE = REPO_ROOT / "examples" / "bql-hanoi"
TODAY = __import__("datetime").date(2024, 3, 5)


def timed(action: Callable[[], Any], runs: int) -> list[float]:
    action()  # warm-up: imports, caches
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return times


def run(runs: int = 200) -> dict[str, float]:
    profile = EXAMPLE / "docgen.toml"
    source = EXAMPLE / "bql-khth-moi-xet-chon-spcncl.yaml"
    template = templates_dir() / "cong-van.docx"
    agency = load_profile(profile)
    plain_context = build_context(load_document(source, agency, today=TODAY), agency)

    def plain() -> None:
        document = DocxTemplate(str(template))
        document.render(plain_context)
        document.save(io.BytesIO())

    def docgen() -> None:
        agency = load_profile(profile)
        render_document(load_document(source, agency, today=TODAY), agency, templates_dir())

    # Interleave the two so machine noise hits both alike.
    plain_times: list[float] = []
    docgen_times: list[float] = []
    for _ in range(4):
        plain_times += timed(plain, runs // 4)
        docgen_times += timed(docgen, runs // 4)
    plain_median = statistics.median(plain_times)
    docgen_median = statistics.median(docgen_times)
    return {
        "documents": float(runs),
        "docgen_median_ms": docgen_median * 1000,
        "plain_docxtpl_median_ms": plain_median * 1000,
        "ratio": docgen_median / plain_median,
    }


def to_figures(figures: dict[str, float]) -> list[Figure]:
    return [
        Figure(
            "render: reference dispatch, full draft path (YAML, rules, render, layout)",
            "ms/document",
            figures["docgen_median_ms"],
            figures["plain_docxtpl_median_ms"],
            "plain DocxTemplate render+save loop",
            target="ratio <= 1.2",
            met=figures["ratio"] <= 1.2,
        )
    ]


def main() -> dict[str, float]:
    figures = run()
    report(figures)
    return figures


def report(figures: dict[str, float]) -> None:
    print("render: reference dispatch x200")
    print(f"  docgen draft path   {figures['docgen_median_ms']:7.1f} ms/document (median)")
    print(f"  plain docxtpl loop  {figures['plain_docxtpl_median_ms']:7.1f} ms/document (median)")
    print(f"  ratio               {figures['ratio']:7.2f}x   (target <= 1.20x)")


if __name__ == "__main__":
    main()

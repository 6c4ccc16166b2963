"""Rendering benchmark (issues 2 and 7), against a plain docxtpl loop
(`DocxTemplate(...).render(...).save(...)`) in the same process:

- the reference dispatch 200 times through docgen's full draft path (YAML read and validated,
  rules, sandboxed render, layout). Target: ≤ 1.2× the plain loop;
- a batch: the reference dispatch addressed to 200 different recipients (one `Kính gửi` each)
  through one `CompiledRenderer` (template compiled once). Target: ≤ 1/3 of the plain loop (3×
  faster), with the process's memory not growing along the batch.
"""

from __future__ import annotations

import dataclasses
import io
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from docxtpl import DocxTemplate

from bench.report import Figure
from docgen.inputs.document import load_document
from docgen.inputs.profile import load_profile
from docgen.render.context import build_context
from docgen.services.draft import CompiledRenderer, render_document
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


def rss_mb() -> float:
    """The process's resident memory now (not its peak)."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * 4096 / 2**20


def run(runs: int = 200) -> dict[str, float]:
    profile = EXAMPLE / "docgen.toml"
    source = EXAMPLE / "bql-khth-moi-xet-chon-spcncl.yaml"
    template = templates_dir() / "cong-van.docx"
    agency = load_profile(profile)
    reference = load_document(source, agency, today=TODAY)
    plain_context = build_context(reference, agency)
    batch = [
        dataclasses.replace(reference, recipients=(f"Công ty TNHH Sản xuất & Thương mại số {i}",))
        for i in range(runs)
    ]
    renderer = CompiledRenderer(agency, templates_dir())
    next_recipient = iter(range(10**9))

    def plain() -> None:
        document = DocxTemplate(str(template))
        document.render(plain_context)
        document.save(io.BytesIO())

    def docgen() -> None:
        agency = load_profile(profile)
        render_document(load_document(source, agency, today=TODAY), agency, templates_dir())

    def compiled() -> None:
        renderer.render(batch[next(next_recipient) % len(batch)])

    # Interleave them so machine noise hits all alike.
    plain_times: list[float] = []
    docgen_times: list[float] = []
    compiled_times: list[float] = []
    compiled_growth = 0.0
    for round_ in range(4):
        plain_times += timed(plain, runs // 4)
        docgen_times += timed(docgen, runs // 4)
        before = rss_mb()
        compiled_times += timed(compiled, runs // 4)
        if round_:  # the first round fills the caches
            compiled_growth += rss_mb() - before
    plain_median = statistics.median(plain_times)
    docgen_median = statistics.median(docgen_times)
    compiled_median = statistics.median(compiled_times)
    return {
        "documents": float(runs),
        "docgen_median_ms": docgen_median * 1000,
        "plain_docxtpl_median_ms": plain_median * 1000,
        "ratio": docgen_median / plain_median,
        "compiled_median_ms": compiled_median * 1000,
        "compiled_ratio": compiled_median / plain_median,
        #: resident memory added while the compiled renderer ran, after its first round
        "compiled_rss_growth_mb": compiled_growth,
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
        ),
        Figure(
            "render: compiled renderer (batch)",
            "ms/document",
            figures["compiled_median_ms"],
            figures["plain_docxtpl_median_ms"],
            "plain DocxTemplate render+save loop",
            target="ratio <= 0.333 (3x faster)",
            met=figures["compiled_ratio"] <= 0.333,
        ),
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
    print("render: batch of the reference dispatch to 200 recipients, one CompiledRenderer")
    print(f"  compiled renderer   {figures['compiled_median_ms']:7.1f} ms/document (median)")
    print(f"  ratio               {figures['compiled_ratio']:7.3f}x  (target <= 0.333x)")
    growth = figures["compiled_rss_growth_mb"]
    print(f"  memory growth       {growth:7.1f} MB while rendering the last 150 documents")


if __name__ == "__main__":
    main()

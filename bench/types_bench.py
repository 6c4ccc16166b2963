"""Per-type rendering benchmark (issue 6): each type's example input rendered 100 times through the
full draft path (YAML read and validated, rules, sandboxed render, layout); prints the median per
type beside the công văn's, the baseline the other types share their blocks with."""

from __future__ import annotations

import statistics
from pathlib import Path

from bench.render_bench import TODAY, timed
from bench.report import Figure
from docgen.inputs.copy import CopyRequest, load_input
from docgen.inputs.profile import load_profile
from docgen.services.draft import render_copy, render_document
from docgen.services.settings import REPO_ROOT, templates_dir

EXAMPLE = REPO_ROOT / "examples" / "bql-hanoi"
#: one example per template (the copy renders its original and appends the block)
EXAMPLES = {
    "cong-van": "bql-cv-de-nghi-so-lieu",
    "quyet-dinh (+ phụ lục)": "bql-qd-giao-nhiem-vu",
    "nghi-quyet": "bql-nq-hoi-dong-thi-dua",
    "ke-hoach (3 trang)": "bql-kh-xet-chon-spcncl",
    "thong-bao": "bql-tb-lich-tiep-doanh-nghiep",
    "to-trinh": "bql-ttr-kinh-phi-xuc-tien",
    "giay-moi": "bql-gm-hoi-nghi-doanh-nghiep",
    "giay-gioi-thieu": "bql-ggt-cong-tac",
    "bien-ban": "bql-bb-hop-giao-ban",
    "cong-dien": "bql-cd-phong-chong-bao",
    "giay-nghi-phep": "bql-gnp-nghi-phep",
    "hop-dong": "bql-hd-dich-vu-ve-sinh",
    "ban-ghi-nho": "bql-bgn-hop-tac-dao-tao",
    "thu-cong": "bql-thu-chuc-mung-doanh-nhan",
    "sao-y": "bql-sao-y-qd",
}


def run(runs: int = 100) -> dict[str, float]:
    """Median milliseconds per document for each type."""
    profile = EXAMPLE / "docgen.toml"
    templates = templates_dir()
    medians: dict[str, float] = {}
    for label, stem in EXAMPLES.items():
        source: Path = EXAMPLE / f"{stem}.yaml"

        def once(source: Path = source) -> None:
            agency = load_profile(profile)
            document = load_input(source, agency, today=TODAY)
            if isinstance(document, CopyRequest):
                render_copy(document, agency, templates)
            else:
                render_document(document, agency, templates)

        medians[label] = statistics.median(timed(once, runs)) * 1000
    return medians


def to_figures(medians: dict[str, float]) -> list[Figure]:
    """One figure per type, against the công văn (the same blocks, the fewest of them)."""
    base = medians["cong-van"]
    return [
        Figure(f"render type: {label}", "ms/document", ms, base, "công văn (cong-van)")
        for label, ms in medians.items()
        if label != "cong-van"
    ]


def report(medians: dict[str, float]) -> None:
    width = max(len(label) for label in medians)
    print(f"{'loại văn bản':<{width}}  median (ms), 100 lần")
    for label, ms in medians.items():
        print(f"{label:<{width}}  {ms:6.1f}")
    print(f"chậm nhất / công văn: {max(medians.values()) / medians['cong-van']:.2f}×")


def main() -> None:
    report(run())

"""One benchmark report: every figure beside the baseline measured in the same run, as Markdown and
JSON under bench/results/ (`latest.md` / `latest.json` are the newest run, committed with the code).

A figure's `ratio` always reads "docgen's cost relative to the baseline": below 1 means docgen is
faster (times) or handles more (rates) than the baseline; a target is stated in the same terms.
"""

from __future__ import annotations

import json
import platform
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Literal

RESULTS = Path(__file__).resolve().parent / "results"


@dataclass(frozen=True)
class Figure:
    """One measured figure of one stage."""

    stage: str
    unit: str  #: "ms/document", "documents/s", "allocations/s", …
    docgen: float
    baseline: float | None = None
    baseline_label: str = ""
    better: Literal["lower", "higher"] = "lower"
    target: str = ""  #: in words, e.g. "ratio <= 1.2" or "<= 50 ms"
    met: bool | None = None

    @property
    def ratio(self) -> float | None:
        if not self.baseline or not self.docgen:
            return None
        return (
            self.docgen / self.baseline if self.better == "lower" else self.baseline / self.docgen
        )


def backends_in(raw: dict[str, Any]) -> list[str]:
    """The database backends a bench's raw figures have a section of, SQLite first."""
    return [b for b in ("sqlite", "postgresql") if b in raw]


def figure_dict(figure: Figure) -> dict[str, Any]:
    return {**asdict(figure), "ratio": figure.ratio}


def _cell(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:,.1f}" if abs(value) >= 10 else f"{value:.3g}"


def markdown(sections: list[dict[str, Any]], meta: dict[str, Any]) -> str:
    lines = [
        "# docgen benchmark report",
        "",
        f"- when: {meta['when']}",
        f"- machine: {meta['machine']}",
        f"- commit: {meta['commit']}",
        "",
        "Ratio = docgen's cost relative to the baseline measured in the same run "
        "(below 1: docgen is faster). Peak memory is the benchmark process's own "
        "(the largest of the benchmark process and the children it waited for).",
        "",
    ]
    for section in sections:
        lines += [f"## {section['name']}", ""]
        if section.get("error"):
            lines += [f"FAILED: {section['error']}", ""]
            continue
        lines.append(
            f"Peak memory: {section['peak_rss_mb']:.0f} MB; time: {section['seconds']:.0f} s"
        )
        lines.append("")
        figures = section.get("figures", [])
        if figures:
            lines += [
                "| stage | unit | docgen | baseline | ratio | target | met |",
                "|---|---|---:|---:|---:|---|---|",
            ]
            for f in figures:
                baseline = _cell(f["baseline"])
                if f["baseline_label"]:
                    baseline += f" ({f['baseline_label']})"
                met = {True: "yes", False: "**no**", None: ""}[f["met"]]
                lines.append(
                    f"| {f['stage']} | {f['unit']} | {_cell(f['docgen'])} | {baseline} | "
                    f"{_cell(f['ratio'])} | {f['target']} | {met} |"
                )
        else:
            lines += ["```", json.dumps(section.get("raw", {}), indent=1), "```"]
        lines.append("")
    return "\n".join(lines)


def machine() -> str:
    import os

    return f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"

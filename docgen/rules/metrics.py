"""Text widths in Times New Roman metrics, for sizing header columns and the short rules.

The widths come from Liberation Serif 2 (metric-compatible with Times New Roman), tabulated in
`data/tnr_widths.json` by `scripts/gen_metrics.py`, so no font has to be installed to draft.
"""

from __future__ import annotations

import json
import unicodedata
from functools import cache
from importlib import resources

MM_PER_PT = 25.4 / 72


@cache
def _table() -> tuple[int, dict[str, dict[str, int]]]:
    raw = resources.files("docgen.rules").joinpath("data/tnr_widths.json").read_text("utf-8")
    data = json.loads(raw)
    return int(data["units_per_em"]), data["styles"]


def _style(bold: bool, italic: bool) -> str:
    return {(False, False): "regular", (True, False): "bold", (False, True): "italic"}.get(
        (bold, italic), "bolditalic"
    )


def text_width_mm(text: str, size_pt: float, *, bold: bool = False, italic: bool = False) -> float:
    """Width of `text` on one line, in millimetres. Unknown characters count as an 'M'."""
    upem, styles = _table()
    widths = styles[_style(bold, italic)]
    fallback = widths["M"]
    units = sum(widths.get(ch, fallback) for ch in unicodedata.normalize("NFC", text))
    return units / upem * size_pt * MM_PER_PT


def wrap(text: str, width_mm: float, size_pt: float, *, bold: bool = False) -> list[str]:
    """Greedy word wrap of `text` into lines no wider than `width_mm` (as a word processor does).

    A single word wider than the line stays on its own line.
    """
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if current and text_width_mm(candidate, size_pt, bold=bold) > width_mm:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines

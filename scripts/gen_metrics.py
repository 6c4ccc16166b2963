"""Regenerate docgen/rules/data/tnr_widths.json from Liberation Serif (Times New Roman metrics).

Liberation Serif 2.x is metric-compatible with Times New Roman, so its advance widths are the ones
Word and LibreOffice use to lay out our header texts. The table lets docgen size the header columns
and the short rules without any font installed. Run: .venv/bin/python scripts/gen_metrics.py
"""

from __future__ import annotations

import json
from pathlib import Path

from fontTools.ttLib import TTFont

FONT_DIR = Path("/usr/share/fonts/truetype/liberation2")
STYLES = {
    "regular": "LiberationSerif-Regular.ttf",
    "bold": "LiberationSerif-Bold.ttf",
    "italic": "LiberationSerif-Italic.ttf",
    "bolditalic": "LiberationSerif-BoldItalic.ttf",
}
CHARS = (
    [chr(c) for c in range(0x20, 0x7F)]
    + [chr(c) for c in range(0xC0, 0x180)]
    + [chr(c) for c in range(0x1A0, 0x1B1)]
    + [chr(c) for c in range(0x1EA0, 0x1EFA)]
    + list("–—‘’“”…•")
)
OUT = Path(__file__).resolve().parent.parent / "docgen" / "rules" / "data" / "tnr_widths.json"


def main() -> None:
    table: dict[str, object] = {"units_per_em": 0, "styles": {}}
    for style, file in STYLES.items():
        font = TTFont(FONT_DIR / file)
        table["units_per_em"] = font["head"].unitsPerEm
        cmap = font.getBestCmap()
        hmtx = font["hmtx"]
        widths = {ch: hmtx[cmap[ord(ch)]][0] for ch in CHARS if ord(ch) in cmap}
        table["styles"][style] = widths  # type: ignore[index]
    OUT.write_text(json.dumps(table, ensure_ascii=False, sort_keys=True, indent=0) + "\n", "utf-8")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()

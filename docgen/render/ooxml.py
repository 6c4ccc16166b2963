"""Small WordprocessingML helpers python-docx does not offer (borders, grids, fields, captions).

Trap (environment notes 5): LibreOffice lays tables out from `w:tblGrid/w:gridCol`, Word from
`w:tcW`; `set_table_widths` writes both, and a fixed layout so neither re-flows the columns.
"""

from __future__ import annotations

from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

TWIPS_PER_MM = 1440 / 25.4


def twips(mm: float) -> int:
    return round(mm * TWIPS_PER_MM)


def _child(parent: Any, tag: str, *, before: tuple[str, ...] = ()) -> Any:
    """The first `tag` child of `parent`, created (before any of `before`, else at the end)."""
    found = parent.find(qn(tag))
    if found is not None:
        return found
    element = OxmlElement(tag)
    for successor in before:
        anchor = parent.find(qn(successor))
        if anchor is not None:
            anchor.addprevious(element)
            return element
    parent.append(element)
    return element


def set_table_widths(table: Any, widths_mm: tuple[float, ...]) -> None:
    """Set the grid, every cell width, the table width and a fixed layout."""
    tbl = table._tbl
    tbl_pr = tbl.tblPr
    total = sum(twips(w) for w in widths_mm)
    tbl_w = _child(tbl_pr, "w:tblW")
    tbl_w.set(qn("w:w"), str(total))
    tbl_w.set(qn("w:type"), "dxa")
    layout = _child(tbl_pr, "w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    grid = tbl.tblGrid
    for col in list(grid):
        grid.remove(col)
    for width in widths_mm:
        col = OxmlElement("w:gridCol")
        col.set(qn("w:w"), str(twips(width)))
        grid.append(col)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=False):
            tc_w = _child(cell._tc.get_or_add_tcPr(), "w:tcW")
            tc_w.set(qn("w:w"), str(twips(width)))
            tc_w.set(qn("w:type"), "dxa")


def set_table_indent(table: Any, mm: float) -> None:
    """Start the table `mm` from the left margin (negative: into the margin)."""
    indent = _child(table._tbl.tblPr, "w:tblInd")
    indent.set(qn("w:w"), str(twips(mm)))
    indent.set(qn("w:type"), "dxa")


def table_grid_mm(table: Any) -> list[float]:
    return [int(col.get(qn("w:w"))) / TWIPS_PER_MM for col in table._tbl.tblGrid]


def hide_table_borders(table: Any) -> None:
    borders = _child(table._tbl.tblPr, "w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        edge = _child(borders, f"w:{side}")
        edge.set(qn("w:val"), "nil")


def set_caption(table: Any, caption: str) -> None:
    """Name a table (Word: Table Properties › Alt Text › Title) so code can find it after edits."""
    element = _child(table._tbl.tblPr, "w:tblCaption")
    element.set(qn("w:val"), caption)


def table_caption(table: Any) -> str:
    element = table._tbl.tblPr.find(qn("w:tblCaption"))
    return "" if element is None else str(element.get(qn("w:val")))


def keep_row_together(row: Any) -> None:
    """A row that never splits across pages (the Nơi nhận + signature block)."""
    tr_pr = row._tr.get_or_add_trPr()
    _child(tr_pr, "w:cantSplit")


def set_border(p_pr: Any, side: str, *, size_eighths: int = 6) -> None:
    """A single solid border on one side of a paragraph (rules are borders, not underscores)."""
    borders = _child(
        p_pr,
        "w:pBdr",
        before=("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:spacing", "w:ind", "w:jc", "w:rPr"),
    )
    edge = _child(borders, f"w:{side}")
    edge.set(qn("w:val"), "single")
    edge.set(qn("w:sz"), str(size_eighths))
    edge.set(qn("w:space"), "1")
    edge.set(qn("w:color"), "000000")


def add_page_field(paragraph: Any) -> None:
    """Append a PAGE field (the page number) to `paragraph`."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "2"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def set_run_fonts(r_pr: Any, font: str) -> None:
    """Name `font` for every script slot, so no character falls back to another font."""
    fonts = _child(r_pr, "w:rFonts")
    for slot in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(slot), font)

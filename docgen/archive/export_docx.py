"""python-docx layout of the printed register (see `docgen.archive.export`)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from docgen.archive.export import FONT, Cover, head_line


def _font(style: Any, size: float) -> None:
    style.font.name = FONT
    style.font.size = Pt(size)
    # python-docx sets ascii/hAnsi only; Word picks eastAsia/cs for some Vietnamese letters.
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), FONT)


def _paragraph(
    container: Any, text: str, *, bold: bool = False, size: float = 12, center: bool = True
) -> None:
    paragraph = container.add_paragraph()
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_after = Pt(0)
    paragraph.paragraph_format.space_before = Pt(0)
    run = paragraph.add_run(text)
    run.bold = bold
    run.font.size = Pt(size)


def _cell_text(cell: Any, text: str, *, bold: bool = False, center: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.paragraph_format.space_after = Pt(0)
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.bold = bold
    run.font.size = Pt(11)


def _repeat_as_header(row: Any) -> None:
    properties = row._tr.get_or_add_trPr()
    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    properties.append(marker)


def _widths(table: Any, widths_mm: Sequence[float]) -> None:
    # LibreOffice lays tables out from tblGrid/gridCol, Word from tcW: set both (trap 5).
    table.autofit = False
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=True):
            cell.width = Mm(width)


def _cover(document: Any, cover: Cover) -> None:
    for _ in range(3):
        _paragraph(document, "")
    box = document.add_table(rows=1, cols=1)
    box.style = "Table Grid"
    box.alignment = WD_TABLE_ALIGNMENT.CENTER
    _widths(box, (150,))
    cell = box.rows[0].cells[0]
    for text, bold, size in cover.lines():
        _paragraph(cell, text, bold=bold, size=size)
    _paragraph(cell, "")
    document.add_page_break()


def build_docx(cover: Cover, rows: Sequence[Sequence[str]], created: dt.datetime) -> bytes:
    """The .docx bytes (before zip normalisation) of the cover and the ten-column table."""
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin = section.right_margin = Mm(20)
    _font(document.styles["Normal"], 12)
    properties = document.core_properties
    properties.created = properties.modified = created
    properties.author = properties.last_modified_by = "docgen"
    properties.title = f"{cover.agency} — {cover.title.capitalize()} năm {cover.year}"
    properties.revision = 1

    _cover(document, cover)
    _paragraph(
        document,
        f"{TITLE_LINE} {'ĐẾN' if cover.incoming else 'ĐI'} NĂM {cover.year}",
        bold=True,
        size=14,
    )
    _paragraph(document, "")

    table = document.add_table(rows=2 + len(rows), cols=len(cover.headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, cover.headers, strict=True):
        _cell_text(cell, text, bold=True, center=True)
    for index, cell in enumerate(table.rows[1].cells, start=1):
        _cell_text(cell, f"({index})", center=True)
    _repeat_as_header(table.rows[0])
    _repeat_as_header(table.rows[1])
    for row, cells in zip(table.rows[2:], rows, strict=True):
        for position, (cell, text) in enumerate(zip(row.cells, cells, strict=True)):
            _cell_text(cell, text, center=position in cover.centred)
    _widths(table, cover.widths_mm)
    line = head_line(cover)
    if line:
        _paragraph(document, "")
        _paragraph(document, line, size=9, center=False)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


TITLE_LINE = "NỘI DUNG ĐĂNG KÝ VĂN BẢN"

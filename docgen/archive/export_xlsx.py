"""openpyxl layout of the printed register (see `docgen.archive.export`)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

from docgen.archive.export import FONT, Cover, head_line

COVER_SHEET = "Bìa"
REGISTER_SHEET = "Sổ đăng ký"
_THIN = Side(style="thin")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


def _landscape_a4(sheet: object) -> None:
    setup = sheet.page_setup  # type: ignore[attr-defined]
    setup.orientation = "landscape"
    setup.paperSize = 9  # A4
    setup.fitToWidth = 1
    setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True  # type: ignore[attr-defined]


def build_xlsx(cover: Cover, rows: Sequence[Sequence[str]], created: dt.datetime) -> bytes:
    """The .xlsx bytes (before zip normalisation): a cover sheet and the ten-column register."""
    book = Workbook()
    book.properties.created = book.properties.modified = created
    book.properties.creator = book.properties.lastModifiedBy = "docgen"

    front = book.active
    assert front is not None
    front.title = COVER_SHEET
    front.column_dimensions["A"].width = 90
    for index, (text, bold, size) in enumerate(cover.lines(), start=2):
        cell = front.cell(row=index, column=1, value=text or None)
        cell.font = Font(name=FONT, bold=bold, size=size)
        cell.alignment = Alignment(horizontal="center")
    _landscape_a4(front)

    sheet = book.create_sheet(REGISTER_SHEET)
    for column, (title, width) in enumerate(
        zip(cover.headers, cover.widths_mm, strict=True), start=1
    ):
        sheet.column_dimensions[get_column_letter(column)].width = round(width / 2.2, 1)
        head = sheet.cell(row=1, column=column, value=title)
        head.font = Font(name=FONT, bold=True, size=12)
        number = sheet.cell(row=2, column=column, value=f"({column})")
        number.font = Font(name=FONT, size=12)
        for cell in (head, number):
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            cell.border = _BOX
    for offset, cells in enumerate(rows, start=3):
        for column, text in enumerate(cells, start=1):
            cell = sheet.cell(row=offset, column=column, value=text or None)
            cell.font = Font(name=FONT, size=11)
            cell.alignment = Alignment(vertical="top", wrap_text=True)
            cell.border = _BOX
    line = head_line(cover)
    if line:
        note = sheet.cell(row=len(rows) + 4, column=1, value=line)
        note.font = Font(name=FONT, size=9)
    sheet.print_title_rows = "1:2"
    sheet.freeze_panes = "A3"
    _landscape_a4(sheet)

    out = io.BytesIO()
    # ExcelWriter directly: `Workbook.save` would stamp the current time as the modified date.
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(book, archive).save()
    return out.getvalue()

"""The forms of records management as DOCX (python-docx; docs/records/hoso.md): the cover of a
file (bìa hồ sơ), its contents list (mục lục văn bản, tài liệu, ND30 PL5) with the closing note,
the list of files handed over (mục lục hồ sơ, tài liệu nộp lưu, PL5) and the hand-over record
(biên bản giao nhận hồ sơ, tài liệu, PL5).

The columns of the three PL5 forms are the decree's (C); the cover's lines follow archival
practice (TCVN 9251:2012 was not read, U). Same facts → same bytes (fixed dates, `_stable_zip`).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.shared import Mm

from docgen.archive.export import _FIXED, _stable_zip
from docgen.archive.export_docx import _cell_text, _font, _paragraph, _repeat_as_header, _widths
from docgen.model.records import HoSo, Plan
from docgen.rules.words import number_to_words

CONTENTS_HEADERS = (
    "STT",
    "Số, ký hiệu văn bản",
    "Ngày tháng năm văn bản",
    "Tên loại và trích yếu nội dung văn bản",
    "Tác giả văn bản",
    "Tờ số/ Trang số",
    "Ghi chú",
)
#: portrait A4 between 30 and 15 mm margins: 165 mm
CONTENTS_WIDTHS_MM = (12, 26, 22, 43, 26, 17, 19)
PLAN_HEADERS = (
    "Số và ký hiệu hồ sơ",
    "Tên đề mục và tiêu đề hồ sơ",
    "Thời hạn bảo quản",
    "Người lập hồ sơ",
    "Ghi chú",
)
PLAN_WIDTHS_MM = (25, 72, 22, 28, 18)
FILE_LIST_HEADERS = (
    "Số TT",
    "Số, ký hiệu hồ sơ",
    "Tiêu đề hồ sơ",
    "Thời gian tài liệu",
    "Thời hạn bảo quản",
    "Số tờ/ Số trang",
    "Ghi chú",
)
FILE_LIST_WIDTHS_MM = (12, 31, 46, 25, 18, 15, 18)


def day(value: dt.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else "……"


def words(count: int) -> str:
    """`12` → `Mười hai` (the count written in words, capitalised)."""
    text = number_to_words(count)
    return text[:1].upper() + text[1:]


@dataclass(frozen=True)
class Header:
    """Who the form is of: the parent agency, the agency and the unit keeping the file."""

    parent: str
    agency: str
    unit_name: str = ""
    place: str = ""


@dataclass(frozen=True)
class Line:
    """One document in a file's contents list, in the file's order."""

    ordinal: int
    notation: str
    date: dt.date | None
    title: str  #: type name and trích yếu
    author: str  #: the issuing agency (tác giả)
    pages: str  #: `3-5`, the pages it takes in the file
    note: str = ""


def _document(title: str) -> Any:
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    _font(document.styles["Normal"], 13)
    properties = document.core_properties
    properties.created = properties.modified = _FIXED
    properties.author = properties.last_modified_by = "docgen"
    properties.title = title
    properties.revision = 1
    return document


def _bytes(document: Any) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return _stable_zip(out.getvalue())


def _head(document: Any, header: Header) -> None:
    if header.parent:
        _paragraph(document, header.parent.upper(), size=13)
    _paragraph(document, header.agency.upper(), bold=True, size=13)
    if header.unit_name:
        _paragraph(document, header.unit_name.upper(), bold=True, size=13)
    _paragraph(document, "")


def _left(document: Any, text: str, *, bold: bool = False, size: float = 13) -> None:
    _paragraph(document, text, bold=bold, size=size, center=False)


def _table(
    document: Any,
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths: Sequence[float],
    centred: Sequence[int],
) -> None:
    table = document.add_table(rows=2 + len(rows), cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        _cell_text(cell, text, bold=True, center=True)
    for index, cell in enumerate(table.rows[1].cells, start=1):
        _cell_text(cell, f"({index})", center=True)
    _repeat_as_header(table.rows[0])
    _repeat_as_header(table.rows[1])
    for row, cells in zip(table.rows[2:], rows, strict=True):
        for position, (cell, text) in enumerate(zip(row.cells, cells, strict=True)):
            _cell_text(cell, text, center=position in centred)
    _widths(table, widths)


def cover_docx(header: Header, hoso: HoSo) -> bytes:
    """The cover of a closed file (bìa hồ sơ): agency, unit, mã hồ sơ, title, dates, size,
    retention; `Số lưu trữ` left blank for the agency archive to fill."""
    document = _document(f"Bìa hồ sơ {hoso.notation}")
    box = document.add_table(rows=1, cols=1)
    box.style = "Table Grid"
    box.alignment = WD_TABLE_ALIGNMENT.CENTER
    _widths(box, (160,))
    cell = box.rows[0].cells[0]
    lines: list[tuple[str, bool, float, bool]] = [
        (header.parent.upper(), False, 13, True),
        (header.agency.upper(), True, 13, True),
        (header.unit_name.upper(), True, 13, True),
        ("", False, 13, True),
        (f"Mã hồ sơ: {hoso.notation}", True, 14, True),
        ("", False, 13, True),
        ("HỒ SƠ", True, 22, True),
        ("", False, 13, True),
        (hoso.title, True, 16, True),
        ("", False, 13, True),
        (f"Từ ngày {day(hoso.start_date)} đến ngày {day(hoso.end_date)}", False, 14, True),
        (f"Gồm {hoso.documents} văn bản, {hoso.pages} trang", False, 14, True),
        (f"Thời hạn bảo quản: {hoso.retention.label}", True, 14, True),
        ("", False, 13, True),
        ("Số lưu trữ: ……………………", False, 13, False),
        ("", False, 13, True),
    ]
    for text, bold, size, center in lines:
        if text or center:
            _paragraph(cell, text, bold=bold, size=size, center=center)
    return _bytes(document)


def contents_docx(header: Header, hoso: HoSo, lines: Sequence[Line]) -> bytes:
    """The file's contents list (mục lục văn bản, tài liệu; PL5 columns) and the closing note
    (chứng từ kết thúc: how many documents and pages, in figures and words)."""
    document = _document(f"Mục lục văn bản hồ sơ {hoso.notation}")
    _head(document, header)
    _paragraph(document, "MỤC LỤC VĂN BẢN, TÀI LIỆU", bold=True, size=14)
    _paragraph(document, f"Hồ sơ số: {hoso.notation}", size=13)
    _paragraph(document, hoso.title, bold=True, size=13)
    _paragraph(document, "")
    rows = [
        (str(x.ordinal), x.notation, day(x.date) if x.date else "", x.title, x.author, x.pages,
         x.note)
        for x in lines
    ]  # fmt: skip
    _table(document, CONTENTS_HEADERS, rows, CONTENTS_WIDTHS_MM, (0, 2, 5))
    _paragraph(document, "")
    _paragraph(document, "CHỨNG TỪ KẾT THÚC", bold=True, size=13)
    _left(
        document,
        f"Hồ sơ này gồm có: {hoso.documents} văn bản (viết bằng chữ: {words(hoso.documents)} "
        f"văn bản), được đánh số từ 01 đến {hoso.documents:02d}; {hoso.pages} trang (viết bằng "
        f"chữ: {words(hoso.pages)} trang).",
    )
    _left(document, f"Thời gian: từ ngày {day(hoso.start_date)} đến ngày {day(hoso.end_date)}.")
    _left(document, f"Thời hạn bảo quản: {hoso.retention.label}.")
    if hoso.note:
        _left(document, f"Ghi chú: {hoso.note}")
    _paragraph(document, "")
    _sign(document, ("NGƯỜI LẬP HỒ SƠ", hoso.maker or "(Ký, ghi rõ họ tên)"))
    return _bytes(document)


def plan_docx(header: Header, plan: Plan, makers: Sequence[str]) -> bytes:
    """The file plan as its PL5 form (danh mục hồ sơ): the five columns, each heading of the
    plan as a row of its own across them, the closing count. `makers`: column (4) of each plan
    row, in order (the person, else the unit keeping the file)."""
    document = _document(f"Danh mục hồ sơ năm {plan.year}")
    _head(document, header)
    _paragraph(document, f"DANH MỤC HỒ SƠ CỦA {header.agency.upper()}", bold=True, size=14)
    _paragraph(document, f"Năm {plan.year}", bold=True, size=13)
    _paragraph(document, "(Ban hành kèm theo Quyết định số …… ngày …… của ……)", size=13)
    _paragraph(document, "")
    rows: list[tuple[str, ...]] = []
    headings: list[tuple[int, str]] = []  # (row, heading) of each heading's own row
    for row, maker in zip(plan.rows, makers, strict=True):
        if row.heading and (not headings or headings[-1][1] != row.heading):
            headings.append((len(rows), row.heading))
            rows.append(("", "", "", "", ""))
        rows.append((row.code, row.title, row.retention.label, maker, row.note))
    _table(document, PLAN_HEADERS, rows, PLAN_WIDTHS_MM, (0, 2))
    table = document.tables[-1]
    for index, heading in headings:
        cells = table.rows[2 + index].cells
        merged = cells[0].merge(cells[-1])
        for extra in merged.paragraphs[1:]:  # the merged cells' own empty paragraphs
            extra._element.getparent().remove(extra._element)
        _cell_text(merged, heading, bold=True)
    _paragraph(document, "")
    _left(document, plan.footer())
    return _bytes(document)


def _sign(document: Any, *columns: tuple[str, str]) -> None:
    table = document.add_table(rows=2, cols=len(columns))
    for index, (title, name) in enumerate(columns):
        _cell_text(table.rows[0].cells[index], title, bold=True, center=True)
        _cell_text(table.rows[1].cells[index], f"\n\n\n{name}", center=True)
    _widths(table, [165 / len(columns)] * len(columns))


@dataclass(frozen=True)
class Handover:
    """The facts of one hand-over (nộp lưu) of a unit's closed files of a year."""

    header: Header
    year: int
    unit: str
    files: tuple[HoSo, ...]
    documents: int
    digital_items: int  #: files in the package (PDF, DOCX, metadata)
    signed: int  #: documents carrying an intact digital signature
    on: dt.date
    giver: str = ""  #: the person of the unit (Bên giao)
    receiver: str = ""  #: the person of the agency archive (Bên nhận)
    content: str = ""  #: SHA-256 of the list of the documents' files, printed to name them

    @property
    def span(self) -> tuple[dt.date | None, dt.date | None]:
        starts = [f.start_date for f in self.files if f.start_date]
        ends = [f.end_date for f in self.files if f.end_date]
        return (min(starts) if starts else None, max(ends) if ends else None)


def file_list_docx(facts: Handover) -> bytes:
    """Mục lục hồ sơ, tài liệu nộp lưu (PL5 columns); its footer gives the count in words."""
    document = _document(f"Mục lục hồ sơ nộp lưu {facts.unit} {facts.year}")
    _head(document, facts.header)
    _paragraph(document, "MỤC LỤC HỒ SƠ, TÀI LIỆU NỘP LƯU", bold=True, size=14)
    _paragraph(document, f"Năm {facts.year}", size=13)
    _paragraph(document, "")
    rows = [
        (
            str(index), f.notation, f.title, f"{day(f.start_date)} - {day(f.end_date)}",
            f.retention.label, str(f.pages), f.note,
        )
        for index, f in enumerate(facts.files, 1)
    ]  # fmt: skip
    _table(document, FILE_LIST_HEADERS, rows, FILE_LIST_WIDTHS_MM, (0, 3, 4, 5))
    _paragraph(document, "")
    count = len(facts.files)
    _left(
        document,
        f"Mục lục này gồm: {count} hồ sơ (đơn vị bảo quản). Viết bằng chữ: {words(count)} hồ sơ "
        "(đơn vị bảo quản).",
    )
    _paragraph(document, "")
    _sign(document, ("NGƯỜI LẬP", facts.giver or "(Ký, ghi rõ họ tên)"))
    return _bytes(document)


def handover_docx(facts: Handover) -> bytes:
    """Biên bản giao nhận hồ sơ, tài liệu (PL5): the bases, the two sides, the batch's name,
    time span, quantity (electronic: files and digital items), condition, the attached list."""
    header = facts.header
    document = _document(f"Biên bản giao nhận hồ sơ {facts.unit} {facts.year}")
    _paragraph(document, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, size=13)
    _paragraph(document, "Độc lập - Tự do - Hạnh phúc", bold=True, size=14)
    _paragraph(document, "")
    _paragraph(document, header.agency.upper(), bold=True, size=13)
    _paragraph(document, "")
    _paragraph(document, "BIÊN BẢN", bold=True, size=14)
    _paragraph(document, "Về việc giao nhận hồ sơ, tài liệu", bold=True, size=14)
    _paragraph(document, "")
    first, last = facts.span
    lines = [
        "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác "
        "văn thư;",
        f"Căn cứ Danh mục hồ sơ năm {facts.year} của {header.agency};",
        f"Hôm nay, ngày {day(facts.on)}, tại {header.place or '……'}, chúng tôi gồm:",
        f"BÊN GIAO: {header.unit_name or facts.unit}, đại diện là ông (bà): "
        f"{facts.giver or '……………………'}",
        f"BÊN NHẬN: Lưu trữ cơ quan, đại diện là ông (bà): {facts.receiver or '……………………'}",
        "Thống nhất lập biên bản giao nhận tài liệu với những nội dung như sau:",
        f"1. Tên khối tài liệu giao nộp: hồ sơ, tài liệu của {header.unit_name or facts.unit} "
        f"năm {facts.year}.",
        f"2. Thời gian của tài liệu: từ ngày {day(first)} đến ngày {day(last)}.",
        f"3. Số lượng tài liệu điện tử: {len(facts.files)} hồ sơ ({words(len(facts.files))} hồ "
        f"sơ), {facts.documents} văn bản, {facts.digital_items} tệp.",
        f"4. Tình trạng tài liệu giao nộp: mọi tệp có mã kiểm tra SHA-256 trong bảng kê của gói "
        f"nộp lưu; {facts.signed} văn bản có chữ ký số còn nguyên vẹn.",
        "5. Mục lục hồ sơ, tài liệu nộp lưu kèm theo.",
        "Biên bản này được lập thành hai bản; bên giao giữ một bản, bên nhận giữ một bản.",
    ]
    for text in lines:
        _left(document, text)
    if facts.content:
        _left(document, f"Mã kiểm tra danh sách tệp (SHA-256): {facts.content}", size=10)
    _paragraph(document, "")
    _sign(
        document,
        ("ĐẠI DIỆN BÊN GIAO", facts.giver or "(Ký, ghi rõ họ tên)"),
        ("ĐẠI DIỆN BÊN NHẬN", facts.receiver or "(Ký, ghi rõ họ tên)"),
    )
    return _bytes(document)

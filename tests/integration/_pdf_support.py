"""Test material for the PDF tests: small dispatches built with python-docx and converted by the
real LibreOffice, a fake PKI and specimen images (all created by the tests themselves)."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.shared import Mm, Pt

POSITION = "TRƯỞNG BAN"
NAME = "Lê Quang Long"
NUMBER = "05/BQL-KHTH"
AGENCY = "BAN QUẢN LÝ DỰ ÁN ĐẦU TƯ XÂY DỰNG"
BODY = (
    "Ban Quản lý dự án đề nghị các đơn vị phối hợp thực hiện kế hoạch đầu tư năm 2024 theo đúng "
    "tiến độ đã được phê duyệt, bảo đảm chất lượng, tiết kiệm và hiệu quả sử dụng vốn ngân sách."
)
#: Body paragraphs for a 1-page and a 3-page dispatch (the signature block ends the last page).
PARAGRAPHS = {1: 3, 3: 25}


def _cell_text(cell: object, text: str, *, bold: bool = False, size: float = 13) -> None:
    paragraph = cell.paragraphs[0]  # type: ignore[attr-defined]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.bold = bold
    run.font.size = Pt(size)


def build_dispatch(path: Path, paragraphs: int) -> Path:
    """A công văn with a header (Số, V/v), `paragraphs` body paragraphs and a signature block."""
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(14)
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    header = doc.add_table(rows=2, cols=2)
    _cell_text(header.cell(0, 0), AGENCY, bold=True, size=12)
    _cell_text(header.cell(0, 1), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, size=12)
    _cell_text(header.cell(1, 0), f"Số: {NUMBER}")
    _cell_text(header.cell(1, 1), "Hà Nội, ngày 05 tháng 3 năm 2024")
    vv = header.cell(1, 0).add_paragraph("V/v phối hợp thực hiện kế hoạch")
    vv.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for _ in range(4):  # room for the secrecy and urgency stamps (ô 10a/10b) under the V/v line
        header.cell(1, 0).add_paragraph("")
    doc.add_paragraph("Kính gửi: Các đơn vị trực thuộc.").alignment = WD_ALIGN_PARAGRAPH.CENTER
    for i in range(paragraphs):
        doc.add_paragraph(f"{i + 1}. {BODY}").alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    block = doc.add_table(rows=1, cols=2)
    # Keep the signature block on one page, as a real template must (w:cantSplit on the row).
    row_props = block.rows[0]._tr.get_or_add_trPr()
    row_props.append(OxmlElement("w:cantSplit"))
    left, right = block.rows[0].cells
    left.paragraphs[0].add_run("Nơi nhận:").bold = True
    left.add_paragraph("- Như trên;")
    left.add_paragraph("- Lưu: VT, KHTH.")
    _cell_text(right, POSITION, bold=True, size=14)
    for _ in range(5):
        right.add_paragraph("")
    name = right.add_paragraph()
    name.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = name.add_run(NAME)
    run.bold = True
    run.font.size = Pt(14)
    doc.save(str(path))
    return path


def convert(docx_files: list[Path], out_dir: Path) -> list[Path]:
    """PDFs of `docx_files` made by the real LibreOffice (the lead's converter)."""
    if shutil.which("soffice") is None and shutil.which("libreoffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed; `make test` installs it")
    from docgen.render.convert import convert_many

    return convert_many(docx_files, out_dir)


@dataclass(frozen=True)
class Material:
    """The fake PKI and specimen images, made once per test session."""

    root: Path
    p12: Path
    password: str
    seal: Path
    signature: Path


def flip_byte_in_first_stream(pdf: Path, out: Path) -> int:
    """Copy `pdf` to `out` with one byte changed inside the first stream's data; returns its offset.

    A stream's data lies inside the range a signature covers and is not structure, so the file
    still opens: only the digest can tell.
    """
    data = bytearray(pdf.read_bytes())
    start = data.index(b"stream\n") + len(b"stream\n") + 10
    data[start] ^= 0x01
    out.write_bytes(bytes(data))
    return start

"""The reference dispatch (tests/fixtures/reference/…txt) reproduced paragraph by paragraph, and its format
checked from the generated DOCX itself (ND30 PL1 I–II; docs/format/)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import docx
import pytest

from docgen.render.geometry import CELL_PAD_MM, QUOC_HIEU, TIEU_NGU
from docgen.rules.metrics import text_width_mm
from tests.conftest import FIXTURES
from tests.support import docx_props as props

REFERENCE_TXT = FIXTURES / "reference" / "bql-khth-moi-xet-chon-spcncl.txt"

#: Where the generator follows the decree instead of the reference copy, and why.
EXCEPTIONS = {
    # PL1 II.1.a writes the Quốc hiệu with the tone on "ò"; the reference writes "CỘNG HOÀ".
    "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM": "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
}


def collapse(text: str) -> str:
    """One space between words: blank number/day placeholders and line breaks compare equal."""
    return " ".join(text.split())


#: Lines of the plain-text copy that start a paragraph of their own inside a block of lines: the
#: parent agency (ô 2 has two components, the parent and the issuing agency) and dashed items.
STARTS_PARAGRAPH = re.compile(r"^- ")
WHOLE_PARAGRAPH = {"UBND THÀNH PHỐ HÀ NỘI"}


def reference_paragraphs() -> list[str]:
    """The reference text as paragraphs: wrapped lines joined, Markdown emphasis stripped."""
    paragraphs: list[str] = []
    for block in REFERENCE_TXT.read_text("utf-8").split("\n\n"):
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        if not lines:
            continue
        # The plain-text copy breaks one body paragraph at a page end ("… trong Hướng" / "dẫn số …"):
        # a block starting in lower case continues the previous paragraph.
        current: list[str] = [paragraphs.pop()] if lines[0][0].islower() else []
        for line in lines:
            if (STARTS_PARAGRAPH.match(line) or line in WHOLE_PARAGRAPH) and current:
                paragraphs.append(collapse(" ".join(current)))
                current = []
            current.append(line)
            if line in WHOLE_PARAGRAPH:
                paragraphs.append(line)
                current = []
        if current:
            paragraphs.append(collapse(" ".join(current)))
    return [EXCEPTIONS.get(p, re.sub(r"\*\*?", "", p)) for p in paragraphs]


def generated_paragraphs(document: Any) -> list[str]:
    """Every non-empty paragraph in reading order: tables cell by cell, left to right."""
    out: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        if child.tag.endswith("}p"):
            paragraphs = [docx.text.paragraph.Paragraph(child, document)]
        elif child.tag.endswith("}tbl"):
            table = docx.table.Table(child, document)
            paragraphs = [p for row in table.rows for cell in row.cells for p in cell.paragraphs]
        else:
            continue
        out.extend(collapse(p.text) for p in paragraphs if p.text.strip())
    return out


@pytest.fixture(scope="module")
def document(reference_draft: Path) -> Any:
    return docx.Document(str(reference_draft))


def test_every_paragraph_equals_the_reference(document: Any) -> None:
    assert generated_paragraphs(document) == reference_paragraphs()


def test_exceptions_are_the_only_departures(document: Any) -> None:
    raw = [collapse(b) for b in REFERENCE_TXT.read_text("utf-8").split("\n\n") if b.strip()]
    generated = set(generated_paragraphs(document))
    for reference, canonical in EXCEPTIONS.items():
        assert reference in raw and reference not in generated and canonical in generated


def test_emphasis_runs_are_kept(document: Any) -> None:
    runs = [r for p in document.paragraphs for r in p.runs]
    assert any(r.text == "được gửi kèm theo" and r.italic for r in runs)
    assert any(r.text == "31/7/2024" and r.bold for r in runs)


def _paragraph(document: Any, startswith: str) -> Any:
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                for p in cell.paragraphs:
                    if p.text.startswith(startswith):
                        return p
    for p in document.paragraphs:
        if p.text.startswith(startswith):
            return p
    raise AssertionError(f"no paragraph starts with {startswith!r}")


def test_page_setup_is_a4_with_margins_in_range(document: Any) -> None:
    section = document.sections[0]
    assert (
        round(props.mm(section.page_width)) == 210 and round(props.mm(section.page_height)) == 297
    )
    assert 20 <= round(props.mm(section.top_margin), 1) <= 25
    assert 20 <= round(props.mm(section.bottom_margin), 1) <= 25
    assert 30 <= round(props.mm(section.left_margin), 1) <= 35
    assert 15 <= round(props.mm(section.right_margin), 1) <= 20
    assert section.different_first_page_header_footer  # page number hidden on page 1


# (start of paragraph, size pt, bold, italic) per component, size profile "14"
# (docs/format/README.md)
COMPONENTS = [
    ("UBND THÀNH PHỐ", 13, False, False),  # ô 2 parent
    ("BAN QUẢN LÝ", 13, True, False),  # ô 2 agency
    ("CỘNG HÒA", 13, True, False),  # ô 1 Quốc hiệu
    ("Độc lập", 14, True, False),  # ô 1 Tiêu ngữ
    ("Số:", 13, False, False),  # ô 3
    ("V/v", 13, False, False),  # ô 5b
    ("Hà Nội, ngày", 14, False, True),  # ô 4
    ("Kính gửi:", 14, False, False),  # ô 9a
    ("Thực hiện Kế hoạch", 14, False, False),  # ô 6
    ("Nơi nhận:", 12, True, True),  # ô 9b label
    ("- Sở Công Thương;", 11, False, False),  # ô 9b item
    ("- Lưu: VT, KHTH.", 11, False, False),  # ô 9b last line
    ("TRƯỞNG BAN", 14, True, False),  # ô 7a
    ("Lê Quang Long", 14, True, False),  # ô 7b
]


@pytest.mark.parametrize(("start", "size", "bold", "italic"), COMPONENTS)
def test_component_font_size_and_style(
    document: Any, start: str, size: float, bold: bool, italic: bool
) -> None:
    paragraph = _paragraph(document, start)
    assert props.fonts(document, paragraph) == {"Times New Roman"}
    assert props.size_pt(document, paragraph) == size
    assert props.flag(paragraph, "bold") is bold
    assert props.flag(paragraph, "italic") is italic


def test_body_is_justified_indented_and_spaced(document: Any) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    body = _paragraph(document, "Thực hiện Kế hoạch")
    assert props.paragraph_format(body, "alignment") == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert round(props.mm(props.paragraph_format(body, "first_line_indent")), 1) in (10.0, 12.7)
    assert props.paragraph_format(body, "space_after").pt >= 6
    assert 1.0 <= props.paragraph_format(body, "line_spacing") <= 1.5


def _grid(table: Any) -> list[float]:
    from docgen.render.ooxml import table_grid_mm

    return table_grid_mm(table)


def test_header_table_fits_the_quoc_hieu_and_sets_grid_and_cell_widths(document: Any) -> None:
    from docx.oxml.ns import qn

    header = document.tables[0]
    grid = _grid(header)
    assert len(grid) == 2
    assert grid[1] - 2 * CELL_PAD_MM >= text_width_mm(QUOC_HIEU, 13, bold=True)
    for row in header.rows:  # tcW agrees with gridCol (LibreOffice reads the grid, Word tcW)
        for cell, width in zip(row.cells, grid, strict=True):
            tc_w = cell._tc.tcPr.find(qn("w:tcW"))
            assert abs(int(tc_w.get(qn("w:w"))) / 56.6929 - width) < 0.1


def _rule_length(document: Any, style_id: str, cell_width: float) -> float:
    paragraph = next(
        p
        for row in document.tables[0].rows
        for c in row.cells
        for p in c.paragraphs
        if p.style.style_id == style_id
    )
    assert paragraph.text == ""
    p_pr = paragraph.style.element.pPr
    assert p_pr.find(docx.oxml.ns.qn("w:pBdr")) is not None  # a drawn border, not underscores
    left = props.mm(props.paragraph_format(paragraph, "left_indent"))
    right = props.mm(props.paragraph_format(paragraph, "right_indent"))
    return cell_width - 2 * CELL_PAD_MM - left - right


def test_rule_under_tieu_ngu_is_as_long_as_the_tieu_ngu(document: Any) -> None:
    length = _rule_length(document, "ND30KeNganTieuNgu", _grid(document.tables[0])[1])
    assert abs(length - text_width_mm(TIEU_NGU, 14, bold=True)) < 0.5


def test_rule_under_agency_is_a_third_to_a_half_of_its_line(document: Any) -> None:
    length = _rule_length(document, "ND30KeNganCoQuan", _grid(document.tables[0])[0])
    longest = max(
        text_width_mm(line, 13, bold=True)
        for line in ("BAN QUẢN LÝ CÁC KHU CÔNG", "NGHIỆP VÀ CHẾ XUẤT HÀ NỘI")
    )
    assert longest / 3 <= length <= longest / 2


def test_number_and_date_share_a_row_and_vv_sits_6pt_under_the_number(document: Any) -> None:
    header = document.tables[0]
    second = header.rows[1].cells
    assert second[0].paragraphs[0].text.startswith("Số:")
    assert second[1].paragraphs[0].text.startswith("Hà Nội, ngày")
    vv = _paragraph(document, "V/v")
    assert props.paragraph_format(vv, "space_before").pt == 6
    assert vv._p.pPr.find(docx.oxml.ns.qn("w:pBdr")) is None  # no rule under V/v


def test_signature_block_and_noi_nhan_never_split(document: Any) -> None:
    from docx.oxml.ns import qn

    bottom = document.tables[-1]
    assert bottom.rows[0]._tr.trPr.find(qn("w:cantSplit")) is not None
    left, right = bottom.rows[0].cells
    assert left.paragraphs[0].text == "Nơi nhận:"
    assert right.paragraphs[0].text == "TRƯỞNG BAN"  # the label is level with the first 7a line

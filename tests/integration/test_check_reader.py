"""`read_docx` on Word files made in other ways than ours: formatting from the style chain, the
document defaults and the theme; complex fields; tracked changes; drawn lines; and the three ways of
drawing a short rule (paragraph border, underscores, a line shape) measured against the decree."""

from __future__ import annotations

import io
from dataclasses import replace
from typing import Any

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.shared import Pt

from docgen.render.inspect import read_docx
from docgen.rules.check.page import estimate_pages
from docgen.services.check import check_docx
from tests.integration.check_docs import BODY, Rule, Spec, build

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def save(doc: Any) -> bytes:
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def test_run_formatting_comes_from_direct_then_style_chain_then_defaults() -> None:
    doc = docx.Document()
    doc.styles["Normal"].font.name = "Times New Roman"
    doc.styles["Normal"].font.size = Pt(13)
    base = doc.styles.add_style("Agency base", WD_STYLE_TYPE.PARAGRAPH)
    base.base_style = doc.styles["Normal"]
    base.font.bold = True
    agency = doc.styles.add_style("Agency", WD_STYLE_TYPE.PARAGRAPH)
    agency.base_style = base
    agency.font.italic = True
    doc.add_paragraph("BAN QUẢN LÝ", style="Agency")
    p = doc.add_paragraph("không đậm", style="Agency")
    p.runs[0].font.bold = False
    p.runs[0].font.size = Pt(12)
    doc.add_paragraph("mặc định")  # Normal: size from the style, font from the style
    first, second, third = read_docx(save(doc)).paragraphs
    assert (first.runs[0].bold, first.runs[0].italic, first.runs[0].size) == (True, True, 13.0)
    assert (second.runs[0].bold, second.runs[0].italic, second.runs[0].size) == (False, True, 12.0)
    assert (third.runs[0].font, third.runs[0].size, third.runs[0].bold) == (
        "Times New Roman",
        13.0,
        False,
    )


def test_theme_font_is_resolved_and_reported() -> None:
    doc = docx.Document()
    doc.add_paragraph("Văn bản gõ bằng phông mặc định")
    view = read_docx(save(doc))
    assert view.paragraphs[0].runs[0].font == "Cambria"  # python-docx's theme minor font
    report = check_docx(save(doc))
    assert "font_is_tnr" in report.rules()


def test_hyperlinks_and_insertions_count_deletions_do_not() -> None:
    doc = docx.Document()
    p = doc.add_paragraph()
    p._p.append(parse_xml(f"<w:hyperlink {W_NS}><w:r><w:t>Kính </w:t></w:r></w:hyperlink>"))
    p._p.append(
        parse_xml(f'<w:ins {W_NS} w:id="1" w:author="a"><w:r><w:t>gửi:</w:t></w:r></w:ins>')
    )
    p._p.append(
        parse_xml(
            f'<w:del {W_NS} w:id="2" w:author="a"><w:r><w:delText>xóa</w:delText></w:r></w:del>'
        )
    )
    assert read_docx(save(doc)).paragraphs[0].text == "Kính gửi:"


def test_complex_page_field_in_header_is_a_page_number() -> None:
    spec = replace(Spec(), page_number=None)
    doc = docx.Document(io.BytesIO(build(spec)))
    paragraph = doc.sections[0].header.paragraphs[0]
    paragraph.alignment = 1
    for xml in (
        f'<w:r {W_NS}><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman"/>'
        '<w:sz w:val="28"/></w:rPr><w:fldChar w:fldCharType="begin"/></w:r>',
        f'<w:r {W_NS}><w:instrText xml:space="preserve"> PAGE   \\* MERGEFORMAT </w:instrText></w:r>',
        f'<w:r {W_NS}><w:fldChar w:fldCharType="separate"/></w:r>',
        f'<w:r {W_NS}><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman"/>'
        '<w:sz w:val="28"/></w:rPr><w:t>2</w:t></w:r>',
        f'<w:r {W_NS}><w:fldChar w:fldCharType="end"/></w:r>',
    ):
        paragraph._p.append(parse_xml(xml))
    data = save(doc)
    header = read_docx(data).sections[0].header("default")
    assert header is not None and header[0].page_field
    assert check_docx(data).findings == ()


def test_vml_line_is_measured() -> None:
    doc = docx.Document()
    p = doc.add_paragraph()
    p._p.append(
        parse_xml(
            f'<w:r {W_NS} xmlns:v="urn:schemas-microsoft-com:vml"><w:pict>'
            '<v:line from="0,0" to="159pt,0"/></w:pict></w:r>'
        )
    )
    (length,) = read_docx(save(doc)).paragraphs[0].shapes_mm
    assert length == pytest.approx(159 * 25.4 / 72)


def test_a_long_document_without_page_number_is_an_error() -> None:
    long = replace(Spec(), body=BODY[:1] * 12 + BODY[1:], page_number=None)
    data = build(long)
    assert estimate_pages(read_docx(data)) > 1
    found = [f for f in check_docx(data).findings if f.rule == "page_number_present"]
    assert [f.severity.value for f in found] == ["error"]


def test_page_number_in_the_footer_is_an_error() -> None:
    found = check_docx(build(replace(Spec(), page_number="footer"))).findings
    assert [(f.rule, f.severity.value) for f in found] == [("page_number_present", "error")]


@pytest.mark.parametrize("how", ["border", "underscore", "shape"])
@pytest.mark.parametrize(
    ("tieu_ngu", "agency", "bad"),
    [
        (1.0, 0.4, set()),
        (1.0, 1 / 3, set()),
        (1.0, 0.5, set()),
        (0.7, 0.4, {"tieu_ngu_rule"}),
        (1.3, 0.4, {"tieu_ngu_rule"}),
        (1.0, 0.25, {"agency_rule"}),
        (1.0, 0.7, {"agency_rule"}),
    ],
)
def test_short_rules_drawn_any_way_are_measured(
    how: str, tieu_ngu: float, agency: float, bad: set[str]
) -> None:
    spec = replace(Spec(), tieu_ngu_rule=Rule(how, tieu_ngu), agency_rule=Rule(how, agency))
    assert check_docx(build(spec)).rules() == bad


def test_bottom_border_on_the_text_itself_spans_the_cell() -> None:
    doc = docx.Document(io.BytesIO(build(replace(Spec(), tieu_ngu_rule=None))))
    tieu_ngu = next(p for p in doc.tables[0].rows[0].cells[1].paragraphs if "Hạnh phúc" in p.text)
    tieu_ngu._p.get_or_add_pPr().append(
        parse_xml(f'<w:pBdr {W_NS}><w:bottom w:val="single" w:sz="6" w:space="1"/></w:pBdr>')
    )
    found = [f for f in check_docx(save(doc)).findings if f.rule == "tieu_ngu_rule"]
    assert len(found) == 1 and "đường kẻ dài 99.2 mm" in found[0].found


def test_header_typed_on_tabbed_lines_is_read_column_by_column() -> None:
    doc = docx.Document()
    doc.styles["Normal"].font.name = "Times New Roman"
    for text, size, bold, italic in (
        ("UBND TỈNH NAM ĐỊNH\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 13, True, False),
        ("SỞ TÀI CHÍNH\tĐộc lập - Tự do - Hạnh phúc", 13, True, False),
        ("Số: 05/STC-VP\tNam Định, ngày 05 tháng 3 năm 2024", 13, False, False),
    ):
        run = doc.add_paragraph().add_run(text)
        run.font.size, run.font.bold, run.font.italic = Pt(size), bold, italic
    rules = check_docx(save(doc)).rules()
    assert "header_two_columns" in rules
    assert {
        "quoc_hieu_spelling",
        "tieu_ngu_format",
        "number_format",
        "date_line_format",
    } & rules == set()
    assert "date_same_row_as_number" not in rules


def test_noi_nhan_typed_as_a_word_bulleted_list_reads_with_its_dashes() -> None:
    doc = docx.Document(io.BytesIO(build(Spec())))
    numbering = doc.part.numbering_part.element
    numbering.append(
        parse_xml(
            f'<w:abstractNum {W_NS} w:abstractNumId="90"><w:lvl w:ilvl="0">'
            '<w:numFmt w:val="bullet"/><w:lvlText w:val="-"/></w:lvl></w:abstractNum>'
        )
    )
    numbering.append(parse_xml(f'<w:num {W_NS} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    items = [p for p in doc.tables[1].rows[0].cells[0].paragraphs if p.text.startswith("- ")]
    for paragraph in items:
        paragraph.runs[0].text = paragraph.runs[0].text.removeprefix("- ")
        paragraph._p.get_or_add_pPr().append(
            parse_xml(f'<w:numPr {W_NS}><w:ilvl w:val="0"/><w:numId w:val="90"/></w:numPr>')
        )
    data = save(doc)
    texts = [p.text for p in read_docx(data).paragraphs if p.table == 1 and p.col == 0]
    assert texts == ["Nơi nhận:", "- Như trên;", "- Sở Tài chính;", "- Lưu: VT, KHTH."]
    assert check_docx(data).findings == ()


def test_damaged_attribute_values_do_not_stop_the_check() -> None:
    doc = docx.Document(io.BytesIO(build(Spec())))
    spacing = doc.paragraphs[-1]._p.pPr.find(qn("w:spacing"))
    spacing.set(qn("w:after"), "lots")
    spacing.set(qn("w:line"), "?")
    doc.paragraphs[0].runs[0]._r.rPr.find(qn("w:sz")).set(qn("w:val"), "big")
    cell = doc.tables[0].rows[0].cells[0]._tc
    cell.get_or_add_tcPr().append(parse_xml(f'<w:gridSpan {W_NS} w:val="x"/>'))
    report = check_docx(save(doc))
    # the damaged size of "Kính gửi" reads as Word's default, 10 pt
    assert [f.found for f in report.findings if f.rule == "kinh_gui_style"] == ["Kính gửi cỡ 10 pt"]

"""Hand-typed Word files for the checker tests, built with python-docx and direct formatting only
(no ND30 styles), as a clerk would type them. `Spec()` is a correct one-page công văn; each test
changes one field to break one rule."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from docgen.rules.metrics import text_width_mm

QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"
PAD_MM = 108 / 56.6929
ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "both": WD_ALIGN_PARAGRAPH.JUSTIFY,
}
BODY = (
    "Thực hiện Kế hoạch số 12/KH-UBND ngày 10/01/2024 của UBND Thành phố về phát triển công "
    "nghiệp năm 2024, Sở Công Thương tổ chức hội nghị tổng kết giai đoạn 2018-2023 và đề nghị các "
    "đơn vị gửi báo cáo trước ngày 30/4/2024.",
    "Đề nghị các đơn vị phối hợp thực hiện./.",
)


CAN_CU_BODY = (
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
    "Căn cứ Quyết định số 15/QĐ-UBND ngày 05/01/2024 của UBND Thành phố về việc quy định chức "
    "năng, nhiệm vụ của Sở Công Thương;",
    "Theo đề nghị của Chánh Văn phòng Sở.",
    "Điều 1. Ban hành kèm theo Quyết định này Quy chế làm việc của Sở Công Thương.",
    "Điều 2. Quyết định này có hiệu lực kể từ ngày ký./.",
)


@dataclass(frozen=True)
class Rule:
    """How a short rule is drawn: a border on an empty paragraph, underscores or a drawn line;
    `share` is its length as a fraction of the text line above it."""

    how: str = "border"
    share: float = 1.0


@dataclass(frozen=True)
class AppendixSpec:
    """A correct phụ lục typed in a file of its own (PL1 III.1): label, title, reference line."""

    label: str = "Phụ lục I"
    label_size: float = 14
    title: str = "DANH SÁCH ĐƠN VỊ THAM GIA HỘI NGHỊ"
    title_bold: bool = True
    reference: str = (
        "(Kèm theo Công văn số 05/SCT-KHTH ngày 05 tháng 3 năm 2024 của Sở Công Thương)"
    )
    reference_italic: bool = True


@dataclass(frozen=True)
class Spec:
    page: tuple[float, float] = (210, 297)
    margins: tuple[float, float, float, float] = (20, 20, 30, 15)  # top, bottom, left, right
    font: str = "Times New Roman"
    header_table: bool = True
    header_cols: tuple[float, float] = (62.0, 103.0)
    parent: str = "UBND THÀNH PHỐ HÀ NỘI"
    parent_size: float = 13
    agency: str = "SỞ CÔNG THƯƠNG"
    agency_size: float = 13
    agency_rule: Rule | None = Rule("border", 0.4)
    quoc_hieu: str = QUOC_HIEU
    qh_bold: bool = True
    tieu_ngu: str = TIEU_NGU
    tn_size: float = 14
    tieu_ngu_rule: Rule | None = Rule("border", 1.0)
    so: str | None = "Số: 05/SCT-KHTH"
    so_size: float = 13
    vv: str | None = "V/v tổ chức hội nghị tổng kết"
    vv_bold: bool = False
    vv_before: float = 6
    date: str = "Hà Nội, ngày 05 tháng 3 năm 2024"
    date_italic: bool = True
    date_in_first_row: bool = False
    title: str | None = None
    title_bold: bool = True
    trich_yeu: str = "Về việc ban hành Quy chế làm việc của Sở Công Thương"
    trich_size: float = 14
    trich_rule: Rule | None = Rule("border", 0.4)
    kinh_gui: tuple[str, ...] = ("Kính gửi: Sở Tài chính",)
    kg_size: float = 14
    body: tuple[str, ...] = BODY
    body_size: float = 14
    body_align: str = "both"
    body_indent_mm: float = 12.7
    body_color: str | None = None
    can_cu_italic: bool = True
    noi_nhan: str | None = "Nơi nhận:"
    nn_label_size: float = 12
    nn_items: tuple[str, ...] = ("- Như trên;", "- Sở Tài chính;", "- Lưu: VT, KHTH.")
    nn_items_size: float = 11
    signature: tuple[str, ...] = ("GIÁM ĐỐC",)
    signer: str = "Nguyễn Văn An"
    sig_size: float = 14
    page_number: str | None = "header"
    pn_size: float = 14
    title_page: bool = True
    appendix: AppendixSpec | None = None  #: a phụ lục file instead of a công văn
    extra: dict[str, Any] = field(default_factory=dict)


def named(**changes: Any) -> Spec:
    """A correct quyết định (a named type with a title and a trích yếu) with `changes`."""
    base: dict[str, Any] = {
        "so": "Số: 05/QĐ-SCT",
        "vv": None,
        "title": "QUYẾT ĐỊNH",
        "kinh_gui": (),
        "nn_items": ("- Các phòng thuộc Sở;", "- Lưu: VT, VP."),
        "body": CAN_CU_BODY,
    }
    base.update(changes)
    return Spec(**base)


def appendix(**changes: Any) -> Spec:
    """A correct phụ lục file (no header, number or signature) with `changes` to its head."""
    return Spec(appendix=AppendixSpec(**changes))


def _run(paragraph: Any, text: str, spec: Spec, size: float, **style: Any) -> Any:
    run = paragraph.add_run(text)
    run.font.name = spec.font
    run.font.size = Pt(size)
    run.font.bold = style.get("bold", False)
    run.font.italic = style.get("italic", False)
    if style.get("color"):
        run.font.color.rgb = RGBColor.from_string(style["color"])
    return run


def _para(
    container: Any, text: str, spec: Spec, size: float, align: str = "center", **style: Any
) -> Any:
    paragraph = container.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.alignment = ALIGN[align]
    fmt.space_before = Pt(style.pop("before", 0))
    fmt.space_after = Pt(style.pop("after", 0))
    fmt.line_spacing = style.pop("line", 1.0)
    if "indent" in style:
        fmt.first_line_indent = Mm(style.pop("indent"))
    if text:
        _run(paragraph, text, spec, size, **style)
    return paragraph


def _border(paragraph: Any, side: str = "top") -> None:
    p_pr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    edge = OxmlElement(f"w:{side}")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        edge.set(qn(key), value)
    borders.append(edge)
    p_pr.insert(0, borders)


def line_drawing(length_mm: float) -> Any:
    """A run holding a DrawingML straight line `length_mm` long (as Word's Insert › Shapes › Line)."""
    cx = int(length_mm * 36000)
    return parse_xml(
        '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
        'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        f'<w:drawing><wp:inline><wp:extent cx="{cx}" cy="0"/><wp:docPr id="1" name="Line"/>'
        '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/'
        'wordprocessingShape"><wps:wsp><wps:cNvCnPr/><wps:spPr><a:xfrm><a:off x="0" y="0"/>'
        f'<a:ext cx="{cx}" cy="0"/></a:xfrm><a:prstGeom prst="line"><a:avLst/></a:prstGeom>'
        "</wps:spPr><wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:inline></w:drawing>"
        "</w:r>"
    )


def _rule(cell: Any, spec: Spec, rule: Rule | None, text_mm: float, cell_mm: float) -> None:
    if rule is None:
        return
    length = text_mm * rule.share
    if rule.how == "border":
        p = _para(cell, "", spec, 6)
        side = (cell_mm - 2 * PAD_MM - length) / 2
        p.paragraph_format.left_indent = Mm(side)
        p.paragraph_format.right_indent = Mm(side)
        _border(p)
    elif rule.how == "underscore":
        count = round(length / text_width_mm("_", 13))
        _para(cell, "_" * count, spec, 13)
    else:
        p = _para(cell, "", spec, 6)
        p._p.append(line_drawing(length))


def _widths(table: Any, cols: tuple[float, ...]) -> None:
    grid = table._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), cols, strict=True):
        col.set(qn("w:w"), str(round(width * 56.6929)))
    for row in table.rows:
        for cell, width in zip(row.cells, cols, strict=True):
            cell.width = Mm(width)


def _header(doc: Any, spec: Spec) -> None:
    if spec.header_table:
        table = doc.add_table(rows=2, cols=2)
        _widths(table, spec.header_cols)
        left, right = table.rows[0].cells
        left2, right2 = table.rows[1].cells
        for cell in (left, right, left2, right2):
            cell._tc.remove(cell.paragraphs[0]._p)
    else:
        left = right = left2 = right2 = doc
    cols = spec.header_cols if spec.header_table else (165.0, 165.0)
    if spec.parent:
        _para(left, spec.parent, spec, spec.parent_size)
    if spec.agency:
        _para(left, spec.agency, spec, spec.agency_size, bold=True)
        width = text_width_mm(spec.agency, spec.agency_size, bold=True)
        _rule(left, spec, spec.agency_rule, width, cols[0])
    if spec.quoc_hieu:
        _para(right, spec.quoc_hieu, spec, 13, bold=spec.qh_bold)
    if spec.tieu_ngu:
        _para(right, spec.tieu_ngu, spec, spec.tn_size, bold=True)
        width = text_width_mm(spec.tieu_ngu, spec.tn_size, bold=True)
        _rule(right, spec, spec.tieu_ngu_rule, width, cols[1])
    if spec.so is not None:
        _para(left2, spec.so, spec, spec.so_size, before=6)
    if spec.vv is not None:
        _para(left2, spec.vv, spec, 13, before=spec.vv_before, bold=spec.vv_bold)
    _para(
        right if spec.date_in_first_row else right2,
        spec.date,
        spec,
        14,
        before=6,
        italic=spec.date_italic,
    )


def _page_number(doc: Any, spec: Spec) -> None:
    section = doc.sections[0]
    section.different_first_page_header_footer = spec.title_page
    if spec.page_number is None:
        return
    part = section.header if spec.page_number == "header" else section.footer
    paragraph = part.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    paragraph._p.append(field)
    _run(paragraph, "", spec, spec.pn_size)._r.getparent().remove(paragraph.runs[-1]._r)
    run = OxmlElement("w:r")
    r_pr = OxmlElement("w:rPr")
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), str(int(spec.pn_size * 2)))
    fonts = OxmlElement("w:rFonts")
    fonts.set(qn("w:ascii"), spec.font)
    fonts.set(qn("w:hAnsi"), spec.font)
    r_pr.append(fonts)
    r_pr.append(size)
    run.append(r_pr)
    text = OxmlElement("w:t")
    text.text = "2"
    run.append(text)
    field.append(run)


def build(spec: Spec) -> bytes:
    """The .docx bytes of `spec`."""
    doc = docx.Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(spec.page[0]), Mm(spec.page[1])
    top, bottom, left, right = spec.margins
    section.top_margin, section.bottom_margin = Mm(top), Mm(bottom)
    section.left_margin, section.right_margin = Mm(left), Mm(right)
    if spec.appendix is not None:
        _appendix_head(doc, spec, spec.appendix)
    else:
        _header(doc, spec)
    if spec.title:
        _para(doc, spec.title, spec, 14, before=12, bold=spec.title_bold)
        _para(doc, spec.trich_yeu, spec, spec.trich_size, bold=True)
        width = text_width_mm(spec.trich_yeu, spec.trich_size, bold=True)
        _rule(doc, spec, spec.trich_rule, width, 165 + 2 * PAD_MM)
    for i, line in enumerate(spec.kinh_gui):
        _para(doc, line, spec, spec.kg_size, "left", before=12 if i == 0 else 0, after=6)
    for text in spec.body:
        _para(
            doc,
            text,
            spec,
            spec.body_size,
            spec.body_align,
            after=6,
            line=1.15,
            indent=spec.body_indent_mm,
            color=spec.body_color,
            italic=spec.can_cu_italic and text.startswith(("Căn cứ", "Theo đề nghị")),
        )
    if spec.appendix is None:
        _bottom(doc, spec)
    _page_number(doc, spec)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _appendix_head(doc: Any, spec: Spec, head: AppendixSpec) -> None:
    _para(doc, head.label, spec, head.label_size, bold=True)
    if head.title:
        _para(doc, head.title, spec, 14, bold=head.title_bold)
    _para(doc, head.reference, spec, 14, italic=head.reference_italic, after=12)


def _bottom(doc: Any, spec: Spec) -> None:
    table = doc.add_table(rows=1, cols=2)
    _widths(table, (75.0, 90.0))
    left, right = table.rows[0].cells
    for cell in (left, right):
        cell._tc.remove(cell.paragraphs[0]._p)
    if spec.noi_nhan is not None:
        _para(
            left, spec.noi_nhan, spec, spec.nn_label_size, "left", before=6, bold=True, italic=True
        )
        for item in spec.nn_items:
            _para(left, item, spec, spec.nn_items_size, "left")
    for line in spec.signature:
        _para(right, line, spec, spec.sig_size, before=6, bold=True)
    if spec.signer:
        _para(right, spec.signer, spec, spec.sig_size, before=80, bold=True)
    if not spec.noi_nhan and not spec.signature and not spec.signer:
        _para(left, "", spec, 11)
        _para(right, "", spec, 11)

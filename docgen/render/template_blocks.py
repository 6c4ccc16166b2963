"""The building blocks every official template is made of (docs/format/): page and styles, header
table, ô 5a title, Kính gửi, the body loop whose paragraph roles pick their styles, the Nơi nhận and
signature table, appendices. A fix in one block reaches every type; `template_build` assembles them.
"""

from __future__ import annotations

import copy
from typing import Any

from docx import Document as new_document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from docgen.model.agency import SIZE_PROFILES, Margins
from docgen.render import ooxml
from docgen.render.design import BOTTOM_TABLE, HEADER_TABLE, STYLES
from docgen.render.geometry import QUOC_HIEU, TIEU_NGU

FONT = "Times New Roman"
ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}
#: styles drawn as boxes or rules: the side(s) that carry a border
BORDERS = {
    "ND30KeNganCoQuan": ("top",),
    "ND30KeNganTieuNgu": ("top",),
    "ND30DoMat": ("top", "left", "bottom", "right"),
    "ND30DoKhan": ("top", "left", "bottom", "right"),
    "ND30DiaChi": ("top",),
    "ND30KeTrichYeu": ("top",),
    "ND30KeBanSao": ("top",),
    "ND30KePhuLuc": ("top",),
}
RED = {"ND30DoMat", "ND30DoKhan"}


def set_defaults(doc: Any) -> None:
    """Times New Roman 14 pt, black, Vietnamese, single spacing, no space after, everywhere."""
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    r_pr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for child in list(r_pr):
        r_pr.remove(child)
    ooxml.set_run_fonts(r_pr, FONT)
    for tag, value in (("w:sz", "28"), ("w:szCs", "28")):
        element = ooxml._child(r_pr, tag)
        element.set(qn("w:val"), value)
    lang = ooxml._child(r_pr, "w:lang")
    lang.set(qn("w:val"), "vi-VN")
    spacing = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr")).find(qn("w:spacing"))
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), "240")
    # Built-in styles of the blank document name theme fonts (Calibri, Cambria): name ours instead.
    for fonts in styles.iter(qn("w:rFonts")):
        for attr in list(fonts.attrib):
            if attr.endswith("Theme") or attr.endswith("theme"):
                del fonts.attrib[attr]
        for slot in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(slot), FONT)


def add_styles(doc: Any) -> None:
    size = SIZE_PROFILES["14"]
    for spec in STYLES:
        style = doc.styles.add_style(spec.name, WD_STYLE_TYPE.PARAGRAPH)
        style.element.set(qn("w:styleId"), spec.style_id)
        style.base_style = doc.styles["Normal"]
        style.quick_style = True
        font = style.font
        font.name = FONT
        font.size = Pt(getattr(size, spec.size))
        font.bold = spec.bold
        font.italic = spec.italic
        if spec.style_id in RED:
            font.color.rgb = RGBColor(0xFF, 0, 0)
        fmt = style.paragraph_format
        fmt.alignment = ALIGN[spec.align]
        fmt.first_line_indent = Mm(spec.first_line_mm) if spec.first_line_mm else None
        if spec.first_line_mm < 0:
            fmt.left_indent = Mm(-spec.first_line_mm)
        fmt.space_before = Pt(spec.before_pt)
        fmt.space_after = Pt(spec.after_pt)
        fmt.line_spacing = spec.line
        fmt.widow_control = True
        fmt.keep_with_next = spec.keep_next or None
        for side in BORDERS.get(spec.style_id, ()):
            ooxml.set_border(style.element.get_or_add_pPr(), side)


class Builder:
    """Adds paragraphs with our styles to a document, a cell, a header or a footer."""

    def __init__(self, doc: Any) -> None:
        self.doc = doc

    def p(self, container: Any, style_id: str, text: str = "") -> Any:
        paragraph = container.add_paragraph(text)
        paragraph.style = self.doc.styles.get_by_id(style_id, WD_STYLE_TYPE.PARAGRAPH)
        return paragraph

    def tag(self, container: Any, style_id: str, jinja: str) -> Any:
        """A paragraph holding only a docxtpl paragraph tag (`{%p … %}`); it is removed on render."""
        return self.p(container, style_id, "{%p " + jinja + " %}")


def first_cell_paragraph(cell: Any, builder: Builder, style_id: str, text: str) -> Any:
    paragraph = cell.paragraphs[0]
    paragraph.text = text
    paragraph.style = builder.doc.styles.get_by_id(style_id, WD_STYLE_TYPE.PARAGRAPH)
    return paragraph


def new_template() -> tuple[Any, Builder]:
    doc = new_document()
    set_defaults(doc)
    add_styles(doc)
    body = doc.element.body
    for paragraph in list(body.iterchildren(qn("w:p"))):
        body.remove(paragraph)
    margins = Margins()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(margins.top), Mm(margins.bottom)
    section.left_margin, section.right_margin = Mm(margins.left), Mm(margins.right)
    section.header_distance, section.footer_distance = Mm(10), Mm(10)
    section.different_first_page_header_footer = True
    doc.core_properties.author = "docgen"
    doc.core_properties.language = "vi-VN"
    doc.core_properties.revision = 1
    return doc, Builder(doc)


def header_and_footer(doc: Any, b: Builder, *, address: bool = True) -> None:
    """The page number centred in the top margin from page 2 on; ô 13 at the foot of page 1."""
    section = doc.sections[0]
    header = section.header
    header.is_linked_to_previous = False
    number = header.paragraphs[0]
    number.style = doc.styles.get_by_id("ND30SoTrang", WD_STYLE_TYPE.PARAGRAPH)
    ooxml.add_page_field(number)
    section.first_page_header.is_linked_to_previous = False
    if not address:
        return
    footer = section.first_page_footer
    footer.is_linked_to_previous = False
    first = footer.paragraphs[0]
    first.text = "{%p if dia_chi %}"
    b.p(footer, "ND30DiaChi", "{{ dia_chi }}")
    b.p(footer, "ND30DiaChi", "{%p endif %}")


def header_table(doc: Any, b: Builder, *, cong_van: bool) -> None:
    table = doc.add_table(rows=2, cols=2)
    ooxml.hide_table_borders(table)
    ooxml.set_caption(table, HEADER_TABLE)
    left, right = table.rows[0].cells
    first_cell_paragraph(left, b, "ND30CoQuanChuQuan", "{%p if co_quan_chu_quan %}")
    b.p(left, "ND30CoQuanChuQuan", "{{ co_quan_chu_quan }}")
    b.p(left, "ND30CoQuanChuQuan", "{%p endif %}")
    b.p(left, "ND30CoQuan", "{{ co_quan }}")
    b.p(left, "ND30KeNganCoQuan")
    first_cell_paragraph(right, b, "ND30QuocHieu", QUOC_HIEU)
    b.p(right, "ND30TieuNgu", TIEU_NGU)
    b.p(right, "ND30KeNganTieuNgu")
    left, right = table.rows[1].cells
    first_cell_paragraph(left, b, "ND30So", "{{ so }}")
    if cong_van:
        b.p(left, "ND30TrichYeuCV", "{{ vv }}")
    for style_id, var in (("ND30DoMat", "do_mat"), ("ND30DoKhan", "do_khan")):
        b.tag(left, style_id, f"if {var}")
        b.p(left, style_id, "{{ " + var + " }}")
        b.tag(left, style_id, "endif")
    first_cell_paragraph(right, b, "ND30DiaDanh", "{{ dia_danh_ngay }}")


def title_block(doc: Any, b: Builder, *, trich_yeu: bool = True) -> None:
    """Ô 5a: the type name in capitals, the trích yếu and its short rule (PL1 II.5.b)."""
    title = b.p(doc, "ND30TenLoai", "{{ ten_loai }}")
    if not trich_yeu:  # Mẫu 1.8, 1.10: the body follows the type name; keep it apart
        title.paragraph_format.space_after = Pt(12)
    if trich_yeu:
        b.p(doc, "ND30TrichYeu", "{{ trich_yeu }}")
        b.p(doc, "ND30KeTrichYeu")


def kinh_gui_block(doc: Any, b: Builder, *, optional: bool = False) -> None:
    """Ô 9a: one recipient on the line, several as a dashed list (PL1 II.9.d)."""
    if optional:  # tờ trình, báo cáo: only when sent up to a higher body
        b.tag(doc, "ND30KinhGui", "if kinh_gui or kinh_gui_cac_muc")
    b.tag(doc, "ND30KinhGui", "if kinh_gui")
    b.p(doc, "ND30KinhGui", "Kính gửi: {{ kinh_gui }}")
    b.tag(doc, "ND30KinhGui", "else")
    b.p(doc, "ND30KinhGui", "Kính gửi:")
    b.tag(doc, "ND30KinhGuiMuc", "for muc in kinh_gui_cac_muc")
    b.p(doc, "ND30KinhGuiMuc", "{{ muc }}")
    b.tag(doc, "ND30KinhGuiMuc", "endfor")
    b.tag(doc, "ND30KinhGui", "endif")
    if optional:
        b.tag(doc, "ND30KinhGui", "endif")


#: body paragraph role (`model.document.Role` value) → its style; the last one is the default
BODY_STYLES = (
    ("can-cu", "ND30CanCu"),
    ("authority", "ND30ThamQuyen"),
    ("verb", "ND30QuyetDinh"),
    ("heading", "ND30Phan"),
    ("heading-title", "ND30PhanTen"),
    ("dieu", "ND30Dieu"),
    ("text", "ND30NoiDung"),
)


def paragraphs(container: Any, b: Builder, items: str) -> None:
    """A loop over body paragraphs (`{kieu, chu}`), each in the style of its role."""
    b.tag(container, "ND30NoiDung", f"for doan in {items}")
    for i, (role, style_id) in enumerate(BODY_STYLES):
        if i == len(BODY_STYLES) - 1:
            b.tag(container, style_id, "else")
        else:
            b.tag(container, style_id, f"{'if' if i == 0 else 'elif'} doan.kieu == '{role}'")
        b.p(container, style_id, "{{r doan.chu }}")
    b.tag(container, "ND30NoiDung", "endif")
    b.tag(container, "ND30NoiDung", "endfor")


def body_block(doc: Any, b: Builder) -> None:
    """Ô 6: căn cứ, Phần/Chương/Mục, Điều/khoản/điểm and text, in the order the rules built."""
    paragraphs(doc, b, "noi_dung")


def signature(cell: Any, b: Builder, lines: str, name: str, suffix: str = "") -> None:
    first_cell_paragraph(cell, b, f"ND30ChucVu{suffix}", "{%p for dong in " + lines + " %}")
    b.p(cell, f"ND30ChucVu{suffix}", "{{ dong }}")
    b.p(cell, f"ND30ChucVu{suffix}", "{%p endfor %}")
    b.p(cell, f"ND30HoTen{suffix}", "{{ " + name + " }}")


def noi_nhan(
    cell: Any, b: Builder, items: str = "noi_nhan", *, first: bool = True, optional: bool = False
) -> None:
    """`Nơi nhận:` and its items; `optional`: only when there are items (a cell keeps an empty
    paragraph at its end, as a table cell must hold one)."""
    if optional:
        first_cell_paragraph(cell, b, "ND30NoiNhan", "{%p if " + items + " %}")
        b.p(cell, "ND30NoiNhan", "Nơi nhận:")
    elif first:
        first_cell_paragraph(cell, b, "ND30NoiNhan", "Nơi nhận:")
    else:
        b.p(cell, "ND30NoiNhan", "Nơi nhận:")
    b.tag(cell, "ND30NoiNhanMuc", f"for muc in {items}")
    b.p(cell, "ND30NoiNhanMuc", "{{ muc }}")
    b.tag(cell, "ND30NoiNhanMuc", "endfor")
    if optional:
        b.tag(cell, "ND30NoiNhan", "endif")
        b.p(cell, "ND30NoiNhanMuc")


def bottom_table(
    doc: Any, b: Builder, *, two_signatures: bool = False, optional_noi_nhan: bool = False
) -> None:
    """Ô 9b left, ô 7 right. A biên bản puts the secretary's signature above Nơi nhận on the left
    (Mẫu 1.9), so Nơi nhận stays in the signature row where readers look for it; a hợp đồng puts
    the other party's there the same way. `optional_noi_nhan`: a thư công may name none."""
    table = doc.add_table(rows=1, cols=2)
    ooxml.hide_table_borders(table)
    ooxml.set_caption(table, BOTTOM_TABLE)
    ooxml.keep_row_together(table.rows[0])
    left, right = table.rows[0].cells
    if two_signatures:
        signature(left, b, "chu_ky_2", "ho_ten_2", "2")
        noi_nhan(left, b, first=False)
    else:
        noi_nhan(left, b, optional=optional_noi_nhan)
    signature(right, b, "chu_ky", "ho_ten")


def restart_page_numbers(sect: Any) -> None:
    """`<w:pgNumType w:start="1"/>` in `sect`, where the schema puts it (before w:cols)."""
    number = OxmlElement("w:pgNumType")
    number.set(qn("w:start"), "1")
    cols = sect.find(qn("w:cols"))
    if cols is not None:
        cols.addprevious(number)
    else:
        sect.append(number)


def section_break(doc: Any, b: Builder, *, headers: bool) -> None:
    """An empty paragraph ending a section: the main text's (with its headers and footers) or an
    appendix's (which inherits them; the render step blanks its first-page footer). Every section
    restarts its page numbers at 1 (PL1 III.1.đ)."""
    paragraph = b.p(doc, "ND30NoiDung")
    body_sect = doc.element.body.find(qn("w:sectPr"))
    sect = copy.deepcopy(body_sect)
    if not headers:
        for ref in sect.findall(qn("w:headerReference")) + sect.findall(qn("w:footerReference")):
            sect.remove(ref)
    paragraph._p.get_or_add_pPr().append(sect)


def appendix(doc: Any, b: Builder) -> None:
    """One appendix `pl`: `Phụ lục I`, its title, the `(Kèm theo …)` line and rule, its body."""
    b.p(doc, "ND30PhuLuc", "Phụ lục {{ pl.so }}")
    b.p(doc, "ND30PhuLucTen", "{{ pl.tieu_de }}")
    b.p(doc, "ND30PhuLucKemTheo", "{{ pl.kem_theo }}")
    b.p(doc, "ND30KePhuLuc")
    paragraphs(doc, b, "pl.noi_dung")


def appendices(doc: Any, b: Builder) -> None:
    """Phụ lục I, II, … after the main text, each a section with its own page numbers
    (PL1 III.1.đ)."""
    restart_page_numbers(doc.element.body.find(qn("w:sectPr")))
    b.tag(doc, "ND30NoiDung", "if phu_luc")
    section_break(doc, b, headers=True)
    b.tag(doc, "ND30NoiDung", "endif")
    b.tag(doc, "ND30PhuLuc", "for pl in phu_luc")
    appendix(doc, b)
    b.tag(doc, "ND30NoiDung", "if not loop.last")
    section_break(doc, b, headers=False)
    b.tag(doc, "ND30NoiDung", "endif")
    b.tag(doc, "ND30PhuLuc", "endfor")

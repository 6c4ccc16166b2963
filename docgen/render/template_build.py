"""Builds the official .docx templates from code, so every template shares the same building blocks.

`python -m docgen.render.template_build` rewrites `templates/official/*.docx`; a test proves the
committed files are exactly what this code produces. A clerk may still open a template in Word and
edit its static text: the render step finds the parts it resizes by style id and table caption.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from docx import Document as new_document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
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
}
RED = {"ND30DoMat", "ND30DoKhan"}
TEMPLATES_DIR = Path(__file__).resolve().parents[2] / "templates" / "official"


def _set_defaults(doc: Any) -> None:
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


def _add_styles(doc: Any) -> None:
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
        for side in BORDERS.get(spec.style_id, ()):
            ooxml.set_border(style.element.get_or_add_pPr(), side)


class _Builder:
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


def _first_cell_paragraph(cell: Any, builder: _Builder, style_id: str, text: str) -> Any:
    paragraph = cell.paragraphs[0]
    paragraph.text = text
    paragraph.style = builder.doc.styles.get_by_id(style_id, WD_STYLE_TYPE.PARAGRAPH)
    return paragraph


def _new_document() -> tuple[Any, _Builder]:
    doc = new_document()
    _set_defaults(doc)
    _add_styles(doc)
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
    return doc, _Builder(doc)


def _header_and_footer(doc: Any, b: _Builder) -> None:
    section = doc.sections[0]
    header = section.header
    header.is_linked_to_previous = False
    number = header.paragraphs[0]
    number.style = doc.styles.get_by_id("ND30SoTrang", WD_STYLE_TYPE.PARAGRAPH)
    ooxml.add_page_field(number)
    section.first_page_header.is_linked_to_previous = False
    footer = section.first_page_footer
    footer.is_linked_to_previous = False
    first = footer.paragraphs[0]
    first.text = "{%p if dia_chi %}"
    b.p(footer, "ND30DiaChi", "{{ dia_chi }}")
    b.p(footer, "ND30DiaChi", "{%p endif %}")


def _header_table(doc: Any, b: _Builder, *, cong_van: bool) -> None:
    table = doc.add_table(rows=2, cols=2)
    ooxml.hide_table_borders(table)
    ooxml.set_caption(table, HEADER_TABLE)
    left, right = table.rows[0].cells
    _first_cell_paragraph(left, b, "ND30CoQuanChuQuan", "{%p if co_quan_chu_quan %}")
    b.p(left, "ND30CoQuanChuQuan", "{{ co_quan_chu_quan }}")
    b.p(left, "ND30CoQuanChuQuan", "{%p endif %}")
    b.p(left, "ND30CoQuan", "{{ co_quan }}")
    b.p(left, "ND30KeNganCoQuan")
    _first_cell_paragraph(right, b, "ND30QuocHieu", QUOC_HIEU)
    b.p(right, "ND30TieuNgu", TIEU_NGU)
    b.p(right, "ND30KeNganTieuNgu")
    left, right = table.rows[1].cells
    _first_cell_paragraph(left, b, "ND30So", "{{ so }}")
    if cong_van:
        b.p(left, "ND30TrichYeuCV", "{{ vv }}")
    for style_id, var in (("ND30DoMat", "do_mat"), ("ND30DoKhan", "do_khan")):
        b.tag(left, style_id, f"if {var}")
        b.p(left, style_id, "{{ " + var + " }}")
        b.tag(left, style_id, "endif")
    _first_cell_paragraph(right, b, "ND30DiaDanh", "{{ dia_danh_ngay }}")


def _kinh_gui(doc: Any, b: _Builder) -> None:
    b.tag(doc, "ND30KinhGui", "if kinh_gui")
    b.p(doc, "ND30KinhGui", "Kính gửi: {{ kinh_gui }}")
    b.tag(doc, "ND30KinhGui", "else")
    b.p(doc, "ND30KinhGui", "Kính gửi:")
    b.tag(doc, "ND30KinhGuiMuc", "for muc in kinh_gui_cac_muc")
    b.p(doc, "ND30KinhGuiMuc", "{{ muc }}")
    b.tag(doc, "ND30KinhGuiMuc", "endfor")
    b.tag(doc, "ND30KinhGui", "endif")


def _body(doc: Any, b: _Builder) -> None:
    b.tag(doc, "ND30NoiDung", "for doan in noi_dung")
    b.p(doc, "ND30NoiDung", "{{r doan }}")
    b.tag(doc, "ND30NoiDung", "endfor")


def _bottom_table(doc: Any, b: _Builder) -> None:
    table = doc.add_table(rows=1, cols=2)
    ooxml.hide_table_borders(table)
    ooxml.set_caption(table, BOTTOM_TABLE)
    ooxml.keep_row_together(table.rows[0])
    left, right = table.rows[0].cells
    _first_cell_paragraph(left, b, "ND30NoiNhan", "Nơi nhận:")
    b.tag(left, "ND30NoiNhanMuc", "for muc in noi_nhan")
    b.p(left, "ND30NoiNhanMuc", "{{ muc }}")
    b.tag(left, "ND30NoiNhanMuc", "endfor")
    _first_cell_paragraph(right, b, "ND30ChucVu", "{%p for dong in chu_ky %}")
    b.p(right, "ND30ChucVu", "{{ dong }}")
    b.p(right, "ND30ChucVu", "{%p endfor %}")
    b.p(right, "ND30HoTen", "{{ ho_ten }}")


def build_cong_van() -> Any:
    """The công văn template (Mẫu 1.5): header, V/v under the number, Kính gửi, body, bottom block."""
    doc, b = _new_document()
    _header_and_footer(doc, b)
    _header_table(doc, b, cong_van=True)
    _kinh_gui(doc, b)
    _body(doc, b)
    _bottom_table(doc, b)
    return doc


BUILDERS: dict[str, Callable[[], Any]] = {"cong-van": build_cong_van}


def write_templates(directory: Path = TEMPLATES_DIR) -> list[Path]:
    """Write every template into `directory`; returns the paths written."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for slug, build in sorted(BUILDERS.items()):
        path = directory / f"{slug}.docx"
        build().save(str(path))
        written.append(path)
    return written


if __name__ == "__main__":
    for written_path in write_templates(Path(sys.argv[1]) if len(sys.argv) > 1 else TEMPLATES_DIR):
        print(written_path)

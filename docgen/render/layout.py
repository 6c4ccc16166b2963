"""Applies the page geometry and size profile to a rendered document (python-docx object).

Templates carry structure, text and styles; this step sets what depends on the agency profile and on
the document's own texts: margins, style sizes, table grids, rule lengths, Kính gửi indents, boxes.
It finds what it changes by style id and table caption, so a template edited in Word still works.
"""

from __future__ import annotations

from typing import Any

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.styles.style import StyleFactory
from docx.text.paragraph import Paragraph as DocxParagraph

from docgen.model.agency import Agency
from docgen.render import ooxml
from docgen.render.design import BOTTOM_TABLE, COPY_TABLE, HEADER_TABLE, STYLES
from docgen.render.geometry import CELL_PAD_MM, Geometry, mark_box_width
from docgen.rules.metrics import text_width_mm

#: the short rule under an appendix's reference line (PL3 Mẫu 2.1 draws one; no length is given)
APPENDIX_RULE_MM = 40.0


def _paragraph_styles(styles_element: Any) -> dict[str, Any]:
    """Our paragraph styles by id. Read with lxml directly: python-docx wraps every one of the
    document's ~170 styles on each lookup, which cost more than the whole render."""
    ours = {spec.style_id for spec in STYLES}
    found = {}
    for element in styles_element.iterchildren(qn("w:style")):
        style_id = element.get(qn("w:styleId"))
        if style_id in ours and element.get(qn("w:type")) == "paragraph":
            found[style_id] = StyleFactory(element)
    return found


def _indent(style: Any, left: float, right: float = 0.0, first: float = 0.0) -> None:
    fmt = style.paragraph_format
    fmt.left_indent = Mm(max(left, 0.0))
    fmt.right_indent = Mm(max(right, 0.0))
    fmt.first_line_indent = Mm(first) if first else None


def _centre_in(style: Any | None, cell_mm: float, width_mm: float) -> None:
    """Indent `style` on both sides so its paragraph (rule or box) is `width_mm` wide, centred."""
    if style is not None:
        side = (cell_mm - 2 * CELL_PAD_MM - width_mm) / 2
        _indent(style, side, side)


def apply_layout(
    doc: Any, agency: Agency, geometry: Geometry, *, marks: tuple[str, ...] = ()
) -> None:
    """Resize and place everything in `doc` for `agency` and `geometry` (in place)."""
    layout_body(doc, agency, geometry)
    layout_styles(doc.styles.element, agency, geometry, marks=marks)
    for section in doc.sections[1:]:
        _blank_first_footer(section)


def layout_body(doc: Any, agency: Agency, geometry: Geometry) -> None:
    """The main part's share of the layout: page size and margins of every section, widths of the
    captioned tables. Needs only `doc.sections` and `doc.tables` (no other part is touched)."""
    margins = agency.margins
    for section in doc.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(margins.top), Mm(margins.bottom)
        section.left_margin, section.right_margin = Mm(margins.left), Mm(margins.right)
    for table in doc.tables:
        caption = ooxml.table_caption(table)
        if caption == HEADER_TABLE:
            ooxml.set_table_widths(table, geometry.header_cols)
            ooxml.set_table_indent(table, geometry.header_indent)
        elif caption == BOTTOM_TABLE:
            ooxml.set_table_widths(table, geometry.bottom_cols)
            keep_with_block(table)
        elif caption == COPY_TABLE:  # the copy's agency rule shares the header's rule style
            ooxml.set_table_widths(table, geometry.header_cols)
            ooxml.set_table_indent(table, geometry.header_indent)


def keep_with_block(table: Any) -> None:
    """Keep the whole last paragraph of the text on the page of the Nơi nhận + signature block (whose
    row never splits): the block never stands alone on the last page while page 1 has room, and
    the signer signs under the text they approve. Spacer paragraphs in between keep with it too."""
    element = table._tbl.getprevious()
    while element is not None and element.tag == qn("w:p"):
        paragraph = DocxParagraph(element, table._parent)
        paragraph.paragraph_format.keep_with_next = True
        if paragraph.text.strip():
            paragraph.paragraph_format.keep_together = True  # all of it, not only its last line
            break
        element = element.getprevious()


def layout_styles(
    styles_element: Any, agency: Agency, geometry: Geometry, *, marks: tuple[str, ...] = ()
) -> None:
    """The styles part's share of the layout (`styles_element` is its `w:styles` root): style
    sizes of the size profile, rule lengths, mark boxes and the Kính gửi indents. Depends only on
    `agency`, `geometry` and `marks`, never on the document's text, so a batch can reuse it."""
    sizes = agency.sizes
    styles = _paragraph_styles(styles_element)
    for spec in STYLES:
        style = styles.get(spec.style_id)
        if style is not None:
            style.font.size = Pt(getattr(sizes, spec.size))
    left, right = geometry.header_cols
    _centre_in(styles.get("ND30KeNganCoQuan"), left, geometry.agency_rule)
    _centre_in(styles.get("ND30KeNganTieuNgu"), right, geometry.tieu_ngu_rule)
    for style_id, text in zip(("ND30DoMat", "ND30DoKhan"), marks, strict=False):
        if text:
            _centre_in(styles.get(style_id), left, mark_box_width(text, sizes.title))
    _kinh_gui(styles, agency, geometry)
    width = geometry.text_width
    if geometry.trich_yeu_rule:
        _centre_in(styles.get("ND30KeTrichYeu"), width + 2 * CELL_PAD_MM, geometry.trich_yeu_rule)
    _centre_in(styles.get("ND30KePhuLuc"), width + 2 * CELL_PAD_MM, APPENDIX_RULE_MM)


def _blank_first_footer(section: Any) -> None:
    """An appendix's first page has no ô 13 address line: that belongs to page 1 of the document.
    Its section inherits the main text's footers; give it an empty first-page footer of its own."""
    sect = section._sectPr
    for ref in sect.findall(qn("w:footerReference")):
        if ref.get(qn("w:type")) == "first":
            sect.remove(ref)
    section.first_page_footer.is_linked_to_previous = False


def _kinh_gui(styles: dict[str, Any], agency: Agency, geometry: Geometry) -> None:
    label = styles.get("ND30KinhGui")
    item = styles.get("ND30KinhGuiMuc")
    if label is None or item is None:
        return
    if geometry.kinh_gui_single_centred:
        label.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _indent(label, 0)
        return
    start, width = geometry.kinh_gui_start, geometry.kinh_gui_label
    # One long recipient: wrapped lines continue under the recipient, not under "Kính gửi:".
    _indent(label, start + width, first=-width)
    colon = start + text_width_mm("Kính gửi", agency.sizes.kinh_gui)
    _indent(item, colon + geometry.kinh_gui_dash, first=-geometry.kinh_gui_dash)

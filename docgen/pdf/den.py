"""The "ĐẾN" stamp (dấu đến, ND30 Phụ lục IV mục V; docs/records/register.md) on page 1 of a
received PDF.

The box is 50 mm wide and 35 mm high: the receiving agency across the top, "ĐẾN" large on the
left with Số (số đến) and Ngày on its right, then Chuyển and Số và ký hiệu HS. A field with
nothing to print (Chuyển without a unit; Số và ký hiệu HS until records management assigns the
hồ sơ) keeps its label and a dotted line to write on, as on the paper stamp. It is drawn once
as a one-page PDF of exactly that size (fpdf2, the embedded Vietnamese serif font), then:

- an unsigned PDF gets it laid into page 1's content (pikepdf overlay, like `stamp_file`);
- a signed PDF gets it as a Stamp annotation added in an incremental update (pyHanko's
  incremental writer), so the bytes the sender signed are kept unchanged in front and the
  sender's signature stays intact and valid (docs/environment.md, trap 7).

Where it goes is not set by the decree: by default in the left header column under
ô 3 / ô 5b, the blank space the superseded TT 07/2012 named.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

from docgen.errors import SignatureError
from docgen.pdf.geometry import Box, mm
from docgen.pdf.overlay import _close, _new_pdf, _set_font

WIDTH_MM = 50.0
HEIGHT_MM = 35.0


@dataclass(frozen=True)
class DenStamp:
    """What the clerk writes in the box: agency, số đến, ngày đến, Chuyển, file number."""

    agency: str
    number: int
    received: dt.date
    forward: str = ""  #: Chuyển: the unit or the leader's instruction
    #: Số và ký hiệu HS: the hồ sơ's notation (`01.TCCB`); "" leaves it blank to write in
    file_notation: str = ""

    def lines(self) -> dict[str, str]:
        """The fields as printed: `label: value`, or the label alone for an empty field."""
        return {
            "so": f"Số: {self.number:02d}" if self.number else "Số:",  # 0: a preview
            "ngay": f"Ngày: {self.received:%d/%m/%Y}",
            "chuyen": _field("Chuyển:", self.forward),
            "hs": _field("Số và ký hiệu HS:", self.file_notation),
        }


def _field(label: str, value: str) -> str:
    return f"{label} {value.strip()}" if value.strip() else label


def _write_on(pdf: Any, x: float, baseline: float, text: str, right: float) -> None:
    """`text` at (`x`, `baseline`); after a label alone (it ends with `:`), a dotted line to
    `right` for the clerk to write in."""
    pdf.text(x, baseline, text)
    if not text.endswith(":"):
        return
    start = x + pdf.get_string_width(text) + mm(1)
    if start < right:
        pdf.set_line_width(0.4)
        pdf.set_dash_pattern(dash=0.4, gap=1.6)
        pdf.line(start, baseline, right, baseline)
        pdf.set_dash_pattern()


def default_box(page_height: float) -> Box:
    """The stamp's place on page 1: x from 45 mm (centred in the 80 mm left header column that
    starts at the 30 mm margin), top 65 mm below the page's top edge."""
    top = page_height - mm(65)
    return Box(mm(45), top - mm(HEIGHT_MM), mm(45 + WIDTH_MM), top)


def render_box(stamp: DenStamp) -> bytes:
    """A one-page PDF of exactly 50 × 35 mm holding the filled stamp (deterministic bytes)."""
    pdf = _new_pdf()
    try:
        w, h = mm(WIDTH_MM), mm(HEIGHT_MM)
        pdf.add_page(format=(w, h))
        red = (200, 0, 0)
        pdf.set_draw_color(*red)
        pdf.set_text_color(*red)
        pdf.set_line_width(0.8)
        pdf.rect(0.6, 0.6, w - 1.2, h - 1.2)
        top_row = mm(8)
        pdf.line(0.6, top_row, w - 0.6, top_row)
        _set_font(pdf, True, 7.5)
        pdf.set_xy(mm(1), mm(0.8))
        pdf.multi_cell(w - mm(2), mm(3.2), stamp.agency.upper(), align="C", max_line_height=mm(3.2))
        _set_font(pdf, True, 15)
        pdf.text(mm(2), mm(17.5), "ĐẾN")
        lines = stamp.lines()
        _set_font(pdf, True, 9)
        pdf.text(mm(17), mm(13), lines["so"])
        pdf.text(mm(17), mm(19), lines["ngay"])
        _write_on(pdf, mm(2), mm(26), lines["chuyen"], w - mm(2))
        _write_on(pdf, mm(2), mm(32), lines["hs"], w - mm(2))
        return bytes(pdf.output())
    finally:
        _close(pdf)


def _overlay(data: bytes, box_pdf: bytes, where: Box) -> bytes:
    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as doc, pikepdf.open(io.BytesIO(box_pdf)) as box:
        doc.pages[0].add_overlay(box.pages[0], pikepdf.Rectangle(*where.as_tuple()))
        out = io.BytesIO()
        doc.save(out, deterministic_id=True)
        return out.getvalue()


def _annotate(data: bytes, box_pdf: bytes, where: Box, stamp: DenStamp) -> bytes:
    from pyhanko.pdf_utils import generic as pdf_generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.reader import PdfFileReader

    generic: Any = pdf_generic  # pyHanko's object model is untyped
    writer: Any = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    appearance = writer.import_page_as_xobject(PdfFileReader(io.BytesIO(box_pdf)), 0)
    page_ref, _ = writer.find_page_for_modification(0)
    page: Any = page_ref.get_object()
    text = "ĐẾN " + "; ".join(stamp.lines().values())
    annotation = generic.DictionaryObject(
        {
            generic.pdf_name("/Type"): generic.pdf_name("/Annot"),
            generic.pdf_name("/Subtype"): generic.pdf_name("/Stamp"),
            generic.pdf_name("/Name"): generic.pdf_name("/Received"),
            generic.pdf_name("/Rect"): generic.ArrayObject(
                generic.FloatObject(v) for v in where.as_tuple()
            ),
            generic.pdf_name("/F"): generic.NumberObject(4),  # printed with the page
            generic.pdf_name("/Contents"): generic.TextStringObject(text),
            generic.pdf_name("/AP"): generic.DictionaryObject({generic.pdf_name("/N"): appearance}),
            generic.pdf_name("/P"): page_ref,
        }
    )
    annotation_ref = writer.add_object(annotation)
    annots = page.get("/Annots")
    if isinstance(annots, generic.IndirectObject):
        annots.get_object().append(annotation_ref)
        writer.mark_update(annots)
    else:
        array = annots if isinstance(annots, generic.ArrayObject) else generic.ArrayObject()
        array.append(annotation_ref)
        page[generic.pdf_name("/Annots")] = array
        writer.update_container(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def stamp_den(data: bytes, stamp: DenStamp, *, signed: bool, where: Box | None = None) -> bytes:
    """`data` (a PDF) with the ĐẾN box on page 1; an incremental update when `signed`.

    Raises SignatureError when the PDF cannot be read or written.
    """
    try:
        import pikepdf

        with pikepdf.open(io.BytesIO(data)) as doc:
            height = float(doc.pages[0].mediabox[3]) - float(doc.pages[0].mediabox[1])
        box_pdf = render_box(stamp)
        place = where or default_box(height)
        return _annotate(data, box_pdf, place, stamp) if signed else _overlay(data, box_pdf, place)
    except SignatureError:
        raise
    except Exception as error:  # pikepdf/pyHanko raise many kinds; the clerk needs one message
        raise SignatureError(
            f"không đóng được dấu ĐẾN lên trang 1 ({type(error).__name__}: {error})",
            hint="kiểm tra tệp PDF nhận được; nếu tệp hỏng, xin lại bản gốc từ nơi gửi.",
        ) from error

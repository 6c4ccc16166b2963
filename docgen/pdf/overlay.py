"""Building transparent overlay pages with fpdf2: images, text lines, bordered marks.

An overlay page has exactly the size of the page it goes on, so it can be laid on top 1:1.
Fonts are Times New Roman–compatible TrueType files with complete Vietnamese (see `fonts`),
embedded as subsets by fpdf2. Coordinates taken and given here are PDF points, y up.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docgen.pdf.fonts import find_serif_font
from docgen.pdf.geometry import Box, mm
from docgen.pdf.styles import RGB, MarkStyle, TextLineStyle

FONT = "serif"
#: A fixed creation date keeps overlay bytes (and so stamped files) the same from run to run.
_EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True)
class ImageItem:
    """A PNG drawn to fill `box` (its aspect ratio is the caller's business)."""

    path: Path
    box: Box


@dataclass(frozen=True)
class TextItem:
    """One line of text on `baseline`, starting at `x` (or ending there when `align_right`)."""

    text: str
    x: float
    baseline: float
    font_size: float
    color: RGB = (0, 0, 0)
    bold: bool = False
    align_right: bool = False


@dataclass(frozen=True)
class MarkItem:
    """A bordered stamp with centred bold text filling `box`."""

    style: MarkStyle
    box: Box


@dataclass
class OverlayPage:
    """Everything drawn on one page of the target document."""

    page_index: int
    width: float
    height: float
    items: list[ImageItem | TextItem | MarkItem] = field(default_factory=list)


def _new_pdf() -> Any:
    from fpdf import FPDF

    pdf = FPDF(unit="pt")
    pdf.set_creation_date(_EPOCH)
    pdf.set_producer("docgen")
    pdf.set_auto_page_break(False)
    pdf.set_margin(0)
    return pdf


def _set_font(pdf: Any, bold: bool, size: float) -> None:
    """Select the serif font, loading it on first use (a signature-only overlay needs no font)."""
    style = "B" if bold else ""
    if f"{FONT}{style}" not in pdf.fonts:  # fpdf2 keys fonts as family + style
        pdf.add_font(FONT, style, str(find_serif_font("bold" if bold else "regular")))
    pdf.set_font(FONT, style, size)


def _close(pdf: Any) -> None:
    # fpdf2 opens font files lazily and keeps them open until each font is closed.
    for font in pdf.fonts.values():
        close = getattr(font, "close", None)
        if close is not None:
            close()


def top_right_line(
    text: str, page_width: float, page_height: float, style: TextLineStyle
) -> TextItem:
    """A TextItem for `text` ending at the right margin, `style.top_mm` below the top edge."""
    from docgen.pdf.placement import place_top_right_line

    x, y = place_top_right_line(0.0, page_width, page_height, style)
    return TextItem(text, x, y, style.font_size, style.color, align_right=True)


def render_overlays(pages: list[OverlayPage]) -> bytes:
    """A PDF with one page per entry of `pages`, in order, each drawn with its items."""
    pdf = _new_pdf()
    try:
        return _render(pdf, pages)
    finally:
        _close(pdf)


def _render(pdf: Any, pages: list[OverlayPage]) -> bytes:
    for page in pages:
        pdf.add_page(format=(page.width, page.height))
        for item in page.items:
            if isinstance(item, ImageItem):
                b = item.box
                pdf.image(str(item.path), x=b.x0, y=page.height - b.y1, w=b.width, h=b.height)
            elif isinstance(item, TextItem):
                _set_font(pdf, item.bold, item.font_size)
                pdf.set_text_color(*item.color)
                x = item.x - pdf.get_string_width(item.text) if item.align_right else item.x
                pdf.text(x, page.height - item.baseline, item.text)
            else:
                _draw_mark(pdf, item, page.height)
    return bytes(pdf.output())


def _draw_mark(pdf: Any, item: MarkItem, page_height: float) -> None:
    style, b = item.style, item.box
    top = page_height - b.y1
    pdf.set_draw_color(*style.color)
    pdf.set_line_width(mm(style.border_mm))
    pdf.rect(b.x0, top, b.width, b.height)
    _set_font(pdf, True, style.font_size)
    pdf.set_text_color(*style.color)
    width = pdf.get_string_width(style.text)
    # Centre the cap height: the baseline sits half a cap height (≈0.66 em / 2) below the middle.
    baseline = top + b.height / 2 + 0.33 * style.font_size
    pdf.text(b.cx - width / 2, baseline, style.text)

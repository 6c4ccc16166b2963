"""Finding lines of text, the signature block and the header anchor in a rendered PDF.

Positions come from the PDF's own text layer (pypdf's `extract_text(visitor_text=…)`), so the seal
lands right however long the body is and whichever page the signature falls on. Widths come from
the fonts' /Widths arrays; the vertical extent of a line is estimated from its font size with
Times New Roman's ascent and descent.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docgen.errors import SignatureError
from docgen.pdf.geometry import Box
from docgen.pdf.placement import SignatureBlock

#: Times New Roman / Liberation Serif ascent and descent, in em (hhea: 1825/2048, 443/2048).
ASCENT = 0.891
DESCENT = 0.216
#: Fragments on one baseline closer than this (in em) belong to one line; the gap between the
#: Nơi nhận column and the signature column is several em, a word space a quarter of one.
JOIN_GAP_EM = 0.9


@dataclass(frozen=True)
class TextLine:
    """A run of text on one baseline of one page, with its box in PDF points."""

    page_index: int
    text: str
    box: Box
    font_size: float


@dataclass(frozen=True)
class _Fragment:
    page_index: int
    text: str
    x: float
    baseline: float
    width: float
    font_size: float


def normalise(text: str) -> str:
    """Text for comparison: NFC, case-folded, runs of white space as one space, trimmed."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


class _WidthTable:
    """Glyph widths of one PDF font, by Unicode character, in thousandths of an em."""

    def __init__(self, font_dict: Any) -> None:
        self.widths: dict[str, float] = {}
        self.default = 500.0
        if font_dict is None:
            return
        try:
            # pypdf's Font parses /Widths, /W, /ToUnicode and encodings for every font type; it is
            # not re-exported from pypdf.generic, so we guard the import and fall back to 0.5 em.
            from pypdf.generic._font import Font

            font = Font.from_font_resource(font_dict)
        except Exception:  # any unreadable font only costs width precision
            return
        self.default = float(font.character_widths.get("default", 500) or 500)
        for code, uni in font.character_map.items():
            if isinstance(code, str) and isinstance(uni, str) and len(uni) == 1:
                width = font.character_widths.get(code)
                if width is not None:
                    self.widths.setdefault(uni, float(width))

    def measure(self, text: str) -> float:
        return sum(self.widths.get(ch, self.default) for ch in text)


def _font_key(font: Any) -> object:
    """A key naming the same PDF font across calls: pypdf hands a fresh dict object each time."""
    ref = getattr(font, "indirect_reference", None)
    return (ref.idnum, ref.generation) if ref is not None else id(font)


def _fragments(reader: Any, page_index: int, tables: dict[object, _WidthTable]) -> list[_Fragment]:
    page = reader.pages[page_index]
    found: list[_Fragment] = []

    def visit(text: str, cm: Sequence[float], tm: Sequence[float], font: Any, size: float) -> None:
        if not text.strip():
            return
        a, b, c, d, e, f = (float(v) for v in cm)
        x = tm[4] * a + tm[5] * c + e
        y = tm[4] * b + tm[5] * d + f
        scale_x = (tm[0] ** 2 + tm[1] ** 2) ** 0.5 * (a * a + b * b) ** 0.5
        scale_y = (tm[2] ** 2 + tm[3] ** 2) ** 0.5 * (c * c + d * d) ** 0.5
        key = _font_key(font)
        table = tables.get(key)
        if table is None:
            table = tables[key] = _WidthTable(font)
        # pypdf hands over line breaks, and a space before text that follows a gap on the same
        # line, as text of its own making: measure only what is drawn, from the reported origin.
        for piece in text.split("\n"):
            piece = piece.strip()
            if piece:
                width = table.measure(piece) / 1000 * size * scale_x
                found.append(_Fragment(page_index, piece, x, y, width, size * scale_y))

    page.extract_text(visitor_text=visit)
    return found


def _join(fragments: list[_Fragment]) -> list[TextLine]:
    """Group fragments into lines: same baseline, horizontally close."""
    rows: list[list[_Fragment]] = []
    for frag in sorted(fragments, key=lambda f: (-round(f.baseline, 1), f.x)):
        row = rows[-1] if rows else None
        if row and abs(row[0].baseline - frag.baseline) <= 0.2 * max(frag.font_size, 1.0):
            row.append(frag)
        else:
            rows.append([frag])
    lines: list[TextLine] = []
    for row in rows:
        row.sort(key=lambda f: f.x)
        run = [row[0]]
        for frag in row[1:]:
            end = run[-1].x + run[-1].width
            if frag.x - end > JOIN_GAP_EM * frag.font_size:
                lines.append(_line(run))
                run = []
            run.append(frag)
        lines.append(_line(run))
    return lines


def _line(run: list[_Fragment]) -> TextLine:
    text = ""
    for i, frag in enumerate(run):
        if i and not text.endswith(" ") and not frag.text.startswith(" "):
            prev = run[i - 1]
            if frag.x - (prev.x + prev.width) > 0.15 * frag.font_size:
                text += " "
        text += frag.text
    size = max(f.font_size for f in run)
    baseline = min(f.baseline for f in run)
    box = Box(
        run[0].x,
        baseline - DESCENT * size,
        max(f.x + f.width for f in run),
        baseline + ASCENT * size,
    )
    return TextLine(run[0].page_index, " ".join(text.split()), box, size)


def _reader(pdf: Path) -> Any:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        return PdfReader(pdf)
    except (OSError, PdfReadError, ValueError) as error:
        raise SignatureError(
            f"không đọc được tệp PDF ({error})", source=str(pdf), hint="kiểm tra tệp có phải PDF."
        ) from error


def text_lines(pdf: Path, pages: Sequence[int] | None = None) -> list[TextLine]:
    """Every line of text of `pages` (default: all), page by page, top to bottom, left to right."""
    reader = _reader(pdf)
    indices = range(len(reader.pages)) if pages is None else pages
    tables: dict[object, _WidthTable] = {}
    return [line for i in indices for line in _join(_fragments(reader, i, tables))]


def page_size(pdf: Path, page_index: int) -> tuple[float, float]:
    """(width, height) of a page's media box in points."""
    box = _reader(pdf).pages[page_index].mediabox
    return float(box.width), float(box.height)


def _same_column(a: Box, b: Box) -> bool:
    return abs(a.cx - b.cx) <= max(a.width, b.width) / 2


def _ending_with(lines: list[TextLine], i: int, target: str) -> Box | None:
    """Box of lines ending at `lines[i]` (stacked in one column) whose joined text is `target`.

    Up to three lines are joined, for a long position that wraps in the signature column.
    """
    here = lines[i]
    joined, box = normalise(here.text), here.box
    for j in range(i - 1, max(-1, i - 4), -1):
        if joined == target:
            return box
        above = lines[j]
        if above.page_index != here.page_index or not _same_column(above.box, box):
            continue
        if above.box.y0 - box.y1 > 1.5 * here.font_size:
            break
        joined, box = normalise(above.text) + " " + joined, box.union(above.box)
    return box if joined == target else None


def _block_on_page(lines: list[TextLine], position: str, name: str) -> tuple[TextLine, Box] | None:
    """(name line, position box) of the last matching block among one page's `lines`, or None."""
    best: tuple[TextLine, Box] | None = None
    for k, line in enumerate(lines):
        if normalise(line.text) != name:
            continue
        for i in range(k - 1, -1, -1):
            cand = lines[i]
            if cand.box.y0 <= line.box.y1 or not _same_column(cand.box, line.box):
                continue
            above = _ending_with(lines, i, position)
            if above is not None:
                best = (line, above)
                break
    return best


def find_signature_block(pdf: Path, position: str, name: str) -> SignatureBlock:
    """The signature block whose position line reads `position` and whose name reads `name`.

    Text is compared case-insensitively after NFC normalisation; a position that wraps onto two
    or three lines is found too. Both lines must be on one page. When several blocks match (a
    name quoted in the body, several signers), the last one in reading order wins, as the
    signature closes the document; pages are read from the last, so usually only one is read.
    Raises SignatureError when there is no such pair on any page.
    """
    reader = _reader(pdf)
    want_position, want_name = normalise(position), normalise(name)
    tables: dict[object, _WidthTable] = {}
    for index in range(len(reader.pages) - 1, -1, -1):
        found = _block_on_page(_join(_fragments(reader, index, tables)), want_position, want_name)
        if found is not None:
            name_line, position_box = found
            box = reader.pages[index].mediabox
            return SignatureBlock(
                index, float(box.width), float(box.height), position_box, name_line.box
            )
    raise SignatureError(
        f"không tìm thấy khối chữ ký '{position}' … '{name}' trong văn bản",
        source=str(pdf),
        hint="kiểm tra chức vụ và họ tên người ký trong văn bản trùng với hồ sơ người ký.",
    )


def find_number_anchor(pdf: Path, prefix: str = "Số:") -> Box | None:
    """Box of the `Số: …` line on page 1 and the lines stacked under it in its column (V/v …).

    This is where the secrecy and urgency stamps go (ô 10a/10b). None when page 1 has no such line.
    """
    lines = text_lines(pdf, pages=[0])
    for k, line in enumerate(lines):
        if not line.text.startswith(prefix):
            continue
        box = line.box
        for below in lines[k + 1 :]:
            if box.y0 - below.box.y1 > 1.2 * below.font_size:
                break
            if abs(below.box.cx - box.cx) <= 25:
                box = box.union(below.box)
        return box
    return None

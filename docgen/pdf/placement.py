"""Where stamps go on a page: pure functions over boxes in PDF points (y up).

The signature block is given by the box of its position line (the last line of ô 7a, right above
the space for signing) and the box of the signer's name (ô 7b). The signature image is centred in
the space between them (ND30 PL1 II.7.d); the seal covers `overlap` of the image's width from its
left edge, centred on the same height (Điều 33.1, PL1 II.8.a). See docs/format/signature.md.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from docgen.errors import InputError
from docgen.pdf.geometry import Box, mm
from docgen.pdf.styles import MarkStyle, SealStyle, SignatureStyle, TextLineStyle

#: Vietnam has kept UTC+07:00 without daylight saving since 1975; no tz database needed.
VIETNAM_TZ = dt.timezone(dt.timedelta(hours=7), "ICT")


@dataclass(frozen=True)
class SignatureBlock:
    """The signature block as found on a rendered page."""

    page_index: int
    page_width: float
    page_height: float
    position: Box
    name: Box

    @property
    def gap(self) -> Box:
        """The free space between the bottom of the position line and the top of the name."""
        x0 = min(self.position.x0, self.name.x0)
        x1 = max(self.position.x1, self.name.x1)
        return Box(x0, self.name.y1, x1, self.position.y0)

    @property
    def centre_x(self) -> float:
        """Horizontal centre of the block (both lines are centred in the signature column)."""
        return (self.position.cx + self.name.cx) / 2


@dataclass(frozen=True)
class SignaturePlacement:
    """Boxes for the signature image and the seal on `page_index`."""

    page_index: int
    signature: Box
    seal: Box

    @property
    def overlap_fraction(self) -> float:
        """Share of the signature image's width the seal covers."""
        return self.seal.horizontal_overlap(self.signature) / self.signature.width


def place_signature(block: SignatureBlock, style: SignatureStyle, aspect: float) -> Box:
    """The box of a signature image of `aspect` (width / height), centred in the block's gap.

    The image is as large as `style` allows while keeping its aspect ratio and its clearance from
    both lines. Raises InputError when the gap leaves no room (the template lost its blank lines).
    """
    if aspect <= 0:
        raise InputError("ảnh chữ ký có kích thước 0", hint="dùng một tệp PNG hợp lệ.")
    gap = block.gap
    room = gap.height - 2 * mm(style.clearance_mm)
    if room < mm(5):
        raise InputError(
            f"khoảng trống để ký giữa chức vụ và họ tên chỉ còn {gap.height / mm(1):.1f} mm",
            hint="mẫu văn bản cần chừa 4–5 dòng trống giữa chức vụ và họ tên người ký.",
        )
    height = min(mm(style.max_height_mm), room, mm(style.max_width_mm) / aspect)
    return Box.around(block.centre_x, gap.cy, height * aspect, height)


def place_seal(signature: Box, style: SealStyle) -> Box:
    """The seal's box: `style.size_mm` across, its right edge `overlap` into the signature's width
    from the left, centred on the signature's height."""
    size = mm(style.size_mm)
    right = signature.x0 + style.overlap * signature.width
    return Box(right - size, signature.cy - size / 2, right, signature.cy + size / 2)


def place_signature_and_seal(
    block: SignatureBlock, signature_style: SignatureStyle, seal_style: SealStyle, aspect: float
) -> SignaturePlacement:
    """Both boxes for one signature block; see `place_signature` and `place_seal`."""
    signature = place_signature(block, signature_style, aspect)
    return SignaturePlacement(block.page_index, signature, place_seal(signature, seal_style))


def place_top_right_line(
    text_width: float, page_width: float, page_height: float, style: TextLineStyle
) -> tuple[float, float]:
    """(x, baseline y) where a line `text_width` points long starts, ending at the right margin."""
    return (page_width - mm(style.right_mm) - text_width, page_height - mm(style.top_mm))


def place_marks(anchor: Box, marks: list[MarkStyle], *, gap_mm: float = 3.0) -> list[Box]:
    """Boxes for stamps stacked under `anchor` (the Số / V/v lines), each centred on it.

    Secrecy first, then urgency (ô 10a above 10b), in the order given.
    """
    boxes: list[Box] = []
    top = anchor.y0
    for mark in marks:
        top -= mm(gap_mm)
        box = Box.around(
            anchor.cx, top - mm(mark.height_mm) / 2, mm(mark.width_mm), mm(mark.height_mm)
        )
        boxes.append(box)
        top = box.y0
    return boxes


def attachment_line_text(number_symbol: str, signed_at: dt.datetime) -> str:
    """`Số: 05/BQL-KHTH; 2024-03-05T09:15:30+07:00` (PL1 II.8.b; docs/format/appendices.md), time
    in Vietnam time.

    Raises InputError for a naive `signed_at` (its zone would be a guess) or a number/symbol that
    does not read `<number>/<symbol>`.
    """
    if signed_at.tzinfo is None or signed_at.utcoffset() is None:
        raise InputError("thời điểm ký thiếu múi giờ", hint="truyền thời điểm có múi giờ.")
    if not NUMBER_SYMBOL.fullmatch(number_symbol):
        raise InputError(
            f"số và ký hiệu '{number_symbol}' không đúng dạng <số>/<ký hiệu>",
            hint="ví dụ 05/BQL-KHTH.",
        )
    when = signed_at.astimezone(VIETNAM_TZ).replace(microsecond=0)
    return f"Số: {number_symbol}; {when.isoformat()}"


#: Ô 14: the three forms of an electronic copy (PL1-P2 I.3; docs/format/copies.md).
COPY_FORMS = ("SAO Y", "SAO LỤC", "TRÍCH SAO")


def copy_line_text(form: str, agency: str, signed_at: dt.datetime) -> str:
    """`SAO Y; <copying agency>; 2024-03-05T09:15:30+07:00` — ô 14 (PL1-P2 I.3).

    `form` is one of COPY_FORMS in any case; raises InputError otherwise, for an empty agency
    or a naive time.
    """
    key = " ".join(form.upper().split())
    if key not in COPY_FORMS:
        raise InputError(f"hình thức sao '{form}' không có", hint=f"dùng {', '.join(COPY_FORMS)}.")
    if not agency.strip():
        raise InputError("thiếu tên cơ quan sao văn bản", hint="đặt tên cơ quan thực hiện sao.")
    if signed_at.tzinfo is None or signed_at.utcoffset() is None:
        raise InputError("thời điểm ký thiếu múi giờ", hint="truyền thời điểm có múi giờ.")
    when = signed_at.astimezone(VIETNAM_TZ).replace(microsecond=0)
    return f"{key}; {' '.join(agency.split())}; {when.isoformat()}"


#: `<number>/<symbol>`: two or more digits (leading zero below 10), "/", then the symbol with no
#: spaces (PL1 II.3; the symbol may hold a year and more slashes, e.g. 05/2024/NĐ-CP).
NUMBER_SYMBOL = re.compile(r"\d{2,}/[^\s;/][^\s;]*")
ATTACHMENT_LINE = re.compile(
    rf"Số: (?P<ns>{NUMBER_SYMBOL.pattern}); "
    r"(?P<time>\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00)"
)


def parse_attachment_line(text: str) -> tuple[str, dt.datetime] | None:
    """(number/symbol, signing time) read back from an attachment line, or None if it is not one."""
    match = ATTACHMENT_LINE.search(text)
    if match is None:
        return None
    return match["ns"], dt.datetime.fromisoformat(match["time"])

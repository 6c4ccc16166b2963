"""How stamps look, as frozen data (ô 7c, 8, 10a/10b, 14: docs/format/signature.md, blocks.md,
copies.md).

Applying a style is a separate function (`docgen.pdf.stamp`); these classes only hold and check
values. Sizes are millimetres, font sizes points, colours 0–255 RGB.
"""

from __future__ import annotations

from dataclasses import dataclass

from docgen.errors import InputError, ProfileError

RGB = tuple[int, int, int]

BLACK: RGB = (0, 0, 0)
#: "màu đỏ tươi" (bright red) of the urgency stamps, PL1 III.2.b.
BRIGHT_RED: RGB = (237, 28, 36)


@dataclass(frozen=True)
class SealStyle:
    """The agency seal (ô 8): real size, over about 1/3 of the signature, on its left
    (Điều 33.1)."""

    size_mm: float = 40.0
    #: fraction of the signature image's width the seal covers, measured from its left edge
    overlap: float = 1 / 3

    def __post_init__(self) -> None:
        if not 20 <= self.size_mm <= 80:
            raise ProfileError(
                f"đường kính dấu {self.size_mm} mm không hợp lý",
                field="seal.size_mm",
                hint="đặt kích thước thật của con dấu, thường 35–42 mm.",
            )
        if not 0.25 <= self.overlap <= 0.40:
            raise ProfileError(
                f"dấu đè {self.overlap:.0%} chữ ký, ngoài khoảng 25–40 %",
                field="seal.overlap",
                hint="Điều 33.1 NĐ 30: dấu trùm khoảng 1/3 chữ ký về phía bên trái; đặt 0.33.",
            )


@dataclass(frozen=True)
class SignatureStyle:
    """The signer's signature image (ô 7c): blue PNG centred between position and name (PL1 II.7.d).

    The image keeps its aspect ratio inside `max_width_mm` × `max_height_mm`, and shrinks further
    so it stays `clearance_mm` away from the position line and the name line.
    """

    max_width_mm: float = 45.0
    max_height_mm: float = 18.0
    clearance_mm: float = 1.0

    def __post_init__(self) -> None:
        if self.max_width_mm <= 0 or self.max_height_mm <= 0 or self.clearance_mm < 0:
            raise ProfileError(
                "kích thước ảnh chữ ký phải dương",
                field="signature",
                hint="đặt max_width_mm, max_height_mm > 0.",
            )


@dataclass(frozen=True)
class TextLineStyle:
    """A single line of small text in the top right corner of page 1 (PL1 II.8.b, PL1-P2 I.3).

    `top_mm` is the distance from the top edge of the page to the baseline; `right_mm` the
    distance from the right edge to the end of the text (the page's right margin).
    """

    font_size: float = 10.0
    color: RGB = BLACK
    top_mm: float = 12.0
    right_mm: float = 15.0


#: The attachment line (PL1 II.8.b): Times New Roman 10 pt, upright, black, top right of page 1.
AttachmentLineStyle = TextLineStyle

#: The defaults, shared (the styles are immutable).
DEFAULT_SEAL = SealStyle()
DEFAULT_SIGNATURE = SignatureStyle()
DEFAULT_LINE = TextLineStyle()


@dataclass(frozen=True)
class MarkStyle:
    """A pre-made rectangular stamp with a single border and centred bold text (ô 10a/10b, 11)."""

    text: str
    width_mm: float
    height_mm: float = 8.0
    font_size: float = 13.0
    color: RGB = BRIGHT_RED
    border_mm: float = 0.4


#: Ô 10b, PL1 III.2.b: the three urgency stamps and their fixed sizes (CONFIRMED).
URGENCY_MARKS: dict[str, MarkStyle] = {
    "HỎA TỐC": MarkStyle("HỎA TỐC", 30.0),
    "THƯỢNG KHẨN": MarkStyle("THƯỢNG KHẨN", 40.0),
    "KHẨN": MarkStyle("KHẨN", 20.0),
}

#: Ô 10a: the secrecy stamps. Their form is set by the state-secret law, not ND30; these sizes are
#: an UNCONFIRMED default in the urgency stamps' style (text plus about 6 mm each side).
SECRECY_MARKS: dict[str, MarkStyle] = {
    "MẬT": MarkStyle("MẬT", 20.0),
    "TỐI MẬT": MarkStyle("TỐI MẬT", 30.0),
    "TUYỆT MẬT": MarkStyle("TUYỆT MẬT", 36.0),
}

#: The source text spells "HOẢ TỐC"; the drawing has "HỎA TỐC" (PL1 III.2.b): normalise.
_MARK_SPELLINGS = {"HOẢ TỐC": "HỎA TỐC"}


def mark_style(text: str) -> MarkStyle:
    """The urgency or secrecy stamp style for `text` (any case, old or new accent placement).

    Raises InputError when `text` is not one of the six marks.
    """
    key = " ".join(text.upper().split())
    key = _MARK_SPELLINGS.get(key, key)
    style = URGENCY_MARKS.get(key) or SECRECY_MARKS.get(key)
    if style is None:
        known = ", ".join([*URGENCY_MARKS, *SECRECY_MARKS])
        raise InputError(f"không có dấu '{text}'", hint=f"dùng một trong: {known}.")
    return style

"""The ND30 paragraph styles of our templates, as frozen data (docs/format/README.md).

Each style names the `SizeProfile` field that gives its size, so one template serves the "13" and "14"
profiles: the template is built with profile "14" and `layout.apply_layout` resizes the styles.
Style names are what a clerk sees in Word's style list; ids are ASCII and stable.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Align = Literal["left", "center", "justify"]


@dataclass(frozen=True)
class StyleSpec:
    style_id: str
    name: str
    size: str  #: field of SizeProfile
    bold: bool = False
    italic: bool = False
    align: Align = "center"
    first_line_mm: float = 0.0  #: negative: a hanging indent of that size (left indent to match)
    before_pt: float = 0.0
    after_pt: float = 0.0
    line: float = 1.0  #: line spacing as a multiple of single
    keep_next: bool = False


BODY_INDENT_MM = 12.7  # 1.27 cm first-line indent (PL1 II.6.e allows 1 cm or 1.27 cm)
SIGNATURE_SPACE_PT = 90.0  # ≈ 32 mm for signature and seal (docs/format/signature.md)


def _running(
    style_id: str, name: str, *, bold: bool = False, italic: bool = False, keep_next: bool = False
) -> StyleSpec:
    """A body paragraph style (PL1 II.6.e): justified, 1.27 cm first line, 6 pt after, 1.15 lines."""
    return StyleSpec(
        style_id,
        name,
        "body",
        bold=bold,
        italic=italic,
        align="justify",
        first_line_mm=BODY_INDENT_MM,
        after_pt=6,
        line=1.15,
        keep_next=keep_next,
    )


STYLES: tuple[StyleSpec, ...] = (
    StyleSpec("ND30CoQuanChuQuan", "ND30 Cơ quan chủ quản", "agency"),
    StyleSpec("ND30CoQuan", "ND30 Cơ quan ban hành", "agency", bold=True),
    StyleSpec("ND30QuocHieu", "ND30 Quốc hiệu", "quoc_hieu", bold=True),
    StyleSpec("ND30TieuNgu", "ND30 Tiêu ngữ", "tieu_ngu", bold=True),
    StyleSpec("ND30KeNganCoQuan", "ND30 Kẻ dưới tên cơ quan", "footer", line=0.3),
    StyleSpec("ND30KeNganTieuNgu", "ND30 Kẻ dưới tiêu ngữ", "footer", line=0.3),
    StyleSpec("ND30So", "ND30 Số, ký hiệu", "number", before_pt=6),
    StyleSpec("ND30TrichYeuCV", "ND30 V/v", "vv", before_pt=6),
    StyleSpec("ND30DiaDanh", "ND30 Địa danh, ngày tháng", "date", italic=True, before_pt=6),
    StyleSpec("ND30DoMat", "ND30 Độ mật", "title", bold=True, before_pt=6),
    StyleSpec("ND30DoKhan", "ND30 Độ khẩn", "title", bold=True, before_pt=6),
    StyleSpec("ND30KinhGui", "ND30 Kính gửi", "kinh_gui", align="left", before_pt=12, after_pt=6),
    StyleSpec("ND30KinhGuiMuc", "ND30 Kính gửi - mục", "kinh_gui", align="left"),
    _running("ND30NoiDung", "ND30 Nội dung"),
    StyleSpec(
        "ND30NoiNhan",
        "ND30 Nơi nhận",
        "noi_nhan_label",
        bold=True,
        italic=True,
        align="left",
        before_pt=6,
    ),
    # Wrapped items continue under the text, not under the dash.
    StyleSpec(
        "ND30NoiNhanMuc", "ND30 Nơi nhận - mục", "noi_nhan_item", align="left", first_line_mm=-1.9
    ),
    StyleSpec("ND30ChucVu", "ND30 Quyền hạn, chức vụ", "signature", bold=True, before_pt=6),
    StyleSpec(
        "ND30HoTen", "ND30 Họ tên người ký", "signature", bold=True, before_pt=SIGNATURE_SPACE_PT
    ),
    # ô 5a (PL1 II.5.b): type name, trích yếu and its 1/3–1/2 rule (the layout step sizes the rule)
    StyleSpec(
        "ND30TenLoai", "ND30 Tên loại văn bản", "title", bold=True, before_pt=18, keep_next=True
    ),
    StyleSpec("ND30TrichYeu", "ND30 Trích yếu", "title", bold=True, keep_next=True),
    StyleSpec("ND30KeTrichYeu", "ND30 Kẻ dưới trích yếu", "footer", line=0.3, after_pt=6),
    # ô 6 structure (PL1 II.6; docs/format/body.md): every body paragraph keeps ≥ 6 pt to the next
    _running("ND30CanCu", "ND30 Căn cứ", italic=True),
    StyleSpec(
        "ND30ThamQuyen", "ND30 Thẩm quyền ban hành", "body", bold=True, after_pt=6, keep_next=True
    ),
    StyleSpec(
        "ND30QuyetDinh",
        "ND30 Quyết định, quyết nghị",
        "body",
        bold=True,
        after_pt=6,
        keep_next=True,
    ),
    StyleSpec(
        "ND30Phan",
        "ND30 Phần, chương, mục",
        "body",
        bold=True,
        before_pt=6,
        after_pt=6,
        keep_next=True,
    ),
    StyleSpec(
        "ND30PhanTen", "ND30 Tên phần, chương, mục", "body", bold=True, after_pt=6, keep_next=True
    ),
    _running("ND30Dieu", "ND30 Điều", bold=True, keep_next=True),
    # biên bản: the secretary's signature in the left column (Mẫu 1.9)
    StyleSpec("ND30ChucVu2", "ND30 Chức vụ người ký thứ hai", "signature", bold=True, before_pt=6),
    StyleSpec(
        "ND30HoTen2",
        "ND30 Họ tên người ký thứ hai",
        "signature",
        bold=True,
        before_pt=SIGNATURE_SPACE_PT,
        after_pt=12,
    ),
    # paper copy block (PL1-P2 II): a full-width rule, then the copy's own header and signature
    StyleSpec("ND30KeBanSao", "ND30 Kẻ trên bản sao", "footer", line=0.3, before_pt=12),
    StyleSpec("ND30HinhThucSao", "ND30 Hình thức sao", "title", bold=True),
    # phụ lục (PL1 III.1; docs/format/appendices.md)
    StyleSpec("ND30PhuLuc", "ND30 Phụ lục", "phu_luc", bold=True, keep_next=True),
    StyleSpec("ND30PhuLucTen", "ND30 Tên phụ lục", "title", bold=True, before_pt=6, keep_next=True),
    StyleSpec(
        "ND30PhuLucKemTheo", "ND30 Kèm theo", "body", italic=True, after_pt=3, keep_next=True
    ),
    StyleSpec("ND30KePhuLuc", "ND30 Kẻ dưới phụ lục", "footer", line=0.3, after_pt=12),
    StyleSpec("ND30SoTrang", "ND30 Số trang", "page_number"),
    StyleSpec("ND30DiaChi", "ND30 Địa chỉ cơ quan", "footer"),
)

#: table captions by which the layout step finds the two layout tables in a (possibly edited) file
HEADER_TABLE = "ND30 tiêu đề"
BOTTOM_TABLE = "ND30 nơi nhận và chữ ký"
COPY_TABLE = "ND30 bản sao"


def style(style_id: str) -> StyleSpec:
    return next(s for s in STYLES if s.style_id == style_id)

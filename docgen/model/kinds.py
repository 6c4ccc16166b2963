"""The 29 administrative document types of ND30 Điều 7 and the 3 copy types (PL3 Mục I; the
table in docs/format/number-and-date.md)."""

from __future__ import annotations

import enum
from dataclasses import dataclass


@dataclass(frozen=True)
class KindInfo:
    """What docgen knows about one document type."""

    slug: str  #: stable identifier used in YAML files and templates (`cong-van`)
    name: str  #: type name as written in running text (`Công văn`)
    abbreviation: str | None  #: symbol prefix (`QĐ`); None for công văn and thư công
    has_kinh_gui: bool = False  #: the decree puts a Kính gửi block in it (PL1 II.9.b)
    has_trich_yeu: bool = True  #: a trích yếu under the type name (not Mẫu 1.8, 1.10)


class Kind(enum.Enum):
    """A document type. `Kind.CONG_VAN.info.abbreviation` is None: its symbol is agency-unit."""

    NGHI_QUYET = KindInfo("nghi-quyet", "Nghị quyết", "NQ")
    QUYET_DINH = KindInfo("quyet-dinh", "Quyết định", "QĐ")
    CHI_THI = KindInfo("chi-thi", "Chỉ thị", "CT")
    QUY_CHE = KindInfo("quy-che", "Quy chế", "QC")
    QUY_DINH = KindInfo("quy-dinh", "Quy định", "QyĐ")
    THONG_CAO = KindInfo("thong-cao", "Thông cáo", "TC")
    THONG_BAO = KindInfo("thong-bao", "Thông báo", "TB")
    HUONG_DAN = KindInfo("huong-dan", "Hướng dẫn", "HD")
    CHUONG_TRINH = KindInfo("chuong-trinh", "Chương trình", "CTr")
    KE_HOACH = KindInfo("ke-hoach", "Kế hoạch", "KH")
    PHUONG_AN = KindInfo("phuong-an", "Phương án", "PA")
    DE_AN = KindInfo("de-an", "Đề án", "ĐA")
    DU_AN = KindInfo("du-an", "Dự án", "DA")
    BAO_CAO = KindInfo("bao-cao", "Báo cáo", "BC", has_kinh_gui=True)
    BIEN_BAN = KindInfo("bien-ban", "Biên bản", "BB")
    TO_TRINH = KindInfo("to-trinh", "Tờ trình", "TTr", has_kinh_gui=True)
    HOP_DONG = KindInfo("hop-dong", "Hợp đồng", "HĐ")
    CONG_VAN = KindInfo("cong-van", "Công văn", None, has_kinh_gui=True)
    CONG_DIEN = KindInfo("cong-dien", "Công điện", "CĐ")
    BAN_GHI_NHO = KindInfo("ban-ghi-nho", "Bản ghi nhớ", "BGN")
    BAN_THOA_THUAN = KindInfo("ban-thoa-thuan", "Bản thỏa thuận", "BTT")
    GIAY_UY_QUYEN = KindInfo("giay-uy-quyen", "Giấy ủy quyền", "GUQ")
    GIAY_MOI = KindInfo("giay-moi", "Giấy mời", "GM")
    GIAY_GIOI_THIEU = KindInfo("giay-gioi-thieu", "Giấy giới thiệu", "GGT", has_trich_yeu=False)
    GIAY_NGHI_PHEP = KindInfo("giay-nghi-phep", "Giấy nghỉ phép", "GNP", has_trich_yeu=False)
    PHIEU_GUI = KindInfo("phieu-gui", "Phiếu gửi", "PG")
    PHIEU_CHUYEN = KindInfo("phieu-chuyen", "Phiếu chuyển", "PC")
    PHIEU_BAO = KindInfo("phieu-bao", "Phiếu báo", "PB")
    #: no PL3 template and no abbreviation (docs/format/number-and-date.md): its title is
    #: `THƯ <purpose>`, no trích yếu
    THU_CONG = KindInfo("thu-cong", "Thư công", None, has_trich_yeu=False)

    @property
    def info(self) -> KindInfo:
        value = self.value
        assert isinstance(value, KindInfo)
        return value

    @classmethod
    def from_slug(cls, slug: str) -> Kind:
        """The kind whose slug is `slug`; raises KeyError when there is none."""
        for kind in cls:
            if kind.info.slug == slug:
                return kind
        raise KeyError(slug)


class CopyKind(enum.Enum):
    """The three forms of copy (ND30 Điều 25; docs/format/copies.md): the mark and the symbol
    abbreviation."""

    SAO_Y = ("SAO Y", "SY")
    TRICH_SAO = ("TRÍCH SAO", "TrS")
    SAO_LUC = ("SAO LỤC", "SL")

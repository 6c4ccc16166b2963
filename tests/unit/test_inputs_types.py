"""Type-specific input fields (căn cứ, Điều/khoản/điểm, Phần/Mục, giấy mời, biên bản, giấy giới
thiệu, công điện, phụ lục, copies): what they become, and a one-line refusal naming the field."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from docgen.errors import InputError
from docgen.inputs.copy import CopyRequest, load_input
from docgen.inputs.document import parse_document
from docgen.inputs.profile import load_profile
from docgen.model.agency import Agency
from docgen.model.document import Document, Role
from docgen.model.kinds import CopyKind, Kind

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "bql-hanoi"
TODAY = dt.date(2024, 3, 5)


@pytest.fixture(scope="module")
def agency() -> Agency:
    return load_profile(EXAMPLES / "docgen.toml")


def base(loai: str, **fields: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "loai": loai,
        "don_vi": "KHTH",
        "trich_yeu": "về việc thử",
        "noi_dung": ["Nội dung."],
        "nguoi_ky": "pho-truong-ban",
    }
    data.update(fields)
    return {k: v for k, v in data.items() if v is not None}


def parse(data: dict[str, Any], agency: Agency) -> Document:
    return parse_document(data, agency, source="vb.yaml", today=TODAY)


def texts(document: Document) -> list[str]:
    return [p.text for p in document.body]


def test_quyet_dinh_opens_with_authority_can_cu_and_verb(agency: Agency) -> None:
    document = parse(
        base(
            "quyet-dinh",
            can_cu=["Căn cứ A", "Theo đề nghị của B;"],
            noi_dung=[{"dieu": "Phạm vi"}, {"dieu": None, "noi_dung": ["Giao C."]}],
        ),
        agency,
    )
    assert texts(document) == [
        "TRƯỞNG BAN BAN QUẢN LÝ CÁC KHU CÔNG NGHIỆP VÀ CHẾ XUẤT HÀ NỘI",
        "Căn cứ A;",
        "Theo đề nghị của B.",
        "QUYẾT ĐỊNH:",
        "Điều 1. Phạm vi",
        "Điều 2. Giao C.",
    ]
    roles = [p.role for p in document.body]
    assert roles == [Role.AUTHORITY, Role.CAN_CU, Role.CAN_CU, Role.VERB, Role.DIEU, Role.DIEU]


def test_nghi_quyet_verb_and_own_authority_line(agency: Agency) -> None:
    document = parse(
        base("nghi-quyet", tham_quyen_ban_hanh="Hội đồng thi đua khen thưởng Ban Quản lý"), agency
    )
    assert texts(document)[:2] == ["HỘI ĐỒNG THI ĐUA KHEN THƯỞNG BAN QUẢN LÝ", "QUYẾT NGHỊ:"]


def test_khoan_diem_and_headings_are_numbered(agency: Agency) -> None:
    body = [
        {"chuong": "Quy định chung"},
        {"muc": "Phạm vi"},
        {
            "dieu": "Đối tượng",
            "khoan": ["Doanh nghiệp.", {"noi_dung": "Gồm:", "diem": ["x;", "y."]}],
        },
        {"muc": "Hồ sơ"},
        {"chuong": "Thi hành"},
        {"muc": "Trách nhiệm"},
        {"tieu_muc": "Các phòng"},
        {"dieu": "Hiệu lực"},
    ]
    document = parse(base("quy-che", noi_dung=body), agency)
    assert texts(document) == [
        "Chương I",
        "QUY ĐỊNH CHUNG",
        "Mục 1",
        "PHẠM VI",
        "Điều 1. Đối tượng",
        "1. Doanh nghiệp.",
        "2. Gồm:",
        "a) x;",
        "b) y.",
        "Mục 2",
        "HỒ SƠ",
        "Chương II",
        "THI HÀNH",
        "Mục 1",
        "TRÁCH NHIỆM",
        "Tiểu mục 1",
        "CÁC PHÒNG",
        "Điều 2. Hiệu lực",
    ]


def test_giay_moi_ends_with_time_and_place(agency: Agency) -> None:
    document = parse(
        base(
            "giay-moi", kinh_moi="Ông Trần Văn B", thoi_gian="08 giờ, ngày 12/3/2024.",
            dia_diem="Phòng 1",
        ),
        agency,
    )  # fmt: skip
    assert texts(document)[-2:] == ["Thời gian: 08 giờ, ngày 12/3/2024", "Địa điểm: Phòng 1"]
    assert texts(document)[0].endswith("trân trọng kính mời: Ông Trần Văn B.")


def test_bien_ban_opening_and_second_signature(agency: Agency) -> None:
    document = parse(
        base(
            "bien-ban",
            thoi_gian="14 giờ",
            dia_diem="Phòng họp",
            thanh_phan=["Ông A", "Bà B"],
            chu_tri="Ông A",
            nguoi_ky={"ho_ten": "Nguyễn Văn A", "chuc_vu": "Chủ trì"},
            nguoi_ky_2={"ho_ten": "Trần Thị B", "chuc_vu": "Thư ký"},
        ),
        agency,
    )
    assert texts(document) == [
        "Thời gian bắt đầu: 14 giờ",
        "Địa điểm: Phòng họp",
        "Thành phần tham dự:",
        "- Ông A;",
        "- Bà B.",
        "Chủ trì: Ông A",
        "Nội dung:",
        "Nội dung.",
    ]
    assert document.second_signature is not None
    assert document.second_signature.name == "Trần Thị B"


def test_giay_gioi_thieu_needs_no_trich_yeu_and_ends_with_validity(agency: Agency) -> None:
    document = parse(base("giay-gioi-thieu", trich_yeu=None, gia_tri_den="31/3/2024"), agency)
    assert document.subject == "Giấy giới thiệu"
    assert texts(document)[-1] == "Giấy này có giá trị đến hết ngày 31 tháng 3 năm 2024."


def test_cong_dien_sender_and_recipients(agency: Agency) -> None:
    document = parse(base("cong-dien", dien_gui=["Sở A", "Sở B"]), agency)
    assert texts(document)[:3] == [
        "TRƯỞNG BAN BAN QUẢN LÝ CÁC KHU CÔNG NGHIỆP VÀ CHẾ XUẤT HÀ NỘI điện:",
        "- Sở A;",
        "- Sở B.",
    ]


def test_appendices(agency: Agency) -> None:
    document = parse(
        base("quyet-dinh", phu_luc=[{"tieu_de": "Danh sách", "noi_dung": [{"dieu": "X"}]}]), agency
    )
    assert len(document.appendices) == 1
    assert document.appendices[0].title == "Danh sách"
    assert document.appendices[0].body[0].text == "Điều 1. X"  # numbered within the appendix


BAD: list[tuple[str, dict[str, Any], str]] = [
    ("cong-van", {"can_cu": ["Căn cứ A"], "kinh_gui": ["Sở A"]}, "can_cu"),
    ("quyet-dinh", {"kinh_gui": ["Sở A"]}, "kinh_gui"),
    ("thong-bao", {"thoi_gian": "8 giờ"}, "thoi_gian"),
    ("giay-moi", {"kinh_moi": "A", "dia_diem": "Phòng 1"}, "thoi_gian"),
    ("giay-moi", {"kinh_moi": "A", "thoi_gian": "8 giờ"}, "dia_diem"),
    ("giay-moi", {"thoi_gian": "8 giờ", "dia_diem": "Phòng 1"}, "kinh_moi"),
    ("bien-ban", {"thoi_gian": "8 giờ", "dia_diem": "P1", "thanh_phan": ["A"]}, "nguoi_ky_2"),
    ("bien-ban", {"thoi_gian": "8 giờ", "dia_diem": "P1", "nguoi_ky_2": "x"}, "thanh_phan"),
    (
        "bien-ban",
        {"thoi_gian": "8 giờ", "dia_diem": "P1", "thanh_phan": ["A"], "nguoi_ky_2": {"ma": "x"}},
        "nguoi_ky_2.ma",
    ),
    ("giay-gioi-thieu", {}, "gia_tri_den"),
    ("giay-gioi-thieu", {"gia_tri_den": "31/2/2024"}, "gia_tri_den"),
    ("giay-gioi-thieu", {"gia_tri_den": "cuối tháng"}, "gia_tri_den"),
    ("cong-dien", {}, "dien_gui"),
    ("cong-dien", {"dien_gui": []}, "dien_gui"),
    ("quyet-dinh", {"noi_dung": [{"dieu": None}]}, "noi_dung[1].dieu"),
    ("quyet-dinh", {"noi_dung": [{"dieu": "A", "khoan": "x"}]}, "noi_dung[1].khoan"),
    ("quyet-dinh", {"noi_dung": [{"dieu": "A", "khoan": [3]}]}, "noi_dung[1].khoan[1]"),
    (
        "quyet-dinh",
        {"noi_dung": [{"dieu": "A", "khoan": [{"noi_dung": "x"}]}]},
        "noi_dung[1].khoan[1].diem",
    ),
    ("quyet-dinh", {"noi_dung": [{"dieu": "A", "ghi_chu": "x"}]}, "noi_dung[1].ghi_chu"),
    ("ke-hoach", {"noi_dung": [{"phan": "A", "muc": "B"}]}, "noi_dung[1]"),
    ("ke-hoach", {"noi_dung": [{"muc": ""}]}, "noi_dung[1].muc"),
    ("ke-hoach", {"noi_dung": [{"Nội dung như sau": None}]}, "noi_dung[1]"),
    ("ke-hoach", {"phu_luc": "x"}, "phu_luc"),
    ("ke-hoach", {"phu_luc": [{"noi_dung": ["x"]}]}, "phu_luc[1].tieu_de"),
    ("ke-hoach", {"phu_luc": [{"tieu_de": "A"}]}, "phu_luc[1].noi_dung"),
    ("ke-hoach", {"trich_yeu": None}, "trich_yeu"),
]


@pytest.mark.parametrize(("loai", "fields", "field"), BAD)
def test_bad_type_field_names_the_field(
    agency: Agency, loai: str, fields: dict[str, Any], field: str
) -> None:
    data = base(loai)
    data.update(fields)
    data = {k: v for k, v in data.items() if v is not None}
    with pytest.raises(InputError) as caught:
        parse(data, agency)
    error = caught.value
    assert error.field == field
    line = error.one_line()
    assert "\n" not in line and line.startswith(f"vb.yaml: {field}: ")
    assert any(ch in line for ch in "ăâđêôơưàáạảã"), line  # Vietnamese for the clerk


def write(tmp_path: Path, name: str, data: Any) -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    return path


def test_copy_input(tmp_path: Path, agency: Agency) -> None:
    (tmp_path / "goc.docx").write_bytes(b"placeholder")
    path = write(
        tmp_path,
        "sao.yaml",
        {
            "loai": "sao-luc",
            "ban_goc": "goc.docx",
            "so": 3,
            "ngay": "2024-03-20",
            "nguoi_ky": "truong-ban",
            "noi_nhan": ["Sở A"],
        },
    )
    request = load_input(path, agency, today=TODAY)
    assert isinstance(request, CopyRequest)
    assert request.copy.kind is CopyKind.SAO_LUC and request.copy.number == 3
    assert request.original == tmp_path / "goc.docx" and request.extract is None


def test_copy_of_a_yaml_renders_it_anew(tmp_path: Path, agency: Agency) -> None:
    write(tmp_path, "goc.yaml", base("thong-bao"))
    path = write(
        tmp_path,
        "trich.yaml",
        {"loai": "trich-sao", "ban_goc": "goc.yaml", "nguoi_ky": "truong-ban"},
    )
    request = load_input(path, agency, today=TODAY)
    assert isinstance(request, CopyRequest) and request.extract is not None
    assert request.extract.kind is Kind.THONG_BAO


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"ban_goc": "khong-co.docx"}, "ban_goc"),
        ({"ban_goc": "goc.pdf"}, "ban_goc"),
        ({"ban_goc": "goc.docx", "so": 1}, "ngay"),
        ({"ban_goc": "goc.docx", "thua": 1}, "thua"),
        ({}, "ban_goc"),
    ],
)
def test_bad_copy_input(tmp_path: Path, agency: Agency, fields: dict[str, Any], field: str) -> None:
    (tmp_path / "goc.docx").write_bytes(b"placeholder")
    (tmp_path / "goc.pdf").write_bytes(b"placeholder")
    data = {"loai": "sao-y", "nguoi_ky": "truong-ban", "ngay": {"nam": 2024, "thang": 3}}
    data.update(fields)
    with pytest.raises(InputError) as caught:
        load_input(write(tmp_path, "sao.yaml", data), agency, today=TODAY)
    assert caught.value.field == field
    assert "\n" not in caught.value.one_line()

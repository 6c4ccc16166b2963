"""The agency profile (TOML) and document (YAML) readers on good and bad data.

Every refusal must be the right family, name the file (`source`) and the field (`field`), and be one
line; nothing else may escape.
"""

from __future__ import annotations

import copy
import datetime as dt
import tomllib
import unicodedata
from pathlib import Path
from typing import Any

import pytest
import yaml

from docgen.errors import DocgenError, InputError, ProfileError
from docgen.inputs.document import load_document, parse_document, parse_runs
from docgen.inputs.profile import load_profile, parse_profile
from docgen.model.agency import SIZE_PROFILES, Agency, Footer, Margins, Unit
from docgen.model.document import (
    Authority,
    AuthorityLine,
    IssueDate,
    Luu,
    Run,
    Secrecy,
    Signature,
    Urgency,
)
from docgen.model.kinds import Kind

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "bql-hanoi"
PROFILE = EXAMPLES / "docgen.toml"
REFERENCE = EXAMPLES / "bql-khth-moi-xet-chon-spcncl.yaml"
TODAY = dt.date(2024, 3, 5)  # fixed: the tests never depend on today's date
NFD_HANOI = unicodedata.normalize("NFD", "Hà Nội")


def profile_data() -> dict[str, Any]:
    return tomllib.loads(PROFILE.read_text("utf-8"))


def document_data() -> dict[str, Any]:
    data = yaml.safe_load(REFERENCE.read_text("utf-8"))
    assert isinstance(data, dict)
    return data


@pytest.fixture(scope="module")
def agency() -> Agency:
    return parse_profile(profile_data(), source="docgen.toml")


def check_refusal(
    error: DocgenError, *, family: type[DocgenError], source: str, field: str
) -> None:
    assert type(error) is family
    assert error.source == source
    assert error.field == field
    line = error.one_line()
    assert "\n" not in line
    assert line.startswith(f"{source}: {field}: " if field else f"{source}: ")
    assert error.hint, "every refusal says what to do next"


def edit(data: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    """A deep copy of `data` with `path` (dotted) set to `value`, or removed when value is DELETE."""
    out = copy.deepcopy(data)
    *parents, last = path.split(".")
    node = out
    for key in parents:
        node = node.setdefault(key, {})
    if value is DELETE:
        node.pop(last, None)
    else:
        node[last] = value
    return out


DELETE = object()

# --- Profile -----------------------------------------------------------------------------------


def test_example_profile(agency: Agency) -> None:
    assert agency.name == "BAN QUẢN LÝ CÁC KHU CÔNG NGHIỆP VÀ CHẾ XUẤT HÀ NỘI"
    assert agency.abbreviation == "BQL"
    assert agency.place == "Hà Nội"
    assert agency.parent == "UBND THÀNH PHỐ HÀ NỘI"
    assert agency.name_lines == ("BAN QUẢN LÝ CÁC KHU CÔNG", "NGHIỆP VÀ CHẾ XUẤT HÀ NỘI")
    assert agency.unit("VT") == Unit("VT", "Văn thư")
    assert agency.unit("KHTH") == Unit("KHTH", "Phòng Kế hoạch tổng hợp")
    head = agency.signer("truong-ban")
    deputy = agency.signer("pho-truong-ban")
    assert head is not None and (head.name, head.position, head.authority) == (
        "Lê Quang Long",
        "Trưởng ban",
        "",
    )
    assert deputy is not None and (deputy.authority, deputy.acting_for) == ("KT", "Trưởng ban")
    assert agency.margins == Margins(top=20, bottom=20, left=30, right=15)
    assert agency.sizes == SIZE_PROFILES["14"]
    assert agency.style.luu_format == "nd30"
    assert agency.footer.empty


def test_minimal_profile_takes_the_defaults() -> None:
    agency = parse_profile(
        {"agency": {"name": "Ủy ban nhân dân", "abbreviation": "UBND", "place": "Huế"}},
        source="p.toml",
    )
    assert agency.parent == ""
    assert agency.units == (Unit("VT", "Văn thư"),)  # the records office always exists
    assert agency.signers == ()
    assert agency.margins == Margins()
    assert agency.sizes == SIZE_PROFILES["14"]
    assert agency.footer == Footer()


@pytest.mark.parametrize("size", ["13", 13, "14", 14])
def test_size_profile_as_text_or_number(size: object) -> None:
    agency = parse_profile(edit(profile_data(), "format.size_profile", size), source="p.toml")
    assert agency.sizes == SIZE_PROFILES[str(size)]


@pytest.mark.parametrize(
    "margins",
    [
        {"top": 20, "bottom": 20, "left": 30, "right": 15},
        {"top": 25, "bottom": 25, "left": 35, "right": 20},  # the upper ends are allowed
        {"top": 22.5, "bottom": 21, "left": 32.5, "right": 17.5},
        {"left": 35},  # the others keep their defaults
    ],
)
def test_margins_within_the_decree_ranges(margins: dict[str, float]) -> None:
    agency = parse_profile(edit(profile_data(), "format.margins_mm", margins), source="p.toml")
    for side, value in margins.items():
        assert getattr(agency.margins, side) == value


def test_footer_and_unit_override() -> None:
    data = edit(profile_data(), "footer", {"phone": "024.33560570", "email": "bql@hanoi.gov.vn"})
    data = edit(data, "units.VT", "Bộ phận Văn thư")
    agency = parse_profile(data, source="p.toml")
    assert agency.footer == Footer(phone="024.33560570", email="bql@hanoi.gov.vn")
    assert agency.unit("VT") == Unit("VT", "Bộ phận Văn thư")
    assert [u.abbreviation for u in agency.units].count("VT") == 1


BAD_PROFILES: list[tuple[str, Any, str]] = [
    ("agency", DELETE, "agency"),
    ("agency", "BQL", "agency"),
    ("agency.abbreviation", DELETE, "agency.abbreviation"),
    ("agency.abbreviation", "bql", "agency.abbreviation"),
    ("agency.abbreviation", "B QL", "agency.abbreviation"),
    ("agency.name", DELETE, "agency.name"),
    ("agency.name_lines", ["BAN QUẢN LÝ", "CHẾ XUẤT HÀ NỘI"], "agency.name_lines"),
    ("agency.place", DELETE, "agency.place"),
    ("agency.place", NFD_HANOI, "agency.place"),
    ("agency.adress", "Hà Nội", "agency.adress"),
    ("agencies", {}, "agencies"),
    ("units.khth", "Phòng Kế hoạch tổng hợp", "units.khth"),
    ("units.KHTH", ["Phòng Kế hoạch"], "units.KHTH"),
    ("signers.pho-truong-ban.authority", "XYZ", "signers.pho-truong-ban.authority"),
    ("signers.pho-truong-ban.acting_for", DELETE, "signers.pho-truong-ban.acting_for"),
    ("signers.truong-ban.name", DELETE, "signers.truong-ban.name"),
    ("signers.truong-ban.title", "TS.", "signers.truong-ban.title"),
    ("signers.truong-ban", "Lê Quang Long", "signers.truong-ban"),
    ("format.margins_mm.top", 19, "format.margins_mm.top"),
    ("format.margins_mm.top", 26, "format.margins_mm.top"),
    ("format.margins_mm.bottom", 30, "format.margins_mm.bottom"),
    ("format.margins_mm.left", 29.9, "format.margins_mm.left"),
    ("format.margins_mm.left", 40, "format.margins_mm.left"),
    ("format.margins_mm.right", 14, "format.margins_mm.right"),
    ("format.margins_mm.right", 21, "format.margins_mm.right"),
    ("format.margins_mm.right", "15mm", "format.margins_mm.right"),
    ("format.margins_mm.centre", 10, "format.margins_mm.centre"),
    ("format.size_profile", "12", "format.size_profile"),
    ("format.size_profile", 0, "format.size_profile"),  # not silently "14"
    ("format.size_profile", "", "format.size_profile"),
    ("format.size_profile", False, "format.size_profile"),
    ("format.luu_format", "free", "format.luu_format"),
    ("format.kinh_gui_single_period", "yes", "format.kinh_gui_single_period"),
    ("format.font", "Arial", "format.font"),
    ("footer.phone2", "024", "footer.phone2"),
]


@pytest.mark.parametrize(("path", "value", "field"), BAD_PROFILES)
def test_bad_profile_names_the_field(path: str, value: Any, field: str) -> None:
    with pytest.raises(ProfileError) as caught:
        parse_profile(edit(profile_data(), path, value), source="docgen.toml")
    check_refusal(caught.value, family=ProfileError, source="docgen.toml", field=field)


def test_margin_refusal_gives_the_range() -> None:
    with pytest.raises(ProfileError) as caught:
        parse_profile(edit(profile_data(), "format.margins_mm.left", 40), source="docgen.toml")
    assert "30–35 mm" in caught.value.message


def test_profile_that_is_not_a_table() -> None:
    with pytest.raises(ProfileError) as caught:
        parse_profile(["agency"], source="docgen.toml")
    check_refusal(caught.value, family=ProfileError, source="docgen.toml", field="")


def test_load_profile_reads_a_file(tmp_path: Path) -> None:
    path = tmp_path / "docgen.toml"
    path.write_bytes(PROFILE.read_bytes())
    assert load_profile(path) == parse_profile(profile_data(), source=str(path))


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (None, "không tìm thấy"),
        (b'[agency]\nname = "BQL\n', "sai cú pháp TOML (dòng 2"),
        (b"[agency\n", "sai cú pháp TOML"),
        ('[agency]\nname = "Hà Nội"\n'.encode("utf-16"), "UTF-8"),
        (b"", "thiếu nhóm trường bắt buộc"),
    ],
)
def test_load_profile_refusals(tmp_path: Path, content: bytes | None, words: str) -> None:
    path = tmp_path / "docgen.toml"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(ProfileError) as caught:
        load_profile(path)
    assert caught.value.source == str(path)
    assert words in caught.value.message
    assert "\n" not in caught.value.one_line()


# --- Document ----------------------------------------------------------------------------------


def parse(data: Any, agency: Agency) -> Any:
    return parse_document(data, agency, source="cv.yaml", today=TODAY)


def test_reference_document(agency: Agency) -> None:
    document = parse(document_data(), agency)
    assert document.kind is Kind.CONG_VAN
    assert document.unit == "KHTH"
    assert document.subject.startswith("mời tham gia đăng ký xét chọn sản phẩm công nghiệp")
    assert document.date == IssueDate(2023, 3)
    assert document.number is None and document.is_draft
    assert document.recipients == (
        "Tổng Giám đốc/Giám đốc các doanh nghiệp trong các khu công nghiệp trên địa bàn thành phố Hà Nội",
    )
    assert len(document.body) == 4
    third = document.body[2].runs
    assert Run("được gửi kèm theo", italic=True) in third
    assert Run("31/7/2024", bold=True) in third
    assert "  " not in document.body[1].text and "\n" not in document.body[1].text
    assert document.signature == Signature((), "Trưởng ban", "Lê Quang Long", key="truong-ban")
    assert document.nhu_tren == "VP gửi email và đăng lên Website BQL"
    assert document.noi_nhan == ("Sở Công Thương",)
    assert document.luu == Luu(units=("KHTH",))
    assert document.urgency is None and document.secrecy is None


def minimal() -> dict[str, Any]:
    return {
        "don_vi": "KHTH",
        "trich_yeu": "mời họp",
        "kinh_gui": ["Sở Công Thương"],
        "noi_dung": ["Kính mời dự họp."],
        "nguoi_ky": "truong-ban",
    }


MINIMAL_YAML = yaml.safe_dump(minimal(), allow_unicode=True).encode()


def test_minimal_document_defaults(agency: Agency) -> None:
    document = parse(minimal(), agency)
    assert document.kind is Kind.CONG_VAN
    assert document.date == IssueDate(2024, 3)  # a draft: this month, the day left blank
    assert document.nhu_tren is True  # a công văn with Kính gửi starts Nơi nhận with `Như trên`
    assert document.noi_nhan == ()
    assert document.luu == Luu(units=("KHTH",))


@pytest.mark.parametrize(
    ("value", "date"),
    [
        (dt.date(2024, 3, 5), IssueDate(2024, 3, 5)),
        (dt.datetime(2024, 3, 5, 9, 30), IssueDate(2024, 3, 5)),
        ("05/3/2024", IssueDate(2024, 3, 5)),
        ("5/03/2024", IssueDate(2024, 3, 5)),
        ("2024-03-05", IssueDate(2024, 3, 5)),
        ({"nam": 2024, "thang": 1, "ngay": 5}, IssueDate(2024, 1, 5)),
        ({"nam": 2024, "thang": 2}, IssueDate(2024, 2)),
        ({"nam": 2024}, IssueDate(2024)),
        ("29/2/2024", IssueDate(2024, 2, 29)),
    ],
)
def test_date_forms(agency: Agency, value: Any, date: IssueDate) -> None:
    assert parse({**minimal(), "ngay": value}, agency).date == date


def test_numbered_document(agency: Agency) -> None:
    document = parse({**minimal(), "so": 5, "ngay": "05/3/2024"}, agency)
    assert document.number == 5 and not document.is_draft


def test_body_items(agency: Agency) -> None:
    body = [
        "Mở đầu.",
        {"gach": ["Ý một", "Ý hai"]},
        {"so": ["Việc một", "Việc hai"]},
        {"chu": ["a", "b", "c", "d", "e", "f"]},
    ]
    texts = [p.text for p in parse({**minimal(), "noi_dung": body}, agency).body]
    assert texts[:5] == ["Mở đầu.", "- Ý một", "- Ý hai", "1. Việc một", "2. Việc hai"]
    # điểm letters follow the Vietnamese alphabet: đ comes after d (docs/format/body.md)
    assert texts[5:] == ["a) a", "b) b", "c) c", "d) d", "đ) e", "e) f"]


def test_parse_runs() -> None:
    assert parse_runs("Hạn **31/7/2024** (*kèm theo*).") == (
        Run("Hạn "),
        Run("31/7/2024", bold=True),
        Run(" ("),
        Run("kèm theo", italic=True),
        Run(")."),
    )
    assert parse_runs("2 * 3 = 6") == (Run("2 * 3 = 6"),)


@pytest.mark.parametrize(
    ("signer", "signature"),
    [
        (
            "pho-truong-ban",
            Signature(
                (AuthorityLine(Authority.KT, "Trưởng ban"),),
                "Phó Trưởng ban",
                "Nguyễn Văn Ngân",
                key="pho-truong-ban",
            ),
        ),
        (
            {"ma": "pho-truong-ban"},
            Signature(
                (AuthorityLine(Authority.KT, "Trưởng ban"),),
                "Phó Trưởng ban",
                "Nguyễn Văn Ngân",
                key="pho-truong-ban",
            ),
        ),
        (
            {
                "ho_ten": "Trần Văn B",
                "chuc_vu": "Phó Chủ tịch",
                "tham_quyen": ["TM.", "kt"],
                "thay_cho": ["Ủy ban nhân dân", "Chủ tịch"],
            },
            Signature(
                (
                    AuthorityLine(Authority.TM, "Ủy ban nhân dân"),
                    AuthorityLine(Authority.KT, "Chủ tịch"),
                ),
                "Phó Chủ tịch",
                "Trần Văn B",
            ),
        ),
        (
            {"ho_ten": "Trần Văn C", "tham_quyen": "Q", "thay_cho": "Cục trưởng"},
            Signature((AuthorityLine(Authority.Q, "Cục trưởng"),), "", "Trần Văn C"),
        ),
    ],
)
def test_signature_forms(agency: Agency, signer: Any, signature: Signature) -> None:
    assert parse({**minimal(), "nguoi_ky": signer}, agency).signature == signature


def test_luu_marks_and_noi_nhan(agency: Agency) -> None:
    data = {
        **minimal(),
        "noi_nhan": {"nhu_tren": False, "cac_noi": ["UBND Thành phố", "Sở Công Thương"]},
        "luu": {
            "don_vi": ["VT", "KHTH", "VP"],
            "so_ban_luu": 2,
            "nguoi_soan": "NVA",
            "so_ban_phat_hanh": 15,
        },
        "do_khan": "thuong-khan",
        "do_mat": "mat",
    }
    document = parse(data, agency)
    assert document.nhu_tren is False
    assert document.noi_nhan == ("UBND Thành phố", "Sở Công Thương")
    # VT is always first on the Lưu line; listing it again does not repeat it
    assert document.luu == Luu(("KHTH", "VP"), archive_copies=2, drafter="NVA", issued_copies=15)
    assert document.urgency is Urgency.THUONG_KHAN
    assert document.secrecy is Secrecy.MAT


def test_text_is_collapsed_to_single_spaces(agency: Agency) -> None:
    document = parse({**minimal(), "trich_yeu": "  mời   họp\n  tháng 3 "}, agency)
    assert document.subject == "mời họp tháng 3"


BAD_DOCUMENTS: list[tuple[str, Any, str]] = [
    ("trich_yeu", DELETE, "trich_yeu"),
    ("trich_yeu", "   ", "trich_yeu"),
    ("trich_yeu", [1, 2], "trich_yeu"),
    ("trich_yeu", "mời họp {{ 7*7 }}", "trich_yeu"),
    ("trich_yeu", "{% for x in y %}", "trich_yeu"),
    ("trich_yeu", "mời\x07họp", "trich_yeu"),
    ("trich_yeu", unicodedata.normalize("NFD", "mời họp"), "trich_yeu"),
    ("don_vi", DELETE, "don_vi"),
    ("don_vi", "XYZ", "don_vi"),
    ("loai", "thu-tinh", "loai"),
    ("so", 0, "so"),
    ("so", "năm", "so"),
    ("so", True, "so"),
    ("so", 5, "ngay"),  # a number needs the full date
    ("ngay", "31/2/2024", "ngay"),
    ("ngay", "2023-02-29", "ngay"),
    ("ngay", "hôm nay", "ngay"),
    ("ngay", 2024, "ngay"),
    ("ngay", {"nam": 2024, "ngay": 5}, "ngay"),
    ("ngay", {"nam": 1900}, "ngay.nam"),
    ("ngay", dt.date(1900, 3, 5), "ngay.nam"),  # an unquoted YAML date gets the same range check
    ("ngay", {"nam": 2024, "thang": 13}, "ngay.thang"),
    ("ngay", {"year": 2024}, "ngay.nam"),
    ("ngay", {"nam": 2024, "thang": 3, "gio": 9}, "ngay.gio"),
    ("kinh_gui", [], "kinh_gui"),
    ("kinh_gui", DELETE, "kinh_gui"),
    ("kinh_gui", 42, "kinh_gui"),
    ("kinh_gui", ["Sở Công Thương", ""], "kinh_gui[2]"),
    ("kinh_gui", [{"ten": "Sở"}], "kinh_gui[1]"),
    ("kinh_gui", ["Sở {{ x }}"], "kinh_gui[1]"),
    ("kinh_gui", ["Sở\x0bCông Thương"], "kinh_gui[1]"),
    ("noi_dung", DELETE, "noi_dung"),
    ("noi_dung", "Một đoạn.", "noi_dung"),
    ("noi_dung", [], "noi_dung"),
    ("noi_dung", [""], "noi_dung[1]"),
    ("noi_dung", ["Một.", 7], "noi_dung[2]"),
    ("noi_dung", ["Một.", unicodedata.normalize("NFD", "Hai đoạn.")], "noi_dung[2]"),
    ("noi_dung", [{"bang": ["x"]}], "noi_dung[1]"),
    ("noi_dung", [{"gach": []}], "noi_dung[1].gach"),
    ("noi_dung", [{"gach": ["x"], "ghi_chu": "y"}], "noi_dung[1].ghi_chu"),
    ("nguoi_ky", DELETE, "nguoi_ky"),
    ("nguoi_ky", "giam-doc", "nguoi_ky"),
    ("nguoi_ky", 5, "nguoi_ky"),
    (
        "nguoi_ky",
        {"ma": "truong-ban", "tham_quyen": "XYZ", "thay_cho": "Trưởng ban"},
        "nguoi_ky.tham_quyen[1]",
    ),
    (
        "nguoi_ky",
        {"ho_ten": "Trần B", "tham_quyen": "KT", "thay_cho": "Trưởng ban"},
        "nguoi_ky.chuc_vu",
    ),
    (
        "nguoi_ky",
        {"ho_ten": "Trần B", "chuc_vu": "Phó Trưởng ban", "tham_quyen": "KT"},
        "nguoi_ky.thay_cho",
    ),
    ("nguoi_ky", {"ho_ten": "Trần B"}, "nguoi_ky.chuc_vu"),
    ("nguoi_ky", {"chuc_vu": "Trưởng ban"}, "nguoi_ky.ho_ten"),
    ("nguoi_ky", {"ma": "truong-ban", "hoc_vi": "TS."}, "nguoi_ky.hoc_vi"),
    ("noi_nhan", ["Sở Công Thương"], "noi_nhan"),
    ("noi_nhan", {"nhu_tren": 5}, "noi_nhan.nhu_tren"),
    ("noi_nhan", {"nhu_tren": "ghi {{ chu }}"}, "noi_nhan.nhu_tren"),
    ("noi_nhan", {"cac_noii": ["Sở"]}, "noi_nhan.cac_noii"),
    ("luu", {"don_vi": ["ABC"]}, "luu.don_vi[1]"),
    ("luu", {"so_ban_luu": 0}, "luu.so_ban_luu"),
    ("luu", {"so_ban": 2}, "luu.so_ban"),
    ("luu", {"so_ban_phat_hanh": 15}, "luu.so_ban_phat_hanh"),  # would vanish without initials
    ("do_khan", "rat-khan", "do_khan"),
    ("do_mat", "bi-mat", "do_mat"),
    ("do_khann", "khan", "do_khann"),  # a typo is never silently ignored
]


@pytest.mark.parametrize(("key", "value", "field"), BAD_DOCUMENTS)
def test_bad_document_names_the_field(agency: Agency, key: str, value: Any, field: str) -> None:
    data = minimal()
    if value is DELETE:
        data.pop(key, None)
    else:
        data[key] = value
    with pytest.raises(InputError) as caught:
        parse(data, agency)
    check_refusal(caught.value, family=InputError, source="cv.yaml", field=field)


@pytest.mark.parametrize("data", [["trich_yeu"], "trich_yeu: x", 42])
def test_document_that_is_not_a_mapping(agency: Agency, data: Any) -> None:
    with pytest.raises(InputError) as caught:
        parse(data, agency)
    check_refusal(caught.value, family=InputError, source="cv.yaml", field="")


def test_load_document_reads_a_file(tmp_path: Path, agency: Agency) -> None:
    path = tmp_path / "cv.yaml"
    path.write_bytes(REFERENCE.read_bytes())
    loaded = load_document(path, agency, today=TODAY)
    assert loaded == parse_document(document_data(), agency, source=str(path), today=TODAY)


def test_load_document_accepts_a_byte_order_mark(tmp_path: Path, agency: Agency) -> None:
    # Windows Notepad saves UTF-8 with a BOM; the clerk must not have to know.
    path = tmp_path / "cv.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + MINIMAL_YAML)
    assert load_document(path, agency, today=TODAY).subject == "mời họp"


@pytest.mark.parametrize(
    ("content", "words", "field"),
    [
        (None, "không tìm thấy", ""),
        (b"", "tệp trống", ""),
        ("# chỉ có ghi chú\n\n".encode(), "tệp trống", ""),
        (b"trich_yeu: [a, b\ndon_vi: KHTH\n", "sai cú pháp YAML (dòng", ""),
        (b"don_vi: KHTH\n  trich_yeu: x: y\n", "sai cú pháp YAML (dòng 2", ""),
        ("trich_yeu: mời họp\n".encode("utf-16"), "UTF-8", ""),
        (b"trich_yeu: m\xe1\xbb\n", "UTF-8", ""),
        (b"don_vi: KHTH\ntrich_yeu: a\x07b\n", "(dòng 2)", ""),
        (MINIMAL_YAML + b"ngay: 2024-02-31\n", "31/2/2024 không có trên lịch", "ngay"),
    ],
)
def test_load_document_refusals(
    tmp_path: Path, agency: Agency, content: bytes | None, words: str, field: str
) -> None:
    path = tmp_path / "cv.yaml"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(InputError) as caught:
        load_document(path, agency, today=TODAY)
    assert caught.value.source == str(path)
    assert caught.value.field == field
    assert words in caught.value.message
    assert "\n" not in caught.value.one_line()


# --- a clerk's first-week mistakes, each named for what it is (issue 20, item 6) -----------------


def test_a_misspelt_required_key_is_named_with_its_correction(agency: Agency) -> None:
    data = minimal()
    data["trich_yue"] = data.pop("trich_yeu")
    with pytest.raises(InputError) as caught:
        parse(data, agency)
    assert caught.value.field == "trich_yue"
    assert "trường `trich_yue` không có trong mẫu; có phải `trich_yeu`?" in caught.value.message


@pytest.mark.parametrize(
    ("typo", "meant"),
    [
        ("don_vj", "don_vi"),
        ("kinh_giu", "kinh_gui"),
        ("noi_nhann", "noi_nhan"),
        ("do_khann", "do_khan"),
    ],
)
def test_every_misspelt_key_gets_a_close_match(agency: Agency, typo: str, meant: str) -> None:
    data = minimal()
    data[typo] = data.pop(meant, "khan")
    with pytest.raises(InputError) as caught:
        parse(data, agency)
    assert f"`{typo}`" in caught.value.message and f"`{meant}`" in caught.value.message


def test_every_unknown_key_is_listed(agency: Agency) -> None:
    data = {**minimal(), "ghi_chu": "x", "do_khann": "khan"}
    with pytest.raises(InputError) as caught:
        parse(data, agency)
    assert caught.value.message == (
        "các trường `do_khann` (có phải `do_khan`?), `ghi_chu` không có trong mẫu"
    )


def test_a_paragraph_with_a_colon_is_told_to_be_quoted(agency: Agency) -> None:
    text = yaml.safe_dump({**minimal(), "noi_dung": ["x"]}, allow_unicode=True).replace(
        "- x", "- Điều kiện: hồ sơ gồm đơn đăng ký"
    )
    with pytest.raises(InputError) as caught:
        parse(yaml.safe_load(text), agency)
    assert "có dấu hai chấm nên YAML hiểu thành một nhóm" in caught.value.message
    assert caught.value.hint.startswith('đặt cả đoạn trong dấu ngoặc kép: - "Điều kiện: hồ sơ')


def test_a_tab_in_the_yaml_is_named(tmp_path: Path, agency: Agency) -> None:
    path = tmp_path / "cv.yaml"
    path.write_text("loai: cong-van\nnoi_dung:\n\t- Một đoạn.\n", "utf-8")
    with pytest.raises(InputError) as caught:
        load_document(path, agency, today=dt.date(2024, 3, 5))
    assert caught.value.message == "có ký tự Tab ở dòng 3: YAML không dùng Tab để thụt lề"


def test_a_colon_inside_a_value_is_told_to_be_quoted(tmp_path: Path, agency: Agency) -> None:
    path = tmp_path / "cv.yaml"
    path.write_text("loai: cong-van\ntrich_yeu: V/v: mời họp: giao ban\n", "utf-8")
    with pytest.raises(InputError) as caught:
        load_document(path, agency, today=dt.date(2024, 3, 5))
    assert "đặt cả dòng trong dấu ngoặc kép" in caught.value.hint


def test_an_unknown_signer_key_names_the_field_as_typed_and_a_close_key(agency: Agency) -> None:
    data = {**minimal(), "nguoi_ky": "truong-bann"}
    with pytest.raises(InputError) as caught:
        parse(data, agency)
    assert caught.value.field == "nguoi_ky"
    assert caught.value.hint.startswith("có phải `truong-ban`?")


def test_a_misspelt_type_gets_a_close_match(agency: Agency) -> None:
    with pytest.raises(InputError) as caught:
        parse({**minimal(), "loai": "cong-vn"}, agency)
    assert caught.value.hint.startswith("có phải `cong-van`?")


def test_every_field_the_examples_use_is_a_known_document_field() -> None:
    from docgen.inputs.document import DOCUMENT_KEYS

    for path in sorted(EXAMPLES.glob("*.yaml")):
        data = yaml.safe_load(path.read_text("utf-8"))
        assert set(data) <= DOCUMENT_KEYS, (path.name, set(data) - DOCUMENT_KEYS)


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        (
            {"noi_nhan": {"cac_noi": ["Sở Tài chính", "Lưu VT"]}},
            "noi_nhan.cac_noi[2]",
            "Nơi nhận có dòng “Lưu VT”: docgen tự in dòng “- Lưu: VT, …”",
        ),
        (
            {"kinh_gui": ["Sở Công Thương", "Sở Tài chính", "Sở Công Thương"]},
            "kinh_gui[3]",
            "“Sở Công Thương” ghi hai lần: ở kinh_gui[1] và ở kinh_gui[3]",
        ),
        (
            {"noi_nhan": {"cac_noi": ["Sở Công Thương."]}},
            "noi_nhan.cac_noi[1]",
            "(đã có trong Kính gửi, “Như trên” đã gồm nơi này)",
        ),
    ],
    ids=["luu-among-noi-nhan", "kinh-gui-twice", "kinh-gui-again-under-nhu-tren"],
)
def test_recipients_that_contradict_themselves_are_refused(
    agency: Agency, change: dict[str, Any], field: str, message: str
) -> None:
    with pytest.raises(InputError) as caught:
        parse({**minimal(), **change}, agency)
    assert caught.value.field == field
    assert message in caught.value.message


def test_nhu_tren_without_a_kinh_gui_is_refused(agency: Agency) -> None:
    data = {
        **minimal(),
        "loai": "ke-hoach",
        "noi_nhan": {"nhu_tren": True, "cac_noi": ["Sở Tài chính"]},
    }
    data.pop("kinh_gui")
    with pytest.raises(InputError) as caught:
        parse(data, agency)
    assert caught.value.field == "noi_nhan.nhu_tren"
    assert "“Như trên” chỉ các nơi ở Kính gửi" in caught.value.message


def test_a_kinh_gui_recipient_may_be_listed_again_without_nhu_tren(agency: Agency) -> None:
    data = {**minimal(), "noi_nhan": {"nhu_tren": False, "cac_noi": ["Sở Công Thương"]}}
    assert parse(data, agency).noi_nhan == ("Sở Công Thương",)

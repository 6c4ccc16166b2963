"""A thư công (docs/format/number-and-date.md: no template, no abbreviation, numbering
UNCONFIRMED): its title from
`ten_thu`, no trích yếu, optional Kính gửi and Nơi nhận, and the profile's `[numbering] thu_cong`
("none" by default: no number may be typed; "cong-van": numbered like a công văn)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import tomllib
from pathlib import Path
from typing import Any

import pytest

from docgen.errors import InputError, ProfileError
from docgen.inputs.document import parse_document
from docgen.inputs.profile import load_profile, parse_profile
from docgen.model.agency import (
    THU_CONG_AS_CONG_VAN,
    THU_CONG_UNNUMBERED,
    Agency,
    Numbering,
)
from docgen.model.document import Document
from docgen.model.kinds import Kind
from docgen.render.context import build_context
from docgen.rules.numbering import takes_number

PROFILE = Path(__file__).resolve().parents[2] / "examples" / "bql-hanoi" / "docgen.toml"
TODAY = dt.date(2024, 10, 8)


@pytest.fixture(scope="module")
def agency() -> Agency:
    return load_profile(PROFILE)


def numbered(agency: Agency) -> Agency:
    return dataclasses.replace(agency, numbering=Numbering(THU_CONG_AS_CONG_VAN))


def letter(**fields: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "loai": "thu-cong",
        "don_vi": "VP",
        "ten_thu": "chúc mừng",
        "noi_dung": ["Trân trọng chúc mừng."],
        "nguoi_ky": "truong-ban",
        **fields,
    }
    return {k: v for k, v in data.items() if v is not None}


def parse(data: dict[str, Any], agency: Agency) -> Document:
    return parse_document(data, agency, source="thu.yaml", today=TODAY)


@pytest.mark.parametrize("purpose", ["chúc mừng", "Chúc mừng", "thư chúc mừng", "Thư  chúc mừng"])
def test_title_is_thu_and_the_purpose_in_capitals(agency: Agency, purpose: str) -> None:
    document = parse(letter(ten_thu=purpose), agency)
    assert document.kind is Kind.THU_CONG and document.title == "Thư chúc mừng"
    context = build_context(document, agency)
    assert context["ten_loai"] == "THƯ CHÚC MỪNG"
    assert document.subject == "Thư chúc mừng"  # the register's subject when none is given


def test_trich_yeu_is_optional_and_only_the_register_subject(agency: Agency) -> None:
    document = parse(letter(ten_thu="ngỏ", trich_yeu="gửi các nhà đầu tư"), agency)
    assert build_context(document, agency)["ten_loai"] == "THƯ NGỎ"
    assert document.subject == "gửi các nhà đầu tư"


def test_unnumbered_by_default_no_so_line(agency: Agency) -> None:
    assert agency.numbering.thu_cong == THU_CONG_UNNUMBERED
    document = parse(letter(), agency)
    assert not takes_number(document.kind, agency.numbering)
    assert build_context(document, agency)["so"] == ""
    assert takes_number(Kind.CONG_VAN, agency.numbering)  # only the thư công is left out


def test_numbered_like_a_cong_van(agency: Agency) -> None:
    who = numbered(agency)
    context = build_context(parse(letter(), who), who)
    assert context["so"] == "Số:       /BQL-VP"
    typed = parse(letter(so=12, ngay="2024-10-10"), who)
    assert build_context(typed, who)["so"] == "Số: 12/BQL-VP"


def test_kinh_gui_is_allowed_and_noi_nhan_optional(agency: Agency) -> None:
    bare = parse(letter(), agency)
    assert build_context(bare, agency)["noi_nhan"] == []
    greeted = parse(letter(kinh_gui=["Quý doanh nghiệp"]), agency)
    context = build_context(greeted, agency)
    assert context["kinh_gui"] == "Quý doanh nghiệp." and context["noi_nhan"] == []
    sent = parse(letter(kinh_gui=["Quý doanh nghiệp"], noi_nhan={"cac_noi": ["UBND TP"]}), agency)
    assert build_context(sent, agency)["noi_nhan"] == [
        "- Như trên;",
        "- UBND TP;",
        "- Lưu: VT, VP.",
    ]
    kept = parse(letter(luu={"don_vi": ["VP"]}), agency)
    assert build_context(kept, agency)["noi_nhan"] == ["- Lưu: VT, VP."]


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({"ten_thu": None}, "ten_thu", "ten_thu: chúc mừng"),
        ({"ten_thu": "thư"}, "ten_thu", "thư gì"),
        ({"so": 3, "ngay": "2024-10-10"}, "so", 'thu_cong = "cong-van"'),
        ({"phu_luc": [{"tieu_de": "Danh sách", "noi_dung": ["A."]}]}, "phu_luc", "công văn"),
        ({"can_cu": ["Căn cứ A."]}, "can_cu", "không dùng cho thư công"),
    ],
)
def test_refusals_name_the_field(
    agency: Agency, fields: dict[str, Any], field: str, words: str
) -> None:
    with pytest.raises(InputError) as caught:
        parse(letter(**fields), agency)
    assert caught.value.field == field
    assert words in caught.value.one_line()


def test_profile_numbering_choice(agency: Agency) -> None:
    data = tomllib.loads(PROFILE.read_text("utf-8"))
    chosen = parse_profile({**data, "numbering": {"thu_cong": "cong-van"}}, source="p.toml")
    assert chosen.numbering == Numbering(THU_CONG_AS_CONG_VAN)
    assert parse_profile(data, source="p.toml").numbering == Numbering()
    with pytest.raises(ProfileError) as caught:
        parse_profile({**data, "numbering": {"thu_cong": "rieng"}}, source="p.toml")
    assert caught.value.field == "numbering.thu_cong" and '"cong-van"' in caught.value.one_line()
    with pytest.raises(ProfileError) as unknown:
        parse_profile({**data, "numbering": {"cong_van": "x"}}, source="p.toml")
    assert unknown.value.field == "numbering.cong_van"

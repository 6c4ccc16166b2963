"""Body structure rules (PL1 II.6, III.1; docs/format/body.md): numbering, căn cứ endings,
headings, appendix line."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from docgen.model.document import IssueDate, Role, Run
from docgen.model.kinds import CopyKind, Kind
from docgen.rules import structure
from docgen.rules.numbering import copy_symbol


@pytest.mark.parametrize(
    ("n", "text"),
    [(1, "I"), (2, "II"), (4, "IV"), (9, "IX"), (14, "XIV"), (40, "XL"), (1999, "MCMXCIX")],
)
def test_roman(n: int, text: str) -> None:
    assert structure.roman(n) == text


def test_letters_follow_the_vietnamese_sequence() -> None:
    assert [structure.letter(i) for i in range(1, 15)] == list("abcdđeghiklmno")
    assert structure.letter(23) == "y" and structure.letter(24) == "aa"


@given(st.integers(min_value=1, max_value=3999))
def test_roman_numerals_are_distinct_and_use_only_roman_letters(n: int) -> None:
    text = structure.roman(n)
    assert set(text) <= set("IVXLCDM") and text != structure.roman(n + 1)


def test_numbering_starts_at_one() -> None:
    with pytest.raises(ValueError):
        structure.roman(0)
    with pytest.raises(ValueError):
        structure.letter(0)


def test_can_cu_lines_end_with_semicolons_and_the_last_with_a_period() -> None:
    lines = structure.can_cu(["Căn cứ Luật A;", "Căn cứ Nghị định B.", "Theo đề nghị của C"])
    assert [p.text for p in lines] == [
        "Căn cứ Luật A;",
        "Căn cứ Nghị định B;",
        "Theo đề nghị của C.",
    ]
    assert all(p.role is Role.CAN_CU and all(r.italic for r in p.runs) for p in lines)


def test_dieu_with_title_is_bold_and_without_title_bolds_only_the_number() -> None:
    titled = structure.dieu(3, "Hiệu lực thi hành.")
    assert titled.text == "Điều 3. Hiệu lực thi hành" and titled.role is Role.DIEU
    assert all(r.bold for r in titled.runs)
    bare = structure.dieu(1, "", (Run("Ban hành kèm theo …"),))
    assert bare.text == "Điều 1. Ban hành kèm theo …"
    assert bare.runs[0] == Run("Điều 1.", bold=True) and not bare.runs[-1].bold


def test_headings_word_numeral_and_title_in_capitals() -> None:
    assert [p.text for p in structure.heading("phan", 2, "Nội dung")] == ["Phần II", "NỘI DUNG"]
    assert [p.text for p in structure.heading("chuong", 4, "Điều khoản thi hành")] == [
        "Chương IV",
        "ĐIỀU KHOẢN THI HÀNH",
    ]
    assert structure.heading("muc", 3, "Yêu cầu")[0].text == "Mục 3"


def test_authority_and_verb_lines() -> None:
    line = structure.authority_line("Trưởng ban  Ban Quản lý các khu công nghiệp")
    assert line.text == "TRƯỞNG BAN BAN QUẢN LÝ CÁC KHU CÔNG NGHIỆP"
    assert line.role is Role.AUTHORITY
    assert structure.verb(Kind.QUYET_DINH) is not None
    assert structure.verb(Kind.QUYET_DINH).text == "QUYẾT ĐỊNH:"  # type: ignore[union-attr]
    assert structure.verb(Kind.NGHI_QUYET).text == "QUYẾT NGHỊ:"  # type: ignore[union-attr]
    assert structure.verb(Kind.KE_HOACH) is None


def test_validity_line_uses_the_date_rules() -> None:
    assert structure.validity(dt.date(2024, 2, 5)).text == (
        "Giấy này có giá trị đến hết ngày 05 tháng 02 năm 2024."
    )


def test_reference_line_issued_and_draft() -> None:
    issuer = structure.sentence_case_agency(
        "BAN QUẢN LÝ CÁC KHU CÔNG NGHIỆP VÀ CHẾ XUẤT HÀ NỘI", "Hà Nội"
    )
    assert issuer == "Ban Quản lý các khu công nghiệp và chế xuất Hà Nội"
    issued = structure.reference_line(Kind.QUYET_DINH, 12, "QĐ-BQL", IssueDate(2024, 3, 15), issuer)
    assert issued == (
        "(Kèm theo Quyết định số 12/QĐ-BQL ngày 15 tháng 3 năm 2024 của Ban Quản lý các khu "
        "công nghiệp và chế xuất Hà Nội)"
    )
    draft = structure.reference_line(Kind.KE_HOACH, None, "KH-BQL", IssueDate(2024, 3), issuer)
    assert draft.startswith("(Kèm theo Kế hoạch số       /KH-BQL ngày        tháng 3 năm 2024 của")


@pytest.mark.parametrize(
    ("kind", "symbol"),
    [(CopyKind.SAO_Y, "SY-BQL"), (CopyKind.SAO_LUC, "SL-BQL"), (CopyKind.TRICH_SAO, "TrS-BQL")],
)
def test_copy_symbol(kind: CopyKind, symbol: str) -> None:
    assert copy_symbol(kind, "BQL") == symbol

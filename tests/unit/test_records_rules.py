"""The pure records rules (issue 18): retention periods read and printed, plan codes, the shipped
Thông tư 10/2022 table, the suggestion scores, retention arithmetic."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from docgen.model.records import PERMANENT, Plan, PlanRow, Retention, file_notation
from docgen.rules.records import (
    DocumentFacts,
    normalise_code,
    parse_retention,
    retention_table,
    score,
    suggest,
    unit_of_symbol,
    words,
)


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("Vĩnh viễn", None),
        ("vinh vien", None),
        ("VĨNH VIỄN", None),
        ("VV", None),
        ("20 năm", 20),
        ("05 năm", 5),
        ("5", 5),
        ("5 nam", 5),
        ("70 năm", 70),
    ],
)
def test_retention_read(text: str, years: int | None) -> None:
    assert parse_retention(text) == Retention(years)


@pytest.mark.parametrize(
    "text", ["", "lâu dài", "0 năm", "101 năm", "15 tháng", "Đến khi văn bản hết hiệu lực", "-5"]
)
def test_unknown_retention(text: str) -> None:
    assert parse_retention(text) is None


@given(st.one_of(st.none(), st.integers(min_value=1, max_value=100)))
def test_retention_label_reads_back(years: int | None) -> None:
    retention = Retention(years)
    assert parse_retention(retention.label) == retention
    assert Retention.from_stored(retention.stored()) == retention


def test_retention_arithmetic() -> None:
    assert Retention(10).ends(2025) == 2035
    assert PERMANENT.ends(2025) is None
    assert PERMANENT.label == "Vĩnh viễn" and Retention(5).label == "05 năm"
    # Điều 31.3.c: 05 years or more go to the agency archive
    assert Retention(5).transferred and PERMANENT.transferred and not Retention(3).transferred


@pytest.mark.parametrize(
    ("text", "code"),
    [("5", "05"), ("05", "05"), ("123", "123"), ("01.tccb", "01.TCCB"), (" 2.VP ", "02.VP")],
)
def test_codes(text: str, code: str) -> None:
    assert normalise_code(text) == code


@pytest.mark.parametrize("text", ["", "A1", "01/TCCB", "01 TCCB", "01..X", "01.", "1234"])
def test_bad_codes(text: str) -> None:
    assert normalise_code(text) is None


def test_file_notation() -> None:
    assert file_notation(2025, "05", "KHTH") == "2025.05.KHTH"
    assert PlanRow("01.TCCB", "x", PERMANENT, "VP").notation(2025) == "2025.01.TCCB.VP"


def test_the_shipped_table() -> None:
    table = retention_table()
    assert len(table) >= 40
    codes = [r.code for r in table]
    assert len(codes) == len(set(codes))
    # Nothing in it was read in the circular itself: every row says so.
    assert not any(r.confirmed for r in table)
    assert all(r.article.startswith("TT 10/2022/TT-BNV") for r in table)
    groups = {r.group for r in table}
    assert {"1", "3", "5", "12"} <= groups
    assert any(r.retention.permanent for r in table)
    assert {r.retention.years for r in table if r.retention.years} >= {5, 10, 20, 70}


def test_plan_footer() -> None:
    rows = (PlanRow("01", "a", PERMANENT, "VP"), PlanRow("02", "b", Retention(10), "VP"))
    assert Plan(2025, 1, rows).footer() == (
        "Danh mục hồ sơ này có 2 hồ sơ, bao gồm: 1 hồ sơ bảo quản vĩnh viễn; 1 hồ sơ bảo quản "
        "có thời hạn."
    )


ROWS = (
    PlanRow("01", "Kế hoạch, báo cáo công tác năm", PERMANENT, "KHTH"),
    PlanRow("02", "Hồ sơ thi đua, khen thưởng của cơ quan", Retention(20), "VP"),
    PlanRow("03", "Công văn trao đổi về công tác tài chính, kế toán", Retention(10), "VP"),
)


def test_suggestion_prefers_the_title_words_and_the_unit() -> None:
    facts = DocumentFacts("Công văn", ("VP",), "V/v thanh toán kinh phí, công tác kế toán quý II")
    best = suggest(facts, ROWS)
    assert [s.row.code for s in best][:1] == ["03"]
    assert "cùng đơn vị VP" in best[0].reasons and "cùng loại công văn" in best[0].reasons


def test_suggestion_uses_the_type() -> None:
    facts = DocumentFacts("Kế hoạch", ("KHTH",), "Triển khai nhiệm vụ năm 2025")
    assert suggest(facts, ROWS)[0].row.code == "01"


def test_nothing_in_common_scores_zero() -> None:
    facts = DocumentFacts("Giấy mời", ("QLDN",), "Dự lễ khánh thành nhà máy")
    assert score(facts, ROWS[1]).score == 0
    assert suggest(facts, ROWS) == []


def test_a_year_is_not_an_annual_matter() -> None:
    assert words("Báo cáo công tác năm 2025") == ("bao", "cao", "cong", "tac")
    assert words("Báo cáo công tác năm") == ("bao", "cao", "cong", "tac", "nam")


def test_unit_of_symbol() -> None:
    assert unit_of_symbol("BQL-KHTH") == "KHTH"
    assert unit_of_symbol("UBND") == ""

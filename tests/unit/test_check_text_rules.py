"""Pure pieces of the checker: the date line parser, citations, spans, the Lưu pattern against what
our own rules generate, authority prefixes, the report model."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from docgen.model.document import Luu
from docgen.rules.blocks import luu_line
from docgen.rules.check import RULES, Report, Severity
from docgen.rules.check.blocks import LOOSE_PREFIX, LUU_RE, PREFIX_RE
from docgen.rules.check.consistency import citations, compare
from docgen.rules.check.findings import Finding, declare
from docgen.rules.check.locate import canon
from docgen.rules.check.number_date import DateLine, parse_date_line


@pytest.mark.parametrize(
    ("line", "parsed"),
    [
        ("Hà Nội, ngày 05 tháng 3 năm 2024", DateLine("Hà Nội", 5, 3, 2024)),
        ("Hà Nội, ngày        tháng 3 năm 2023", DateLine("Hà Nội", None, 3, 2023)),
        (
            "Thành phố Hồ Chí Minh, ngày 29 tháng 6 năm 2019",
            DateLine("Thành phố Hồ Chí Minh", 29, 6, 2019),
        ),
        ("Hà Nội, ngày …… tháng …… năm ……", DateLine("Hà Nội", None, None, None)),
        ("Hà Nội ngày 05 tháng 01 năm 2020", DateLine("Hà Nội", 5, 1, 2020)),
    ],
)
def test_date_line_parser(line: str, parsed: DateLine) -> None:
    assert parse_date_line(line) == parsed


def test_a_line_without_ngay_thang_nam_is_not_a_date_line() -> None:
    assert parse_date_line("Số: 05/BQL-KHTH") is None


@pytest.mark.parametrize(
    ("issue", "other", "expected"),
    [
        (DateLine("", None, 3, 2023), dt.date(2023, 12, 15), -1),
        (DateLine("", None, 3, 2023), dt.date(2023, 3, 31), 0),  # same month, day unknown
        (DateLine("", None, 3, 2024), dt.date(2023, 12, 15), 1),
        (DateLine("", 5, 3, 2024), dt.date(2024, 3, 6), -1),
        (DateLine("", None, None, 2024), dt.date(2024, 7, 31), 0),
        (DateLine("", None, None, None), dt.date(2024, 7, 31), None),
    ],
)
def test_compare_uses_only_what_the_issue_date_fills_in(
    issue: DateLine, other: dt.date, expected: int | None
) -> None:
    assert compare(issue, other) == expected


def test_citations_read_both_date_forms_and_the_clause_after() -> None:
    text = (
        "Căn cứ Quyết định số 15/QĐ-BNV ngày 05 tháng 01 năm 2020 của Bộ Nội vụ về công tác văn "
        "thư; Kế hoạch 302/KH-UBND ngày 15/12/2023 của UBND Thành phố về triển khai; Nghị định "
        "số 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ về công tác văn thư."
    )
    found = citations(text)
    assert [(c.type, c.symbol, c.date, c.has_so) for c in found] == [
        ("Quyết định", "QĐ-BNV", dt.date(2020, 1, 5), True),
        ("Kế hoạch", "KH-UBND", dt.date(2023, 12, 15), False),
        ("Nghị định", "2020/NĐ-CP", dt.date(2020, 3, 5), True),
    ]
    assert found[0].rest.strip() == "của Bộ Nội vụ về công tác văn thư"


def test_an_impossible_cited_date_is_not_a_citation() -> None:
    assert citations("Kế hoạch số 1/KH-UBND ngày 31/02/2024 của UBND về việc") == []


@given(
    units=st.lists(st.sampled_from(["KHTH", "VP", "QLDN", "TCCB"]), max_size=3),
    archive=st.one_of(st.none(), st.integers(1, 99)),
    drafter=st.one_of(st.none(), st.sampled_from(["NVA", "LQL", "ĐTH"])),
    issued=st.one_of(st.none(), st.integers(1, 999)),
    style=st.sampled_from(["nd30", "merged"]),
)
def test_every_lưu_line_our_rules_write_is_accepted(
    units: list[str], archive: int | None, drafter: str | None, issued: int | None, style: str
) -> None:
    luu = Luu(units=tuple(units), archive_copies=archive, drafter=drafter, issued_copies=issued)
    assert LUU_RE.match(luu_line(luu, style=style))


@pytest.mark.parametrize(
    ("line", "ok"),
    [
        ("- Lưu: VT, TCCB.", True),
        ("- Lưu: VT, HC (2).", True),
        ("- Lưu: VT, Hồ sơ.", True),
        ("- Lưu: VT.", True),
        ("- Lưu: VT, KHTH (02). LQL.(15)", True),
        ("- Lưu: VT, KHTH, Long(02).", True),
        ("- Lưu VT, KHTH.", False),
        ("- Lưu: VT, KHTH", False),
        ("Lưu: VT, KHTH.", False),
        ("- Lưu: KHTH.", False),
    ],
)
def test_luu_pattern(line: str, ok: bool) -> None:
    assert bool(LUU_RE.match(line)) is ok


@pytest.mark.parametrize(
    ("line", "loose", "right"),
    [
        ("KT. TRƯỞNG BAN", True, True),
        ("TM. ỦY BAN NHÂN DÂN", True, True),
        ("TUQ. BỘ TRƯỞNG", True, True),
        ("Q. CỤC TRƯỞNG", True, True),
        ("K.T GIÁM ĐỐC", True, False),
        ("KT GIÁM ĐỐC", True, False),
        ("KT.GIÁM ĐỐC", True, False),
        ("T/M ỦY BAN NHÂN DÂN", True, False),
        ("TRƯỞNG BAN", False, False),
        ("TỔNG GIÁM ĐỐC", False, False),
        ("QUYỀN CỤC TRƯỞNG", False, False),
    ],
)
def test_authority_prefixes(line: str, loose: bool, right: bool) -> None:
    assert bool(LOOSE_PREFIX.match(line)) is loose
    assert bool(PREFIX_RE.match(line)) is right


def test_canon_treats_old_and_new_tone_placement_alike() -> None:
    assert canon("Cộng hoà  xã hội") == canon("CỘNG HÒA XÃ HỘI") == "CỘNG HÒA XÃ HỘI"


def _finding(severity: Severity) -> Finding:
    return Finding(severity, "ô 3", "number_blank", "ref", "Số: /X-Y", "sửa")


def test_report_worst_counts_and_json_shape() -> None:
    assert Report("a.docx", False).worst is None
    report = Report("a.docx", True, (_finding(Severity.INFO), _finding(Severity.WARNING)))
    assert report.worst is Severity.WARNING
    data = report.as_dict()
    assert data["mode"] == "issued" and data["worst"] == "warning"
    assert data["counts"] == {"error": 0, "warning": 1, "info": 1}


def test_a_rule_cannot_be_declared_twice() -> None:
    with pytest.raises(ValueError, match="declared twice"):
        declare(next(iter(RULES)), "ô 1", "x")

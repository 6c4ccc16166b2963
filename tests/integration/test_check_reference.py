"""The checker on our own output: the reference dispatch gets exactly the findings listed in
docs/format/checker.md,
and every variant of our công văn template is otherwise clean (no format finding)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from docgen.rules.check import Report, Severity
from docgen.services.check import check_docx
from docgen.services.draft import draft
from docgen.services.settings import templates_dir
from tests.conftest import REFERENCE_PROFILE, REFERENCE_YAML

#: rules about what the text says (defects #3, #4, #7, #8 of docs/format/checker.md): the
#: reference keeps its text as given
CONTENT_RULES = {
    "date_not_before_cited_documents",
    "year_span_ordered",
    "citation_first_complete",
    "kinh_gui_single_period",
}
BLANKS = {"number_blank", "date_blank"}


def severities(report: Report) -> dict[str, set[Severity]]:
    found: dict[str, set[Severity]] = {}
    for f in report.findings:
        found.setdefault(f.rule, set()).add(f.severity)
    return found


def test_reference_draft_gets_the_findings_of_spec_16_2(reference_draft: Path) -> None:
    report = check_docx(reference_draft, issued=False)
    assert severities(report) == {
        "number_blank": {Severity.INFO},  # #1
        "date_blank": {Severity.INFO},  # #2
        "date_not_before_cited_documents": {Severity.ERROR},  # #3
        "year_span_ordered": {Severity.ERROR},  # #4
        "kinh_gui_single_period": {Severity.INFO},  # #7
        "citation_first_complete": {Severity.WARNING},  # #8, for both citations
    }
    later = next(f for f in report.findings if f.rule == "date_not_before_cited_documents")
    assert "302/KH-UBND ngày 15/12/2023" in later.found
    assert "1744/HD-SCT ngày 14/4/2023" in later.found
    span = next(f for f in report.findings if f.rule == "year_span_ordered")
    assert span.found == "(2018-2013)"
    assert "2018-2023" in span.fix  # "sau 06 năm" → six programme years


def test_reference_issued_turns_the_blanks_into_errors(reference_draft: Path) -> None:
    report = check_docx(reference_draft, issued=True)
    found = severities(report)
    assert found["number_blank"] == {Severity.ERROR}
    assert found["date_blank"] == {Severity.ERROR}


def test_no_false_alarm_on_thang_3_and_06_nam(reference_draft: Path) -> None:
    report = check_docx(reference_draft, issued=True)
    assert "date_leading_zero_month_1_2_only" not in report.rules()
    assert not any("06 năm" in f.found for f in report.findings)
    assert not any(
        "tháng 3" in f.found
        for f in report.findings
        if f.rule not in BLANKS | {"date_not_before_cited_documents"}
    )


def _draft(tmp_path: Path, changes: dict[str, Any], profile_changes: str = "") -> Path:
    data = yaml.safe_load(REFERENCE_YAML.read_text("utf-8"))
    data.update(changes)
    source = tmp_path / "doc.yaml"
    source.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    profile = tmp_path / "docgen.toml"
    text = REFERENCE_PROFILE.read_text("utf-8")
    for line in profile_changes.splitlines():
        key = line.split("=", 1)[0].strip()
        text = "\n".join(
            line if row.split("=", 1)[0].strip() == key else row for row in text.splitlines()
        )
    profile.write_text(text, "utf-8")
    out = tmp_path / "doc.docx"
    draft(source, profile, out, pdf=False, templates=templates_dir(), today=dt.date(2024, 3, 5))
    return out


VARIANTS = {
    "issued-14": ({"so": 5, "ngay": "2024-03-05"}, ""),
    "profile-13-merged-luu": (
        {
            "so": 12,
            "ngay": "2024-01-08",
            "luu": {
                "don_vi": ["KHTH"],
                "so_ban_luu": 2,
                "nguoi_soan": "NVN",
                "so_ban_phat_hanh": 15,
            },
        },
        'size_profile = "13"\nluu_format = "merged"\n'
        "margins_mm = { top = 25, bottom = 20, left = 35, right = 20 }",
    ),
    "kt-signer-three-recipients": (
        {
            "so": 7,
            "ngay": "2024-03-15",
            "nguoi_ky": "pho-truong-ban",
            "kinh_gui": ["Sở Xây dựng", "Sở Tài chính", "Sở Kế hoạch và Đầu tư"],
            "luu": {
                "don_vi": ["KHTH"],
                "so_ban_luu": 2,
                "nguoi_soan": "NVN",
                "so_ban_phat_hanh": 9,
            },
        },
        "",
    ),
}


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_our_template_output_has_no_format_finding(tmp_path: Path, variant: str) -> None:
    changes, profile = VARIANTS[variant]
    report = check_docx(_draft(tmp_path, changes, profile), issued=True)
    assert report.rules() - CONTENT_RULES == set(), [(f.rule, f.found) for f in report.findings]

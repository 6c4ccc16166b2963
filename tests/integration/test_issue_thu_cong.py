"""A thư công end to end (docs/format/number-and-date.md: numbering UNCONFIRMED, so the profile's
choice), on SQLite and
PostgreSQL: unnumbered by default (`docgen issue` refuses, nothing kept), or numbered like a công
văn in the shared administrative stream; the checker finds nothing in either as issued."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
import yaml

from docgen.archive.register import RegisterStore
from docgen.errors import InputError
from docgen.inputs.document import parse_document
from docgen.model.agency import THU_CONG_AS_CONG_VAN, Numbering
from docgen.model.kinds import Kind
from docgen.model.register import HANH_CHINH
from docgen.render.inspect import read_docx
from docgen.rules.check.locate import locate
from docgen.services.archive import check_archive
from docgen.services.check import check_docx
from docgen.services.draft import render_document
from docgen.services.issue import IssueResult, issue
from docgen.services.settings import templates_dir
from tests.conftest import EXAMPLES, FIXED_TODAY, REFERENCE_PROFILE
from tests.integration.test_issue_service import CORRECTED, archive_files, fake_pdf
from tests.integration.types_support import agency, texts

LETTER = EXAMPLES / "bql-thu-chuc-mung-doanh-nhan.yaml"


def numbering_profile(tmp_path: Path) -> Path:
    """The example profile with `[numbering] thu_cong = "cong-van"`."""
    profile = tmp_path / "docgen.toml"
    text = REFERENCE_PROFILE.read_text("utf-8")
    profile.write_text(text + '\n[numbering]\nthu_cong = "cong-van"\n', "utf-8")
    return profile


def run(source: Path, profile: Path, store: RegisterStore, root: Path) -> IssueResult:
    return issue(
        source, profile, archive=root, store=store, templates=templates_dir(), convert=fake_pdf
    )


def test_unnumbered_letter_is_refused_by_issue_and_nothing_is_kept(
    store: RegisterStore, tmp_path: Path
) -> None:
    root = tmp_path / "archive"
    with pytest.raises(InputError) as refused:
        run(LETTER, REFERENCE_PROFILE, store, root)
    assert refused.value.field == "loai"
    line = refused.value.one_line()
    assert "thư công không số" in line and 'thu_cong = "cong-van"' in line
    assert "docgen draft" in line
    assert store.entries(2024) == [] and archive_files(root) == []


def test_numbered_letter_takes_the_administrative_stream_like_a_cong_van(
    store: RegisterStore, tmp_path: Path
) -> None:
    root = tmp_path / "archive"
    profile = numbering_profile(tmp_path)
    letter = run(LETTER, profile, store, root)
    dispatch = run(CORRECTED, profile, store, root)
    entries = [(e.stream, e.number_symbol, e.kind) for e in store.entries(2024)]
    assert entries == [
        (HANH_CHINH, "01/BQL-VP", Kind.THU_CONG),
        (HANH_CHINH, "02/BQL-KHTH", Kind.CONG_VAN),
    ]
    entry = letter.entry
    assert entry.subject.startswith("chúc mừng các doanh nghiệp nhân Ngày Doanh nhân")
    assert entry.holders == ("VT",)
    lines = texts(letter.docx.read_bytes())
    assert "Số: 01/BQL-VP" in lines and "Hà Nội, ngày 10 tháng 5 năm 2024" in lines
    assert lines[lines.index("THƯ CHÚC MỪNG") + 1].startswith("Kính gửi: Các doanh nhân")
    assert not any(t.startswith("Nơi nhận") for t in lines)
    report = check_docx(letter.docx, issued=True)  # the profile's `Kính gửi: X.` is a note
    assert [f.rule for f in report.findings] == ["kinh_gui_single_period"]
    assert dispatch.entry.number_symbol == "02/BQL-KHTH"
    assert check_archive(root, store, signatures=False).ok


@pytest.mark.parametrize("numbered", [False, True])
def test_the_dated_letter_as_issued_gets_no_finding(numbered: bool) -> None:
    """With and without the Số line, with and without Nơi nhận: nothing for the checker."""
    who = agency(single_period=False)
    if numbered:
        who = dataclasses.replace(who, numbering=Numbering(THU_CONG_AS_CONG_VAN))
    data = yaml.safe_load(LETTER.read_text("utf-8")) | {"ngay": "2024-10-10"}
    if numbered:
        data["so"] = 7
    for extra in ({}, {"noi_nhan": {"cac_noi": ["Ủy ban nhân dân Thành phố (để báo cáo)"]}}):
        document = parse_document(data | extra, who, source="thu.yaml", today=FIXED_TODAY)
        rendered = render_document(document, who, templates_dir())
        lines = texts(rendered)
        assert ("Số: 07/BQL-VP" in lines) is numbered
        assert ("- Như trên;" in lines) is bool(extra)
        report = check_docx(rendered, issued=True)
        assert [(f.rule, f.found) for f in report.findings] == []


def test_checker_still_reads_a_letter_with_a_type_symbol_as_wrong() -> None:
    """A thư công has no abbreviation: a symbol opening with a type's (`QĐ-…`) is an error, as for
    a công văn; a `Thư …` sentence of a công văn's body is not taken for a title."""
    who = dataclasses.replace(
        agency(single_period=False), numbering=Numbering(THU_CONG_AS_CONG_VAN)
    )
    data = yaml.safe_load(LETTER.read_text("utf-8")) | {"ngay": "2024-10-10", "so": 7}
    document = parse_document(data, who, source="thu.yaml", today=FIXED_TODAY)
    rendered = render_document(document, who, templates_dir())
    import io

    import docx

    doc = docx.Document(io.BytesIO(rendered))
    for cell in (c for t in doc.tables for r in t.rows for c in r.cells):
        for p in cell.paragraphs:
            if p.text.startswith("Số: 07/BQL-VP"):
                p.runs[0].text = p.runs[0].text.replace("BQL-VP", "QĐ-BQL")
    out = io.BytesIO()
    doc.save(out)
    rules = [f.rule for f in check_docx(out.getvalue(), issued=True).findings]
    assert rules == ["symbol_type_matches_doctype"]
    data = yaml.safe_load(CORRECTED.read_text("utf-8"))
    data["noi_dung"] = ["Thư viện tỉnh trân trọng đề nghị.", *data["noi_dung"]]
    dispatch = parse_document(data, who, source="cv.yaml", today=FIXED_TODAY)
    parts = locate(read_docx(render_document(dispatch, who, templates_dir()), "cv.docx"))
    assert parts.kind is Kind.CONG_VAN and parts.title is None

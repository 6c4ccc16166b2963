"""`docgen issue` of a document whose phụ lục are files of their own (PL1 III.1;
docs/format/appendices.md): the appendix files are numbered, converted and filed with the document
— listed in the register row and the metadata, their PDFs copied to the units on the Lưu line — or,
on any failure, nothing is kept and no number is taken."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from docgen.archive import open_register
from docgen.archive.register import RegisterStore
from docgen.errors import CheckFailed, ConversionError
from docgen.services.archive import check_archive, export_archive, import_archive
from docgen.services.issue import issue
from docgen.services.settings import templates_dir
from tests.conftest import EXAMPLES, needs_libreoffice
from tests.integration.test_issue_service import (
    archive_files,
    fake_pdf,
    run_issue,
    signing_profile,
    write_yaml,
)
from tests.integration.types_support import texts

REPORT = EXAMPLES / "bql-bc-thu-hut-dau-tu.yaml"  #: a báo cáo with Phụ lục I in its own file
FOLDER = "van-thu/2024/van-ban-di/hanh_chinh"
ISSUER = "Ban Quản lý các khu công nghiệp và chế xuất Hà Nội"


def report_with(tmp_path: Path, **changes: Any) -> Path:
    data = yaml.safe_load(REPORT.read_text("utf-8"))
    return write_yaml(tmp_path / "bao-cao.yaml", {**data, **changes})


def test_the_appendix_file_is_numbered_and_filed_with_the_document(
    store: RegisterStore, tmp_path: Path
) -> None:
    root = tmp_path / "archive"
    result = run_issue(REPORT, store, root)
    assert result.entry.number_symbol == "01/BC-BQL"
    names = ["01-BC-BQL-phu-luc-I.docx", "01-BC-BQL-phu-luc-I.pdf"]
    assert [p.name for p in result.appendices] == names
    assert set(names) < set(result.entry.files)  # the register row lists them
    meta = json.loads((root / FOLDER / "01-BC-BQL.json").read_text("utf-8"))
    assert set(names) < set(meta["docgen"]["Files"])
    assert sorted(archive_files(root)) == sorted(
        [f"{FOLDER}/{n}" for n in names]
        + [f"{FOLDER}/01-BC-BQL.{s}" for s in ("docx", "pdf", "json")]
        + ["don-vi/KHTH/2024/01-BC-BQL.pdf", "don-vi/KHTH/2024/01-BC-BQL-phu-luc-I.pdf"]
    )  # the unit's bản lưu is the whole document: its phụ lục too
    lines = texts(result.appendices[0].read_bytes())
    assert lines[2] == (f"(Kèm theo Báo cáo số 01/BC-BQL ngày 10 tháng 5 năm 2024 của {ISSUER})")
    assert check_archive(root, store, signatures=False).ok
    unit_copy = root / "don-vi/KHTH/2024/01-BC-BQL-phu-luc-I.pdf"
    assert unit_copy.read_bytes() == (root / FOLDER / "01-BC-BQL-phu-luc-I.pdf").read_bytes()
    unit_copy.unlink()
    findings = check_archive(root, store, signatures=False)
    assert [p.row for p in findings.problems] == ["don-vi/KHTH/2024/01-BC-BQL-phu-luc-I.pdf"]


def test_a_backup_carries_the_units_copy_of_the_appendix(
    store: RegisterStore, tmp_path: Path
) -> None:
    root = tmp_path / "archive"
    run_issue(REPORT, store, root)
    tar = tmp_path / "backup.tar"
    export_archive(root, store, tar)
    target = tmp_path / "moved"
    with open_register(target, "BQL") as moved:  # SQLite, whichever backend made the backup
        import_archive(tar, target, moved)
        assert check_archive(target, moved, signatures=False).problems == ()
    assert (target / "don-vi/KHTH/2024/01-BC-BQL-phu-luc-I.pdf").is_file()
    assert archive_files(target) == archive_files(root)


def test_a_failed_appendix_conversion_keeps_nothing(store: RegisterStore, tmp_path: Path) -> None:
    root = tmp_path / "archive"

    def appendix_fails(docx: Path, out_dir: Path) -> Path:
        if "phu-luc" in docx.name:
            raise ConversionError("LibreOffice báo lỗi ở phụ lục (giả lập)")
        return fake_pdf(docx, out_dir)

    with pytest.raises(ConversionError, match="phụ lục"):
        run_issue(REPORT, store, root, convert=appendix_fails)
    assert store.entries(2024) == [] and archive_files(root) == []
    assert run_issue(REPORT, store, root).entry.number == 1


def test_an_appendix_the_checker_refuses_takes_no_number(
    store: RegisterStore, tmp_path: Path
) -> None:
    span = {"tieu_de": "Kết quả giai đoạn", "noi_dung": ["Số dự án giai đoạn 2018-2013 tăng."]}
    source = report_with(tmp_path, phu_luc=[span])
    with pytest.raises(CheckFailed, match=r"\(2018-2013\)"):
        run_issue(source, store, tmp_path / "archive")
    assert store.entries(2024) == [] and archive_files(tmp_path / "archive") == []


@pytest.mark.libreoffice
def test_electronic_appendix_keeps_the_blanks_and_carries_the_signed_number(
    store: RegisterStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With [signing], the reference line of the phụ lục is left unfilled (PL1 III.1.c, PL3 Mẫu
    2.2) and the agency's signature on the file carries `Số: 01/BC-BQL; <time>` top right."""
    needs_libreoffice()
    from docgen.pdf.verify import verify_pdf
    from tests.support.pdf_text import find

    profile, root_cert = signing_profile(tmp_path)
    monkeypatch.setenv("DOCGEN_SIGN_PASSWORD", "pw")
    root = tmp_path / "archive"
    result = issue(REPORT, profile, archive=root, store=store, templates=templates_dir())
    docx_path, pdf_path = result.appendices
    line = texts(docx_path.read_bytes())[2]
    assert line.startswith("(Kèm theo Báo cáo số       /BC-BQL ngày        tháng        năm 2024")
    report = verify_pdf(pdf_path, [root_cert])
    assert report.ok and len(report.signatures) == 1, report.all_problems()
    top_right = find(pdf_path, 0, "Số: 01/BC-BQL;")
    assert top_right.y > find(pdf_path, 0, "Phụ lục I").y
    assert set(result.entry.files) >= {docx_path.name, pdf_path.name}

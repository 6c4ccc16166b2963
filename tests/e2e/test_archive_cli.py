"""`docgen archive check|export|import` as a clerk runs them: exit codes and one line per problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import REFERENCE_PROFILE
from tests.e2e.test_filing_cli import run
from tests.integration.test_filing_external import plain_pdf


def test_check_export_import(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    root = tmp_path / "archive"
    common = ("--profile", str(REFERENCE_PROFILE), "--archive", str(root))
    pdf = plain_pdf(tmp_path / "vb.pdf", text="Số: 07/BQL-VP\nHà Nội, ngày 02 tháng 4 năm 2024")
    assert run(capsys, "file", str(pdf), "--holder", "VP", *common)[0] == 0
    code, out, _ = run(capsys, "archive", "check", *common)
    assert code == 0 and "Đã kiểm tra 1 văn bản, 3 tệp: kho nguyên vẹn." in out
    tar = tmp_path / "b.tar"
    code, out, _ = run(capsys, "archive", "export", "--year", "2024", str(tar), *common)
    assert code == 0 and tar.is_file()
    moved = ("--profile", str(REFERENCE_PROFILE), "--archive", str(tmp_path / "moved"))
    code, out, _ = run(capsys, "archive", "import", str(tar), *moved)
    assert code == 0 and "Đã nhập 3 tệp" in out
    assert run(capsys, "archive", "check", *moved)[0] == 0
    (root / "don-vi/VP/2024/07-BQL-VP.pdf").unlink()
    code, out, _ = run(capsys, "archive", "check", *common)
    assert code == 11
    assert "don-vi/VP/2024/07-BQL-VP.pdf: thiếu tệp" in out and "1 vấn đề" in out

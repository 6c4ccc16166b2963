"""`docgen issue SAO-Y.yaml` as a clerk runs it: the reference dispatch is issued, then two paper
copies of it take 01 and 02 of the copy stream (real LibreOffice; SQLite archive)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import REFERENCE_PROFILE, needs_libreoffice
from tests.e2e.test_filing_cli import run
from tests.integration.test_issue_copy import copy_yaml
from tests.integration.test_issue_service import CORRECTED
from tests.support.pdf_text import page_texts

ARCHIVE_ROOT = "archive"


@pytest.mark.libreoffice
def test_a_clerk_issues_two_copies_of_an_issued_dispatch(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    needs_libreoffice()
    common = ("--profile", str(REFERENCE_PROFILE), "--archive", str(tmp_path / ARCHIVE_ROOT))
    on = ("--date", "10/05/2024")  # a day already past: the output does not depend on today
    code, out, err = run(capsys, "issue", str(CORRECTED), *common, *on)
    assert code == 0, err
    assert "Đã cấp số 01/BQL-KHTH ngày 10/05/2024 (sổ hanh_chinh, năm 2024)." in out
    original = Path(out.splitlines()[1].strip())
    assert original.suffix == ".docx"

    first = copy_yaml(tmp_path / "sao-y-1.yaml", original, luu=["VP"])
    code, out, err = run(capsys, "issue", str(first), *common, *on)
    assert code == 0, err
    assert "Đã cấp số 01/SY-BQL ngày 10/05/2024 (sổ ban_sao, năm 2024)." in out
    pdf = Path(out.splitlines()[2].strip())
    text = "\n".join(page_texts(pdf))
    assert "Số: 01/BQL-KHTH" in text and "Số: 01/SY-BQL" in text and "SAO Y" in text
    assert (tmp_path / ARCHIVE_ROOT / "don-vi" / "VP" / "2024" / "01-SY-BQL.pdf").is_file()

    second = copy_yaml(tmp_path / "sao-y-2.yaml", original, noi_nhan=["Sở Tài chính"])
    code, out, err = run(capsys, "issue", str(second), *common, *on)
    assert code == 0, err
    assert "Đã cấp số 02/SY-BQL" in out

    code, out, err = run(capsys, "issue", str(second), *common, *on)
    assert code != 0 and "đã được cấp số 02/SY-BQL" in err and "\n" not in err.strip()

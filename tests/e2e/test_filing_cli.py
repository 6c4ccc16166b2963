"""`docgen file`, `docgen receive` and `docgen search` as a clerk runs them (SQLite archive)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from docgen.cli import main
from tests.conftest import REFERENCE_PROFILE
from tests.integration.test_filing_external import plain_pdf


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exited:
        main(list(args))
    out, err = capsys.readouterr()
    return int(exited.value.code or 0), out, err


def test_file_receive_and_search(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    common = ("--profile", str(REFERENCE_PROFILE), "--archive", str(tmp_path / "archive"))
    text = "Số: 07/BQL-VP\nHà Nội, ngày 02 tháng 4 năm 2024\nV/v báo cáo đầu tư"
    pdf = plain_pdf(tmp_path / "vb.pdf", text=text)
    code, out, err = run(capsys, "file", str(pdf), "--subject", "báo cáo đầu tư", *common)
    assert code == 0, err
    assert "Đã lưu văn bản 07/BQL-VP ngày 02/04/2024" in out
    incoming = plain_pdf(tmp_path / "in.pdf", text="Hướng dẫn xét chọn")
    args = ("--from", "Sở Công Thương", "--number", "1744/HD-SCT", "--date", "14/04/2023")
    code, out, err = run(capsys, "receive", str(incoming), *args, "--to", "KHTH", *common)
    assert code == 0, err
    assert "Đã vào sổ văn bản đến số 01" in out and "1744/HD-SCT của Sở Công Thương" in out
    code, out, err = run(capsys, "receive", str(incoming), *args, *common)
    assert code == 8 and "đã được vào sổ văn bản đến" in err and "\n" not in err.strip()
    code, out, _ = run(capsys, "search", "dau tu", *common)
    assert code == 0 and "07/BQL-VP" in out and "Tìm thấy 1 văn bản." in out
    code, out, _ = run(capsys, "search", "1744/HD-SCT", "--json", *common)
    (found,) = json.loads(out)
    assert found["notation"] == "1744/HD-SCT" and found["holders"] == ["VT", "KHTH"]
    code, out, err = run(capsys, "file", str(tmp_path / "none.pdf"), *common)
    assert code == 3 and "không tìm thấy tệp" in err

"""`docgen archive check|export|import` as a clerk runs them: exit codes and one line per problem."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from docgen.archive import open_register
from docgen.inputs.profile import load_profile
from docgen.services.incoming import receive
from tests.conftest import REFERENCE_PROFILE
from tests.e2e.test_filing_cli import run
from tests.integration.conftest import DEFAULT_NOW, FixedClock
from tests.integration.test_archive_year_export import IN_2023, build_2023
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


def test_a_year_export_of_two_years_checks_clean_and_says_so(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """2023 and 2024 documents; `export --year 2024`, import, check: exit 0, the 2023 documents
    named once as outside the export, and the summary says the copy holds 2024 only."""
    root = tmp_path / "archive"
    clock = FixedClock(IN_2023)
    with open_register(root, "BQL", clock=clock) as store:
        (tmp_path / "w").mkdir()
        build_2023(store, root, tmp_path / "w")
        clock.now = DEFAULT_NOW
        receive(
            plain_pdf(tmp_path / "in.pdf", text="Hướng dẫn"), archive=root, store=store,
            agency=load_profile(REFERENCE_PROFILE), sender="Sở Công Thương",
            notation="1744/HD-SCT", date=dt.date(2024, 4, 14), to="KHTH",
        )  # fmt: skip
    common = ("--profile", str(REFERENCE_PROFILE), "--archive", str(root))
    tar = tmp_path / "2024.tar"
    code, out, err = run(capsys, "archive", "export", "--year", "2024", str(tar), *common)
    assert code == 0, err
    assert "Đã sao lưu văn bản năm 2024, sổ đăng ký và lịch sử vào" in out
    moved = ("--profile", str(REFERENCE_PROFILE), "--archive", str(tmp_path / "moved"))
    code, out, err = run(capsys, "archive", "import", str(tar), *moved)
    assert code == 0, err
    assert "Bản xuất chỉ gồm văn bản năm 2024: sổ đăng ký và lịch sử đủ mọi năm" in out
    assert "văn bản năm 2023 ngoài phạm vi bản xuất." in out
    code, out, err = run(capsys, "archive", "check", "--no-signatures", *moved)
    assert code == 0, out
    lines = out.strip().splitlines()
    assert len(lines) == 2 and "thiếu tệp" not in out
    assert lines[0].startswith("(thông tin) sổ năm 2023: 2 văn bản ngoài phạm vi bản xuất")
    assert lines[1] == (
        "Đã kiểm tra 1 văn bản, 4 tệp: kho nguyên vẹn. Kho nhập từ bản xuất, chỉ giữ văn bản"
        " năm 2024; văn bản năm 2023 ngoài phạm vi bản xuất; sổ đăng ký và lịch sử đủ mọi năm."
    )
    code, out, _ = run(capsys, "archive", "check", "--json", "--no-signatures", *moved)
    assert code == 0 and json.loads(out)["held_years"] == [2024]
    # A search in the copy says which years it cannot find anything in.
    code, out, err = run(capsys, "search", "huong dan", *moved)
    assert code == 0 and "Tìm thấy 1 văn bản." in out
    assert "văn bản năm 2023 ngoài phạm vi bản xuất nên không tìm được ở đây" in err
    # Both years, --year repeated: the copy holds everything, no scope line.
    both = tmp_path / "both.tar"
    args = ("--year", "2023", "--year", "2024", str(both))
    assert run(capsys, "archive", "export", *args, *common)[0] == 0
    again = ("--profile", str(REFERENCE_PROFILE), "--archive", str(tmp_path / "again"))
    code, out, _ = run(capsys, "archive", "import", str(both), *again)
    assert code == 0 and "ngoài phạm vi" not in out
    code, out, _ = run(capsys, "archive", "check", "--no-signatures", *again)
    assert code == 0 and out.strip() == "Đã kiểm tra 4 văn bản, 15 tệp: kho nguyên vẹn."
    code, _, err = run(capsys, "search", "huong dan", *again)
    assert code == 0 and "ngoài phạm vi" not in err
    assert run(capsys, "archive", "check", "--no-signatures", *common)[1] == out
    # Into a non-empty archive: refused on one line, exit code of an archive error.
    code, _, err = run(capsys, "archive", "import", str(tar), *again)
    assert code != 0 and "chỉ nhập vào kho trống" in err and "\n" not in err.strip()

"""`docgen hoso plan` keeps every imported version of a year's file plan and shows any of them
(issue 18: imported, validated, versioned); a bad sheet is one line naming the file, row and
column, and stores no version."""

from __future__ import annotations

from pathlib import Path

import pytest

from docgen.inputs.profile import load_profile
from tests.conftest import REFERENCE_PROFILE
from tests.e2e.test_filing_cli import run
from tests.support.records_year import YEAR, edit_plan, write_plan


def test_plan_versions(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    common = ("--profile", str(REFERENCE_PROFILE), "--archive", str(tmp_path / "archive"))

    def hoso(*args: str) -> tuple[int, str, str]:
        return run(capsys, "hoso", *args, *common)

    year = ("--year", str(YEAR))
    path = write_plan(tmp_path / "dmhs.xlsx", load_profile(REFERENCE_PROFILE))
    code, out, err = hoso("plan", *year, "--import", str(path))
    assert code == 0 and "phiên bản 1: 14 hồ sơ" in out, err
    edit_plan(path, "D3", "10 năm")
    code, out, err = hoso("plan", *year, "--import", str(path))
    assert code == 0 and "phiên bản 2: 14 hồ sơ" in out and "Cập nhật 1 hồ sơ" in out, err

    code, out, err = hoso("plan", *year)
    assert code == 0 and f"năm {YEAR}, phiên bản 2/2 (dmhs.xlsx" in out, err
    row = next(line for line in out.splitlines() if line.strip().startswith("02 "))
    assert "[10 năm, KHTH]" in row
    code, out, err = hoso("plan", *year, "--version", "1")
    assert code == 0 and "phiên bản 1/2" in out, err
    row = next(line for line in out.splitlines() if line.strip().startswith("02 "))
    assert "[05 năm, KHTH]" in row

    code, out, err = hoso("plan", *year, "--version", "3")
    assert code == 3 and err.count("\n") == 1, err
    assert "--version: danh mục hồ sơ năm 2025 không có phiên bản 3" in err and "1 đến 2" in err

    # An unknown retention: one line naming the file, row and column; no version stored.
    edit_plan(path, "D5", "lâu dài")
    code, out, err = hoso("plan", *year, "--import", str(path))
    assert code == 3 and err.count("\n") == 1, err
    assert str(path) in err and "dòng 5, cột D (Thời hạn bảo quản)" in err
    code, out, _ = hoso("plan", *year)
    assert "phiên bản 2/2" in out

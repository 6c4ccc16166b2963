"""`docgen hoso …` as a records clerk runs it (issue 18): the plan from its template, a bad sheet
refused in one line, suggestions, putting documents into files, closing one (real LibreOffice),
the refusals (a closed file, an open file in a transfer), the hand-over and its receipt, the
expired files, appraisal and disposal — and `docgen archive check` clean at the end.

The documents are of 2020 (filed through the services with a clock in 2020), so a 05-year file
has run out by the time the test runs, whatever today is.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest

from docgen.archive import open_register
from docgen.inputs.plan import PLAN_SHEET
from docgen.inputs.profile import load_profile
from tests.conftest import REFERENCE_PROFILE, needs_libreoffice
from tests.e2e.test_filing_cli import run
from tests.integration.conftest import FixedClock
from tests.support.records_year import documents, file_document, pdf_bytes

AGENCY = load_profile(REFERENCE_PROFILE)
pytestmark = pytest.mark.libreoffice


def _year_2020(root: Path) -> list[str]:
    """Six KHTH documents of 2020 (outgoing and incoming) for files 01 and 02; their numbers."""
    clock = FixedClock(dt.datetime(2020, 12, 31, 2, 0, tzinfo=dt.UTC))
    chosen = [d for d in documents() if d.unit == "KHTH" and d.target in {"01", "02"}]
    chosen = [replace(d, date=d.date.replace(year=2020)) for d in chosen[:3] + chosen[-3:]]
    numbers = []
    with open_register(root, "BQL", clock=clock) as store:
        for index, doc in enumerate(sorted(chosen, key=lambda d: (d.direction, d.date))):
            row = file_document(store, root, AGENCY, doc, pdf_bytes(doc, index), 200 + index)
            numbers.append(row.notation if doc.direction == "di" else str(row.arrival_number))
    return numbers


def _plan(path: Path) -> None:
    """Keep only four rows of the template, give them units."""
    book = openpyxl.load_workbook(path)
    sheet = book[PLAN_SHEET]
    rows = list(sheet.iter_rows(min_row=2))
    keep = {"1.04": "KHTH", "1.06": "KHTH", "1.08": "VP", "12.06": "VP"}
    for row in rows:
        basis = str(row[6].value)
        if basis in keep:
            row[4].value = keep[basis]
        else:
            for cell in row:
                cell.value = None
    book.save(path)


def test_a_clerks_year_of_files(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    needs_libreoffice()
    root = tmp_path / "archive"
    numbers = _year_2020(root)
    common = ("--profile", str(REFERENCE_PROFILE), "--archive", str(root))

    def hoso(*args: str) -> tuple[int, str, str]:
        return run(capsys, "hoso", *args, *common)

    template = tmp_path / "dmhs-2020.xlsx"
    code, out, err = hoso("plan", "--year", "2020", "--template", str(template))
    assert code == 0 and template.is_file(), err
    _plan(template)
    # A duplicate code: one line naming the row and the column, nothing stored.
    bad = tmp_path / "sai.xlsx"
    book = openpyxl.load_workbook(template)
    filled = [r for r in book[PLAN_SHEET].iter_rows(min_row=2) if r[4].value]
    filled[1][1].value = filled[0][1].value
    book.save(bad)
    code, out, err = hoso("plan", "--year", "2020", "--import", str(bad))
    assert code == 3 and "cột B (Mã hồ sơ)" in err and "trùng với dòng" in err, err
    assert len(err.strip().splitlines()) == 1
    code, out, _ = hoso("list", "--year", "2020")
    assert "0 hồ sơ." in out
    code, out, err = hoso("plan", "--year", "2020", "--import", str(template))
    assert code == 0 and "phiên bản 1: 4 hồ sơ" in out, err
    code, out, _ = hoso("list", "--year", "2020")
    files = [line.split()[0] for line in out.splitlines()[:-1]]
    annual, quarterly = files[0], files[1]
    assert annual.endswith(".KHTH") and "[Vĩnh viễn, đang mở]" in out and "[05 năm" in out

    # Suggest, then assign every document where the suggestion points.
    for number in numbers:
        code, out, err = hoso("suggest", number, "--year", "2020")
        assert code == 0, err
        target = out.strip().splitlines()[-1].split()[-1]
        assert target in files[:2]
        code, out, err = hoso("assign", number, target, "--year", "2020")
        assert code == 0 and "Đã đưa văn bản" in out, err
    code, out, _ = hoso("unfiled", "--year", "2020")
    assert "0 văn bản năm 2020 chưa vào hồ sơ" in out
    code, out, _ = hoso("show", quarterly, "--json")
    shown = json.loads(out)
    assert shown["documents"] and shown["pages"] == sum(d["pages"] for d in shown["documents"])

    # Transfer with a file still open: refused, one line naming it.
    unit = ("--year", "2020", "--unit", "KHTH")
    code, out, err = hoso("transfer", *unit, "-o", str(tmp_path / "x.tar"))
    assert code == 9 and "chưa kết thúc" in err and annual in err
    assert len(err.strip().splitlines()) == 1 and not (tmp_path / "x.tar").exists()
    for notation in (annual, quarterly):
        code, out, err = hoso("close", notation, "--ngay", "31/12/2020")
        assert code == 0 and "Đã kết thúc hồ sơ" in out and "muc-luc-van-ban.pdf" in out, err
    code, out, err = hoso("assign", numbers[0], annual, "--tham-chieu", "--year", "2020")
    assert code == 9 and "đã kết thúc ngày 31/12/2020" in err and len(err.strip().splitlines()) == 1

    package = tmp_path / "nop-luu.tar"
    code, out, err = hoso("transfer", *unit, "-o", str(package), "--ngay", "15/01/2021")
    assert code == 0 and "2 hồ sơ, 6 văn bản" in out, err
    assert "siêu dữ liệu (TT 02/2019) chưa có — hồ sơ: FileCode.OrganId, Format" in out, out
    code, out, err = hoso("receive-transfer", str(package))
    assert code == 0 and "Đã nhận NL-2020-01: 2 hồ sơ, 6 văn bản" in out, err
    code, out, err = run(capsys, "archive", "check", *common)
    assert code == 0 and "kho nguyên vẹn" in out, out

    code, out, _ = hoso("expiring", "--year", "2025")
    assert quarterly in out and annual not in out and "1 hồ sơ hết thời hạn" in out
    decision = ("--year", "2025", "--quyet-dinh", "QĐ số 1/QĐ-BQL")
    code, out, err = hoso("appraise", annual, *decision)
    assert code == 9 and "không bao giờ tiêu hủy" in err
    code, out, err = hoso("dispose", "TĐ-2025-01")
    assert code == 9 and "không có lần thẩm định TĐ-2025-01" in err
    code, out, err = hoso("appraise", quarterly, *decision)
    assert code == 0 and "TĐ-2025-01" in out, err
    code, out, err = hoso("dispose", "TĐ-2025-01")
    assert code == 0 and "Đã tiêu hủy TH-2025-01" in out, err
    code, out, err = run(capsys, "archive", "check", *common)
    assert code == 0 and "kho nguyên vẹn" in out, out
    code, out, _ = hoso("list", "--year", "2020")
    assert f"{quarterly}" in out and "đã tiêu hủy" in out

    # The record of each step stays, the disposal's with every removed file and its SHA-256.
    code, out, err = hoso("actions")
    assert code == 0 and "4 biên bản." in out, err
    ids = [line.split()[0] for line in out.splitlines()[:-1]]
    assert ids == ["GN-2020-01", "NL-2020-01", "TĐ-2025-01", "TH-2025-01"]
    assert f"tiêu hủy: 1 hồ sơ ({quarterly}); " in out and "tệp nội dung đã hủy" in out
    code, out, err = hoso("actions", "TH-2025-01")
    record = json.loads(out)
    assert code == 0 and record["appraisal"] == "TĐ-2025-01" and record["files"] == [quarterly]
    assert record["removed"] and all(len(d) == 64 for d in record["removed"].values())
    code, out, err = hoso("actions", "TH-2025-09")
    assert code == 9 and "không có biên bản TH-2025-09" in err and err.count("\n") == 1

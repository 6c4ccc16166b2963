"""`docgen batch VAN-BAN.yaml NGUOI-NHAN.csv` as a clerk runs it (SQLite archive): three
enterprises of the example sheet get one dispatch each (real LibreOffice), the rerun skips them,
the default mode sends one dispatch to all three; a bad sheet and a missing signing password stop
the batch with one line and its exit code before any number is taken."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from docgen.archive import open_register
from docgen.errors import InputError, SignatureError
from tests.conftest import EXAMPLES, REFERENCE_PROFILE, needs_libreoffice
from tests.e2e.test_filing_cli import run
from tests.integration.test_issue_service import CORRECTED, archive_files, signing_profile
from tests.support.pdf_text import page_texts

ON = ("--date", "10/05/2024")  #: a day already past: the output does not depend on today


def example_sheet(path: Path, rows: int, *, edit: dict[int, str] | None = None) -> Path:
    """The first `rows` enterprises of the example sheet (header kept); `edit` replaces whole
    lines by their sheet row number (the header is row 1)."""
    lines = (EXAMPLES / "nguoi-nhan.csv").read_text("utf-8-sig").splitlines()[: rows + 1]
    for row, line in (edit or {}).items():
        lines[row - 1] = line
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


def names(sheet: Path) -> list[str]:
    with sheet.open(encoding="utf-8-sig") as handle:
        return [row["Tên doanh nghiệp"] for row in csv.DictReader(handle)]


def nothing_taken(root: Path) -> bool:
    with open_register(root, "BQL") as store:
        return store.entries(2024) == [] and archive_files(root) == []


@pytest.mark.slow
@pytest.mark.libreoffice
def test_a_clerk_sends_the_dispatch_to_three_enterprises(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    needs_libreoffice()
    root = tmp_path / "archive"
    sheet = example_sheet(tmp_path / "nguoi-nhan.csv", 3)
    manifest = tmp_path / "ket-qua.csv"
    common = ("--profile", str(REFERENCE_PROFILE), "--archive", str(root), *ON, "--jobs", "1")
    each = (str(CORRECTED), str(sheet), "--one-per-recipient", "--manifest", str(manifest))

    code, out, err = run(capsys, "batch", *each, *common)
    assert code == 0, err
    batch_id = re.search(r"Lô ([0-9a-f]{12}): 3 văn bản, 3 người nhận\.", err)
    assert batch_id, err
    assert out.splitlines() == [
        f"Đã cấp 3 văn bản; lô {batch_id[1]} gồm số 01/BQL-KHTH đến 03/BQL-KHTH.",
        f"Kết quả: {manifest}",
    ]
    with manifest.open(encoding="utf-8-sig") as handle:
        lines = list(csv.DictReader(handle))
    assert [(r["Dòng"], r["Người nhận"], r["Số, ký hiệu"], r["Trạng thái"]) for r in lines] == [
        (str(i + 2), who, f"0{i + 1}/BQL-KHTH", "đã ban hành") for i, who in enumerate(names(sheet))
    ]
    for line in lines:  # each row names its filed PDF, made by LibreOffice for that recipient
        pdf = root / line["Tệp PDF"]
        info = PdfReader(pdf).metadata
        assert info is not None and "LibreOffice" in str(info.producer)
        text = " ".join(" ".join(page_texts(pdf)).split())
        assert f"Số: {line['Số, ký hiệu']}" in text
        assert f"Kính gửi: {line['Người nhận']}." in text

    # The same command again: the three are on record, nothing is issued twice.
    code, out, err = run(capsys, "batch", *each, *common)
    assert code == 0, err
    assert out.splitlines()[0] == (
        f"Đã cấp 0 văn bản (bỏ qua 3 văn bản đã cấp ở lần chạy trước); lô {batch_id[1]} gồm số "
        "01/BQL-KHTH đến 03/BQL-KHTH."
    )

    # Without --one-per-recipient: one dispatch, one number, to the whole list (its own batch).
    code, out, err = run(capsys, "batch", str(CORRECTED), str(sheet), *common)
    assert code == 0, err
    whole = re.search(r"Lô ([0-9a-f]{12}): 1 văn bản, 3 người nhận\.", err)
    assert whole and whole[1] != batch_id[1], err
    default_manifest = sheet.with_name(f"nguoi-nhan.ket-qua-{whole[1]}.xlsx")
    assert out.splitlines() == [
        f"Đã cấp 1 văn bản; lô {whole[1]} gồm số 04/BQL-KHTH.",
        f"Kết quả: {default_manifest}",
    ]
    from openpyxl import load_workbook

    book = load_workbook(default_manifest, read_only=True)
    rows = list(book.active.iter_rows(min_row=2, values_only=True))  # type: ignore[union-attr]
    book.close()
    assert [(r[1], r[4]) for r in rows] == [(who, "04/BQL-KHTH") for who in names(sheet)]
    with open_register(root, "BQL") as store:
        (fourth,) = [e for e in store.entries(2024) if e.number == 4]
        assert fourth.recipients[:3] == tuple(names(sheet))


def test_a_bad_sheet_is_one_line_naming_every_bad_row_and_takes_no_number(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    root = tmp_path / "archive"
    sheet = example_sheet(
        tmp_path / "nguoi-nhan.csv",
        3,
        edit={2: '001,,"Lô 12, KCN Thăng Long",vanthu@example.vn,KCN Thăng Long',
              4: "003,Công ty TNHH Bao bì Xanh,Lô 21,không-phải-email,KCN Quang Minh"},
    )  # fmt: skip
    common = ("--profile", str(REFERENCE_PROFILE), "--archive", str(root), *ON)
    code, out, err = run(
        capsys, "batch", str(CORRECTED), str(sheet), "--one-per-recipient", *common
    )
    assert code == InputError.exit_code == 3
    assert out == "" and "\n" not in err.strip()
    assert str(sheet) in err and "dòng 2" in err and "dòng 4" in err and "dòng 3" not in err
    assert "chưa cấp số nào" in err
    assert nothing_taken(root)


def test_more_bad_rows_than_the_error_line_quotes_are_each_listed(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """The one-line error quotes the first few rows; every bad row still gets its own line."""
    bad = {row: f"9{row},,Lô {row},x{row}@example.vn,KCN" for row in (2, 4, 5, 7, 9, 12)}
    sheet = example_sheet(tmp_path / "nguoi-nhan.csv", 12, edit=bad)
    root = tmp_path / "archive"
    common = ("--profile", str(REFERENCE_PROFILE), "--archive", str(root), *ON)
    code, out, err = run(
        capsys, "batch", str(CORRECTED), str(sheet), "--one-per-recipient", *common
    )
    assert code == 3 and out == ""
    listed = [line for line in err.strip().splitlines() if line.startswith(f"{sheet}: dòng ")]
    assert [int(line.split("dòng ")[1].split()[0]) for line in listed] == sorted(bad)
    assert "và 3 lỗi khác" in err.strip().splitlines()[-1]
    assert nothing_taken(root)


def test_a_missing_signing_password_stops_before_any_number(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    profile, _ = signing_profile(tmp_path)
    monkeypatch.delenv("DOCGEN_SIGN_PASSWORD", raising=False)
    root = tmp_path / "archive"
    sheet = example_sheet(tmp_path / "nguoi-nhan.csv", 3)
    code, out, err = run(
        capsys, "batch", str(CORRECTED), str(sheet), "--one-per-recipient",
        "--profile", str(profile), "--archive", str(root), *ON,
    )  # fmt: skip
    assert code == SignatureError.exit_code == 10
    (line,) = [line for line in err.splitlines() if line.startswith("Lỗi:")]
    assert "DOCGEN_SIGN_PASSWORD" in line
    assert "Đã cấp" not in out
    assert nothing_taken(root)
    assert not list(tmp_path.glob("nguoi-nhan.ket-qua-*"))  # no manifest of nothing

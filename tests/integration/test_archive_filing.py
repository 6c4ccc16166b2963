"""Record rules on disk (ND30 Điều 19, PL6; docs/records/filing.md): issuing files the original
under VT, a copy in each Lưu unit's file of the year, and one metadata file; on SQLite and
PostgreSQL."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from docgen.archive import catalogue
from docgen.archive.register import RegisterStore
from docgen.services.issue import IssueResult
from tests.integration.test_dispatch_layouts import dispatch
from tests.integration.test_issue_service import CORRECTED, archive_files, run_issue, write_yaml

REFERENCE_DAY = dt.date(2024, 3, 5)


def issue_reference(store: RegisterStore, root: Path, work: Path) -> IssueResult:
    """Issue four dispatches (1–4 March 2024), then the reference dispatch as 05/BQL-KHTH."""
    for day in range(1, 5):
        data = {**dispatch(1, 1), "trich_yeu": f"báo cáo đầu tư tháng {day}"}
        run_issue(write_yaml(work / f"d{day}.yaml", data), store, root, on=dt.date(2024, 3, day))
    result: IssueResult = run_issue(CORRECTED, store, root, on=REFERENCE_DAY)
    return result


def read_json(path: Path) -> Any:
    return json.loads(path.read_text("utf-8"))


def test_issue_files_the_original_under_vt_and_a_copy_under_khth(
    store: RegisterStore, tmp_path: Path
) -> None:
    root = tmp_path / "archive"
    result = issue_reference(store, root, tmp_path)
    entry = result.entry
    assert entry.number_symbol == "05/BQL-KHTH" and entry.holders == ("VT", "KHTH")
    vt = root / "van-thu/2024/van-ban-di/hanh_chinh"
    assert result.pdf == vt / "05-BQL-KHTH.pdf" and result.docx == vt / "05-BQL-KHTH.docx"
    copy = root / "don-vi/KHTH/2024/05-BQL-KHTH.pdf"
    assert copy.read_bytes() == result.pdf.read_bytes()
    meta = read_json(vt / "05-BQL-KHTH.json")
    assert meta["FileCode"] == {"OrganId": "", "FileCatalog": 2024, "FileNotation": "VT.DI"}
    assert (meta["CodeNumber"], meta["CodeNotation"]) == ("05", "BQL-KHTH")
    assert meta["IssuedDate"] == "2024-03-05" and meta["DocOrdinal"] == 5
    assert meta["TypeName"] == "Công văn" and meta["Language"] == "Tiếng Việt"
    assert meta["Subject"].startswith("mời tham gia đăng ký xét chọn sản phẩm công nghiệp")
    assert meta["OrganName"].startswith("Ban quản lý") or meta["OrganName"].startswith("BAN")
    assert meta["SignerInfo"] == {"Position": "TRƯỞNG BAN", "FullName": "Lê Quang Long"}
    assert {"OrganId": "", "OrganName": "Sở Công Thương"} in meta["To"]
    assert meta["PageAmount"] == 1 and meta["Priority"] == 0
    assert meta["docgen"]["Holders"] == {
        "VT": "van-thu/2024/van-ban-di/hanh_chinh",
        "KHTH": "don-vi/KHTH/2024/05-BQL-KHTH.pdf",
    }
    for name in ("05-BQL-KHTH.pdf", "05-BQL-KHTH.docx"):
        digest = hashlib.sha256((vt / name).read_bytes()).hexdigest()
        assert meta["docgen"]["Files"][name] == digest == entry.files[name]
    meta_digest = hashlib.sha256((vt / "05-BQL-KHTH.json").read_bytes()).hexdigest()
    assert entry.files["05-BQL-KHTH.json"] == meta_digest
    row = catalogue.get(store.db, "di/2024/hanh_chinh/5")
    assert row is not None and row.metadata_sha == meta_digest
    assert "Sở Công Thương Hà Nội được UBND" in row.body  # the body text, for search
    assert store.check().ok


def test_a_luu_line_with_three_units_files_three_copies(
    store: RegisterStore, tmp_path: Path
) -> None:
    root = tmp_path / "archive"
    data = {**dispatch(1, 1), "luu": {"don_vi": ["KHTH", "VP", "QLDN"]}}
    result = run_issue(write_yaml(tmp_path / "a.yaml", data), store, root)
    assert result.entry.holders == ("VT", "KHTH", "VP", "QLDN")
    copies = [p for p in archive_files(root) if p.startswith("don-vi/")]
    assert copies == [
        "don-vi/KHTH/2024/01-BQL-KHTH.pdf",
        "don-vi/QLDN/2024/01-BQL-KHTH.pdf",
        "don-vi/VP/2024/01-BQL-KHTH.pdf",
    ]
    for copy in copies:
        assert (root / copy).read_bytes() == result.pdf.read_bytes()


@pytest.mark.parametrize("unit", ["VT"])
def test_vt_on_the_luu_line_gets_no_second_copy(
    store: RegisterStore, tmp_path: Path, unit: str
) -> None:
    root = tmp_path / "archive"
    data = {**dispatch(1, 1), "luu": {"don_vi": [unit, "KHTH"]}}
    run_issue(write_yaml(tmp_path / "a.yaml", data), store, root)
    assert [p for p in archive_files(root) if p.startswith("don-vi/")] == [
        "don-vi/KHTH/2024/01-BQL-KHTH.pdf"
    ]

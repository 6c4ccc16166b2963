"""Closed files due at the agency archive (`docgen hoso due`, `services.records_due`), on SQLite
and PostgreSQL: which files are due and by when (ND30 Điều 30.2, or the Luật Lưu trữ 2024
reading set in the profile), the late ones, a package built and not yet received, and the
command's lines."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from docgen.archive import open_register
from docgen.archive import records as rs
from docgen.archive import records_actions as ra
from docgen.archive.register import RegisterStore
from docgen.inputs.profile import load_profile
from docgen.model.agency import DEADLINE_LUAT_2024, RecordsOptions
from docgen.model.records import FileStatus, HoSo, Retention
from docgen.rules.records import transfer_deadline
from docgen.services.records_due import transfer_due
from tests.conftest import REFERENCE_PROFILE
from tests.e2e.test_filing_cli import run

AGENCY = load_profile(REFERENCE_PROFILE)


def _file(code: str, years: int | None, status: FileStatus, end: dt.date | None) -> HoSo:
    return HoSo(
        notation=f"2025.{code}.KHTH", year=2025, code=code, unit="KHTH", title=f"Hồ sơ {code}",
        retention=Retention(years), status=status, end_date=end,
    )  # fmt: skip


def _files(store: RegisterStore, today: dt.date) -> None:
    """Six files: late, due soon with a package built, kept by the unit (2 years), still open,
    received already, and permanent but due only in months."""
    made = [
        _file("01", 10, FileStatus.CLOSED, today - dt.timedelta(days=370)),
        _file("02", 5, FileStatus.CLOSED, today - dt.timedelta(days=330)),
        _file("03", 2, FileStatus.CLOSED, today - dt.timedelta(days=395)),
        _file("04", 10, FileStatus.OPEN, None),
        _file("05", 10, FileStatus.RECEIVED, today - dt.timedelta(days=395)),
        _file("06", None, FileStatus.CLOSED, today - dt.timedelta(days=215)),
    ]
    with store.db.transaction():
        for hoso in made:
            rs.insert_file(store.db, store.agency, hoso)
        ra.insert(store.db, store.agency, ra.Action(
            "GN-2026-01", ra.HANDOVER, 2025, "KHTH", "2026-01-02T09:00:00+07:00", today,
            {"files": ["2025.02.KHTH"]},
        ))  # fmt: skip


def test_the_files_due_late_first_and_only_those_the_agency_archive_takes(
    tmp_path: Path, database_url: str | None
) -> None:
    today = dt.date(2026, 3, 10)
    with open_register(tmp_path / "archive", "BQL", database_url=database_url) as store:
        _files(store, today)
        due = transfer_due(store, AGENCY, today=today)
        assert [(d.hoso.code, d.deadline, d.days_left, d.package) for d in due] == [
            ("01", dt.date(2026, 3, 5), -5, ""),
            ("02", dt.date(2026, 4, 14), 35, "GN-2026-01"),
        ]
        assert due[0].late and due[0].days_late == 5 and not due[1].late
        longer = transfer_due(store, AGENCY, today=today, within_days=200)
        assert [d.hoso.code for d in longer] == ["01", "02", "06"]  # permanent files go too
        # the Luật Lưu trữ 2024 reading: by the end of the year after the work ended
        law = dataclasses.replace(AGENCY, records=RecordsOptions(DEADLINE_LUAT_2024))
        assert [(d.hoso.code, d.deadline) for d in transfer_due(store, law, today=today)] == []
        later = transfer_due(store, law, today=dt.date(2026, 11, 15))
        assert [(d.hoso.code, d.deadline, d.days_left) for d in later] == [
            ("01", dt.date(2026, 12, 31), 46),
            ("02", dt.date(2026, 12, 31), 46),
            ("06", dt.date(2026, 12, 31), 46),  # its work ended in 2025 too
        ]


def test_hoso_due_lists_them_in_one_line_each_and_says_what_to_do(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "archive"
    common = ("--profile", str(REFERENCE_PROFILE), "--archive", str(root))
    with open_register(root, "BQL") as store:
        today = store.today()
        _files(store, today)
    # today's date decides the counts (a leap day in the last year shifts them by one)
    late = (today - transfer_deadline(today - dt.timedelta(days=370))).days
    left = (transfer_deadline(today - dt.timedelta(days=330)) - today).days
    code, out, err = run(capsys, "hoso", "due", *common)
    assert code == 0, err
    lines = out.strip().splitlines()
    assert "2025.01.KHTH" in lines[0] and f"quá hạn {late} ngày" in lines[0]
    assert "2025.02.KHTH" in lines[1] and f"còn {left} ngày" in lines[1]
    assert "đã lập gói GN-2026-01, chờ Lưu trữ cơ quan nhận" in lines[1]
    assert lines[2] == "2 hồ sơ đến hạn nộp lưu trong 60 ngày tới, 1 hồ sơ đã quá hạn."
    assert lines[3].startswith("Lập gói nộp lưu: docgen hoso transfer --year 2025 --unit KHTH")
    code, out, err = run(capsys, "hoso", "due", "--within-days", "-1", *common)
    assert code == 3 and "số ngày -1 không hợp lệ" in err

"""The file plan (danh mục hồ sơ) on SQLite and PostgreSQL (issue 18): the XLSX template from the
shipped table, importing it (files opened, versions), and a bad sheet refused with one line
naming the row and column while nothing changes."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from docgen.archive.register import RegisterStore
from docgen.errors import InputError
from docgen.inputs.plan import PLAN_SHEET, TABLE_SHEET
from docgen.inputs.profile import load_profile
from docgen.model.records import FileStatus, Retention
from docgen.rules.records import retention_table
from docgen.services import records
from tests.conftest import REFERENCE_PROFILE
from tests.support.records_year import YEAR, edit_plan, plan_rows, write_plan

AGENCY = load_profile(REFERENCE_PROFILE)


def _state(store: RegisterStore) -> tuple[object, ...]:
    """Everything records management stores, to prove a refusal changed nothing."""
    db = store.db
    return tuple(
        sorted(map(tuple, db.all(f"SELECT * FROM {table}")))
        for table in ("records_plans", "records_plan_rows", "records_files", "records_items")
    )


def test_the_template_is_prefilled_from_the_shipped_table(
    store: RegisterStore, tmp_path: Path
) -> None:
    path = tmp_path / "mau.xlsx"
    path.write_bytes(records.plan_template(store, AGENCY, YEAR))
    book = openpyxl.load_workbook(path)
    sheet = book[PLAN_SHEET]
    header = [c.value for c in sheet[1]]
    assert header[:5] == [
        "Đề mục",
        "Mã hồ sơ",
        "Tiêu đề hồ sơ",
        "Thời hạn bảo quản",
        "Đơn vị lập hồ sơ",
    ]
    table = retention_table()
    body = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(body) == len(table)
    assert [r[2] for r in body] == [t.title for t in table]
    assert [r[3] for r in body] == [t.retention.label for t in table]
    assert body[0][1] == "01" and body[0][6] == table[0].code
    assert all(r[4] is None for r in body)  # the administrator names the units
    marks = {r[5] for r in book[TABLE_SHEET].iter_rows(min_row=2, values_only=True)}
    assert marks == {"CHƯA ĐỐI CHIẾU (UNCONFIRMED)"}


def test_import_opens_a_file_per_row_and_versions(store: RegisterStore, tmp_path: Path) -> None:
    path = write_plan(tmp_path / "dmhs.xlsx", AGENCY)
    done = records.import_plan(store, AGENCY, YEAR, path)
    expected = [r.notation(YEAR) for r in plan_rows()]
    assert done.plan.version == 1 and list(done.opened) == expected
    files = records.files(store, year=YEAR)
    assert [f.notation for f in files] == expected
    assert all(f.status is FileStatus.OPEN for f in files)
    assert files[0].notation == "2025.01.KHTH" and files[0].retention.permanent
    # The next version: an open file follows its new title and retention.
    edit_plan(path, "C3", "Kế hoạch, báo cáo công tác quý")
    edit_plan(path, "D3", "10 năm")
    again = records.import_plan(store, AGENCY, YEAR, path)
    assert again.plan.version == 2 and again.opened == () and again.updated == ("2025.02.KHTH",)
    changed = records.get_file(store, "2025.02.KHTH")
    assert (changed.title, changed.retention) == ("Kế hoạch, báo cáo công tác quý", Retention(10))
    first = records.plan_of(store, YEAR, 1)
    assert first is not None and first.rows[1].retention == Retention(5)  # kept whole


@pytest.mark.parametrize(
    ("cell", "value", "field", "message"),
    [
        ("B4", "02", "dòng 4, cột B (Mã hồ sơ)", "mã hồ sơ 02 trùng với dòng 3"),
        (
            "D5",
            "lâu dài",
            "dòng 5, cột D (Thời hạn bảo quản)",
            "thời hạn bảo quản `lâu dài` không rõ",
        ),
        (
            "E6",
            "KT",
            "dòng 6, cột E (Đơn vị lập hồ sơ)",
            "đơn vị `KT` không có trong hồ sơ cơ quan",
        ),
        ("B7", "07/A", "dòng 7, cột B (Mã hồ sơ)", "mã hồ sơ `07/A` không đúng dạng"),
        ("C8", None, "dòng 8, cột C (Tiêu đề hồ sơ)", "chưa ghi tiêu đề hồ sơ"),
        ("G9", "99.99", "dòng 9, cột G (Căn cứ (TT 10/2022))", "căn cứ `99.99` không có"),
    ],
)
def test_a_bad_sheet_is_refused_and_nothing_changes(
    store: RegisterStore, tmp_path: Path, cell: str, value: object, field: str, message: str
) -> None:
    path = write_plan(tmp_path / "dmhs.xlsx", AGENCY)
    records.import_plan(store, AGENCY, YEAR, path)
    before = _state(store)
    edit_plan(path, cell, value)
    with pytest.raises(InputError) as refused:
        records.import_plan(store, AGENCY, YEAR, path)
    line = refused.value.one_line()
    assert refused.value.field == field and message in line, line
    assert "\n" not in line and str(path) in line
    assert _state(store) == before


def test_a_file_cannot_move_to_another_unit(store: RegisterStore, tmp_path: Path) -> None:
    path = write_plan(tmp_path / "dmhs.xlsx", AGENCY)
    records.import_plan(store, AGENCY, YEAR, path)
    before = _state(store)
    edit_plan(path, "E2", "VP")
    with pytest.raises(InputError, match=r"đã là hồ sơ 2025\.01\.KHTH của đơn vị KHTH"):
        records.import_plan(store, AGENCY, YEAR, path)
    assert _state(store) == before


def test_a_sheet_without_the_columns_is_refused(store: RegisterStore, tmp_path: Path) -> None:
    path = write_plan(tmp_path / "dmhs.xlsx", AGENCY)
    edit_plan(path, "D1", "Hạn")
    with pytest.raises(InputError, match="thiếu cột `Thời hạn bảo quản`"):
        records.import_plan(store, AGENCY, YEAR, path)
    assert records.plan_of(store, YEAR) is None and records.files(store) == []

"""Điều 18 links across years in the printed register: a 2024 document replaced or recalled in
2025 shows it in 2024's Ghi chú column, and the 2025 document that replaces it shows the link in
2025's, each naming the other year (both backends)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from docgen.archive.export import register_rows
from docgen.archive.register import RegisterStore
from docgen.model.register import HANH_CHINH, Annotation, AnnotationKind, EntryKey
from tests.integration.conftest import FixedClock, issue_one
from tests.integration.test_register_cli import PROFILE, _docx_rows, docgen

__all__ = ["docgen"]  # the fixture, used here by name

IN_2025 = dt.datetime(2025, 2, 3, 2, 0, tzinfo=dt.UTC)


@pytest.fixture
def linked(store: RegisterStore, clock: FixedClock) -> RegisterStore:
    """2024: 01, 02, 03. In 2025: 2025's 01 replaces 2024's 01; 2024's 02 is recalled (no
    document); 2024's 03 is corrected by 2024's 02."""
    for _ in range(3):
        issue_one(store)
    clock.now = IN_2025
    issue_one(store)
    day = clock.now.date()
    key = EntryKey
    store.annotate(
        Annotation(AnnotationKind.THAY_THE, key(2024, HANH_CHINH, 1), key(2025, HANH_CHINH, 1),
                   "sai nội dung", day)
    )  # fmt: skip
    store.annotate(Annotation(AnnotationKind.THU_HOI, key(2024, HANH_CHINH, 2), None, "", day))
    store.annotate(
        Annotation(AnnotationKind.DINH_CHINH, key(2024, HANH_CHINH, 3), key(2024, HANH_CHINH, 2),
                   "", day)
    )  # fmt: skip
    return store


def notes(path: Path) -> list[tuple[str, str]]:
    """(số, ghi chú) of each row of a printed register."""
    return [(row[0], row[9]) for row in _docx_rows(path)[2:]]


def test_links_across_years_are_printed_in_both_years(
    linked: RegisterStore, docgen: Callable[..., tuple[int, str, str]], tmp_path: Path
) -> None:
    out = {}
    for year in (2024, 2025):
        out[year] = tmp_path / f"so-{year}.docx"
        args = ("--year", str(year), "-o", str(out[year]), "--profile", str(PROFILE))
        code, _, err = docgen("export", *args)
        assert code == 0, err
    assert notes(out[2024]) == [
        ("01/BQL-KHTH", "Thay thế bởi số 01 năm 2025 (hanh_chinh): sai nội dung"),
        ("02/BQL-KHTH", "Thu hồi; Đính chính số 03 (hanh_chinh)"),
        ("03/BQL-KHTH", "Đính chính bởi số 02 (hanh_chinh)"),
    ]
    assert notes(out[2025]) == [
        ("01/BQL-KHTH", "Thay thế số 01 năm 2024 (hanh_chinh): sai nội dung"),
    ]
    code, shown, _ = docgen("show", "--year", "2025", "--json", "--profile", str(PROFILE))
    assert code == 0 and "Thay thế số 01 năm 2024" in shown


def test_register_rows_are_the_entries_plus_the_links_from_other_years(
    linked: RegisterStore,
) -> None:
    assert register_rows(linked, 2024) == linked.entries(2024)
    (row,) = register_rows(linked, 2025, HANH_CHINH)
    (plain,) = linked.entries(2025, HANH_CHINH)
    assert plain.annotations == () and len(row.annotations) == 1
    assert row.annotations[0].target == EntryKey(2024, HANH_CHINH, 1)
    assert register_rows(linked, 2025, "qd") == []

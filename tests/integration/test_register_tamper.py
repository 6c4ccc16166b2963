"""Editing or deleting register rows directly in the database is caught by `check` (both backends)."""

from __future__ import annotations

import pytest

from docgen.archive import history as h
from docgen.archive.register import RegisterStore
from tests.integration.conftest import issue_one


@pytest.fixture
def five(store: RegisterStore) -> RegisterStore:
    for _ in range(5):
        issue_one(store)
    assert store.check().ok
    return store


def tamper(store: RegisterStore, *statements: str) -> list[str]:
    """Run `statements` behind the store's back; returns the check's finding lines."""
    store.db.begin()
    for statement in statements:
        store.db.execute(statement)
    store.db.commit()
    report = store.check()
    assert not report.ok
    return [finding.line() for finding in report.findings]


def mentions(lines: list[str], *needles: str) -> bool:
    return any(all(needle in line for needle in needles) for line in lines)


def test_an_edited_row_is_named(five: RegisterStore) -> None:
    lines = tamper(
        five,
        "UPDATE events SET payload = replace(payload, 'việc số 3', 'việc khác') WHERE number = 3",
    )
    assert mentions(lines, "số 03/BQL-KHTH năm 2024", "bị sửa")


def test_an_edit_with_a_recomputed_hash_is_named(five: RegisterStore) -> None:
    event = next(e for e in five.events(2024) if e.number == 3)
    payload = event.payload.replace("việc số 3", "việc khác")
    forged = h.recomputed_hash(h.Event(**{**event.__dict__, "payload": payload}))
    lines = tamper(
        five, f"UPDATE events SET payload = '{payload}', hash = '{forged}' WHERE seq = {event.seq}"
    )
    assert mentions(lines, "số 03/BQL-KHTH", f"sự kiện #{event.seq}", "bị sửa")


def test_an_edited_date_column_is_named(five: RegisterStore) -> None:
    lines = tamper(five, "UPDATE events SET doc_date = '2024-01-01' WHERE number = 2")
    assert mentions(lines, "số 02/BQL-KHTH", "khác nội dung")


def test_a_deleted_event_is_named(five: RegisterStore) -> None:
    lines = tamper(five, "DELETE FROM events WHERE number = 3")
    assert mentions(lines, "sự kiện #3", "bị xóa")
    assert mentions(lines, "số 03/BQL-KHTH năm 2024", "bị xóa")


def test_a_deleted_last_row_is_named(five: RegisterStore) -> None:
    lines = tamper(
        five, "DELETE FROM events WHERE number = 5", "DELETE FROM numbers WHERE number = 5"
    )
    assert mentions(lines, "sự kiện cuối bị xóa")
    assert mentions(lines, "số 05 năm 2024", "bị xóa")


def test_a_deleted_number_row_is_named(five: RegisterStore) -> None:
    lines = tamper(five, "DELETE FROM numbers WHERE number = 4")
    assert mentions(lines, "số 04/BQL-KHTH", "bị xóa khỏi bảng numbers")


def test_an_edited_symbol_is_named(five: RegisterStore) -> None:
    lines = tamper(five, "UPDATE numbers SET symbol = 'BQL-VP' WHERE number = 2")
    assert mentions(lines, "số 02/BQL-KHTH", "ký hiệu bị sửa thành BQL-VP")


def test_a_lowered_counter_is_named(five: RegisterStore) -> None:
    lines = tamper(five, "UPDATE counters SET last = 3")
    assert mentions(lines, "số 05/BQL-KHTH", "vượt bộ đếm")


def test_an_untouched_register_has_no_finding(five: RegisterStore) -> None:
    five.reserve("hanh_chinh", "BQL-VP")
    report = five.check()
    assert report.ok and report.events == 6 and report.numbers == 6
    assert report.head == five.head()

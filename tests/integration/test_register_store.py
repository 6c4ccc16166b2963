"""The register store on both backends: numbering, lifecycle, bad inputs, the Vietnamese year."""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable
from pathlib import Path

import psycopg
import pytest

from docgen.archive import open_register
from docgen.archive.register import RegisterStore
from docgen.errors import RegisterError
from docgen.model.document import Secrecy
from docgen.model.register import (
    BAN_SAO,
    HANH_CHINH,
    MAT,
    Annotation,
    AnnotationKind,
    EntryKey,
    EntryStatus,
    RegisterEntry,
)
from tests.integration.conftest import FixedClock, issue_one
from tests.integration.pg import PgCluster


def snapshot(store: RegisterStore) -> tuple[object, ...]:
    """Everything a failed operation must leave unchanged."""
    return (
        store.db.all("SELECT * FROM counters ORDER BY agency, year, stream"),
        store.db.all("SELECT * FROM numbers ORDER BY agency, year, stream, number"),
        store.db.all("SELECT seq, hash FROM events ORDER BY seq"),
        store.head(),
    )


def test_numbers_start_at_one_and_follow_each_other(store: RegisterStore) -> None:
    numbers = [issue_one(store).number for _ in range(3)]
    assert numbers == [1, 2, 3]
    rows = store.entries(2024)
    assert [row.number_symbol for row in rows] == ["01/BQL-KHTH", "02/BQL-KHTH", "03/BQL-KHTH"]
    first = rows[0]
    assert first.status is EntryStatus.ISSUED
    assert first.date == dt.date(2024, 5, 10)
    assert (first.signer, first.recipients, first.holders, first.copies) == (
        "Nguyễn Văn A",
        ("Sở Tài chính",),
        ("VT", "KHTH"),
        3,
    )
    assert store.check().ok


def test_streams_are_independent(store: RegisterStore) -> None:
    order = [HANH_CHINH, BAN_SAO, HANH_CHINH, "qd", BAN_SAO, HANH_CHINH]
    got = [issue_one(store, stream, f"{stream}-BQL").number for stream in order]
    assert got == [1, 1, 2, 1, 2, 3]


def test_an_exception_inside_the_unit_of_work_consumes_no_number(store: RegisterStore) -> None:
    before = snapshot(store)
    with pytest.raises(ZeroDivisionError), store.unit_of_work() as uow:
        uow.allocate(HANH_CHINH)
        _ = 1 / 0
    assert snapshot(store) == before
    assert issue_one(store).number == 1


def test_commit_refuses_a_number_taken_and_not_recorded(store: RegisterStore) -> None:
    with pytest.raises(RegisterError, match="chưa ghi vào sổ"), store.unit_of_work() as uow:
        uow.allocate(HANH_CHINH)
        uow.commit()
    assert issue_one(store).number == 1


def test_reserve_then_issue_into_the_reserved_number(
    store: RegisterStore, clock: FixedClock
) -> None:
    held = store.reserve(HANH_CHINH, "QĐ-BQL", subject="dự thảo quyết định")
    assert issue_one(store).number == 2
    clock.now += dt.timedelta(days=1)
    with store.unit_of_work() as uow:
        uow.record_issue(
            RegisterEntry(2024, HANH_CHINH, held.number, "QĐ-BQL", date=uow.today(), subject="QĐ")
        )
        uow.commit()
    assert store.entry(held.key) is not None
    assert store.entry(held.key).status is EntryStatus.ISSUED  # type: ignore[union-attr]
    assert store.check().ok


def test_a_cancelled_number_is_never_reused(store: RegisterStore) -> None:
    held = store.reserve(HANH_CHINH, "BQL-VP")
    cancelled = store.cancel(held.key, "dự thảo không được ký")
    assert cancelled.status is EntryStatus.CANCELLED
    before = snapshot(store)
    refused = pytest.raises(RegisterError, match="đã bị hủy: dự thảo không được ký")
    with refused, store.unit_of_work() as uow:
        uow.record_issue(RegisterEntry(2024, HANH_CHINH, held.number, "BQL-VP", date=uow.today()))
    with pytest.raises(RegisterError, match="đã bị hủy"):
        store.cancel(held.key, "lần nữa")
    assert snapshot(store) == before
    assert issue_one(store).number == 2
    row = store.entry(held.key)
    assert row is not None and row.remarks == "Hủy số: dự thảo không được ký"


def test_cancel_needs_a_reason_and_a_reserved_number(store: RegisterStore) -> None:
    held = store.reserve(HANH_CHINH, "BQL-VP")
    issued = issue_one(store)
    with pytest.raises(RegisterError, match="lý do"):
        store.cancel(held.key, "  ")
    with pytest.raises(RegisterError, match="đã được cấp"):
        store.cancel(issued.key, "nhầm")
    with pytest.raises(RegisterError, match="không có số 09"):
        store.cancel(EntryKey(2024, HANH_CHINH, 9), "nhầm")


def test_an_issued_number_cannot_be_issued_again(store: RegisterStore) -> None:
    issued = issue_one(store)
    before = snapshot(store)
    with pytest.raises(RegisterError, match="đã được cấp"), store.unit_of_work() as uow:
        uow.record_issue(
            RegisterEntry(2024, HANH_CHINH, issued.number, "BQL-KHTH", date=uow.today())
        )
    assert snapshot(store) == before


def test_a_draft_cannot_be_issued_twice(store: RegisterStore) -> None:
    issue_one(store, source="a" * 64)
    before = snapshot(store)
    with pytest.raises(RegisterError, match="bản dự thảo này đã được cấp số 01/BQL-KHTH"):
        issue_one(store, source="a" * 64)
    assert snapshot(store) == before


def test_a_number_never_taken_cannot_be_issued(store: RegisterStore) -> None:
    with pytest.raises(RegisterError, match="chưa được lấy"), store.unit_of_work() as uow:
        uow.record_issue(RegisterEntry(2024, HANH_CHINH, 7, "BQL-KHTH", date=uow.today()))


def test_number_and_symbol_are_unique_in_the_year(store: RegisterStore) -> None:
    issue_one(store, HANH_CHINH, "QĐ-BQL")
    before = snapshot(store)
    with pytest.raises(RegisterError, match="01/QĐ-BQL năm 2024 đã có"):
        issue_one(store, "qd", "QĐ-BQL")
    assert snapshot(store) == before


def test_the_database_itself_rejects_a_duplicate_number_symbol(store: RegisterStore) -> None:
    issue_one(store, HANH_CHINH, "QĐ-BQL")
    with pytest.raises(RegisterError, match="trùng"):
        store.db.begin()
        try:
            store.db.execute(
                "INSERT INTO numbers (agency, year, stream, number, symbol)"
                " VALUES ('BQL', 2024, 'qd', 1, 'QĐ-BQL')"
            )
        finally:
            store.db.rollback()


@pytest.mark.parametrize("secrecy", list(Secrecy))
def test_a_secret_document_cannot_take_a_public_number(
    store: RegisterStore, secrecy: Secrecy
) -> None:
    before = snapshot(store)
    with pytest.raises(RegisterError, match=f"văn bản {secrecy.value} không được lấy số"):
        issue_one(store, HANH_CHINH, secrecy=secrecy)
    with pytest.raises(RegisterError, match="không mật"):
        issue_one(store, MAT)
    assert snapshot(store) == before
    assert issue_one(store, MAT, "BQL-VP", secrecy=secrecy).number == 1


def test_a_date_in_the_future_is_refused(store: RegisterStore) -> None:
    before = snapshot(store)
    with pytest.raises(RegisterError, match="11/05/2024 ở tương lai"):
        issue_one(store, date=dt.date(2024, 5, 11))
    assert snapshot(store) == before


def test_a_date_before_the_last_issued_one_is_refused(store: RegisterStore) -> None:
    issue_one(store, date=dt.date(2024, 5, 8))
    before = snapshot(store)
    with pytest.raises(RegisterError, match=r"07/05/2024 trước ngày .* \(08/05/2024\)"):
        issue_one(store, date=dt.date(2024, 5, 7))
    assert snapshot(store) == before
    assert issue_one(store, "qd", "QĐ-BQL", date=dt.date(2024, 5, 7)).number == 1


def test_a_closed_year_takes_no_number(
    open_store: Callable[..., RegisterStore], clock: FixedClock
) -> None:
    store = open_store()
    issue_one(store)
    clock.now = dt.datetime(2025, 1, 2, 3, 0, tzinfo=dt.UTC)
    store.close_year(2024)
    before = snapshot(store)
    with pytest.raises(RegisterError, match="năm 2024 đã khóa"):
        issue_one(store, date=dt.date(2024, 12, 31))
    with pytest.raises(RegisterError, match="năm 2024 đã khóa"):
        store.reserve(HANH_CHINH, "BQL-VP", year=2024)
    assert snapshot(store) == before
    assert issue_one(store).number == 1
    with pytest.raises(RegisterError, match="năm 2026 chưa bắt đầu"), store.unit_of_work() as uow:
        uow.allocate(HANH_CHINH, 2026)


def test_the_year_rolls_over_at_midnight_vietnam_time(
    store: RegisterStore, clock: FixedClock
) -> None:
    # 31 Dec 2024 16:59:59 UTC is 23:59:59 in Hà Nội: still 2024.
    clock.now = dt.datetime(2024, 12, 31, 16, 59, 59, tzinfo=dt.UTC)
    last_of_2024 = issue_one(store)
    # One second later it is 00:00:00 on 1 January 2025 in Hà Nội, though still 2024 in UTC.
    clock.now = dt.datetime(2024, 12, 31, 17, 0, 0, tzinfo=dt.UTC)
    first_of_2025 = issue_one(store)
    assert (last_of_2024.year, last_of_2024.number, last_of_2024.date) == (
        2024,
        1,
        dt.date(2024, 12, 31),
    )
    assert (first_of_2025.year, first_of_2025.number, first_of_2025.date) == (
        2025,
        1,
        dt.date(2025, 1, 1),
    )
    assert issue_one(store).number == 2


def test_annotations_link_documents(store: RegisterStore) -> None:
    wrong = issue_one(store)
    fix = issue_one(store)
    held = store.reserve(HANH_CHINH, "BQL-VP")
    store.annotate(Annotation(AnnotationKind.DINH_CHINH, wrong.key, by=fix.key, note="sai ngày"))
    with pytest.raises(RegisterError, match="chưa ban hành"):
        store.annotate(Annotation(AnnotationKind.THU_HOI, held.key))
    rows = {row.number: row for row in store.entries(2024)}
    assert rows[1].remarks == "Đính chính bởi số 02 (hanh_chinh): sai ngày"
    assert rows[2].remarks == "Đính chính số 01 (hanh_chinh): sai ngày"
    assert store.check().ok


def test_dispatch_fills_columns_eight_and_nine(store: RegisterStore) -> None:
    issued = issue_one(store)
    store.record_dispatch(issued.key, dt.date(2024, 5, 10), "Trần Thị B")
    row = store.entry(issued.key)
    assert row is not None and (row.dispatched, row.receipt) == (dt.date(2024, 5, 10), "Trần Thị B")
    with pytest.raises(RegisterError, match="ngày chuyển"):
        store.record_dispatch(issued.key, dt.date(2024, 5, 11))


def test_agencies_have_separate_counters(open_store: Callable[..., RegisterStore]) -> None:
    first, second = open_store("BQL"), open_store("UBND")
    assert issue_one(first).number == 1
    assert issue_one(second, symbol="UBND-VP").number == 1
    assert [e.number for e in first.entries(2024)] == [1]


@pytest.mark.postgres
def test_a_clash_that_slips_past_the_checks_is_refused_at_commit(
    pg_cluster: PgCluster, tmp_path: Path, clock: FixedClock
) -> None:
    # Another workstation's transaction has written (2024, 01, QĐ-BQL) and not committed when our
    # checks run, so they cannot see it; the UNIQUE constraint makes our COMMIT wait for it and,
    # once it commits, refuses ours. Nothing of ours is kept.
    url = pg_cluster.create_database()
    with open_register(tmp_path, "BQL", database_url=url, clock=clock) as store:
        before = snapshot(store)
        with psycopg.connect(url, autocommit=True) as other:
            other.execute("BEGIN")
            other.execute("INSERT INTO numbers VALUES ('BQL', 2024, 'hanh_chinh', 1, 'QĐ-BQL')")
            releaser = threading.Thread(target=_commit_once_blocked, args=(url, other))
            releaser.start()
            try:
                with pytest.raises(RegisterError, match="trùng"), store.unit_of_work() as uow:
                    number = uow.allocate("qd")
                    uow.record_issue(RegisterEntry(2024, "qd", number, "QĐ-BQL", date=uow.today()))
                    uow.commit()  # waits on the other's uncommitted key, then fails
            finally:
                releaser.join(timeout=30)
        after = snapshot(store)
        assert after[2:] == before[2:]  # no event, same chain head
        assert store.entries(2024) == []


def _commit_once_blocked(url: str, other: psycopg.Connection[object]) -> None:
    """COMMIT `other` as soon as another session waits for one of its locks (at most 20 s)."""
    with psycopg.connect(url, autocommit=True) as watcher:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            row = watcher.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
            ).fetchone()
            if row is not None and row[0] > 0:
                break
            time.sleep(0.01)
    other.execute("COMMIT")

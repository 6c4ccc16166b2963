"""A page of the register read alone (`book_keys` + `book_page`, the web register page) gives
exactly the rows of the whole book folded (`book`): reserved, cancelled and issued numbers, Điều 18
links within a page, across pages, across streams and across years, dispatches, secret streams
left out for a role that may not see them, the incoming register apart (both backends)."""

from __future__ import annotations

import datetime as dt

import pytest

from docgen.archive.register import RegisterStore
from docgen.model.document import Secrecy
from docgen.model.register import (
    DEN,
    HANH_CHINH,
    MAT,
    Annotation,
    AnnotationKind,
    EntryKey,
    is_secret_stream,
)
from docgen.services.register import book, book_keys, book_page
from tests.integration.conftest import FixedClock, issue_one

IN_2025 = dt.datetime(2025, 3, 3, 2, 0, tzinfo=dt.UTC)


@pytest.fixture
def busy(store: RegisterStore, clock: FixedClock) -> RegisterStore:
    """2024: 12 administrative numbers (one reserved, one cancelled, one issued into its
    reservation), 3 of `qd`, 2 secret, 2 incoming; corrections inside a page, across pages and
    streams; 2025: a document replacing one of 2024's, correcting one of 2025's."""
    for number in range(1, 13):
        if number == 4:
            store.reserve(HANH_CHINH, "BQL-KHTH", subject="giữ cho báo cáo")
        elif number == 6:
            held = store.reserve(HANH_CHINH, "BQL-VP", subject="không dùng")
            store.cancel(held.key, "trùng")
        else:
            issue_one(store, symbol="BQL-KHTH" if number % 2 else "BQL-VP")
        if number % 5 == 0:
            issue_one(store, "qd", "QĐ-BQL")
    issue_one(store, MAT, "BQL-KHTH-M", secrecy=Secrecy.MAT)
    issue_one(store, MAT, "BQL-KHTH-M", secrecy=Secrecy.TOI_MAT)
    issue_one(store, DEN, "SCT-VP")
    issue_one(store, DEN, "STC-KH")
    with store.unit_of_work() as uow:  # number 4, reserved earlier, issued
        from docgen.model.kinds import Kind
        from docgen.model.register import RegisterEntry

        uow.record_issue(
            RegisterEntry(2024, HANH_CHINH, 4, "BQL-KHTH", date=uow.today(), kind=Kind.CONG_VAN,
                          subject="báo cáo", signer="Nguyễn Văn A", holders=("VT",))
        )  # fmt: skip
        uow.commit()
    key, day = EntryKey, clock.now.date()
    links = [
        (key(2024, HANH_CHINH, 2), key(2024, HANH_CHINH, 3)),  # same page (pages of 3)
        (key(2024, HANH_CHINH, 1), key(2024, HANH_CHINH, 11)),  # across pages
        (key(2024, "qd", 1), key(2024, HANH_CHINH, 8)),  # across streams
        (key(2024, HANH_CHINH, 9), None),  # a recall: no document
        (key(2024, DEN, 1), key(2024, HANH_CHINH, 12)),  # into the incoming register
    ]
    for target, by in links:
        store.annotate(Annotation(AnnotationKind.DINH_CHINH, target, by, "sửa", day))
    store.record_dispatch(key(2024, HANH_CHINH, 5), day, "Nguyễn Thị B")
    clock.now = IN_2025
    issue_one(store)
    issue_one(store)
    store.annotate(
        Annotation(AnnotationKind.THAY_THE, key(2024, HANH_CHINH, 7), key(2025, HANH_CHINH, 1),
                   "sai nội dung", clock.now.date())
    )  # fmt: skip
    store.annotate(
        Annotation(AnnotationKind.DINH_CHINH, key(2025, HANH_CHINH, 2), key(2024, HANH_CHINH, 10),
                   "", clock.now.date())
    )  # fmt: skip
    return store


@pytest.mark.parametrize("stream", [None, HANH_CHINH, "qd", DEN, MAT])
@pytest.mark.parametrize("secret", [True, False])
@pytest.mark.parametrize("year", [2024, 2025])
def test_a_page_read_alone_is_the_page_of_the_whole_book(
    busy: RegisterStore, stream: str | None, secret: bool, year: int
) -> None:
    whole = [
        r for r in book(busy, year, stream).rows if secret or r.secrecy is None
    ]  # the web's filter before: every row folded, secret rows dropped
    keys = book_keys(busy, year, stream, secret_allowed=secret)
    assert keys == [r.key for r in whole]
    pages = [book_page(busy, year, stream, keys[i : i + 3]) for i in range(0, len(keys), 3)]
    assert [r for page in pages for r in page.rows] == whole
    assert all(not is_secret_stream(k.stream) for k in keys) or secret


def test_the_links_are_there(busy: RegisterStore) -> None:
    """The fixture's links did reach rows on other pages (the comparison above is not empty)."""
    keys = book_keys(busy, 2024, None)
    (eleven,) = book_page(busy, 2024, None, [EntryKey(2024, HANH_CHINH, 11)]).rows
    assert [a.target for a in eleven.annotations] == [EntryKey(2024, HANH_CHINH, 1)]
    (ten,) = book_page(busy, 2024, None, [EntryKey(2024, HANH_CHINH, 10)]).rows
    assert [a.target for a in ten.annotations] == [EntryKey(2025, HANH_CHINH, 2)]
    assert EntryKey(2024, DEN, 1) not in keys
    (den,) = book_page(busy, 2024, DEN, [EntryKey(2024, DEN, 1)]).rows
    assert den == book(busy, 2024, DEN).rows[0]

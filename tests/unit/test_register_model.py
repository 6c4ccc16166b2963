"""Number streams and register rows (ND30 Điều 15, PL4 I; docs/records/register.md)."""

from __future__ import annotations

import datetime as dt

import pytest

from docgen.model.document import Secrecy
from docgen.model.kinds import Kind
from docgen.model.register import (
    HANH_CHINH,
    MAT,
    Annotation,
    AnnotationKind,
    EntryKey,
    EntryStatus,
    NumberingPolicy,
    RegisterEntry,
    format_number,
    is_secret_stream,
)


def test_every_administrative_type_shares_the_default_stream() -> None:
    policy = NumberingPolicy()
    assert {policy.stream_for(kind) for kind in Kind} == {HANH_CHINH}


def test_a_type_may_have_its_own_stream() -> None:
    policy = NumberingPolicy(own_streams={Kind.QUYET_DINH: "qd"})
    assert policy.stream_for(Kind.QUYET_DINH) == "qd"
    assert policy.stream_for(Kind.CONG_VAN) == HANH_CHINH


@pytest.mark.parametrize("secrecy", list(Secrecy))
def test_secret_documents_always_have_their_own_stream(secrecy: Secrecy) -> None:
    policy = NumberingPolicy(own_streams={Kind.QUYET_DINH: "qd"})
    assert policy.stream_for(Kind.QUYET_DINH, secrecy=secrecy) == MAT
    assert is_secret_stream(policy.stream_for(Kind.CONG_VAN, secrecy=secrecy))


def test_advisory_bodies_have_their_own_streams() -> None:
    policy = NumberingPolicy(advisory_bodies=frozenset({"hdtd"}))
    assert policy.stream_for(Kind.THONG_BAO, advisory_body="hdtd") == "tu_van:hdtd"
    secret = policy.stream_for(Kind.THONG_BAO, advisory_body="hdtd", secrecy=Secrecy.MAT)
    assert secret == "tu_van:hdtd:mat"
    assert is_secret_stream(secret)
    assert not is_secret_stream("tu_van:hdtd")
    with pytest.raises(KeyError):
        policy.stream_for(Kind.THONG_BAO, advisory_body="unknown")


@pytest.mark.parametrize(("n", "text"), [(1, "01"), (9, "09"), (10, "10"), (1600, "1600")])
def test_numbers_below_ten_get_a_leading_zero(n: int, text: str) -> None:
    assert format_number(n) == text


def test_entry_columns() -> None:
    entry = RegisterEntry(
        year=2024,
        stream=HANH_CHINH,
        number=5,
        symbol="BQL-KHTH",
        date=dt.date(2024, 3, 1),
        kind=Kind.CONG_VAN,
        subject="báo cáo tiến độ",
    )
    assert entry.number_symbol == "05/BQL-KHTH"
    assert entry.type_and_subject == "Công văn V/v báo cáo tiến độ"
    assert entry.key == EntryKey(2024, HANH_CHINH, 5)
    qd = RegisterEntry(2024, "qd", 1, "QĐ-BQL", kind=Kind.QUYET_DINH, subject="về việc X")
    assert qd.type_and_subject == "Quyết định về việc X"


def test_remarks_say_why_a_number_is_empty_and_what_changed_it() -> None:
    cancelled = RegisterEntry(
        2024, HANH_CHINH, 7, "BQL-VP", status=EntryStatus.CANCELLED, cancel_reason="dự thảo hủy"
    )
    assert cancelled.remarks == "Hủy số: dự thảo hủy"
    target = EntryKey(2024, HANH_CHINH, 5)
    link = Annotation(AnnotationKind.THU_HOI, target, by=EntryKey(2024, HANH_CHINH, 9))
    recalled = RegisterEntry(2024, HANH_CHINH, 5, "BQL-VP", annotations=(link,))
    assert recalled.remarks == "Thu hồi bởi số 09 (hanh_chinh)"

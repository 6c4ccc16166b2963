"""The register's refusals, message by message (pure functions, no database)."""

from __future__ import annotations

import datetime as dt

import pytest

from docgen.archive import checks
from docgen.errors import RegisterError
from docgen.model.document import Secrecy
from docgen.model.register import EntryKey, EntryStatus, RegisterEntry

TODAY = dt.date(2024, 5, 10)


def entry(**fields: object) -> RegisterEntry:
    base: dict[str, object] = {"year": 2024, "stream": "hanh_chinh", "number": 5}
    base.update(symbol="BQL-VP", date=TODAY)
    base.update(fields)
    return RegisterEntry(**base)  # type: ignore[arg-type]


def test_every_message_is_one_line_with_a_hint() -> None:
    errors = [
        checks.future_year(2025, TODAY),
        checks.closed_year(2023, TODAY),
        checks.secrecy(entry(secrecy=Secrecy.TOI_MAT)),
        checks.secrecy(entry(stream="mat")),
        checks.issue_date(entry(date=None), TODAY),
        checks.issue_date(entry(date=dt.date(2024, 5, 11)), TODAY),
        checks.issue_date(entry(date=dt.date(2023, 12, 31)), TODAY),
        checks.order(entry(date=dt.date(2024, 5, 1)), dt.date(2024, 5, 2)),
        checks.clash(entry(), "qd"),
        checks.issued_draft("01/BQL-VP", 2024),
        checks.never_taken(entry()),
        checks.not_reserved(entry(status=EntryStatus.CANCELLED, cancel_reason="hỏng")),
        checks.not_reserved(entry()),
        checks.other_symbol(entry(), "BQL-KHTH"),
        checks.missing(EntryKey(2024, "hanh_chinh", 7)),
        checks.not_issued(entry(status=EntryStatus.RESERVED)),
        checks.no_reason(EntryKey(2024, "hanh_chinh", 7), " "),
        checks.dispatch_date(entry(), dt.date(2024, 5, 9), TODAY),
    ]
    for error in errors:
        assert isinstance(error, RegisterError)
        assert error.hint and "\n" not in error.one_line()


def test_what_is_allowed_passes() -> None:
    assert checks.future_year(2024, TODAY) is None
    assert checks.secrecy(entry()) is None
    assert checks.secrecy(entry(stream="mat", secrecy=Secrecy.MAT)) is None
    assert checks.issue_date(entry(), TODAY) is None
    assert checks.order(entry(), TODAY) is None  # the same day is in order
    assert checks.order(entry(), None) is None
    assert checks.not_reserved(entry(status=EntryStatus.RESERVED)) is None
    assert checks.other_symbol(entry(), "BQL-VP") is None
    assert checks.not_issued(entry()) is None
    assert checks.no_reason(EntryKey(2024, "x", 1), "nhầm") is None
    assert checks.dispatch_date(entry(), TODAY, TODAY) is None


def test_messages_name_the_number_and_the_dates() -> None:
    late = checks.order(entry(date=dt.date(2024, 5, 1)), dt.date(2024, 5, 2))
    assert late is not None
    assert "01/05/2024" in late.message and "02/05/2024" in late.message
    cancelled = checks.not_reserved(entry(status=EntryStatus.CANCELLED, cancel_reason="hỏng"))
    assert cancelled is not None and "số 05/BQL-VP năm 2024" in cancelled.message


def test_raise_first_raises_the_first_error() -> None:
    first, second = checks.closed_year(2023, TODAY), checks.closed_year(2022, TODAY)
    with pytest.raises(RegisterError) as caught:
        checks.raise_first(None, first, second)
    assert caught.value is first
    checks.raise_first(None, None)

"""The exchange in the register (docgen.archive.exchange_fold, RegisterEntry.delivery): a send
fills column (8) and names the receivers in column (9); the latest status by its own time wins,
whatever order the packages came in; the profile's `[exchange]` is read and checked."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from docgen.archive.exchange_fold import RECEIVED, REPORTED, SENT, STATUS, fold_exchange
from docgen.errors import ProfileError
from docgen.inputs.profile import parse_profile
from docgen.model.exchange import REPORTABLE, ExchangeStatus, document_id
from docgen.model.register import DEN, RegisterEntry

OUT = RegisterEntry(2024, "hanh_chinh", 5, "BQL-KHTH", date=dt.date(2024, 5, 10))
SKHDT = {"code": "000.00.01.H26", "name": "Sở Kế hoạch và Đầu tư"}
SCT = {"code": "000.00.02.H26", "name": "Sở Công Thương"}


def sent(entry: RegisterEntry, *to: dict[str, str], on: str = "2024-05-10") -> RegisterEntry:
    return fold_exchange(entry, SENT, {"sent": on, "to": list(to)})


def status(entry: RegisterEntry, who: dict[str, str], code: str, at: str) -> RegisterEntry:
    return fold_exchange(entry, STATUS, {"from": who, "status": code, "at": at})


def test_statuses_are_labelled_as_the_register_shows_them() -> None:
    assert [s.label for s in ExchangeStatus] == [
        "đã đến", "từ chối tiếp nhận", "đã tiếp nhận", "đã phân công", "đang xử lý", "hoàn thành",
    ]  # fmt: skip
    assert [s.slug for s in REPORTABLE] == [
        "da-tiep-nhan",
        "da-phan-cong",
        "dang-xu-ly",
        "hoan-thanh",
    ]
    assert ExchangeStatus.from_slug("hoan-thanh") is ExchangeStatus.HOAN_THANH
    assert ExchangeStatus.from_code("06").final and not ExchangeStatus.DANG_XU_LY.final


def test_a_send_fills_the_dispatch_date_and_names_each_receiver() -> None:
    entry = sent(OUT, SKHDT, SCT)
    assert entry.dispatched == dt.date(2024, 5, 10)
    assert entry.delivery == (
        "000.00.01.H26 (Sở Kế hoạch và Đầu tư): đã gửi 10/05/2024; "
        "000.00.02.H26 (Sở Công Thương): đã gửi 10/05/2024"
    )
    # a second send to one of them changes the date of that leg only, not column (8)
    again = sent(entry, SKHDT, on="2024-05-11")
    assert again.dispatched == dt.date(2024, 5, 10) and len(again.exchange) == 2
    assert again.exchange[0].sent == dt.date(2024, 5, 11)


def test_the_latest_status_by_its_time_wins_whatever_the_order_of_arrival() -> None:
    entry = sent(OUT, SKHDT)
    done = status(entry, SKHDT, "06", "2024-05-20T10:00:00")
    late = status(done, SKHDT, "05", "2024-05-15T08:00:00")  # an older status arriving late
    assert late.exchange[0].status is ExchangeStatus.HOAN_THANH
    assert late.delivery == "000.00.01.H26 (Sở Kế hoạch và Đầu tư): hoàn thành 20/05/2024"


def test_a_paper_receipt_and_the_exchange_share_column_9() -> None:
    entry = status(sent(OUT, SKHDT), SKHDT, "03", "2024-05-10T15:00:00")
    signed = RegisterEntry(**{**entry.__dict__, "receipt": "Nguyễn Văn A"})
    assert signed.delivery.startswith("Nguyễn Văn A; 000.00.01.H26")


def test_an_incoming_row_keeps_its_sender_and_what_was_reported_back() -> None:
    incoming = RegisterEntry(2024, DEN, 3, "ĐẾN", date=dt.date(2024, 5, 11))
    row = fold_exchange(incoming, RECEIVED, {"from": SKHDT, "source": "x"})
    row = fold_exchange(row, REPORTED, {"to": {"code": SKHDT["code"], "name": ""}, "status": "01",
                                        "at": "2024-05-11T08:00:00"})  # fmt: skip
    assert row.exchange[0].organ.name == "Sở Kế hoạch và Đầu tư"
    assert row.exchange[0].status is ExchangeStatus.DA_DEN
    assert row.delivery == ""  # the incoming register's column (9) is the unit's signature


def test_a_document_id_names_sender_date_and_number() -> None:
    assert document_id("000.00.00.H26", dt.date(2024, 5, 10), "05/BQL-KHTH") == (
        "000.00.00.H26,2024/05/10,05/BQL-KHTH"
    )


PROFILE = {"agency": {"name": "BAN", "abbreviation": "BQL", "place": "Hà Nội"}}


def test_the_exchange_section_is_read_relative_to_the_profile(tmp_path: Path) -> None:
    data = {**PROFILE, "exchange": {"outbox": "gui", "inbox": "nhan", "max_package_mb": 5,
                                   "trust_roots": ["goc.pem"]}}  # fmt: skip
    options = parse_profile(data, source="p.toml", base=tmp_path).exchange
    assert options.outbox == str(tmp_path / "gui") and options.inbox == str(tmp_path / "nhan")
    assert options.max_package_mb == 5 and options.trust_roots == (str(tmp_path / "goc.pem"),)
    assert parse_profile(PROFILE, source="p.toml").exchange.outbox == ""


@pytest.mark.parametrize(
    ("section", "complaint"),
    [
        ({"outbox": "a", "inbox": "a"}, "exchange.inbox: outbox và inbox là cùng một thư mục"),
        ({"max_package_mb": 0}, "exchange.max_package_mb: giới hạn gói tin 0 MB"),
        ({"outbx": "a"}, "có phải `outbox`"),
    ],
)
def test_a_wrong_exchange_section_is_refused_naming_the_key(
    section: dict[str, object], complaint: str
) -> None:
    with pytest.raises(ProfileError, match=complaint):
        parse_profile({**PROFILE, "exchange": section}, source="p.toml")

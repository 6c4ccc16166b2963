"""Status messages of the exchange (liên thông): the receiver tells the sender where a document
stands (`report_status`), and the statuses that come back are applied to the outgoing register
(`apply_status`); docs/exchange/edxml.md."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from docgen.archive import exchange as stored
from docgen.archive import exchange_fold as ev
from docgen.archive.register import RegisterStore
from docgen.archive.unit_of_work import UnitOfWork
from docgen.edxml.build import build_status
from docgen.errors import InputError
from docgen.model.agency import Agency
from docgen.model.exchange import REPORTABLE, ExchangeStatus, Header, StatusMessage
from docgen.model.register import EntryKey, RegisterEntry
from docgen.services.exchange import (
    Handoff,
    hand_over,
    header_from,
    local_now,
    outbox_of,
    own_organ,
)
from docgen.services.incoming import parse_notation


@dataclass(frozen=True)
class Reported:
    entry: RegisterEntry
    message: StatusMessage
    package: Path


def received_header(store: RegisterStore, key: EntryKey) -> Header:
    """The header of the package the incoming row `key` came in; InputError when it did not
    come by exchange."""
    events = stored.row_events(store.db, store.agency, key, [ev.RECEIVED])
    if not events:
        raise InputError(
            f"văn bản đến số {key.number:02d} năm {key.year} không nhận qua liên thông, "
            "không có nơi gửi để báo trạng thái",
            field="SỐ ĐẾN",
        )
    return header_from(events[0].data["header"])


def status_message(
    store: RegisterStore,
    agency: Agency,
    header: Header,
    status: ExchangeStatus,
    *,
    description: str = "",
    department: str = "",
    staff: str = "",
) -> StatusMessage:
    """The status message this agency sends about the document `header` describes."""
    text = description.strip() or status.label.capitalize()
    return StatusMessage(
        responds_to=header.reference,
        sender=own_organ(agency),
        status=status,
        at=local_now(store),
        description=text[:500],
        department=department.strip()[:200],
        staff=staff.strip()[:100],
    )


def record_report(
    uow: UnitOfWork, key: EntryKey, message: StatusMessage, folder: Path, count: int
) -> Handoff:
    """Inside `uow`: record that `message` was reported for the incoming row `key` (the
    `count`-th report of it) and stage its package in `folder`; returns the hand-off to finish
    after COMMIT."""
    data = build_status(message)
    name = f"tt-{key.year}-den-{key.number:04d}-{message.status.value}-{count:02d}.edxml"
    handoff = Handoff(folder, name, data)
    try:
        payload = {
            "to": {"code": message.responds_to.organ_id, "name": ""},
            "status": message.status.value,
            "at": message.at.isoformat(),
            "description": message.description,
            "department": message.department,
            "staff": message.staff,
            "package": name,
        }
        uow.record_exchange(ev.REPORTED, key, payload)
    except BaseException:
        handoff.drop()
        raise
    return handoff


def report_status(
    store: RegisterStore,
    agency: Agency,
    archive: Path,
    key: EntryKey,
    status: ExchangeStatus,
    *,
    description: str = "",
    department: str = "",
    staff: str = "",
) -> Reported:
    """Tell the sender of the incoming document `key` (received as a package) where it stands:
    a status package into the outbox, and the report recorded on the incoming row.

    The workflow calls this as a document is accepted, assigned, handled and done. Refused
    (InputError) for a document that did not come by exchange, a status other than the four a
    clerk reports (arrival and refusal are reported on receipt), the status last reported again,
    or any status after `hoàn thành`.
    """
    if status not in REPORTABLE:
        raise InputError(
            f"trạng thái `{status.label}` do docgen tự báo khi nhận gói tin",
            field="--trang-thai",
            hint="báo một trong: " + ", ".join(s.slug for s in REPORTABLE) + ".",
        )
    header = received_header(store, key)
    entry = store.entry(key)
    assert entry is not None
    last = entry.exchange[0].status if entry.exchange else None
    if last is status:
        raise InputError(
            f"đã báo trạng thái `{status.label}` cho văn bản đến số {key.number:02d}",
            field="--trang-thai",
            hint="báo trạng thái tiếp theo khi có.",
        )
    if last is not None and last.final:
        raise InputError(
            f"văn bản đến số {key.number:02d} đã ở trạng thái `{last.label}`, không báo thêm",
            field="--trang-thai",
        )
    message = status_message(
        store, agency, header, status, description=description, department=department, staff=staff
    )
    with store.unit_of_work() as uow:
        uow.lock()
        count = len(stored.row_events(store.db, store.agency, key, [ev.REPORTED])) + 1
        handoff = record_report(uow, key, message, outbox_of(agency, archive), count)
        (path,) = hand_over(uow, [handoff])
    reported = store.entry(key)
    assert reported is not None
    return Reported(reported, message, path)


@dataclass(frozen=True)
class Applied:
    entry: RegisterEntry
    message: StatusMessage
    repeated: bool  #: the same status was applied before (nothing new recorded)


def apply_status(
    store: RegisterStore, agency: Agency, message: StatusMessage, source: str
) -> Applied:
    """Record a status that came back for one of this agency's documents on its outgoing row
    (column (9) shows it); InputError for a document this agency did not send to the reporter."""
    own = own_organ(agency)
    ref = message.responds_to
    hint = "không ghi trạng thái này; báo nơi gửi nếu cần."
    if ref.organ_id != own.code:
        raise InputError(
            f"trạng thái nói về văn bản của cơ quan {ref.organ_id}, không phải {own.code}",
            source=source,
            hint=hint,
        )
    try:
        number, symbol = parse_notation(ref.notation)
    except InputError:
        raise InputError(
            f"số và ký hiệu `{ref.notation}` trong trạng thái không đúng dạng",
            source=source,
            hint=hint,
        ) from None
    key = stored.issued_key(store.db, store.agency, number, symbol, ref.date)
    sent = stored.row_events(store.db, store.agency, key, [ev.SENT]) if key else []
    if key is None or not any(
        message.sender.code == to.get("code") for e in sent for to in e.data.get("to", ())
    ):
        raise InputError(
            f"không có văn bản {ref.notation} ngày {ref.date:%d/%m/%Y} đã gửi liên thông cho "
            f"{message.sender.code}",
            source=source,
            hint=hint,
        )
    payload = {
        "from": ev.organ_data(message.sender),
        "status": message.status.value,
        "at": message.at.isoformat(),
        "description": message.description,
        "department": message.department,
        "staff": message.staff,
    }
    with store.unit_of_work() as uow:
        uow.lock()
        before = stored.row_events(store.db, store.agency, key, [ev.STATUS])
        repeated = any(e.data == payload for e in before)
        if not repeated:
            uow.record_exchange(ev.STATUS, key, payload)
            uow.commit()
    entry = store.entry(key)
    assert entry is not None
    return Applied(entry, message, repeated)

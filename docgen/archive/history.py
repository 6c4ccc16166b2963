"""The register's append-only history: event encoding, the hash chain, folding into rows.

Every change of a register row is an event; each event stores the SHA-256 of the previous one, and
its own hash covers its sequence number, the previous hash and every stored field. The current
state of a row is the fold of its events in sequence order. Nothing here touches a database.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from docgen.archive.exchange_fold import TYPES as EXCHANGE_TYPES
from docgen.archive.exchange_fold import fold_exchange
from docgen.archive.processing_fold import TYPES as PROCESSING_TYPES
from docgen.archive.processing_fold import fold_processing
from docgen.model.document import Secrecy
from docgen.model.kinds import Kind
from docgen.model.register import (
    Annotation,
    AnnotationKind,
    EntryKey,
    EntryStatus,
    RegisterEntry,
    format_number,
)

RESERVE = "reserve"
ISSUE = "issue"
CANCEL = "cancel"
ANNOTATE = "annotate"
DISPATCH = "dispatch"
CLOSE_YEAR = "close_year"
#: the files of an issued row replaced by a later version of themselves (a document timestamp
#: appended, `docgen archive refresh-ltv`): the payload's `files` are the row's files from then on
REFRESH = "refresh_files"

#: the columns of `events`, in the order `load` reads them
EVENT_COLUMNS = (
    "seq, prev_hash, hash, type, agency, year, stream, number, symbol, at, payload,"
    " doc_date, source"
)


@dataclass(frozen=True)
class Event:
    """One stored event, exactly as read from the `events` table."""

    seq: int
    prev_hash: str
    hash: str
    type: str
    agency: str
    year: int
    stream: str
    number: int
    symbol: str
    at: str
    payload: str
    doc_date: str | None = None
    source: str | None = None

    @property
    def key(self) -> EntryKey:
        return EntryKey(self.year, self.stream, self.number)

    @property
    def data(self) -> dict[str, Any]:
        value = json.loads(self.payload)
        assert isinstance(value, dict)
        return value

    def label(self) -> str:
        """How a clerk names the row this event belongs to."""
        if self.type == CLOSE_YEAR:
            return f"khóa sổ năm {self.year} (sự kiện #{self.seq})"
        return (
            f"số {format_number(self.number)}/{self.symbol} năm {self.year} "
            f"(sổ {self.stream}, sự kiện #{self.seq})"
        )

    @classmethod
    def from_row(cls, row: Iterable[Any]) -> Event:
        seq, prev, digest, kind, agency, year, stream, number, symbol, at, payload, date, src = row
        return cls(
            int(seq), prev, digest, kind, agency, int(year), stream, int(number), symbol, at,
            payload, date, src,
        )  # fmt: skip


#: one encoder for every call: json.dumps with options builds a new one each time
_CANONICAL = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def canonical(data: Mapping[str, Any]) -> str:
    """`data` as canonical JSON: sorted keys, no spaces, UTF-8 kept (the hashed form)."""
    return _CANONICAL.encode(data)


def event_hash(
    seq: int,
    prev_hash: str,
    type_: str,
    agency: str,
    year: int,
    stream: str,
    number: int,
    symbol: str,
    at: str,
    payload: str,
) -> str:
    """The SHA-256 (hex) that chains an event to `prev_hash`."""
    fields = [seq, prev_hash, type_, agency, year, stream, number, symbol, at, payload]
    return hashlib.sha256(canonical({"e": fields}).encode("utf-8")).hexdigest()


def recomputed_hash(event: Event) -> str:
    """What the stored hash of `event` must be."""
    return event_hash(
        event.seq, event.prev_hash, event.type, event.agency, event.year, event.stream,
        event.number, event.symbol, event.at, event.payload,
    )  # fmt: skip


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _date(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def key_data(key: EntryKey | None) -> dict[str, Any] | None:
    if key is None:
        return None
    return {"year": key.year, "stream": key.stream, "number": key.number}


def _key(data: Any) -> EntryKey | None:
    if not data:
        return None
    return EntryKey(int(data["year"]), str(data["stream"]), int(data["number"]))


def entry_payload(entry: RegisterEntry) -> dict[str, Any]:
    """The hashed payload of a reserve/issue event: the row's columns (not its identity)."""
    return {
        "date": _iso(entry.date),
        "kind": entry.kind.info.slug if entry.kind is not None else None,
        "subject": entry.subject,
        "signer": entry.signer,
        "recipients": list(entry.recipients),
        "holders": list(entry.holders),
        "copies": entry.copies,
        "dispatched": _iso(entry.dispatched),
        "receipt": entry.receipt,
        "note": entry.note,
        "secrecy": entry.secrecy.name if entry.secrecy is not None else None,
        "files": dict(sorted(entry.files.items())),
        "source": entry.source,
    }


#: slug → kind for folding: `Kind.from_slug` walks the enum, ~30 µs a call, which was 40 % of
#: folding a year of the register (web register page, printed register)
_KINDS = {kind.info.slug: kind for kind in Kind}


def _entry_from(
    event: Event, status: EntryStatus, annotations: tuple[Annotation, ...] = ()
) -> RegisterEntry:
    data = event.data
    return RegisterEntry(
        year=event.year,
        stream=event.stream,
        number=event.number,
        symbol=event.symbol,
        status=status,
        date=_date(data.get("date")),
        kind=_KINDS[data["kind"]] if data.get("kind") else None,
        subject=data.get("subject", ""),
        signer=data.get("signer", ""),
        recipients=tuple(data.get("recipients", ())),
        holders=tuple(data.get("holders", ())),
        copies=data.get("copies"),
        dispatched=_date(data.get("dispatched")),
        receipt=data.get("receipt", ""),
        note=data.get("note", ""),
        secrecy=Secrecy[data["secrecy"]] if data.get("secrecy") else None,
        files=dict(data.get("files", {})),
        source=data.get("source"),
        annotations=annotations,
    )


def annotation_from(event: Event) -> Annotation:
    data = event.data
    return Annotation(
        kind=AnnotationKind(data["kind"]),
        target=event.key,
        by=_key(data.get("by")),
        note=data.get("note", ""),
        date=_date(data.get("date")),
    )


def fold(events: Iterable[Event]) -> dict[EntryKey, RegisterEntry]:
    """The current rows: every event applied in sequence order, keyed by number.

    An event that makes no sense in its place (an issue after a cancellation, say) is skipped;
    `docgen.archive.integrity`'s check reports it.
    """
    rows: dict[EntryKey, RegisterEntry] = {}
    for event in sorted(events, key=lambda e: e.seq):
        key = event.key
        current = rows.get(key)
        if event.type == RESERVE and current is None:
            rows[key] = _entry_from(event, EntryStatus.RESERVED)
        elif event.type == ISSUE and (current is None or current.status is EntryStatus.RESERVED):
            links = current.annotations if current is not None else ()
            rows[key] = _entry_from(event, EntryStatus.ISSUED, links)
        elif event.type == CANCEL and current is not None:
            reason = str(event.data.get("reason", ""))
            rows[key] = replace(current, status=EntryStatus.CANCELLED, cancel_reason=reason)
        elif event.type == DISPATCH and current is not None:
            data = event.data
            rows[key] = replace(
                current, dispatched=_date(data.get("dispatched")), receipt=data.get("receipt", "")
            )
        elif event.type == REFRESH and current is not None:
            rows[key] = replace(current, files=dict(event.data.get("files", {})))
        elif event.type in EXCHANGE_TYPES and current is not None:
            rows[key] = fold_exchange(current, event.type, event.data)
        elif event.type in PROCESSING_TYPES and current is not None:
            rows[key] = fold_processing(current, event.type, event.data, event.at)
        elif event.type == ANNOTATE and current is not None:
            link = annotation_from(event)
            rows[key] = replace(current, annotations=(*current.annotations, link))
            other = rows.get(link.by) if link.by is not None else None
            if other is not None and link.by is not None:
                rows[link.by] = replace(other, annotations=(*other.annotations, link))
    return rows

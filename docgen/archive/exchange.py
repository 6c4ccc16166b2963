"""The exchange's storage: the agency directory and the register lookups sending and receiving
need (schema version 8; the events themselves: `docgen.archive.exchange_fold`).

`exchange_directory` holds, per agency using the register, the agencies it exchanges documents
with: their identifier (mã định danh) and name, as the administrator imported them. It is
reference data, replaced whole by each import, not history. A package received is recorded by
an `exchange_received` event whose `source` is the sender's code, the number and symbol and the
date; a unique index makes the database itself refuse the same document registered twice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from docgen.archive import history as h
from docgen.archive.db import Db, Params
from docgen.archive.exchange_fold import RECEIVED
from docgen.model.exchange import Organ
from docgen.model.register import EntryKey

_DIRECTORY = """CREATE TABLE exchange_directory (
    agency TEXT NOT NULL, code TEXT NOT NULL, name TEXT NOT NULL,
    PRIMARY KEY (agency, code))"""
_RECEIVED_ONCE = f"""CREATE UNIQUE INDEX ux_events_exchange_received ON events (agency, source)
    WHERE type = '{RECEIVED}' AND source IS NOT NULL"""


def migrate_v8(db: Db) -> None:
    """Create the agency directory and the index that receives one document once."""
    db.execute(_DIRECTORY)
    db.execute(_RECEIVED_ONCE)


def received_source(organ_id: str, notation: str, date: dt.date) -> str:
    """The `source` of a document received as a package: who sent it, its number and symbol and
    its date (PL6 III.1.h: the same number and symbol of the same agency is one document)."""
    return f"edxml:{organ_id}|{notation}|{date.isoformat()}"


def directory(db: Db, agency: str) -> list[Organ]:
    """The agencies `agency` exchanges with, by code."""
    rows = db.all(
        "SELECT code, name FROM exchange_directory WHERE agency = ? ORDER BY code", (agency,)
    )
    return [Organ(str(code), str(name)) for code, name in rows]


def replace_statements(agency: str, organs: Sequence[Organ]) -> list[tuple[str, Params]]:
    """The statements that make `organs` the whole directory of `agency` (one transaction)."""
    statements: list[tuple[str, Params]] = [
        ("DELETE FROM exchange_directory WHERE agency = ?", (agency,))
    ]
    statements += [
        (
            "INSERT INTO exchange_directory (agency, code, name) VALUES (?, ?, ?)",
            (agency, organ.code, organ.name),
        )
        for organ in organs
    ]
    return statements


def received_key(db: Db, agency: str, source: str) -> EntryKey | None:
    """The incoming row the document `source` (`received_source`) was registered as, if any."""
    row = db.one(
        "SELECT year, stream, number FROM events WHERE agency = ? AND type = ? AND source = ?",
        (agency, RECEIVED, source),
    )
    return EntryKey(int(row[0]), str(row[1]), int(row[2])) if row else None


def issued_key(db: Db, agency: str, number: int, symbol: str, date: dt.date) -> EntryKey | None:
    """The outgoing row issued as `number`/`symbol` on `date`, if any (number, symbol and year
    are unique in an agency's register, whatever the stream)."""
    row = db.one(
        "SELECT year, stream, number FROM events WHERE agency = ? AND year = ? AND type = ?"
        " AND number = ? AND symbol = ? AND doc_date = ?",
        (agency, date.year, h.ISSUE, number, symbol, date.isoformat()),
    )
    return EntryKey(int(row[0]), str(row[1]), int(row[2])) if row else None


def row_events(db: Db, agency: str, key: EntryKey, types: Sequence[str]) -> list[h.Event]:
    """The events of `types` of the row `key`, in sequence order."""
    marks = ", ".join("?" for _ in types)
    rows = db.all(
        f"SELECT {h.EVENT_COLUMNS} FROM events WHERE agency = ? AND year = ? AND stream = ?"
        f" AND number = ? AND type IN ({marks}) ORDER BY seq",
        (agency, key.year, key.stream, key.number, *types),
    )
    return [h.Event.from_row(row) for row in rows]

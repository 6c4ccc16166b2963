"""Until when each signed PDF of the archive is protected, remembered by the file's SHA-256
(schema version 11): `docgen archive refresh-ltv` reads this instead of opening and parsing every
signed PDF of the archive on every run (with 100,000 documents: minutes of pyHanko parsing).

The table is derived data, keyed by content: a row says what the file with these bytes carries
(`docgen.pdf.ltv.protection`: the last document timestamp's certificate, else the earliest signer
or signature-timestamp certificate), so it is never wrong for a file whose recorded digest it is
looked up by, whatever happened since; a file refreshed gets a new digest and a new row. It is
not part of the register's hash chain and `archive check` does not read it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from docgen.archive.db import Db, Params

_TABLE = """CREATE TABLE protected_until (
    sha256 TEXT PRIMARY KEY, until_at TEXT NOT NULL, what TEXT NOT NULL,
    timestamps INTEGER NOT NULL)"""
_INSERT = (
    "INSERT INTO protected_until (sha256, until_at, what, timestamps) VALUES (?, ?, ?, ?)"
    " ON CONFLICT (sha256) DO NOTHING"
)


def migrate_v11(db: Db) -> None:
    """Create the table of protections (schema version 11)."""
    db.execute(_TABLE)


@dataclass(frozen=True)
class Known:
    """What protects the file with a given SHA-256, until when (UTC)."""

    until: dt.datetime
    what: str
    timestamps: int


def known(db: Db) -> dict[str, Known]:
    """Every remembered protection, by the file's SHA-256."""
    rows = db.all("SELECT sha256, until_at, what, timestamps FROM protected_until")
    return {
        str(sha): Known(dt.datetime.fromisoformat(str(until)), str(what), int(stamps))
        for sha, until, what, stamps in rows
    }


def remember(found: Mapping[str, Known]) -> list[tuple[str, Params]]:
    """The statements that remember `found` (SHA-256 → protection), for a unit of work."""
    return [
        (_INSERT, (sha, k.until.astimezone(dt.UTC).isoformat(), k.what, k.timestamps))
        for sha, k in sorted(found.items())
    ]

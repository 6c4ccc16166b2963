"""The register's schema, versioned; opening an older register upgrades it in one transaction.

The same DDL runs on SQLite and PostgreSQL. Tables:

- `counters`: the last number taken per (agency, year, stream); the only row a writer updates.
- `numbers`: one row per number ever used, inserted once; the database enforces that a number is
  used once per stream and that (number, symbol, year) is unique within the agency.
- `events`: the append-only history. Every change of a register row is an event carrying the
  SHA-256 of the previous event (`docgen.archive.history`).
- `chain_head`: the sequence and hash of the last event, so a deleted last event shows.

`events.seq` is INTEGER PRIMARY KEY: in SQLite that is the rowid itself, one index fewer to write
at every commit (and 2^31 events is more than any register will hold).

Version 2 added `events.doc_date` and `events.source` (copied out of the hashed payload, so they
can be indexed) and the partial unique indexes: one issue and one cancellation per number, one
issue per draft.

Version 3 added the catalogue of archived documents and its full-text index
(`docgen.archive.catalogue`).

Version 4 added `outside_scope`: the years an archive imported from a year export has no files of
(`docgen.archive.scope`).

Version 5 added PostgreSQL's server-side append (`docgen.archive.server_append`).

Version 6 re-indexed the catalogue for ranked search: the title (type name and trích yếu) indexed
apart, numbers without leading zeros, `%` as words (`docgen.archive.catalogue.migrate_v6`).

Version 7 added records management: the file plan, the files (hồ sơ), their documents and what
was done to them (`docgen.archive.records.migrate_v7`).

Version 8 added the exchange's agency directory and the index that registers a document received
as a package once (`docgen.archive.exchange.migrate_v8`).

Version 9 added the processing state of incoming documents (who handles what, by when), folded
from their events for the follow-up lists and the report (`docgen.archive.processing.migrate_v9`).

Version 10 added the OCR job queue of scanned documents (`docgen.archive.queue.migrate_v10`).

Version 11 added until when each signed PDF is protected, by its SHA-256, so that
`archive refresh-ltv` need not parse every signed PDF (`docgen.archive.protected.migrate_v11`).
"""

from __future__ import annotations

import json
from collections.abc import Callable

from docgen.archive.catalogue import migrate_v3, migrate_v6
from docgen.archive.db import Db
from docgen.archive.exchange import migrate_v8
from docgen.archive.processing import migrate_v9
from docgen.archive.protected import migrate_v11
from docgen.archive.queue import migrate_v10
from docgen.archive.records import migrate_v7
from docgen.archive.scope import migrate_v4
from docgen.archive.server_append import migrate_v5
from docgen.errors import RegisterError

GENESIS = "0" * 64

_V1 = (
    "CREATE TABLE schema_version (version INTEGER NOT NULL)",
    """CREATE TABLE counters (
        agency TEXT NOT NULL, year INTEGER NOT NULL, stream TEXT NOT NULL,
        last INTEGER NOT NULL,
        PRIMARY KEY (agency, year, stream))""",
    """CREATE TABLE numbers (
        agency TEXT NOT NULL, year INTEGER NOT NULL, stream TEXT NOT NULL,
        number INTEGER NOT NULL, symbol TEXT NOT NULL,
        PRIMARY KEY (agency, year, stream, number),
        UNIQUE (agency, year, number, symbol))""",
    """CREATE TABLE events (
        seq INTEGER PRIMARY KEY, prev_hash TEXT NOT NULL, hash TEXT NOT NULL,
        type TEXT NOT NULL, agency TEXT NOT NULL, year INTEGER NOT NULL, stream TEXT NOT NULL,
        number INTEGER NOT NULL, symbol TEXT NOT NULL, at TEXT NOT NULL, payload TEXT NOT NULL)""",
    "CREATE INDEX ix_events_number ON events (agency, year, stream, number)",
    """CREATE TABLE chain_head (
        id INTEGER PRIMARY KEY CHECK (id = 1), seq BIGINT NOT NULL, hash TEXT NOT NULL)""",
    f"INSERT INTO chain_head (id, seq, hash) VALUES (1, 0, '{GENESIS}')",
    "INSERT INTO schema_version (version) VALUES (1)",
)

_V2 = (
    "ALTER TABLE events ADD COLUMN doc_date TEXT",
    "ALTER TABLE events ADD COLUMN source TEXT",
    """CREATE UNIQUE INDEX ux_events_issue ON events (agency, year, stream, number)
        WHERE type = 'issue'""",
    """CREATE UNIQUE INDEX ux_events_cancel ON events (agency, year, stream, number)
        WHERE type = 'cancel'""",
    """CREATE UNIQUE INDEX ux_events_source ON events (agency, source)
        WHERE type = 'issue' AND source IS NOT NULL""",
    "CREATE INDEX ix_events_date ON events (agency, year, stream, type, doc_date)",
)


def _run(statements: tuple[str, ...]) -> Callable[[Db], None]:
    def step(db: Db) -> None:
        for statement in statements:
            db.execute(statement)

    return step


def _v2(db: Db) -> None:
    _run(_V2)(db)
    # Back-fill the new columns from the payload the chain already covers.
    for seq, payload in db.all("SELECT seq, payload FROM events ORDER BY seq"):
        data = json.loads(payload)
        db.execute(
            "UPDATE events SET doc_date = ?, source = ? WHERE seq = ?",
            (data.get("date"), data.get("source"), seq),
        )


#: version -> the step that brings the schema from version - 1 to version
MIGRATIONS: dict[int, Callable[[Db], None]] = {
    1: _run(_V1),
    2: _v2,
    3: migrate_v3,
    4: migrate_v4,
    5: migrate_v5,
    6: migrate_v6,
    7: migrate_v7,
    8: migrate_v8,
    9: migrate_v9,
    10: migrate_v10,
    11: migrate_v11,
}
CURRENT = max(MIGRATIONS)


def schema_version(db: Db) -> int:
    """The register's schema version; 0 for an empty database."""
    if not db.backend.table_exists(db, "schema_version"):
        return 0
    row = db.one("SELECT version FROM schema_version")
    return int(row[0]) if row else 0


def migrate(db: Db) -> int:
    """Bring the schema to `CURRENT` in one transaction; returns the version found before.

    Raises RegisterError when the register was written by a newer docgen.
    """
    # The common case reads without a write transaction, so opening the register to look at it
    # never queues behind a clerk who is issuing.
    found = schema_version(db)
    if found == CURRENT:
        return found
    db.begin()
    try:
        db.backend.lock_schema(db)
        found = schema_version(db)
        if found > CURRENT:
            raise RegisterError(
                f"sổ đăng ký {db.backend.describe()} do phiên bản docgen mới hơn tạo "
                f"(lược đồ {found}, bản này hiểu đến {CURRENT})",
                hint="cập nhật docgen trên máy này rồi chạy lại.",
            )
        for version in range(found + 1, CURRENT + 1):
            MIGRATIONS[version](db)
        if found < CURRENT:
            db.execute("UPDATE schema_version SET version = ?", (CURRENT,))
        db.commit()
    except BaseException:
        db.rollback()
        raise
    return found

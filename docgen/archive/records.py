"""Storage of records management (schema version 7; docs/records/hoso.md): the file plan and its
versions, the files (hồ sơ) and the documents in them.

Tables (the same SQL on SQLite and PostgreSQL):

- `records_plans`, `records_plan_rows`: each imported version of a year's danh mục hồ sơ, kept
  whole (a new import is a new version, nothing is overwritten);
- `records_files`: one row per hồ sơ, `<year>.<code>.<unit>`, with its state;
- `records_items`: the documents of each file, the original (one file per document, enforced
  by a unique index) and the references;
- `records_actions`: what was done to files as a whole — transfers, receipts, appraisals,
  disposals — append-only (`docgen.archive.records_actions`).

Nothing here decides a rule (the services do); this module reads and writes rows. Writes run in
the caller's transaction (`db.transaction()`).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

from docgen.archive.catalogue import COLUMNS, CatalogueRow
from docgen.archive.db import Db
from docgen.model.records import (
    FileStatus,
    HoSo,
    Item,
    Plan,
    PlanRow,
    Retention,
    Role,
)

_TABLES = (
    """CREATE TABLE records_plans (
        agency TEXT NOT NULL, year INTEGER NOT NULL, version INTEGER NOT NULL,
        imported_at TEXT NOT NULL, source TEXT NOT NULL, source_sha TEXT NOT NULL,
        PRIMARY KEY (agency, year, version))""",
    """CREATE TABLE records_plan_rows (
        agency TEXT NOT NULL, year INTEGER NOT NULL, version INTEGER NOT NULL,
        position INTEGER NOT NULL, code TEXT NOT NULL, heading TEXT NOT NULL, title TEXT NOT NULL,
        retention INTEGER NOT NULL, unit TEXT NOT NULL, maker TEXT NOT NULL, basis TEXT NOT NULL,
        note TEXT NOT NULL,
        PRIMARY KEY (agency, year, version, code))""",
    """CREATE TABLE records_files (
        agency TEXT NOT NULL, notation TEXT NOT NULL, year INTEGER NOT NULL, code TEXT NOT NULL,
        unit TEXT NOT NULL, heading TEXT NOT NULL, title TEXT NOT NULL,
        retention INTEGER NOT NULL, maker TEXT NOT NULL, basis TEXT NOT NULL,
        status TEXT NOT NULL, opened_on TEXT NOT NULL, start_date TEXT, end_date TEXT,
        pages INTEGER NOT NULL, documents INTEGER NOT NULL, note TEXT NOT NULL,
        forms TEXT NOT NULL, folder TEXT NOT NULL,
        PRIMARY KEY (agency, notation), UNIQUE (agency, year, code))""",
    """CREATE TABLE records_items (
        agency TEXT NOT NULL, notation TEXT NOT NULL, doc_id TEXT NOT NULL, role TEXT NOT NULL,
        pages INTEGER NOT NULL, ordinal INTEGER NOT NULL, added_at TEXT NOT NULL,
        PRIMARY KEY (agency, notation, doc_id))""",
    # A document is the original of one file at most (ND30 Điều 29.3: one file per matter).
    """CREATE UNIQUE INDEX ux_records_original ON records_items (agency, doc_id)
        WHERE role = 'goc'""",
    "CREATE INDEX ix_records_items_doc ON records_items (agency, doc_id)",
    """CREATE TABLE records_actions (
        agency TEXT NOT NULL, id TEXT NOT NULL, kind TEXT NOT NULL, year INTEGER NOT NULL,
        unit TEXT NOT NULL, at TEXT NOT NULL, on_date TEXT NOT NULL, payload TEXT NOT NULL,
        PRIMARY KEY (agency, id))""",
)
#: the tables, in the order a backup writes and restores them
TABLES = (
    "records_plans",
    "records_plan_rows",
    "records_files",
    "records_items",
    "records_actions",
)


def migrate_v7(db: Db) -> None:
    """Create the records tables (schema version 7)."""
    for statement in _TABLES:
        db.execute(statement)


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _date(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(str(value)) if value else None


# -- the plan ---------------------------------------------------------------------------------


def latest_version(db: Db, agency: str, year: int) -> int:
    """The newest plan version of `year`; 0 when none was imported."""
    row = db.one(
        "SELECT coalesce(max(version), 0) FROM records_plans WHERE agency = ? AND year = ?",
        (agency, year),
    )
    return int(row[0])


_ROW_COLUMNS = "code, title, retention, unit, heading, maker, basis, note"


def _plan_row(raw: Sequence[Any]) -> PlanRow:
    code, title, retention, unit, heading, maker, basis, note = raw
    return PlanRow(
        code=code,
        title=title,
        retention=Retention.from_stored(retention),
        unit=unit,
        heading=heading,
        maker=maker,
        basis=basis,
        note=note,
    )


def plan(db: Db, agency: str, year: int, version: int | None = None) -> Plan | None:
    """The plan of `year` (its newest version unless `version`), or None."""
    version = latest_version(db, agency, year) if version is None else version
    head = db.one(
        "SELECT imported_at, source FROM records_plans WHERE agency = ? AND year = ?"
        " AND version = ?",
        (agency, year, version),
    )
    if head is None:
        return None
    rows = db.all(
        f"SELECT {_ROW_COLUMNS} FROM records_plan_rows WHERE agency = ? AND year = ?"
        " AND version = ? ORDER BY position",
        (agency, year, version),
    )
    return Plan(year, version, tuple(_plan_row(r) for r in rows), str(head[0]), str(head[1]))


def insert_plan(db: Db, agency: str, plan_: Plan, *, at: str, source: str, source_sha: str) -> None:
    """Store `plan_` as its version (inside the caller's transaction)."""
    db.execute(
        "INSERT INTO records_plans (agency, year, version, imported_at, source, source_sha)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (agency, plan_.year, plan_.version, at, source, source_sha),
    )
    for position, row in enumerate(plan_.rows, 1):
        db.execute(
            "INSERT INTO records_plan_rows (agency, year, version, position, code, heading,"
            " title, retention, unit, maker, basis, note)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                agency, plan_.year, plan_.version, position, row.code, row.heading, row.title,
                row.retention.stored(), row.unit, row.maker, row.basis, row.note,
            ),
        )  # fmt: skip


# -- files ------------------------------------------------------------------------------------

_FILE_COLUMNS = (
    "notation, year, code, unit, heading, title, retention, maker, basis, status, opened_on,"
    " start_date, end_date, pages, documents, note, forms, folder"
)


def _file(raw: Sequence[Any]) -> HoSo:
    (notation, year, code, unit, heading, title, retention, maker, basis, status, opened_on,
     start, end, pages, documents, note, forms, folder) = raw  # fmt: skip
    return HoSo(
        notation=notation, year=int(year), code=code, unit=unit, title=title,
        retention=Retention.from_stored(retention), status=FileStatus(status), heading=heading,
        maker=maker, basis=basis, opened_on=_date(opened_on), start_date=_date(start),
        end_date=_date(end), pages=int(pages), documents=int(documents), note=note,
        forms=dict(json.loads(forms)), folder=folder,
    )  # fmt: skip


def file(db: Db, agency: str, notation: str, *, lock: bool = False) -> HoSo | None:
    """The file `notation`, or None; with `lock` its row stays locked until the transaction
    ends (PostgreSQL; SQLite's write transaction already holds the database)."""
    suffix = db.backend.for_update if lock else ""
    raw = db.one(
        f"SELECT {_FILE_COLUMNS} FROM records_files WHERE agency = ? AND notation = ?{suffix}",
        (agency, notation),
    )
    return _file(raw) if raw else None


def files(
    db: Db,
    agency: str,
    *,
    year: int | None = None,
    unit: str | None = None,
    statuses: Sequence[FileStatus] = (),
) -> list[HoSo]:
    """The files of `agency` (of `year`, `unit`, in `statuses`), by year then code."""
    sql = f"SELECT {_FILE_COLUMNS} FROM records_files WHERE agency = ?"
    params: list[object] = [agency]
    if year is not None:
        sql += " AND year = ?"
        params.append(year)
    if unit is not None:
        sql += " AND unit = ?"
        params.append(unit)
    if statuses:
        sql += f" AND status IN ({', '.join('?' for _ in statuses)})"
        params += [s.value for s in statuses]
    found = [_file(r) for r in db.all(sql, params)]
    return sorted(found, key=lambda f: (f.year, f.code))


def insert_file(db: Db, agency: str, hoso: HoSo) -> None:
    db.execute(
        f"INSERT INTO records_files (agency, {_FILE_COLUMNS})"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (agency, *_file_values(hoso)),
    )


def _file_values(hoso: HoSo) -> tuple[object, ...]:
    return (
        hoso.notation, hoso.year, hoso.code, hoso.unit, hoso.heading, hoso.title,
        hoso.retention.stored(), hoso.maker, hoso.basis, hoso.status.value,
        _iso(hoso.opened_on) or "", _iso(hoso.start_date), _iso(hoso.end_date), hoso.pages,
        hoso.documents, hoso.note, json.dumps(dict(sorted(hoso.forms.items()))), hoso.folder,
    )  # fmt: skip


def update_file(db: Db, agency: str, hoso: HoSo) -> None:
    """Write every column of `hoso` (found by its notation)."""
    columns = [c.strip() for c in _FILE_COLUMNS.split(",")][1:]
    values = _file_values(hoso)[1:]
    sets = ", ".join(f"{c} = ?" for c in columns)
    db.execute(
        f"UPDATE records_files SET {sets} WHERE agency = ? AND notation = ?",
        (*values, agency, hoso.notation),
    )


# -- items ------------------------------------------------------------------------------------


def _item(raw: Sequence[Any]) -> Item:
    notation, doc_id, role, pages, ordinal = raw
    return Item(notation, doc_id, Role(role), int(pages), int(ordinal))


def _items(db: Db, agency: str, where: str, value: str, order: str) -> list[Item]:
    rows = db.all(
        "SELECT notation, doc_id, role, pages, ordinal FROM records_items"
        f" WHERE agency = ? AND {where} = ? ORDER BY {order}",
        (agency, value),
    )
    return [_item(r) for r in rows]


def items(db: Db, agency: str, notation: str) -> list[Item]:
    """The documents of file `notation` (originals and references), in insertion order."""
    return _items(db, agency, "notation", notation, "added_at, doc_id")


def items_of(db: Db, agency: str, doc_id: str) -> list[Item]:
    """Every file `doc_id` is in (its original first)."""
    return _items(db, agency, "doc_id", doc_id, "role, notation")


def assigned_ids(db: Db, agency: str, role: Role | None = None) -> set[str]:
    """The documents in any file (as `role` when given)."""
    sql = "SELECT DISTINCT doc_id FROM records_items WHERE agency = ?"
    params: list[object] = [agency]
    if role is not None:
        sql += " AND role = ?"
        params.append(role.value)
    return {str(r[0]) for r in db.all(sql, params)}


def insert_item(db: Db, agency: str, item: Item, *, at: str) -> None:
    db.execute(
        "INSERT INTO records_items (agency, notation, doc_id, role, pages, ordinal, added_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        (agency, item.notation, item.doc_id, item.role.value, item.pages, item.ordinal, at),
    )


def delete_item(db: Db, agency: str, notation: str, doc_id: str) -> None:
    """Take `doc_id` out of the open file `notation` (the caller records why: `records_actions`)."""
    db.execute(
        "DELETE FROM records_items WHERE agency = ? AND notation = ? AND doc_id = ?",
        (agency, notation, doc_id),
    )


def set_ordinal(db: Db, agency: str, notation: str, doc_id: str, ordinal: int) -> None:
    db.execute(
        "UPDATE records_items SET ordinal = ? WHERE agency = ? AND notation = ? AND doc_id = ?",
        (ordinal, agency, notation, doc_id),
    )


def dump_tables(db: Db, agency: str) -> dict[str, list[list[Any]]]:
    """Every records row of `agency`, table by table (for the backup tar), in a fixed order."""
    out: dict[str, list[list[Any]]] = {}
    for table in TABLES:
        rows = db.all(f"SELECT * FROM {table} WHERE agency = ?", (agency,))
        out[table] = sorted([list(r) for r in rows], key=lambda r: json.dumps(r, default=str))
    return out


def load_tables(db: Db, tables: dict[str, list[list[Any]]]) -> None:
    """Insert the rows `dump_tables` gave (inside the caller's transaction)."""
    for table in TABLES:
        for row in tables.get(table, []):
            marks = ", ".join("?" for _ in row)
            db.execute(f"INSERT INTO {table} VALUES ({marks})", row)


# -- finding the documents to file --------------------------------------------------------------


def documents_by_key(db: Db, agency: str, key: str, year: int | None) -> list[CatalogueRow]:
    """The catalogue rows whose number and symbol fold to `key` (`5/BQL-KHTH`, see
    `fold.number_key`), of `year` when given: issued, filed, and received ones (their sender's
    number)."""
    sql = f"SELECT {COLUMNS} FROM documents WHERE agency = ? AND number_key = ?"
    params: list[object] = [agency, key]
    if year is not None:
        sql += " AND year = ?"
        params.append(year)
    return [CatalogueRow.from_row(r) for r in db.all(sql + " ORDER BY doc_id", params)]


def document_by_arrival(db: Db, agency: str, year: int, arrival: int) -> CatalogueRow | None:
    """The received document with số đến `arrival` in `year`, or None."""
    raw = db.one(
        f"SELECT {COLUMNS} FROM documents WHERE agency = ? AND direction = 'den' AND year = ?"
        " AND arrival_number = ?",
        (agency, year, arrival),
    )
    return CatalogueRow.from_row(raw) if raw else None


def documents(db: Db, agency: str, doc_ids: Sequence[str]) -> dict[str, CatalogueRow]:
    """The catalogue rows of `doc_ids` (those that exist), by id."""
    found: dict[str, CatalogueRow] = {}
    ids = list(dict.fromkeys(doc_ids))
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ", ".join("?" for _ in chunk)
        rows = db.all(
            f"SELECT {COLUMNS} FROM documents WHERE agency = ? AND doc_id IN ({marks})",
            (agency, *chunk),
        )
        found.update((r.doc_id, r) for r in map(CatalogueRow.from_row, rows))
    return found

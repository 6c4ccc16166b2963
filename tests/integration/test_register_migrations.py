"""Opening a register made by an older docgen upgrades it, keeping its rows and history."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from docgen.archive import history as h
from docgen.archive import open_register, register_backend
from docgen.archive.db import Db
from docgen.archive.migrations import CURRENT, schema_version
from docgen.errors import RegisterError
from tests.integration.conftest import FixedClock, issue_one

#: the schema of docgen's first register (version 1), as it shipped
V1 = (
    "CREATE TABLE schema_version (version INTEGER NOT NULL)",
    "CREATE TABLE counters (agency TEXT NOT NULL, year INTEGER NOT NULL, stream TEXT NOT NULL,"
    " last INTEGER NOT NULL, PRIMARY KEY (agency, year, stream))",
    "CREATE TABLE numbers (agency TEXT NOT NULL, year INTEGER NOT NULL, stream TEXT NOT NULL,"
    " number INTEGER NOT NULL, symbol TEXT NOT NULL, PRIMARY KEY (agency, year, stream, number),"
    " UNIQUE (agency, year, number, symbol))",
    "CREATE TABLE events (seq INTEGER PRIMARY KEY, prev_hash TEXT NOT NULL, hash TEXT NOT NULL,"
    " type TEXT NOT NULL, agency TEXT NOT NULL, year INTEGER NOT NULL, stream TEXT NOT NULL,"
    " number INTEGER NOT NULL, symbol TEXT NOT NULL, at TEXT NOT NULL, payload TEXT NOT NULL)",
    "CREATE INDEX ix_events_number ON events (agency, year, stream, number)",
    "CREATE TABLE chain_head (id INTEGER PRIMARY KEY CHECK (id = 1), seq BIGINT NOT NULL,"
    " hash TEXT NOT NULL)",
    "INSERT INTO schema_version (version) VALUES (1)",
)


def make_v1(root: Path, url: str | None) -> None:
    """A version-1 register holding one issued document, 01/BQL-KHTH of 8 May 2024."""
    db = Db(register_backend(root, url))
    payload = h.canonical(
        {"date": "2024-05-08", "subject": "báo cáo quý", "source": "d" * 64, "recipients": []}
    )
    at = "2024-05-08T09:00:00.000000+07:00"
    fields = (1, "0" * 64, h.ISSUE, "BQL", 2024, "hanh_chinh", 1, "BQL-KHTH", at, payload)
    digest = h.event_hash(*fields)
    db.begin()
    for statement in V1:
        db.execute(statement)
    db.execute("INSERT INTO counters VALUES ('BQL', 2024, 'hanh_chinh', 1)")
    db.execute("INSERT INTO numbers VALUES ('BQL', 2024, 'hanh_chinh', 1, 'BQL-KHTH')")
    db.execute(
        "INSERT INTO events (seq, prev_hash, hash, type, agency, year, stream, number, symbol,"
        " at, payload) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (fields[0], fields[1], digest, *fields[2:]),
    )
    db.execute("INSERT INTO chain_head VALUES (1, 1, ?)", (digest,))
    db.commit()
    db.close()


def test_a_version_1_register_is_upgraded(
    tmp_path: Path, database_url: str | None, clock: FixedClock
) -> None:
    make_v1(tmp_path, database_url)
    with open_register(tmp_path, "BQL", database_url=database_url, clock=clock) as store:
        assert schema_version(store.db) == CURRENT == 11
        assert store.db.backend.table_exists(store.db, "records_files")  # version 7
        assert store.db.backend.table_exists(store.db, "processing")  # version 9
        (old,) = store.entries(2024)
        assert (old.number_symbol, old.date, old.subject) == (
            "01/BQL-KHTH",
            dt.date(2024, 5, 8),
            "báo cáo quý",
        )
        row = store.db.one("SELECT doc_date, source FROM events WHERE seq = 1")
        assert tuple(row) == ("2024-05-08", "d" * 64)
        report = store.check()
        assert report.ok, report.findings
        assert issue_one(store).number == 2
        with pytest.raises(RegisterError, match="đã được cấp số 01/BQL-KHTH"):
            issue_one(store, source="d" * 64)
    # Opening again is a no-op.
    with open_register(tmp_path, "BQL", database_url=database_url, clock=clock) as store:
        assert schema_version(store.db) == CURRENT
        assert [e.number for e in store.entries(2024)] == [1, 2]


def test_a_register_from_a_newer_docgen_is_refused(
    tmp_path: Path, database_url: str | None, clock: FixedClock
) -> None:
    with open_register(tmp_path, "BQL", database_url=database_url, clock=clock) as store:
        store.db.execute("UPDATE schema_version SET version = 99")
    with pytest.raises(RegisterError, match="phiên bản docgen mới hơn"):
        open_register(tmp_path, "BQL", database_url=database_url, clock=clock)


def test_payload_is_canonical_json() -> None:
    text = h.canonical({"b": 1, "a": "Đ"})
    assert text == '{"a":"Đ","b":1}'
    assert json.loads(text) == {"a": "Đ", "b": 1}

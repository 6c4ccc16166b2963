"""On SQLite the database's write lock is held from an issue's first write to its COMMIT, not
while its document is converted and signed: the web application's own writes (the access log)
and other connections do not wait for an issue. The clerks taking numbers still queue."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from docgen.archive import open_register
from docgen.errors import RegisterError
from docgen.model.register import EntryStatus
from tests.integration.test_dispatch_layouts import dispatch
from tests.integration.test_issue_service import fake_pdf, run_issue, write_yaml


def _write_now(database: Path) -> str:
    """Write a row from another connection without waiting: "ok" or SQLite's answer."""
    other = sqlite3.connect(database, timeout=0, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute("CREATE TABLE IF NOT EXISTS scratch (x INTEGER)")
        other.execute("INSERT INTO scratch VALUES (1)")
        other.execute("COMMIT")
        return "ok"
    except sqlite3.OperationalError as error:
        return str(error)
    finally:
        other.close()


@pytest.mark.parametrize("first", [True, False], ids=["first-of-year", "next"])
def test_the_database_is_writable_while_a_document_is_converted(
    tmp_path: Path, first: bool
) -> None:
    root = tmp_path / "archive"
    answers: list[str] = []

    def converting(docx: Path, out: Path) -> Path:
        answers.append(_write_now(root / "register.sqlite3"))
        return fake_pdf(docx, out)

    with open_register(root, "BQL") as store:
        if not first:
            run_issue(write_yaml(tmp_path / "a.yaml", dispatch(1, 1)), store, root)
        result = run_issue(
            write_yaml(tmp_path / "b.yaml", {**dispatch(1, 1), "trich_yeu": "việc khác"}),
            store,
            root,
            convert=converting,
        )
        assert answers == ["ok"]
        assert result.entry.number == (1 if first else 2)
        issued = [e for e in store.entries(result.entry.year) if e.status is EntryStatus.ISSUED]
        assert [e.number for e in issued] == ([1] if first else [1, 2])
        assert store.check().ok


def test_a_counter_moved_behind_the_lock_is_refused_not_reused(tmp_path: Path) -> None:
    """Belt and braces: a writer that skipped the file lock and took the number meanwhile makes
    the issue fail (nothing kept), never hands the same number out twice."""
    root = tmp_path / "archive"

    def meddling(docx: Path, out: Path) -> Path:
        other = sqlite3.connect(root / "register.sqlite3", isolation_level=None)
        other.execute("UPDATE counters SET last = last + 1")
        other.close()
        return fake_pdf(docx, out)

    with open_register(root, "BQL") as store:
        first = run_issue(write_yaml(tmp_path / "a.yaml", dispatch(1, 1)), store, root)
        with pytest.raises(RegisterError):
            run_issue(
                write_yaml(tmp_path / "b.yaml", {**dispatch(1, 1), "trich_yeu": "việc khác"}),
                store,
                root,
                convert=meddling,
            )
        issued = [e for e in store.entries(first.entry.year) if e.status is EntryStatus.ISSUED]
        assert [e.number for e in issued] == [1]


def test_a_bulk_load_runs_inside_its_transaction(tmp_path: Path, database_url: str | None) -> None:
    """`Db.executemany` sends the pending BEGIN first: rolled back, nothing is kept (each row in
    a transaction of its own was what the benchmarks' direct executemany did, and slowly)."""
    with open_register(tmp_path / "archive", "BQL", database_url=database_url) as store:
        db = store.db
        db.begin()
        db.execute("CREATE TABLE IF NOT EXISTS bulk (x INTEGER)")
        db.commit()
        db.begin()
        db.executemany("INSERT INTO bulk (x) VALUES (?)", [(i,) for i in range(100)])
        db.rollback()
        assert db.one("SELECT count(*) FROM bulk")[0] == 0
        db.begin()
        db.executemany("INSERT INTO bulk (x) VALUES (?)", [(i,) for i in range(100)])
        db.commit()
        assert db.one("SELECT count(*) FROM bulk")[0] == 100

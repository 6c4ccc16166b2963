"""PostgreSQL releases the counter before the disk flush, yet every number reported is on disk.

The register's COMMIT runs with synchronous_commit off and is followed, in the same message, by a
transaction that waits for the WAL flush (postgres.py, early lock release). The server here keeps
its WAL in memory for up to 10 s (wal_writer_delay), so anything not flushed by that second
transaction is lost when it crashes: what `docgen` reported must survive the crash.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from docgen.archive import open_register
from tests.integration.conftest import FixedClock, issue_one
from tests.integration.pg import PgCluster, find_bin_dir

pytestmark = pytest.mark.postgres

NOW = dt.datetime(2024, 5, 10, 2, 0, tzinfo=dt.UTC)


@pytest.fixture
def lazy_wal() -> Iterator[PgCluster]:
    """A cluster whose WAL writer flushes only every 10 s."""
    bin_dir = find_bin_dir()
    if bin_dir is None:
        pytest.skip("PostgreSQL (initdb) is not installed; `make test` installs it")
    cluster = PgCluster(bin_dir).start("wal_writer_delay=10000", "wal_writer_flush_after=1GB")
    try:
        yield cluster
    finally:
        cluster.stop()


def test_an_asynchronous_commit_alone_is_lost_in_a_crash_here(lazy_wal: PgCluster) -> None:
    # The control: without the flushing transaction, a commit of this server does not survive
    # its crash — so the test below can tell a flushed commit from one that is not.
    with psycopg.connect(lazy_wal.url(), autocommit=True) as connection:
        connection.execute("CREATE TABLE probe (n INTEGER)")
        connection.execute("CHECKPOINT")
        connection.execute(
            "BEGIN; SET LOCAL synchronous_commit = off; INSERT INTO probe VALUES (1); COMMIT"
        )
    lazy_wal.crash()
    lazy_wal.restart()
    with psycopg.connect(lazy_wal.url(), autocommit=True) as connection:
        assert connection.execute("SELECT count(*) FROM probe").fetchone() == (0,)


def test_every_number_reported_survives_a_crash_of_the_server(
    lazy_wal: PgCluster, tmp_path: Path
) -> None:
    url = lazy_wal.create_database()
    clock = FixedClock(NOW)
    with open_register(tmp_path, "BQL", database_url=url, clock=clock) as store:
        assert store.db.backend.early_release  # type: ignore[attr-defined]
        store.db.execute("CHECKPOINT")
        reported = [issue_one(store).number for _ in range(5)]
        held = store.reserve("hanh_chinh", "BQL-VP")
    lazy_wal.crash()
    lazy_wal.restart()
    with open_register(tmp_path, "BQL", database_url=url, clock=clock) as store:
        assert [e.number for e in store.entries(2024)] == [*reported, held.number]
        assert store.check().ok


def test_without_the_flush_record_commits_wait_for_the_disk_as_usual(
    pg_cluster: PgCluster, tmp_path: Path
) -> None:
    # A server where docgen's user may not write the flush record: plain COMMITs, same register.
    name = "t_no_flush"
    with psycopg.connect(pg_cluster.url(), autocommit=True) as admin:
        admin.execute("CREATE ROLE clerk LOGIN")
        admin.execute(f"CREATE DATABASE {name} OWNER clerk")
    with psycopg.connect(pg_cluster.url(name), autocommit=True) as admin:
        for signature in ("boolean, text, text", "boolean, text, bytea"):
            admin.execute(
                f"REVOKE EXECUTE ON FUNCTION pg_logical_emit_message({signature}) FROM PUBLIC"
            )
    url = f"postgresql://clerk@127.0.0.1:{pg_cluster.port}/{name}"
    with open_register(tmp_path, "BQL", database_url=url, clock=FixedClock(NOW)) as store:
        assert not store.db.backend.early_release  # type: ignore[attr-defined]
        assert [issue_one(store).number for _ in range(3)] == [1, 2, 3]
        assert store.check().ok

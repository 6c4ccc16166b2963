"""Fixtures for the integration tests: a real PostgreSQL the tests start, and the register backends.

`register_url` is parametrised over "sqlite" and "postgresql": a test that takes it (or
`open_store`) runs once against each backend. Without initdb the PostgreSQL case skips, which
`tests/conftest.py` turns into a failure in CI.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from docgen.archive import open_register
from docgen.archive.register import Clock, RegisterStore
from docgen.model.kinds import Kind
from docgen.model.register import RegisterEntry
from tests.integration.pg import PgCluster, find_bin_dir


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PgCluster]:
    bin_dir = find_bin_dir()
    if bin_dir is None:
        pytest.skip("PostgreSQL (initdb) is not installed; `make test` installs it")
    cluster = PgCluster(bin_dir).start()
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def backend_name(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def database_url(backend_name: str, request: pytest.FixtureRequest) -> str | None:
    """None for SQLite; the URL of a fresh database for PostgreSQL."""
    if backend_name == "sqlite":
        return None
    cluster: PgCluster = request.getfixturevalue("pg_cluster")
    return cluster.create_database()


class FixedClock:
    """A settable clock: `clock.now` is returned; tests move it."""

    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


#: 10 May 2024, 09:00 in Vietnam
DEFAULT_NOW = dt.datetime(2024, 5, 10, 2, 0, tzinfo=dt.UTC)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(DEFAULT_NOW)


@pytest.fixture
def open_store(
    tmp_path: Path, database_url: str | None, clock: FixedClock
) -> Iterator[Callable[..., RegisterStore]]:
    """Opens (and closes at the end) registers on the backend under test."""
    opened: list[RegisterStore] = []

    def opener(agency: str = "BQL", *, at: Clock | None = None) -> RegisterStore:
        store = open_register(
            tmp_path / "archive", agency, database_url=database_url, clock=at or clock
        )
        opened.append(store)
        return store

    yield opener
    for store in opened:
        store.close()


@pytest.fixture
def store(open_store: Callable[..., RegisterStore]) -> RegisterStore:
    return open_store()


def issue_one(
    store: RegisterStore,
    stream: str = "hanh_chinh",
    symbol: str = "BQL-KHTH",
    *,
    date: dt.date | None = None,
    **fields: object,
) -> RegisterEntry:
    """Take the next number of `stream` and record its issue, in one unit of work."""
    with store.unit_of_work() as uow:
        number = uow.allocate(stream, (date or uow.today()).year)
        entry = RegisterEntry(
            year=(date or uow.today()).year,
            stream=stream,
            number=number,
            symbol=symbol,
            date=date or uow.today(),
            kind=Kind.CONG_VAN,
            subject=f"việc số {number}",
            signer="Nguyễn Văn A",
            recipients=("Sở Tài chính",),
            holders=("VT", "KHTH"),
            copies=3,
            **fields,  # type: ignore[arg-type]
        )
        recorded = uow.record_issue(entry)
        uow.commit()
    return recorded

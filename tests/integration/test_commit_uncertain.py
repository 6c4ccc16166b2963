"""The connection to PostgreSQL drops while COMMIT is on its way: did the register take it?

docgen cannot know, so it says so (CommitUncertain), keeps what it staged, and the clerk runs the
same command again: if the register holds the document, its files are placed and the clerk is
told it was issued; if not, it is issued as usual. Either way the register and the archive agree.
The drop is real (the server ends our session); only its moment is chosen by wrapping the
backend's batch, before or after the COMMIT reached the server.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import psycopg
import pytest

from docgen.archive import open_register
from docgen.archive.register import RegisterStore
from docgen.archive.staging import STAGING
from docgen.errors import CommitUncertain, RegisterError
from tests.integration.conftest import DEFAULT_NOW, FixedClock
from tests.integration.pg import PgCluster
from tests.integration.test_issue_service import CORRECTED, archive_files, run_issue

pytestmark = pytest.mark.postgres


@pytest.fixture
def opener(pg_cluster: PgCluster, tmp_path: Path) -> Iterator[Callable[[], RegisterStore]]:
    url = pg_cluster.create_database()
    opened: list[RegisterStore] = []

    def open_store() -> RegisterStore:
        opened.append(
            open_register(
                tmp_path / "archive", "BQL", database_url=url, clock=FixedClock(DEFAULT_NOW)
            )
        )
        return opened[-1]

    yield open_store
    for store in opened:
        store.close()


def drop_connection_at_commit(store: RegisterStore, url: str, *, after: bool) -> None:
    """End `store`'s server session just before (or just after) its next COMMIT is processed."""
    backend: Any = store.db.backend
    real = backend.batch

    def batch(connection: Any, statements: Sequence[tuple[str, Any]]) -> Any:
        if not any(sql == "COMMIT" for sql, _ in statements):
            return real(connection, statements)
        if after:
            real(connection, statements)
        with psycopg.connect(url, autocommit=True) as other:
            other.execute("SELECT pg_terminate_backend(%s)", (connection.info.backend_pid,))
        return connection.execute("SELECT 1")  # the session is gone: OperationalError

    backend.batch = batch


def staged(root: Path) -> list[str]:
    folder = root / STAGING
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


@pytest.mark.parametrize("committed", [True, False], ids=["committed", "not-committed"])
def test_a_connection_lost_at_commit_is_settled_by_running_the_command_again(
    opener: Callable[[], RegisterStore], pg_cluster: PgCluster, tmp_path: Path, committed: bool
) -> None:
    root = tmp_path / "archive"
    first = opener()
    url = pg_cluster.url(first.db.connection.info.dbname)  # type: ignore[attr-defined]
    drop_connection_at_commit(first, url, after=committed)
    with pytest.raises(CommitUncertain, match="chưa biết việc này đã được ghi") as caught:
        run_issue(CORRECTED, first, root)
    assert "chạy lại đúng lệnh" in caught.value.hint
    assert len(staged(root)) == 1  # kept, unlocked, for the next run
    again = opener()
    if committed:
        with pytest.raises(RegisterError, match="đã được cấp số 01/BQL-KHTH"):
            run_issue(CORRECTED, again, root)
    else:
        assert run_issue(CORRECTED, again, root).entry.number == 1
    assert staged(root) == []
    (entry,) = again.entries(2024)
    assert entry.number == 1
    originals = root / "van-thu/2024/van-ban-di/hanh_chinh"
    for name, digest in entry.files.items():
        assert hashlib.sha256((originals / name).read_bytes()).hexdigest() == digest
    assert "don-vi/KHTH/2024/01-BQL-KHTH.pdf" in archive_files(root)
    assert again.check().ok

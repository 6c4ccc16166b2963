"""SQLite backend: the default register, a file `register.sqlite3` in the archive root."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docgen.archive.db import Connection, Db, Params
from docgen.archive.fair_lock import FairLock
from docgen.errors import DocgenError, RegisterError

FILE_NAME = "register.sqlite3"


@dataclass
class SqliteBackend:
    """A register in one SQLite file; `busy_timeout` is how long a writer waits for the lock."""

    path: Path
    busy_timeout: float = 30.0
    _lock: FairLock | None = field(default=None, repr=False)

    name = "sqlite"
    # IMMEDIATE takes the write lock when the transaction starts. A deferred BEGIN would read the
    # counter under a shared lock and fail the upgrade to a write lock with "database is locked"
    # whatever busy_timeout says (environment notes, trap 10); IMMEDIATE waits for busy_timeout.
    begin_sql = "BEGIN IMMEDIATE"
    # BEGIN IMMEDIATE goes with the transaction's first statement, and the number's counter is
    # read before it (`Db.peek`, `UnitOfWork.allocate`): the database's write lock is held from
    # the first write to COMMIT, not while the document is converted and signed, so the web
    # application's own writes (the access log) and everyone's reads do not wait for an issue.
    # The clerks who take numbers still queue on the file lock (`acquire`) for the whole unit.
    defer_begin = True
    peek_before_begin = True
    # In-process: a round trip costs nothing, so the checks and writes stay in Python.
    server_append = False
    # The database-wide write lock of BEGIN IMMEDIATE already serialises writers.
    for_update = ""

    def connect(self) -> Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # isolation_level=None: the sqlite3 module must not open transactions behind our back;
        # every transaction is an explicit BEGIN IMMEDIATE … COMMIT (trap 10).
        connection = sqlite3.connect(
            self.path, timeout=self.busy_timeout, isolation_level=None, check_same_thread=True
        )
        # busy_timeout: wait for another clerk's transaction instead of failing at once; the
        # issue service holds the lock while it renders, so waiting a while is normal.
        connection.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout * 1000)}")
        # WAL: readers (register show, search) never block the writer nor wait for it, and a
        # commit is one append to the log instead of a rewrite of pages.
        # Switching a new file to WAL needs the database to itself, and SQLite answers "locked"
        # at once instead of waiting when several clerks open a new register together; so the
        # switch is taken under our write lock and retried until busy_timeout.
        if (
            self._until_unlocked(lambda: connection.execute("PRAGMA journal_mode").fetchone()[0])
            != "wal"
        ):
            self.acquire()
            try:
                self._until_unlocked(lambda: connection.execute("PRAGMA journal_mode = WAL"))
            finally:
                self.release()
        # FULL: fsync the log at every commit. With NORMAL a power cut may forget the last
        # committed numbers while their documents have already left the building (trap 10).
        connection.execute("PRAGMA synchronous = FULL")
        return connection

    def _until_unlocked(self, call: Callable[[], Any]) -> Any:
        """`call()`, retried while SQLite answers "database is locked", up to busy_timeout."""
        deadline = time.monotonic() + self.busy_timeout
        while True:
            try:
                return call()
            except sqlite3.OperationalError as error:
                if "locked" not in str(error) or time.monotonic() >= deadline:
                    raise
                time.sleep(0.01)

    def placeholders(self, sql: str) -> str:
        return sql

    def translate(self, error: Exception) -> DocgenError | None:
        if isinstance(error, sqlite3.OperationalError):
            text = str(error)
            if "locked" in text or "busy" in text:
                return self._locked()
            if "unable to open" in text or "disk I/O" in text or "readonly" in text:
                return RegisterError(
                    f"không mở được sổ đăng ký {self.path} ({text})",
                    hint="kiểm tra thư mục lưu trữ (--archive), quyền ghi và chỗ trống trên đĩa.",
                )
        if isinstance(error, sqlite3.IntegrityError):
            return RegisterError(
                f"sổ đăng ký từ chối một số trùng ({error})",
                hint="số và ký hiệu phải là duy nhất trong năm; lấy số mới rồi chạy lại.",
            )
        if isinstance(error, sqlite3.DatabaseError) and "not a database" in str(error):
            return RegisterError(
                f"tệp {self.path} không phải sổ đăng ký SQLite",
                hint="kiểm tra đường dẫn --archive; không sửa tệp này bằng tay.",
            )
        return None

    def table_exists(self, db: Db, table: str) -> bool:
        row = db.one("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (table,))
        return row is not None

    def lock_schema(self, db: Db) -> None:
        """Nothing to do: BEGIN IMMEDIATE already excludes every other writer."""

    def describe(self) -> str:
        return str(self.path)

    def acquire(self) -> None:
        """Queue for the write lock on `register.sqlite3.lock` (flock), up to `busy_timeout`.

        Why: SQLite's own busy handler sleeps 1, 2, 5 … 25, 50, 100 ms between retries, so with
        several issuers a freed lock sits idle while everyone sleeps; and a freed flock goes to
        whoever polls first, so a clerk could wait for many issues in a row. The queue
        (`fair_lock`, in `register.sqlite3.queue/`) hands it over in the order the clerks came,
        each waiter blocked in the kernel, not polling.
        flock belongs to the open file, so two connections of one process exclude each other
        too, and the kernel frees it when a process dies. BEGIN IMMEDIATE still guards against
        writers that skip this lock.
        """
        if self._lock is None:
            self._lock = FairLock(Path(f"{self.path}.queue"), Path(f"{self.path}.lock"))
        self._lock.acquire(time.monotonic() + self.busy_timeout, self._locked)

    def release(self) -> None:
        if self._lock is not None and self._lock.held:
            self._lock.release()

    def close(self) -> None:
        if self._lock is not None:
            self.release()
            self._lock = None

    def batch(self, connection: Connection, statements: Sequence[tuple[str, Params]]) -> Any:
        cursor = None
        for sql, params in statements:
            cursor = connection.execute(sql, params)
        return cursor

    def executemany(self, connection: Connection, sql: str, rows: Sequence[Params]) -> None:
        connection.executemany(sql, rows)  # type: ignore[attr-defined]

    def commit_statements(self) -> Sequence[str]:
        # synchronous=FULL: COMMIT returns once the log is on disk.
        return ("COMMIT",)

    def _locked(self) -> RegisterError:
        return RegisterError(
            f"sổ đăng ký {self.path} đang bị khóa quá {self.busy_timeout:g} giây bởi "
            "một lần cấp số khác",
            hint="chờ người kia cấp số xong rồi chạy lại; nếu kéo dài, kiểm tra xem còn "
            "tiến trình docgen nào bị treo không.",
        )


def sqlite_backend(archive_root: Path, *, busy_timeout: float = 30.0) -> SqliteBackend:
    """The backend of the register kept in `archive_root/register.sqlite3`."""
    return SqliteBackend(archive_root / FILE_NAME, busy_timeout)

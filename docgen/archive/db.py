"""The small DB-API surface the register needs, so one code path runs on SQLite and PostgreSQL.

Both `sqlite3.Connection` and `psycopg.Connection` (in autocommit mode) have `execute(sql, params)`
returning a cursor with `fetchone`/`fetchall`, and accept explicit `BEGIN`/`COMMIT`/`ROLLBACK`.
The SQL is written once with `?` placeholders; a `Backend` says how its dialect differs (the
placeholder, how a transaction takes its write lock, row locks) and turns driver exceptions into
clerk-facing `RegisterError`s.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from typing import Any, Protocol

from docgen.errors import CommitUncertain, DocgenError

Params = Sequence[object]


class Cursor(Protocol):
    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...


class Connection(Protocol):
    def execute(self, sql: str, params: Params = ..., /) -> Any: ...

    def close(self) -> None: ...


class Backend(Protocol):
    """What differs between SQLite and PostgreSQL; everything else is shared SQL."""

    #: "sqlite" or "postgresql"
    name: str
    #: the statement that opens a write transaction
    begin_sql: str
    #: appended to a SELECT that must lock the rows it reads until commit
    for_update: str
    #: True when BEGIN may ride with the transaction's first statement (one round trip less)
    defer_begin: bool
    #: True when the database has `docgen_append_number` (server_append.py, schema version 5)
    server_append: bool
    #: True when a transaction's first reads may run before it (`Db.peek`): SQLite, whose
    #: register writers all hold `acquire`'s file lock, so the register cannot change meanwhile,
    #: and whose database-wide write lock then waits for the first write
    peek_before_begin: bool

    def connect(self) -> Connection:
        """A new connection in autocommit mode (transactions are explicit)."""
        ...

    def placeholders(self, sql: str) -> str:
        """`sql` with `?` placeholders rewritten into the driver's style."""
        ...

    def translate(self, error: Exception) -> DocgenError | None:
        """The clerk-facing error for a driver exception, or None when it is not a known case."""
        ...

    def table_exists(self, db: Db, table: str) -> bool:
        """True when `table` exists in the database."""
        ...

    def lock_schema(self, db: Db) -> None:
        """Serialise schema migrations of concurrent openers (inside the open transaction)."""
        ...

    def describe(self) -> str:
        """Where the register lives, for messages (a path or host:port/db, never a password)."""
        ...

    def acquire(self) -> None:
        """Called before a write transaction begins (SQLite queues writers on a file lock)."""
        ...

    def release(self) -> None:
        """Called when the write transaction has ended, committed or not."""
        ...

    def batch(self, connection: Connection, statements: Sequence[tuple[str, Params]]) -> Any:
        """Run `statements` in order and return the cursor of the last one; PostgreSQL sends
        them in one round trip."""
        ...

    def executemany(self, connection: Connection, sql: str, rows: Sequence[Params]) -> None:
        """Run `sql` once per row of parameters (the driver's bulk path)."""
        ...

    def commit_statements(self) -> Sequence[str]:
        """The statements that end a write transaction durably (sent after its last writes)."""
        ...

    def close(self) -> None:
        """Free what `acquire` opened."""
        ...


class Db:
    """A connection and its backend: `execute` with `?` placeholders and translated errors."""

    def __init__(self, backend: Backend) -> None:
        self.backend = backend
        self.connection = self._guard(backend.connect)
        self._sql_cache: dict[str, str] = {}
        self._begin_pending = False  # BEGIN not sent yet: it goes with the first statement

    def _guard(self, call: Any, *args: Any) -> Any:
        try:
            return call(*args)
        except DocgenError:
            raise
        except Exception as error:
            translated = self.backend.translate(error)
            if translated is None:
                raise
            raise translated from error

    def execute(self, sql: str, params: Params = ()) -> Cursor:
        """Run one statement; a lock time-out or a lost server becomes a `RegisterError`."""
        text = self._sql_cache.get(sql)
        if text is None:
            text = self._sql_cache[sql] = self.backend.placeholders(sql)
        if self._begin_pending:
            self._begin_pending = False
            begun: Cursor = self._guard(
                self.backend.batch, self.connection, [(self.backend.begin_sql, ()), (text, params)]
            )
            return begun
        # Without parameters psycopg uses the simple protocol: one message instead of four.
        args = (text, params) if params else (text,)
        cursor: Cursor = self._guard(self.connection.execute, *args)
        return cursor

    def one(self, sql: str, params: Params = ()) -> Any:
        """The first row of `sql`, or None."""
        return self.execute(sql, params).fetchone()

    def peek(self, sql: str, params: Params = ()) -> Any | None:
        """The first row of `sql`, read before the open transaction's first statement where the
        backend allows it (`peek_before_begin`): the transaction, and on SQLite the database's
        write lock, begin only with what comes next. Otherwise inside the transaction."""
        if not (self._begin_pending and self.backend.peek_before_begin):
            return self.one(sql, params)
        text = self.backend.placeholders(sql)
        return self._guard(self.connection.execute, text, params).fetchone()

    @property
    def begun(self) -> bool:
        """Whether the open transaction has sent a statement (False: nothing to roll back)."""
        return not self._begin_pending

    def all(self, sql: str, params: Params = ()) -> list[Any]:
        """Every row of `sql`."""
        return self.execute(sql, params).fetchall()

    def batch(self, statements: Sequence[tuple[str, Params]]) -> Cursor:
        """Run several statements in as few round trips as possible (one on PostgreSQL); the
        cursor of the last one, e.g. a read after the writes queued before it."""
        converted = [(self.backend.placeholders(sql), params) for sql, params in statements]
        if self._begin_pending:
            self._begin_pending = False
            converted.insert(0, (self.backend.begin_sql, ()))
        cursor: Cursor = self._guard(self.backend.batch, self.connection, converted)
        return cursor

    def executemany(self, sql: str, rows: Sequence[Params]) -> None:
        """Run `sql` once per parameter row inside the open transaction (bulk loads: a backup
        restored, a benchmark's catalogue). The pending BEGIN is sent first: without it each row
        would be a transaction of its own."""
        text = self.backend.placeholders(sql)
        if self._begin_pending:
            self._begin_pending = False
            self._guard(self.connection.execute, self.backend.begin_sql)
        self._guard(self.backend.executemany, self.connection, text, rows)

    def begin(self) -> None:
        """Open a write transaction (waiting for the write lock). Where the backend allows it,
        BEGIN is sent with the transaction's first statement instead of on its own."""
        self._guard(self.backend.acquire)
        if self.backend.defer_begin:
            self._begin_pending = True
            return
        try:
            self.execute(self.backend.begin_sql)
        except BaseException:
            self.backend.release()
            raise

    def commit(self, writes: Sequence[tuple[str, Params]] = ()) -> None:
        """Send the pending `writes` and COMMIT, together (one round trip on PostgreSQL); when
        this returns, the transaction is on disk."""
        try:
            if not writes and self._begin_pending:  # nothing was sent: nothing to end
                self._begin_pending = False
                return
            ending = [(sql, ()) for sql in self.backend.commit_statements()]
            self.batch([*writes, *ending])
        except Exception as error:
            if getattr(self.connection, "broken", False):  # lost on the way: did it commit?
                raise CommitUncertain(
                    f"mất kết nối với sổ đăng ký {self.backend.describe()} đúng lúc ghi, nên "
                    "chưa biết việc này đã được ghi vào sổ hay chưa",
                    hint="khi máy chủ hoạt động lại, chạy lại đúng lệnh vừa rồi: với issue, "
                    "batch, file, receive docgen tự hoàn tất nếu sổ đã ghi (và báo số đã cấp), "
                    "nếu chưa thì làm như bình thường; với register reserve, xem `docgen "
                    "register show` trước để khỏi giữ thêm một số.",
                ) from error
            raise
        finally:
            self.backend.release()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction outside a unit of work (the OCR queue, records management):
        committed when the block ends, rolled back on any error."""
        self.begin()
        try:
            yield
            self.commit()
        except BaseException:
            self.rollback()
            raise

    def rollback(self) -> None:
        """Roll back; quietly, because it runs while another error is on its way to the clerk."""
        # Nothing may be open, or the connection may already be gone.
        if self._begin_pending:
            self._begin_pending = False
            self.backend.release()
            return
        with contextlib.suppress(Exception):
            self.connection.execute("ROLLBACK")
        self.backend.release()

    def close(self) -> None:
        self.backend.release()
        self.backend.close()
        # Closing a dead connection must not hide the error that killed it.
        with contextlib.suppress(Exception):
            self.connection.close()

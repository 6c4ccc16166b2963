"""PostgreSQL backend (psycopg 3): one register shared by many workstations.

psycopg is an optional extra (`docgen[postgres]`) and is imported only when a URL is used.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from docgen.archive import server_append
from docgen.archive.db import Connection, Db, Params
from docgen.errors import DocgenError, RegisterError, SystemDependencyError

#: any fixed number: the key of the advisory lock that serialises schema migrations
_SCHEMA_LOCK_KEY = 30_2020
#: a transactional WAL record and nothing else: committing it waits for the WAL to be on disk
_FLUSH = "SELECT pg_logical_emit_message(true, 'docgen', 'flush')"
#: the session's lock_timeout, set in the same round trip as the question whether this user may
#: write the flush record (asked by oid: PostgreSQL 17 added a parameter to its signature)
_SESSION_SETUP = (
    "SELECT set_config('lock_timeout', %s, false),"
    " coalesce(bool_or(has_function_privilege(oid, 'EXECUTE')), false) FROM pg_proc"
    " WHERE proname = 'pg_logical_emit_message' AND pronamespace = 'pg_catalog'::regnamespace"
)


def _psycopg() -> Any:
    try:
        return importlib.import_module("psycopg")
    except ImportError as error:
        raise SystemDependencyError(
            "chưa cài thư viện psycopg nên không dùng được sổ đăng ký trên PostgreSQL",
            hint="chạy: pip install 'docgen[postgres]' (hoặc bỏ DOCGEN_DATABASE_URL để dùng "
            "SQLite).",
        ) from error


def redact(url: str) -> str:
    """`url` without its password, for messages."""
    return re.sub(r"(://[^:/@]*):[^@]*@", r"\1:***@", url)


@dataclass
class PostgresBackend:
    """A register in a PostgreSQL database named by `url` (postgresql://user@host:port/db)."""

    url: str
    lock_timeout: float = 30.0
    connect_timeout: float = 10.0

    name = "postgresql"
    # READ COMMITTED is enough: the counter row's UPDATE … RETURNING, the chain head's UPDATE and
    # SELECT … FOR UPDATE take row locks that serialise exactly the writers that conflict.
    begin_sql = "BEGIN"
    for_update = " FOR UPDATE"
    # BEGIN takes no lock, so it can travel with the first statement: one round trip less.
    defer_begin = True
    # A read before BEGIN would see another snapshot than the transaction's.
    peek_before_begin = False
    # A new number and its event are written by a function on the server: one round trip and
    # no Python work while the counter is locked (server_append.py).
    server_append = True

    #: False when the server does not let this user write the flush record: plain COMMITs
    early_release: bool = field(default=True, init=False)

    def connect(self) -> Connection:
        psycopg = _psycopg()
        # autocommit: transactions are explicit BEGIN … COMMIT, the same code path as SQLite.
        connection = psycopg.connect(
            self.url, autocommit=True, connect_timeout=max(1, int(self.connect_timeout))
        )
        # lock_timeout: a writer waiting for a counter longer than this gets a clear error
        # instead of hanging (the equivalent of SQLite's busy_timeout).
        timeout = f"{int(self.lock_timeout * 1000)}ms"
        _, allowed = connection.execute(_SESSION_SETUP, (timeout,)).fetchone()
        self.early_release = bool(allowed)
        assert hasattr(connection, "execute")
        return connection  # type: ignore[no-any-return]

    def placeholders(self, sql: str) -> str:
        return sql.replace("?", "%s")

    def translate(self, error: Exception) -> DocgenError | None:
        psycopg = _psycopg()
        errors = psycopg.errors
        where = redact(self.url)
        if getattr(error, "sqlstate", None) == server_append.REFUSED:
            diag = getattr(error, "diag", None)
            return server_append.refused(getattr(diag, "message_detail", None))
        if isinstance(error, errors.LockNotAvailable | errors.DeadlockDetected):
            return RegisterError(
                f"sổ đăng ký trên {where} đang bị khóa quá {self.lock_timeout:g} giây bởi một "
                "lần cấp số khác",
                hint="chờ người kia cấp số xong rồi chạy lại; nếu kéo dài, báo người quản trị "
                "kiểm tra phiên làm việc bị treo trên máy chủ.",
            )
        if isinstance(error, errors.IntegrityError):
            detail = getattr(getattr(error, "diag", None), "constraint_name", None) or error
            return RegisterError(
                f"sổ đăng ký từ chối một số trùng ({detail})",
                hint="số và ký hiệu phải là duy nhất trong năm; lấy số mới rồi chạy lại.",
            )
        if isinstance(error, psycopg.OperationalError | psycopg.InterfaceError):
            first = str(error).strip().splitlines()[0] if str(error).strip() else type(error)
            return RegisterError(
                f"không kết nối được cơ sở dữ liệu sổ đăng ký {where} ({first})",
                hint="kiểm tra DOCGEN_DATABASE_URL, mạng và máy chủ PostgreSQL rồi chạy lại; "
                "không số nào bị tiêu hao.",
            )
        return None

    def commit_statements(self) -> Sequence[str]:
        # Early lock release. The transaction commits without waiting for its WAL to reach the
        # disk (synchronous_commit off, for it alone), which frees the counter's row lock at
        # once; then a second transaction, which writes only a WAL record, commits the normal
        # way and so waits until the WAL is on disk up to its own commit, past ours. The clerk
        # hears back only after that, so every number reported is on disk, while the wait for
        # the disk no longer holds up the next issuer, and concurrent issuers share one flush.
        # The WAL is one ordered log: a crash before the flush loses this transaction and every
        # later one, never an earlier one alone, and none of them has been reported.
        if not self.early_release:
            return ("COMMIT",)
        return ("SET LOCAL synchronous_commit = off", "COMMIT", "BEGIN", _FLUSH, "COMMIT")

    def table_exists(self, db: Db, table: str) -> bool:
        # A plain catalog query, not to_regclass: that one answers from a cache which an advisory
        # lock does not refresh, so a migrator could miss the tables another one just committed.
        row = db.one(
            "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_class c"
            " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
            " WHERE c.relname = ? AND n.nspname = current_schema())",
            (table,),
        )
        return bool(row[0])

    def lock_schema(self, db: Db) -> None:
        """Take a transaction-level advisory lock so two first openers don't both migrate."""
        db.execute(f"SELECT pg_advisory_xact_lock({_SCHEMA_LOCK_KEY})")

    def describe(self) -> str:
        return redact(self.url)

    def acquire(self) -> None:
        """Nothing to do: row locks taken by the statements themselves order the writers."""

    def release(self) -> None:
        """Nothing to do."""

    def close(self) -> None:
        """Nothing to do."""

    def executemany(self, connection: Connection, sql: str, rows: Sequence[Params]) -> None:
        with connection.cursor() as cursor:  # type: ignore[attr-defined]
            cursor.executemany(sql, rows)

    def batch(self, connection: Connection, statements: Sequence[tuple[str, Params]]) -> Any:
        # One simple-protocol message carrying every statement, parameters bound by psycopg's
        # client-side quoting: one round trip and no pipeline syncs while the counter's row lock
        # is held, which is what limits concurrent issuers of one stream. The server stops at the
        # first failing statement and the error comes back as for a single one.
        if len(statements) == 1 and statements[0][1]:
            sql, params = statements[0]
            return connection.execute(sql, params)
        quoting = _psycopg().ClientCursor(connection)
        script = ";\n".join(
            quoting.mogrify(sql, params) if params else sql for sql, params in statements
        )
        cursor = connection.execute(script)
        while cursor.nextset():  # the last statement's result is the one asked for
            pass
        return cursor

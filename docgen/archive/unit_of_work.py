"""One transaction on the register: take numbers, record rows; nothing is kept without `commit`.

    with store.unit_of_work() as uow:
        number = uow.allocate(stream)   # UPDATE counters … RETURNING, inside the transaction
        ...                             # render, write files (the issue service)
        uow.record_issue(entry)         # the register row, as a hash-chained event
        uow.commit()                    # leaving the block without commit rolls back

A number taken and not recorded is never committed (`commit` refuses), so a failure anywhere
consumes no number. Every change is an appended event; nothing is updated or deleted.

While a counter is locked, the next issuer of its stream waits: on PostgreSQL the writes of a
new number go to the server as one function call, sent with the COMMIT (server_append.py). On
SQLite the issuers queue on a file lock (`sqlite.SqliteBackend.acquire`) and the number is read
before the transaction begins (`Db.peek`): the database's write lock is held only from the first
write to COMMIT, not while the document is converted and signed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from types import TracebackType
from typing import TYPE_CHECKING, Any

from docgen.archive import checks, server_append
from docgen.archive import history as h
from docgen.archive.db import Cursor, Params
from docgen.archive.exchange_fold import TYPES as EXCHANGE_TYPES
from docgen.archive.processing_fold import TYPES as PROCESSING_TYPES
from docgen.archive.processing_fold import fold_processing
from docgen.errors import RegisterError
from docgen.model.register import (
    DEN,
    Annotation,
    EntryKey,
    EntryStatus,
    RegisterEntry,
    format_number,
)

if TYPE_CHECKING:
    from docgen.archive.register import RegisterStore

_PROBE = """SELECT c.seq, c.hash,
    (SELECT doc_date FROM events
        WHERE agency = ? AND year = ? AND stream = ? AND type = 'issue' AND doc_date IS NOT NULL
        ORDER BY doc_date DESC LIMIT 1),
    (SELECT stream FROM numbers WHERE agency = ? AND year = ? AND number = ? AND symbol = ?),
    (SELECT seq FROM events WHERE agency = ? AND source = ? AND type = 'issue')
    FROM chain_head c WHERE c.id = 1"""

#: the year's closing event, if any (a closed year takes no number)
_CLOSED = "SELECT 1 FROM events WHERE agency = ? AND year = ? AND stream = '' AND type = ?"
#: the first counter of a stream in a year
_NEW_COUNTER = (
    "INSERT INTO counters (agency, year, stream, last) VALUES (?, ?, ?, 0) ON CONFLICT DO NOTHING"
)

_NOT_CLOSED = (
    " AND NOT EXISTS (SELECT 1 FROM events"
    " WHERE agency = ? AND year = ? AND stream = '' AND type = 'close_year')"
)


@dataclass(frozen=True)
class _Probe:
    """What a write must know, read in one statement that also locks the chain head."""

    last_date: dt.date | None  #: the latest issued date in the entry's stream
    clash: str | None  #: the stream already holding (number, symbol, year)
    source_seq: int | None  #: the issue event of the same draft


def _issued(entry: RegisterEntry) -> RegisterEntry:
    """`entry` with status ISSUED (usually already: a new entry's default)."""
    return (
        entry if entry.status is EntryStatus.ISSUED else replace(entry, status=EntryStatus.ISSUED)
    )


class UnitOfWork:
    """One transaction on the register. Nothing is kept unless `commit()` is called."""

    def __init__(self, store: RegisterStore) -> None:
        self.store = store
        self.db = store.db
        self.agency = store.agency
        self._open = False
        self._pending: set[EntryKey] = set()  # numbers taken here and not yet recorded
        self._head: tuple[int, str] | None = None  # the chain head, once locked
        self._open_years: set[int] = set()  # years checked open in this transaction
        self._writes: list[tuple[str, tuple[object, ...]]] = []
        self._appended: dict[EntryKey, RegisterEntry] = {}  # sent to docgen_append_number

    def __enter__(self) -> UnitOfWork:
        with self.store.waiting():  # SQLite: the write lock, held by a clerk who is issuing
            self.db.begin()
        self._open = True
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._open:
            self.db.rollback()
            self._open = False

    def commit(self) -> None:
        """Make every change durable; RegisterError if a number was taken but not recorded."""
        self._require_open()
        if self._pending:
            key = min(self._pending)
            raise RegisterError(
                f"số {format_number(key.number)} (sổ {key.stream}, năm {key.year}) đã lấy nhưng "
                "chưa ghi vào sổ; không lưu gì cả",
                hint="báo người phát triển: mỗi số lấy ra phải được ghi (record_issue/reserve).",
            )
        writes, self._writes = self._writes, []
        with self._sending():
            self.db.commit(writes)
        self._open = False

    def today(self) -> dt.date:
        """Today in Asia/Ho_Chi_Minh, by the store's clock."""
        return self.store.today()

    # -- numbers ---------------------------------------------------------------------------

    def allocate(self, stream: str, year: int | None = None) -> int:
        """The next number of (agency, `year`, `stream`); `year` defaults to this year in Vietnam.

        The counter row stays locked until the unit of work ends, so concurrent issuers of the
        same stream get consecutive numbers and a rolled-back number is handed out again.
        Raises RegisterError for a future or closed year.
        """
        self._require_open()
        year = self.today().year if year is None else year
        checks.raise_first(checks.future_year(year, self.today()))
        where = (self.agency, year, stream)
        if self.db.backend.peek_before_begin and not self.db.begun and not self._writes:
            number = self._allocate_before_begin(year, stream)
            if number is not None:
                return number
        sql = "UPDATE counters SET last = last + 1 WHERE agency = ? AND year = ? AND stream = ?"
        # PostgreSQL waits here for another issuer of the stream: on the counter's row, or on
        # the key of a new counter that issuer has inserted and not yet committed.
        with self.store.waiting():
            if year in self._open_years:
                row = self._one(sql + " RETURNING last", where)
            else:
                # The closed-year check rides on the UPDATE: one round trip less under the lock.
                row = self._one(sql + _NOT_CLOSED + " RETURNING last", (*where, self.agency, year))
            if row is None:  # a new counter, or a closed year
                self._check_year(year)
                self._execute(_NEW_COUNTER, where)
                row = self._one(sql + " RETURNING last", where)
        number = int(row[0])
        self._open_years.add(year)
        self._pending.add(EntryKey(year, stream, number))
        return number

    def _allocate_before_begin(self, year: int, stream: str) -> int | None:
        """SQLite: the next number read before the transaction begins, its counter's writes
        queued to go first with the next statement (which takes the write lock). Under the file
        lock no other writer moves the counter meanwhile; the UPDATE fails (NOT NULL) if one did.
        None for a closed year: the caller takes the ordinary way, which refuses it."""
        where = (self.agency, year, stream)
        if year not in self._open_years:
            closed = self.db.peek(_CLOSED, (self.agency, year, h.CLOSE_YEAR))
            if closed is not None:
                return None
        row = self.db.peek(
            "SELECT last FROM counters WHERE agency = ? AND year = ? AND stream = ?", where
        )
        last = 0 if row is None else int(row[0])
        if row is None:  # the stream's first number this year
            self._writes.append((_NEW_COUNTER, where))
        self._writes.append(
            (
                "UPDATE counters SET last = CASE WHEN last = ? THEN last + 1 END"
                " WHERE agency = ? AND year = ? AND stream = ?",
                (last, *where),
            )
        )
        self._open_years.add(year)
        self._pending.add(EntryKey(year, stream, last + 1))
        return last + 1

    def reserve(
        self, stream: str, symbol: str, *, year: int | None = None, **fields: Any
    ) -> RegisterEntry:
        """Take the next number of `stream` and hold it for a draft (giữ số); returns the row.

        `fields` are further RegisterEntry fields (kind, subject, note, secrecy, …). On
        PostgreSQL a clash is reported with the next statement or the COMMIT (server_append.py).
        """
        year = self.today().year if year is None else year
        draft = RegisterEntry(year, stream, 0, symbol, status=EntryStatus.RESERVED, **fields)
        checks.raise_first(checks.secrecy(draft))
        entry = replace(draft, number=self.allocate(stream, year))
        payload = h.entry_payload(entry)
        if self.db.backend.server_append:
            self._append_number(h.RESERVE, entry, payload)
        else:
            probe = self._probe(entry)
            checks.raise_first(checks.clash(entry, probe.clash) if probe.clash else None)
            self._insert_number(entry)
            self._append(h.RESERVE, entry.key, symbol, payload)
        self._pending.discard(entry.key)
        return entry

    def record_issue(self, entry: RegisterEntry) -> RegisterEntry:
        """Record the issue of `entry` into a number taken here or reserved earlier.

        Raises RegisterError for a closed or future year, a secret document in a public stream
        (or the reverse), a date in the future or before the last issued date of the stream, a
        number already issued, cancelled or never taken, and a draft issued before. On
        PostgreSQL the checks of a number taken here that read the register (date order, a
        clash, a draft issued before) run on the server with the next statement, usually the
        COMMIT, and their errors come from there (server_append.py).
        """
        self._require_open()
        self._check_year(entry.year)
        checks.raise_first(checks.secrecy(entry), checks.issue_date(entry, self.today()))
        key = entry.key
        fresh = key in self._pending
        payload = h.entry_payload(entry)
        if fresh and self.db.backend.server_append:
            self._append_number(h.ISSUE, entry, payload)
            self._pending.discard(key)
            return _issued(entry)
        probe = self._probe(entry)
        checks.raise_first(checks.order(entry, probe.last_date))
        if fresh:
            checks.raise_first(checks.clash(entry, probe.clash) if probe.clash else None)
        else:
            current = self._current(key)
            if current is None:
                raise checks.never_taken(entry)
            checks.raise_first(
                checks.not_reserved(current), checks.other_symbol(current, entry.symbol)
            )
        if probe.source_seq is not None:
            (event,) = [
                h.Event.from_row(row)
                for row in self._all(
                    f"SELECT {h.EVENT_COLUMNS} FROM events WHERE seq = ?", (probe.source_seq,)
                )
            ]
            raise checks.issued_draft(f"{format_number(event.number)}/{event.symbol}", event.year)
        if fresh:
            self._insert_number(entry)
        self._append(h.ISSUE, key, entry.symbol, payload)
        self._pending.discard(key)
        return _issued(entry)

    def cancel(self, key: EntryKey, reason: str) -> RegisterEntry:
        """Cancel (hủy số) a reserved number with `reason`; it is never handed out again."""
        self._require_open()
        checks.raise_first(checks.no_reason(key, reason))
        self._lock_chain()
        current = self._existing(key)
        checks.raise_first(checks.not_reserved(current))
        self._append(h.CANCEL, key, current.symbol, {"reason": reason.strip()})
        return replace(current, status=EntryStatus.CANCELLED, cancel_reason=reason.strip())

    def annotate(self, annotation: Annotation) -> None:
        """Link an issued document to the one that corrects, recalls or replaces it (Điều 18)."""
        self._require_open()
        self._lock_chain()
        target = self._existing(annotation.target)
        checks.raise_first(checks.not_issued(target))
        if annotation.by is not None:
            checks.raise_first(checks.not_issued(self._existing(annotation.by)))
        payload = {
            "kind": annotation.kind.value,
            "by": h.key_data(annotation.by),
            "note": annotation.note,
            "date": annotation.date.isoformat() if annotation.date else None,
        }
        self._append(h.ANNOTATE, target.key, target.symbol, payload)

    def record_dispatch(self, key: EntryKey, dispatched: dt.date, receipt: str = "") -> None:
        """Columns (8) and (9): when the document left, and who signed for it."""
        self._require_open()
        self._lock_chain()
        target = self._existing(key)
        checks.raise_first(
            checks.not_issued(target), checks.dispatch_date(target, dispatched, self.today())
        )
        payload = {"dispatched": dispatched.isoformat(), "receipt": receipt}
        self._append(h.DISPATCH, key, target.symbol, payload)

    def record_refresh(self, key: EntryKey, files: dict[str, str], why: dict[str, Any]) -> None:
        """The issued row `key`'s files are from now on `files` (name -> SHA-256): each a later
        version of the file it replaces, its earlier bytes a prefix of the new ones (a document
        timestamp appended); `why` says what was added (kept in the event)."""
        self._require_open()
        self._lock_chain()
        target = self._existing(key)
        checks.raise_first(checks.not_issued(target))
        payload = {**why, "files": dict(sorted(files.items())), "previous": dict(target.files)}
        self._append(h.REFRESH, key, target.symbol, payload)

    def record_exchange(self, type_: str, key: EntryKey, payload: dict[str, Any]) -> None:
        """An event of the electronic exchange (liên thông, `docgen.archive.exchange_fold`) on
        the issued row `key`: sent, a status back, received as a package, a status reported.
        The row may be one recorded earlier in this unit of work (a document received)."""
        self._require_open()
        if type_ not in EXCHANGE_TYPES:
            raise RegisterError(
                f"sự kiện liên thông '{type_}' không có",
                hint="báo người phát triển: dùng một kiểu của docgen.archive.exchange_fold.",
            )
        self._lock_chain()
        target = self._existing(key)
        checks.raise_first(checks.not_issued(target))
        self._append(type_, key, target.symbol, payload)

    def record_processing(
        self,
        key: EntryKey,
        decide: Callable[[RegisterEntry], tuple[str, dict[str, Any]]],
    ) -> RegisterEntry:
        """A step of the processing of the incoming row `key` (Điều 23–24,
        `docgen.archive.processing_fold`): under the chain lock — so two people acting on the
        same document at once are served one after the other — `decide` gets the row as it is
        now, its `handling` folded from every event committed so far, and returns the event
        (type, payload) to append, or raises to refuse. Returns the row after the event."""
        self._require_open()
        self._lock_chain()
        target = self._existing(key)
        checks.raise_first(checks.not_issued(target))
        if target.stream != DEN:
            raise RegisterError(
                f"số {format_number(key.number)} (sổ {key.stream}) không phải văn bản đến",
                hint="chỉ văn bản trong sổ đến (số đến) mới được trình, phân công, giao xử lý.",
            )
        type_, payload = decide(target)
        if type_ not in PROCESSING_TYPES:
            raise RegisterError(
                f"sự kiện xử lý '{type_}' không có",
                hint="báo người phát triển: dùng một kiểu của docgen.archive.processing_fold.",
            )
        at = self._append(type_, key, target.symbol, payload)
        return fold_processing(target, type_, payload, at)

    def close_year(self, year: int) -> None:
        """Close `year` (khóa sổ): no number is taken or issued in it afterwards."""
        self._require_open()
        self._check_year(year)
        self._lock_chain()
        self._append(h.CLOSE_YEAR, EntryKey(year, "", 0), "", {"closed": year})

    def queue(self, statements: Sequence[tuple[str, Params]]) -> None:
        """Add writes of other tables (the catalogue) to this transaction; sent with COMMIT."""
        self._require_open()
        self._writes.extend((sql, tuple(params)) for sql, params in statements)

    def lock(self) -> None:
        """Become the only writer of the history and the catalogue until commit (chain head)."""
        self._require_open()
        self._lock_chain()

    def read(self, sql: str, params: tuple[object, ...] = ()) -> Any:
        """The first row of `sql` read inside this transaction (after the queued writes)."""
        self._require_open()
        return self._one(sql, params)

    # -- reading inside the transaction ----------------------------------------------------

    def _require_open(self) -> None:
        if not self._open:
            raise RegisterError(
                "thao tác trên sổ đăng ký ngoài một giao dịch đang mở",
                hint="báo người phát triển: dùng `with store.unit_of_work() as uow:`.",
            )

    def _check_year(self, year: int) -> int:
        if year in self._open_years:
            return year
        today = self.today()
        checks.raise_first(checks.future_year(year, today))
        closed = self._one(_CLOSED, (self.agency, year, h.CLOSE_YEAR))
        if closed is not None:
            raise checks.closed_year(year, today)
        self._open_years.add(year)
        return year

    def _probe(self, entry: RegisterEntry) -> _Probe:
        """Lock the chain head and read the stream's last date, clashes and the draft's issue."""
        a, y = self.agency, entry.year
        row = self._one(
            _PROBE + self.db.backend.for_update,
            (a, y, entry.stream, a, y, entry.number, entry.symbol, a, entry.source),
        )
        self._head = (int(row[0]), str(row[1]))
        last = dt.date.fromisoformat(row[2]) if row[2] else None
        return _Probe(last, row[3], int(row[4]) if row[4] is not None else None)

    def _append_number(self, type_: str, entry: RegisterEntry, payload: dict[str, Any]) -> None:
        """PostgreSQL: queue `docgen_append_number` for a number taken here (server_append.py).

        It travels with the next statement, usually the COMMIT; its refusals come back as
        `server_append.Refused` and leave as the same messages as on SQLite (`_refusal`).
        """
        self._writes.append(
            (
                server_append.CALL,
                server_append.params(
                    type_, self.agency, entry.key, entry.symbol, self._now(), payload
                ),
            )
        )
        self._appended[entry.key] = entry
        self._head = None  # moved on the server: read again if this transaction appends more

    def _refusal(self, refused: server_append.Refused) -> RegisterError:
        """The clerk's message for a refusal of `docgen_append_number`."""
        detail = refused.detail
        try:
            key = EntryKey(int(detail["year"]), str(detail["stream"]), int(detail["number"]))
            entry = self._appended[key]
        except (KeyError, TypeError, ValueError):
            return refused
        last = detail.get("last_date")
        for found in (
            checks.order(entry, dt.date.fromisoformat(last) if last else None),
            checks.clash(entry, detail["clash"]) if detail.get("clash") else None,
        ):
            if found is not None:
                return found
        if detail.get("source_number") is not None:
            number = format_number(int(detail["source_number"]))
            return checks.issued_draft(
                f"{number}/{detail['source_symbol']}", int(detail["source_year"])
            )
        return RegisterError(
            f"đầu chuỗi băm của sổ đăng ký {self.db.backend.describe()} không hợp lệ; "
            "không ghi gì cả",
            hint="chạy `docgen register check` và báo người quản trị.",
        )

    def _now(self) -> str:
        return self.store.now().isoformat(timespec="microseconds")

    def _lock_chain(self) -> None:
        """Lock the chain head: from here to commit, this is the only writer of events."""
        if self._head is None:
            row = self._one(
                "SELECT seq, hash FROM chain_head WHERE id = 1" + self.db.backend.for_update
            )
            self._head = (int(row[0]), str(row[1]))

    def _current(self, key: EntryKey) -> RegisterEntry | None:
        rows = self._all(
            f"SELECT {h.EVENT_COLUMNS} FROM events"
            " WHERE agency = ? AND year = ? AND stream = ? AND number = ? ORDER BY seq",
            (self.agency, key.year, key.stream, key.number),
        )
        return h.fold(h.Event.from_row(row) for row in rows).get(key)

    def _existing(self, key: EntryKey) -> RegisterEntry:
        current = self._current(key)
        if current is None:
            raise checks.missing(key)
        return current

    # -- writing ---------------------------------------------------------------------------

    def _insert_number(self, entry: RegisterEntry) -> None:
        self._writes.append(
            (
                "INSERT INTO numbers (agency, year, stream, number, symbol) VALUES (?, ?, ?, ?, ?)",
                (self.agency, entry.year, entry.stream, entry.number, entry.symbol),
            )
        )

    def _append(self, type_: str, key: EntryKey, symbol: str, payload: dict[str, Any]) -> str:
        """Queue one event after the chain head; `date`/`source` are copied out for indexes.
        Returns the event's timestamp."""
        self._lock_chain()
        assert self._head is not None
        seq, prev = self._head[0] + 1, self._head[1]
        at = self._now()
        text = h.canonical(payload)
        digest = h.event_hash(
            seq, prev, type_, self.agency, key.year, key.stream, key.number, symbol, at, text
        )
        self._writes.append(
            (
                "INSERT INTO events (seq, prev_hash, hash, type, agency, year, stream, number,"
                " symbol, at, payload, doc_date, source)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    seq, prev, digest, type_, self.agency, key.year, key.stream, key.number,
                    symbol, at, text, payload.get("date"), payload.get("source"),
                ),
            )
        )  # fmt: skip
        self._writes.append(("UPDATE chain_head SET seq = ?, hash = ? WHERE id = 1", (seq, digest)))
        self._head = (seq, digest)
        return at

    # Writes are queued and sent together, before the next read or with COMMIT: while a counter
    # is locked, every round trip to PostgreSQL delays the next issuer of that stream. The
    # checks before each write make a constraint violation at COMMIT a last line of defence.

    @contextlib.contextmanager
    def _sending(self) -> Iterator[None]:
        """Turn a refusal of `docgen_append_number`, queued earlier, into the clerk's message."""
        try:
            yield
        except server_append.Refused as refused:
            raise self._refusal(refused) from None

    def _send(self, sql: str, params: tuple[object, ...]) -> Cursor:
        """Run `sql` after the queued writes, together (one round trip on PostgreSQL)."""
        if not self._writes:
            return self.db.execute(sql, params)
        writes, self._writes = self._writes, []
        with self._sending():
            return self.db.batch([*writes, (sql, params)])

    def _one(self, sql: str, params: tuple[object, ...] = ()) -> Any:
        return self._send(sql, params).fetchone()

    def _all(self, sql: str, params: tuple[object, ...] = ()) -> list[Any]:
        return self._send(sql, params).fetchall()

    def _execute(self, sql: str, params: tuple[object, ...] = ()) -> None:
        self._send(sql, params)

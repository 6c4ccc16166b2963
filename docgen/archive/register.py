"""The register store and its unit of work: numbers that never collide and never vanish.

    with store.unit_of_work() as uow:
        number = uow.allocate(stream)   # UPDATE counters … RETURNING, inside the transaction
        ...                             # render, write files (the issue service)
        uow.record_issue(entry)         # the register row, as a hash-chained event
        uow.commit()                    # leaving the block without commit rolls back

A number taken and not recorded is never committed (`commit` refuses), so a failure anywhere
consumes no number. Rows are never updated or deleted: every change is an event
(`docgen.archive.history`) and the current row is the fold of its events.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import replace
from types import TracebackType
from typing import Any
from zoneinfo import ZoneInfo

from docgen.archive import history as h
from docgen.archive.db import Backend, Db
from docgen.archive.integrity import IntegrityReport, check
from docgen.archive.migrations import migrate
from docgen.errors import RegisterError
from docgen.model.register import (
    Annotation,
    EntryKey,
    EntryStatus,
    RegisterEntry,
    format_number,
    is_secret_stream,
)

#: returns the current instant as an aware datetime; tests inject a fixed one
Clock = Callable[[], dt.datetime]


def system_clock() -> dt.datetime:
    """Now, in UTC."""
    return dt.datetime.now(dt.UTC)


@functools.cache
def vietnam() -> ZoneInfo:
    """Asia/Ho_Chi_Minh: the register's year and dates are Vietnamese civil time (UTC+7)."""
    return ZoneInfo("Asia/Ho_Chi_Minh")


def _vn(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


class RegisterStore:
    """The register of one agency (`agency` = its abbreviation) over a SQLite or PostgreSQL backend.

    Opening it upgrades an older schema. Use `unit_of_work()` for anything that takes a number;
    the other write methods are one-step conveniences over it.
    """

    def __init__(self, backend: Backend, agency: str, *, clock: Clock = system_clock) -> None:
        self.agency = agency
        self.clock = clock
        self.db = Db(backend)
        try:
            migrate(self.db)
        except BaseException:
            self.db.close()
            raise

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> RegisterStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def now(self) -> dt.datetime:
        """The clock's instant in Vietnamese time."""
        instant = self.clock()
        if instant.tzinfo is None:
            raise RegisterError(
                "đồng hồ của sổ đăng ký không có múi giờ",
                hint="báo người phát triển: clock phải trả về datetime có tzinfo.",
            )
        return instant.astimezone(vietnam())

    def today(self) -> dt.date:
        """Today's date in Asia/Ho_Chi_Minh (the year rolls over at 00:00 1 January there)."""
        return self.now().date()

    def unit_of_work(self) -> UnitOfWork:
        return UnitOfWork(self)

    # -- reading ---------------------------------------------------------------------------

    def events(self, year: int | None = None, stream: str | None = None) -> list[h.Event]:
        """The stored events of this agency (of `year`, of `stream`), in sequence order."""
        sql = f"SELECT {h.EVENT_COLUMNS} FROM events WHERE agency = ?"
        params: list[object] = [self.agency]
        if year is not None:
            sql += " AND year = ?"
            params.append(year)
        if stream is not None:
            sql += " AND stream = ?"
            params.append(stream)
        return [h.Event.from_row(row) for row in self.db.all(sql + " ORDER BY seq", params)]

    def entries(self, year: int, stream: str | None = None) -> list[RegisterEntry]:
        """The rows of `year` (of one `stream`), ordered by stream then number."""
        rows = h.fold(self.events(year, stream))
        return [rows[key] for key in sorted(rows)]

    def entry(self, key: EntryKey) -> RegisterEntry | None:
        """The current row of one number, or None when the number was never used."""
        return h.fold(self.events(key.year, key.stream)).get(key)

    def years(self) -> list[int]:
        """The years that have rows, ascending."""
        rows = self.db.all("SELECT DISTINCT year FROM numbers WHERE agency = ?", (self.agency,))
        return sorted(int(row[0]) for row in rows)

    def check(self) -> IntegrityReport:
        """Check the whole register's history; a report, never an exception for a finding."""
        return check(self.db)

    def head(self) -> str:
        """The hash of the last event: print it under the register to anchor the history."""
        row = self.db.one("SELECT hash FROM chain_head WHERE id = 1")
        return str(row[0])

    # -- one-step writes -------------------------------------------------------------------

    def _once(self, action: Callable[[UnitOfWork], Any]) -> Any:
        with self.unit_of_work() as uow:
            result = action(uow)
            uow.commit()
        return result

    def reserve(self, stream: str, symbol: str, **fields: Any) -> RegisterEntry:
        """Reserve (giữ số) the next number of `stream` for a draft; see `UnitOfWork.reserve`."""
        entry: RegisterEntry = self._once(lambda uow: uow.reserve(stream, symbol, **fields))
        return entry

    def cancel(self, key: EntryKey, reason: str) -> RegisterEntry:
        """Cancel (hủy số) a reserved number; see `UnitOfWork.cancel`."""
        entry: RegisterEntry = self._once(lambda uow: uow.cancel(key, reason))
        return entry

    def annotate(self, annotation: Annotation) -> None:
        """Record a correction, recall or replacement (ND30 Điều 18)."""
        self._once(lambda uow: uow.annotate(annotation))

    def record_dispatch(self, key: EntryKey, dispatched: dt.date, receipt: str = "") -> None:
        """Fill columns (8) ngày chuyển and (9) ký nhận of an issued row."""
        self._once(lambda uow: uow.record_dispatch(key, dispatched, receipt))

    def close_year(self, year: int) -> None:
        """Close the register of `year` (khóa sổ): no number is taken or issued in it afterwards."""
        self._once(lambda uow: uow.close_year(year))


class UnitOfWork:
    """One transaction on the register. Nothing is kept unless `commit()` is called."""

    def __init__(self, store: RegisterStore) -> None:
        self.store = store
        self.db = store.db
        self.agency = store.agency
        self._open = False
        self._pending: set[EntryKey] = set()  # numbers taken here and not yet recorded
        self._head: tuple[int, str] | None = None  # the chain head, once locked

    def __enter__(self) -> UnitOfWork:
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
        self.db.commit()
        self._open = False

    def today(self) -> dt.date:
        return self.store.today()

    # -- numbers ---------------------------------------------------------------------------

    def allocate(self, stream: str, year: int | None = None) -> int:
        """The next number of (agency, `year`, `stream`); `year` defaults to this year in Vietnam.

        The counter row stays locked until the unit of work ends, so concurrent issuers of the
        same stream get consecutive numbers and a rolled-back number is handed out again.
        """
        self._require_open()
        year = self._check_year(self.today().year if year is None else year)
        where = (self.agency, year, stream)
        sql = "UPDATE counters SET last = last + 1 WHERE agency = ? AND year = ? AND stream = ?"
        row = self.db.one(sql + " RETURNING last", where)
        if row is None:
            self.db.execute(
                "INSERT INTO counters (agency, year, stream, last) VALUES (?, ?, ?, 0)"
                " ON CONFLICT DO NOTHING",
                where,
            )
            row = self.db.one(sql + " RETURNING last", where)
        number = int(row[0])
        self._pending.add(EntryKey(year, stream, number))
        return number

    def reserve(
        self, stream: str, symbol: str, *, year: int | None = None, **fields: Any
    ) -> RegisterEntry:
        """Take the next number of `stream` and hold it for a draft (giữ số); returns the row.

        `fields` are further RegisterEntry fields (kind, subject, note, secrecy, …).
        """
        entry = RegisterEntry(
            year=self.today().year if year is None else year,
            stream=stream,
            number=0,
            symbol=symbol,
            status=EntryStatus.RESERVED,
            **fields,
        )
        self._check_secrecy(entry)
        entry = replace(entry, number=self.allocate(stream, entry.year))
        self._lock_chain()
        self._insert_number(entry)
        self._append(h.RESERVE, entry.key, symbol, h.entry_payload(entry))
        self._pending.discard(entry.key)
        return entry

    def record_issue(self, entry: RegisterEntry) -> RegisterEntry:
        """Record the issue of `entry` into a number taken here or reserved earlier.

        Raises RegisterError for a closed or future year, a secret document in a public stream
        (or the reverse), a date in the future or before the last issued date of the stream, a
        number already issued, cancelled or never taken, and a draft issued before.
        """
        self._require_open()
        self._check_year(entry.year)
        self._check_secrecy(entry)
        self._check_date(entry)
        self._lock_chain()
        self._check_order(entry)
        key = entry.key
        if key in self._pending:
            self._insert_number(entry)
        else:
            self._check_reserved(entry, self._current(key))
        if entry.source:
            self._check_source(entry.source)
        payload = h.entry_payload(entry)
        self._append(h.ISSUE, key, entry.symbol, payload)
        self._pending.discard(key)
        return replace(entry, status=EntryStatus.ISSUED)

    def cancel(self, key: EntryKey, reason: str) -> RegisterEntry:
        """Cancel (hủy số) a reserved number with `reason`; it is never handed out again."""
        self._require_open()
        if not reason.strip():
            raise RegisterError(
                f"hủy số {format_number(key.number)} (sổ {key.stream}) mà không ghi lý do",
                hint="ghi lý do hủy số (--reason); sổ in ra sẽ ghi lý do này ở cột Ghi chú.",
            )
        self._lock_chain()
        current = self._existing(key)
        if current.status is not EntryStatus.RESERVED:
            raise self._not_reserved(current)
        self._append(h.CANCEL, key, current.symbol, {"reason": reason.strip()})
        return replace(current, status=EntryStatus.CANCELLED, cancel_reason=reason.strip())

    def annotate(self, annotation: Annotation) -> None:
        """Link an issued document to the one that corrects, recalls or replaces it (Điều 18)."""
        self._require_open()
        self._lock_chain()
        target = self._issued(annotation.target)
        if annotation.by is not None:
            self._issued(annotation.by)
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
        target = self._issued(key)
        if dispatched > self.today() or (target.date is not None and dispatched < target.date):
            raise RegisterError(
                f"ngày chuyển {_vn(dispatched)} của số {target.number_symbol} không hợp lệ",
                hint="ngày chuyển phải từ ngày văn bản đến hôm nay.",
            )
        payload = {"dispatched": dispatched.isoformat(), "receipt": receipt}
        self._append(h.DISPATCH, key, target.symbol, payload)

    def close_year(self, year: int) -> None:
        """Close `year` (khóa sổ)."""
        self._require_open()
        self._check_year(year)
        self._lock_chain()
        self._append(h.CLOSE_YEAR, EntryKey(year, "", 0), "", {"closed": year})

    # -- checks ----------------------------------------------------------------------------

    def _require_open(self) -> None:
        if not self._open:
            raise RegisterError(
                "thao tác trên sổ đăng ký ngoài một giao dịch đang mở",
                hint="báo người phát triển: dùng `with store.unit_of_work() as uow:`.",
            )

    def _check_year(self, year: int) -> int:
        today = self.today()
        if year > today.year:
            raise RegisterError(
                f"năm {year} chưa bắt đầu (hôm nay là {_vn(today)})",
                hint="số được cấp theo năm hiện hành; kiểm tra năm và đồng hồ máy tính.",
            )
        closed = self.db.one(
            "SELECT 1 FROM events WHERE agency = ? AND year = ? AND stream = '' AND type = ?",
            (self.agency, year, h.CLOSE_YEAR),
        )
        if closed is not None:
            raise RegisterError(
                f"sổ đăng ký năm {year} đã khóa",
                hint=f"cấp số vào sổ năm {today.year}; số của năm đã khóa không thay đổi được.",
            )
        return year

    def _check_secrecy(self, entry: RegisterEntry) -> None:
        secret_stream = is_secret_stream(entry.stream)
        if entry.secrecy is not None and not secret_stream:
            raise RegisterError(
                f"văn bản {entry.secrecy.value} không được lấy số ở sổ thường '{entry.stream}'",
                hint="văn bản mật có hệ thống số riêng (Điều 15.2): dùng sổ 'mat'.",
            )
        if entry.secrecy is None and secret_stream:
            raise RegisterError(
                f"văn bản không mật không được lấy số ở sổ văn bản mật '{entry.stream}'",
                hint="ghi độ mật của văn bản, hoặc dùng sổ thường (hanh_chinh).",
            )

    def _check_date(self, entry: RegisterEntry) -> None:
        today = self.today()
        if entry.date is None:
            raise RegisterError(
                f"số {entry.number_symbol} chưa có ngày văn bản",
                hint="ghi ngày ban hành (mặc định là hôm nay) rồi cấp số lại.",
            )
        if entry.date > today:
            raise RegisterError(
                f"ngày văn bản {_vn(entry.date)} ở tương lai (hôm nay là {_vn(today)})",
                hint="số và ngày được cấp sau khi ký (Điều 15); dùng ngày hôm nay.",
            )
        if entry.date.year != entry.year:
            raise RegisterError(
                f"ngày văn bản {_vn(entry.date)} không thuộc sổ năm {entry.year}",
                hint="mỗi năm một dãy số từ 01/01 đến 31/12 (Điều 15.1); lấy số ở sổ đúng năm.",
            )

    def _check_order(self, entry: RegisterEntry) -> None:
        row = self.db.one(
            "SELECT max(doc_date) FROM events"
            " WHERE agency = ? AND year = ? AND stream = ? AND type = ?",
            (self.agency, entry.year, entry.stream, h.ISSUE),
        )
        last = dt.date.fromisoformat(row[0]) if row and row[0] else None
        if last is not None and entry.date is not None and entry.date < last:
            raise RegisterError(
                f"ngày văn bản {_vn(entry.date)} trước ngày của văn bản đã cấp số gần nhất "
                f"trong sổ '{entry.stream}' ({_vn(last)})",
                hint="số và ngày theo thứ tự thời gian ban hành (Điều 15.1); dùng ngày hôm nay.",
            )

    def _check_reserved(self, entry: RegisterEntry, current: RegisterEntry | None) -> None:
        if current is None:
            raise RegisterError(
                f"số {entry.number_symbol} năm {entry.year} (sổ {entry.stream}) chưa được lấy "
                "hoặc giữ trước",
                hint="để docgen lấy số mới, hoặc giữ số trước bằng `docgen register reserve`.",
            )
        if current.status is not EntryStatus.RESERVED:
            raise self._not_reserved(current)
        if current.symbol != entry.symbol:
            raise RegisterError(
                f"số {current.number_symbol} được giữ với ký hiệu {current.symbol}, không phải "
                f"{entry.symbol}",
                hint="cấp văn bản có đúng ký hiệu đã giữ, hoặc hủy số đã giữ và lấy số mới.",
            )

    def _not_reserved(self, current: RegisterEntry) -> RegisterError:
        where = f"số {current.number_symbol} năm {current.year} (sổ {current.stream})"
        if current.status is EntryStatus.CANCELLED:
            return RegisterError(
                f"{where} đã bị hủy: {current.cancel_reason}",
                hint="số đã hủy không bao giờ được dùng lại; lấy số mới.",
            )
        return RegisterError(
            f"{where} đã được cấp cho văn bản ngày {_vn(current.date) if current.date else '?'}",
            hint="một số chỉ cấp một lần; văn bản sai thì đính chính, thu hồi hoặc thay thế.",
        )

    def _check_source(self, source: str) -> None:
        row = self.db.one(
            "SELECT number, symbol, year FROM events WHERE agency = ? AND source = ? AND type = ?",
            (self.agency, source, h.ISSUE),
        )
        if row is not None:
            raise RegisterError(
                f"bản dự thảo này đã được cấp số {format_number(int(row[0]))}/{row[1]} "
                f"năm {row[2]}",
                hint="không cấp số lần nữa; muốn sửa văn bản đã ban hành thì đính chính hoặc "
                "thay thế.",
            )

    def _current(self, key: EntryKey) -> RegisterEntry | None:
        rows = self.db.all(
            f"SELECT {h.EVENT_COLUMNS} FROM events"
            " WHERE agency = ? AND year = ? AND stream = ? AND number = ? ORDER BY seq",
            (self.agency, key.year, key.stream, key.number),
        )
        return h.fold(h.Event.from_row(row) for row in rows).get(key)

    def _existing(self, key: EntryKey) -> RegisterEntry:
        current = self._current(key)
        if current is None:
            raise RegisterError(
                f"không có số {format_number(key.number)} năm {key.year} trong sổ '{key.stream}'",
                hint="xem các số đã cấp bằng `docgen register show --year NĂM`.",
            )
        return current

    def _issued(self, key: EntryKey) -> RegisterEntry:
        current = self._existing(key)
        if current.status is not EntryStatus.ISSUED:
            raise RegisterError(
                f"số {current.number_symbol} năm {key.year} chưa ban hành ({current.remarks})",
                hint="chỉ ghi chuyển, đính chính, thu hồi, thay thế cho văn bản đã ban hành.",
            )
        return current

    # -- writing ---------------------------------------------------------------------------

    def _insert_number(self, entry: RegisterEntry) -> None:
        clash = self.db.one(
            "SELECT stream FROM numbers"
            " WHERE agency = ? AND year = ? AND number = ? AND symbol = ?",
            (self.agency, entry.year, entry.number, entry.symbol),
        )
        if clash is not None:
            raise RegisterError(
                f"số {entry.number_symbol} năm {entry.year} đã có trong sổ '{clash[0]}'",
                hint="số và ký hiệu phải duy nhất trong năm (Điều 15.1); kiểm tra cấu hình sổ.",
            )
        self.db.execute(
            "INSERT INTO numbers (agency, year, stream, number, symbol) VALUES (?, ?, ?, ?, ?)",
            (self.agency, entry.year, entry.stream, entry.number, entry.symbol),
        )

    def _lock_chain(self) -> None:
        """Lock the chain head: from here to commit, this is the only writer of events."""
        if self._head is None:
            row = self.db.one(
                "SELECT seq, hash FROM chain_head WHERE id = 1" + self.db.backend.for_update
            )
            self._head = (int(row[0]), str(row[1]))

    def _append(
        self,
        type_: str,
        key: EntryKey,
        symbol: str,
        payload: dict[str, Any],
    ) -> None:
        """Append one event after the chain head; `date`/`source` are copied out for indexes."""
        self._lock_chain()
        assert self._head is not None
        seq, prev = self._head[0] + 1, self._head[1]
        at = self.store.now().isoformat(timespec="microseconds")
        text = h.canonical(payload)
        digest = h.event_hash(
            seq, prev, type_, self.agency, key.year, key.stream, key.number, symbol, at, text
        )
        self.db.execute(
            "INSERT INTO events (seq, prev_hash, hash, type, agency, year, stream, number,"
            " symbol, at, payload, doc_date, source)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                seq, prev, digest, type_, self.agency, key.year, key.stream, key.number, symbol,
                at, text, payload.get("date"), payload.get("source"),
            ),
        )  # fmt: skip
        self.db.execute("UPDATE chain_head SET seq = ?, hash = ? WHERE id = 1", (seq, digest))
        self._head = (seq, digest)

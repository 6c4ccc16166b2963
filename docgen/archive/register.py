"""The register store: numbers that never collide and never vanish.

Anything that takes a number goes through `store.unit_of_work()` (`docgen.archive.unit_of_work`).
Rows are never updated or deleted: every change is an event (`docgen.archive.history`) and the
current row is the fold of its events. The year and dates follow an injected clock read in
Asia/Ho_Chi_Minh, so the register rolls over at 00:00 on 1 January Vietnamese time.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import Any
from zoneinfo import ZoneInfo

from docgen.archive import history as h
from docgen.archive.db import Backend, Db
from docgen.archive.integrity import IntegrityReport, check
from docgen.archive.migrations import migrate
from docgen.archive.unit_of_work import UnitOfWork
from docgen.errors import RegisterError
from docgen.model.register import (
    Annotation,
    EntryKey,
    RegisterEntry,
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


class RegisterStore:
    """The register of one agency (`agency` = its abbreviation) over a SQLite or PostgreSQL backend.

    Opening it upgrades an older schema. Use `unit_of_work()` for anything that takes a number;
    the other write methods are one-step conveniences over it.
    """

    def __init__(self, backend: Backend, agency: str, *, clock: Clock = system_clock) -> None:
        self.agency = agency
        self.clock = clock
        #: called (from a timer thread) when taking the register's write lock or a counter has
        #: waited `wait_notice_after` seconds for another clerk: the CLI tells the clerk why
        self.on_wait: Callable[[], None] | None = None
        self.wait_notice_after = 1.0
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

    @contextlib.contextmanager
    def waiting(self) -> Iterator[None]:
        """Around a step that may queue behind another clerk (SQLite's write lock, a PostgreSQL
        counter): `on_wait` is called if the step is still running after `wait_notice_after`."""
        if self.on_wait is None:
            yield
            return
        timer = threading.Timer(self.wait_notice_after, self.on_wait)
        timer.daemon = True
        timer.start()
        try:
            yield
        finally:
            timer.cancel()

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

    def keys(self, year: int, stream: str | None = None) -> list[EntryKey]:
        """The numbers of the rows `entries(year, stream)` gives, in its order, without reading
        or folding their events (a number is a row once reserved or issued): a page of the
        register is `entries_of` a slice of them."""
        sql = (
            "SELECT DISTINCT stream, number FROM events"
            " WHERE agency = ? AND year = ? AND type IN (?, ?)"
        )
        params: list[object] = [self.agency, year, h.RESERVE, h.ISSUE]
        if stream is not None:
            sql += " AND stream = ?"
            params.append(stream)
        # sorted here, not by the database: a PostgreSQL collation may order streams otherwise
        found = sorted((str(s), int(n)) for s, n in self.db.all(sql, params))
        return [EntryKey(year, s, n) for s, n in found]

    def entries_of(
        self, year: int, stream: str | None, keys: Sequence[EntryKey]
    ) -> list[RegisterEntry]:
        """The rows of `keys` (of `year`) exactly as `entries(year, stream)` folds them, in the
        order of `keys` (a key that is no row is left out), reading only their events and those
        of the rows whose correction (Điều 18) names one of them as the document that made it:
        what a page of the register costs does not grow with the year."""
        wanted = {k for k in keys if k.year == year and stream in (None, k.stream)}
        if not wanted:
            return []
        events = self._events_of(wanted)
        sql = f"SELECT {h.EVENT_COLUMNS} FROM events WHERE agency = ? AND year = ? AND type = ?"
        params: list[object] = [self.agency, year, h.ANNOTATE]
        if stream is not None:
            sql += " AND stream = ?"
            params.append(stream)
        linking: set[EntryKey] = set()
        for raw in self.db.all(sql, params):
            event = h.Event.from_row(raw)
            by = h.annotation_from(event).by
            if by in wanted and event.key not in wanted:
                linking.add(event.key)
        if linking:
            events += self._events_of(linking)
        rows = h.fold(events)
        return [rows[key] for key in keys if key in rows and key in wanted]

    def _events_of(self, keys: set[EntryKey]) -> list[h.Event]:
        """The events of `keys`, in sequence order: one index range per run of close numbers
        of a stream."""
        runs: list[tuple[EntryKey, int]] = []  # (first key, last number)
        for key in sorted(keys):
            first = runs[-1][0] if runs else None
            if (
                first is not None
                and (first.year, first.stream) == (key.year, key.stream)
                and key.number - runs[-1][1] <= 16
            ):
                runs[-1] = (runs[-1][0], key.number)
            else:
                runs.append((key, key.number))
        sql = (
            f"SELECT {h.EVENT_COLUMNS} FROM events WHERE agency = ? AND year = ? AND stream = ?"
            " AND number BETWEEN ? AND ?"
        )
        found: list[h.Event] = []
        for first, last in runs:
            params = (self.agency, first.year, first.stream, first.number, last)
            found += (e for e in map(h.Event.from_row, self.db.all(sql, params)) if e.key in keys)
        return sorted(found, key=lambda e: e.seq)

    def entry(self, key: EntryKey) -> RegisterEntry | None:
        """The current row of one number, or None when the number was never used."""
        return h.fold(self.events(key.year, key.stream)).get(key)

    def last_number(self, year: int, stream: str) -> int:
        """The last number taken in `stream` of `year` as committed now (0 before the first)."""
        row = self.db.one(
            "SELECT last FROM counters WHERE agency = ? AND year = ? AND stream = ?",
            (self.agency, year, stream),
        )
        return 0 if row is None else int(row[0])

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

"""`check`: prove the register's history was not edited, deleted or reordered (a report).

What is compared:
- the hash chain: sequence numbers without gaps, each event's `prev_hash` equal to the previous
  event's hash, each stored hash equal to the hash recomputed from the stored fields, the chain
  head equal to the last event (a deleted last event shows there);
- the copied-out columns (`doc_date`, `source`) against the hashed payload;
- the `numbers` table against the events (a deleted, added or edited number row);
- the counters: every number from 1 to the counter's value has its row (no number vanished);
- the life of every number: reserve → issue/cancel, annotations and dispatch only when issued.

The history is read `CHUNK` events per statement and checked as it streams by (what is kept is
a small state per number, not the events), all inside one read-only snapshot, so a clerk issuing
meanwhile neither blocks the check nor shows up in it as damage.
"""

from __future__ import annotations

import contextlib
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

from docgen.archive import history as h
from docgen.archive.db import Db
from docgen.archive.exchange_fold import TYPES as EXCHANGE_TYPES
from docgen.archive.migrations import GENESIS
from docgen.archive.processing_fold import TYPES as PROCESSING_TYPES
from docgen.model.register import format_number


@dataclass(frozen=True)
class Finding:
    """One problem: `row` names where it is (a register row or event, a document, a file),
    `problem` says what is wrong."""

    row: str
    problem: str

    def line(self) -> str:
        return f"{self.row}: {self.problem}"


@dataclass(frozen=True)
class IntegrityReport:
    """The result of `check`: `ok` when no finding; `head` is the hash of the last event."""

    events: int
    numbers: int
    head: str
    findings: tuple[Finding, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return not self.findings


def _number_label(agency: str, year: int, stream: str, number: int, symbol: str = "") -> str:
    text = f"{format_number(number)}/{symbol}" if symbol else format_number(number)
    return f"số {text} năm {year} (sổ {stream}, cơ quan {agency})"


class _Chain:
    """The hash chain, one event at a time: gaps, broken links, edited events and columns."""

    def __init__(self) -> None:
        self.previous: h.Event | None = None
        self.found: list[Finding] = []

    def add(self, event: h.Event) -> None:
        previous = self.previous
        expected_seq = previous.seq + 1 if previous else 1
        expected_prev = previous.hash if previous else GENESIS
        if event.seq != expected_seq:
            missing = f"#{expected_seq}" + (
                f"…#{event.seq - 1}" if event.seq - 1 > expected_seq else ""
            )
            self.found.append(
                Finding(f"sự kiện {missing}, ngay trước {event.label()}", "bị xóa khỏi lịch sử")
            )
        elif event.prev_hash != expected_prev and previous is not None:
            self.found.append(
                Finding(previous.label(), "bị sửa: băm không còn khớp với sự kiện ghi sau nó")
            )
        if h.recomputed_hash(event) != event.hash:
            self.found.append(Finding(event.label(), "bị sửa sau khi ghi: băm không khớp nội dung"))
        data = event.data
        if (event.doc_date, event.source) != (data.get("date"), data.get("source")):
            self.found.append(Finding(event.label(), "cột ngày/nguồn khác nội dung đã băm"))
        self.previous = event

    def end(self, head: tuple[int, str]) -> None:
        """Compare the last event with the chain head (a deleted last event shows here)."""
        last = (self.previous.seq, self.previous.hash) if self.previous else (0, GENESIS)
        if head != last:
            self.found.append(
                Finding(
                    f"cuối lịch sử (sự kiện #{head[0]})",
                    f"sự kiện cuối bị xóa hoặc sửa: đầu chuỗi ghi #{head[0]}, "
                    f"lịch sử dừng ở #{last[0]}",
                )
            )


_ALLOWED: dict[str, set[str | None]] = {
    h.RESERVE: {None},
    h.ISSUE: {None, h.RESERVE},
    h.CANCEL: {h.RESERVE},
    h.ANNOTATE: {h.ISSUE},
    h.DISPATCH: {h.ISSUE},
    h.REFRESH: {h.ISSUE},
    # the exchange's events (liên thông, `docgen.archive.exchange_fold`) only of an issued row
    **{kind: {h.ISSUE} for kind in EXCHANGE_TYPES},
    # the processing of an incoming document (`docgen.archive.processing_fold`): an issued row
    **{kind: {h.ISSUE} for kind in PROCESSING_TYPES},
}

_Key = tuple[str, int, str, int]


class _Lifecycle:
    """The life of every number, one event at a time: reserve → issue/cancel, annotations and
    dispatch only when issued, one symbol; and the symbol each used number was taken with."""

    def __init__(self) -> None:
        self.state: dict[_Key, str | None] = {}
        self.symbols: dict[_Key, str] = {}
        self.used: dict[_Key, str] = {}
        self.found: list[Finding] = []

    def add(self, event: h.Event) -> None:
        if event.type == h.CLOSE_YEAR:
            return
        key = (event.agency, event.year, event.stream, event.number)
        current = self.state.get(key)
        if event.type not in _ALLOWED or current not in _ALLOWED[event.type]:
            self.found.append(
                Finding(event.label(), f"sự kiện '{event.type}' sai chỗ sau '{current}'")
            )
        elif event.type in (h.RESERVE, h.ISSUE, h.CANCEL):
            self.state[key] = event.type
        if event.type in (h.RESERVE, h.ISSUE):
            self.used.setdefault(key, event.symbol)
        if self.symbols.setdefault(key, event.symbol) != event.symbol:
            self.found.append(
                Finding(event.label(), f"ký hiệu khác với lúc lấy số ({self.symbols[key]})")
            )


#: events read per statement: the check's memory holds one chunk, not the whole history
CHUNK = 5000


def events(db: Db, chunk: int = CHUNK) -> Iterator[h.Event]:
    """Every event of the register (every agency) in sequence order, read `chunk` at a time."""
    sql = f"SELECT {h.EVENT_COLUMNS} FROM events"
    rows = db.all(f"{sql} ORDER BY seq LIMIT ?", (chunk,))
    while rows:
        yield from (h.Event.from_row(row) for row in rows)
        if len(rows) < chunk:
            return
        rows = db.all(f"{sql} WHERE seq > ? ORDER BY seq LIMIT ?", (int(rows[-1][0]), chunk))


@contextlib.contextmanager
def _snapshot(db: Db) -> Iterator[None]:
    """Every read of the check in one read-only transaction, so the chunks, the head and the
    numbers are one state even while a clerk issues (WAL on SQLite; REPEATABLE READ on
    PostgreSQL). Nothing is written, so leaving always rolls back."""
    postgres = db.backend.name == "postgresql"
    db.execute("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY" if postgres else "BEGIN")
    try:
        yield
    finally:
        # The connection may be gone; that error is already on its way to the clerk.
        with contextlib.suppress(Exception):
            db.execute("ROLLBACK")


def check(db: Db, chunk: int = CHUNK) -> IntegrityReport:
    """Check the whole register (every agency) and report every broken, edited or deleted row.

    The history is read `chunk` events at a time; what is kept is one small state per number.
    """
    with _snapshot(db):
        return _check(db, chunk)


def _check(db: Db, chunk: int) -> IntegrityReport:
    head_row = db.one("SELECT seq, hash FROM chain_head WHERE id = 1")
    head = (int(head_row[0]), str(head_row[1])) if head_row else (0, GENESIS)
    chain, life, count = _Chain(), _Lifecycle(), 0
    for event in events(db, chunk):
        chain.add(event)
        life.add(event)
        count += 1
    chain.end(head)
    findings = chain.found + life.found

    used = life.used
    numbers = {
        (str(a), int(y), str(s), int(n)): str(sym)
        for a, y, s, n, sym in db.all("SELECT agency, year, stream, number, symbol FROM numbers")
    }
    for key in sorted(numbers.keys() - used.keys()):
        findings.append(
            Finding(
                _number_label(*key, numbers[key]),
                "lịch sử bị xóa: còn dòng số nhưng mất mọi sự kiện",
            )
        )
    for key in sorted(used.keys() - numbers.keys()):
        findings.append(Finding(_number_label(*key, used[key]), "dòng số bị xóa khỏi bảng numbers"))
    for key in sorted(used.keys() & numbers.keys()):
        if used[key] != numbers[key]:
            findings.append(
                Finding(_number_label(*key, used[key]), f"ký hiệu bị sửa thành {numbers[key]}")
            )

    symbols = {**numbers, **used}
    per_stream: dict[tuple[str, int, str], set[int]] = defaultdict(set)
    for agency, year, stream, number in used.keys() | numbers.keys():
        per_stream[(agency, year, stream)].add(number)
    for agency, year, stream, last in db.all(
        "SELECT agency, year, stream, last FROM counters ORDER BY agency, year, stream"
    ):
        taken = per_stream.pop((agency, year, stream), set())
        for number in sorted(set(range(1, int(last) + 1)) - taken):
            label = _number_label(agency, int(year), stream, number)  # its symbol is gone too
            findings.append(Finding(label, "đã lấy nhưng không còn dòng nào trong sổ (bị xóa)"))
        for number in sorted(n for n in taken if n > int(last)):
            symbol = symbols[(agency, int(year), stream, number)]
            label = _number_label(agency, int(year), stream, number, symbol)
            findings.append(Finding(label, f"vượt bộ đếm của sổ ({last})"))
    for (agency, year, stream), taken in sorted(per_stream.items()):
        first = min(taken)
        label = _number_label(agency, year, stream, first, symbols[(agency, year, stream, first)])
        findings.append(Finding(label, "sổ không có bộ đếm (bảng counters bị sửa)"))
    return IntegrityReport(count, len(numbers), head[1], tuple(findings))

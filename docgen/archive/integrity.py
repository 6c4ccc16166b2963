"""`check`: prove the register's history was not edited, deleted or reordered (a report).

What is compared:
- the hash chain: sequence numbers without gaps, each event's `prev_hash` equal to the previous
  event's hash, each stored hash equal to the hash recomputed from the stored fields, the chain
  head equal to the last event (a deleted last event shows there);
- the copied-out columns (`doc_date`, `source`) against the hashed payload;
- the `numbers` table against the events (a deleted, added or edited number row);
- the counters: every number from 1 to the counter's value has its row (no number vanished);
- the life of every number: reserve → issue/cancel, annotations and dispatch only when issued.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from docgen.archive import history as h
from docgen.archive.db import Db
from docgen.archive.migrations import GENESIS
from docgen.model.register import format_number


@dataclass(frozen=True)
class Finding:
    """One problem: `row` names the register row (or event), `problem` says what is wrong."""

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


def _chain(events: list[h.Event], head: tuple[int, str]) -> list[Finding]:
    found: list[Finding] = []
    previous: h.Event | None = None
    for event in events:
        expected_seq = previous.seq + 1 if previous else 1
        expected_prev = previous.hash if previous else GENESIS
        if event.seq != expected_seq:
            missing = f"#{expected_seq}" + (
                f"…#{event.seq - 1}" if event.seq - 1 > expected_seq else ""
            )
            found.append(
                Finding(f"sự kiện {missing}, ngay trước {event.label()}", "bị xóa khỏi lịch sử")
            )
        elif event.prev_hash != expected_prev and previous is not None:
            found.append(
                Finding(previous.label(), "bị sửa: băm không còn khớp với sự kiện ghi sau nó")
            )
        if h.recomputed_hash(event) != event.hash:
            found.append(Finding(event.label(), "bị sửa sau khi ghi: băm không khớp nội dung"))
        data = event.data
        if (event.doc_date, event.source) != (data.get("date"), data.get("source")):
            found.append(Finding(event.label(), "cột ngày/nguồn khác nội dung đã băm"))
        previous = event
    last = (previous.seq, previous.hash) if previous else (0, GENESIS)
    if head != last:
        found.append(
            Finding(
                f"cuối lịch sử (sự kiện #{head[0]})",
                f"sự kiện cuối bị xóa hoặc sửa: đầu chuỗi ghi #{head[0]}, "
                f"lịch sử dừng ở #{last[0]}",
            )
        )
    return found


def _lifecycle(events: list[h.Event]) -> list[Finding]:
    allowed: dict[str, set[str | None]] = {
        h.RESERVE: {None},
        h.ISSUE: {None, h.RESERVE},
        h.CANCEL: {h.RESERVE},
        h.ANNOTATE: {h.ISSUE},
        h.DISPATCH: {h.ISSUE},
    }
    state: dict[tuple[str, int, str, int], str | None] = {}
    symbols: dict[tuple[str, int, str, int], str] = {}
    found: list[Finding] = []
    for event in events:
        if event.type == h.CLOSE_YEAR:
            continue
        key = (event.agency, event.year, event.stream, event.number)
        current = state.get(key)
        if event.type not in allowed or current not in allowed[event.type]:
            found.append(Finding(event.label(), f"sự kiện '{event.type}' sai chỗ sau '{current}'"))
        elif event.type in (h.RESERVE, h.ISSUE):
            state[key] = event.type
        elif event.type == h.CANCEL:
            state[key] = h.CANCEL
        if symbols.setdefault(key, event.symbol) != event.symbol:
            found.append(Finding(event.label(), f"ký hiệu khác với lúc lấy số ({symbols[key]})"))
    return found


def check(db: Db) -> IntegrityReport:
    """Check the whole register (every agency) and report every broken, edited or deleted row."""
    events = [
        h.Event.from_row(row)
        for row in db.all(f"SELECT {h.EVENT_COLUMNS} FROM events ORDER BY seq")
    ]
    head_row = db.one("SELECT seq, hash FROM chain_head WHERE id = 1")
    head = (int(head_row[0]), str(head_row[1])) if head_row else (0, GENESIS)
    findings = _chain(events, head) + _lifecycle(events)

    used: dict[tuple[str, int, str, int], str] = {}
    for event in events:
        if event.type in (h.RESERVE, h.ISSUE):
            used.setdefault((event.agency, event.year, event.stream, event.number), event.symbol)
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
    return IntegrityReport(len(events), len(numbers), head[1], tuple(findings))

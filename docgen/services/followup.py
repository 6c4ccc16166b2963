"""Following up incoming documents (ND30 Điều 24; docs/records/processing.md): what waits for each
person, sorted by deadline with the overdue ones marked, and the report per unit and period
(received, done on time, done late, overdue, pending). Both read the follow-up table
(`docgen.archive.processing`), never the whole history: a list or a report over 100,000
documents stays within ~150 ms (bench/followup_bench.py).

`my_work` is the incoming documents' part of the web application's "Việc của tôi" page; other
kinds of work (drafts waiting to be checked) add their own `WorkItem`s and `sort_work` orders
them all together.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from docgen.archive import processing as table
from docgen.archive.register import RegisterStore
from docgen.errors import InputError
from docgen.model.agency import Agency
from docgen.model.processing import (
    NO_DEADLINE,
    OUTCOME_LABELS,
    Person,
    Stage,
)
from docgen.model.register import DEN, EntryKey, catalogue_id, format_number
from docgen.rules.processing import VAN_THU

#: the longest a list shows (the rest is counted)
LIST_LIMIT = 200
#: the kind of a work item of this module (the web page links it to the document)
INCOMING = "van_ban_den"


@dataclass(frozen=True)
class WorkItem:
    """One thing that waits for a person: what (`kind`, `ref` — for an incoming document its
    catalogue id `den/2024/12`), what they must do (`action`), since when, by when, whether it
    is overdue, and a line of detail (the instruction, the last progress)."""

    kind: str
    ref: str
    title: str
    action: str
    since: dt.date | None = None
    deadline: dt.date | None = None
    overdue: bool = False
    detail: str = ""

    def days_late(self, today: dt.date) -> int:
        return (today - self.deadline).days if self.overdue and self.deadline else 0


@dataclass(frozen=True)
class WorkList:
    """A person's work: the items shown (at most LIST_LIMIT of each kind of step) and how many
    there are in all."""

    items: tuple[WorkItem, ...]
    total: int
    today: dt.date

    @property
    def overdue(self) -> int:
        return sum(1 for item in self.items if item.overdue)


def sort_work(items: Iterable[WorkItem]) -> list[WorkItem]:
    """Overdue first, then by deadline (none last), then the oldest first."""
    return sorted(
        items,
        key=lambda i: (not i.overdue, i.deadline or NO_DEADLINE, i.since or NO_DEADLINE, i.ref),
    )


def doc_id(row: table.Row) -> str:
    """The catalogue id of the incoming document (`docgen.services.incoming`): `den/2024/12`."""
    return catalogue_id(EntryKey(row.year, DEN, row.number))


def _title(row: table.Row) -> str:
    head = f"Số đến {format_number(row.number)}"
    if row.year and row.arrival and row.arrival.year != row.year:
        head += f"/{row.year}"
    source = " ".join(part for part in (row.sender, row.notation) if part)
    text = f"{head} — {source}" if source else head
    return f"{text}: {row.subject}" if row.subject else text


def _item(row: table.Row, action: str, today: dt.date, *, with_deadline: bool = True) -> WorkItem:
    due = row.due if with_deadline else None
    detail = row.progress or row.instruction
    return WorkItem(
        kind=INCOMING, ref=doc_id(row), title=_title(row), action=action, since=row.arrival,
        deadline=due, overdue=due is not None and due < today, detail=detail,
    )  # fmt: skip


def my_work(store: RegisterStore, who: Person, *, today: dt.date | None = None) -> WorkList:
    """What waits for `who` among incoming documents: to present (the văn thư), to assign (the
    person they were presented to), to give to a person (the lead unit's head), to handle (the
    person given it); sorted by `sort_work`."""
    today = today or store.today()
    db, agency = store.db, store.agency
    found: list[WorkItem] = []
    total = 0
    asks: list[tuple[Stage, dict[str, str], str, bool]] = []
    if who.role == VAN_THU:
        asks.append((Stage.CHO_TRINH, {}, "Trình lãnh đạo", False))
    asks.append((Stage.DA_TRINH, {"presented_to": who.username}, "Phân công", False))
    if who.unit_head and who.unit:
        asks.append((Stage.DA_PHAN_CONG, {"lead": who.unit}, "Giao người xử lý", True))
    asks.append((Stage.DANG_XU_LY, {"assignee": who.username}, "Xử lý", True))
    for stage, where, action, with_deadline in asks:
        rows = table.waiting(db, agency, stage, limit=LIST_LIMIT, **where)
        total += (
            len(rows) if len(rows) < LIST_LIMIT else table.count_waiting(db, agency, stage, **where)
        )
        found += (_item(row, action, today, with_deadline=with_deadline) for row in rows)
    return WorkList(tuple(sort_work(found)), total, today)


# --- the report ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Report:
    """The report of `unit` (None: every unit) for documents received between the two dates,
    counted on `today`: one `table.Counts` per lead unit and their total."""

    date_from: dt.date
    date_to: dt.date
    today: dt.date
    unit: str | None
    rows: tuple[table.Counts, ...]
    unit_names: dict[str, str] = field(default_factory=dict)

    @property
    def total(self) -> table.Counts:
        return table.Counts(
            "", *(sum(getattr(r, f) for r in self.rows) for f in
                  ("received", "on_time", "late", "overdue", "pending")),
        )  # fmt: skip

    def name(self, lead: str) -> str:
        """`KHTH` → `Phòng Kế hoạch – Tổng hợp (KHTH)`; "" → `Chưa phân công`."""
        if not lead:
            return "Chưa phân công"
        full = self.unit_names.get(lead)
        return f"{full} ({lead})" if full else lead

    @property
    def period(self) -> str:
        return f"từ {self.date_from:%d/%m/%Y} đến {self.date_to:%d/%m/%Y}"


#: the report's columns after the unit, in order, with their headings
REPORT_COLUMNS = (
    ("received", "Tiếp nhận"),
    ("on_time", OUTCOME_LABELS["dung_han"]),
    ("late", OUTCOME_LABELS["tre_han"]),
    ("overdue", OUTCOME_LABELS["qua_han"]),
    ("pending", OUTCOME_LABELS["dang_xu_ly"]),
)


def report(
    store: RegisterStore,
    agency: Agency,
    *,
    date_from: dt.date,
    date_to: dt.date,
    unit: str | None = None,
    today: dt.date | None = None,
) -> Report:
    """The report of the documents received between `date_from` and `date_to` (inclusive) whose
    lead unit is `unit` (every unit when None; documents not assigned yet are their own row),
    counted on `today` (Vietnam's today by default): InputError for dates the wrong way round
    or a unit the profile does not have."""
    if date_from > date_to:
        raise InputError(
            f"ngày bắt đầu {date_from:%d/%m/%Y} sau ngày kết thúc {date_to:%d/%m/%Y}",
            field="--tu",
            hint="ghi --tu trước --den.",
        )
    names = {u.abbreviation: u.name for u in agency.units}
    if unit is not None and unit not in names:
        raise InputError(
            f"đơn vị {unit} không có trong hồ sơ cơ quan",
            field="--don-vi",
            hint=f"dùng một trong: {', '.join(sorted(names))}.",
        )
    today = today or store.today()
    rows = table.counts(store.db, store.agency, date_from, date_to, today, lead=unit)
    if unit is not None and not rows:
        rows = [table.Counts(unit, 0, 0, 0, 0, 0)]
    return Report(date_from, date_to, today, unit, tuple(rows), names)


def tracking_rows(store: RegisterStore, rep: Report) -> list[table.Row]:
    """The documents the report counts, one per line, in the order they arrived (the follow-up
    register's lines, Sổ theo dõi giải quyết văn bản đến, PL4 VIII)."""
    return table.rows_between(store.db, store.agency, rep.date_from, rep.date_to, lead=rep.unit)

"""Storage of the processing of incoming documents (schema version 9; docs/records/processing.md).

The steps themselves are events of the incoming rows (`docgen.archive.processing_fold`); the
table `processing` holds, per incoming document, the state they fold to — where it is, the lead
unit, the person, the deadlines, the reply — written in the same transaction as each event, so
the follow-up lists and the report read one indexed table instead of folding the history. It
is derived data: `rebuild_statements` makes it again from the events (schema upgrade, archive
import), and `differences` compares the two (a test, `docgen den kiem-tra`).

Dates are ISO text (`2024-05-20`), which sorts and compares the same on SQLite and PostgreSQL;
`due` is the deadline that applies now, or 9999-12-31 when there is none, so a list sorted by it
puts documents without a deadline last on both databases.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from docgen.archive import history as h
from docgen.archive.db import Db, Params
from docgen.model.processing import NO_DEADLINE, Handling, Stage
from docgen.model.register import DEN, EntryKey, RegisterEntry

_TABLE = """CREATE TABLE processing (
    agency TEXT NOT NULL, year INTEGER NOT NULL, number INTEGER NOT NULL,
    arrival TEXT NOT NULL, sender TEXT NOT NULL, notation TEXT NOT NULL, subject TEXT NOT NULL,
    stage TEXT NOT NULL, presented_to TEXT NOT NULL, lead TEXT NOT NULL,
    cooperating TEXT NOT NULL, informed TEXT NOT NULL,
    deadline TEXT, assignee TEXT NOT NULL, assignee_deadline TEXT, due TEXT NOT NULL,
    instruction TEXT NOT NULL, progress TEXT NOT NULL,
    reply TEXT NOT NULL, reply_year INTEGER, reply_stream TEXT, reply_number INTEGER,
    closed_on TEXT, version INTEGER NOT NULL, updated_at TEXT NOT NULL,
    PRIMARY KEY (agency, year, number))"""
_INDEXES = (
    # a person's list: what they handle, by deadline
    "CREATE INDEX ix_processing_assignee ON processing (agency, assignee, stage, due)",
    # a leader's list (presented to them) and a unit head's (assigned to their unit)
    "CREATE INDEX ix_processing_presented ON processing (agency, presented_to, stage, due)",
    "CREATE INDEX ix_processing_stage ON processing (agency, stage, lead, due)",
    # the report: per unit and period, and for every unit (covering: no table row read)
    "CREATE INDEX ix_processing_unit ON processing (agency, lead, arrival, deadline, closed_on)",
    "CREATE INDEX ix_processing_arrival ON processing (agency, arrival, lead, deadline, closed_on)",
    # the outgoing document's page: which incoming documents it answers
    "CREATE INDEX ix_processing_reply ON processing (agency, reply_year, reply_stream, reply_number)",
)
COLUMNS = (
    "agency", "year", "number", "arrival", "sender", "notation", "subject", "stage",
    "presented_to", "lead", "cooperating", "informed", "deadline", "assignee",
    "assignee_deadline", "due", "instruction", "progress", "reply", "reply_year",
    "reply_stream", "reply_number", "closed_on", "version", "updated_at",
)  # fmt: skip
_KEY = ("agency", "year", "number")
_UPSERT = (
    f"INSERT INTO processing ({', '.join(COLUMNS)}) VALUES ({', '.join('?' for _ in COLUMNS)})"
    f" ON CONFLICT ({', '.join(_KEY)}) DO UPDATE SET "
    + ", ".join(f"{c} = excluded.{c}" for c in COLUMNS if c not in _KEY)
)


def migrate_v9(db: Db) -> None:
    """Create `processing` and its indexes, and a row for every incoming document already
    registered (each waiting to be presented: no step was recorded before version 9)."""
    db.execute(_TABLE)
    for statement in _INDEXES:
        db.execute(statement)
    for sql, params in rebuild_statements(db):
        db.execute(sql, params)


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def row_values(agency: str, entry: RegisterEntry, updated_at: str) -> tuple[object, ...]:
    """The `processing` row of the incoming `entry` (its `handling` folded, or none yet)."""
    handling = entry.handling or Handling()
    reply = handling.reply
    due = handling.due or NO_DEADLINE
    return (
        agency, entry.year, entry.number,
        _iso(entry.date) or "", entry.signer, entry.recipients[0] if entry.recipients else "",
        entry.subject, handling.stage.value, handling.presented_to, handling.lead,
        ",".join(handling.cooperating), ",".join(handling.informed), _iso(handling.deadline),
        handling.assignee, _iso(handling.assignee_deadline), due.isoformat(),
        handling.instruction, handling.progress,
        reply.number_symbol if reply else "", reply.year if reply else None,
        reply.stream if reply else None, reply.number if reply else None,
        _iso(handling.closed_on), handling.version, updated_at,
    )  # fmt: skip


def write_statements(
    agency: str, entry: RegisterEntry, updated_at: str
) -> list[tuple[str, Params]]:
    """The statement that makes the `processing` row of `entry` what its handling says (an
    insert for a document just received, an update after a step)."""
    return [(_UPSERT, row_values(agency, entry, updated_at))]


def _rebuilt(db: Db, agency: str | None) -> dict[tuple[str, int, int], tuple[object, ...]]:
    """(agency, year, number) → the `processing` row the history of that incoming row folds to."""
    sql = f"SELECT {h.EVENT_COLUMNS} FROM events WHERE stream = ?"
    params: list[object] = [DEN]
    if agency is not None:
        sql += " AND agency = ?"
        params.append(agency)
    by_agency: dict[str, list[h.Event]] = {}
    for raw in db.all(sql + " ORDER BY seq", params):
        event = h.Event.from_row(raw)
        by_agency.setdefault(event.agency, []).append(event)
    rows: dict[tuple[str, int, int], tuple[object, ...]] = {}
    for name, events in sorted(by_agency.items()):
        last_at = {event.key: event.at for event in events}
        for key, entry in sorted(h.fold(events).items()):
            rows[(name, key.year, key.number)] = row_values(name, entry, last_at[key])
    return rows


def rebuild_statements(db: Db, agency: str | None = None) -> list[tuple[str, Params]]:
    """Statements that make `processing` again from the history of every incoming row (of
    `agency`, or of every agency): a delete, then the rows, to run in one transaction."""
    statements: list[tuple[str, Params]] = [
        ("DELETE FROM processing WHERE agency = ?", (agency,))
        if agency is not None
        else ("DELETE FROM processing", ())
    ]
    return statements + [(_UPSERT, row) for _, row in sorted(_rebuilt(db, agency).items())]


# --- reading ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One incoming document as the follow-up lists show it."""

    year: int
    number: int
    arrival: dt.date | None
    sender: str
    notation: str
    subject: str
    stage: Stage
    presented_to: str
    lead: str
    cooperating: tuple[str, ...]
    informed: tuple[str, ...]
    deadline: dt.date | None
    assignee: str
    assignee_deadline: dt.date | None
    instruction: str
    progress: str
    reply: str
    closed_on: dt.date | None
    version: int

    @property
    def key(self) -> EntryKey:
        return EntryKey(self.year, DEN, self.number)

    @property
    def due(self) -> dt.date | None:
        return self.assignee_deadline or self.deadline


_SELECT = (
    "SELECT year, number, arrival, sender, notation, subject, stage, presented_to, lead,"
    " cooperating, informed, deadline, assignee, assignee_deadline, instruction, progress,"
    " reply, closed_on, version FROM processing"
)


def _date(value: object) -> dt.date | None:
    return dt.date.fromisoformat(str(value)) if value else None


def _names(value: object) -> tuple[str, ...]:
    return tuple(n for n in str(value or "").split(",") if n)


def _row(raw: Sequence[object]) -> Row:
    (year, number, arrival, sender, notation, subject, stage, presented, lead, coop, informed,
     deadline, assignee, assignee_deadline, instruction, progress, reply, closed, version) = raw  # fmt: skip
    return Row(
        int(str(year)), int(str(number)), _date(arrival), str(sender), str(notation),
        str(subject), Stage(str(stage)), str(presented), str(lead), _names(coop),
        _names(informed), _date(deadline), str(assignee), _date(assignee_deadline),
        str(instruction), str(progress), str(reply), _date(closed), int(str(version)),
    )  # fmt: skip


def get(db: Db, agency: str, year: int, number: int) -> Row | None:
    found = db.one(
        _SELECT + " WHERE agency = ? AND year = ? AND number = ?", (agency, year, number)
    )
    return _row(found) if found else None


def waiting(
    db: Db,
    agency: str,
    stage: Stage,
    *,
    assignee: str | None = None,
    presented_to: str | None = None,
    lead: str | None = None,
    limit: int = 500,
) -> list[Row]:
    """The documents at `stage` (handled by `assignee`, presented to `presented_to`, led by
    `lead`), the earliest deadline first, then in the order they arrived; at most `limit`."""
    where, params = _waiting_where(agency, stage, assignee, presented_to, lead)
    sql = f"{_SELECT} WHERE {where} ORDER BY due, year, number LIMIT ?"
    return [_row(raw) for raw in db.all(sql, [*params, limit])]


def count_waiting(
    db: Db,
    agency: str,
    stage: Stage,
    *,
    assignee: str | None = None,
    presented_to: str | None = None,
    lead: str | None = None,
) -> int:
    """How many documents `waiting` would list without its limit."""
    where, params = _waiting_where(agency, stage, assignee, presented_to, lead)
    row = db.one(f"SELECT COUNT(*) FROM processing WHERE {where}", params)
    return int(row[0])


def _waiting_where(
    agency: str, stage: Stage, assignee: str | None, presented_to: str | None, lead: str | None
) -> tuple[str, list[object]]:
    """The WHERE clause and parameters `waiting` and `count_waiting` share."""
    where, params = "agency = ?", [agency]
    for column, value in (("assignee", assignee), ("presented_to", presented_to), ("lead", lead)):
        if value is not None:
            where += f" AND {column} = ?"
            params.append(value)
    return where + " AND stage = ?", [*params, stage.value]


@dataclass(frozen=True)
class Counts:
    """The report's figures for one lead unit ("" = not assigned yet)."""

    lead: str
    received: int
    on_time: int
    late: int
    overdue: int
    pending: int


def counts(
    db: Db,
    agency: str,
    date_from: dt.date,
    date_to: dt.date,
    today: dt.date,
    *,
    lead: str | None = None,
) -> list[Counts]:
    """Per lead unit, the documents received between the two dates (inclusive): how many, done
    on time, done late, overdue, pending (`docgen.rules.processing.outcome`, counted by the
    database), ordered by unit."""
    t = today.isoformat()
    sql = (
        "SELECT lead, COUNT(*),"
        " SUM(CASE WHEN closed_on IS NOT NULL AND (deadline IS NULL OR closed_on <= deadline)"
        " THEN 1 ELSE 0 END),"
        " SUM(CASE WHEN closed_on IS NOT NULL AND deadline IS NOT NULL AND closed_on > deadline"
        " THEN 1 ELSE 0 END),"
        " SUM(CASE WHEN closed_on IS NULL AND deadline IS NOT NULL AND deadline < ?"
        " THEN 1 ELSE 0 END),"
        " SUM(CASE WHEN closed_on IS NULL AND (deadline IS NULL OR deadline >= ?)"
        " THEN 1 ELSE 0 END)"
        " FROM processing WHERE agency = ?"
    )
    params: list[object] = [t, t, agency]
    if lead is not None:
        sql += " AND lead = ?"
        params.append(lead)
    sql += " AND arrival >= ? AND arrival <= ? GROUP BY lead"
    params += [date_from.isoformat(), date_to.isoformat()]
    found = [
        Counts(str(row[0]), *(int(value or 0) for value in row[1:])) for row in db.all(sql, params)
    ]
    return sorted(found, key=lambda c: (c.lead == "", c.lead))


def rows_between(
    db: Db,
    agency: str,
    date_from: dt.date,
    date_to: dt.date,
    *,
    lead: str | None = None,
    limit: int = 100_000,
) -> list[Row]:
    """The documents received between the two dates (of `lead`), in the order they arrived:
    the lines of the follow-up register (PL4 VIII) the report exports."""
    sql = _SELECT + " WHERE agency = ?"
    params: list[object] = [agency]
    if lead is not None:
        sql += " AND lead = ?"
        params.append(lead)
    sql += " AND arrival >= ? AND arrival <= ? ORDER BY year, number LIMIT ?"
    params += [date_from.isoformat(), date_to.isoformat(), limit]
    return [_row(raw) for raw in db.all(sql, params)]


def answered_by(db: Db, agency: str, key: EntryKey) -> list[Row]:
    """The incoming documents the outgoing row `key` answers (closed with it as the reply)."""
    found = db.all(
        _SELECT + " WHERE agency = ? AND reply_year = ? AND reply_stream = ? AND reply_number = ?"
        " ORDER BY year, number",
        (agency, key.year, key.stream, key.number),
    )
    return [_row(raw) for raw in found]


def issued_as(
    db: Db, agency: str, number: int, symbol: str, years: Iterable[int]
) -> tuple[EntryKey, dt.date | None] | None:
    """The issued outgoing row numbered `number`/`symbol` in the first of `years` that has one,
    and its date; None when none of them has (never issued, or only reserved or cancelled)."""
    for year in years:
        found = db.one(
            "SELECT e.stream, e.doc_date FROM numbers n JOIN events e ON e.agency = n.agency"
            " AND e.year = n.year AND e.stream = n.stream AND e.number = n.number"
            " AND e.type = ? WHERE n.agency = ? AND n.year = ? AND n.number = ? AND n.symbol = ?",
            (h.ISSUE, agency, year, number, symbol),
        )
        if found is not None and found[0] != DEN:
            return EntryKey(year, str(found[0]), number), _date(found[1])
    return None


def differences(db: Db, agency: str) -> list[str]:
    """Where `processing` differs from the fold of the history, one line each (empty when they
    agree): what `rebuild_statements` would change. The time of the last change is not compared."""
    expected = _rebuilt(db, agency)
    stored = {
        (agency, int(row[1]), int(row[2])): tuple(row)
        for row in db.all(
            f"SELECT {', '.join(COLUMNS)} FROM processing WHERE agency = ?", (agency,)
        )
    }
    lines = []
    for key in sorted(set(expected) | set(stored)):
        want, have = expected.get(key), stored.get(key)
        where = f"số đến {key[2]:02d} năm {key[1]}"
        if want is None:
            lines.append(f"{where}: có trong bảng xử lý, không có trong sổ")
        elif have is None:
            lines.append(f"{where}: thiếu trong bảng xử lý")
        else:
            changed = [
                column
                for column, a, b in zip(COLUMNS, want, have, strict=True)
                if column != "updated_at" and _same(a) != _same(b)
            ]
            if changed:
                lines.append(f"{where}: khác ở {', '.join(changed)}")
    return lines


def _same(value: object) -> object:
    return None if value is None else str(value)

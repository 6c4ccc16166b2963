"""What was done to whole files (docs/records/hoso.md): hand-overs to the agency archive, what it
received, appraisals and disposals, and documents taken out of a file — one append-only row each
in `records_actions`, its facts as JSON. `archive check` reads them to tell a file removed on
purpose (disposed of, or handed over so the unit's copy became a reference) from a missing one.

Where records management keeps files under the archive root:

    ho-so/<year>/<UNIT>/<mã hồ sơ>/      the cover (bìa hồ sơ) and contents list of a closed file
    luu-tru/<year>/<mã hồ sơ>/           the agency archive's copy of a file it received
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from docgen.archive.db import Db

#: top-level folders records management owns (the archive check looks for extra files there)
FORMS = "ho-so"
AGENCY_ARCHIVE = "luu-tru"
OWNED = (FORMS, AGENCY_ARCHIVE)

HANDOVER = "giao"  #: a transfer package was built (nộp lưu, the unit's side)
RECEIPT = "nhan"  #: the agency archive received a package
APPRAISAL = "tham-dinh"  #: an appraisal decided files are past their value
DISPOSAL = "tieu-huy"  #: the content of appraised files was disposed of
REMOVAL = "go"  #: a document taken out of an open file (or moved to another), with the reason
KINDS = (HANDOVER, RECEIPT, APPRAISAL, DISPOSAL, REMOVAL)
_PREFIX = {HANDOVER: "GN", RECEIPT: "NL", APPRAISAL: "TĐ", DISPOSAL: "TH", REMOVAL: "GV"}


def forms_folder(year: int, unit: str, notation: str) -> str:
    return f"{FORMS}/{year}/{unit}/{notation}"


def archive_folder(year: int, notation: str) -> str:
    return f"{AGENCY_ARCHIVE}/{year}/{notation}"


@dataclass(frozen=True)
class Action:
    """One action: `id` (`TĐ-2035-01`), its kind, the year and unit it concerns, when it was
    recorded (`at`), the day it took effect and its facts."""

    id: str
    kind: str
    year: int
    unit: str
    at: str
    on_date: dt.date
    payload: dict[str, Any] = field(default_factory=dict)

    @property
    def notations(self) -> tuple[str, ...]:
        """The files the action concerns."""
        return tuple(self.payload.get("files", ()))


def _action(raw: Sequence[Any]) -> Action:
    id_, kind, year, unit, at, on_date, payload = raw
    return Action(
        id_, kind, int(year), unit, at, dt.date.fromisoformat(on_date), dict(json.loads(payload))
    )


_COLUMNS = "id, kind, year, unit, at, on_date, payload"


def actions(db: Db, agency: str, kind: str | None = None) -> list[Action]:
    """The actions of `agency` (of one `kind`), in the order they were recorded."""
    sql = f"SELECT {_COLUMNS} FROM records_actions WHERE agency = ?"
    params: list[object] = [agency]
    if kind is not None:
        sql += " AND kind = ?"
        params.append(kind)
    return sorted((_action(r) for r in db.all(sql, params)), key=lambda a: (a.at, a.id))


def action(db: Db, agency: str, id_: str) -> Action | None:
    raw = db.one(
        f"SELECT {_COLUMNS} FROM records_actions WHERE agency = ? AND id = ?", (agency, id_)
    )
    return _action(raw) if raw else None


def next_id(db: Db, agency: str, kind: str, year: int) -> str:
    """`TĐ-2035-01`: the kind's prefix, the year, the next number of that kind in that year."""
    row = db.one(
        "SELECT count(*) FROM records_actions WHERE agency = ? AND kind = ? AND year = ?",
        (agency, kind, year),
    )
    return f"{_PREFIX[kind]}-{year}-{int(row[0]) + 1:02d}"


def insert(db: Db, agency: str, done: Action) -> None:
    """Record `done` (inside the caller's transaction); never updated afterwards."""
    db.execute(
        f"INSERT INTO records_actions (agency, {_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            agency, done.id, done.kind, done.year, done.unit, done.at, done.on_date.isoformat(),
            json.dumps(done.payload, ensure_ascii=False, sort_keys=True),
        ),
    )  # fmt: skip


@dataclass(frozen=True)
class Custody:
    """What the actions say about files under the archive root: `gone` — relative path → why
    it was removed on purpose (and its SHA-256 then); `kept` — the agency archive's copies,
    relative path → SHA-256, which must be there."""

    gone: dict[str, tuple[str, str]]
    kept: dict[str, str]


def custody(db: Db, agency: str) -> Custody:
    """Read every receipt and disposal of `agency` into what must be, and must not be, there."""
    gone: dict[str, tuple[str, str]] = {}
    kept: dict[str, str] = {}
    for done in actions(db, agency):
        if done.kind == RECEIPT:
            for relative, digest in done.payload.get("released", {}).items():
                gone[relative] = (f"bản của đơn vị đã nộp lưu ({done.id})", digest)
            for relative, digest in done.payload.get("stored", {}).items():
                kept[relative] = digest
        elif done.kind == DISPOSAL:
            for relative, digest in done.payload.get("removed", {}).items():
                gone[relative] = (f"đã tiêu hủy ({done.id})", digest)
                kept.pop(relative, None)
    return Custody(gone, kept)

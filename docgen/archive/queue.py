"""The OCR job queue (schema version 10; docs/records/ocr.md): a table in the register's own
database, so SQLite and PostgreSQL need no second service, and a job survives a restart.

`ocr_jobs` holds one row per scanned PDF to recognise: `queued` → `running` (claimed by one
worker, under a lease) → `done` (its result: the text of each page, as JSON) or `failed`. The
same SQL runs on both databases:

- `claim` picks the oldest claimable job (queued, or running with its lease run out: its worker
  died) and takes it with a conditional `UPDATE … WHERE id = ? AND <still claimable> RETURNING`.
  On SQLite the write transaction (`BEGIN IMMEDIATE`) serialises claimers; on PostgreSQL a
  second claimer of the same row waits for the first's row lock, re-reads the row, no longer
  finds it claimable and gets no row back, and tries the next job. So a job is never run by two
  workers at once, with no `SKIP LOCKED` (which SQLite lacks).
- A worker extends its lease with every page done (`progress`); only the lease holder may write
  progress or the result (`worker = ?` in every update), so a worker that lost its lease (too
  slow, taken over) cannot overwrite the new holder's work.
- A job whose lease ran out `MAX_ATTEMPTS` times (a file that kills its worker) is failed, not
  claimed again.

A job's files live under `<archive>/.ocr/<id>/` (`job_dir`): the source PDF as submitted and
the PDF with its text layer. Times are UTC ISO strings (they sort as they compare); the caller
passes `now`, so tests move the clock.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docgen.archive.db import Db

QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
#: a job whose worker vanished this many times is failed instead of claimed again
MAX_ATTEMPTS = 3
#: the folder under the archive root holding the jobs' files
FOLDER = ".ocr"

_TABLE = """CREATE TABLE ocr_jobs (
    id TEXT PRIMARY KEY, agency TEXT NOT NULL, state TEXT NOT NULL, sha256 TEXT NOT NULL,
    name TEXT NOT NULL, pages INTEGER NOT NULL, done INTEGER NOT NULL,
    queued_at TEXT NOT NULL, started_at TEXT, finished_at TEXT, worker TEXT NOT NULL,
    lease_until TEXT, attempts INTEGER NOT NULL, error TEXT NOT NULL, result TEXT NOT NULL)"""
_INDEXES = (
    "CREATE INDEX ix_ocr_jobs_state ON ocr_jobs (agency, state, queued_at)",
    "CREATE INDEX ix_ocr_jobs_sha ON ocr_jobs (agency, sha256)",
)
_COLUMNS = (
    "id, agency, state, sha256, name, pages, done, queued_at, started_at, finished_at, worker,"
    " attempts, error, result"
)
#: claimable: queued, or running under a lease that has run out (params: now, MAX_ATTEMPTS)
_CLAIMABLE = "(state = 'queued' OR (state = 'running' AND lease_until < ? AND attempts < ?))"


def migrate_v10(db: Db) -> None:
    """Create the OCR job queue (schema version 10)."""
    db.execute(_TABLE)
    for statement in _INDEXES:
        db.execute(statement)


@dataclass(frozen=True)
class OcrJob:
    """One row of the queue; `result` is the parsed JSON the worker recorded."""

    id: str
    agency: str
    state: str
    sha256: str
    name: str
    pages: int
    done: int = 0
    queued_at: str = ""
    started_at: str | None = None
    finished_at: str | None = None
    worker: str = ""
    attempts: int = 0
    error: str = ""
    result: dict[str, Any] = field(default_factory=dict)

    @property
    def finished(self) -> bool:
        return self.state in (DONE, FAILED)

    @classmethod
    def from_row(cls, row: Any) -> OcrJob:
        (id_, agency, state, sha, name, pages, done, queued, started, finished, worker,
         attempts, error, result) = row  # fmt: skip
        return cls(
            str(id_), str(agency), str(state), str(sha), str(name), int(pages), int(done),
            str(queued), started, finished, str(worker), int(attempts), str(error),
            json.loads(result) if result else {},
        )  # fmt: skip


def stamp(now: dt.datetime) -> str:
    """`now` as the queue stores it: UTC, ISO, microseconds (so strings sort as times)."""
    if now.tzinfo is None:
        raise ValueError("the queue's clock must be timezone-aware")
    return now.astimezone(dt.UTC).isoformat(timespec="microseconds")


def job_dir(root: Path, job_id: str) -> Path:
    """Where job `job_id`'s files live under the archive `root`."""
    return root / FOLDER / job_id


def _one(db: Db, sql: str, params: tuple[object, ...]) -> Any:
    """The first row of a statement that writes and returns (`RETURNING`), in a transaction."""
    with db.transaction():
        rows = db.all(sql, params)
    return rows[0] if rows else None


def enqueue(
    db: Db, *, job_id: str, agency: str, sha256: str, name: str, pages: int, now: dt.datetime
) -> OcrJob:
    """Queue a new job (its files must be in `job_dir` already) and return it."""
    with db.transaction():
        db.execute(
            f"INSERT INTO ocr_jobs ({_COLUMNS}, lease_until)"
            " VALUES (?, ?, 'queued', ?, ?, ?, 0, ?, NULL, NULL, '', 0, '', '', NULL)",
            (job_id, agency, sha256, name, pages, stamp(now)),
        )
    found = get(db, job_id)
    assert found is not None
    return found


def get(db: Db, job_id: str) -> OcrJob | None:
    row = db.one(f"SELECT {_COLUMNS} FROM ocr_jobs WHERE id = ?", (job_id,))
    return OcrJob.from_row(row) if row else None


def latest_for(db: Db, agency: str, sha256: str) -> OcrJob | None:
    """The most useful job of `agency` for a file of this SHA-256: a done one, else one queued
    or running, else None (a failed job is not reused: submitting again retries)."""
    rows = db.all(
        f"SELECT {_COLUMNS} FROM ocr_jobs WHERE agency = ? AND sha256 = ? AND state <> 'failed'"
        " ORDER BY queued_at DESC",
        (agency, sha256),
    )
    jobs = [OcrJob.from_row(r) for r in rows]
    return next((j for j in jobs if j.state == DONE), jobs[0] if jobs else None)


def claim(
    db: Db,
    *,
    agency: str,
    worker: str,
    now: dt.datetime,
    lease: dt.timedelta,
    job_id: str | None = None,
) -> OcrJob | None:
    """Take the oldest claimable job of `agency` (or job `job_id` when it is claimable) for
    `worker` until `now + lease`; None when there is none. Jobs whose worker vanished too often
    are failed first (module docstring)."""
    at, until = stamp(now), stamp(now + lease)
    with db.transaction():
        db.execute(
            "UPDATE ocr_jobs SET state = 'failed', finished_at = ?,"
            " error = 'công việc dừng giữa chừng nhiều lần (tệp có thể làm hỏng trình nhận dạng)'"
            " WHERE agency = ? AND state = 'running' AND lease_until < ? AND attempts >= ?",
            (at, agency, at, MAX_ATTEMPTS),
        )
    while True:
        if job_id is not None:
            candidate = db.one(
                f"SELECT id FROM ocr_jobs WHERE id = ? AND {_CLAIMABLE}",
                (job_id, at, MAX_ATTEMPTS),
            )
        else:
            candidate = db.one(
                f"SELECT id FROM ocr_jobs WHERE agency = ? AND {_CLAIMABLE}"
                " ORDER BY queued_at, id LIMIT 1",
                (agency, at, MAX_ATTEMPTS),
            )
        if candidate is None:
            return None
        row = _one(
            db,
            "UPDATE ocr_jobs SET state = 'running', worker = ?, lease_until = ?,"
            " started_at = coalesce(started_at, ?), attempts = attempts + 1, done = 0"
            f" WHERE id = ? AND {_CLAIMABLE} RETURNING {_COLUMNS}",
            (worker, until, at, str(candidate[0]), at, MAX_ATTEMPTS),
        )
        if row is not None:
            return OcrJob.from_row(row)
        # another worker took it between our look and our update: look again


def progress(
    db: Db, job_id: str, *, worker: str, done: int, now: dt.datetime, lease: dt.timedelta
) -> bool:
    """Record `done` pages and extend the lease; False when `worker` no longer holds the job."""
    row = _one(
        db,
        "UPDATE ocr_jobs SET done = ?, lease_until = ? WHERE id = ? AND worker = ?"
        " AND state = 'running' RETURNING id",
        (done, stamp(now + lease), job_id, worker),
    )
    return row is not None


def finish(db: Db, job_id: str, *, worker: str, result: dict[str, Any], now: dt.datetime) -> bool:
    """Mark the job done with `result`; False when `worker` no longer holds it."""
    row = _one(
        db,
        "UPDATE ocr_jobs SET state = 'done', done = pages, finished_at = ?, result = ?,"
        " lease_until = NULL WHERE id = ? AND worker = ? AND state = 'running' RETURNING id",
        (stamp(now), json.dumps(result, ensure_ascii=False), job_id, worker),
    )
    return row is not None


def fail(db: Db, job_id: str, *, worker: str, error: str, now: dt.datetime) -> bool:
    """Mark the job failed with the clerk-facing `error`; False when `worker` lost it."""
    row = _one(
        db,
        "UPDATE ocr_jobs SET state = 'failed', finished_at = ?, error = ?, lease_until = NULL"
        " WHERE id = ? AND worker = ? AND state = 'running' RETURNING id",
        (stamp(now), error, job_id, worker),
    )
    return row is not None


def waiting(db: Db, agency: str) -> int:
    """How many jobs of `agency` are queued or running."""
    row = db.one(
        "SELECT count(*) FROM ocr_jobs WHERE agency = ? AND state IN ('queued', 'running')",
        (agency,),
    )
    return int(row[0]) if row else 0

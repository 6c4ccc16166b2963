"""Register benchmark (issue 3): number allocations per second with 4 processes into one stream.

Each backend runs three loops in the same run, 4 processes each, every transaction durable:
- docgen: `uow.allocate` + `uow.record_issue` (a full register row, hash-chained) + `commit`;
- bare SQL: `BEGIN; UPDATE counters … RETURNING; INSERT` a row; `COMMIT` — the least a gapless
  register can do (the target's baseline);
- schema: hand-written SQL writing docgen's own row (counter, number, hash-chained event, chain
  head) with no checks — no target; it tells what the register's data costs from what the code
  adds.
SQLite runs with WAL and synchronous=FULL (as docgen does); PostgreSQL is a private cluster started
for the run (or DOCGEN_BENCH_DATABASE_URL). Targets: SQLite ≥ 5,000/s, PostgreSQL ≥ 2,000/s, each
within 1.5× of its bare loop. Run: `python -m bench.register_bench` (or `make bench`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import multiprocessing
import os
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Iterator
from multiprocessing.queues import Queue
from multiprocessing.synchronize import Barrier
from pathlib import Path
from typing import Any

from bench.report import Figure
from docgen.archive import open_register
from docgen.archive.history import event_hash
from docgen.archive.sqlite import FILE_NAME
from docgen.model.kinds import Kind
from docgen.model.register import RegisterEntry

PROCESSES = 4
SPAWN = multiprocessing.get_context("spawn")
NOW = dt.datetime(2024, 5, 10, 2, 0, tzinfo=dt.UTC)
TARGETS = {"sqlite": 5000.0, "postgresql": 2000.0}
MAX_RATIO = 1.5


def _clock() -> dt.datetime:
    return NOW


def _docgen_loop(root: str, url: str | None, count: int) -> None:
    with open_register(Path(root), "BQL", database_url=url, clock=_clock) as store:
        for _ in range(count):
            with store.unit_of_work() as uow:
                number = uow.allocate("hanh_chinh", 2024)
                uow.record_issue(
                    RegisterEntry(
                        2024, "hanh_chinh", number, "BQL-KHTH", date=NOW.date(),
                        kind=Kind.CONG_VAN, subject="V/v báo cáo", signer="Nguyễn Văn A",
                        recipients=("Sở Tài chính",), holders=("VT", "KHTH"), copies=3,
                    )
                )  # fmt: skip
                uow.commit()


_BARE_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS bare_counters (stream TEXT PRIMARY KEY, last INTEGER NOT NULL)",
    "CREATE TABLE IF NOT EXISTS bare_rows (stream TEXT, number INTEGER, payload TEXT,"
    " PRIMARY KEY (stream, number))",
)


def _bare_connection(
    root: str, url: str | None, file: str = "bare.sqlite3"
) -> tuple[Any, str, str]:
    """(connection, placeholder, begin statement) configured like docgen's."""
    if url is None:
        connection: Any = sqlite3.connect(Path(root) / file, timeout=30, isolation_level=None)
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = FULL")
        return connection, "?", "BEGIN IMMEDIATE"
    import psycopg

    return psycopg.connect(url, autocommit=True), "%s", "BEGIN"


def _bare_loop(root: str, url: str | None, count: int) -> None:
    connection, mark, begin = _bare_connection(root, url)
    update = f"UPDATE bare_counters SET last = last + 1 WHERE stream = {mark} RETURNING last"
    insert = f"INSERT INTO bare_rows (stream, number, payload) VALUES ({mark}, {mark}, {mark})"
    payload = '{"subject":"V/v báo cáo","signer":"Nguyễn Văn A"}'
    for _ in range(count):
        connection.execute(begin)
        (number,) = connection.execute(update, ("hanh_chinh",)).fetchone()
        connection.execute(insert, ("hanh_chinh", number, payload))
        connection.execute("COMMIT")
    connection.close()


_SCHEMA_STATEMENTS = (
    "UPDATE counters SET last = last + 1 WHERE agency = {m} AND year = {m} AND stream = {m}"
    " RETURNING last",
    "SELECT seq, hash FROM chain_head WHERE id = 1{lock}",
    "INSERT INTO numbers (agency, year, stream, number, symbol) VALUES ({m}, {m}, {m}, {m}, {m})",
    "INSERT INTO events (seq, prev_hash, hash, type, agency, year, stream, number, symbol, at,"
    " payload, doc_date, source) VALUES ({m}, {m}, {m}, 'issue', {m}, 2024, {m}, {m}, {m}, {m},"
    " {m}, {m}, NULL)",
    "UPDATE chain_head SET seq = {m}, hash = {m} WHERE id = 1",
)


def _schema_loop(root: str, url: str | None, count: int) -> None:
    """Hand-written SQL over docgen's own schema: the writes of a register row (counter, number,
    hash-chained event, chain head), one statement at a time and no checks — what the register's
    data costs by itself, to tell it apart from what docgen's code adds."""
    connection, mark, begin = _bare_connection(root, url, FILE_NAME)
    lock = "" if url is None else " FOR UPDATE"
    take, head, number_row, event_row, move = (
        statement.format(m=mark, lock=lock) for statement in _SCHEMA_STATEMENTS
    )
    stream, symbol = "bench_schema", "BQL-BENCH"  # apart from the docgen loop's numbers
    at = NOW.isoformat(timespec="microseconds")
    payload = '{"date":"2024-05-10","signer":"Nguyễn Văn A","subject":"V/v báo cáo"}'
    for _ in range(count):
        connection.execute(begin)
        (number,) = connection.execute(take, ("BQL", 2024, stream)).fetchone()
        seq, prev = connection.execute(head).fetchone()
        digest = event_hash(
            seq + 1, prev, "issue", "BQL", 2024, stream, number, symbol, at, payload
        )
        connection.execute(number_row, ("BQL", 2024, stream, number, symbol))
        connection.execute(
            event_row,
            (seq + 1, prev, digest, "BQL", stream, number, symbol, at, payload, "2024-05-10"),
        )
        connection.execute(move, (seq + 1, digest))
        connection.execute("COMMIT")
    connection.close()


#: the three loops by name (the workers are spawned and look them up here)
LOOPS = {"docgen": _docgen_loop, "bare": _bare_loop, "schema": _schema_loop}


def _prepare(root: str, url: str | None) -> None:
    connection, mark, _ = _bare_connection(root, url)
    for statement in _BARE_SCHEMA:
        connection.execute(statement)
    connection.execute(
        f"INSERT INTO bare_counters VALUES ({mark}, 0) ON CONFLICT DO NOTHING", ("hanh_chinh",)
    )
    connection.close()
    with open_register(Path(root), "BQL", database_url=url, clock=_clock) as store:
        store.db.execute(
            "INSERT INTO counters (agency, year, stream, last) VALUES ('BQL', 2024, ?, 0)",
            ("bench_schema",),
        )


def _worker(
    kind: str, root: str, url: str | None, count: int, barrier: Barrier, out: Queue[Any]
) -> None:
    loop = LOOPS[kind]
    barrier.wait()
    start = time.monotonic()  # CLOCK_MONOTONIC: comparable across processes on Linux
    loop(root, url, count)
    out.put((start, time.monotonic()))


def measure(kind: str, root: str, url: str | None, per_process: int) -> float:
    """Allocations per second of `kind` ("docgen" or "bare") with PROCESSES processes."""
    barrier = SPAWN.Barrier(PROCESSES)
    out: Queue[Any] = SPAWN.Queue()
    children = [
        SPAWN.Process(target=_worker, args=(kind, root, url, per_process, barrier, out))
        for _ in range(PROCESSES)
    ]
    for child in children:
        child.start()
    spans = [out.get(timeout=600) for _ in children]
    for child in children:
        child.join()
    elapsed = max(end for _, end in spans) - min(start for start, _ in spans)
    return PROCESSES * per_process / elapsed


def _postgres() -> tuple[str | None, Any]:
    """(URL, cluster to stop) — DOCGEN_BENCH_DATABASE_URL, a private cluster, or (None, None)."""
    if os.environ.get("DOCGEN_BENCH_DATABASE_URL"):
        return os.environ["DOCGEN_BENCH_DATABASE_URL"], None
    try:
        from tests.integration.pg import PgCluster, find_bin_dir
    except ImportError:
        return None, None
    bin_dir = find_bin_dir()
    if bin_dir is None:
        return None, None
    cluster = PgCluster(bin_dir).start()
    return cluster.create_database(), cluster


@contextlib.contextmanager
def postgres() -> Iterator[str | None]:
    """The URL of a PostgreSQL database for the block (`_postgres`; None when there is none),
    its private cluster stopped afterwards."""
    url, cluster = _postgres()
    try:
        yield url
    finally:
        if cluster is not None:
            cluster.stop()


def durable_writes_per_second(root: str, count: int = 2000) -> float:
    """The disk's ceiling for one gapless stream: a single process appending 256 bytes and
    fdatasync-ing, `count` times. Every allocation of one stream needs at least one such durable
    write, one after the other (the counter stays locked until its commit is on disk), so no
    register on this disk can allocate faster than this, whatever its code."""
    path = Path(root) / "fsync-probe"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    try:
        block = b"x" * 256
        start = time.monotonic()
        for _ in range(count):
            os.write(fd, block)
            os.fdatasync(fd)
        return count / (time.monotonic() - start)
    finally:
        os.close(fd)
        path.unlink()


def wal_frames_per_allocation(root: str, kind: str, count: int = 40) -> float:
    """SQLite: the pages one allocation of `kind` writes to the WAL (one frame each: a 24-byte
    header and a page, two writes; all of them before COMMIT's fsync, under the write lock).
    An open reader keeps the WAL file from being deleted when the loop closes; `count` stays
    under the auto-checkpoint's 1,000 frames so the WAL is not restarted meanwhile."""
    file = "bare.sqlite3" if kind == "bare" else FILE_NAME
    path = Path(root) / file
    watcher = sqlite3.connect(path)
    try:
        watcher.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # an empty WAL file
        LOOPS[kind](root, None, count)
        wal = Path(f"{path}-wal").stat().st_size
        page_size = watcher.execute("PRAGMA page_size").fetchone()[0]
        return (wal - 32) / (24 + page_size) / count  # 32: the WAL header
    finally:
        watcher.close()


def _rounds(root: str, url: str | None, per_process: int, rounds: int) -> dict[str, float]:
    """Median rate of each loop over `rounds`, rotating which goes first (the machine drifts),
    and the lowest and highest ratio bare/docgen of a round (how much one round can mislead)."""
    kinds = ("bare", "docgen", "schema")
    rates: dict[str, list[float]] = {kind: [] for kind in kinds}
    for index in range(rounds):
        for kind in kinds[index % 3 :] + kinds[: index % 3]:
            rates[kind].append(measure(kind, root, url, per_process))
    ratios = [bare / ours for bare, ours in zip(rates["bare"], rates["docgen"], strict=True)]
    medians = {kind: statistics.median(values) for kind, values in rates.items()}
    return {**medians, "ratio_min": min(ratios), "ratio_max": max(ratios)}


def run(per_process: int = 500, rounds: int = 5) -> dict[str, float]:
    """Measure both backends; returns {"<backend>.<loop>": allocations per second, …}."""
    results: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="docgen-bench-") as scratch:
        _prepare(scratch, None)
        results["disk.fdatasync"] = durable_writes_per_second(scratch)
        for kind in ("bare", "schema", "docgen"):
            results[f"sqlite.{kind}.wal_frames"] = wal_frames_per_allocation(scratch, kind)
        for kind, rate in _rounds(scratch, None, per_process, rounds).items():
            results[f"sqlite.{kind}"] = rate
    url, cluster = _postgres()
    try:
        if url is not None:
            with tempfile.TemporaryDirectory(prefix="docgen-bench-") as scratch:
                _prepare(scratch, url)
                for kind, rate in _rounds(scratch, url, per_process // 2, rounds).items():
                    results[f"postgresql.{kind}"] = rate
    finally:
        if cluster is not None:
            cluster.stop()
    return results


def to_figures(results: dict[str, float]) -> list[Figure]:
    figures = []
    if "disk.fdatasync" in results:
        figures.append(
            Figure(
                "register: the disk's ceiling, durable appends one after another (1 process)",
                "writes/s",
                results["disk.fdatasync"],
                better="higher",
            )
        )
    if "sqlite.docgen.wal_frames" in results:
        figures.append(
            Figure(
                "register: pages one allocation writes to SQLite's WAL before its fsync "
                "(1 process; no target: explains the SQLite ratio)",
                "pages/allocation",
                results["sqlite.docgen.wal_frames"],
                results["sqlite.bare.wal_frames"],
                "bare-SQL allocation loop",
            )
        )
    for backend, target in TARGETS.items():
        if f"{backend}.docgen" not in results:
            continue
        bare, ours = results[f"{backend}.bare"], results[f"{backend}.docgen"]
        low, high = results[f"{backend}.ratio_min"], results[f"{backend}.ratio_max"]
        figures.append(
            Figure(
                f"register: number allocation, {PROCESSES} processes, {backend} (ratio of a "
                f"single round {low:.2f}–{high:.2f})",
                "allocations/s",
                ours,
                bare,
                "bare-SQL allocation loop",
                better="higher",
                target=f">= {target:.0f}/s and ratio <= {MAX_RATIO}",
                met=ours >= target and bare / ours <= MAX_RATIO,
            )
        )
        figures.append(
            Figure(
                f"register: the same, against hand-written SQL writing docgen's register row "
                f"({backend}; no target: tells the schema's cost from the code's)",
                "allocations/s",
                ours,
                results[f"{backend}.schema"],
                "hand-written SQL, docgen's schema",
                better="higher",
            )
        )
    return figures


def main() -> None:
    report(run())


def report(results: dict[str, float]) -> None:
    print(f"{PROCESSES} processes, one stream, every commit durable; medians of 5 rotating rounds")
    if "disk.fdatasync" in results:
        print(f"disk ceiling: {results['disk.fdatasync']:.0f} durable appends/s (write+fdatasync)")
    if "sqlite.docgen.wal_frames" in results:
        frames = ", ".join(
            f"{kind} {results[f'sqlite.{kind}.wal_frames']:.1f}"
            for kind in ("bare", "schema", "docgen")
        )
        print(f"SQLite WAL pages written per allocation: {frames}")
    print(
        f"{'backend':<12}{'bare SQL/s':>12}{'schema/s':>10}{'docgen/s':>10}{'ratio':>8}"
        f"{'(rounds)':>13}{'target':>8}"
    )
    for backend, target in TARGETS.items():
        if f"{backend}.docgen" not in results:
            print(f"{backend:<12}  (not measured: no PostgreSQL server)")
            continue
        bare, ours = results[f"{backend}.bare"], results[f"{backend}.docgen"]
        schema = results[f"{backend}.schema"]
        low, high = results[f"{backend}.ratio_min"], results[f"{backend}.ratio_max"]
        ratio = bare / ours
        verdict = "ok" if ours >= target and ratio <= MAX_RATIO else "MISSED"
        print(
            f"{backend:<12}{bare:>12.0f}{schema:>10.0f}{ours:>10.0f}{ratio:>7.2f}×"
            f"  {low:.2f}–{high:.2f}{target:>8.0f}  {verdict}"
        )


if __name__ == "__main__":
    main()

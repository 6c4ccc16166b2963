"""Several clerks opening a register that does not exist yet, at the same moment: SQLite answers
"database is locked" at once (without waiting) to the connections that try to switch the new file
to WAL while another one does; the backend must wait its turn instead of failing."""

from __future__ import annotations

import multiprocessing
from pathlib import Path
from typing import Any

from docgen.archive.sqlite import SqliteBackend

OPENERS = 8
ROUNDS = 5


def _open(path: str, barrier: Any, results: Any) -> None:
    barrier.wait(timeout=60)
    try:
        connection = SqliteBackend(Path(path)).connect()
        mode = connection.execute("PRAGMA journal_mode").fetchone()[0]
        connection.close()
        results.put(mode)
    except Exception as error:  # reported to the test, which names it
        results.put(f"{type(error).__name__}: {error}")


def test_clerks_opening_a_new_register_together_all_get_it_in_wal(tmp_path: Path) -> None:
    context = multiprocessing.get_context("fork")
    for round_ in range(ROUNDS):
        path = tmp_path / f"r{round_}" / "register.sqlite3"
        barrier, results = context.Barrier(OPENERS), context.Queue()
        processes = [
            context.Process(target=_open, args=(str(path), barrier, results))
            for _ in range(OPENERS)
        ]
        for process in processes:
            process.start()
        got = [results.get(timeout=60) for _ in processes]
        for process in processes:
            process.join(timeout=60)
        assert got == ["wal"] * OPENERS, f"round {round_}: {got}"

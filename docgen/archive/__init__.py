"""Storage: the register (sổ đăng ký) over SQLite or PostgreSQL, its history and its printout.

Nothing here reads configuration or the environment; the services and the CLI hand in plain values.
"""

from __future__ import annotations

from pathlib import Path

from docgen.archive.db import Backend
from docgen.archive.register import Clock, RegisterStore, system_clock


def register_backend(archive_root: Path, database_url: str | None = None) -> Backend:
    """PostgreSQL when `database_url` is given, else SQLite in `archive_root/register.sqlite3`."""
    if database_url:
        from docgen.archive.postgres import PostgresBackend

        return PostgresBackend(database_url)
    from docgen.archive.sqlite import sqlite_backend

    return sqlite_backend(archive_root)


def is_archive(archive_root: Path) -> bool:
    """True when `archive_root` already holds a SQLite register (an archive made before)."""
    from docgen.archive.sqlite import FILE_NAME

    return (archive_root / FILE_NAME).is_file()


def open_register(
    archive_root: Path,
    agency: str,
    *,
    database_url: str | None = None,
    clock: Clock = system_clock,
) -> RegisterStore:
    """The register of `agency`, opened (and upgraded to the current schema)."""
    return RegisterStore(register_backend(archive_root, database_url), agency, clock=clock)

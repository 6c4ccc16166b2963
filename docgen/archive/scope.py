"""Which years' documents an archive holds: the scope an imported year export brings along.

An archive imported from `docgen archive export --year 2024` holds the whole register and its
history (the hash chain cannot be cut at a year) but the files, metadata and catalogue rows of
2024 only. Table `archive_scope` (schema version 4) records those years, one row per (agency,
year), with the SHA-256 of the export's manifest it came from; `archive check` then tells a
document of another year (outside the export: information) from a missing one (a problem).
An agency with no row holds every year: the common case, an archive that was never imported
from a year export.
"""

from __future__ import annotations

from collections.abc import Iterable

from docgen.archive.db import Db, Params

_TABLE = """CREATE TABLE archive_scope (
    agency TEXT NOT NULL, year INTEGER NOT NULL, bundle TEXT NOT NULL,
    PRIMARY KEY (agency, year))"""


def migrate_v4(db: Db) -> None:
    """Create `archive_scope` (schema version 4)."""
    db.execute(_TABLE)


def years(db: Db, agency: str) -> tuple[int, ...] | None:
    """The years whose documents `agency`'s archive holds, ascending; None for every year."""
    rows = db.all("SELECT year FROM archive_scope WHERE agency = ? ORDER BY year", (agency,))
    return tuple(int(row[0]) for row in rows) or None


def bundle(db: Db, agency: str) -> str | None:
    """The SHA-256 of the manifest of the export the scope came from, or None."""
    row = db.one("SELECT min(bundle) FROM archive_scope WHERE agency = ?", (agency,))
    return str(row[0]) if row and row[0] is not None else None


def record_statements(
    agency: str, scope: Iterable[int], manifest_sha: str
) -> list[tuple[str, Params]]:
    """The inserts that record `scope` (run them inside the import's transaction)."""
    return [
        (
            "INSERT INTO archive_scope (agency, year, bundle) VALUES (?, ?, ?)",
            (agency, year, manifest_sha),
        )
        for year in sorted(set(scope))
    ]

"""What an archive imported from a year export does not hold: the documents of the other years.

`docgen archive export --year 2024` carries the whole register and its history (the hash chain
cannot be cut at a year) but the files, metadata and catalogue rows of 2024 only. Importing it
records, in table `outside_scope` (schema version 4), each other year with a register row and the
last event the export held (`up_to_seq`): register rows of that year registered up to that event
have no files here, and `archive check` names them as outside the export (information), not as
missing (a problem). Rows registered after the import are the archive's own and are always
checked in full, whatever their year. An agency with no row holds every document it registered.
"""

from __future__ import annotations

from collections.abc import Mapping

from docgen.archive.db import Db, Params

_TABLE = """CREATE TABLE outside_scope (
    agency TEXT NOT NULL, year INTEGER NOT NULL, up_to_seq BIGINT NOT NULL, bundle TEXT NOT NULL,
    PRIMARY KEY (agency, year))"""


def migrate_v4(db: Db) -> None:
    """Create `outside_scope` (schema version 4)."""
    db.execute(_TABLE)


def outside(db: Db, agency: str) -> dict[int, int]:
    """Year -> last event seq of the rows of that year this archive has no files of (imported
    from a year export); empty when the archive holds every document it registered."""
    rows = db.all(
        "SELECT year, up_to_seq FROM outside_scope WHERE agency = ? ORDER BY year", (agency,)
    )
    return {int(year): int(seq) for year, seq in rows}


def record_statements(
    agency: str, years: Mapping[int, int], manifest_sha: str
) -> list[tuple[str, Params]]:
    """The inserts that record `years` (year -> up_to_seq) as outside the archive, from the export
    whose manifest hashes to `manifest_sha`; run them inside the import's transaction."""
    return [
        (
            "INSERT INTO outside_scope (agency, year, up_to_seq, bundle) VALUES (?, ?, ?, ?)",
            (agency, year, years[year], manifest_sha),
        )
        for year in sorted(years)
    ]

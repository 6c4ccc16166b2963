"""The catalogue: one row per archived document (issued, received or filed by hand), and its index.

The register (`events`) is the legal record of numbers; the catalogue says where each document's
files are, what its metadata file hashes to, and carries the folded text that search reads. It is
written in the same transaction as the register row (`UnitOfWork.queue`), so a document is either
registered, filed and searchable, or none of these.

Full text: SQLite keeps FTS5 tables over the folded text (`docgen.archive.fold.fold_search`);
PostgreSQL `tsvector` columns holding exactly the same words, cut at the same spaces, so both
databases see the same words and answer the same. The title (type name and trích yếu), which search
ranks above the rest, is indexed apart (schema version 6, `migrate_v6`).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from docgen.archive.db import Db, Params
from docgen.archive.fold import fold, fold_search, number_key
from docgen.archive.terms import pairs

_TABLE = """CREATE TABLE documents (
    doc_id TEXT PRIMARY KEY, agency TEXT NOT NULL, direction TEXT NOT NULL,
    year INTEGER NOT NULL, number INTEGER, symbol TEXT NOT NULL, number_key TEXT NOT NULL,
    doc_date TEXT, kind TEXT NOT NULL, type_name TEXT NOT NULL, subject TEXT NOT NULL,
    signer TEXT NOT NULL, organ TEXT NOT NULL, recipients TEXT NOT NULL, holders TEXT NOT NULL,
    urgency TEXT NOT NULL, secrecy TEXT NOT NULL, arrival_number INTEGER, arrival_date TEXT,
    folder TEXT NOT NULL, metadata_sha TEXT NOT NULL, files TEXT NOT NULL,
    signature TEXT NOT NULL, body TEXT NOT NULL,
    signer_fold TEXT NOT NULL, recipients_fold TEXT NOT NULL, search_fold TEXT NOT NULL,
    seq BIGINT NOT NULL)"""

_INDEXES = (
    # Filing order: answers are listed newest filed first, the same on both databases.
    "CREATE UNIQUE INDEX ux_documents_seq ON documents (seq)",
    "CREATE INDEX ix_documents_key ON documents (number_key, year)",
    "CREATE INDEX ix_documents_date ON documents (doc_date)",
    # PL6 III.1.h: the same number and symbol of the same sender received twice is refused.
    """CREATE UNIQUE INDEX ux_documents_incoming ON documents (agency, organ, number_key, doc_date)
        WHERE direction = 'den'""",
)

#: the stored columns, in the order `CatalogueRow.from_row` reads them
COLUMNS = (
    "doc_id, agency, direction, year, number, symbol, number_key, doc_date, kind, type_name,"
    " subject, signer, organ, recipients, holders, urgency, secrecy, arrival_number,"
    " arrival_date, folder, metadata_sha, files, signature, body, seq"
)
_INSERT_COLUMNS = COLUMNS + ", signer_fold, recipients_fold, search_fold"
#: the next filing sequence number; read inside the unit of work, after `uow.lock()`
NEXT_SEQ = "SELECT coalesce(max(seq), 0) + 1 FROM documents"


def migrate_v3(db: Db) -> None:
    """Create the catalogue and its full-text index (schema version 3)."""
    db.execute(_TABLE)
    for statement in _INDEXES:
        db.execute(statement)
    if db.backend.name == "sqlite":
        # remove_diacritics 0: the text is already folded; unicode61 splits on what is not a word.
        db.execute(
            "CREATE VIRTUAL TABLE documents_fts USING fts5("
            "doc_id UNINDEXED, search_fold, tokenize = 'unicode61 remove_diacritics 0')"
        )
    else:
        db.execute("ALTER TABLE documents ADD COLUMN search_tsv tsvector")
        db.execute("CREATE INDEX ix_documents_tsv ON documents USING gin (search_tsv)")


#: Schema 6, both databases: the whole folded text and the title, each indexed with its pairs of
#: adjacent words (`hoi_nghi`). A phrase is looked up by its pairs too, so a phrase no document
#: holds is known from the index instead of after checking the word positions of every document
#: holding its words; the title is indexed apart, so a title condition reads the titles' short
#: lists. SQLite: FTS5 tables (`_` a word character there). PostgreSQL: `tsvector` columns built
#: from docgen's own words (a literal, not its parser, which splits at `_`), GIN indexes.
_FTS6 = (
    """CREATE VIRTUAL TABLE documents_fts USING fts5(doc_id UNINDEXED, search_fold, pairs,
        tokenize = "unicode61 remove_diacritics 0 tokenchars '_'")""",
    """CREATE VIRTUAL TABLE titles_fts USING fts5(subject_fold, pairs,
        tokenize = "unicode61 remove_diacritics 0 tokenchars '_'")""",
)
_TSV6 = (
    "ALTER TABLE documents ADD COLUMN title_tsv tsvector",
    "CREATE INDEX ix_documents_title_tsv ON documents USING gin (title_tsv)",
)
#: PostgreSQL keeps no position above this; SQLite has no such limit (docs/records/filing.md)
_MAX_POSITION = 16383


def migrate_v6(db: Db) -> None:
    """Re-index the catalogue for ranked search (schema version 6): the folded text becomes
    `fold_search()` of the title then the rest, indexed with the title apart, as above."""
    sqlite = db.backend.name == "sqlite"
    if sqlite:
        db.execute("DROP TABLE documents_fts")
    for statement in _FTS6 if sqlite else _TSV6:
        db.execute(statement)
    for raw in db.all(f"SELECT {COLUMNS} FROM documents ORDER BY seq"):
        row = CatalogueRow.from_row(raw)
        if sqlite:
            update = "UPDATE documents SET search_fold = ? WHERE seq = ?"
            for sql, params in [(update, (row.search_text(), row.seq)), *_sqlite_index(row)]:
                db.execute(sql, params)
        else:
            db.execute(
                "UPDATE documents SET search_fold = ?, search_tsv = ?::tsvector,"
                " title_tsv = ?::tsvector WHERE seq = ?",
                (row.search_text(), *_vectors(row), row.seq),
            )


def _sqlite_index(row: CatalogueRow) -> list[tuple[str, Params]]:
    title, _ = row.fold_parts()
    text = row.search_text()
    return [
        (
            "INSERT INTO documents_fts (rowid, doc_id, search_fold, pairs) VALUES (?, ?, ?, ?)",
            (row.seq, row.doc_id, text, " ".join(pairs(text.split()))),
        ),
        (
            "INSERT INTO titles_fts (rowid, subject_fold, pairs) VALUES (?, ?, ?)",
            (row.seq, title, " ".join(pairs(title.split()))),
        ),
    ]


def _tsvector(words: list[str]) -> str:
    """`["hoi", "nghi"]` → `"'hoi':1 'nghi':2 'hoi_nghi'"`: the words at their positions, then
    their pairs (no position). Folded words are [0-9a-z]+, so quoting cannot break the literal."""
    positions: dict[str, dict[int, None]] = {}
    for at, word in enumerate(words, 1):
        positions.setdefault(word, {})[min(at, _MAX_POSITION)] = None
    lexemes = [f"'{w}':{','.join(map(str, p))}" for w, p in positions.items()]
    return " ".join([*lexemes, *(f"'{pair}'" for pair in dict.fromkeys(pairs(words)))])


def _vectors(row: CatalogueRow) -> tuple[str, str]:
    """The PostgreSQL (search_tsv, title_tsv) literals of `row`."""
    return _tsvector(row.search_text().split()), _tsvector(row.fold_parts()[0].split())


@dataclass(frozen=True)
class CatalogueRow:
    """One archived document as the catalogue holds it.

    `direction` is `di` (issued here), `den` (received) or `luu` (filed by hand); `folder` is the
    records office's folder relative to the archive root; `files` maps each file name there to its
    SHA-256; `holders` are the units holding a copy (VT first); `signature` is the verdict recorded
    when the document was filed; `body` is the text extracted for search.
    """

    doc_id: str
    agency: str
    direction: str
    year: int
    number: int | None
    symbol: str
    doc_date: dt.date | None
    kind: str
    type_name: str
    subject: str
    signer: str
    organ: str
    recipients: tuple[str, ...]
    holders: tuple[str, ...]
    urgency: str
    secrecy: str
    folder: str
    metadata_sha: str
    files: dict[str, str] = field(default_factory=dict)
    signature: str = ""
    body: str = ""
    arrival_number: int | None = None
    arrival_date: dt.date | None = None
    seq: int = 0  #: filing order within the catalogue (set when filed)

    @property
    def notation(self) -> str:
        """`05/BQL-KHTH` (the number printed with two digits at least), or the symbol alone."""
        return f"{self.number:02d}/{self.symbol}" if self.number is not None else self.symbol

    @property
    def stem(self) -> str:
        """The file name stem of the document in the records office (`05-BQL-KHTH`)."""
        number = f"{self.number:02d}-" if self.number is not None else ""
        arrival = f"{self.arrival_number:04d}-" if self.direction == "den" else ""
        if self.direction == "den" and self.number is not None:
            number = f"{self.number}-"
        return f"{arrival}{number}{self.symbol}"

    @property
    def copy_name(self) -> str:
        """The document's PDF, which each holder unit keeps a copy of."""
        return f"{self.stem}.pdf"

    @property
    def unit_copies(self) -> tuple[str, ...]:
        """The files each holder unit keeps a copy of: the PDF, then the PDFs of the phụ lục in
        files of their own (`<stem>-phu-luc-I.pdf` …) — part of the document (ND30 Điều 8.3.a),
        so the unit's bản lưu has them too."""
        prefix = f"{self.stem}-phu-luc-"
        appendices = (n for n in self.files if n.startswith(prefix) and n.endswith(".pdf"))
        return (self.copy_name, *sorted(appendices))

    @property
    def key(self) -> str:
        return number_key(self.number, self.symbol) if self.number is not None else ""

    @property
    def pdf(self) -> str:
        """The document's PDF, relative to the archive root (`van-thu/2024/…/05-BQL-KHTH.pdf`)."""
        return f"{self.folder}/{self.copy_name}"

    def fold_parts(self) -> tuple[str, str]:
        """(title, rest), folded for search. The title is the type name and trích yếu, and for a
        received document its sender (the sổ đến lists a document by its author, type and trích
        yếu; an issued one's organ is the agency itself); the rest the notation, signer, organ,
        recipients and body."""
        return self._folded

    @functools.cached_property
    def _folded(self) -> tuple[str, str]:
        # Folding is the costly part of filing a row; it is read for the row and for its index.
        title = [self.type_name, self.subject]
        rest = [self.notation, self.signer, *self.recipients, self.body]
        (title if self.direction == "den" else rest).insert(2, self.organ)
        return fold_search(" ".join(title)), fold_search(" ".join(rest))

    def search_text(self) -> str:
        """Everything a free-text query looks at, folded: the title, then the rest."""
        return " ".join(part for part in self.fold_parts() if part)

    def values(self) -> tuple[object, ...]:
        """The stored values, in `_INSERT_COLUMNS` order."""
        return (
            self.doc_id, self.agency, self.direction, self.year, self.number, self.symbol,
            self.key, _iso(self.doc_date), self.kind, self.type_name, self.subject, self.signer,
            self.organ, _bars(self.recipients), _bars(self.holders), self.urgency, self.secrecy,
            self.arrival_number, _iso(self.arrival_date), self.folder, self.metadata_sha,
            json.dumps(dict(sorted(self.files.items()))), self.signature, self.body, self.seq,
            fold(self.signer), fold(" ".join([self.organ, *self.recipients])), self.search_text(),
        )  # fmt: skip

    @classmethod
    def from_row(cls, row: Sequence[Any]) -> CatalogueRow:
        (doc_id, agency, direction, year, number, symbol, _key, doc_date, kind, type_name,
         subject, signer, organ, recipients, holders, urgency, secrecy, arrival_number,
         arrival_date, folder, metadata_sha, files, signature, body, seq) = row  # fmt: skip
        return cls(
            doc_id=doc_id, agency=agency, direction=direction, year=int(year),
            number=int(number) if number is not None else None, symbol=symbol,
            doc_date=_date(doc_date), kind=kind, type_name=type_name, subject=subject,
            signer=signer, organ=organ, recipients=_unbars(recipients), holders=_unbars(holders),
            urgency=urgency, secrecy=secrecy, folder=folder, metadata_sha=metadata_sha,
            files=dict(json.loads(files)), signature=signature, body=body,
            arrival_number=int(arrival_number) if arrival_number is not None else None,
            arrival_date=_date(arrival_date), seq=int(seq),
        )  # fmt: skip


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _date(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(str(value)) if value else None


def _bars(items: Sequence[str]) -> str:
    """`|VT|KHTH|`: a list a LIKE '%|KHTH|%' can match exactly, one item each."""
    return "|" + "|".join(item.replace("|", "/") for item in items) + "|" if items else ""


def _unbars(text: str) -> tuple[str, ...]:
    return tuple(part for part in text.strip("|").split("|") if part) if text else ()


def insert_statements(backend: str, row: CatalogueRow) -> list[tuple[str, Params]]:
    """The statements that add `row` to the catalogue and its full-text index on `backend`."""
    values = row.values()
    marks = ", ".join("?" for _ in values)
    if backend == "sqlite":
        insert = f"INSERT INTO documents ({_INSERT_COLUMNS}) VALUES ({marks})"
        return [(insert, values), *_sqlite_index(row)]
    return [
        (
            f"INSERT INTO documents ({_INSERT_COLUMNS}, search_tsv, title_tsv)"
            f" VALUES ({marks}, ?::tsvector, ?::tsvector)",
            (*values, *_vectors(row)),
        )
    ]


def update_files(row: CatalogueRow) -> tuple[str, Params]:
    """The statement that records `row`'s files and metadata digest (a file replaced by a later
    version of itself, `docgen.services.ltv_refresh`); nothing else of the row changes."""
    return (
        "UPDATE documents SET files = ?, metadata_sha = ? WHERE doc_id = ?",
        (json.dumps(dict(sorted(row.files.items()))), row.metadata_sha, row.doc_id),
    )


def all_rows(db: Db, agency: str, year: int | None = None) -> list[CatalogueRow]:
    """Every catalogue row of `agency` (of `year`), ordered by `doc_id`."""
    sql = f"SELECT {COLUMNS} FROM documents WHERE agency = ?"
    params: list[object] = [agency]
    if year is not None:
        sql += " AND year = ?"
        params.append(year)
    return [CatalogueRow.from_row(r) for r in db.all(sql + " ORDER BY doc_id", params)]


def get(db: Db, doc_id: str) -> CatalogueRow | None:
    row = db.one(f"SELECT {COLUMNS} FROM documents WHERE doc_id = ?", (doc_id,))
    return CatalogueRow.from_row(row) if row else None


def incoming_duplicate(db: Db, agency: str, organ: str, key: str, date: dt.date) -> str | None:
    """The doc_id of an incoming document with the same sender, number/symbol and date, if any."""
    row = db.one(
        "SELECT doc_id FROM documents WHERE agency = ? AND direction = 'den' AND organ = ?"
        " AND number_key = ? AND doc_date = ?",
        (agency, organ, key, date.isoformat()),
    )
    return str(row[0]) if row else None


def stored_fold(db: Db, doc_id: str) -> str | None:
    """The folded search text stored for `doc_id` (the check compares it to the row)."""
    row = db.one("SELECT search_fold FROM documents WHERE doc_id = ?", (doc_id,))
    return str(row[0]) if row else None

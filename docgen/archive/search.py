"""Search the catalogue: exact number, number + year, symbol fragments, dates, people, words.

One query object, one SQL statement built from it with `?` placeholders for both databases; only
the full-text condition differs (FTS5 MATCH on SQLite, a `tsquery` on PostgreSQL). Words are
folded (`docgen.archive.fold`) exactly as the stored text was, so `dau tu` finds `đầu tư`.
Answers are listed newest filed first (the catalogue's `seq`), the same on both databases; on
SQLite a full-text query walks the FTS index in that order and stops at the limit, so a common
word in a million documents still answers in milliseconds.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from docgen.archive.catalogue import COLUMNS, CatalogueRow
from docgen.archive.db import Db
from docgen.archive.fold import fold, fold_symbol, number_key


@dataclass(frozen=True)
class SearchQuery:
    """What to look for; every field given narrows the answer (AND).

    `words` are matched anywhere in the folded text, `phrase` as consecutive words. `notation` is
    an exact number and symbol (`05/BQL-KHTH`); `number` + `year` a number in a year whatever the
    symbol; `symbol` a fragment (`BQL-KHTH`). `secret_allowed` lists secret documents too.
    """

    words: str = ""
    phrase: str = ""
    notation: str = ""
    number: int | None = None
    year: int | None = None
    symbol: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    kind: str = ""
    signer: str = ""
    recipient: str = ""
    holder: str = ""
    urgency: str = ""
    secrecy: str = ""
    direction: str = ""
    secret_allowed: bool = False
    limit: int = 50


def _fts(db: Db, words: list[str], phrase: bool) -> tuple[str, object]:
    if db.backend.name == "sqlite":
        # Folded words are [0-9a-z]+ only, so quoting each cannot break the MATCH syntax.
        match = '"' + " ".join(words) + '"' if phrase else " ".join(f'"{w}"' for w in words)
        return "documents_fts MATCH ?", match
    function = "phraseto_tsquery" if phrase else "plainto_tsquery"
    return f"d.search_tsv @@ {function}('simple', ?)", " ".join(words)


def search(db: Db, agency: str, query: SearchQuery) -> list[CatalogueRow]:
    """The catalogue rows of `agency` matching `query`, newest first, at most `query.limit`."""
    where = ["d.agency = ?"]
    params: list[object] = [agency]

    def add(condition: str, *values: object) -> None:
        where.append(condition)
        params.extend(values)

    if query.notation:
        number, _, symbol = query.notation.partition("/")
        add("d.number_key = ?", number_key(int(number), symbol))
    if query.number is not None:
        add("d.number = ?", query.number)
    if query.year is not None:
        add("d.year = ?", query.year)
    if query.symbol:
        add("d.number_key LIKE ?", f"%{fold_symbol(query.symbol)}%")
    if query.date_from is not None:
        add("d.doc_date >= ?", query.date_from.isoformat())
    if query.date_to is not None:
        add("d.doc_date <= ?", query.date_to.isoformat())
    for column, value in (
        ("kind", query.kind),
        ("urgency", query.urgency),
        ("secrecy", query.secrecy),
        ("direction", query.direction),
    ):
        if value:
            add(f"d.{column} = ?", value)
    if query.signer:
        add("d.signer_fold LIKE ?", f"%{fold(query.signer)}%")
    if query.recipient:
        add("d.recipients_fold LIKE ?", f"%{fold(query.recipient)}%")
    if query.holder:
        add("d.holders LIKE ?", f"%|{query.holder.strip().upper()}|%")
    if not query.secret_allowed:
        add("d.secrecy = ?", "")
    source, order = "documents d", "d.seq"
    for free, phrase in ((query.words, False), (query.phrase, True)):
        words = fold(free).split()
        if not words:
            continue
        if db.backend.name == "sqlite" and source == "documents d":
            # Drive the query from the FTS index in rowid (= seq) order, newest first.
            source, order = (
                "documents_fts JOIN documents d ON d.seq = documents_fts.rowid",
                ("documents_fts.rowid"),
            )
        condition, match = _fts(db, words, phrase)
        add(condition, match)
    columns = ", ".join(f"d.{c.strip()}" for c in COLUMNS.split(","))
    sql = (
        f"SELECT {columns} FROM {source} WHERE {' AND '.join(where)} ORDER BY {order} DESC LIMIT ?"
    )
    return [CatalogueRow.from_row(r) for r in db.all(sql, [*params, query.limit])]

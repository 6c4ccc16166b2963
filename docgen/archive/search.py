"""Search the catalogue: exact number, number + year, symbol fragments, dates, people, words.

One query object, SQL built from it with `?` placeholders for both databases; only the full-text
condition differs (FTS5 MATCH on SQLite, a `tsquery` on PostgreSQL). Words are folded
(`docgen.archive.fold.fold_search`) exactly as the stored text was, so `dau tu` finds `đầu tư`,
and read as terms (`docgen.archive.terms`): every term must appear, a number with its unit as a
phrase.

Ranking, the same on both databases, in tiers; within a tier the newest filed first (`seq`):

0. the number and symbol typed in the text (`công văn 05/BQL-KHTH`) is the document's own;
1. the whole query as a phrase in the title (type name and trích yếu; a received document's
   sender too, `CatalogueRow.fold_parts`);
2. the whole query as a phrase anywhere (body, signer, recipients …);
3. every term in the title;
4. every term anywhere.

Each tier is one statement, newest first with a LIMIT, asked only while the answer is not full
(a row already listed by a better tier is skipped). A phrase is looked up by its pairs of words
as well (`catalogue`), and the title has an index of its own, so a tier no document meets costs
an index lookup, not a scan. SQLite walks the FTS index in rowid (= seq) order and stops at the
limit, so a common word in a million documents still answers in milliseconds; PostgreSQL asks the
newest rows, then the older ones (`_windows`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from docgen.archive.catalogue import COLUMNS, CatalogueRow
from docgen.archive.db import Db
from docgen.archive.fold import fold, fold_symbol, number_key
from docgen.archive.terms import Term, Terms, pairs, parse_terms


@dataclass(frozen=True)
class SearchQuery:
    """What to look for; every field given narrows the answer (AND).

    `words` must all appear in the folded text (a number with its unit as a phrase, see
    `docgen.archive.terms`) and rank the answers; `phrase` must appear as consecutive words.
    `notation` is an exact number and symbol (`05/BQL-KHTH`); `number` + `year` a number in a
    year whatever the symbol; `symbol` a fragment (`BQL-KHTH`). `secret_allowed` lists secret
    documents too.
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


@dataclass(frozen=True)
class _Tier:
    """One rank: every term of `terms` appears (in the title when `title`); with `keys`, the
    document's own number key is one of them."""

    terms: tuple[Term, ...]
    title: bool = False
    keys: tuple[str, ...] = ()


def _essential(terms: tuple[Term, ...]) -> tuple[Term, ...]:
    """`terms` without those another term holds as consecutive words (`hoi` in `hoi nghi`)."""

    def within(small: Term, big: Term) -> bool:
        n = len(small)
        return small != big and any(big[i : i + n] == small for i in range(len(big) - n + 1))

    return tuple(t for t in terms if not any(within(t, other) for other in terms))


def _tiers(terms: Terms) -> list[_Tier]:
    """The ranks of an answer to `terms`, best first (the module docstring)."""
    tiers = [_Tier(terms.required, keys=terms.keys)] if terms.keys else []
    if terms.whole:
        whole = _essential((terms.whole, *terms.required))
        tiers += [_Tier(whole, title=True), _Tier(whole)]
    return [*tiers, _Tier(terms.required, title=True), _Tier(terms.required)]


def _sqlite_match(terms: tuple[Term, ...]) -> str:
    """An FTS5 expression: every term, a phrase also by its pairs of words (`catalogue`).
    Folded words are [0-9a-z]+ only, so quoting each cannot break the MATCH syntax."""
    parts = [f'"{" ".join(term)}"' for term in terms]
    parts += [f'"{pair}"' for term in terms for pair in pairs(term)]
    return " AND ".join(parts)


def _tsquery(terms: tuple[Term, ...]) -> str:
    """A PostgreSQL `tsquery` literal of the same words and pairs as `_sqlite_match`."""
    parts = ["(" + " <-> ".join(f"'{w}'" for w in term) + ")" for term in terms]
    parts += [f"'{pair}'" for term in terms for pair in pairs(term)]
    return " & ".join(parts)


def _statement(db: Db, tier: _Tier, walk: bool) -> tuple[str, str, str, object]:
    """(source, order column, condition, its parameter) of `tier` on the database; `walk`: not
    from the PostgreSQL index (`_windows`)."""
    if db.backend.name == "postgresql":
        column = f"d.{'title_tsv' if tier.title else 'search_tsv'}"
        vector = f"coalesce({column}, '')" if walk else column
        return "documents d", "d.seq", f"{vector} @@ ?::tsquery", _tsquery(_essential(tier.terms))
    match = _sqlite_match(_essential(tier.terms))
    if tier.keys:  # the rows with those keys, checked against the index one by one
        exists = (
            "EXISTS (SELECT 1 FROM documents_fts WHERE documents_fts.rowid = d.seq"
            " AND documents_fts MATCH ?)"
        )
        return "documents d", "d.seq", exists, match
    # Walk the index in rowid (= seq) order, newest first, and stop at the limit.
    table = "titles_fts" if tier.title else "documents_fts"
    return (
        f"{table} JOIN documents d ON d.seq = {table}.rowid",
        f"{table}.rowid",
        f"{table} MATCH ?",
        match,
    )


#: PostgreSQL asks each tier of the newest rows first: a GIN index cannot hand rows out in filing
#: order, and the planner, which cannot count phrases, either walks the whole table for a phrase
#: no document holds or reads every holder of a common one. The newest rows are walked (the
#: vector wrapped so that the index is not used) and answer a common condition at once; the
#: older ones are asked from the index, cheap for a condition that rare.
_RECENT = 5000


def _windows(db: Db) -> list[tuple[bool, str, tuple[object, ...]]]:
    """How to ask each tier, newest rows first: (walk, seq condition, its value). On SQLite one
    window (the FTS walk stops at the limit by itself)."""
    if db.backend.name == "sqlite":
        return [(False, "", ())]
    last = db.one("SELECT max(seq) FROM documents")[0] or 0
    cut = int(last) - _RECENT
    if cut <= 0:
        return [(True, "", ())]
    return [(True, " AND d.seq > ?", (cut,)), (False, " AND d.seq <= ?", (cut,))]


def search(db: Db, agency: str, query: SearchQuery) -> list[CatalogueRow]:
    """The catalogue rows of `agency` matching `query`, at most `query.limit`: best ranked first
    (the tiers above) when there are words to match, newest filed first within a tier and when
    there are none."""
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
    terms = parse_terms(query.words, query.phrase)
    columns = ", ".join(f"d.{c.strip()}" for c in COLUMNS.split(","))
    if not terms:
        sql = f"SELECT {columns} FROM documents d WHERE {' AND '.join(where)}"
        rows = db.all(f"{sql} ORDER BY d.seq DESC LIMIT ?", [*params, query.limit])
        return [CatalogueRow.from_row(r) for r in rows]
    found: dict[str, CatalogueRow] = {}

    def ask(tier: _Tier, walk: bool, window: str, bound: tuple[object, ...]) -> list[Any]:
        source, order, condition, match = _statement(db, tier, walk)
        extra, values = [condition], [match, *tier.keys]
        if tier.keys:
            extra.append(f"d.number_key IN ({', '.join('?' for _ in tier.keys)})")
        sql = (
            f"SELECT {columns} FROM {source} WHERE {' AND '.join([*where, *extra])}{window}"
            f" ORDER BY {order} DESC LIMIT ?"
        )
        return db.all(sql, [*params, *values, *bound, query.limit])

    tiers, windows = _tiers(terms), _windows(db)
    # Every tier asks for a part of the last one (every term anywhere): when the newest rows hold
    # none of that, no tier need walk them.
    walked = {id(tiers[-1]): ask(tiers[-1], *windows[0])} if windows[0][0] else {}
    for tier in tiers:
        # A tier's first `limit` rows hold every row not found yet that the answer still needs.
        for walk, window, bound in windows:
            if len(found) >= query.limit:
                break
            if walk and walked and not walked[id(tiers[-1])]:
                continue
            raws = (
                walked[id(tier)] if walk and id(tier) in walked else ask(tier, walk, window, bound)
            )
            for raw in raws:
                row = CatalogueRow.from_row(raw)
                found.setdefault(row.doc_id, row)
    return list(found.values())[: query.limit]

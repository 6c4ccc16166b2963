"""Search use case: read what the clerk typed, ask the catalogue, return the rows.

`docgen search 05/BQL-KHTH` (exact number and symbol), `"số 5 năm 2024"` (number in a year),
`BQL-KHTH` (a symbol fragment), `'"xét chọn"'` (a phrase), anything else as words that must all
appear, with or without diacritics. Options narrow further (dates, signer, recipient, holder …).
"""

from __future__ import annotations

import re
from dataclasses import replace

from docgen.archive.catalogue import CatalogueRow
from docgen.archive.fold import fold
from docgen.archive.register import RegisterStore
from docgen.archive.search import SearchQuery
from docgen.archive.search import search as run_search

_NOTATION = re.compile(r"^\d{1,9}/[^\W_][\w.&-]*$")
_NUMBER_YEAR = re.compile(r"^(?:so )?(\d{1,9}) nam (\d{4})$")
_SYMBOL = re.compile(r"^[A-ZĐ0-9]+(?:-[A-ZĐ0-9]+)+$")


def parse(text: str, base: SearchQuery | None = None) -> SearchQuery:
    """The query a clerk's free text means, on top of `base` (the options)."""
    query = base or SearchQuery()
    text = text.strip()
    if not text:
        return query
    if _NOTATION.match(text):
        return replace(query, notation=text)
    number_year = _NUMBER_YEAR.match(fold(text))
    if number_year:
        return replace(query, number=int(number_year.group(1)), year=int(number_year.group(2)))
    if _SYMBOL.match(text):
        return replace(query, symbol=text)
    if len(text) > 1 and text[0] == text[-1] == '"':
        return replace(query, phrase=text[1:-1])
    return replace(query, words=text)


def search(store: RegisterStore, query: SearchQuery) -> list[CatalogueRow]:
    """The archived documents of the store's agency matching `query`, newest first."""
    return run_search(store.db, store.agency, query)

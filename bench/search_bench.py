"""Search relevance benchmark (issue 20, item 7): precision@1 and mean reciprocal rank of the
relevance set (`tests/support/search_corpus.py`: 200 documents, the queries a clerk types, each
with the document meant), on SQLite and on PostgreSQL when one can be started. Target:
precision@1 >= 0.9.

Baseline in the same run: the same matches listed newest filed first, the order search gave
before ranking (it also lacked numbers read with their units, so it matched more). The median
time of one query of the set is reported too (200 documents: a figure of the ranking's own cost,
not of scale — `archive_bench` measures search over 1,000,000). Run: `python -m bench search`.
"""

from __future__ import annotations

import datetime as dt
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.report import Figure
from docgen.archive import open_register
from docgen.archive.register import RegisterStore
from docgen.archive.search import SearchQuery
from docgen.services.search import parse, search
from tests.support import search_corpus as corpus

NOW = dt.datetime(2024, 12, 2, 2, 0, tzinfo=dt.UTC)


def newest_first(store: RegisterStore) -> float:
    """Precision@1 when every match of a query is listed newest filed first."""
    hits = 0
    for case in corpus.CASES:
        rows = search(store, parse(case.query, SearchQuery(limit=1000)))
        newest = max(rows, key=lambda row: row.seq).doc_id if rows else None
        hits += newest == corpus.doc_id(case.expected)
    return hits / len(corpus.CASES)


def measure(url: str | None) -> dict[str, Any]:
    with (
        tempfile.TemporaryDirectory(prefix="docgen-bench-") as scratch,
        open_register(Path(scratch), "BQL", database_url=url, clock=lambda: NOW) as store,
    ):
        corpus.file_corpus(store)
        result = corpus.evaluate(store)
        timings = []
        for case in corpus.CASES:
            query = parse(case.query, SearchQuery(limit=20))
            start = time.perf_counter()
            search(store, query)
            timings.append((time.perf_counter() - start) * 1000)
        return {
            "precision_at_1": result.precision,
            "mrr": result.mrr,
            "misses": [list(miss) for miss in result.misses],
            "newest_first_precision_at_1": newest_first(store),
            "query_ms": statistics.median(timings),
        }


def run() -> dict[str, Any]:
    from bench.register_bench import _postgres

    results: dict[str, Any] = {
        "documents": len(corpus.documents()),
        "queries": len(corpus.CASES),
        "sqlite": measure(None),
    }
    url, cluster = _postgres()
    try:
        if url is not None:
            results["postgresql"] = measure(url)
    finally:
        if cluster is not None:
            cluster.stop()
    return results


def to_figures(raw: dict[str, Any]) -> list[Figure]:
    figures = []
    size = f"{raw['queries']} queries over {raw['documents']} documents"
    for backend in ("sqlite", "postgresql"):
        if backend not in raw:
            continue
        r = raw[backend]
        figures += [
            Figure(
                f"search relevance: precision@1, {size}, {backend}",
                "precision@1",
                r["precision_at_1"],
                r["newest_first_precision_at_1"],
                "same matches, newest filed first",
                better="higher",
                target=f"precision@1 >= {corpus.TARGET_PRECISION}",
                met=r["precision_at_1"] >= corpus.TARGET_PRECISION,
            ),
            Figure(f"search relevance: MRR, {size}, {backend}", "MRR", r["mrr"], better="higher"),
            Figure(f"search relevance: one query, {size}, {backend}", "ms/query", r["query_ms"]),
        ]
    return figures


def report(raw: dict[str, Any]) -> None:
    print(f"search relevance: {raw['queries']} queries over {raw['documents']} documents")
    for backend in ("sqlite", "postgresql"):
        if backend not in raw:
            print(f"{backend:<12} (not measured: no PostgreSQL server)")
            continue
        r = raw[backend]
        met = "met" if r["precision_at_1"] >= corpus.TARGET_PRECISION else "MISSED"
        print(
            f"{backend:<12} precision@1 {r['precision_at_1']:.3f} (target >= "
            f"{corpus.TARGET_PRECISION}: {met})   MRR {r['mrr']:.3f}   newest first "
            f"{r['newest_first_precision_at_1']:.3f}   {r['query_ms']:.2f} ms/query"
        )
        for query, expected, first, rank in r["misses"]:
            print(f"  miss {query!r}: expected {expected} (rank {rank}), first {first}")


def main() -> None:
    report(run())


if __name__ == "__main__":
    main()

"""Search ranking on the relevance set (`tests/support/search_corpus.py`): the document a clerk
means comes first for at least 90 % of the queries on both databases, both databases give the
same answers in the same order, and a catalogue indexed before ranked search (schema 5) is
re-indexed when the register is opened."""

from __future__ import annotations

from pathlib import Path

import pytest

from docgen.archive import catalogue, open_register, register_backend
from docgen.archive.db import Db
from docgen.archive.fold import fold
from docgen.archive.migrations import CURRENT, MIGRATIONS, schema_version
from docgen.archive.register import RegisterStore
from docgen.archive.search import SearchQuery
from docgen.services.search import parse, search
from tests.integration.conftest import DEFAULT_NOW
from tests.integration.pg import PgCluster
from tests.support import search_corpus as corpus


def ids(store: RegisterStore, text: str, limit: int = 20) -> list[str]:
    return [row.doc_id for row in search(store, parse(text, SearchQuery(limit=limit)))]


def test_the_document_meant_comes_first(store: RegisterStore) -> None:
    corpus.file_corpus(store)
    result = corpus.evaluate(store)
    assert result.queries >= 40 and len(corpus.documents()) == 200
    assert result.precision >= corpus.TARGET_PRECISION, result.describe()


def test_a_number_goes_with_its_unit(store: RegisterStore) -> None:
    corpus.file_corpus(store)
    key = corpus.doc_id
    assert ids(store, "2 tỷ") == ids(store, "2 ty") == [key("qd-du-toan-2ty")]
    assert key("qd-mot-ty-dieu-2") not in ids(store, "2 tỷ")  # Một tỷ … Điều 2
    assert ids(store, "500 triệu") == [key("cv-500-trieu")]  # not 5.500 triệu
    assert ids(store, "2,5 tỷ") == [key("bc-2-5-ty")] and ids(store, "5 tỷ") == [key("cv-15-ty")]
    assert ids(store, "10%") == ids(store, "10 phần trăm") == [key("bc-10-pt")]
    assert ids(store, "ngày 5 tháng 4") == [key("tb-ngay-15")]  # written "ngày 05 tháng 4"


def test_phrase_and_title_rank_above_scattered_words_then_newest(store: RegisterStore) -> None:
    corpus.file_corpus(store)
    key = corpus.doc_id
    found = ids(store, "hội nghị", limit=200)
    assert found == ids(store, "hoi nghi", limit=200) == ids(store, "HỘI NGHỊ", limit=200)
    # The giấy mời whose trích yếu says it, then those saying it in the body, newest first,
    # then the documents holding hội … nghị apart (hội đồng, Nghị định).
    assert found[0] == key("gm-so-ket")
    assert found.index(key("tb-nld-hoi-nghi")) < found.index(key("cv-hoi-dong"))
    assert set(ids(store, '"hội nghị"', limit=200)) < set(
        found
    )  # a quoted phrase leaves the scattered out
    assert ids(store, "05/BQL-KHTH") == [key("cv-05-khth-2024"), key("cv-05-khth-2023")]
    # Its own number (of any year) before the newer reply citing it.
    cited = ids(store, "12/BQL-QLDN công văn")
    assert cited[0] == key("cv-12-qldn") and key("cv-phuc-dap-12") in cited[1:]


@pytest.mark.postgres
def test_both_databases_answer_alike(tmp_path: Path, pg_cluster: PgCluster) -> None:
    texts = [case.query for case in corpus.CASES] + ["dau tu", "doanh nghiep", "2024", "ty"]
    answers = []
    for url in (None, pg_cluster.create_database()):
        with open_register(tmp_path / str(url is None), "BQL", database_url=url) as store:
            corpus.file_corpus(store)
            answers.append({text: ids(store, text) for text in texts})
    sqlite, postgresql = answers
    assert {t for t in texts if sqlite[t] != postgresql[t]} == set()


def _old_statements(
    backend: str, row: catalogue.CatalogueRow
) -> list[tuple[str, tuple[object, ...]]]:
    """The catalogue insert of schema 5: one FTS5 column / one tsvector of the old folding."""
    values = (*row.values()[:-1], fold(f"{row.type_name} {row.notation} {row.subject} {row.body}"))
    marks = ", ".join("?" for _ in values)
    columns = catalogue.COLUMNS + ", signer_fold, recipients_fold, search_fold"
    if backend == "sqlite":
        return [
            (f"INSERT INTO documents ({columns}) VALUES ({marks})", values),
            (
                "INSERT INTO documents_fts (rowid, doc_id, search_fold) VALUES (?, ?, ?)",
                (row.seq, row.doc_id, values[-1]),
            ),
        ]
    return [
        (
            f"INSERT INTO documents ({columns}, search_tsv)"
            f" VALUES ({marks}, to_tsvector('simple', ?))",
            (*values, values[-1]),
        )
    ]


def test_a_schema_5_catalogue_is_reindexed(tmp_path: Path, database_url: str | None) -> None:
    db = Db(register_backend(tmp_path, database_url))
    db.begin()
    for version in range(1, 6):
        MIGRATIONS[version](db)
    db.execute("UPDATE schema_version SET version = 5")
    rows = corpus.documents()
    for row in rows:
        for sql, params in _old_statements(db.backend.name, row):
            db.execute(sql, params)
    db.commit()
    db.close()
    with open_register(tmp_path, "BQL", database_url=database_url, clock=lambda: DEFAULT_NOW) as s:
        assert schema_version(s.db) == CURRENT
        assert all(catalogue.stored_fold(s.db, r.doc_id) == r.search_text() for r in rows)
        result = corpus.evaluate(s)
        assert result.precision >= corpus.TARGET_PRECISION, result.describe()

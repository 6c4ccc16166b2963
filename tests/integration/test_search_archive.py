"""Search over the archive, the same suite on SQLite (FTS5) and PostgreSQL (tsvector): number and
symbol, number + year, fragments, dates, people, words with or without diacritics, đ as d,
phrases; secret documents only for those allowed to see them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from docgen.archive.register import RegisterStore
from docgen.archive.search import SearchQuery
from docgen.inputs.profile import load_profile
from docgen.services.incoming import receive
from docgen.services.search import parse, search
from tests.conftest import REFERENCE_PROFILE
from tests.integration.test_archive_filing import issue_reference
from tests.integration.test_dispatch_layouts import dispatch
from tests.integration.test_filing_external import plain_pdf
from tests.integration.test_issue_service import run_issue, write_yaml

REFERENCE = "di/2024/hanh_chinh/5"


@pytest.fixture
def archived(store: RegisterStore, tmp_path: Path) -> RegisterStore:
    """Four dispatches, the reference dispatch (05/BQL-KHTH), a secret one, one incoming."""
    root = tmp_path / "archive"
    issue_reference(store, root, tmp_path)
    secret = {**dispatch(1, 1), "do_mat": "mat", "trich_yeu": "phương án bảo vệ khu công nghiệp"}
    run_issue(write_yaml(tmp_path / "m.yaml", secret), store, root, on=dt.date(2024, 3, 6))
    receive(
        plain_pdf(tmp_path / "in.pdf", text="Hướng dẫn đánh giá xét chọn sản phẩm"),
        archive=root, store=store, agency=load_profile(REFERENCE_PROFILE),
        sender="Sở Công Thương", notation="1744/HD-SCT", date=dt.date(2023, 4, 14), to="KHTH",
        subject="hướng dẫn đánh giá xét chọn SPCNCL",
    )  # fmt: skip
    return store


def ids(store: RegisterStore, text: str = "", **options: object) -> list[str]:
    query = parse(text, SearchQuery(**options))  # type: ignore[arg-type]
    return [row.doc_id for row in search(store, query)]


REFERENCE_QUERIES = (
    "05/BQL-KHTH",
    "5/BQL-KHTH",
    "5/bql-khth",
    "số 5 năm 2024",
    "so 5 nam 2024",
    "xet chon san pham cong nghiep",
    '"sản phẩm công nghiệp chủ lực"',
    "Lê Quang Long",
    "le quang long",
    "Sở Công Thương",
)


def test_the_reference_dispatch_is_found(archived: RegisterStore) -> None:
    # One archive for every query: building it is the slow part.
    missed = [text for text in REFERENCE_QUERIES if REFERENCE not in ids(archived, text)]
    assert missed == []


def test_words_with_or_without_diacritics_and_d_for_đ(archived: RegisterStore) -> None:
    assert ids(archived, "xet chon") == ids(archived, "xét chọn") == ids(archived, "XÉT CHỌN")
    assert REFERENCE in ids(archived, "xét chọn")
    assert "den/2024/1" in ids(archived, "xét chọn")  # the incoming document's subject
    found = ids(archived, "dau tu")  # the dispatches 1–4 say "đầu tư"
    assert found == ids(archived, "đầu tư") and len(found) == 4
    assert ids(archived, "Đầu Tư") == found


def test_a_phrase_needs_its_words_in_order(archived: RegisterStore) -> None:
    assert REFERENCE in ids(archived, '"xét chọn sản phẩm"')
    assert REFERENCE not in ids(archived, '"sản phẩm xét chọn"')
    assert ids(archived, "khong co tu nay") == []


def test_number_year_symbol_fragments_and_filters(archived: RegisterStore) -> None:
    assert ids(archived, number=5, year=2024) == [REFERENCE]
    assert ids(archived, number=5, year=2023) == []
    by_symbol = ids(archived, "BQL-KHTH")
    assert REFERENCE in by_symbol and len(by_symbol) == 5  # the secret one is BQL-KHTH-M
    assert ids(archived, "HD-SCT") == ["den/2024/1"] and ids(archived, "1744/HD-SCT") == [
        "den/2024/1"
    ]
    march = ids(archived, date_from=dt.date(2024, 3, 3), date_to=dt.date(2024, 3, 5))
    assert march == [REFERENCE, "di/2024/hanh_chinh/4", "di/2024/hanh_chinh/3"]
    assert ids(archived, signer="Lê Quang Long") == [REFERENCE]
    assert ids(archived, recipient="so cong thuong") == [
        "den/2024/1",
        REFERENCE,
    ]  # newest filed first
    assert ids(archived, holder="khth", kind="cong-van", year=2024)[0] == REFERENCE
    assert ids(archived, urgency="KHẨN") == []


def test_secret_documents_are_listed_only_when_allowed(archived: RegisterStore) -> None:
    assert ids(archived, '"phương án bảo vệ"') == []
    assert ids(archived, '"phương án bảo vệ"', secret_allowed=True) == ["di/2024/mat/1"]
    assert ids(archived, secrecy="MẬT", secret_allowed=True) == ["di/2024/mat/1"]

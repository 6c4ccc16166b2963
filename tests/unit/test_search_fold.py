"""Search folding and query parsing (pure): NFC, diacritics dropped, đ→d, numbers and symbols."""

from __future__ import annotations

import unicodedata

from hypothesis import example, given
from hypothesis import strategies as st

from docgen.archive.fold import fold, fold_symbol, number_key
from docgen.archive.search import SearchQuery
from docgen.services.search import parse


def test_fold_drops_marks_and_folds_d() -> None:
    assert fold("Xét chọn ĐẦU TƯ") == "xet chon dau tu"
    assert fold("đường, Đê; số 05/BQL-KHTH") == "duong de so 05 bql khth"
    assert fold(unicodedata.normalize("NFD", "Sở Công Thương")) == "so cong thuong"


@given(st.text())
@example("đ")
@example("Ð")  # U+00D0, Icelandic eth, is not đ: left alone as a non-word
def test_fold_is_idempotent_and_ascii(text: str) -> None:
    folded = fold(text)
    assert fold(folded) == folded
    assert all(c.isascii() for c in folded)


def test_number_keys_meet_whatever_the_zeros_and_case() -> None:
    assert number_key(5, "BQL-KHTH") == number_key(int("05"), "bql-khth") == "5/BQL-KHTH"
    assert fold_symbol("QĐ-UBND") == "QD-UBND"


def test_what_a_clerk_types_becomes_a_query() -> None:
    assert parse("05/BQL-KHTH") == SearchQuery(notation="05/BQL-KHTH")
    assert parse("số 5 năm 2024") == SearchQuery(number=5, year=2024)
    assert parse("BQL-KHTH") == SearchQuery(symbol="BQL-KHTH")
    assert parse('"xét chọn"') == SearchQuery(phrase="xét chọn")
    assert parse("xet chon") == SearchQuery(words="xet chon")
    assert parse("  ", SearchQuery(limit=3)) == SearchQuery(limit=3)

"""Search folding and query parsing (pure): NFC, diacritics dropped, đ→d, numbers and symbols,
numbers read with their units."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import example, given
from hypothesis import strategies as st

from docgen.archive.fold import fold, fold_search, fold_symbol, number_key
from docgen.archive.search import SearchQuery
from docgen.archive.terms import Terms, group, pairs, parse_terms
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


def _fold_by_decomposing(text: str) -> str:
    """`fold()` as first written: decompose the whole text, drop every combining mark."""
    text = unicodedata.normalize("NFC", text).replace("đ", "d").replace("Đ", "d")
    decomposed = unicodedata.normalize("NFD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return re.sub(r"[^0-9a-z]+", " ", bare).strip()


@given(st.text())
@example("Ấp Đông, QUẬN 1 — İstanbul Σίσυφος ǅ ﬁ ①")
@example("a\u0301\u0323b e\u0302\u0301")  # decomposed marks, out of canonical order
def test_fold_per_character_is_folding_the_whole_text(text: str) -> None:
    assert fold(text) == _fold_by_decomposing(text)


def test_search_folding_reads_numbers_the_vietnamese_way() -> None:
    assert fold_search("Giảm 1,5%, ngày 05/02") == "giam 1p5 phan tram ngay 5 2"
    assert fold_search("5.500 triệu; 2.000.000.000 đồng") == "5500 trieu 2000000000 dong"
    assert fold_search("0,5 và 2,05; 007") == "0p5 va 2p05 7"
    assert fold_search("Điều 2.1") == "dieu 2 1"  # a dot before other than 3 digits separates


def grouped(text: str) -> list[tuple[str, ...]]:
    return group(text.split())


def test_a_number_goes_with_its_unit_or_label() -> None:
    assert grouped("du toan 2 ty dong") == [("du",), ("toan",), ("2", "ty", "dong")]
    assert grouped("ngay 15 thang 3 nam 2024 hop") == [
        ("ngay", "15", "thang", "3", "nam", "2024"),
        ("hop",),
    ]
    assert grouped("dieu 2 bao cao thang") == [("dieu", "2"), ("bao",), ("cao",), ("thang",)]
    assert grouped("2p5 ty") == [("2p5", "ty")] and group(["2024"]) == [("2024",)]
    assert parse_terms("2 tỷ") == Terms(required=(("2", "ty"),))
    assert parse_terms("hội nghị") == Terms(required=(("hoi",), ("nghi",)), whole=("hoi", "nghi"))
    typed = parse_terms("công văn 05/BQL-KHTH")
    assert typed.required == (("cong",), ("van",), ("5", "bql", "khth")) and typed.keys == (
        "5/BQL-KHTH",
    )
    assert parse_terms("", "xét chọn") == Terms(required=(("xet", "chon"),))
    assert parse_terms("căn cứ 30/2020/NĐ-CP").keys == ()  # a decree's number is no key here
    assert not parse_terms(" ,;- ")
    assert pairs(["hoi", "nghi", "tong"]) == ["hoi_nghi", "nghi_tong"] and pairs(["a"]) == []


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

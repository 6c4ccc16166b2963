"""The `Số:` line rules (PL1 II.3; docs/format/number-and-date.md): padding, blank-draft form,
symbol composition, parsing."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from docgen.model.kinds import Kind
from docgen.model.number import DocumentNumber
from docgen.rules.numbering import (
    BLANK_NUMBER,
    compose_symbol,
    format_number,
    is_valid_symbol,
    parse_number,
    so_line,
)

# A symbol group: a capital (Đ included) then letters, digits or dots (PL1 II.3.b: `QyĐ`, `CTr`,
# `KHTH`).
_FIRST = st.sampled_from("ABCDEGHIKLMNOPQRSTUVXYĐ")
_REST = st.text(alphabet="ABCDEGHKLMNQRSTVXYĐabcdhrtyđ0123456789.", max_size=6)
GROUP = st.builds(lambda first, rest: first + rest, _FIRST, _REST)
SYMBOL = st.lists(GROUP, min_size=2, max_size=4).map("-".join)
NUMBERS = st.integers(min_value=1, max_value=999_999)

# The issued form as a checker regex (PL1 II.3.a,c; docs/format/number-and-date.md): 01…09, then
# 10, 11, … unpadded.
ISSUED = re.compile(r"^Số: (0[1-9]|[1-9]\d+)/(.+)$")


@given(NUMBERS)
@example(1)
@example(9)
@example(10)
@example(100)
def test_format_number_pads_only_below_ten(number: int) -> None:
    text = format_number(number)
    assert int(text) == number
    if number < 10:
        assert text == f"0{number}"
    else:
        assert not text.startswith("0")
        assert text == str(number)


@pytest.mark.parametrize(
    ("number", "text"), [(1, "01"), (5, "05"), (9, "09"), (10, "10"), (123, "123")]
)
def test_format_number_table(number: int, text: str) -> None:
    assert format_number(number) == text


@pytest.mark.parametrize("number", [0, -1, -10])
def test_format_number_refuses_numbers_below_one(number: int) -> None:
    # Numbers start at 01 each year (ND30 Điều 15.1): there is no number 0 to print.
    with pytest.raises(ValueError):
        format_number(number)


@given(SYMBOL)
@example("BQL-KHTH")
def test_so_line_draft_form_leaves_the_number_blank(symbol: str) -> None:
    line = so_line(None, symbol)
    assert line == f"Số: {BLANK_NUMBER}/{symbol}"
    blank = line.removeprefix("Số: ").split("/", 1)[0]
    assert blank and not blank.strip()  # only spaces before the slash, and some of them
    assert not any(ch.isdigit() for ch in blank)


def test_so_line_of_the_reference_draft() -> None:
    # The reference's plain-text copy collapses the blank to one space: `Số: /BQL-KHTH`.
    line = so_line(None, "BQL-KHTH")
    assert " ".join(line.split()) == "Số: /BQL-KHTH"
    assert len(line) > len("Số: /BQL-KHTH")  # room left for the number the records office writes


@given(NUMBERS, SYMBOL)
@example(5, "BQL-KHTH")
@example(10, "QĐ-BQL")
def test_so_line_issued_form(number: int, symbol: str) -> None:
    line = so_line(number, symbol)
    match = ISSUED.match(line)
    assert match is not None, line
    assert int(match.group(1)) == number
    assert match.group(2) == symbol
    assert " " not in line.removeprefix("Số: ")  # no spaces around `/` or `-` (PL1 II.3.c)


@given(NUMBERS, SYMBOL)
@example(5, "BQL-KHTH")
@example(1, "QyĐ-UBND")
@example(12, "UBND-VX")
@example(7, "BQL-KH.TH")
def test_parse_number_round_trips_the_printed_form(number: int, symbol: str) -> None:
    value = DocumentNumber(number, symbol)
    assert parse_number(str(value)) == value
    assert parse_number(so_line(number, symbol)) == value  # with the `Số: ` label too


@given(NUMBERS, SYMBOL)
def test_parse_number_ignores_the_leading_zero(number: int, symbol: str) -> None:
    assert parse_number(f"{number}/{symbol}") == parse_number(f"0{number}/{symbol}")


def test_unpadded_and_padded_numbers_are_the_same_number() -> None:
    assert (
        parse_number("5/BQL-KHTH") == parse_number("05/BQL-KHTH") == DocumentNumber(5, "BQL-KHTH")
    )
    assert str(parse_number("5/BQL-KHTH")) == "05/BQL-KHTH"


@pytest.mark.parametrize(
    "text",
    [
        "Số:      /BQL-KHTH",  # a draft has no number to parse
        "0/BQL-KHTH",
        "00/BQL-KHTH",
        "05/BQL",  # a symbol has at least two groups
        "05/bql-KHTH",  # groups start with a capital
        "05/BQL KHTH",
        "05-BQL-KHTH",
        "",
        "năm/BQL-KHTH",
    ],
)
def test_parse_number_refuses_what_is_not_a_number_and_symbol(text: str) -> None:
    with pytest.raises(ValueError):
        parse_number(text)


@given(GROUP, GROUP)
@example("BQL", "KHTH")
@example("UBND", "VX")
def test_cong_van_symbol_is_agency_then_unit(agency: str, unit: str) -> None:
    symbol = compose_symbol(Kind.CONG_VAN, agency, unit)
    assert symbol == f"{agency}-{unit}"
    assert is_valid_symbol(symbol)


@pytest.mark.parametrize(
    ("kind", "symbol"),
    [
        (Kind.QUYET_DINH, "QĐ-BQL"),
        (Kind.TO_TRINH, "TTr-BQL"),
        (Kind.QUY_DINH, "QyĐ-BQL"),
        (Kind.GIAY_MOI, "GM-BQL"),
        (Kind.KE_HOACH, "KH-BQL"),
    ],
)
def test_named_type_symbol_is_type_then_agency(kind: Kind, symbol: str) -> None:
    # The drafting unit does not appear in a named type's symbol (`Số: 15/QĐ-BNV`, PL1 Mục V).
    assert compose_symbol(kind, "BQL", "KHTH") == symbol
    assert compose_symbol(kind, "BQL") == symbol
    assert is_valid_symbol(symbol)


@given(st.sampled_from([k for k in Kind if k.info.abbreviation is not None]), GROUP, GROUP)
def test_every_named_type_gives_a_valid_symbol(kind: Kind, agency: str, unit: str) -> None:
    symbol = compose_symbol(kind, agency, unit)
    assert symbol == f"{kind.info.abbreviation}-{agency}"
    assert is_valid_symbol(symbol)
    assert parse_number(f"01/{symbol}") == DocumentNumber(1, symbol)


def test_cong_van_without_unit_falls_back_to_the_agency_alone() -> None:
    # Documented fallback; the checker flags it because a one-group symbol is not valid.
    assert compose_symbol(Kind.CONG_VAN, "BQL") == "BQL"
    assert not is_valid_symbol("BQL")

"""What a free-text query must match, and what ranks an answer higher: pure, no database.

A query is folded the way the index is (`fold_search`), then read as terms that must all appear:
each word alone, except that a number goes with its unit or label as one phrase (`2 tỷ đồng`,
`500 triệu`, `15 ngày`, `10%`, `ngày 15 tháng 3`, `Điều 2`) and a number and symbol typed
together (`05/BQL-KHTH`) is one phrase too, so `2 tỷ` does not find `Một tỷ … Điều 2`.

Vietnamese writes a word as several syllables (`hội nghị`, `đầu tư`), so scattered syllables are
usually other words (`hội đồng … Nghị định`): the whole query as a phrase ranks first, and a
match in the title (type name and trích yếu) above one in the body (`docgen.archive.search`).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from docgen.archive.fold import fold_search, number_key

#: a number and symbol inside free text (`công văn 05/BQL-KHTH`)
_NOTATION = re.compile(r"(?<![\w/])(\d{1,9})/([^\W_](?:[\w.&/-]*[^\W_])?)")
#: folded words read with the number before them: money, time, percent (`%` folds to
#: `phan tram`), measures and counts
UNITS = frozenset({
    "ty", "trieu", "nghin", "ngan", "tram", "dong", "d", "vnd", "usd", "phan",
    "ngay", "thang", "nam", "tuan", "quy", "gio", "phut",
    "ha", "m", "m2", "m3", "km", "km2", "kg", "tan", "lit", "nguoi", "lan", "ban", "trang", "ho",
})  # fmt: skip
#: folded words read with the number after them: legal references, dates, rounds
LABELS = frozenset({
    "dieu", "khoan", "diem", "chuong", "muc", "so", "ngay", "thang", "nam", "quy", "tuan", "dot",
    "lan", "khoa",
})  # fmt: skip

Term = tuple[str, ...]


@dataclass(frozen=True)
class Terms:
    """`required`: the terms that must all appear (a term of several words as a phrase);
    `whole`: the whole query as one phrase, when that is more than one term (the best match);
    `keys`: the number keys of the numbers and symbols typed (`5/BQL-KHTH`), ranked first."""

    required: tuple[Term, ...] = ()
    whole: Term = ()
    keys: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.required)


_NUMBER = re.compile(r"[0-9]+(?:p[0-9]+)?")


def _is_number(word: str) -> bool:
    """`5`, `2024`, `2p5` (2,5 as folded)."""
    return _NUMBER.fullmatch(word) is not None


def group(words: list[str]) -> list[Term]:
    """`["du", "toan", "2", "ty", "dong"]` → `[("du",), ("toan",), ("2", "ty", "dong")]`: a
    number (`2p5` is 2,5 folded) with the units and numbers after it and a label before it is one
    term (`ngay 15 thang 3`); every other word a term of its own."""
    terms: list[Term] = []
    i, n = 0, len(words)
    while i < n:
        start = i
        if words[i] in LABELS and i + 1 < n and _is_number(words[i + 1]):
            i += 1
        if _is_number(words[i]):
            end = i + 1
            while end < n and (
                _is_number(words[end])
                or words[end] in UNITS
                or (words[end] in LABELS and end + 1 < n and _is_number(words[end + 1]))
            ):
                end += 1
            if end - start >= 2:
                terms.append(tuple(words[start:end]))
                i = end
                continue
        terms.append((words[start],))
        i = start + 1
    return terms


def parse_terms(words: str = "", phrase: str = "") -> Terms:
    """The terms of a free-text query (`words`, read as above) and of a quoted `phrase` (one
    term, its words in order). Empty `Terms` when nothing is left after folding."""
    required: list[Term] = []
    keys: list[str] = []
    typed: list[str] = []
    at = 0
    for match in _NOTATION.finditer(words):
        before = fold_search(words[at : match.start()]).split()
        part = tuple(fold_search(match.group()).split())
        required += [*group(before), part]
        typed += [*before, *part]
        if "/" not in match.group(2):  # `30/2020/NĐ-CP` cites a decree: a phrase, not a key
            keys.append(number_key(int(match.group(1)), match.group(2)))
        at = match.end()
    tail = fold_search(words[at:]).split()
    typed.extend(tail)
    required.extend(group(tail))
    whole = tuple(typed) if len(required) > 1 else ()
    quoted = tuple(fold_search(phrase).split())
    if quoted:
        required.append(quoted)
    unique = tuple(dict.fromkeys(required))
    return Terms(unique, whole, tuple(dict.fromkeys(keys)))


def pairs(words: Sequence[str]) -> list[str]:
    """`["hoi", "nghi", "tong"]` → `["hoi_nghi", "nghi_tong"]`: adjacent words, the extra
    tokens both indexes hold so that a phrase is looked up by its pairs too
    (`docgen.archive.catalogue`)."""
    return [f"{a}_{b}" for a, b in itertools.pairwise(words)]

"""Records rules as pure functions (docs/records/hoso.md): retention periods read from text, the
plan row's code, the shipped table of common records (Thông tư 10/2022/TT-BNV, every row
UNCONFIRMED: docs/records/retention.md), and the scores that suggest a file for a document.

Nothing here touches a database or a file but the table shipped in the package.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import itertools
import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources

from docgen.model.agency import DEADLINE_LUAT_2024, DEADLINE_ND30
from docgen.model.records import PERMANENT, PlanRow, Retention, RetentionRule

#: the longest period docgen accepts as a number of years (the table's longest is 70)
MAX_YEARS = 100
#: the shipped table, in the package (docgen/rules/data)
TABLE = "data/tt10-2022.csv"

_YEARS = re.compile(r"^0*(\d{1,3})\s*(nam)?$")
_PERMANENT = {"vinh vien", "vv"}
_CODE = re.compile(r"^(\d{1,3})((?:\.[0-9A-ZĐ][0-9A-ZĐ-]*)*)$")


def _bare(text: str) -> str:
    """Lower case, no diacritics, `đ` as `d`, single spaces: how free text is compared here."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return " ".join(re.sub(r"[^0-9a-z]+", " ", bare).split())


def parse_retention(text: str) -> Retention | None:
    """`Vĩnh viễn` (or `vinh vien`, `VV`) → permanent; `20 năm`, `05 năm`, `5` → years; None for
    anything else (an event-based period such as `Đến khi …` included)."""
    bare = _bare(str(text))
    if bare in _PERMANENT:
        return PERMANENT
    # Read from the text itself, not the bare form: `-5` must not become `5`.
    plain = unicodedata.normalize("NFC", str(text)).strip().lower().replace("năm", "nam")
    match = _YEARS.match(plain)
    if match is None:
        return None
    years = int(match.group(1))
    return Retention(years) if 1 <= years <= MAX_YEARS else None


def normalise_code(text: str) -> str | None:
    """A plan row's code (số và ký hiệu hồ sơ, PL5 I.2): an Arabic sequence number, two digits
    at least, and optionally the heading's abbreviation: `5` → `05`, `01.tccb` → `01.TCCB`.
    None when it is not of that shape (a space, a `/` or an empty part)."""
    text = str(text).strip().upper()
    match = _CODE.match(text)
    if match is None:
        return None
    return f"{int(match.group(1)):02d}{match.group(2)}"


@functools.cache
def retention_table() -> tuple[RetentionRule, ...]:
    """The shipped table of common records and their retention periods (UNCONFIRMED rows)."""
    raw = resources.files("docgen.rules").joinpath(TABLE).read_text("utf-8")
    rows = []
    for line in csv.DictReader(io.StringIO(raw)):
        retention = parse_retention(line["retention"])
        if retention is None:
            raise ValueError(f"{TABLE}: bad retention {line['retention']!r} in {line['code']}")
        rows.append(
            RetentionRule(
                group=line["group"],
                group_title=line["group_title"],
                code=line["code"],
                title=line["title"],
                retention=retention,
                article=line["article"],
                confirmed=line["status"] == "CONFIRMED",
                note=line["note"],
            )
        )
    return tuple(rows)


def rule(code: str) -> RetentionRule | None:
    """The table row `code` (`3.01`), or None."""
    return next((r for r in retention_table() if r.code == code), None)


# -- suggesting a file for a document -------------------------------------------------------------

#: words every title has, which say nothing about which file a document belongs in
_STOP = frozenset(
    {
        "ho", "so", "tap", "cac", "cua", "va", "ve", "viec", "v", "tai", "lieu", "cho", "voi",
        "trong", "theo", "the", "nay", "do", "tu", "den", "mot", "nhung", "duoc", "la", "co",
        "khong",
    }
)  # fmt: skip
#: `năm 2025` names a year, not an annual matter (`báo cáo công tác năm`): dropped before words
_YEAR_PHRASE = re.compile(r"\bnam \d{4}\b")


def words(text: str) -> tuple[str, ...]:
    """The folded syllables of `text` that can tell files apart (no stop words, no numbers,
    no `năm 2025`)."""
    bare = _YEAR_PHRASE.sub(" ", _bare(text))
    return tuple(w for w in bare.split() if w not in _STOP and not w.isdigit())


def _pairs(items: Sequence[str]) -> set[tuple[str, str]]:
    return set(itertools.pairwise(items))


@dataclass(frozen=True)
class DocumentFacts:
    """What a suggestion looks at: the type name (`Kế hoạch`), the units of the document (the
    unit in its symbol, the units holding a copy, the unit it was forwarded to) and its
    trích yếu."""

    type_name: str
    units: tuple[str, ...]
    subject: str


@dataclass(frozen=True)
class Suggestion:
    """A plan row for a document, its score (higher is better) and why, in Vietnamese."""

    row: PlanRow
    score: float
    reasons: tuple[str, ...]


def score(facts: DocumentFacts, row: PlanRow) -> Suggestion:
    """How well `row`'s file fits the document: the same unit (3), the type named in the title
    (2), and how much the title's words (4) and word pairs (2) and the trích yếu's overlap
    (shared / √(title × trích yếu), so neither a long title nor a long trích yếu wins alone)."""
    reasons = []
    total = 0.0
    if row.unit in facts.units:
        total += 3
        reasons.append(f"cùng đơn vị {row.unit}")
    title = words(row.title)
    kind = words(facts.type_name)
    if kind and _contains(title, kind):
        total += 2
        reasons.append(f"cùng loại {facts.type_name.lower()}")
    subject = words(facts.subject)
    heads, said = set(title), set(subject)
    shared = heads & said
    if shared:
        total += 4 * len(shared) / math.sqrt(len(heads) * len(said))
        reasons.append(f"{len(shared)}/{len(heads)} từ của tiêu đề")
    pairs, spoken = _pairs(title), _pairs(subject)
    if pairs and spoken:
        total += 2 * len(pairs & spoken) / math.sqrt(len(pairs) * len(spoken))
    return Suggestion(row, round(total, 4), tuple(reasons))


def _contains(haystack: Sequence[str], needle: Sequence[str]) -> bool:
    size = len(needle)
    return any(tuple(haystack[i : i + size]) == tuple(needle) for i in range(len(haystack)))


def suggest(facts: DocumentFacts, rows: Iterable[PlanRow], limit: int = 3) -> list[Suggestion]:
    """The best `limit` rows for the document, best first (ties by code); rows scoring 0 are
    left out."""
    scored = [s for s in (score(facts, row) for row in rows) if s.score > 0]
    scored.sort(key=lambda s: (-s.score, s.row.code))
    return scored[:limit]


def unit_of_symbol(symbol: str) -> str:
    """The drafting unit in an outgoing symbol: `BQL-KHTH` → `KHTH`; "" when there is none."""
    parts = symbol.split("-")
    return parts[-1] if len(parts) > 1 else ""


def transfer_deadline(end: dt.date, rule_name: str = DEADLINE_ND30) -> dt.date:
    """The last day a closed file whose work ended on `end` may reach the agency archive:
    `nd30` — within 01 year from that day (ND30 Điều 30.2; a 29 February ends on 28 February);
    `luat-2024` — by the end of the next year (Luật Lưu trữ 2024; UNCONFIRMED)."""
    if rule_name == DEADLINE_LUAT_2024:
        return dt.date(end.year + 1, 12, 31)
    try:
        return end.replace(year=end.year + 1)
    except ValueError:  # 29 February
        return dt.date(end.year + 1, 2, 28)

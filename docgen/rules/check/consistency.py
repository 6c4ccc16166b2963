"""Consistency of what the text says: cited documents dated after this one, year spans written
backwards, deadlines before the issue date, first citations without their parts
(PL1 II.6.b; docs/format/checker.md)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from docgen.model.kinds import Kind
from docgen.rules.check.findings import Finding, Severity, declare, finding
from docgen.rules.check.locate import Parts, nfc, segment
from docgen.rules.check.number_date import DateLine, parse_date_line

CITED_LATER = declare("date_not_before_cited_documents", "ô 4, ô 6", "suy ra từ NĐ30 PL1 II.6.b")
SPAN = declare("year_span_ordered", "ô 6", "suy ra: năm kết thúc sau năm bắt đầu")
DEADLINE = declare("deadline_not_before_issue_date", "ô 4, ô 6", "suy ra: kiểm tra nhất quán")
CITATION = declare("citation_first_complete", "ô 6", "NĐ30 PL1 II.6.b")
CITATION_TYPE = declare("citation_symbol_matches_type", "ô 6", "NĐ30 PL3 Mục I")

#: types cited in running text and their symbol abbreviation (None: no abbreviation to compare)
CITED_TYPES: dict[str, str | None] = {k.info.name: k.info.abbreviation for k in Kind}
CITED_TYPES.update(
    {"Nghị định": "NĐ", "Thông tư": "TT", "Thông tư liên tịch": "TTLT", "Luật": None}
)
CITED_TYPES["Pháp lệnh"] = None
LAWS = ("Luật", "Pháp lệnh")
_TYPES = "|".join(
    f"[{name[0]}{name[0].lower()}]{re.escape(name[1:])}"
    for name in sorted(CITED_TYPES, key=len, reverse=True)
)
_CITE = re.compile(
    rf"(?P<type>{_TYPES})\s+(?P<so>số\s+)?(?P<num>\d+)/(?P<sym>[A-ZĐ0-9][A-Za-zĐđ0-9./-]*"
    r"[A-Za-zĐđ0-9])\s+ngày\s+(?P<d>\d{1,2})(?:/|\s+tháng\s+)(?P<m>\d{1,2})(?:/|\s+năm\s+)"
    r"(?P<y>\d{4})"
)
_SPAN = re.compile(r"(?<![\d/.,])((?:19|20)\d{2})\s*[-–—]\s*((?:19|20)\d{2})(?![\d/])")
_COUNT = re.compile(r"(\d+)\s+năm\b")
_DEADLINE = re.compile(
    r"(?:trước|chậm nhất(?: là)?|hạn chót|hạn cuối|không muộn hơn|hết ngày)\s+(?:ngày\s+)?"
    r"(?P<d>\d{1,2})(?:/|\s+tháng\s+)(?P<m>\d{1,2})(?:/|\s+năm\s+)(?P<y>\d{4})"
)
_NGAY = re.compile(r"ngày")
_SUBJECT = re.compile(r"\b(về|V/v|v/v|ban hành|phê duyệt|quy định|hướng dẫn)\b")
_CLAUSE_END = re.compile(r"[;.()]")


@dataclass(frozen=True)
class Citation:
    text: str
    type: str
    symbol: str
    date: dt.date
    has_so: bool
    rest: str  #: what follows the date, up to the end of the clause


def citations(text: str) -> list[Citation]:
    """The documents cited in `text` with a valid date (`Kế hoạch 302/KH-UBND ngày 15/12/2023`)."""
    found = []
    for m in _CITE.finditer(text):
        try:
            date = dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
        except ValueError:
            continue
        tail = text[m.end() : m.end() + 300]
        end = _CLAUSE_END.search(tail)
        found.append(
            Citation(
                m.group(0),
                m["type"][0].upper() + m["type"][1:],
                m["sym"],
                date,
                bool(m["so"]),
                tail[: end.start()] if end else tail,
            )
        )
    return found


def compare(issue: DateLine, other: dt.date) -> int | None:
    """-1, 0 or 1 as the issue date is before, level with or after `other`, compared only as far as
    the issue date is filled in (a draft leaves the day blank); None when its year is blank."""
    if issue.year is None:
        return None
    mine: tuple[int, ...] = (issue.year,)
    if issue.month is not None:
        mine += (issue.month,) if issue.day is None else (issue.month, issue.day)
    theirs = (other.year, other.month, other.day)[: len(mine)]
    return (mine > theirs) - (mine < theirs)


def _texts(parts: Parts) -> list[str]:
    paras = [parts.vv, *parts.trich_yeu, parts.kinh_gui, *parts.body]
    return [" ".join(nfc(p.text).split()) for p in paras if p is not None]


def check(parts: Parts, issued: bool) -> list[Finding]:
    texts = _texts(parts)
    issue = parse_date_line(segment(parts.date.text, _NGAY)) if parts.date is not None else None
    out: list[Finding] = []
    cited = [c for text in texts for c in citations(text)]
    if issue is not None:
        later = [c for c in cited if compare(issue, c.date) == -1]
        if later:
            shown = " ".join(nfc(parts.date.text).split()) if parts.date else ""
            out.append(
                finding(
                    CITED_LATER,
                    Severity.ERROR,
                    f"{shown} — sớm hơn: " + "; ".join(c.text for c in later),
                    "Văn bản không thể viện dẫn văn bản ban hành sau nó: kiểm tra lại năm ban hành "
                    f"(ít nhất {max(c.date for c in later):%d/%m/%Y}) hoặc ngày của văn bản được dẫn.",
                    at=parts.date.text if parts.date else None,
                )
            )
        for text in texts:
            for m in _DEADLINE.finditer(text):
                try:
                    deadline = dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
                except ValueError:
                    continue
                if compare(issue, deadline) == 1:
                    out.append(
                        finding(
                            DEADLINE,
                            Severity.ERROR,
                            f"hạn “{m.group(0)}” trước ngày ban hành",
                            "Kiểm tra lại thời hạn hoặc ngày ban hành: thời hạn phải sau ngày ban hành.",
                            at=text,
                        )
                    )
    out.extend(_spans(texts))
    out.extend(_citation_parts(cited))
    return out


def _spans(texts: list[str]) -> list[Finding]:
    out = []
    for text in texts:
        for m in _SPAN.finditer(text):
            start, end = int(m.group(1)), int(m.group(2))
            if end >= start:
                continue
            counts = _COUNT.findall(text[max(0, m.start() - 80) : m.start()])
            guess = f" (có thể là {start}-{start + int(counts[-1]) - 1})" if counts else ""
            out.append(
                finding(
                    SPAN,
                    Severity.ERROR,
                    f"({m.group(0)})",
                    f"Năm kết thúc phải sau năm bắt đầu: sửa “{m.group(0)}”{guess}.",
                    at=text,
                )
            )
    return out


def _citation_parts(cited: list[Citation]) -> list[Finding]:
    out: list[Finding] = []
    seen: set[str] = set()
    for c in cited:
        abbreviation = CITED_TYPES.get(c.type)
        first_group = re.sub(r"^\d{4}/", "", c.symbol).split("-")[0]
        if abbreviation and first_group != abbreviation:
            out.append(
                finding(
                    CITATION_TYPE,
                    Severity.ERROR,
                    c.text,
                    f"Ký hiệu của {c.type.lower()} bắt đầu bằng “{abbreviation}”: kiểm tra lại tên "
                    "loại hoặc số, ký hiệu văn bản được dẫn.",
                )
            )
        if c.symbol in seen or c.type in LAWS:
            continue
        seen.add(c.symbol)
        missing = []
        if not c.has_so:
            missing.append("chữ “số”")
        rest = c.rest.strip()
        if not rest.startswith("của"):
            missing.append("cơ quan ban hành")
        if not _SUBJECT.search(rest):
            missing.append("trích yếu")
        if missing:
            out.append(
                finding(
                    CITATION,
                    Severity.WARNING,
                    f"{c.text} (thiếu {', '.join(missing)})",
                    "Lần dẫn đầu tiên ghi đủ tên loại, số, ký hiệu, ngày tháng năm, cơ quan ban "
                    "hành và trích yếu, ví dụ “Kế hoạch số 302/KH-UBND ngày 15/12/2023 của UBND "
                    "Thành phố về …”.",
                )
            )
    return out

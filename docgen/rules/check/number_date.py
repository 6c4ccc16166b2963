"""Number and symbol (ô 3) and the place and date line (ô 4) — PL1 II.3–II.4;
docs/format/number-and-date.md."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from docgen.model.kinds import Kind
from docgen.rules.check.common import listed, style_finding
from docgen.rules.check.findings import Finding, Severity, declare, finding
from docgen.rules.check.locate import ABBREVIATIONS, Parts, nfc, segment
from docgen.rules.dates import format_day, format_month
from docgen.rules.numbering import format_number, is_valid_symbol

NUMBER_FORMAT = declare("number_format", "ô 3", "NĐ30 PL1 II.3.c")
NUMBER_ZERO = declare("number_leading_zero", "ô 3", "NĐ30 PL1 II.3.a,c")
NUMBER_BLANK = declare("number_blank", "ô 3", "NĐ30 Điều 15.2, PL1 II.3")
NUMBER_STYLE = declare("number_style", "ô 3", "NĐ30 PL1 II.3.c")
SYMBOL_TYPE = declare("symbol_type_matches_doctype", "ô 3", "NĐ30 PL1 II.3.b, PL3 Mục I")
CONGVAN_GROUPS = declare("congvan_symbol_has_two_groups", "ô 3", "NĐ30 PL1 II.3.b")
NUMBER_MISSING = declare("number_present", "ô 3", "NĐ30 Điều 8.2.c, PL1 II.3")
DATE_FORMAT = declare("date_line_format", "ô 4", "NĐ30 PL1 II.4")
DATE_DAY = declare("date_leading_zero_day", "ô 4", "NĐ30 PL1 II.4.b")
DATE_MONTH = declare("date_leading_zero_month_1_2_only", "ô 4", "NĐ30 PL1 II.4.b")
DATE_BLANK = declare("date_blank", "ô 4", "NĐ30 PL1 II.4.b")
DATE_STYLE = declare("date_style", "ô 4", "NĐ30 PL1 II.4.c")
DATE_ROW = declare("date_same_row_as_number", "ô 4", "NĐ30 PL1 II.4.c")

_SO = re.compile(r"^\s*Số(?P<colon>\s*:?)\s*(?P<number>[^/]*?)\s*/(?P<symbol>.*)$", re.S)
_SO_START = re.compile(r"^\s*Số\b")
_NGAY = re.compile(r"ngày")
_ABBREVIATED_PLACE = re.compile(r"\b(TP|Tp|tp|TX|Tx|Q|P|H)\.")
_BLANK = re.compile(r"^[\s.…_]*$")
_DATE = re.compile(
    r"^(?P<place>[^,]*?)\s*(?P<comma>,?)\s*ngày\s*(?P<day>\S*?)\s*tháng\s*(?P<month>\S*?)"
    r"\s*năm\s*(?P<year>\S*?)[\s.]*$",
    re.S,
)
_VBQPPL_YEAR = re.compile(r"^\d{4}/")


@dataclass(frozen=True)
class DateLine:
    """The parsed ô 4 line; a field is None when blank (or unreadable)."""

    place: str
    day: int | None
    month: int | None
    year: int | None

    def date(self) -> dt.date | None:
        try:
            if self.day and self.month and self.year:
                return dt.date(self.year, self.month, self.day)
        except ValueError:
            return None
        return None


def _int(text: str) -> int | None:
    return int(text) if text.isdigit() else None


def parse_date_line(text: str) -> DateLine | None:
    """`Hà Nội, ngày 05 tháng 3 năm 2024` → DateLine; None when the line has no ngày/tháng/năm."""
    match = _DATE.match(" ".join(nfc(text).split()))
    if not match:
        return None
    return DateLine(match["place"], _int(match["day"]), _int(match["month"]), _int(match["year"]))


def check(parts: Parts, issued: bool) -> list[Finding]:
    return [*_number(parts, issued), *_date(parts, issued)]


def _blank_severity(issued: bool) -> Severity:
    return Severity.ERROR if issued else Severity.INFO


def _number(parts: Parts, issued: bool) -> list[Finding]:
    so = parts.so
    if so is None and parts.kind is Kind.THU_CONG:  # unnumbered: the agency's choice
        return []
    if so is None:
        return [
            finding(
                NUMBER_MISSING,
                Severity.ERROR,
                "không thấy dòng “Số: …/…”",
                "Ghi “Số: <số>/<ký hiệu>” căn giữa dưới tên cơ quan ban hành.",
            )
        ]
    out: list[Finding] = []
    raw = segment(nfc(so.text), _SO_START)
    text = " ".join(raw.split())
    match = _SO.match(raw)
    if match is None:  # the slash sits in another tab-separated column
        return [finding(NUMBER_FORMAT, Severity.ERROR, text, "Viết “Số: 05/BQL-KHTH”.")]
    number, symbol = match["number"], match["symbol"].strip()
    symbol = _VBQPPL_YEAR.sub("", symbol)
    problems = []
    if ":" not in match["colon"]:
        problems.append("thiếu dấu hai chấm sau “Số”")
    if " " in symbol or not is_valid_symbol(symbol):
        problems.append("ký hiệu phải là các nhóm chữ in hoa nối bằng “-”, không có dấu cách")
    if not _BLANK.match(number) and (not number.isdigit() or int(number) == 0):
        problems.append("số phải là chữ số Ả Rập từ 01")
    if problems:
        out.append(
            finding(
                NUMBER_FORMAT,
                Severity.ERROR,
                text,
                "Viết “Số: 05/BQL-KHTH”: dấu hai chấm sau “Số”, gạch chéo giữa số và ký hiệu, "
                "không có dấu cách (" + "; ".join(problems) + ").",
            )
        )
    if _BLANK.match(number):
        out.append(
            finding(
                NUMBER_BLANK,
                _blank_severity(issued),
                text,
                "Văn thư ghi số khi ban hành (sau khi ký, chậm nhất ngày làm việc tiếp theo)."
                if not issued
                else "Văn bản ban hành phải có số: lấy số trong sổ đăng ký văn bản đi rồi ghi vào.",
            )
        )
    elif number.isdigit() and int(number) > 0 and number != format_number(int(number)):
        out.append(
            finding(
                NUMBER_ZERO,
                Severity.ERROR,
                text,
                f"Số dưới 10 ghi thêm số 0 phía trước: “{format_number(int(number))}”.",
            )
        )
    out.extend(
        listed(style_finding(NUMBER_STYLE, [so], "số, ký hiệu", (13, 13), bold=False, italic=False))
    )
    out.extend(_symbol(parts, symbol))
    return out


def _symbol(parts: Parts, symbol: str) -> list[Finding]:
    groups = symbol.split("-")
    first = ABBREVIATIONS.get(groups[0])
    kind = parts.kind
    if kind in (Kind.CONG_VAN, Kind.THU_CONG) and first is not None:
        assert kind is not None
        return [
            finding(
                SYMBOL_TYPE,
                Severity.ERROR,
                f"{kind.info.name.lower()} mang ký hiệu “{symbol}” của loại {first.info.name}",
                f"Ký hiệu {kind.info.name.lower()} gồm chữ viết tắt tên cơ quan và đơn vị soạn "
                "thảo, ví dụ BQL-KHTH.",
            )
        ]
    if kind is not None and kind.info.abbreviation and groups[0] != kind.info.abbreviation:
        return [
            finding(
                SYMBOL_TYPE,
                Severity.ERROR,
                f"{kind.info.name} mang ký hiệu “{symbol}”",
                f"Ký hiệu của {kind.info.name.lower()} bắt đầu bằng “{kind.info.abbreviation}-”.",
            )
        ]
    if kind is Kind.CONG_VAN and len(groups) < 2:
        return [
            finding(
                CONGVAN_GROUPS,
                Severity.WARNING,
                f"ký hiệu “{symbol}”",
                "Ký hiệu công văn gồm tên cơ quan và đơn vị soạn thảo nối bằng “-”, ví dụ BQL-KHTH.",
            )
        ]
    return []


def _date(parts: Parts, issued: bool) -> list[Finding]:
    date = parts.date
    fix_format = (
        "Viết “<Địa danh>, ngày 05 tháng 3 năm 2024”: dấu phẩy sau địa danh, ngày và năm đủ."
    )
    if date is None:
        return [
            finding(DATE_FORMAT, Severity.ERROR, "không thấy dòng địa danh, ngày tháng", fix_format)
        ]
    out: list[Finding] = []
    text = " ".join(segment(nfc(date.text), _NGAY).split())
    match = _DATE.match(text)
    problems: list[str] = []
    if match is None:
        problems.append("không đọc được")
    else:
        place = match["place"].strip()
        if not place or not place[0].isupper():
            problems.append("thiếu địa danh viết hoa")
        elif _ABBREVIATED_PLACE.search(place):
            problems.append("địa danh phải viết đầy đủ, không viết tắt")
        if not match["comma"]:
            problems.append("thiếu dấu phẩy sau địa danh")
        year = match["year"]
        if not (len(year) == 4 and year.isdigit()) and not _BLANK.match(year):
            problems.append("năm phải đủ 4 chữ số")
        day, month = match["day"], match["month"]
        if _BLANK.match(day) or _BLANK.match(month):
            out.append(
                finding(
                    DATE_BLANK,
                    _blank_severity(issued),
                    text,
                    "Văn thư ghi ngày ban hành khi cấp số."
                    if not issued
                    else "Văn bản ban hành phải ghi đủ ngày, tháng, năm.",
                )
            )
        if day.isdigit() and day != format_day(int(day)):
            out.append(
                finding(
                    DATE_DAY,
                    Severity.ERROR,
                    text,
                    f"Ngày dưới 10 ghi thêm số 0 phía trước: “ngày {format_day(int(day))}”.",
                )
            )
        if month.isdigit() and month != format_month(int(month)):
            out.append(
                finding(
                    DATE_MONTH,
                    Severity.ERROR,
                    text,
                    f"Chỉ tháng 1 và 2 ghi số 0 phía trước; viết “tháng {format_month(int(month))}”.",
                )
            )
        parsed = parse_date_line(text)
        if parsed and parsed.day and parsed.month and parsed.year and parsed.date() is None:
            problems.append("ngày không có thật")
        if (day and not day.isdigit() and not _BLANK.match(day)) or (
            month and not month.isdigit() and not _BLANK.match(month)
        ):
            problems.append("ngày, tháng phải là chữ số Ả Rập")
    if problems:
        out.append(
            finding(DATE_FORMAT, Severity.ERROR, f"{text} ({'; '.join(problems)})", fix_format)
        )
    out.extend(
        listed(
            style_finding(
                DATE_STYLE, [date], "địa danh, ngày tháng", (13, 14), bold=False, italic=True
            )
        )
    )
    so = parts.so
    same_line = date is so  # typed on one line with a tab between them
    if (
        so is not None
        and not same_line
        and (date.table < 0 or (date.table, date.row) != (so.table, so.row))
    ):
        out.append(
            finding(
                DATE_ROW,
                Severity.WARNING,
                "địa danh, ngày tháng không cùng hàng với số, ký hiệu",
                "Đặt dòng địa danh, ngày tháng cùng hàng với dòng số, ký hiệu, dưới Quốc hiệu.",
            )
        )
    return out

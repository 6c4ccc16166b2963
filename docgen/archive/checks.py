"""The register's refusals as pure functions: each returns the clerk-facing error, or None.

The unit of work calls them with what it read inside its transaction; nothing here touches a
database, so every message can be tested on its own.
"""

from __future__ import annotations

import datetime as dt

from docgen.errors import RegisterError
from docgen.model.register import EntryKey, EntryStatus, RegisterEntry, is_secret_stream


def vn_date(day: dt.date) -> str:
    """`31/12/2024`."""
    return day.strftime("%d/%m/%Y")


def future_year(year: int, today: dt.date) -> RegisterError | None:
    if year <= today.year:
        return None
    return RegisterError(
        f"năm {year} chưa bắt đầu (hôm nay là {vn_date(today)})",
        hint="số được cấp theo năm hiện hành; kiểm tra năm và đồng hồ máy tính.",
    )


def closed_year(year: int, today: dt.date) -> RegisterError:
    return RegisterError(
        f"sổ đăng ký năm {year} đã khóa",
        hint=f"cấp số vào sổ năm {today.year}; số của năm đã khóa không thay đổi được.",
    )


def secrecy(entry: RegisterEntry) -> RegisterError | None:
    """A secret document outside a secret stream, or a public one inside it (Điều 15.2)."""
    secret_stream = is_secret_stream(entry.stream)
    if entry.secrecy is not None and not secret_stream:
        return RegisterError(
            f"văn bản {entry.secrecy.value} không được lấy số ở sổ thường '{entry.stream}'",
            hint="văn bản mật có hệ thống số riêng (Điều 15.2): dùng sổ 'mat'.",
        )
    if entry.secrecy is None and secret_stream:
        return RegisterError(
            f"văn bản không mật không được lấy số ở sổ văn bản mật '{entry.stream}'",
            hint="ghi độ mật của văn bản, hoặc dùng sổ thường (hanh_chinh).",
        )
    return None


def issue_date(entry: RegisterEntry, today: dt.date) -> RegisterError | None:
    """No date, a date in the future, or a date outside the register's year."""
    if entry.date is None:
        return RegisterError(
            f"số {entry.number_symbol} chưa có ngày văn bản",
            hint="ghi ngày ban hành (mặc định là hôm nay) rồi cấp số lại.",
        )
    if entry.date > today:
        return RegisterError(
            f"ngày văn bản {vn_date(entry.date)} ở tương lai (hôm nay là {vn_date(today)})",
            hint="số và ngày được cấp sau khi ký (Điều 15); dùng ngày hôm nay.",
        )
    if entry.date.year != entry.year:
        return RegisterError(
            f"ngày văn bản {vn_date(entry.date)} không thuộc sổ năm {entry.year}",
            hint="mỗi năm một dãy số từ 01/01 đến 31/12 (Điều 15.1); lấy số ở sổ đúng năm.",
        )
    return None


def order(entry: RegisterEntry, last: dt.date | None) -> RegisterError | None:
    """A date before the last issued date of the stream."""
    if last is None or entry.date is None or entry.date >= last:
        return None
    return RegisterError(
        f"ngày văn bản {vn_date(entry.date)} trước ngày của văn bản đã cấp số gần nhất "
        f"trong sổ '{entry.stream}' ({vn_date(last)})",
        hint="số và ngày theo thứ tự thời gian ban hành (Điều 15.1); dùng ngày hôm nay.",
    )


def clash(entry: RegisterEntry, stream: str) -> RegisterError:
    """(number, symbol, year) already used in `stream`."""
    return RegisterError(
        f"số {entry.number_symbol} năm {entry.year} đã có trong sổ '{stream}'",
        hint="số và ký hiệu phải duy nhất trong năm (Điều 15.1); kiểm tra cấu hình sổ.",
    )


def issued_draft(number_symbol: str, year: int) -> RegisterError:
    return RegisterError(
        f"bản dự thảo này đã được cấp số {number_symbol} năm {year}",
        hint="không cấp số lần nữa; muốn sửa văn bản đã ban hành thì đính chính hoặc thay thế.",
    )


def never_taken(entry: RegisterEntry) -> RegisterError:
    return RegisterError(
        f"số {entry.number_symbol} năm {entry.year} (sổ {entry.stream}) chưa được lấy "
        "hoặc giữ trước",
        hint="để docgen lấy số mới, hoặc giữ số trước bằng `docgen register reserve`.",
    )


def not_reserved(current: RegisterEntry) -> RegisterError | None:
    """A cancelled or issued number where a reserved one is needed."""
    where = f"số {current.number_symbol} năm {current.year} (sổ {current.stream})"
    if current.status is EntryStatus.CANCELLED:
        return RegisterError(
            f"{where} đã bị hủy: {current.cancel_reason}",
            hint="số đã hủy không bao giờ được dùng lại; lấy số mới.",
        )
    if current.status is EntryStatus.ISSUED:
        day = vn_date(current.date) if current.date else "?"
        return RegisterError(
            f"{where} đã được cấp cho văn bản ngày {day}",
            hint="một số chỉ cấp một lần; văn bản sai thì đính chính, thu hồi hoặc thay thế.",
        )
    return None


def other_symbol(current: RegisterEntry, symbol: str) -> RegisterError | None:
    if current.symbol == symbol:
        return None
    return RegisterError(
        f"số {current.number_symbol} được giữ với ký hiệu {current.symbol}, không phải {symbol}",
        hint="cấp văn bản có đúng ký hiệu đã giữ, hoặc hủy số đã giữ và lấy số mới.",
    )


def missing(key: EntryKey) -> RegisterError:
    return RegisterError(
        f"không có số {key.number:02d} năm {key.year} trong sổ '{key.stream}'",
        hint="xem các số đã cấp bằng `docgen register show --year NĂM`.",
    )


def not_issued(current: RegisterEntry) -> RegisterError | None:
    if current.status is EntryStatus.ISSUED:
        return None
    return RegisterError(
        f"số {current.number_symbol} năm {current.year} chưa ban hành ({current.remarks})",
        hint="chỉ ghi chuyển, đính chính, thu hồi, thay thế cho văn bản đã ban hành.",
    )


def no_reason(key: EntryKey, reason: str) -> RegisterError | None:
    if reason.strip():
        return None
    return RegisterError(
        f"hủy số {key.number:02d} (sổ {key.stream}) mà không ghi lý do",
        hint="ghi lý do hủy số (--reason); sổ in ra sẽ ghi lý do này ở cột Ghi chú.",
    )


def dispatch_date(
    current: RegisterEntry, dispatched: dt.date, today: dt.date
) -> RegisterError | None:
    if dispatched <= today and (current.date is None or dispatched >= current.date):
        return None
    return RegisterError(
        f"ngày chuyển {vn_date(dispatched)} của số {current.number_symbol} không hợp lệ",
        hint="ngày chuyển phải từ ngày văn bản đến hôm nay.",
    )


def raise_first(*errors: RegisterError | None) -> None:
    """Raise the first error that is not None."""
    for error in errors:
        if error is not None:
            raise error

"""The printed registers: outgoing (Sổ đăng ký văn bản đi, ND30 Phụ lục IV mẫu I) and incoming
(Sổ đăng ký văn bản đến, mẫu VI) — the `den` stream prints the latter; docs/records/register.md.

A cover page (parent agency, agency, "SỔ ĐĂNG KÝ VĂN BẢN ĐI" or "… ĐẾN", năm, từ ngày … đến
ngày, từ số … đến số, quyển số), then the ten columns; landscape A4, Times New Roman. DOCX via
python-docx, XLSX via openpyxl with the same columns. Both return bytes with fixed zip timestamps
and document dates, so the same register gives the same file.

Column widths: every word of a heading fits its column on one line (11 pt bold, less the cells'
1.9 mm side margins), so no heading breaks inside a word ("Số lượn|g bản");
tests/unit/test_register_print.py measures them.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from docgen.archive import history as h
from docgen.model.register import COPIES_NOI_NHAN, DEN, EntryKey, RegisterEntry, format_number

if TYPE_CHECKING:
    from docgen.archive.register import RegisterStore

TITLE = "SỔ ĐĂNG KÝ VĂN BẢN ĐI"
INCOMING_TITLE = "SỔ ĐĂNG KÝ VĂN BẢN ĐẾN"
FONT = "Times New Roman"
HEADERS = (
    "Số, ký hiệu văn bản",
    "Ngày tháng văn bản",
    "Tên loại và trích yếu nội dung văn bản",
    "Người ký",
    "Nơi nhận văn bản",
    "Đơn vị, người nhận bản lưu",
    "Số lượng bản",
    "Ngày chuyển",
    "Ký nhận",
    "Ghi chú",
)
#: column widths in mm; they add up to the 257 mm between 20 mm margins of a landscape A4 page.
#: (7) needs 16: at 13 mm, `lượng` (9.7 mm in 11 pt bold) did not fit and wrapped as `lượn g`;
#: a date column needs 22 for `07/05/2024` (17.7 mm in 11 pt) on one line.
WIDTHS_MM = (30, 23, 48, 26, 30, 24, 16, 22, 16, 22)
INCOMING_HEADERS = (
    "Ngày đến",
    "Số đến",
    "Tác giả",
    "Số, ký hiệu văn bản",
    "Ngày tháng văn bản",
    "Tên loại và trích yếu nội dung văn bản",
    "Đơn vị hoặc người nhận",
    "Ngày chuyển",
    "Ký nhận",
    "Ghi chú",
)
INCOMING_WIDTHS_MM = (22, 14, 32, 28, 22, 55, 28, 22, 16, 18)
#: the columns printed centred: dates, numbers and counts
CENTRED = (0, 1, 6, 7)
INCOMING_CENTRED = (0, 1, 4, 7)
_FIXED = dt.datetime(2020, 3, 5)  # ND30's date: a constant creation date keeps output stable


@dataclass(frozen=True)
class Cover:
    """The cover and first page of the register."""

    agency: str  #: TÊN CƠ QUAN/ĐƠN VỊ
    year: int
    parent: str = ""  #: TÊN CƠ QUAN CHỦ QUẢN TRỰC TIẾP
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    number_from: int | None = None
    number_to: int | None = None
    volume: str = "01"  #: Quyển số
    head: str = ""  #: hash of the last event of the history, printed under the table
    incoming: bool = False  #: the incoming register (Sổ đăng ký văn bản đến)

    @property
    def title(self) -> str:
        return INCOMING_TITLE if self.incoming else TITLE

    @property
    def headers(self) -> tuple[str, ...]:
        return INCOMING_HEADERS if self.incoming else HEADERS

    @property
    def widths_mm(self) -> tuple[int, ...]:
        return INCOMING_WIDTHS_MM if self.incoming else WIDTHS_MM

    @property
    def centred(self) -> tuple[int, ...]:
        return INCOMING_CENTRED if self.incoming else CENTRED

    def lines(self) -> list[tuple[str, bool, float]]:
        """(text, bold, size in pt) of each cover line, top to bottom; '' is a blank line."""

        def day(value: dt.date | None) -> str:
            return value.strftime("%d/%m/%Y") if value else "……"

        def number(value: int | None) -> str:
            return format_number(value) if value is not None else "……"

        return [
            ("", False, 13),
            (self.parent.upper(), False, 13),
            (self.agency.upper(), True, 13),
            ("", False, 13),
            (self.title, True, 18),
            ("", False, 13),
            (f"Năm: {self.year}", False, 14),
            (f"Từ ngày {day(self.date_from)} đến ngày {day(self.date_to)}", False, 14),
            (f"Từ số {number(self.number_from)} đến số {number(self.number_to)}", False, 14),
            ("", False, 13),
            ("", False, 13),
            ("", False, 13),
            (f"Quyển số: {self.volume}", True, 14),
        ]


def _day(value: dt.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def row_cells(entry: RegisterEntry, copies: str = COPIES_NOI_NHAN) -> tuple[str, ...]:
    """The ten cells of one register row, as printed; `copies` is the profile's `[register]
    copies`, the source of column (7) (`RegisterEntry.printed_copies`)."""
    count = entry.printed_copies(copies)
    return (
        entry.number_symbol,
        _day(entry.date),
        entry.type_and_subject,
        entry.signer,
        "; ".join(entry.recipients),
        ", ".join(entry.holders),
        str(count) if count is not None else "",
        _day(entry.dispatched),
        entry.delivery,
        entry.remarks,
    )


def incoming_row_cells(entry: RegisterEntry, type_name: str = "") -> tuple[str, ...]:
    """The ten cells of one incoming row (mẫu VI): the sender is kept in `signer`, their number
    and date in `recipients`, the unit it went to in `holders` (`services.incoming`); the type
    name (`receive --type-name`, kept in the catalogue) goes before the trích yếu in (6).

    (8) Ngày chuyển and (9) Ký nhận are blank until `docgen register dispatch N --den` records
    the hand-over: forwarding a copy to the unit's folder on receipt is not a signed hand-over."""
    theirs = entry.recipients[0] if entry.recipients else ""
    their_date = dt.date.fromisoformat(entry.recipients[1]) if len(entry.recipients) > 1 else None
    return (
        _day(entry.date),
        format_number(entry.number),
        entry.signer,
        theirs,
        _day(their_date),
        f"{type_name} {entry.type_and_subject}".strip(),
        # assigned (Điều 23–24): the lead unit and person, the others; else the unit on receipt
        entry.handling.receivers
        if entry.handling is not None and entry.handling.lead
        else ", ".join(entry.holders),
        _day(entry.dispatched),
        entry.receipt,
        entry.remarks,
    )


def _cells(
    cover: Cover,
    entries: Sequence[RegisterEntry],
    copies: str,
    type_names: Mapping[int, str] | None,
) -> list[tuple[str, ...]]:
    if cover.incoming:
        names = type_names or {}
        return [incoming_row_cells(e, names.get(e.number, "")) for e in entries]
    return [row_cells(e, copies) for e in entries]


def _stable_zip(data: bytes) -> bytes:
    """`data` (a zip) rewritten with every member dated 1980-01-01, in the same order."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = info.external_attr
            target.writestr(member, source.read(info.filename))
    return out.getvalue()


def head_line(cover: Cover) -> str:
    """The line printed under the table that anchors the printed register to its history."""
    return f"Mã kiểm tra lịch sử sổ (SHA-256): {cover.head}" if cover.head else ""


def register_docx(
    cover: Cover,
    entries: Sequence[RegisterEntry],
    *,
    copies: str = COPIES_NOI_NHAN,
    type_names: Mapping[int, str] | None = None,
) -> bytes:
    """The register as a .docx: cover page, then the table with its header repeated on each page.

    `copies` is the profile's source of column (7) of the outgoing register; `type_names` the
    incoming documents' type names by số đến (`incoming_type_names`)."""
    from docgen.archive.export_docx import build_docx

    return _stable_zip(build_docx(cover, _cells(cover, entries, copies, type_names), _FIXED))


def register_xlsx(
    cover: Cover,
    entries: Sequence[RegisterEntry],
    *,
    copies: str = COPIES_NOI_NHAN,
    type_names: Mapping[int, str] | None = None,
) -> bytes:
    """The register as an .xlsx: a cover sheet and a register sheet with the same ten columns
    (`copies`, `type_names` as for `register_docx`)."""
    from docgen.archive.export_xlsx import build_xlsx

    return _stable_zip(build_xlsx(cover, _cells(cover, entries, copies, type_names), _FIXED))


def incoming_type_names(
    store: RegisterStore, year: int, numbers: Sequence[int] | None = None
) -> dict[int, str]:
    """The type name (`Hướng dẫn`, …) of each document received in `year` (of số đến
    `numbers` only, when given: a page of the register), by số đến: the register row does not
    keep it, the catalogue row does."""
    sql = (
        "SELECT arrival_number, type_name FROM documents WHERE agency = ? AND year = ?"
        " AND direction = ? AND arrival_number IS NOT NULL AND type_name <> ''"
    )
    params: list[object] = [store.agency, year, DEN]
    if numbers is not None:
        if not numbers:
            return {}
        sql += f" AND arrival_number IN ({', '.join('?' for _ in numbers)})"
        params.extend(numbers)
    # in doc_id order, as the catalogue lists them: the last of two rows with one số đến wins
    return {int(n): str(name) for n, name in store.db.all(sql + " ORDER BY doc_id", params)}


def register_rows(
    store: RegisterStore, year: int, stream: str | None = None
) -> list[RegisterEntry]:
    """The rows of `year` (of one `stream`) as the register shows them, ordered like
    `RegisterStore.entries`, each with every Điều 18 link that concerns it.

    A link is recorded on the corrected, recalled or replaced document (its year's history), so
    that row always carries it, whenever it was made; the document that corrects or replaces it
    may be of a later year, and its row gets the link here, from the annotations recorded on the
    other years' rows.
    """
    return _linked(store, year, store.entries(year, stream))


def register_page(
    store: RegisterStore, year: int, stream: str | None, keys: Sequence[EntryKey]
) -> list[RegisterEntry]:
    """The rows of `keys` (a slice of `store.keys(year, stream)`: one page of the register)
    exactly as `register_rows(store, year, stream)` gives them, links included, reading only
    what those rows need."""
    return _linked(store, year, store.entries_of(year, stream, keys))


def _linked(store: RegisterStore, year: int, rows: list[RegisterEntry]) -> list[RegisterEntry]:
    """`rows` (of `year`) with the Điều 18 links recorded on other years' rows (see
    `register_rows`)."""
    at = {row.key: i for i, row in enumerate(rows)}
    annotations = store.db.all(
        f"SELECT {h.EVENT_COLUMNS} FROM events WHERE agency = ? AND type = ? AND year <> ?"
        " ORDER BY seq",
        (store.agency, h.ANNOTATE, year),
    )
    for raw in annotations:
        link = h.annotation_from(h.Event.from_row(raw))
        index = at.get(link.by) if link.by is not None else None
        if index is not None:
            rows[index] = replace(rows[index], annotations=(*rows[index].annotations, link))
    return rows


def select(
    entries: Sequence[RegisterEntry], date_from: dt.date | None, date_to: dt.date | None
) -> list[RegisterEntry]:
    """The rows of one stream to print, in number order.

    Without dates, every row. With dates, the numbers from the first to the last issued between
    them, including the reserved and cancelled numbers in that range, so no number goes missing.
    """
    rows = sorted(entries, key=lambda e: e.number)
    if date_from is None and date_to is None:
        return rows
    low, high = date_from or dt.date.min, date_to or dt.date.max
    inside = [e.number for e in rows if e.date is not None and low <= e.date <= high]
    if not inside:
        return []
    return [e for e in rows if min(inside) <= e.number <= max(inside)]


def cover_for(
    agency: str,
    parent: str,
    year: int,
    rows: Sequence[RegisterEntry],
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    volume: str = "01",
    head: str = "",
    *,
    incoming: bool | None = None,
) -> Cover:
    """The cover of `rows`: the dates asked for (else the first and last dates), the numbers.

    `incoming` prints the incoming register (also when it has no row yet); None: when every row
    is of the `den` stream."""
    dates = [e.date for e in rows if e.date is not None]
    return Cover(
        agency=agency,
        year=year,
        parent=parent,
        date_from=date_from or (min(dates) if dates else None),
        date_to=date_to or (max(dates) if dates else None),
        number_from=rows[0].number if rows else None,
        number_to=rows[-1].number if rows else None,
        volume=volume,
        head=head,
        incoming=(bool(rows) and all(e.stream == DEN for e in rows))
        if incoming is None
        else incoming,
    )

"""Records management use cases, part one (docs/records/hoso.md): the file plan (danh mục hồ
sơ) from its XLSX, the files it opens, putting documents into files, suggestions, and what a
file holds. Closing is in `records_close`, the hand-over to the agency archive in
`records_transfer`, retention and disposal in `records_retention`.

Every change is one transaction on the register database; a refusal changes nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, replace
from pathlib import Path

from docgen.archive import records as rs
from docgen.archive.catalogue import CatalogueRow
from docgen.archive.fold import number_key
from docgen.archive.metadata import decode
from docgen.archive.records_actions import forms_folder
from docgen.archive.register import RegisterStore
from docgen.errors import ArchiveError, InputError
from docgen.inputs.plan import read_plan, table_rows, template_xlsx
from docgen.model.agency import Agency
from docgen.model.records import FileStatus, HoSo, Item, Plan, PlanRow, Role
from docgen.rules.records import DocumentFacts, Suggestion, suggest, unit_of_symbol

_NOTATION = re.compile(r"^\s*(\d{1,9})\s*/\s*(\S+)\s*$")
_ARRIVAL = re.compile(r"^\s*(?:(?:số\s*)?đến\s*)?(\d{1,9})\s*$", re.IGNORECASE)


def recorded_at(store: RegisterStore) -> str:
    """When a records change is recorded (the store's clock, to the microsecond)."""
    return store.now().isoformat(timespec="microseconds")


# -- the plan ----------------------------------------------------------------------------------


def plan_of(store: RegisterStore, year: int, version: int | None = None) -> Plan | None:
    """The file plan of `year` (its newest version unless `version`), or None."""
    return rs.plan(store.db, store.agency, year, version)


def plan_template(store: RegisterStore, agency: Agency, year: int) -> bytes:
    """The XLSX to edit: the newest plan of `year` when there is one, else the shipped table."""
    current = plan_of(store, year)
    rows = list(current.rows) if current is not None else table_rows()
    return template_xlsx(rows, agency, year)


def plan_form(agency: Agency, plan: Plan) -> bytes:
    """The plan as its printed PL5 form (DOCX): column (4) is the person who makes each file,
    else the name of the unit that keeps it."""
    from docgen.archive.records_forms import Header, plan_docx

    def maker(row: PlanRow) -> str:
        unit = agency.unit(row.unit)
        return row.maker or (unit.name if unit is not None else row.unit)

    header = Header(agency.parent, agency.name, "", agency.place)
    return plan_docx(header, plan, [maker(row) for row in plan.rows])


@dataclass(frozen=True)
class PlanImported:
    """What importing a plan did: the version stored, the files opened, the open files whose
    title or retention followed the new version, and the closed ones left as they were."""

    plan: Plan
    opened: tuple[str, ...]
    updated: tuple[str, ...]
    kept: tuple[str, ...]


def import_plan(store: RegisterStore, agency: Agency, year: int, path: Path) -> PlanImported:
    """Read the plan sheet at `path`, store it as the next version of `year`'s plan and open a
    file per row. InputError (nothing stored) for a bad cell, a year too far ahead, or a row
    that would move an existing file to another unit."""
    today = store.today()
    if not 2000 <= year <= today.year + 1:
        raise InputError(
            f"năm {year} không hợp lệ cho danh mục hồ sơ (hôm nay là {today:%d/%m/%Y})",
            field="--year",
            hint="danh mục hồ sơ được lập cho năm hiện hành hoặc năm tới (Điều 28).",
        )
    rows = read_plan(path, agency)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    opened: list[str] = []
    updated: list[str] = []
    kept: list[str] = []
    db = store.db
    with db.transaction():
        existing = {f.code: f for f in rs.files(db, store.agency, year=year)}
        for row in rows:
            found = existing.get(row.code)
            if found is not None and found.unit != row.unit:
                raise InputError(
                    f"mã {row.code} đã là hồ sơ {found.notation} của đơn vị {found.unit}, "
                    f"không chuyển sang {row.unit} được",
                    source=str(path),
                    field=f"mã hồ sơ {row.code}",
                    hint="giữ đơn vị cũ, hoặc dùng một mã mới cho hồ sơ của đơn vị kia.",
                )
        version = rs.latest_version(db, store.agency, year) + 1
        plan = Plan(year, version, rows, recorded_at(store), path.name)
        rs.insert_plan(
            db, store.agency, plan, at=plan.imported_at, source=path.name, source_sha=digest
        )
        for row in rows:
            found = existing.get(row.code)
            if found is None:
                hoso = _new_file(year, row, today)
                rs.insert_file(db, store.agency, hoso)
                opened.append(hoso.notation)
                continue
            fresh = replace(
                found, title=row.title, retention=row.retention, heading=row.heading,
                maker=row.maker, basis=row.basis,
            )  # fmt: skip
            if fresh == found:
                continue
            if found.closed:
                kept.append(found.notation)
            else:
                rs.update_file(db, store.agency, fresh)
                updated.append(found.notation)
    return PlanImported(plan, tuple(opened), tuple(updated), tuple(kept))


def _new_file(year: int, row: PlanRow, today: dt.date) -> HoSo:
    notation = row.notation(year)
    return HoSo(
        notation=notation, year=year, code=row.code, unit=row.unit, title=row.title,
        retention=row.retention, heading=row.heading, maker=row.maker, basis=row.basis,
        opened_on=today, folder=forms_folder(year, row.unit, notation),
    )  # fmt: skip


# -- files and documents -----------------------------------------------------------------------


def files(store: RegisterStore, *, year: int | None = None, unit: str | None = None) -> list[HoSo]:
    return rs.files(store.db, store.agency, year=year, unit=unit)


def get_file(store: RegisterStore, notation: str) -> HoSo:
    """The file `notation`; ArchiveError naming it when there is none."""
    found = rs.file(store.db, store.agency, notation.strip())
    if found is None:
        raise ArchiveError(
            f"không có hồ sơ {notation.strip()}",
            field="mã hồ sơ",
            hint="xem các hồ sơ bằng `docgen hoso list --year NĂM` (mã dạng 2025.05.KHTH).",
        )
    return found


def file_year(notation: str) -> int | None:
    head = notation.strip().split(".", 1)[0]
    return int(head) if head.isdigit() and len(head) == 4 else None


def find_document(store: RegisterStore, text: str, *, year: int | None) -> CatalogueRow:
    """The archived document a clerk names: `05/BQL-KHTH` (its number and symbol, or a
    received one's own), `12` or `đến 12` (a số đến), or a catalogue id (`di/2025/hanh_chinh/5`).
    `year` narrows to that year (a number restarts every year). InputError when none or several
    match, naming them."""
    db, agency = store.db, store.agency
    text = text.strip()
    if text.count("/") >= 2 and text.split("/", 1)[0] in {"di", "den", "luu"}:
        found = rs.documents(db, agency, [text]).get(text)
        if found is None:
            raise _no_document(text)
        return found
    notation = _NOTATION.match(text)
    if notation is not None:
        key = number_key(int(notation.group(1)), notation.group(2))
        rows = rs.documents_by_key(db, agency, key, year)
        if len(rows) == 1:
            return rows[0]
        if not rows:
            raise _no_document(text, year)
        listed = ", ".join(r.doc_id for r in rows[:5])
        raise InputError(
            f"có {len(rows)} văn bản số {text}: {listed}",
            field="văn bản",
            hint="ghi thêm --year, hoặc ghi mã văn bản trong kho (ví dụ den/2025/12).",
        )
    arrival = _ARRIVAL.match(text)
    if arrival is not None:
        if year is None:
            raise InputError(
                f"số đến {arrival.group(1)} của năm nào?",
                field="văn bản",
                hint="ghi thêm --year (số đến đánh lại từ 01 mỗi năm).",
            )
        row = rs.document_by_arrival(db, agency, year, int(arrival.group(1)))
        if row is None:
            raise _no_document(f"số đến {arrival.group(1)}", year)
        return row
    raise InputError(
        f"`{text}` không phải số, ký hiệu văn bản hay số đến",
        field="văn bản",
        hint="ghi như 05/BQL-KHTH (văn bản đi), 12 (số đến) hoặc den/2025/12.",
    )


def _no_document(text: str, year: int | None = None) -> InputError:
    where = f" năm {year}" if year is not None else ""
    return InputError(
        f"không có văn bản {text}{where} trong kho",
        field="văn bản",
        hint="tìm văn bản bằng `docgen search` rồi ghi đúng số, ký hiệu.",
    )


def pages_of(archive: Path, row: CatalogueRow) -> int:
    """The page count the document's metadata file records (PageAmount); 0 when unreadable."""
    try:
        data = decode((archive / row.folder / f"{row.stem}.json").read_bytes())
    except (OSError, ValueError, UnicodeDecodeError):
        return 0
    value = data.get("PageAmount", 0)
    return int(value) if isinstance(value, int) else 0


@dataclass(frozen=True)
class Assigned:
    hoso: HoSo
    row: CatalogueRow
    item: Item


def assign(
    store: RegisterStore,
    archive: Path,
    document: str,
    notation: str,
    *,
    year: int | None = None,
    reference: bool = False,
) -> Assigned:
    """Put `document` into the file `notation`: as its original (it may be the original of one
    file only) or, with `reference`, as a reference. Refused (nothing changed) when the file is
    closed, the document is not found, already the original of a file, or already in this one."""
    hoso = get_file(store, notation)
    row = find_document(store, document, year=year if year is not None else hoso.year)
    pages = pages_of(archive, row)
    db = store.db
    with db.transaction():
        current = rs.file(db, store.agency, hoso.notation, lock=True)
        assert current is not None
        if current.closed:
            raise closed_refusal(current, row.notation)
        placed = rs.items_of(db, store.agency, row.doc_id)
        if any(i.notation == current.notation for i in placed):
            raise ArchiveError(
                f"văn bản {row.notation} đã có trong hồ sơ {current.notation}",
                hint="xem hồ sơ bằng `docgen hoso show MÃ`.",
            )
        original = next((i for i in placed if i.role is Role.ORIGINAL), None)
        if original is not None and not reference:
            raise ArchiveError(
                f"văn bản {row.notation} đã là bản gốc trong hồ sơ {original.notation}",
                hint="một văn bản chỉ là bản gốc của một hồ sơ; thêm --tham-chieu để hồ sơ này "
                "tham chiếu đến nó.",
            )
        role = Role.REFERENCE if reference else Role.ORIGINAL
        item = Item(current.notation, row.doc_id, role, pages)
        rs.insert_item(db, store.agency, item, at=recorded_at(store))
    return Assigned(current, row, item)


def closed_refusal(hoso: HoSo, what: str) -> ArchiveError:
    when = f" ngày {hoso.end_date:%d/%m/%Y}" if hoso.end_date else ""
    return ArchiveError(
        f"hồ sơ {hoso.notation} {hoso.status.label}{when}; không thêm văn bản {what} được",
        hint="đưa văn bản vào một hồ sơ đang mở (`docgen hoso suggest SỐ` gợi ý hồ sơ).",
    )


def facts_of(row: CatalogueRow) -> DocumentFacts:
    """What a suggestion looks at: type name, the units concerned, trích yếu."""
    units = [u for u in row.holders if u != "VT"]
    if row.direction != "den":
        own = unit_of_symbol(row.symbol)
        if own:
            units.insert(0, own)
    return DocumentFacts(row.type_name, tuple(dict.fromkeys(units)), row.subject)


def suggestions(
    store: RegisterStore, document: str, *, year: int | None = None, limit: int = 3
) -> tuple[CatalogueRow, list[tuple[HoSo, Suggestion]]]:
    """The open files of the document's year that fit it best (by type, unit and the words of
    its trích yếu against the files' titles), best first."""
    row = find_document(store, document, year=year)
    open_files = rs.files(
        store.db, store.agency, year=year or row.year, statuses=(FileStatus.OPEN,)
    )
    by_code = {f.code: f for f in open_files}
    rows = [
        PlanRow(f.code, f.title, f.retention, f.unit, heading=f.heading, basis=f.basis)
        for f in open_files
    ]
    return row, [(by_code[s.row.code], s) for s in suggest(facts_of(row), rows, limit)]


@dataclass(frozen=True)
class Entry:
    """A document as a file lists it: position, the pages it takes, the row."""

    ordinal: int
    item: Item
    row: CatalogueRow | None
    first_page: int
    last_page: int

    @property
    def pages(self) -> str:
        if self.item.pages <= 0:
            return ""
        return f"{self.first_page}-{self.last_page}"


@dataclass(frozen=True)
class FileView:
    hoso: HoSo
    entries: tuple[Entry, ...]  #: the originals, in order
    references: tuple[Entry, ...]

    @property
    def pages(self) -> int:
        return sum(e.item.pages for e in self.entries)


def _order(entry: tuple[Item, CatalogueRow | None]) -> tuple[object, ...]:
    item, row = entry
    if item.ordinal:
        return (0, item.ordinal, "", 0)
    when = (row.doc_date or row.arrival_date) if row is not None else None
    return (1, 0, (when or dt.date.max).isoformat(), row.seq if row else 0)


def view(store: RegisterStore, notation: str) -> FileView:
    """The file `notation` with its documents in order (by ordinal once closed, else by date
    then filing order) and the pages each takes."""
    hoso = get_file(store, notation)
    held = rs.items(store.db, store.agency, hoso.notation)
    rows = rs.documents(store.db, store.agency, [i.doc_id for i in held])
    pairs = sorted(((i, rows.get(i.doc_id)) for i in held), key=_order)
    entries: list[Entry] = []
    references: list[Entry] = []
    page = 1
    for item, row in pairs:
        if item.role is Role.ORIGINAL:
            first, last = (page, page + item.pages - 1) if item.pages > 0 else (0, 0)
            entries.append(Entry(len(entries) + 1, item, row, first, last))
            page += max(item.pages, 0)
        else:
            references.append(Entry(len(references) + 1, item, row, 0, 0))
    return FileView(hoso, tuple(entries), tuple(references))


def unassigned(store: RegisterStore, year: int) -> list[CatalogueRow]:
    """The archived documents of `year` in no file as an original: what is left to file."""
    from docgen.archive.catalogue import all_rows

    placed = rs.assigned_ids(store.db, store.agency, Role.ORIGINAL)
    return [r for r in all_rows(store.db, store.agency, year) if r.doc_id not in placed]

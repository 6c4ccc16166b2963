"""Taking a document out of a file, or moving it to another (docs/records/hoso.md): a clerk who
put a document in the wrong hồ sơ corrects it while both files are open. Each correction is one
transaction that also records why (`records_actions`, kind REMOVAL, `GV-2025-01`), so a file's
history shows what left it, when and for what reason; a closed file is never changed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from docgen.archive import records as rs
from docgen.archive import records_actions as ra
from docgen.archive.catalogue import CatalogueRow
from docgen.archive.register import RegisterStore
from docgen.errors import ArchiveError, InputError
from docgen.model.records import HoSo, Item, Role
from docgen.services.records import closed_refusal, find_document, get_file, recorded_at


@dataclass(frozen=True)
class Removed:
    """`row` taken out of `source` (as `role`), put into `target` when moved; the action
    recorded (`GV-…`)."""

    row: CatalogueRow
    source: HoSo
    role: Role
    action: ra.Action
    target: HoSo | None = None


def remove(
    store: RegisterStore,
    document: str,
    notation: str,
    *,
    reason: str,
    year: int | None = None,
    to: str | None = None,
    by: str = "",
) -> Removed:
    """Take `document` out of the open file `notation` for `reason`; with `to`, put it into
    that open file at once, in the same role and with the page count it had.
    `by`: who did it (the web application's user), recorded with the reason.
    Refused, nothing changed: no reason, a closed file, a document not in it, the same file."""
    if not reason.strip():
        raise InputError(
            "chưa ghi lý do gỡ văn bản khỏi hồ sơ",
            field="--reason",
            hint="ghi lý do, ví dụ --reason 'đưa nhầm hồ sơ'; lý do được lưu trong nhật ký hồ sơ.",
        )
    source = get_file(store, notation)
    target = get_file(store, to) if to else None
    if target is not None and target.notation == source.notation:
        raise InputError(
            f"văn bản đã ở hồ sơ {source.notation}",
            field="hồ sơ chuyển sang",
            hint="ghi mã một hồ sơ khác.",
        )
    row = find_document(store, document, year=year if year is not None else source.year)
    db, agency = store.db, store.agency
    with db.transaction():
        current = rs.file(db, agency, source.notation, lock=True)
        assert current is not None
        if current.closed:
            raise closed_refusal(current, row.notation)
        holding = rs.items_of(db, agency, row.doc_id)
        placed = next((i for i in holding if i.notation == source.notation), None)
        if placed is None:
            raise ArchiveError(
                f"văn bản {row.notation} không có trong hồ sơ {current.notation}",
                hint=f"xem hồ sơ bằng `docgen hoso show {current.notation}`.",
            )
        moved_to = _lock_open(store, target, row, holding) if target is not None else None
        rs.delete_item(db, agency, current.notation, row.doc_id)
        at = recorded_at(store)
        if moved_to is not None:
            item = Item(moved_to.notation, row.doc_id, placed.role, placed.pages)
            rs.insert_item(db, agency, item, at=at)
        done = _record(store, current, moved_to, row, placed, reason.strip(), at, by)
    return Removed(row, current, placed.role, done, moved_to)


def _lock_open(store: RegisterStore, target: HoSo, row: CatalogueRow, holding: list[Item]) -> HoSo:
    """`target` locked, refused when closed or when it already holds the document."""
    found = rs.file(store.db, store.agency, target.notation, lock=True)
    assert found is not None
    if found.closed:
        raise closed_refusal(found, row.notation)
    if any(i.notation == found.notation for i in holding):
        raise ArchiveError(
            f"văn bản {row.notation} đã có trong hồ sơ {found.notation}",
            hint="chỉ gỡ văn bản khỏi hồ sơ cũ (không ghi hồ sơ chuyển sang).",
        )
    return found


def _record(
    store: RegisterStore,
    source: HoSo,
    target: HoSo | None,
    row: CatalogueRow,
    placed: Item,
    reason: str,
    at: str,
    by: str,
) -> ra.Action:
    today: dt.date = store.today()
    files = [source.notation] + ([target.notation] if target is not None else [])
    done = ra.Action(
        ra.next_id(store.db, store.agency, ra.REMOVAL, source.year),
        ra.REMOVAL,
        source.year,
        source.unit,
        at,
        today,
        {
            "files": files,
            "document": row.doc_id,
            "notation": row.notation,
            "role": placed.role.value,
            "reason": reason,
            "moved_to": target.notation if target is not None else None,
            "by": by,
        },
    )
    ra.insert(store.db, store.agency, done)
    return done

"""Retention and disposal (docs/records/hoso.md): which files' retention has run out, the
appraisal that decides they have no more value (xác định giá trị tài liệu), and the disposal
(tiêu hủy) of their content.

A file's retention runs from the year its work ended: a 10-year file closed in 2025 is listed
by `expiring(…, 2035)`. Permanent files are never listed, appraised or disposed of. Disposal
removes the documents' content files (PDF, DOCX, the bản nhận gốc, the units' and the agency
archive's copies) and keeps everything that says what they were: the register rows, the
catalogue rows, each document's metadata file, the file's cover and contents list, and the
disposal record with every removed file's SHA-256. A document the file holds as its original
but that another file still in retention refers to keeps its content.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, replace
from pathlib import Path

from docgen.archive import layout
from docgen.archive import records as rs
from docgen.archive import records_actions as ra
from docgen.archive.register import RegisterStore
from docgen.errors import ArchiveError, InputError
from docgen.model.records import FileStatus, HoSo, Role
from docgen.rules.records import rule
from docgen.services.records import get_file, recorded_at

_LIVE = (FileStatus.CLOSED, FileStatus.RECEIVED)


def group_of(hoso: HoSo) -> str:
    """The group a file is listed under: its plan heading, else the table group it follows."""
    if hoso.heading:
        return hoso.heading
    basis = rule(hoso.basis) if hoso.basis else None
    return f"{basis.group}. {basis.group_title}" if basis else "Chưa có đề mục"


def expiring(store: RegisterStore, year: int) -> dict[str, list[HoSo]]:
    """The closed (or received) files whose retention ends in `year` or before, not disposed
    of, by group (in the order of the groups' first files); permanent files never."""
    out: dict[str, list[HoSo]] = defaultdict(list)
    marked = _appraised(store)
    for hoso in rs.files(store.db, store.agency, statuses=_LIVE):
        ends = hoso.retention_ends()
        if ends is not None and ends <= year:
            out[group_of(hoso)].append(replace(hoso, note=marked.get(hoso.notation, hoso.note)))
    return dict(out)


def _appraised(store: RegisterStore) -> dict[str, str]:
    """File → `đã thẩm định TĐ-… ` for the files an appraisal already took."""
    return {
        notation: f"đã thẩm định {done.id}"
        for done in ra.actions(store.db, store.agency, ra.APPRAISAL)
        for notation in done.notations
    }


@dataclass(frozen=True)
class Appraisal:
    id: str
    files: tuple[HoSo, ...]


def appraise(
    store: RegisterStore,
    notations: list[str],
    *,
    year: int,
    decision: str,
    council: str = "",
    note: str = "",
    on: dt.date | None = None,
) -> Appraisal:
    """Record the appraisal (xác định giá trị tài liệu) that marks `notations` for disposal,
    with the head's `decision` (quyết định, required) and the `council` (hội đồng). Refused
    (nothing recorded) for a permanent file, one not closed, one whose retention ends after
    `year`, one already appraised, or a `year` still to come."""
    today = store.today()
    on = on or today
    if not decision.strip():
        raise InputError(
            "chưa ghi quyết định tiêu hủy của người đứng đầu cơ quan",
            field="--quyet-dinh",
            hint="ghi số, ngày quyết định, ví dụ `Quyết định số 12/QĐ-BQL ngày 05/01/2036`.",
        )
    if year > today.year or on > today:
        raise InputError(
            f"năm {year} chưa đến (hôm nay là {today:%d/%m/%Y})",
            field="--year",
            hint="chỉ thẩm định hồ sơ đã hết thời hạn bảo quản.",
        )
    if not notations:
        raise InputError("chưa ghi hồ sơ nào", field="MÃ", hint="xem `docgen hoso expiring`.")
    marked = _appraised(store)
    chosen: list[HoSo] = []
    for notation in dict.fromkeys(n.strip() for n in notations):
        hoso = get_file(store, notation)
        ends = hoso.retention_ends()
        if hoso.retention.permanent:
            raise ArchiveError(
                f"hồ sơ {hoso.notation} bảo quản vĩnh viễn: không bao giờ tiêu hủy",
                hint="bỏ hồ sơ này khỏi danh sách thẩm định.",
            )
        if hoso.status not in _LIVE or ends is None:
            raise ArchiveError(
                f"hồ sơ {hoso.notation} {hoso.status.label}; chỉ thẩm định hồ sơ đã kết thúc",
                hint="xem danh sách bằng `docgen hoso expiring --year NĂM`.",
            )
        if ends > year:
            raise ArchiveError(
                f"hồ sơ {hoso.notation} còn thời hạn bảo quản đến hết năm {ends}",
                hint=f"thẩm định lại từ năm {ends}.",
            )
        if hoso.notation in marked:
            raise ArchiveError(
                f"hồ sơ {hoso.notation} {marked[hoso.notation]}",
                hint="tiêu hủy theo lần thẩm định đó: `docgen hoso dispose MÃ_THẨM_ĐỊNH`.",
            )
        chosen.append(hoso)
    with store.db.transaction():
        id_ = ra.next_id(store.db, store.agency, ra.APPRAISAL, year)
        payload = {
            "files": [h.notation for h in chosen],
            "decision": decision.strip(),
            "council": council.strip(),
            "note": note.strip(),
        }
        done = ra.Action(id_, ra.APPRAISAL, year, "", recorded_at(store), on, payload)
        ra.insert(store.db, store.agency, done)
    return Appraisal(id_, tuple(chosen))


@dataclass(frozen=True)
class Disposed:
    id: str
    appraisal: str
    files: tuple[str, ...]
    removed: tuple[str, ...]  #: content files removed (relative paths)
    kept: dict[str, str]  #: doc_id → why its content stays


def dispose(
    store: RegisterStore,
    archive: Path,
    appraisal: str,
    *,
    on: dt.date | None = None,
    note: str = "",
) -> Disposed:
    """Dispose of the content of the files appraisal `appraisal` marked. Refused without that
    appraisal. A disposal already recorded is not recorded again: its leftover files (a run
    stopped after recording) are removed and the same disposal is returned."""
    done = ra.action(store.db, store.agency, appraisal.strip())
    if done is None or done.kind != ra.APPRAISAL:
        raise ArchiveError(
            f"không có lần thẩm định {appraisal.strip()}",
            hint="tiêu hủy cần quyết định sau thẩm định: `docgen hoso appraise …` trước.",
        )
    earlier = next(
        (
            d
            for d in ra.actions(store.db, store.agency, ra.DISPOSAL)
            if d.payload.get("appraisal") == done.id
        ),
        None,
    )
    if earlier is not None:
        leftovers = tuple(earlier.payload.get("removed", {}))
        for relative in leftovers:
            (archive / relative).unlink(missing_ok=True)
        kept_before = dict(earlier.payload.get("kept", {}))
        return Disposed(earlier.id, done.id, earlier.notations, leftovers, kept_before)
    db, agency = store.db, store.agency
    targets = set(done.notations)
    held = ra.custody(db, agency)
    removed: dict[str, str] = {}
    kept: dict[str, str] = {}
    for notation in done.notations:
        hoso = get_file(store, notation)
        originals = [i for i in rs.items(db, agency, notation) if i.role is Role.ORIGINAL]
        rows = rs.documents(db, agency, [i.doc_id for i in originals])
        stored = ra.archive_folder(hoso.year, hoso.notation) + "/van-ban/"
        for item in sorted(originals, key=lambda i: i.doc_id):
            row = rows.get(item.doc_id)
            if row is None:
                continue
            others = [
                i.notation
                for i in rs.items_of(db, agency, item.doc_id)
                if i.notation not in targets and _alive(store, i.notation)
            ]
            if others:
                kept[item.doc_id] = f"còn được tham chiếu từ hồ sơ {', '.join(others)}"
                continue
            for name, digest in sorted(row.files.items()):
                removed[f"{row.folder}/{name}"] = digest
                copy = f"{stored}{item.ordinal:03d}-{name}"
                if copy in held.kept:
                    removed[copy] = held.kept[copy]
            for unit in row.holders[1:]:
                for name in row.unit_copies:
                    relative = f"{layout.unit_folder(unit, row.year)}/{name}"
                    if relative not in held.gone:
                        removed[relative] = row.files.get(name, "")
    with db.transaction():
        for notation in done.notations:
            current = rs.file(db, agency, notation, lock=True)
            assert current is not None
            if current.status not in _LIVE:
                raise ArchiveError(
                    f"hồ sơ {notation} {current.status.label}",
                    hint="xem hồ sơ bằng `docgen hoso show MÃ`.",
                )
            rs.update_file(db, agency, replace(current, status=FileStatus.DISPOSED))
        id_ = ra.next_id(db, agency, ra.DISPOSAL, done.year)
        payload = {
            "appraisal": done.id,
            "files": list(done.notations),
            "removed": removed,
            "kept": kept,
            "note": note.strip(),
        }
        ra.insert(
            db,
            agency,
            ra.Action(
                id_, ra.DISPOSAL, done.year, "", recorded_at(store), on or store.today(), payload
            ),
        )
    for relative in removed:
        (archive / relative).unlink(missing_ok=True)
    return Disposed(id_, done.id, done.notations, tuple(removed), kept)


def _alive(store: RegisterStore, notation: str) -> bool:
    hoso = rs.file(store.db, store.agency, notation)
    return hoso is not None and hoso.status is not FileStatus.DISPOSED


# -- what was done to files -------------------------------------------------------------------

#: each kind of action as a clerk calls it
KIND_LABELS = {
    ra.HANDOVER: "giao nộp lưu",
    ra.RECEIPT: "Lưu trữ cơ quan nhận",
    ra.APPRAISAL: "thẩm định",
    ra.DISPOSAL: "tiêu hủy",
    ra.REMOVAL: "gỡ văn bản khỏi hồ sơ",
}


def history(store: RegisterStore, *, year: int | None = None) -> list[ra.Action]:
    """The hand-overs, receipts, appraisals and disposals (of `year`), in the order recorded."""
    return [a for a in ra.actions(store.db, store.agency) if year is None or a.year == year]


def recorded(store: RegisterStore, id_: str) -> ra.Action:
    """The action `id_` (`TH-2035-01`: the disposal record with every removed file's SHA-256);
    ArchiveError naming it when there is none."""
    found = ra.action(store.db, store.agency, id_.strip())
    if found is None:
        hint = "xem các lần giao nộp, nhận, thẩm định, tiêu hủy bằng `docgen hoso actions`."
        raise ArchiveError(f"không có biên bản {id_.strip()}", field="MÃ", hint=hint)
    return found

"""Handing a unit's closed files over to the agency archive (nộp lưu, ND30 Điều 30–31;
docs/records/hoso.md), and the archive receiving them.

`transfer` builds the package: a tar in the backup's format (`archive.transfer.pack`: every
member with its SHA-256 in `MANIFEST.sha256`) holding, per file, its documents' files under
their order in the file, their metadata, the file's cover and contents list and its record
after Thông tư 02/2019/TT-BNV (`ho-so.json`); for the whole batch the mục lục hồ sơ, tài liệu
nộp lưu and the biên bản giao nhận (DOCX and PDF) and `nop-luu.json`. Files kept less than 05
years stay with the unit (Điều 31.3.c); an open file holding documents stops the transfer.

`receive_transfer` checks a package against its manifest and against the register (the same
files, documents and SHA-256), verifies the signatures again, stores the files under
`luu-tru/<year>/<mã hồ sơ>/`, marks the files received and removes the unit's own copies of
their documents: the unit's file now refers to the agency archive's copy (`archive check`
knows, from the receipt, that they are gone on purpose).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from docgen.archive import layout
from docgen.archive import records as rs
from docgen.archive import records_actions as ra
from docgen.archive.catalogue import CatalogueRow
from docgen.archive.metadata import decode
from docgen.archive.migrations import CURRENT
from docgen.archive.records_forms import Handover, file_list_docx, handover_docx
from docgen.archive.records_metadata import document_record, file_record
from docgen.archive.register import RegisterStore
from docgen.archive.staging import sha256
from docgen.archive.transfer import pack, unpack
from docgen.errors import ArchiveError, InputError
from docgen.files import write_atomic
from docgen.model.agency import Agency
from docgen.model.records import FileStatus, HoSo, Role
from docgen.services.filing import INTACT, signature_verdict
from docgen.services.records import view
from docgen.services.records_close import FormsConverter, convert_forms, header_of, render_forms

INFO = "nop-luu.json"
KIND = "docgen-nop-luu"
FILE_LIST = "muc-luc-ho-so"
HANDOVER = "bien-ban-giao-nhan"
_WHAT = "gói nộp lưu"
_MADE_BY = "docgen hoso transfer"


@dataclass(frozen=True)
class Transferred:
    out: Path
    files: tuple[HoSo, ...]
    documents: int
    members: int
    action: str  #: the hand-over's id (GN-2025-01)
    skipped: tuple[str, ...]  #: files left out, each with why
    sha256: str  #: of the package
    #: the Thông tư 02/2019 fields docgen had no value for: `ho-so` (files), `van-ban` (documents)
    missing_metadata: dict[str, list[str]]


#: at most this many problems named per file in a refusal (the rest are counted)
_NAMED = 5


def _document_files(
    archive: Path, hoso: HoSo, row: CatalogueRow, ordinal: int, missing: list[str]
) -> tuple[dict[str, bytes], dict[str, str]]:
    """The document's files (checked against the catalogue's SHA-256) as package members, and
    each file's name → its name in the package. What is missing or changed, and a signature no
    longer intact, go to `missing`."""
    prefix = f"ho-so/{hoso.notation}/van-ban/{ordinal:03d}-"
    members: dict[str, bytes] = {}
    names: dict[str, str] = {}
    wanted = {**row.files, f"{row.stem}.json": row.metadata_sha}
    for name, digest in sorted(wanted.items()):
        try:
            data = (archive / row.folder / name).read_bytes()
        except OSError:
            missing.append(f"thiếu tệp {name} của văn bản {row.notation}")
            continue
        if sha256(data) != digest:
            missing.append(f"tệp {name} của văn bản {row.notation} đã bị thay đổi (SHA-256)")
            continue
        members[prefix + name] = data
        names[name] = f"van-ban/{ordinal:03d}-{name}"
    if (
        row.signature == INTACT
        and row.copy_name in names
        and signature_verdict(archive / row.folder / row.copy_name) != INTACT
    ):
        missing.append(f"chữ ký số của văn bản {row.notation} không còn nguyên vẹn")
    return members, names


def _file_members(
    store: RegisterStore, archive: Path, agency: Agency, hoso: HoSo, missing: list[str]
) -> tuple[dict[str, bytes], int, int]:
    """The members of one closed file, its document count and how many are signed intact;
    what the file lacks goes to `missing` (the members are then incomplete)."""
    file_view = view(store, hoso.notation)
    members: dict[str, bytes] = {}
    documents: list[dict[str, Any]] = []
    signed = 0
    for entry in file_view.entries:
        row = entry.row
        if row is None:
            missing.append(f"văn bản {entry.item.doc_id} không có trong danh mục lưu trữ")
            continue
        lacking = len(missing)
        files, names = _document_files(archive, hoso, row, entry.ordinal, missing)
        members.update(files)
        if len(missing) > lacking:
            continue
        pl6 = decode(files[f"ho-so/{hoso.notation}/{names[f'{row.stem}.json']}"])
        documents.append(
            document_record(row, pl6, hoso, entry.ordinal, organ_id=agency.code, names=names)
        )
        signed += row.signature == INTACT
    for name, digest in sorted(hoso.forms.items()):
        path = archive / hoso.folder / name
        if not path.is_file():
            missing.append(f"thiếu {name}")
            continue
        data = path.read_bytes()
        if sha256(data) != digest:
            missing.append(f"{name} đã bị thay đổi (SHA-256)")
            continue
        members[f"ho-so/{hoso.notation}/{name}"] = data
    restricted = any(bool(e.row and e.row.secrecy) for e in file_view.entries)
    references = [e.item.doc_id for e in file_view.references]
    record = {
        **file_record(hoso, organ_id=agency.code, restricted=restricted),
        "Documents": documents,
        "References": references,
        "Forms": dict(sorted(hoso.forms.items())),
    }
    members[f"ho-so/{hoso.notation}/ho-so.json"] = _json(record)
    return members, len(documents), signed


def _lacking(notation: str, missing: list[str]) -> str:
    """`2025.01.KHTH (thiếu bia-ho-so.pdf; …, và 3 lỗi khác)`: a file and what it lacks."""
    named = "; ".join(missing[:_NAMED])
    more = f"; và {len(missing) - _NAMED} lỗi khác" if len(missing) > _NAMED else ""
    return f"{notation} ({named}{more})"


def _missing_metadata(members: dict[str, bytes], chosen: list[HoSo]) -> dict[str, list[str]]:
    """The metadata fields some file's or document's record has no value for (`docgen.Missing`
    of each `ho-so.json`), sorted."""
    files: set[str] = set()
    documents: set[str] = set()
    for hoso in chosen:
        record = json.loads(members[f"ho-so/{hoso.notation}/ho-so.json"])
        files.update(record["docgen"]["Missing"])
        for doc in record["Documents"]:
            documents.update(doc["docgen"]["Missing"])
    return {"ho-so": sorted(files), "van-ban": sorted(documents)}


def _json(data: Any) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def transfer(
    store: RegisterStore,
    archive: Path,
    agency: Agency,
    *,
    year: int,
    unit: str,
    out: Path,
    on: dt.date | None = None,
    giver: str = "",
    receiver: str = "",
    convert: FormsConverter | None = None,
) -> Transferred:
    """Build the transfer package of `unit`'s closed files of `year` kept 05 years or more, to
    `out`. Refused (nothing written) when one of those files is still open with documents in
    it, when there is none to hand over, or when a closed file is incomplete: a document's file
    or a form missing or changed, a signature no longer intact — one line naming every such
    file and what it lacks."""
    unit = layout.check_unit(unit, field="--unit")
    on = on or store.today()
    every = rs.files(store.db, store.agency, year=year, unit=unit)
    skipped: list[str] = []
    waiting: list[str] = []
    chosen: list[HoSo] = []
    for hoso in every:
        count = sum(
            1 for i in rs.items(store.db, store.agency, hoso.notation) if i.role is Role.ORIGINAL
        )
        if not hoso.retention.transferred:
            skipped.append(f"{hoso.notation} (bảo quản {hoso.retention.label}: đơn vị giữ)")
        elif hoso.status is FileStatus.OPEN:
            if count:
                waiting.append(f"{hoso.notation} ({count} văn bản)")
            else:
                skipped.append(f"{hoso.notation} (không có văn bản)")
        elif hoso.status is not FileStatus.CLOSED:
            skipped.append(f"{hoso.notation} ({hoso.status.label})")
        else:
            chosen.append(hoso)
    if waiting:
        raise ArchiveError(
            f"chưa nộp lưu được: {len(waiting)} hồ sơ chưa kết thúc (thiếu ngày kết thúc, số "
            f"trang, bìa và mục lục): {', '.join(waiting)}",
            hint="kết thúc từng hồ sơ bằng `docgen hoso close MÃ --ngay DD/MM/YYYY` rồi lập lại "
            "gói nộp lưu.",
        )
    if not chosen:
        raise ArchiveError(
            f"đơn vị {unit} không có hồ sơ năm {year} nào đã kết thúc để nộp lưu",
            hint="xem các hồ sơ bằng `docgen hoso list --year NĂM --unit ĐƠN_VỊ`.",
        )
    members: dict[str, bytes] = {}
    documents = signed = 0
    incomplete: list[str] = []
    for hoso in chosen:
        missing: list[str] = []
        part, count, intact = _file_members(store, archive, agency, hoso, missing)
        if missing:
            incomplete.append(_lacking(hoso.notation, missing))
        members.update(part)
        documents += count
        signed += intact
    if incomplete:
        raise ArchiveError(
            f"chưa nộp lưu được: {len(incomplete)} hồ sơ thiếu hoặc sai tệp: "
            f"{'; '.join(incomplete)}",
            hint="chạy `docgen archive check`, khắc phục (khôi phục tệp từ bản sao lưu; chữ ký "
            "hỏng: kiểm tra bằng `docgen verify`) rồi lập lại gói nộp lưu; không nộp lưu tệp "
            "bị sửa.",
        )
    listing = "".join(
        f"{sha256(data)}  {name}\n" for name, data in sorted(members.items()) if "/van-ban/" in name
    )
    facts = Handover(
        header_of(agency, unit), year, unit, tuple(chosen), documents,
        digital_items=sum(1 for n in members if "/van-ban/" in n), signed=signed, on=on,
        giver=giver, receiver=receiver, content=hashlib.sha256(listing.encode()).hexdigest(),
    )  # fmt: skip
    forms = render_forms(
        {FILE_LIST: file_list_docx(facts), HANDOVER: handover_docx(facts)},
        convert or convert_forms(agency.style.pdfa),
    )
    members.update(forms)
    gaps = _missing_metadata(members, chosen)
    info = {
        "kind": KIND,
        "agency": store.agency,
        "organ_id": agency.code,
        "year": year,
        "unit": unit,
        "date": on.isoformat(),
        "files": [h.notation for h in chosen],
        "documents": documents,
        "signed": signed,
        "metadata_missing": gaps,
        "schema": CURRENT,
    }
    members[INFO] = _json(info)
    data = pack(members)
    digest = sha256(data)
    with store.db.transaction():
        action = ra.Action(
            ra.next_id(store.db, store.agency, ra.HANDOVER, year), ra.HANDOVER, year, unit,
            store.now().isoformat(timespec="microseconds"), on,
            {"files": info["files"], "documents": documents, "package": digest, "name": out.name},
        )  # fmt: skip
        ra.insert(store.db, store.agency, action)
        write_atomic(out, data)
    return Transferred(
        out, tuple(chosen), documents, len(members) + 1, action.id, tuple(skipped), digest,
        gaps,
    )  # fmt: skip


@dataclass(frozen=True)
class Receipt:
    action: str  #: the receipt's id (NL-2025-01)
    files: tuple[str, ...]
    documents: int
    stored: int  #: files written into the agency archive
    released: int  #: unit copies that became references
    signatures: int  #: signatures verified again, intact


def _refuse(source: str, message: str) -> ArchiveError:
    return ArchiveError(
        message,
        source=source,
        hint="gói nộp lưu không khớp sổ; lập lại gói bằng `docgen hoso transfer` rồi nhận lại.",
    )


def receive_transfer(
    store: RegisterStore, archive: Path, package: Path, *, on: dt.date | None = None
) -> Receipt:
    """Receive `package` into the agency archive. Refused (nothing changed) when it fails its
    manifest, is another agency's, or does not match the register: a file not closed or already
    received, other documents, other SHA-256, a signature no longer intact."""
    source = str(package)
    if not package.is_file():
        raise InputError("không tìm thấy gói nộp lưu", source=source, hint="kiểm tra đường dẫn.")
    members, _ = unpack(package.read_bytes(), source, what=_WHAT, made_by=_MADE_BY)
    try:
        info = json.loads(members[INFO])
        assert info.get("kind") == KIND
    except (KeyError, ValueError, AssertionError):
        raise _refuse(source, "tệp này không phải gói nộp lưu của docgen") from None
    if info["agency"] != store.agency:
        raise _refuse(
            source, f"gói nộp lưu là của cơ quan {info['agency']}, không phải {store.agency}"
        )
    if int(info.get("schema", 0)) > CURRENT:
        raise _refuse(source, "gói nộp lưu do phiên bản docgen mới hơn tạo")
    db, agency = store.db, store.agency
    year, unit = int(info["year"]), str(info["unit"])
    stored: dict[str, str] = {}
    released: dict[str, str] = {}
    intact = 0
    documents = 0
    plans: list[tuple[HoSo, list[tuple[CatalogueRow, dict[str, str]]]]] = []
    for notation in info["files"]:
        hoso = rs.file(db, agency, notation)
        if hoso is not None and hoso.status is FileStatus.RECEIVED:
            raise ArchiveError(
                f"hồ sơ {notation} đã được Lưu trữ cơ quan nhận trước đây",
                source=source,
                hint="không nhận một gói nộp lưu hai lần; xem `docgen hoso list --year NĂM`.",
            )
        if hoso is None or hoso.status is not FileStatus.CLOSED:
            state = hoso.status.label if hoso else "không có trong sổ"
            raise _refuse(source, f"hồ sơ {notation} {state}; chỉ nhận hồ sơ đã kết thúc")
        try:
            record = json.loads(members[f"ho-so/{notation}/ho-so.json"])
        except (KeyError, ValueError):
            raise _refuse(source, f"hồ sơ {notation}: thiếu ho-so.json") from None
        originals = [i for i in rs.items(db, agency, notation) if i.role is Role.ORIGINAL]
        rows = rs.documents(db, agency, [i.doc_id for i in originals])
        listed = [d["DocCode"] for d in record["Documents"]]
        if sorted(listed) != sorted(rows):
            raise _refuse(source, f"hồ sơ {notation}: danh sách văn bản khác với sổ")
        checked: list[tuple[CatalogueRow, dict[str, str]]] = []
        for doc in record["Documents"]:
            row = rows[doc["DocCode"]]
            own = doc["docgen"]
            packaged = {**own["Files"], own["Metadata"]: own["MetadataSha256"]}
            names = {_original(name): name for name in packaged}
            if {n: packaged[p] for n, p in names.items()} != {
                **row.files,
                f"{row.stem}.json": row.metadata_sha,
            }:
                raise _refuse(
                    source, f"hồ sơ {notation}: tệp của văn bản {row.notation} khác với sổ"
                )
            for name, digest in packaged.items():
                if sha256(members.get(f"ho-so/{notation}/{name}", b"")) != digest:
                    raise _refuse(source, f"hồ sơ {notation}: thiếu hoặc sai tệp {name}")
            checked.append((row, names))
        for name, digest in hoso.forms.items():
            if sha256(members.get(f"ho-so/{notation}/{name}", b"")) != digest:
                raise _refuse(source, f"hồ sơ {notation}: {name} khác với bản đã kết thúc")
        documents += len(rows)
        plans.append((hoso, checked))
    receipt = ra.next_id(db, agency, ra.RECEIPT, year)
    written: list[Path] = []
    try:
        for hoso, checked_rows in plans:
            folder = ra.archive_folder(hoso.year, hoso.notation)
            prefix = f"ho-so/{hoso.notation}/"
            for name in sorted(m for m in members if m.startswith(prefix)):
                relative = f"{folder}/{name[len(prefix) :]}"
                write_atomic(archive / relative, members[name])
                written.append(archive / relative)
                stored[relative] = sha256(members[name])
            intact += _verify_signatures(archive, folder, checked_rows, source)
            for row, _names in checked_rows:
                if hoso.unit in row.holders[1:]:
                    for name in row.unit_copies:
                        relative = f"{layout.unit_folder(hoso.unit, row.year)}/{name}"
                        released[relative] = row.files.get(name, "")
        batch = f"{ra.AGENCY_ARCHIVE}/{year}/{receipt}"
        for name in sorted(m for m in members if "/" not in m and m != INFO):
            write_atomic(archive / batch / name, members[name])
            written.append(archive / batch / name)
            stored[f"{batch}/{name}"] = sha256(members[name])
        with db.transaction():
            for hoso, _rows in plans:
                current = rs.file(db, agency, hoso.notation, lock=True)
                if current is None or current.status is not FileStatus.CLOSED:
                    raise _refuse(source, f"hồ sơ {hoso.notation} vừa được nhận hoặc thay đổi")
                rs.update_file(db, agency, _received(current))
            action = ra.Action(
                receipt, ra.RECEIPT, year, unit,
                store.now().isoformat(timespec="microseconds"), on or store.today(),
                {"files": list(info["files"]), "package": sha256(package.read_bytes()),
                 "stored": stored, "released": released, "signatures": intact},
            )  # fmt: skip
            ra.insert(db, agency, action)
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    for relative in released:
        (archive / relative).unlink(missing_ok=True)
    return Receipt(action.id, tuple(info["files"]), documents, len(stored), len(released), intact)


def _received(hoso: HoSo) -> HoSo:
    return replace(hoso, status=FileStatus.RECEIVED)


def _original(packaged: str) -> str:
    """`van-ban/003-05-BQL-KHTH.pdf` → `05-BQL-KHTH.pdf`: a file's own name, without its order."""
    return packaged.rsplit("/", 1)[-1].split("-", 1)[1]


def _verify_signatures(
    archive: Path, folder: str, rows: list[tuple[CatalogueRow, dict[str, str]]], source: str
) -> int:
    """Verify again, in the agency archive's copy, every signature recorded intact; returns how
    many; ArchiveError for one that is not."""
    count = 0
    for row, names in rows:
        if row.signature != INTACT:
            continue
        path = archive / folder / names[row.copy_name]
        if signature_verdict(path) != INTACT:
            raise _refuse(source, f"chữ ký số của văn bản {row.notation} không còn nguyên vẹn")
        count += 1
    return count

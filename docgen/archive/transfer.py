"""Backup and move: an archive (files, metadata, register, history, catalogue) as one tar file.

The tar holds, in sorted order with fixed times and owners (same archive → same bytes):

    export.json                  agency, years exported, years left out, schema version
    register/events.jsonl        the whole history (a hash chain cannot be cut at a year)
    register/numbers.jsonl, register/counters.jsonl, register/chain_head.json
    catalogue/documents.jsonl    the catalogue rows of the years exported
    records/tables.json          records management's rows (plans, files, actions; every year)
    files/<path>                 each file of those documents, under its path in the root, and
                                 the files' covers, contents lists and agency-archive copies
                                 (files disposed of or handed over are gone on purpose: skipped)
    MANIFEST.sha256              `sha256sum -c` format: every other member and its SHA-256

A year export (`years`) leaves the other years' documents out but keeps their register rows, so
the chain still verifies; `export.json` says which years are out and up to which event
(`outside`), and `load` records that in the imported archive (`docgen.archive.scope`) so its
check tells them from missing documents. `load` refuses a tar whose manifest does not match its
members, one made by a newer docgen, and a non-empty register.
"""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docgen.archive import catalogue, processing, records, records_actions, scope
from docgen.archive import history as h
from docgen.archive.catalogue import COLUMNS, CatalogueRow
from docgen.archive.db import Db
from docgen.archive.migrations import CURRENT
from docgen.errors import ArchiveError

MANIFEST = "MANIFEST.sha256"


@dataclass(frozen=True)
class Bundle:
    """What a tar holds, as member name -> bytes (the manifest apart, as its SHA-256)."""

    members: dict[str, bytes]
    manifest_sha: str = ""

    @property
    def info(self) -> dict[str, Any]:
        """`export.json`: agency, years, outside, schema."""
        value = json.loads(self.members["export.json"])
        assert isinstance(value, dict)
        return value

    def years(self) -> tuple[int, ...] | None:
        """The years whose documents the bundle holds; None for every year."""
        info = self.info
        if "years" in info:
            return tuple(info["years"]) if info["years"] is not None else None
        return (int(info["year"]),) if info.get("year") is not None else None  # before schema 4

    def outside(self) -> dict[int, int]:
        """Year -> last event held, for the years whose documents the bundle leaves out."""
        info = self.info
        if "outside" in info:
            return {int(year): int(seq) for year, seq in info["outside"]}
        if info.get("year") is None:  # a whole export made before schema 4
            return {}
        # A year export made before schema 4: every other year of the register is out.
        seq = int(json.loads(self.members["register/chain_head.json"])[0])
        years = {int(row[1]) for row in _lines(self.members["register/numbers.jsonl"])}
        return {year: seq for year in sorted(years - {int(info["year"])})}


def _jsonl(rows: Iterable[Any]) -> bytes:
    return "".join(json.dumps(list(r), ensure_ascii=False) + "\n" for r in rows).encode("utf-8")


def _lines(data: bytes) -> list[list[Any]]:
    return [json.loads(line) for line in data.decode("utf-8").splitlines() if line.strip()]


def _rows_files(root: Path, rows: list[CatalogueRow], gone: set[str]) -> dict[str, bytes]:
    from docgen.archive import layout

    files: dict[str, bytes] = {}
    for row in rows:
        wanted = [f"{row.folder}/{name}" for name in [*row.files, f"{row.stem}.json"]]
        wanted += [
            f"{layout.unit_folder(u, row.year)}/{name}"
            for u in row.holders[1:]
            for name in row.unit_copies
        ]
        # Files disposed of, or handed over to the agency archive, are gone on purpose.
        for relative in (r for r in wanted if r not in gone):
            files[relative] = _read(root, relative, f"tệp của văn bản {row.notation}")
    return files


def _records_files(
    db: Db, root: Path, agency: str, years: list[int] | None, kept: dict[str, str]
) -> dict[str, bytes]:
    """Records management's own files of `years` (every year when None): the covers and
    contents lists of closed files, and the agency archive's copies of the files it received."""
    wanted: list[str] = []
    for hoso in records.files(db, agency):
        if years is None or hoso.year in years:
            wanted += [f"{hoso.folder}/{name}" for name in sorted(hoso.forms)]
    for relative in sorted(kept):  # luu-tru/<year>/…
        year = relative.split("/")[1]
        if years is None or (year.isdigit() and int(year) in years):
            wanted.append(relative)
    return {relative: _read(root, relative, "tệp của hồ sơ") for relative in wanted}


def _read(root: Path, relative: str, what: str) -> bytes:
    """The bytes of `root/relative` for the export; ArchiveError naming `what` if unreadable."""
    try:
        return (root / relative).read_bytes()
    except OSError as error:
        raise ArchiveError(
            f"không đọc được {what} ({error.strerror})",
            source=str(root / relative),
            hint="chạy `docgen archive check`, khắc phục tệp thiếu rồi sao lưu lại.",
        ) from error


def _outside(db: Db, agency: str, years: list[int] | None) -> dict[int, int]:
    """Year -> last event held, for the years whose documents the export leaves out: those
    already outside this archive, and every other year with a register row when `years` is set."""
    out = scope.outside(db, agency)
    if years is None:
        return out
    head = int(db.one("SELECT seq FROM chain_head WHERE id = 1")[0])
    for (year,) in db.all("SELECT DISTINCT year FROM numbers WHERE agency = ?", (agency,)):
        if int(year) not in years:
            out[int(year)] = head
    return dict(sorted(out.items()))


def dump(db: Db, root: Path, agency: str, years: Iterable[int] | None = None) -> bytes:
    """The tar of `agency`'s archive: the documents of `years` (every year when None), the whole
    register and history."""
    chosen = sorted(set(years)) if years is not None else None
    where, params = " WHERE agency = ?", list[object]([agency])
    if chosen is not None:
        where += f" AND year IN ({', '.join('?' for _ in chosen)})"
        params += chosen
    documents = db.all(f"SELECT {COLUMNS} FROM documents{where} ORDER BY doc_id", params)
    rows = [CatalogueRow.from_row(raw) for raw in documents]
    outside = _outside(db, agency, chosen)
    held = records_actions.custody(db, agency)
    gone = set(held.gone)
    extra_files = _records_files(db, root, agency, chosen, held.kept)
    info = {
        "agency": agency,
        "years": chosen,
        "outside": [[year, seq] for year, seq in outside.items()],
        "schema": CURRENT,
    }
    members: dict[str, bytes] = {
        "register/events.jsonl": _jsonl(
            db.all(f"SELECT {h.EVENT_COLUMNS} FROM events WHERE agency = ? ORDER BY seq", (agency,))
        ),
        "register/numbers.jsonl": _jsonl(
            db.all(
                "SELECT agency, year, stream, number, symbol FROM numbers WHERE agency = ?"
                " ORDER BY year, stream, number",
                (agency,),
            )
        ),
        "register/counters.jsonl": _jsonl(
            db.all(
                "SELECT agency, year, stream, last FROM counters WHERE agency = ?"
                " ORDER BY year, stream",
                (agency,),
            )
        ),
        "register/chain_head.json": json.dumps(
            list(db.one("SELECT seq, hash FROM chain_head WHERE id = 1"))
        ).encode(),
        "catalogue/documents.jsonl": _jsonl(documents),
        "records/tables.json": json.dumps(
            records.dump_tables(db, agency), ensure_ascii=False, sort_keys=True
        ).encode("utf-8"),
        "export.json": json.dumps(info, ensure_ascii=False).encode("utf-8"),
    }
    for relative, data in _rows_files(root, rows, gone).items():
        members[f"files/{relative}"] = data
    for relative, data in extra_files.items():
        members[f"files/{relative}"] = data
    return pack(members)


def pack(members: dict[str, bytes]) -> bytes:
    """A tar of `members` (name -> bytes) and `MANIFEST.sha256` listing each one's SHA-256 in
    `sha256sum -c` format: sorted, fixed times and owners, so the same members give the same
    bytes. The backup and the records transfer package (`records_package`) are both made so."""
    members = dict(members)
    manifest = "".join(
        f"{hashlib.sha256(members[name]).hexdigest()}  {name}\n" for name in sorted(members)
    )
    members[MANIFEST] = manifest.encode("utf-8")
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for name in sorted(members):
            entry = tarfile.TarInfo(name)
            entry.size, entry.mtime, entry.mode = len(members[name]), 0, 0o644
            tar.addfile(entry, io.BytesIO(members[name]))
    return out.getvalue()


def unpack(
    data: bytes, source: str, *, what: str = "tệp sao lưu", made_by: str = "docgen archive export"
) -> tuple[dict[str, bytes], str]:
    """The members of a tar made by `pack`, each checked against the manifest, and the
    manifest's SHA-256; ArchiveError (naming `what`, made by `made_by`) for anything else."""
    members: dict[str, bytes] = {}
    try:
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:") as tar:
            for info in tar.getmembers():
                name = info.name
                if not info.isfile() or name.startswith("/") or ".." in name.split("/"):
                    raise ArchiveError(
                        f"{what} chứa mục không hợp lệ `{name}`",
                        source=source,
                        hint=f"chỉ nhập tệp do `{made_by}` tạo.",
                    )
                handle = tar.extractfile(info)
                assert handle is not None
                members[name] = handle.read()
    except tarfile.TarError as error:
        raise ArchiveError(
            f"không đọc được {what} ({error})", source=source, hint="kiểm tra tệp .tar."
        ) from error
    raw_manifest = members.pop(MANIFEST, b"")
    manifest = raw_manifest.decode("utf-8", errors="replace")
    listed = {}
    for line in manifest.splitlines():
        digest, _, name = line.partition("  ")
        listed[name] = digest
    actual = {name: hashlib.sha256(data).hexdigest() for name, data in members.items()}
    if not listed or listed != actual:
        bad = sorted(set(listed.items()) ^ set(actual.items()))
        where = bad[0][1] if bad else MANIFEST
        raise ArchiveError(
            f"{what} không khớp bảng kê mã SHA-256 (ở `{where}`)",
            source=source,
            hint=f"{what} bị hỏng hoặc bị sửa; dùng bản khác.",
        )
    return members, hashlib.sha256(raw_manifest).hexdigest()


def read_bundle(data: bytes, source: str) -> Bundle:
    """The members of a tar made by `dump`, each checked against the manifest; ArchiveError else."""
    members, manifest_sha = unpack(data, source)
    return Bundle(members, manifest_sha)


def load(db: Db, bundle: Bundle, agency: str) -> dict[str, bytes]:
    """Insert the register and catalogue of `bundle` into the empty database `db` (one
    transaction); returns the files to write (relative path -> bytes)."""
    info = bundle.info
    if int(info.get("schema", 0)) > CURRENT:
        raise ArchiveError(
            f"tệp sao lưu do phiên bản docgen mới hơn tạo (lược đồ {info['schema']}, "
            f"bản này hiểu đến {CURRENT})",
            hint="cập nhật docgen trên máy này rồi nhập lại.",
        )
    if info["agency"] != agency:
        raise ArchiveError(
            f"tệp sao lưu là của cơ quan {info['agency']}, không phải {agency}",
            hint="dùng hồ sơ cơ quan (--profile) đúng với tệp sao lưu.",
        )
    m = bundle.members
    db.begin()
    try:
        used = db.one("SELECT (SELECT count(*) FROM events) + (SELECT count(*) FROM documents)")
        if int(used[0]):
            raise ArchiveError(
                "kho lưu trữ đích đã có dữ liệu; chỉ nhập vào kho trống",
                hint="chọn thư mục --archive mới (hoặc cơ sở dữ liệu trống) rồi chạy lại.",
            )
        columns = h.EVENT_COLUMNS
        marks = ", ".join("?" for _ in columns.split(","))
        for row in _lines(m["register/events.jsonl"]):
            db.execute(f"INSERT INTO events ({columns}) VALUES ({marks})", row)
        for row in _lines(m["register/numbers.jsonl"]):
            db.execute(
                "INSERT INTO numbers (agency, year, stream, number, symbol) VALUES (?, ?, ?, ?, ?)",
                row,
            )
        for row in _lines(m["register/counters.jsonl"]):
            db.execute("INSERT INTO counters (agency, year, stream, last) VALUES (?, ?, ?, ?)", row)
        seq, digest = json.loads(m["register/chain_head.json"])
        db.execute("UPDATE chain_head SET seq = ?, hash = ? WHERE id = 1", (seq, digest))
        # the follow-up of incoming documents is derived from their events: made again here
        for sql, params in processing.rebuild_statements(db, agency):
            db.execute(sql, params)
        for raw in _lines(m["catalogue/documents.jsonl"]):
            for sql, params in catalogue.insert_statements(
                db.backend.name, CatalogueRow.from_row(raw)
            ):
                db.execute(sql, params)
        for sql, params in scope.record_statements(agency, bundle.outside(), bundle.manifest_sha):
            db.execute(sql, params)
        if "records/tables.json" in m:  # backups made before schema 7 have no records
            records.load_tables(db, json.loads(m["records/tables.json"]))
        db.commit()
    except BaseException:
        db.rollback()
        raise
    return {name[len("files/") :]: data for name, data in m.items() if name.startswith("files/")}

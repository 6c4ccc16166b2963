"""`docgen archive refresh-ltv`: a document timestamp on each signed document of the archive whose
protection ends soon (PAdES B-LTA, `docgen.pdf.ltv`), so it still verifies after its signers' and
timestamp authorities' certificates expire.

Each document is one unit of work, like an issue: under the chain head's lock the catalogue row
is read again and its files checked against their recorded SHA-256 (a file changed behind the
archive's back is refused, never timestamped over); the refreshed PDF(s), the other files and a
new metadata file are staged; the catalogue row's files, the register row's files (a
`refresh_files` event naming the previous digests) are queued; COMMIT; the files are placed (the
records office's original, then each holder unit's copy — not the copies a unit handed over to
the agency archive). A crash rolls forward or back by what the register says (`recover_staging`).

The original bytes stay a prefix of the refreshed file, so nothing signed changes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from docgen.archive import catalogue, layout, protected, records_actions
from docgen.archive.catalogue import CatalogueRow
from docgen.archive.metadata import decode, encode
from docgen.archive.protected import Known
from docgen.archive.register import RegisterStore
from docgen.archive.staging import Staging, sha256
from docgen.errors import ArchiveError, InputError, SignatureError
from docgen.model.agency import Agency
from docgen.model.register import key_of
from docgen.pdf.ltv import Protection, protection, refresh
from docgen.pdf.sign import Ltv
from docgen.services.filing import UNSIGNED

#: by default a document is refreshed when what protects it ends within this many days
DEFAULT_WITHIN_DAYS = 180


@dataclass(frozen=True)
class Due:
    """A signed PDF of the archive and until when it is protected."""

    row: CatalogueRow
    name: str  #: the PDF's file name in the records office's folder
    protected: Protection

    @property
    def label(self) -> str:
        return f"{self.row.notation} ({self.name})"


@dataclass(frozen=True)
class Refreshed:
    """A document timestamped: until when it was protected and until when it is now."""

    due: Due
    until: dt.datetime
    what: str


@dataclass(frozen=True)
class RefreshReport:
    """What `refresh_ltv` did: `checked` signed PDFs, the ones `refreshed` (or due, with
    `dry_run`), and the first failure (the documents after it were not tried)."""

    checked: int
    due: tuple[Due, ...]
    refreshed: tuple[Refreshed, ...]
    failed: tuple[Due, str] | None = None

    @property
    def ok(self) -> bool:
        return self.failed is None


def _signed_pdfs(row: CatalogueRow) -> list[str]:
    return sorted(n for n in row.files if n.endswith(".pdf")) if row.signature != UNSIGNED else []


def due_documents(
    root: Path, store: RegisterStore, *, until: dt.datetime, doc_ids: Sequence[str] = ()
) -> tuple[int, list[Due], dict[str, Known]]:
    """(signed PDFs looked at, those protected only until before `until`, in filing order, and
    the protections found by opening a file: SHA-256 → what the caller may remember,
    `protected.remember`). A file whose recorded SHA-256 has a remembered protection is not
    opened. `doc_ids` limits the look to those documents."""
    gone = records_actions.custody(store.db, store.agency).gone
    rows = catalogue.all_rows(store.db, store.agency)
    if doc_ids:
        wanted = set(doc_ids)
        rows = [r for r in rows if r.doc_id in wanted]
    remembered = protected.known(store.db)
    checked, due, found = 0, [], {}
    for row in sorted(rows, key=lambda r: r.seq):
        for name in _signed_pdfs(row):
            relative = f"{row.folder}/{name}"
            path = root / relative
            if relative in gone or not path.is_file():
                continue  # disposed of, or missing (`archive check` names it)
            known = remembered.get(row.files[name])
            if known is None:
                data = path.read_bytes()
                opened = protection(data)
                if opened is None:
                    continue
                known = found[sha256(data)] = _known(opened)
            checked += 1
            if known.until < until:
                due.append(Due(row, name, Protection(known.until, known.what, known.timestamps)))
    return checked, due, found


def _known(found: Protection) -> Known:
    return Known(found.until, found.what, found.timestamps)


def _settings(agency: Agency) -> tuple[Ltv, str]:
    from docgen.services.keys import agency_ltv

    signing = agency.signing
    if signing is None or not signing.timestamp_url or not signing.trust_roots:
        raise InputError(
            "hồ sơ cơ quan chưa có máy chủ dấu thời gian và chứng thư gốc",
            field="timestamp_url",
            hint='ghi timestamp_url = "…" và trust_roots = ["…pem"] trong mục [signing] của '
            "docgen.toml rồi chạy lại",
        )
    return agency_ltv(agency), signing.timestamp_url


def _read_checked(root: Path, row: CatalogueRow, name: str, digest: str) -> bytes:
    data = (root / row.folder / name).read_bytes()
    if sha256(data) != digest:
        raise ArchiveError(
            f"tệp {row.folder}/{name} đã bị thay đổi (mã SHA-256 không khớp sổ)",
            hint="chạy `docgen archive check`, khôi phục tệp từ bản sao lưu rồi chạy lại; "
            "chưa thêm dấu thời gian",
        )
    return data


def _refresh_one(root: Path, store: RegisterStore, due: Due, ltv: Ltv, url: str) -> Refreshed:
    with store.unit_of_work() as uow:
        uow.lock()  # a hand-over recorded meanwhile is seen: its released copies are not rewritten
        gone = records_actions.custody(uow.db, store.agency).gone
        row = catalogue.get(uow.db, due.row.doc_id)
        if row is None or row.files != due.row.files:
            raise ArchiveError(
                f"văn bản {due.row.notation} vừa được người khác thay đổi",
                hint="chạy lại lệnh; chưa thêm dấu thời gian",
            )
        contents = {n: _read_checked(root, row, n, d) for n, d in sorted(row.files.items())}
        meta_name = f"{row.stem}.json"
        meta = decode(_read_checked(root, row, meta_name, row.metadata_sha))
        contents[due.name] = refresh(contents[due.name], ltv, url)
        after = protection(contents[due.name])
        assert after is not None
        staging = Staging(root)
        try:
            for name in sorted(contents):
                staging.add(name, contents[name])
            files = dict(staging.files)  # name -> SHA-256, before the metadata file joins them
            meta.setdefault("docgen", {})["Files"] = dict(sorted(files.items()))
            meta_bytes = encode(meta)
            staging.add(meta_name, meta_bytes)
            new = replace(row, files=files, metadata_sha=sha256(meta_bytes))
            uow.queue([catalogue.update_files(new)])
            uow.queue(protected.remember({files[due.name]: _known(after)}))
            key = key_of(row.doc_id)
            if key is not None and store.entry(key) is not None:
                why = {"added": "document_timestamp", "file": due.name,
                       "protected_until": after.until.isoformat()}  # fmt: skip
                uow.record_refresh(key, {**files, meta_name: new.metadata_sha}, why)
            copies = {
                folder: [n for n in new.unit_copies if f"{folder}/{n}" not in gone]
                for folder in (layout.unit_folder(u, new.year) for u in new.holders[1:])
            }
            manifest = staging.seal(
                year=new.year,
                stream=key.stream if key else "",
                number=key.number if key else 0,
                target=new.folder,
                copies={f: names for f, names in copies.items() if names},
                doc_id="" if key else new.doc_id,
            )
            uow.commit()
        except BaseException as error:
            staging.abandon(error)
            raise
    staging.place(manifest)
    return Refreshed(due, after.until, after.what)


def refresh_ltv(
    root: Path,
    store: RegisterStore,
    agency: Agency,
    *,
    within_days: int = DEFAULT_WITHIN_DAYS,
    now: dt.datetime | None = None,
    dry_run: bool = False,
    doc_ids: Sequence[str] = (),
    on_done: Callable[[Refreshed], None] | None = None,
) -> RefreshReport:
    """Timestamp every signed PDF of the archive protected for less than `within_days` more
    days (from `now`, by default the real time: certificates expire in real time). With
    `dry_run`, only list them. Stops at the first document that fails (its files and rows are
    as before; the ones done before it stay done)."""
    if within_days < 0:
        raise InputError(
            f"số ngày {within_days} không hợp lệ", field="--within-days", hint="ghi số ngày ≥ 0"
        )
    ltv, url = _settings(agency)
    moment = now or dt.datetime.now(dt.UTC)
    checked, due, found = due_documents(
        root, store, until=moment + dt.timedelta(days=within_days), doc_ids=doc_ids
    )
    if dry_run:
        _remember(store, found)
        return RefreshReport(checked, tuple(due), ())
    done: list[Refreshed] = []
    for item in due:
        try:
            refreshed = _refresh_one(root, store, item, ltv, url)
        except (SignatureError, ArchiveError) as error:
            return RefreshReport(checked, tuple(due), tuple(done), (item, error.one_line()))
        done.append(refreshed)
        if on_done is not None:
            on_done(refreshed)
    _remember(store, found)
    return RefreshReport(checked, tuple(due), tuple(done))


def _remember(store: RegisterStore, found: dict[str, Known]) -> None:
    """Remember what the files opened this run carry, once the run has succeeded (a failed run
    leaves the register's database as it was)."""
    if found:
        with store.unit_of_work() as uow:
            uow.queue(protected.remember(found))
            uow.commit()

"""`archive check`: prove that the register, the files and the metadata still agree (a report).

Compared, and every disagreement named (the check never stops at the first):
- the register's hash chain and numbers (`RegisterStore.check`);
- each catalogue row against its metadata file (SHA-256 recorded in the row and in the register
  row; fields), against its files (present, same SHA-256) and the units' copies;
- each register row with files against its catalogue row (a row edited in the database shows);
- the catalogue's stored search text against the row (an edited catalogue row shows);
- signatures recorded as intact, verified again;
- files under `van-thu/` and `don-vi/` that no document owns (extra files);
- records management (`records_check`): each closed file's cover and contents list, the agency
  archive's copies of what it received, each file's documents in the catalogue; a file removed on
  purpose (disposed of, or a unit's copy handed over to the agency archive) is expected to be gone
  and named if it is still there, never as missing.

An archive imported from a year export (`docgen.archive.scope`) holds the whole register and
history, checked in full, but the documents of the exported years only: a register row of another
year registered before the export is named as outside the export (information, `Outside`), never
as missing, and the summary says which years the archive holds.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from docgen.archive import catalogue, layout, records_actions, scope
from docgen.archive.catalogue import CatalogueRow
from docgen.archive.integrity import Finding
from docgen.archive.metadata import decode
from docgen.archive.register import RegisterStore
from docgen.archive.staging import sha256
from docgen.model.register import EntryKey, EntryStatus, RegisterEntry, catalogue_id
from docgen.services.filing import UNSIGNED, signature_verdict

#: how many numbers of a year outside the export a line names before "…"
_SHOWN = 5


@dataclass(frozen=True)
class Outside:
    """The register rows of `year` (`rows`: their numbers) whose documents were left out of the
    year export this archive was imported from: information, not a problem."""

    year: int
    rows: tuple[str, ...]

    def line(self) -> str:
        shown = ", ".join(self.rows[:_SHOWN]) + (", …" if len(self.rows) > _SHOWN else "")
        return (
            f"(thông tin) sổ năm {self.year}: {len(self.rows)} văn bản ngoài phạm vi bản xuất, "
            f"kho này không giữ tệp của chúng ({shown})"
        )


@dataclass(frozen=True)
class ArchiveReport:
    """The result of `check_archive`: `ok` when no problem. `scoped` when the archive was imported
    from a year export; `held` are then the years whose documents it holds, `outside` the rows
    of the other years (information)."""

    documents: int
    files: int
    problems: tuple[Finding, ...] = field(default=())
    outside: tuple[Outside, ...] = field(default=())
    held: tuple[int, ...] = field(default=())
    scoped: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems


def _years(years: Iterable[int]) -> str:
    return ", ".join(str(year) for year in sorted(years))


def summary(report: ArchiveReport) -> str:
    """The line under the findings: what was checked, the verdict, and for an archive imported
    from a year export, which years it holds."""
    verdict = "kho nguyên vẹn" if report.ok else f"{len(report.problems)} vấn đề"
    text = f"Đã kiểm tra {report.documents} văn bản, {report.files} tệp: {verdict}."
    if not report.scoped:
        return text
    held = f"chỉ giữ văn bản năm {_years(report.held)}" if report.held else "không giữ văn bản nào"
    out = [o.year for o in report.outside]
    left = f"; văn bản năm {_years(out)} ngoài phạm vi bản xuất" if out else ""
    return f"{text} Kho nhập từ bản xuất, {held}{left}; sổ đăng ký và lịch sử đủ mọi năm."


def _sha(path: Path) -> str:
    return sha256(path.read_bytes())


class _Checker:
    def __init__(
        self, root: Path, signatures: bool, gone: dict[str, tuple[str, str]] | None = None
    ) -> None:
        self.root = root
        self.signatures = signatures
        self.problems: list[Finding] = []
        self.owned: set[str] = set()
        #: files removed on purpose (records management: disposed of, handed over) -> why
        self.gone = gone or {}

    def add(self, where: str, what: str) -> None:
        self.problems.append(Finding(where, what))

    def file(self, relative: str, digest: str, label: str) -> bool:
        """Check one file; True when it is there with `digest`."""
        self.owned.add(relative)
        path = self.root / relative
        if relative in self.gone:
            if path.is_file():
                self.add(relative, f"{self.gone[relative][0]} nhưng tệp vẫn còn ({label})")
            return False
        if not path.is_file():
            self.add(relative, f"thiếu tệp ({label})")
            return False
        if _sha(path) != digest:
            self.add(relative, f"tệp đã bị thay đổi, mã SHA-256 không khớp ({label})")
            return False
        return True

    def row(self, row: CatalogueRow, stored_fold: str | None) -> None:
        label = f"văn bản {row.notation} ({row.doc_id})"
        meta_rel = f"{row.folder}/{row.stem}.json"
        if self.file(meta_rel, row.metadata_sha, f"siêu dữ liệu của {label}"):
            self.metadata(row, meta_rel, label)
        for name, digest in sorted(row.files.items()):
            self.file(f"{row.folder}/{name}", digest, f"bản gốc của {label}")
        for unit in row.holders[1:]:
            for name in row.unit_copies:
                copy = f"{layout.unit_folder(unit, row.year)}/{name}"
                self.file(copy, row.files.get(name, ""), f"bản lưu của đơn vị {unit}, {label}")
        if stored_fold != row.search_text():
            self.add(label, "dòng danh mục trong cơ sở dữ liệu đã bị sửa (không khớp chỉ mục)")
        pdf = self.root / row.folder / row.copy_name
        if self.signatures and row.signature != UNSIGNED and pdf.is_file():
            now = signature_verdict(pdf)
            if now != row.signature:
                self.add(label, f"chữ ký số: lúc lưu '{row.signature}', nay '{now}'")
            elif self.trust:
                self.still_valid(pdf, label)

    #: the roots signatures are judged against again (`check_archive(trust_roots=…)`); () only
    #: checks that they are intact
    trust: tuple[Path, ...] = ()
    online: bool = False

    def still_valid(self, pdf: Path, label: str) -> None:
        """Whether the document's signatures still validate: trusted, not revoked (checked with
        the answers embedded, or online), nothing changed after them."""
        from docgen.pdf.verify import verify_pdf

        report = verify_pdf(pdf, self.trust, online=self.online)
        if not report.ok:
            problems = report.all_problems()
            self.add(label, "chữ ký số không còn hợp lệ: " + (problems[0] if problems else "?"))

    def metadata(self, row: CatalogueRow, relative: str, label: str) -> None:
        try:
            data = decode((self.root / relative).read_bytes())
        except (ValueError, UnicodeDecodeError):
            self.add(relative, f"tệp siêu dữ liệu không đọc được ({label})")
            return
        own = data.get("docgen", {})
        expected = {
            "CodeNotation": row.symbol,
            "IssuedDate": row.doc_date.isoformat() if row.doc_date else None,
            "Subject": row.subject,
        }
        for key, value in expected.items():
            if data.get(key) != value:
                self.add(relative, f"trường {key} khác với sổ ({label})")
        if own.get("Files") != dict(sorted(row.files.items())) or own.get("DocId") != row.doc_id:
            self.add(relative, f"danh sách tệp trong siêu dữ liệu khác với sổ ({label})")

    def register_row(self, entry: RegisterEntry, row: CatalogueRow | None) -> None:
        label = f"dòng sổ {entry.number_symbol} năm {entry.year} (sổ {entry.stream})"
        if row is None:
            self.add(label, "có tệp trong sổ nhưng không có trong danh mục lưu trữ")
            return
        files = {**row.files, f"{row.stem}.json": row.metadata_sha}
        if dict(entry.files) != files:
            self.add(label, "mã SHA-256 các tệp trong sổ khác với danh mục lưu trữ")

    def extras(self) -> None:
        for top in (*layout.OWNED, *records_actions.OWNED):
            base = self.root / top
            if not base.is_dir():
                continue
            for path in sorted(base.rglob("*")):
                relative = path.relative_to(self.root).as_posix()
                if path.is_file() and relative not in self.owned:
                    self.add(relative, "tệp thừa: không thuộc văn bản nào trong sổ")


def _left_out(store: RegisterStore, limits: dict[int, int]) -> set[EntryKey]:
    """The numbers whose documents the year export this archive came from left out (`limits`:
    year -> last event the export held)."""
    if not limits:
        return set()
    issued = store.db.all(
        "SELECT year, stream, number, seq FROM events WHERE agency = ? AND type = 'issue'",
        (store.agency,),
    )
    return {
        EntryKey(int(year), str(stream), int(number))
        for year, stream, number, seq in issued
        if int(seq) <= limits.get(int(year), 0)
    }


def check_archive(
    root: Path,
    store: RegisterStore,
    *,
    signatures: bool = True,
    trust_roots: Sequence[Path] = (),
    online: bool = False,
) -> ArchiveReport:
    """Every problem of the archive at `root` with register `store`; an empty report when intact.

    The register's history is always checked whole; a catalogue row is always checked, whatever
    its year; only a register row the year export left out (no catalogue row, registered before
    the export) is reported as outside the export instead of missing. With `trust_roots`, every
    signed document's signatures are validated again (trusted, revocation — `online` asks the
    responders —, nothing changed after them); without, only that they are intact.
    """
    custody = records_actions.custody(store.db, store.agency)
    checker = _Checker(root, signatures, custody.gone)
    checker.trust, checker.online = tuple(trust_roots), online
    for finding in store.check().findings:
        checker.add(finding.row, finding.problem)
    rows = {r.doc_id: r for r in catalogue.all_rows(store.db, store.agency)}
    folds = dict(store.db.all("SELECT doc_id, search_fold FROM documents"))
    for doc_id in sorted(rows):
        checker.row(rows[doc_id], folds.get(doc_id))
    limits = scope.outside(store.db, store.agency)
    left_out = _left_out(store, limits)
    held = {row.year for row in rows.values()}
    outside: dict[int, list[str]] = defaultdict(list)
    for year in store.years():
        for entry in store.entries(year):
            if entry.status is not EntryStatus.ISSUED or not entry.files:
                continue
            row = rows.get(catalogue_id(entry.key))
            if row is None and entry.key in left_out:
                outside[year].append(entry.number_symbol)
            else:
                held.add(year)
                checker.register_row(entry, row)
    from docgen.services.records_check import check_records

    for where, what, relative, digest in check_records(store, custody.kept, rows, limits):
        if relative:
            checker.file(relative, digest, what)
        else:
            checker.add(where, what)
    checker.extras()
    return ArchiveReport(
        len(rows),
        len(checker.owned),
        tuple(checker.problems),
        outside=tuple(Outside(year, tuple(outside[year])) for year in sorted(outside)),
        held=tuple(sorted(held)),
        scoped=bool(limits),
    )


def report_json(report: ArchiveReport) -> str:
    scoped = {
        "held_years": list(report.held),
        "outside": [{"year": o.year, "documents": list(o.rows)} for o in report.outside],
    }
    return json.dumps(
        {
            "ok": report.ok,
            "documents": report.documents,
            "files": report.files,
            "problems": [{"where": p.row, "what": p.problem} for p in report.problems],
            **(scoped if report.scoped else {}),
        },
        ensure_ascii=False,
        indent=2,
    )


def export_archive(
    root: Path, store: RegisterStore, out: Path, years: Iterable[int] | None = None
) -> int:
    """Write the backup tar of the archive (of `years`' documents; the register and history
    always whole) to `out`; returns its size."""
    from docgen.archive.transfer import dump
    from docgen.files import write_atomic

    data = dump(store.db, root, store.agency, years)
    write_atomic(out, data)
    return len(data)


@dataclass(frozen=True)
class Imported:
    """What `import_archive` loaded: `files` written, the `years` whose documents came (None for
    every year) and the years left `outside` (their register rows only)."""

    files: int
    years: tuple[int, ...] | None
    outside: tuple[int, ...]


def import_archive(tar: Path, root: Path, store: RegisterStore) -> Imported:
    """Load a backup tar into the empty archive at `root`.

    Nothing is written when the tar fails its manifest or the archive is not empty; if writing
    the files fails half way, the files written are removed (the register rows stay, and
    `archive check` names what is missing).
    """
    from docgen.archive.transfer import load, read_bundle
    from docgen.errors import ArchiveError
    from docgen.files import write_atomic

    if not tar.is_file():
        raise ArchiveError(
            "không tìm thấy tệp sao lưu", source=str(tar), hint="kiểm tra đường dẫn."
        )
    bundle = read_bundle(tar.read_bytes(), str(tar))
    existing = [
        top for top in layout.OWNED if (root / top).exists() and any((root / top).iterdir())
    ]
    if existing:
        raise ArchiveError(
            f"kho lưu trữ {root} đã có thư mục {existing[0]}/; chỉ nhập vào kho trống",
            hint="chọn thư mục --archive mới rồi chạy lại.",
        )
    files = load(store.db, bundle, store.agency)
    written: list[Path] = []
    try:
        for relative in sorted(files):
            write_atomic(root / relative, files[relative])
            written.append(root / relative)
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    return Imported(len(files), bundle.years(), tuple(sorted(bundle.outside())))

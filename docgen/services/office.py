"""One agency's office, as the web application sees it: its profile, its archive and register,
and every use case the application offers, each one the same service function the command line
calls. The web layer imports nothing below `docgen.services`; this is its door.

An `Office` is opened once per server process (the register connection is kept) and is used by one
request at a time (a gunicorn sync worker); `close()` when the process ends.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docgen.archive import is_archive, open_register
from docgen.archive.catalogue import CatalogueRow
from docgen.archive.catalogue import get as catalogue_get
from docgen.archive.register import RegisterStore
from docgen.archive.search import SearchQuery
from docgen.archive.sqlite import FILE_NAME as SQLITE_FILE
from docgen.errors import DocgenError, InputError, SystemDependencyError
from docgen.inputs.document import parse_document
from docgen.inputs.profile import load_profile
from docgen.inputs.word import WordOptions
from docgen.model.agency import Agency
from docgen.model.document import Document
from docgen.model.register import Annotation, EntryKey, RegisterEntry
from docgen.rules.check import Report
from docgen.services import register as register_service
from docgen.services import search as search_service
from docgen.services import settings
from docgen.services.archive import ArchiveReport, check_archive
from docgen.services.check import check_docx
from docgen.services.issue import IssueResult, issue
from docgen.services.render_batch import render_document

__all__ = [
    "SQLITE_FILE",
    "Annotation",
    "ArchiveReport",
    "CatalogueRow",
    "EntryKey",
    "IssueResult",
    "Office",
    "Preview",
    "RegisterEntry",
    "SearchQuery",
]

#: longest a preview conversion may take before the page says so
PREVIEW_TIMEOUT = 60.0


@dataclass(frozen=True)
class Preview:
    """A draft as it will print: its DOCX, the format findings, page 1 as a PNG (None when the
    machine cannot convert), and the document the register will see."""

    docx: bytes
    report: Report
    png: bytes | None
    document: Document | None = None


@dataclass
class Office:
    profile: Path
    archive: Path
    database_url: str | None = None
    templates: Path = field(default_factory=settings.templates_dir)
    agency: Agency = field(init=False)
    _store: RegisterStore | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        self.agency = load_profile(self.profile)

    # --- the register ------------------------------------------------------------------------

    @property
    def store(self) -> RegisterStore:
        """The register, opened on first use and kept for the process."""
        if self._store is None:
            self.archive.mkdir(parents=True, exist_ok=True)
            self._store = open_register(
                self.archive, self.agency.abbreviation, database_url=self.database_url
            )
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None

    @property
    def is_new(self) -> bool:
        return self.database_url is None and not is_archive(self.archive)

    def today(self) -> dt.date:
        return self.store.today()

    def book(self, year: int, stream: str | None) -> register_service.Book:
        return register_service.book(self.store, year, stream)

    def print_book(self, year: int, stream: str, fmt: str) -> register_service.Printed:
        return register_service.print_book(
            self.store,
            abbreviation=self.agency.abbreviation,
            name=self.agency.name,
            parent=self.agency.parent,
            year=year,
            stream=stream,
            fmt=fmt,
            copies=self.agency.register.copies,
        )

    def reserve(self, stream: str, symbol: str, **fields: Any) -> RegisterEntry:
        return self.store.reserve(stream, symbol, **fields)

    def cancel(self, key: EntryKey, reason: str) -> RegisterEntry:
        return self.store.cancel(key, reason)

    def annotate(self, annotation: Annotation) -> None:
        self.store.annotate(annotation)

    # --- drafting ----------------------------------------------------------------------------

    def document_of(self, data: dict[str, Any], *, source: str = "du-thao") -> Document:
        """The document a draft form describes (the same fields as the YAML input); InputError
        names the field."""
        return parse_document(data, self.agency, source=source, today=self.today())

    def preview(self, data: dict[str, Any], *, png: bool = True) -> Preview:
        """Render the draft described by `data`, check it, and (with `png`) lay out page 1."""
        document = self.document_of(data)
        docx = render_document(document, self.agency, self.templates)
        report = check_docx(docx, name="du-thao.docx")
        return Preview(docx, report, self.page_png(docx) if png else None, document)

    def preview_word(self, docx: bytes, *, png: bool = True) -> Preview:
        """A Word draft as uploaded: its findings (the checker's reader) and page 1."""
        report = check_docx(docx, name="du-thao.docx")
        return Preview(docx, report, self.page_png(docx) if png else None)

    def pdf_of(self, docx: bytes) -> bytes:
        """The PDF of `docx` through LibreOffice (as `docgen draft --pdf` makes it)."""
        from docgen.render.convert import convert_to_pdf

        with tempfile.TemporaryDirectory(prefix="docgen-web-") as work:
            source = Path(work) / "du-thao.docx"
            source.write_bytes(docx)
            pdf = convert_to_pdf(source, Path(work) / "pdf", pdfa=self.agency.style.pdfa)
            return pdf.read_bytes()

    def page_png(self, docx: bytes, *, dpi: int = 60) -> bytes | None:
        """Page 1 of `docx` as a PNG; None when LibreOffice or pdftoppm is missing here."""
        try:
            pdf = self.pdf_of(docx)
        except SystemDependencyError:
            return None
        return pdf_page_png(pdf, dpi=dpi)

    # --- issuing -----------------------------------------------------------------------------

    def issue_file(
        self,
        source: Path,
        *,
        on: dt.date | None = None,
        word: WordOptions | None = None,
        reserved: int | None = None,
    ) -> IssueResult:
        """Issue a draft file (YAML, or a Word .docx) exactly as `docgen issue` does."""
        return issue(
            source,
            self.profile,
            archive=self.archive,
            store=self.store,
            templates=self.templates,
            on=on,
            word=word,
            reserved=reserved,
        )

    # --- mail merge ------------------------------------------------------------------------

    def plan_merge(self, source: Path, sheet: Path) -> Any:
        """The batch of one document per recipient of `sheet` (`docgen batch … --one-per-recipient`):
        every input checked, every bad sheet row listed (RecipientsError.problems), no number
        taken yet."""
        from docgen.services.batch import plan_batch

        return plan_batch(source, sheet, self.profile, one_per_recipient=True, today=self.today())

    def run_merge(self, plan: Any, manifest: Path, *, progress: Progress) -> Any:
        """Issue every document of `plan` (resumable, as `docgen batch`); the result sheet is
        written to `manifest`."""
        from docgen.services.batch import run_batch, snapshot
        from docgen.services.batch_manifest import write_manifest

        try:
            result = run_batch(
                plan, archive=self.archive, store=self.store, templates=self.templates,
                progress=progress,
            )  # fmt: skip
        finally:
            write_manifest(snapshot(self.store, plan), manifest)
        return result

    # --- incoming ----------------------------------------------------------------------------

    def receive(self, pdf: Path, **fields: Any) -> Any:
        """Register, stamp and file an incoming PDF exactly as `docgen receive` does."""
        from docgen.services.incoming import receive

        return receive(pdf, archive=self.archive, store=self.store, agency=self.agency, **fields)

    def preview_stamp(self, pdf: Path, *, to: str = "") -> bytes:
        """The incoming PDF with its ĐẾN stamp placed, not registered (số đến blank)."""
        from docgen.services.incoming import preview_stamp

        return preview_stamp(pdf, self.agency, today=self.today(), to=to)

    # --- finding -----------------------------------------------------------------------------

    def search(self, text: str, *, secret_allowed: bool, **filters: Any) -> list[CatalogueRow]:
        """The documents matching what the person typed and the filters (`SearchQuery` fields);
        secret documents only when `secret_allowed`."""
        base = SearchQuery(secret_allowed=secret_allowed, **filters)
        return search_service.search(self.store, search_service.parse(text, base))

    def document(self, doc_id: str) -> CatalogueRow | None:
        return catalogue_get(self.store.db, doc_id)

    def document_file(self, doc_id: str, name: str = "") -> Path:
        """The file `name` of the filed document `doc_id` (its PDF by default), resolved from the
        catalogue, never from a path the request gives; InputError when there is no such file."""
        row = self.document(doc_id)
        if row is None:
            raise InputError("không có văn bản này trong kho", field=doc_id)
        wanted = name or row.copy_name
        if wanted not in row.files and wanted != row.copy_name:
            raise InputError("văn bản không có tệp này", field=wanted)
        path = (self.archive / row.folder / wanted).resolve()
        if self.archive.resolve() not in path.parents or not path.is_file():
            raise InputError("không tìm thấy tệp của văn bản trong kho", field=wanted)
        return path

    # --- the archive -------------------------------------------------------------------------

    def check(self, *, signatures: bool = True) -> ArchiveReport:
        return check_archive(self.archive, self.store, signatures=signatures)


def pdf_page_png(pdf: bytes, *, page: int = 1, dpi: int = 60) -> bytes | None:
    """Page `page` of `pdf` as a PNG (pdftoppm); None when pdftoppm is missing."""
    import shutil

    tool = shutil.which("pdftoppm")
    if tool is None:
        return None
    with tempfile.TemporaryDirectory(prefix="docgen-png-") as work:
        source = Path(work) / "page.pdf"
        source.write_bytes(pdf)
        done = subprocess.run(
            [tool, "-f", str(page), "-l", str(page), "-r", str(dpi), "-png", "-singlefile",
             str(source), str(Path(work) / "page")],
            capture_output=True,
            timeout=PREVIEW_TIMEOUT,
            check=False,
        )  # fmt: skip
        out = Path(work) / "page.png"
        if done.returncode != 0 or not out.is_file():
            return None
        return out.read_bytes()


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


#: what a long operation reports as it goes: (done, total, label)
Progress = Callable[[int, int, str], None]

#: every family an operation may raise, for the web layer's one error page
Failure = DocgenError

"""One agency's office, as the web application sees it: its profile, its archive and register,
and every use case the application offers, each one the same service function the command line
calls. The web layer imports nothing below `docgen.services`; this is its door.

An `Office` is opened once per server process (the register connection is kept) and is used by one
request at a time (a gunicorn sync worker); `close()` when the process ends.
"""

from __future__ import annotations

import atexit
import contextlib
import datetime as dt
import hashlib
import logging
import subprocess
import tempfile
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

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
from docgen.rules.prefill import Prefill
from docgen.services import register as register_service
from docgen.services import search as search_service
from docgen.services import settings
from docgen.services.archive import ArchiveReport, check_archive
from docgen.services.check import check_docx
from docgen.services.issue import Converter, IssueResult, issue
from docgen.services.render_batch import render_document

if TYPE_CHECKING:
    from docgen.services.office_exchange import ExchangeDesk
    from docgen.services.office_processing import ProcessingDesk
    from docgen.services.office_records import RecordsDesk

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
#: longest a conversion waits for the resident LibreOffice to start (then: one soffice)
RESIDENT_START_TIMEOUT = 120.0
_log = logging.getLogger(__name__)


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
    _resident: ResidentConverter | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        self.agency = load_profile(self.profile)

    # --- converting --------------------------------------------------------------------------

    def keep_converter(self) -> None:
        """Start a resident LibreOffice for this office's conversions (in the background; the
        first conversion waits for it): a long-running server process then converts an issued
        document or a preview in ~0.1 s instead of the ~1 s of starting soffice for each one.
        On SQLite that second is spent holding the register's write lock (an issue converts
        the numbered document inside its unit of work), so with one soffice per document
        clerks issuing at once queue behind each other's LibreOffice start-ups. Not for PDF/A
        (the resident worker exports plain PDF); without python3-uno, one soffice per
        document as before."""
        if self._resident is None and not self.agency.style.pdfa:
            self._resident = ResidentConverter(self.templates / "cong-van.docx")

    def _converter(self) -> Converter | None:
        """The resident converter when there is one (None: one soffice per document)."""
        return self._resident.converter() if self._resident is not None else None

    # --- the register ------------------------------------------------------------------------

    @property
    def store(self) -> RegisterStore:
        """The register, opened on first use and kept for the process."""
        if self._store is None:
            self.archive.mkdir(parents=True, exist_ok=True)
            self._store = open_register(
                self.archive, self.agency.abbreviation, database_url=self.database_url,
                clock=settings.register_clock(),
            )  # fmt: skip
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None
        if self._resident is not None:
            self._resident.close()
            self._resident = None

    @property
    def is_new(self) -> bool:
        return self.database_url is None and not is_archive(self.archive)

    def today(self) -> dt.date:
        return self.store.today()

    def book(self, year: int, stream: str | None) -> register_service.Book:
        return register_service.book(self.store, year, stream)

    def book_keys(self, year: int, stream: str | None, *, secret_allowed: bool) -> list[EntryKey]:
        """The numbers of the book's rows, in its order (a page of it is `book_page`)."""
        return register_service.book_keys(self.store, year, stream, secret_allowed=secret_allowed)

    def book_page(
        self, year: int, stream: str | None, keys: Sequence[EntryKey]
    ) -> register_service.Book:
        """The rows of `keys` as `book` shows them: one page, read alone."""
        return register_service.book_page(self.store, year, stream, keys)

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
            resident = self._converter()
            if resident is not None:
                return resident(source, Path(work) / "pdf").read_bytes()
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
            convert=self._converter(),
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

    # --- scans (OCR; docs/records/ocr.md) ------------------------------------------------------

    def submit_scan(self, pdf: Path) -> str | None:
        """Queue the OCR of `pdf` and make sure this process's background workers run the queue;
        the job's id, None when `pdf` is not a scan or OCR is turned off."""
        from docgen.services import ocr

        if ocr.engine() is None:
            return None
        job = ocr.submit(pdf.read_bytes(), name=pdf.name, archive=self.archive, store=self.store)
        if job is None:
            return None
        if not job.finished:
            ocr.ensure_background(self._own_store, self.archive)
        return job.id

    def scan_job(self, job_id: str) -> Any:
        """The OCR job `job_id` (`docgen.archive.queue.OcrJob`: state, pages, done, error)."""
        from docgen.archive.queue import get

        return get(self.store.db, job_id)

    def scan_prefill(self, job_id: str) -> Prefill:
        """What page 1 of a recognised scan says, for the văn thư to confirm."""
        from docgen.services import ocr

        job = self.scan_job(job_id)
        if job is None:
            raise InputError("không có việc nhận dạng chữ này", field=job_id)
        return ocr.scan_of(job, self.archive).prefill(not_after=self.today())

    def _own_store(self) -> RegisterStore:
        """A register connection of its own, for a background thread."""
        return open_register(
            self.archive, self.agency.abbreviation, database_url=self.database_url,
            clock=settings.register_clock(),
        )  # fmt: skip

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

    # --- records management ------------------------------------------------------------------

    @property
    def records(self) -> RecordsDesk:
        """The files (hồ sơ) of the agency: `docgen hoso` for the web application."""
        from docgen.services.office_records import RecordsDesk

        return RecordsDesk(self)

    # --- processing incoming documents (docs/records/processing.md) ---------------------------

    @property
    def processing(self) -> ProcessingDesk:
        """Presenting, assigning, handling incoming documents; lists and the unit report:
        `docgen den` for the web application."""
        from docgen.services.office_processing import ProcessingDesk

        return ProcessingDesk(self)

    # --- sending to other agencies (liên thông) ------------------------------------------------

    @property
    def exchange(self) -> ExchangeDesk:
        """The directory and sending: `docgen send` for the web application."""
        from docgen.services.office_exchange import ExchangeDesk

        return ExchangeDesk(self)


#: what an issue imports on its first use, ~0.5 s (stamping, signing, the verdict: pyHanko,
#: fpdf2, pikepdf): `preload()` imports them up front
ISSUE_MODULES = (
    "docgen.pdf.pipeline", "docgen.pdf.verify", "docgen.pdf.overlay", "docgen.pdf.stamp",
    "docgen.pdf.probe", "pyhanko.sign", "fpdf", "pikepdf",
)  # fmt: skip


def preload() -> None:
    """Import what issuing needs (`ISSUE_MODULES`) now: a server does it once in its master
    process, before forking its workers, so that no clerk's first issue in a worker waits for
    it (and the workers share those pages)."""
    import importlib

    for name in ISSUE_MODULES:
        with contextlib.suppress(ImportError):  # a module moved: its first issue imports it
            importlib.import_module(name)


class ResidentConverter:
    """A `ConversionPool` of one worker started in a background thread, for `Office`: its
    `converter()` waits for the start, then converts through it; None when it could not start
    (no python3-uno, no Vietnamese Times New Roman: the issue service then says why, as without
    it). `warm`, a .docx converted once at the start: LibreOffice's first document costs ~0.5 s
    more than the next (its Writer and fonts loaded), paid here, not by the first clerk. Closed
    with the office, or when the process exits (its LibreOffice also ends with the process:
    the worker reads its requests from a pipe the process holds)."""

    def __init__(self, warm: Path | None = None) -> None:
        self._pool: Any = None
        self._closed = False
        self._lock = threading.Lock()
        self._ready = threading.Event()
        self._warm = warm
        threading.Thread(target=self._start, name="docgen-libreoffice", daemon=True).start()
        atexit.register(self.close)

    def _start(self) -> None:
        pool: Any = None
        try:
            from docgen.render.fonts import vietnamese_tnr_family
            from docgen.render.pool import ConversionPool

            vietnamese_tnr_family()  # what the issue service checks before one soffice
            pool = ConversionPool(1)
            if self._warm is not None and self._warm.is_file():
                with tempfile.TemporaryDirectory(prefix="docgen-warm-") as work:
                    pool.convert(self._warm, Path(work))
        except Exception as error:  # any failure: one soffice per document, as without it
            text = error.message if isinstance(error, DocgenError) else repr(error)
            _log.warning("LibreOffice thường trú không dùng được (%s)", text)
            if pool is not None:
                pool.close()
            pool = None
        finally:
            with self._lock:
                if self._closed and pool is not None:
                    pool.close()
                    pool = None
                self._pool = pool
            self._ready.set()

    def converter(self) -> Converter | None:
        self._ready.wait(RESIDENT_START_TIMEOUT)
        with self._lock:
            pool = self._pool
        if pool is None:
            return None
        converter: Converter = pool.convert
        return converter

    def close(self) -> None:
        with self._lock:
            self._closed = True
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.close()


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

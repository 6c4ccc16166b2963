"""Scanned documents made searchable (docs/records/ocr.md): OCR through the register's job queue.

A PDF whose pages are images without text (`docgen.pdf.ocr.scanned_pages`) is recognised by
ocrmypdf with Tesseract's Vietnamese model. Every run goes through the queue
(`docgen.archive.queue`), in the register's database:

- `submit` files the PDF as a job (or finds the job already made for a file of the same bytes:
  the result is reused, so the văn thư who reads the proposal and then registers pays OCR once);
- `work_one` claims a job and runs it, page progress written to the job's row and handed to a
  callback (the CLI's bar); `work` runs jobs until the queue is empty or it is told to stop;
  `ensure_background` keeps `workers` of them running in threads of this process (the web
  server);
- `read_scan` is the foreground path of `receive` and `file`: the job's result, run here and now
  when no worker has it, waited for when one has.

`for_filing` says what the archive keeps (`ScanFiling`): an unsigned scan's archived copy gets the
text layer; a signed original is kept byte for byte and the OCR copy goes beside it
(`<stem>-ocr.pdf`, recorded with its checksum like every file); the text goes into the index.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import logging
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from docgen.archive import queue
from docgen.archive.queue import DONE, FAILED, OcrJob
from docgen.archive.register import RegisterStore
from docgen.errors import ConversionError, DocgenError
from docgen.files import write_atomic
from docgen.pdf.ocr import OcrEngine, Progress, find_engine, run_ocr, scanned_pages
from docgen.rules.prefill import Prefill, read_page_one

#: the name ending of the OCR copy kept beside a signed original
OCR_COPY = "-ocr.pdf"
#: a worker holds its job this long past its last page; a vanished worker's job is taken over
LEASE = dt.timedelta(minutes=10)
SOURCE, LAYERED = "source.pdf", "ocr.pdf"
_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Scan:
    """The OCR of one scanned PDF: the job, the text of each page, the pages that were scans,
    the PDF with its text layer, and the seconds OCR took."""

    job_id: str
    pages: tuple[str, ...]
    scanned: tuple[int, ...]
    layered: bytes = field(repr=False)
    seconds: float = 0.0
    language: str = "vie"
    #: True when the result was there already (the same bytes were recognised before)
    reused: bool = False

    @property
    def text(self) -> str:
        return "\n".join(page.strip() for page in self.pages if page.strip())

    def prefill(self, *, not_after: dt.date | None = None) -> Prefill:
        """What page 1 says (`docgen.rules.prefill`), for the văn thư to confirm."""
        return read_page_one(self.pages[0] if self.pages else "", not_after=not_after)


@dataclass(frozen=True)
class ScanFiling:
    """What filing keeps of a PDF: `base`, the bytes the archived copy is made from (the
    original, or for an unsigned scan the original with its text layer), the text to index,
    the further files by the end of their name (`-ocr.pdf`), and the scan (None: not one)."""

    base: bytes = field(repr=False)
    body: str
    files: dict[str, bytes] = field(default_factory=dict, repr=False)
    scan: Scan | None = None

    def note(self, stem: str) -> dict[str, Any]:
        """The metadata's `docgen.Ocr` entry of a document filed under `stem` ({} if no scan)."""
        if self.scan is None:
            return {}
        where = f"{stem}{OCR_COPY}" if self.files else f"{stem}.pdf"
        return {
            "ScannedPages": list(self.scan.scanned),
            "Language": self.scan.language,
            "TextLayer": where,
            "SignedOriginalKept": bool(self.files),
        }


def engine() -> OcrEngine | None:
    """The OCR engine the settings name (`settings.ocr_options`); None when OCR is turned off
    (DOCGEN_OCRMYPDF=off). SystemDependencyError when ocrmypdf or the language is missing."""
    from docgen.services.settings import ocr_options

    command, language, jobs, deskew = ocr_options()
    if command.lower() in {"off", "0", "no", "none"}:
        return None
    return find_engine(command, language=language, jobs=jobs, deskew=deskew)


def _now(store: RegisterStore) -> dt.datetime:
    return store.clock()


def submit(data: bytes, *, name: str, archive: Path, store: RegisterStore) -> OcrJob | None:
    """Queue the PDF `data` for OCR (None when it has no scanned page); the job made earlier
    for the same bytes when there is one (done, queued or running)."""
    pages = scanned_pages(data)
    if not pages:
        return None
    digest = hashlib.sha256(data).hexdigest()
    found = queue.latest_for(store.db, store.agency, digest)
    if found is not None and (queue.job_dir(archive, found.id) / SOURCE).is_file():
        return found
    job_id = uuid.uuid4().hex
    folder = queue.job_dir(archive, job_id)
    folder.mkdir(parents=True, exist_ok=True)
    write_atomic(folder / SOURCE, data)
    return queue.enqueue(
        store.db, job_id=job_id, agency=store.agency, sha256=digest, name=name[:200],
        pages=_page_count(data), now=_now(store),
    )  # fmt: skip


def _page_count(data: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(data)).pages)


def work_one(
    archive: Path,
    store: RegisterStore,
    ocr: OcrEngine,
    *,
    worker: str,
    job_id: str | None = None,
    progress: Progress | None = None,
) -> OcrJob | None:
    """Claim one job (`job_id`, or the oldest) and run it; the job as it ended (done or failed),
    None when there was nothing to claim. A failure is recorded on the job, not raised."""
    job = queue.claim(
        store.db, agency=store.agency, worker=worker, now=_now(store), lease=LEASE, job_id=job_id
    )
    if job is None:
        return None
    folder = queue.job_dir(archive, job.id)
    _log.info("OCR %s (%s, %d trang) do %s", job.id, job.name, job.pages, worker)

    def step(done: int, total: int) -> None:
        queue.progress(store.db, job.id, worker=worker, done=done, now=_now(store), lease=LEASE)
        if progress is not None:
            progress(done, total)

    try:
        source = folder / SOURCE
        scanned = scanned_pages(source.read_bytes())
        output = run_ocr(source, ocr, pages=job.pages, progress=step)
        write_atomic(folder / LAYERED, output.pdf)
    except DocgenError as error:
        message = f"{error.message} — {error.hint}" if error.hint else error.message
        queue.fail(store.db, job.id, worker=worker, error=message, now=_now(store))
    except Exception as error:  # the job must not stay running until its lease runs out
        queue.fail(
            store.db, job.id, worker=worker, now=_now(store),
            error=f"lỗi không mong đợi khi nhận dạng chữ ({type(error).__name__})",
        )  # fmt: skip
        raise
    else:
        result = {
            "pages": list(output.pages),
            "scanned": list(scanned),
            "seconds": round(output.seconds, 3),
            "language": ocr.language,
            "layered_sha256": hashlib.sha256(output.pdf).hexdigest(),
        }
        queue.finish(store.db, job.id, worker=worker, result=result, now=_now(store))
    ended = queue.get(store.db, job.id)
    assert ended is not None
    return ended


def work(
    archive: Path,
    store: RegisterStore,
    ocr: OcrEngine,
    *,
    worker: str,
    stop: threading.Event | None = None,
    idle: float = 0.0,
) -> int:
    """Run jobs until the queue is empty (`idle` 0) or, with `idle` > 0, until `stop` is set,
    looking for new jobs every `idle` seconds; the number of jobs run."""
    count = 0
    while stop is None or not stop.is_set():
        if work_one(archive, store, ocr, worker=worker) is not None:
            count += 1
            continue
        if idle <= 0:
            break
        if stop is not None:
            stop.wait(idle)
        else:
            time.sleep(idle)
    return count


def work_together(
    open_store: Callable[[], RegisterStore],
    archive: Path,
    ocr: OcrEngine,
    *,
    workers: int,
    name: str,
    idle: float = 0.0,
) -> int:
    """`work` in `workers` threads at once, each with a register connection of its own
    (`open_store`; claims are atomic, so no job runs twice): the number of jobs run. The first
    error of a thread is raised once all have ended."""
    counts = [0] * workers
    errors: list[BaseException] = []

    def run(number: int) -> None:
        try:
            with open_store() as store:
                counts[number] = work(
                    archive, store, ocr, worker=f"{name}-{number}@{uuid.uuid4().hex[:8]}",
                    idle=idle,
                )  # fmt: skip
        except BaseException as error:  # raised in the calling thread below
            errors.append(error)

    threads = [
        threading.Thread(target=run, args=(n,), daemon=True, name=f"docgen-ocr-{n}")
        for n in range(workers)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        while thread.is_alive():  # a join with a timeout lets Ctrl-C through
            thread.join(timeout=0.5)
    if errors:
        raise errors[0]
    return sum(counts)


def scan_of(job: OcrJob, archive: Path) -> Scan:
    """The scan a done job made; ConversionError for a failed job or a lost result file."""
    if job.state == FAILED:
        raise ConversionError(
            f"nhận dạng chữ tệp {job.name} không thành công: {job.error}",
            hint="kiểm tra tệp rồi nhận lại; báo quản trị nếu vẫn lỗi.",
        )
    layered = queue.job_dir(archive, job.id) / LAYERED
    if job.state != DONE or not layered.is_file():
        raise ConversionError(
            f"chưa có kết quả nhận dạng chữ của tệp {job.name}",
            hint="đợi nhận dạng xong rồi làm lại.",
        )
    result = job.result
    return Scan(
        job.id,
        tuple(str(p) for p in result.get("pages", [])),
        tuple(int(p) for p in result.get("scanned", [])),
        layered.read_bytes(),
        float(result.get("seconds", 0.0)),
        str(result.get("language", "vie")),
    )


def read_scan(
    pdf: Path,
    *,
    archive: Path,
    store: RegisterStore,
    ocr: OcrEngine | None = None,
    progress: Progress | None = None,
    poll: float = 0.5,
) -> Scan | None:
    """The OCR of `pdf` (None when it has no scanned page, or OCR is turned off): a result the
    queue holds for the same bytes, else the job run here and now, or waited for while another
    worker runs it. ConversionError when OCR failed."""
    data = pdf.read_bytes()
    if not scanned_pages(data):
        return None
    ocr = ocr or engine()
    if ocr is None:
        return None
    job = submit(data, name=pdf.name, archive=archive, store=store)
    assert job is not None
    if job.state == DONE:
        return replace(scan_of(job, archive), reused=True)
    worker = f"{pdf.name[:40]}@{uuid.uuid4().hex[:8]}"
    while not job.finished:
        ran = work_one(archive, store, ocr, worker=worker, job_id=job.id, progress=progress)
        if ran is not None:
            job = ran
            break
        time.sleep(poll)  # another worker has it: wait, showing its progress
        current = queue.get(store.db, job.id)
        assert current is not None
        job = current
        if progress is not None and not job.finished:
            progress(job.done, job.pages)
    return scan_of(job, archive)


def for_filing(
    pdf: Path,
    data: bytes,
    *,
    signed: bool,
    text: str,
    archive: Path,
    store: RegisterStore,
    scan: Scan | None = None,
) -> ScanFiling:
    """What filing keeps of `pdf` (bytes `data`, signed or not, its own `text`): `scan` (or
    the OCR `read_scan` makes) applied as the module docstring says; a PDF that is not a scan
    is kept as it is."""
    if scan is None:
        scan = read_scan(pdf, archive=archive, store=store)
    if scan is None:
        return ScanFiling(data, text)
    body = "\n".join(part for part in (text.strip(), scan.text) if part)
    if signed:
        return ScanFiling(data, body, {OCR_COPY: scan.layered}, scan)
    return ScanFiling(scan.layered, body, {}, scan)


def _background(
    open_store: Callable[[], RegisterStore], archive: Path, number: int, idle: float
) -> None:
    try:
        ocr = engine()
        if ocr is None:
            return
        with open_store() as store:
            work(archive, store, ocr, worker=f"nen-{number}@{uuid.uuid4().hex[:8]}", idle=idle)
    except Exception:  # a background thread has no one to tell but the log
        _log.exception("hàng đợi nhận dạng chữ dừng vì lỗi")


_background_lock = threading.Lock()
_background_threads: list[threading.Thread] = []


def ensure_background(
    open_store: Callable[[], RegisterStore], archive: Path, *, workers: int = 2, idle: float = 1.0
) -> None:
    """Make sure this process runs the queue in `workers` daemon threads (started on the first
    call, then kept: each looks for new jobs every `idle` seconds), each with a register
    connection of its own (`open_store`; a SQLite connection belongs to its thread). Claims
    are atomic, so the threads of several server processes never run one job twice."""
    with _background_lock:
        alive = [t for t in _background_threads if t.is_alive()]
        _background_threads[:] = alive
        for number in range(len(alive), workers):
            thread = threading.Thread(
                target=_background, args=(open_store, archive, number, idle), daemon=True,
                name=f"docgen-ocr-{number}",
            )  # fmt: skip
            thread.start()
            _background_threads.append(thread)

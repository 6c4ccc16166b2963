"""Batch issue (mail merge): one dispatch and a sheet of recipients → one issued document for the
whole list, or one per recipient, each numbered, signed and filed.

Order of work, so that a bad row costs nothing and a crash loses nothing:
1. plan: read the dispatch, the profile and the whole sheet; every bad row is reported at once;
2. preflight: render and check every document (in the workers) before any number is taken;
3. reserve: one unit of work reserves the block of numbers in sheet order, each row's note
   carrying the batch id and its sheet row (`Lô 3f9a…, dòng 5`); a rerun finds them there;
4. produce: worker processes render, check, convert (each its resident LibreOffice) and sign,
   outside any register lock;
5. record: the parent files each document into its reserved number, one unit of work each.
The batch id is derived from the inputs, so running the same command again resumes the batch:
rows already issued are skipped, reserved ones are produced. The manifest is written from the
register at the end of every run.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import multiprocessing
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, replace
from pathlib import Path

from docgen.archive.register import RegisterStore
from docgen.errors import DocgenError, InputError, RegisterError, SystemDependencyError
from docgen.inputs.copy import CopyRequest, load_input
from docgen.inputs.profile import load_profile
from docgen.inputs.recipients import Recipient, load_recipients
from docgen.inputs.word import WordOptions
from docgen.model.agency import Agency
from docgen.model.document import Document, IssueDate
from docgen.model.register import EntryStatus, NumberingPolicy, RegisterEntry
from docgen.render.context import symbol_of
from docgen.services import batch_worker
from docgen.services.issue import (
    BATCH_NOTE,
    DEFAULT_POLICY,
    Converter,
    IssueResult,
    Produced,
    file_produced,
    is_word,
    ready_to_issue,
    recover_staging,
    refuse_numbered,
)
from docgen.services.keys import (
    Secrets,
    fixed,
    from_environment,
    needed_secrets,
    open_keys,
    signer_keys,
)

#: documents produced ahead of the recorder per worker (bounds memory: ~150 KB each)
AHEAD = 4


@dataclass(frozen=True)
class BatchRow:
    """One document of the batch: the sheet rows it goes to, and the document itself."""

    rows: tuple[Recipient, ...]
    document: Document

    @property
    def label(self) -> str:
        first = self.rows[0]
        if len(self.rows) == 1:
            return f"dòng {first.row} ({first.name})"
        return f"{len(self.rows)} người nhận"


@dataclass(frozen=True)
class BatchPlan:
    batch_id: str
    source: Path
    recipients_file: Path
    profile: Path
    agency: Agency
    stream: str
    symbol: str
    date: IssueDate
    items: tuple[BatchRow, ...]

    def note(self, item: BatchRow) -> str:
        return f"Lô {self.batch_id}, dòng {item.rows[0].row}"

    def digest(self, item: BatchRow) -> str:
        """The draft identity of one document (the register refuses issuing it twice)."""
        rows = "|".join(f"{r.row}:{r.name}" for r in item.rows)
        return hashlib.sha256(f"{self.batch_id}|{rows}".encode()).hexdigest()


@dataclass(frozen=True)
class BatchResult:
    plan: BatchPlan
    entries: tuple[tuple[BatchRow, RegisterEntry], ...]  #: every document of the batch, in order
    issued_now: int
    skipped: int  #: issued by an earlier run of the same batch


#: (done, total, label) after each document is recorded
Progress = Callable[[int, int, str], None]


def _no_progress(done: int, total: int, label: str) -> None:
    del done, total, label


def batch_id(*parts: bytes) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()[:12]


def plan_batch(
    source: Path,
    recipients_file: Path,
    profile: Path,
    *,
    one_per_recipient: bool,
    today: dt.date,
    policy: NumberingPolicy = DEFAULT_POLICY,
) -> BatchPlan:
    """Read and validate every input; InputError (every bad sheet row listed) before any work."""
    agency = load_profile(profile)
    if is_word(source):
        document: Document | CopyRequest = _word_document(
            source, agency, one_per_recipient=one_per_recipient, today=today
        )
    else:
        document = load_input(source, agency, today=today)
    if isinstance(document, CopyRequest):
        raise InputError(
            "cấp số theo lô chỉ dùng cho văn bản, không dùng cho bản sao",
            source=str(source),
            hint="cấp số bản sao từng bản bằng `docgen issue`",
        )
    refuse_numbered(
        document.number, source, hint="xóa dòng `so:` để docgen cấp số cho từng văn bản của lô"
    )
    if not document.kind.info.has_kinh_gui:  # a thư công's greeting is optional: not a list
        raise InputError(
            f"cấp số theo lô điền người nhận vào phần Kính gửi, mà {document.kind.info.name.lower()}"
            " không có phần Kính gửi theo mẫu của Nghị định 30",
            source=str(source),
            field="loai",
            hint="dùng cho công văn, tờ trình, báo cáo; loại khác cấp từng văn bản bằng docgen issue",
        )
    recipients = load_recipients(recipients_file)
    if not recipients:
        raise InputError(
            "bảng người nhận không có dòng nào",
            source=str(recipients_file),
            hint="thêm người nhận dưới dòng tiêu đề rồi chạy lại",
        )
    dated = replace(document, date=IssueDate.of(today))
    if one_per_recipient:
        items = tuple(
            BatchRow((r,), replace(dated, recipients=(r.name,))) for r in recipients
        )  # fmt: skip
    else:
        names = tuple(r.name for r in recipients)
        items = (BatchRow(recipients, replace(dated, recipients=names)),)
    mode = b"per-recipient" if one_per_recipient else b"one"
    ident = batch_id(
        source.read_bytes(), recipients_file.read_bytes(), mode, agency.abbreviation.encode()
    )
    return BatchPlan(
        batch_id=ident,
        source=source,
        recipients_file=recipients_file,
        profile=profile,
        agency=agency,
        stream=policy.stream_for(document.kind, secrecy=document.secrecy),
        symbol=symbol_of(document, agency),
        date=IssueDate.of(today),
        items=items,
    )


def _word_document(
    source: Path, agency: Agency, *, one_per_recipient: bool, today: dt.date
) -> Document:
    """The document a Word draft describes, for a batch that writes each recipient into its Kính
    gửi line; InputError when it cannot be."""
    from docgen.services.issue_word import read_bytes, read_draft, refuse_numbered_draft

    draft = read_draft(read_bytes(source), agency, WordOptions(), source=str(source), today=today)
    refuse_numbered_draft(draft, source)
    if not one_per_recipient:
        raise InputError(
            "với bản Word, cấp số theo lô làm mỗi người nhận một văn bản",
            source=str(source),
            hint="thêm --one-per-recipient; muốn một văn bản gửi cả danh sách thì ghi danh sách "
            "vào Kính gửi trong Word rồi dùng `docgen issue`",
        )
    if not draft.kinh_gui:
        raise InputError(
            "bản Word không có dòng `Kính gửi:` để ghi tên từng người nhận",
            source=str(source),
            field="Kính gửi",
            hint="thêm dòng `Kính gửi: …` trên phần nội dung trong Word rồi chạy lại",
        )
    return draft.document


def batch_entries(store: RegisterStore, plan: BatchPlan) -> dict[int, RegisterEntry]:
    """The register rows already taken by this batch, by the sheet row of their document."""
    found: dict[int, RegisterEntry] = {}
    for entry in store.entries(plan.date.year, plan.stream):
        match = BATCH_NOTE.match(entry.note)
        if match and match["batch"] == plan.batch_id:
            found[int(match["row"])] = entry
    return found


def reserve_block(store: RegisterStore, plan: BatchPlan) -> dict[int, RegisterEntry]:
    """This batch's numbers: reserved now in sheet order (one unit of work), or found from an
    earlier run. RegisterError if an earlier run's row was cancelled or the sheet changed."""
    found = batch_entries(store, plan)
    if found:
        missing = [item.label for item in plan.items if item.rows[0].row not in found]
        if missing:
            raise RegisterError(
                f"lô {plan.batch_id} đã giữ số từ trước nhưng thiếu {', '.join(missing[:3])}",
                source=str(plan.recipients_file),
                hint="báo người quản trị: sổ đăng ký không khớp với lô đã giữ số",
            )
        return found
    with store.unit_of_work() as uow:
        for item in plan.items:
            first = item.document
            found[item.rows[0].row] = uow.reserve(
                plan.stream,
                plan.symbol,
                year=plan.date.year,
                kind=first.kind,
                subject=first.subject,
                secrecy=first.secrecy,
                note=plan.note(item),
            )
        uow.commit()
    return found


def _refuse_cancelled(plan: BatchPlan, entries: dict[int, RegisterEntry]) -> None:
    for item in plan.items:
        entry = entries[item.rows[0].row]
        if entry.status is EntryStatus.CANCELLED:
            raise RegisterError(
                f"số {entry.number_symbol} của {item.label} trong lô {plan.batch_id} đã bị hủy",
                source=str(plan.recipients_file),
                hint="bỏ dòng đó khỏi bảng tính (lô mới sẽ lấy số mới) rồi chạy lại",
            )


def _window(
    executor: ProcessPoolExecutor,
    jobs: Sequence[tuple[BatchRow, RegisterEntry]],
    plan: BatchPlan,
    ahead: int,
) -> Iterator[tuple[BatchRow, RegisterEntry, Produced]]:
    """Produce `jobs` in the workers, at most `ahead` in flight, and yield them in number order
    (the register's history then reads like the paper book, and what a stopped batch has filed
    is always its first documents). On a failure, stops submitting, yields the documents before
    the failed one, then raises the failure."""
    pending = list(reversed(jobs))
    order = [entry.number for _, entry in jobs]
    running: dict[Future[Produced], tuple[BatchRow, RegisterEntry]] = {}
    ready: dict[int, tuple[BatchRow, RegisterEntry, Produced]] = {}
    failed: dict[int, BaseException] = {}
    position = 0
    while position < len(order):
        while pending and len(running) + len(ready) < ahead and not failed:
            item, entry = pending.pop()
            future = executor.submit(
                batch_worker.make, item.document, entry.number, plan.date, str(plan.source)
            )
            running[future] = (item, entry)
        number = order[position]
        if number in ready:
            yield ready.pop(number)
            position += 1
            continue
        if number in failed or not running:
            break
        done, _ = wait(running, return_when=FIRST_COMPLETED)
        for future in done:
            item, entry = running.pop(future)
            error = future.exception()
            if error is None:
                ready[entry.number] = (item, entry, future.result())
            else:
                failed[entry.number] = _name_row(error, item)
    if failed:
        for future in running:
            future.cancel()
        raise failed[min(failed)]


def _name_row(error: BaseException, item: BatchRow) -> BaseException:
    if isinstance(error, DocgenError):
        error.message = f"{item.label}: {error.message}"
        error.args = (error.one_line(),)
    return error


def run_batch(
    plan: BatchPlan,
    *,
    archive: Path,
    store: RegisterStore,
    templates: Path,
    jobs: int = 2,
    convert: Converter | None = None,
    pool: bool = True,
    progress: Progress = _no_progress,
    secrets: Secrets = from_environment,
) -> BatchResult:
    """Issue every document of `plan` not issued yet; see the module docstring for the order.
    `secrets`: the PINs and passwords of the signing keys, asked once here and handed to the
    worker processes (through their pipe, never a file)."""
    agency = plan.agency
    first = plan.items[0].document
    # Signing files, the keys (PINs, certificates), LibreOffice and the fonts are checked before
    # anything; the converter itself is made in each worker (`convert` must be a module-level
    # function).
    ready_to_issue(agency, first.signature.key, plan.profile, convert)
    people = list(dict.fromkeys(k for item in plan.items for k in signer_keys(item.document)))
    given: dict[str, str] = {}
    for variable, question in needed_secrets(agency, people):
        value = secrets(variable, question)
        if value:
            given[variable] = value
    with open_keys(agency, people, secrets=fixed(given)):
        pass  # every key opens and its certificate may sign: only then are numbers taken
    recover_staging(archive, store)
    levels = tuple(
        (name, logging.getLogger(name).level) for name in ("pyhanko", "pyhanko_certvalidator")
    )
    python = _uno_python() if convert is None and pool and not agency.style.pdfa else None
    setup = batch_worker.WorkerSetup(
        plan.profile,
        templates,
        convert,
        pool=pool and (convert is not None or python is not None),
        uno_python=python,
        log_levels=levels,
        word_draft=plan.source if is_word(plan.source) else None,
        secrets=tuple(given.items()),
    )
    context = multiprocessing.get_context("spawn")
    total = len(plan.items)
    with ProcessPoolExecutor(
        max_workers=max(1, jobs),
        mp_context=context,
        initializer=batch_worker.init,
        initargs=(setup,),
    ) as executor:
        entries = batch_entries(store, plan)
        if not entries:  # nothing reserved yet: check every document before taking numbers
            checks = [
                executor.submit(batch_worker.preflight, item.document, str(plan.source))
                for item in plan.items
            ]
            for item, check in zip(plan.items, checks, strict=True):
                error = check.exception()
                if error is not None:
                    for other in checks:
                        other.cancel()
                    raise _name_row(error, item)
        entries = reserve_block(store, plan)
        _refuse_cancelled(plan, entries)
        todo = [
            (item, entries[item.rows[0].row])
            for item in plan.items
            if entries[item.rows[0].row].status is EntryStatus.RESERVED
        ]
        done = total - len(todo)
        progress(done, total, "")
        issued_now = 0
        for item, _entry, produced in _window(executor, todo, plan, AHEAD * max(1, jobs)):
            _record(store, archive, plan, item, produced)
            issued_now += 1
            progress(done + issued_now, total, item.label)
    return snapshot(store, plan, issued_now=issued_now, skipped=total - len(todo))


def _uno_python() -> str | None:
    """The interpreter the workers' resident LibreOffice needs, looked up once here; None on a
    machine without python3-uno (the workers then run one soffice per document)."""
    from docgen.render.pool import uno_python

    try:
        return uno_python()
    except SystemDependencyError:
        return None


def snapshot(
    store: RegisterStore, plan: BatchPlan, *, issued_now: int = 0, skipped: int = 0
) -> BatchResult:
    """The batch as the register has it now (also after a failure, for the manifest)."""
    found = batch_entries(store, plan)
    ordered = tuple(
        (item, found[item.rows[0].row]) for item in plan.items if item.rows[0].row in found
    )
    return BatchResult(plan, ordered, issued_now, skipped)


def _record(
    store: RegisterStore, archive: Path, plan: BatchPlan, item: BatchRow, produced: Produced
) -> IssueResult:
    """File one produced document into its reserved number: one unit of work."""
    filed = None
    try:
        with store.unit_of_work() as uow:
            filed = file_produced(
                uow, archive, produced, plan.agency,
                stream=plan.stream, digest=plan.digest(item), note=plan.note(item),
            )  # fmt: skip
            uow.commit()
        result = filed.place()
        filed = None
        return result
    except BaseException as error:
        if filed is not None:
            filed.staging.abandon(error)
        raise

"""Receiving from other agencies (liên thông): a package registers an incoming document, a
status message updates the outgoing register, and the inbox is processed in one go
(docs/exchange/edxml.md).

A document package is checked whole before anything is kept: it must be addressed to this
agency, its document a PDF whose signatures are intact (an unsigned or broken one is refused),
and not registered before (the same sender's code, number and symbol and date). Then it is
received as `docgen receive` receives a PDF (số đến, ĐẾN stamp, register, archive: one unit of
work), its phụ lục and the package itself filed beside it, the header kept in the register's
history, and an `đã đến` status message goes back. A package refused after its header could be
read gets a `từ chối tiếp nhận` status message instead. `poll` moves each package of the inbox
to `processed/` or, with the reason in a `.ly-do.txt` file, to `refused/`: never half-registered.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

from docgen.archive import catalogue, layout
from docgen.archive import exchange as stored
from docgen.archive import exchange_fold as ev
from docgen.archive.fold import number_key
from docgen.archive.register import RegisterStore
from docgen.archive.unit_of_work import UnitOfWork
from docgen.edxml.names import PDF, SUFFIX
from docgen.edxml.parse import read
from docgen.edxml.safe import check_size
from docgen.errors import DocgenError, InputError, ProfileError
from docgen.files import write_atomic
from docgen.model.agency import Agency
from docgen.model.exchange import ExchangeStatus, Header, Package, StatusMessage
from docgen.model.register import RegisterEntry
from docgen.services.exchange import (
    PROCESSED,
    REFUSED,
    Handoff,
    header_data,
    inbox_of,
    limits_of,
    outbox_of,
    own_organ,
)
from docgen.services.exchange_status import Applied, apply_status, record_report, status_message
from docgen.services.filing import INTACT, UNSIGNED, signature_verdict
from docgen.services.incoming import Addition, Received, receive

#: the end of the name of the package itself, filed beside the document it brought
PACKAGE_FILE = "-goi-tin.edxml"
_EXTENSION = re.compile(r"^\.[a-z0-9]{1,8}$")


@dataclass(frozen=True)
class Signatures:
    """The verdict shown to the clerk: intact or not, who signed, trusted by the roots of
    `[exchange] trust_roots` (None when the profile names none)."""

    verdict: str
    signers: tuple[str, ...]
    trusted: bool | None
    problems: tuple[str, ...] = ()


@dataclass(frozen=True)
class Receipt:
    received: Received
    header: Header
    signatures: Signatures
    status: Path  #: the `đã đến` status package in the outbox


class Refused(InputError):
    """A package refused; `reply` is the `từ chối tiếp nhận` status package sent back, if any."""

    reply: Path | None = None


def _read(path: Path, agency: Agency) -> Package | StatusMessage:
    source = str(path)
    limits = limits_of(agency)
    try:
        check_size(path.stat().st_size, limits, source)
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError("không tìm thấy tệp gói tin", source=source) from None
    except IsADirectoryError:
        raise InputError("là một thư mục, không phải tệp gói tin", source=source) from None
    return read(data, limits, source)


def _refuse(message: str, path: Path, hint: str = "") -> InputError:
    return InputError(
        message,
        source=str(path),
        hint=hint or "không vào sổ gói tin này; báo nơi gửi gửi lại đúng văn bản đã ký số.",
    )


def _signatures(pdf: Path, agency: Agency) -> Signatures:
    from docgen.pdf.verify import verify_pdf

    verdict = signature_verdict(pdf)
    roots = [Path(p) for p in agency.exchange.trust_roots]
    report = verify_pdf(pdf, roots)
    signers = tuple(dict.fromkeys(s.signer for s in report.signatures if not s.document_timestamp))
    trusted = all(s.trusted for s in report.signatures) if roots and report.signatures else None
    problems = tuple(p for p in report.all_problems() if roots or "tin cậy" not in p)
    return Signatures(verdict, signers, trusted, problems)


def _duplicate(store: RegisterStore, header: Header) -> str | None:
    """Where the document of `header` was registered before, if it was: by the sender's code,
    or by its name (a document received on paper or as a PDF before)."""
    key = stored.received_key(
        store.db,
        store.agency,
        stored.received_source(header.sender.code, header.notation, header.date),
    )
    if key is not None:
        return f"số đến {key.number:02d} năm {key.year}"
    doc = catalogue.incoming_duplicate(
        store.db,
        store.agency,
        header.sender.name,
        number_key(header.number, header.symbol),
        header.date,
    )
    return doc


def _checked(package: Package, agency: Agency, store: RegisterStore, path: Path) -> None:
    """Refuse what the schema could not: not addressed here, unsafe symbol, no PDF first,
    registered before."""
    own = own_organ(agency)
    header = package.header
    if own.code not in (r.code for r in header.receivers):
        to = ", ".join(r.code for r in header.receivers)
        raise _refuse(
            f"gói tin gửi cho {to}, không phải cơ quan này ({own.code})",
            path,
            "không vào sổ; báo nơi gửi gửi đúng nơi nhận.",
        )
    layout.check_symbol(header.symbol, field="CodeNotation")
    first = package.attachments[0]
    if first.content_type != PDF or not first.data.startswith(b"%PDF-"):
        raise _refuse(f"tệp đầu của gói tin ({first.name}) không phải văn bản PDF", path)
    if header.date > store.today():
        raise _refuse(
            f"ngày văn bản {header.date:%d/%m/%Y} sau ngày nhận {store.today():%d/%m/%Y}", path
        )


def _files(package: Package) -> list[tuple[str, bytes]]:
    """The further files (phụ lục), by the end of their name after the stem, then the package."""
    files = []
    for index, attachment in enumerate(package.attachments[1:], 1):
        extension = Path(attachment.name).suffix.lower()
        if attachment.content_type == PDF:
            extension = ".pdf"
        elif not _EXTENSION.match(extension):
            extension = ".bin"
        files.append((f"-phu-luc-{index:02d}{extension}", attachment.data))
    return files


def _reply_refusal(
    store: RegisterStore, agency: Agency, archive: Path, header: Header, reason: str
) -> Path:
    """The `từ chối tiếp nhận` status package for a refused document (no register row)."""
    from docgen.edxml.build import build_status

    message = status_message(store, agency, header, ExchangeStatus.TU_CHOI, description=reason)

    stamp = message.at.strftime("%Y%m%d%H%M%S")
    digest = hashlib.sha256(header.document_id.encode("utf-8")).hexdigest()[:10]
    target = _free(outbox_of(agency, archive), f"tt-tu-choi-{stamp}-{digest}.edxml")
    write_atomic(target, build_status(message))
    return target


def receive_package(
    path: Path,
    *,
    archive: Path,
    store: RegisterStore,
    agency: Agency,
    to: str = "",
    instructions: str = "",
) -> Receipt | Applied:
    """Receive the package at `path`: a document (Receipt) or a status message (Applied)."""
    for root in agency.exchange.trust_roots:  # the profile's fault, not the package's
        if not Path(root).is_file():
            raise ProfileError(
                f"không tìm thấy chứng thư gốc {root}",
                field="exchange.trust_roots",
                hint="ghi đúng đường dẫn tệp .pem/.cer (tính từ thư mục chứa docgen.toml).",
            )
    message = _read(path, agency)
    if isinstance(message, StatusMessage):
        return apply_status(store, agency, message, str(path))
    header = message.header
    try:
        _checked(message, agency, store, path)
        with tempfile.TemporaryDirectory(prefix="docgen-nhan-") as temp:
            main = Path(temp) / "van-ban.pdf"
            main.write_bytes(message.attachments[0].data)
            signatures = _signatures(main, agency)
            if signatures.verdict != INTACT:
                what = (
                    "không có chữ ký số"
                    if signatures.verdict == UNSIGNED
                    else "có chữ ký số không còn nguyên vẹn (đã bị sửa sau khi ký)"
                )
                raise _refuse(f"văn bản trong gói tin {what}", path)
            duplicate = _duplicate(store, header)
            if duplicate is not None:
                raise _Duplicate(
                    f"văn bản {header.notation} ngày {header.date:%d/%m/%Y} của "
                    f"{header.sender.code} đã được vào sổ văn bản đến ({duplicate})",
                    source=str(path),
                    hint="không vào sổ lần hai; tìm bản đã nhận bằng `docgen search`.",
                )
            return _register(path, main, message, signatures, archive, store, agency, to,
                             instructions)  # fmt: skip
    except _Duplicate:
        raise  # the document was received: a refusal status would contradict the first answer
    except InputError as error:
        reply = _reply_refusal(store, agency, archive, header, error.message)
        refused = Refused(
            error.message,
            source=error.source or str(path),
            field=error.field,
            hint=f"{error.hint} Đã lập trạng thái từ chối gửi nơi gửi: {reply}".strip(),
        )
        refused.reply = reply
        raise refused from error


class _Duplicate(InputError):
    """The document of a package was registered before."""


def _register(
    path: Path,
    main: Path,
    package: Package,
    signatures: Signatures,
    archive: Path,
    store: RegisterStore,
    agency: Agency,
    to: str,
    instructions: str,
) -> Receipt:
    header = package.header
    source = stored.received_source(header.sender.code, header.notation, header.date)
    handoffs: list[Handoff] = []

    def check(uow: UnitOfWork) -> None:
        key = stored.received_key(uow.db, store.agency, source)
        if key is not None:  # registered by another clerk while we checked the package
            raise _Duplicate(
                f"văn bản {header.notation} của {header.sender.code} đã được vào sổ văn bản đến "
                f"(số đến {key.number:02d} năm {key.year})",
                source=str(path),
            )

    def record(uow: UnitOfWork, entry: RegisterEntry, stem: str) -> None:
        payload = {
            "source": source,
            "from": ev.organ_data(header.sender),
            "document_id": header.document_id,
            "header": header_data(header),
            "files": [a.name for a in package.attachments],
            "package": f"{stem}{PACKAGE_FILE}",
            "verdict": signatures.verdict,
        }
        uow.record_exchange(ev.RECEIVED, entry.key, payload)
        arrived = status_message(store, agency, header, ExchangeStatus.DA_DEN)
        handoffs.append(record_report(uow, entry.key, arrived, outbox_of(agency, archive), 1))

    addition = Addition(
        files=[*_files(package), (PACKAGE_FILE, path.read_bytes())],
        signer_name=header.signer_name,
        signer_position=header.signer_position,
        due_date=header.due_date,
        check=check,
        record=record,
    )
    try:
        received = receive(
            main,
            archive=archive,
            store=store,
            agency=agency,
            sender=header.sender.name or header.sender.code,
            notation=header.notation,
            date=header.date,
            to=to,
            subject=header.subject,
            type_name=header.type_name,
            instructions=instructions,
            urgency=header.urgency,
            addition=addition,
        )
    except BaseException:
        for handoff in handoffs:
            handoff.drop()
        raise
    (status,) = [handoff.done() for handoff in handoffs]
    entry = store.entry(received.entry.key)  # with the exchange's events folded in
    assert entry is not None
    return Receipt(replace(received, entry=entry), header, signatures, status)


# -- the inbox -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Polled:
    """What became of one package of the inbox."""

    name: str
    outcome: str  #: "received", "status" or "refused"
    moved_to: Path
    receipt: Receipt | None = None
    applied: Applied | None = None
    reason: str = ""  #: the refusal, one line


def _free(folder: Path, name: str) -> Path:
    """`folder/name`, or `name` with `-2`, `-3`… before its suffix when that is taken."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    stem, suffix = Path(name).stem, Path(name).suffix
    count = 1
    while target.exists() or target.with_name(target.name + ".ly-do.txt").exists():
        count += 1
        target = folder / f"{stem}-{count}{suffix}"
    return target


def pending(inbox: Path) -> list[Path]:
    """The packages waiting in `inbox`, by name (a hidden file is a connector's unfinished one)."""
    if not inbox.is_dir():
        return []
    return sorted(
        p
        for p in inbox.iterdir()
        if p.is_file() and p.suffix.lower() == SUFFIX and not p.name.startswith(".")
    )


def poll(
    *, archive: Path, store: RegisterStore, agency: Agency, now: dt.datetime | None = None
) -> list[Polled]:
    """Process every package of the inbox in name order; a refusal moves that package aside and
    goes on with the next. An error that is not the package's (the register unreachable, the
    profile without a code) stops the run and leaves the package where it is."""
    own_organ(agency)  # before moving anything: without a code nothing can be received
    inbox = inbox_of(agency, archive)
    done: list[Polled] = []
    for path in pending(inbox):
        try:
            got = receive_package(path, archive=archive, store=store, agency=agency)
        except InputError as error:
            target = _free(inbox / REFUSED, path.name)
            when = (now or store.now()).strftime("%d/%m/%Y %H:%M:%S")
            reason = f"{when}  {error.one_line()}\n"
            write_atomic(target.with_name(target.name + ".ly-do.txt"), reason.encode("utf-8"))
            os.replace(path, target)
            done.append(Polled(path.name, "refused", target, reason=error.one_line()))
            continue
        except DocgenError:
            raise
        target = _free(inbox / PROCESSED, path.name)
        os.replace(path, target)
        if isinstance(got, Receipt):
            done.append(Polled(path.name, "received", target, receipt=got))
        else:
            done.append(Polled(path.name, "status", target, applied=got))
    return done

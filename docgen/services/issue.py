"""Issue: take the next number, fill number and date, render DOCX and PDF, record the register row and
file the document (original under VT, a copy per unit on the Lưu line, metadata, catalogue row) —
one unit of work. A failure anywhere consumes no number and leaves no file; a crash is finished or
undone by the next issue (`archive.staging.recover`)."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import re
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from docgen.archive import catalogue, checks, layout
from docgen.archive.catalogue import CatalogueRow
from docgen.archive.metadata import Extras
from docgen.archive.register import RegisterStore
from docgen.archive.staging import Manifest, Staging, recover, sha256
from docgen.archive.turns import TURNS, Turn, Turns
from docgen.archive.unit_of_work import UnitOfWork
from docgen.errors import CheckFailed, InputError, RegisterError
from docgen.inputs.copy import CopyRequest, load_input
from docgen.inputs.profile import check_signing_files, load_profile
from docgen.inputs.word import WordOptions
from docgen.model.agency import Agency
from docgen.model.document import Document, IssueDate, Signature
from docgen.model.number import DocumentNumber
from docgen.model.register import (
    EntryKey,
    EntryStatus,
    NumberingPolicy,
    RegisterEntry,
    catalogue_id,
)
from docgen.render.context import symbol_of
from docgen.render.convert import convert_to_pdf, soffice_path
from docgen.render.fonts import vietnamese_tnr_family
from docgen.rules.blocks import signature_lines
from docgen.rules.numbering import takes_number
from docgen.services import settings
from docgen.services.check import check_docx
from docgen.services.draft import ensure_fonts_embedded, render_document
from docgen.services.filing import UNSIGNED, Filing, seal, signature_verdict, stage
from docgen.services.issue_appendix import finish_appendices, render_appendices
from docgen.services.keys import KeyRing, Secrets, from_environment, open_keys, signer_keys

if TYPE_CHECKING:
    from collections.abc import Iterator

T = TypeVar("T")  #: what `in_turn` makes with a number

#: (docx, out_dir) -> pdf; the real one runs LibreOffice, stress tests may pass a fast one
Converter = Callable[[Path, Path], Path]
#: (numbered document, file stem) -> (stem, .docx bytes) of each phụ lục in a file of its own
AppendixFiles = Callable[[Document, str], list[tuple[str, bytes]]]
#: called with the name of each step; a test hook can kill the process there
Probe = Callable[[str], None]
DEFAULT_POLICY = NumberingPolicy()  #: every administrative type in the shared stream
#: the note a batch writes on each number it reserves (`services.batch`)
BATCH_NOTE = re.compile(r"^Lô (?P<batch>[0-9a-f]{12}), dòng (?P<row>\d+)")
STEPS = (
    "loaded",
    "rendered",
    "converted",
    "allocated",
    "staged",
    "recorded",
    "committed",
    "placed",
)


#: files a clerk may try to issue that docgen cannot read: what to save them as
OTHER_FORMATS = {
    ".doc": "tệp Word cũ (.doc)",
    ".docm": "tệp Word có macro (.docm)",
    ".dotx": "mẫu Word (.dotx)",
    ".dot": "mẫu Word (.dot)",
    ".odt": "tệp OpenDocument (.odt)",
    ".rtf": "tệp RTF",
    ".pdf": "tệp PDF",
}


def is_word(source: Path) -> bool:
    """True for a Word draft (`du-thao.docx`); False for docgen's YAML input. InputError for the
    other document formats a clerk may try (.doc, .odt, .pdf …), saying what to save them as."""
    suffix = source.suffix.lower()
    if suffix in OTHER_FORMATS:
        raise InputError(
            f"docgen không cấp số {OTHER_FORMATS[suffix]}",
            source=str(source),
            hint="mở bằng Word, chọn Lưu thành (Save As) → Word Document (.docx), rồi cấp số "
            "tệp .docx đó"
            if suffix != ".pdf"
            else "cấp số bản Word (.docx) hoặc tệp .yaml của văn bản; văn bản đã ký ở nơi khác "
            "thì lưu bằng `docgen file`",
        )
    return suffix == ".docx"


@dataclass(frozen=True)
class IssueResult:
    entry: RegisterEntry
    docx: Path
    pdf: Path
    appendices: tuple[Path, ...] = ()  #: separate appendix files (.docx and .pdf), filed with it
    #: what the clerk should look at though nothing stopped the issue (a lonely last page)
    warnings: tuple[str, ...] = ()


def _no_probe(step: str) -> None:
    del step


def folder_for(entry: RegisterEntry) -> str:
    """Where an issued document's original lives (the records office), relative to the root."""
    return layout.outgoing_folder(entry.year, entry.stream)


def file_stem(number: DocumentNumber) -> str:
    """`05-BQL-KHTH`: the number and symbol with the slash (not allowed in file names) as `-`."""
    return str(number).replace("/", "-")


def register_entry(
    document: Document, agency: Agency, *, stream: str, files: dict[str, str], source: str
) -> RegisterEntry:
    """The register row of an issued `document` (Phụ lục IV mẫu I columns)."""
    assert document.number is not None and document.date.complete
    signer = ", ".join([*signature_lines(document.signature), document.signature.name])
    recipients = (*document.recipients, *document.noi_nhan)
    holders = ("VT", *document.luu.units)
    return RegisterEntry(
        year=document.date.year,
        stream=stream,
        number=document.number,
        symbol=symbol_of(document, agency),
        date=document.date.as_date(),
        kind=document.kind,
        subject=document.subject,
        signer=signer,
        recipients=recipients,
        holders=holders,
        copies=document.luu.issued_copies,
        secrecy=document.secrecy,
        files=files,
        source=source,
    )


def refuse_on_check_errors(docx_bytes: bytes, *, source: Path, issued: bool = True) -> None:
    """Run the format checker on the numbered, dated document exactly as it will be issued;
    CheckFailed on any error (inside the unit of work, so the number is rolled back). `issued`
    False: blanks the decree leaves in it are no error (an electronic document's phụ lục)."""
    report = check_docx(docx_bytes, issued=issued, name=str(source))
    if report.errors:
        first = report.errors[0]
        more = f" (và {len(report.errors) - 1} lỗi khác)" if len(report.errors) > 1 else ""
        see = (
            f"`docgen check {source}`"
            if is_word(source)
            else "`docgen draft` rồi `docgen check` bản dự thảo"
        )
        raise CheckFailed(
            f"chưa cấp số vì văn bản còn lỗi{more}: {first.place}: {first.found}",
            source=str(source),
            hint=f"{first.fix} Xem hết bằng {see}.",
        )


def refuse_unnumbered(document: Document, agency: Agency, source: Path) -> None:
    """InputError for a thư công the agency leaves unnumbered (`[numbering] thu_cong = "none"`,
    docs/format/number-and-date.md): issuing is taking a number, and the register has none to
    give it."""
    if takes_number(document.kind, agency.numbering):
        return
    raise InputError(
        'thư công không số (docgen.toml: [numbering] thu_cong = "none") nên không cấp số, '
        "không vào sổ văn bản đi",
        source=str(source),
        field="loai",
        hint="ghi `ngay:` rồi in bằng `docgen draft … --pdf` để trình ký; muốn cấp số và lưu "
        'kho thì đặt [numbering] thu_cong = "cong-van" (số như công văn, ví dụ 12/BQL-VP)',
    )


def sign_issued(
    pdf: Path, out: Path, document: Document, agency: Agency, keys: KeyRing | None = None
) -> Path:
    """Sign `pdf` into `out` in the decree's order (PL1 II.7.d, II.8.a): each signer of the
    document with an own key signs their block, the signature image as its appearance (the
    second block, a biên bản's secretary, first); a signer without one has the image stamped
    into the page; then the agency's signature with the seal over the left third of the main
    signature. `keys`: the keys already opened (`keys.open_keys`); None opens them here."""
    return sign_as(pdf, out, document.signature, agency, keys, second=document.second_signature)


@contextlib.contextmanager
def ring_for(keys: KeyRing | None, agency: Agency, signers: Sequence[str]) -> Iterator[KeyRing]:
    """`keys`, or the keys of `signers` opened from the environment for this block."""
    if keys is not None:
        yield keys
        return
    with open_keys(agency, signers) as opened:
        assert opened is not None  # only called when the profile signs
        yield opened


def sign_as(
    pdf: Path,
    out: Path,
    signature: Signature,
    agency: Agency,
    keys: KeyRing | None = None,
    *,
    second: Signature | None = None,
) -> Path:
    """`sign_issued` for the signature block of `signature` (the last one of its signer in the
    PDF: a copy's block under the copied document) and the `second` block, if any."""
    from docgen.pdf.pipeline import SIGNER_FIELD, BlockSignature, finish_main_document
    from docgen.pdf.stamp import SignatureStamp
    from docgen.pdf.styles import SealStyle

    signing = agency.signing
    assert signing is not None
    signer = agency.signer(signature.key)
    assert signer is not None  # check_signing_files proved it
    stamp = SignatureStamp(
        signature_lines(signature)[-1],
        signature.name,
        Path(signer.signature_image),
        seal_style=SealStyle(size_mm=signing.seal_size_mm),
    )
    keys_of = [second.key] if second is not None and second.key else []
    with ring_for(keys, agency, [*keys_of, signature.key]) as ring:
        others = []
        other = agency.signer(second.key) if second is not None else None
        if second is not None and other is not None and ring.own(other.key) is not None:
            other_stamp = SignatureStamp(
                signature_lines(second)[-1], second.name, Path(other.signature_image)
            )
            own = ring.own(other.key)
            assert own is not None
            others.append(BlockSignature(other_stamp, own, f"{SIGNER_FIELD}_2"))
        finish_main_document(
            pdf,
            out,
            ring.agency,
            signature=stamp,
            seal_image=Path(signing.seal_image),
            timestamp_url=signing.timestamp_url or None,
            personal=ring.own(signature.key),
            others=others,
            ltv=ring.ltv,
        )
    return out


def ready_to_issue(
    agency: Agency,
    signer_key: str,
    profile: Path,
    convert: Converter | None,
    *,
    signer_image: bool = True,
) -> Converter:
    """Before any work and before a number is taken: the signer's files (`signer_image` False:
    not the signer's image) when the profile signs; `convert`, or LibreOffice once it and a
    Vietnamese TNR font are found. The keys themselves are opened by `keys.open_keys`."""
    check_signing_files(agency, signer_key, source=str(profile), signer_image=signer_image)
    if convert is None:
        soffice_path()
        vietnamese_tnr_family()
        convert = functools.partial(convert_to_pdf, pdfa=agency.style.pdfa)
    return convert


def refuse_numbered(number: int | None, source: Path, *, hint: str, what: str = "văn bản") -> None:
    """InputError when the input already carries a number (`so:`): docgen takes numbers from the
    register, never twice."""
    if number is not None:
        raise InputError(
            f"{what} đã có số {number:02d}, không cấp số lần nữa",
            source=str(source),
            field="so",
            hint=hint,
        )


def recover_staging(archive: Path, store: RegisterStore) -> tuple[int, int]:
    """Place the files of issues that committed before dying; delete the others'."""

    def committed(manifest: Manifest) -> bool:
        if manifest.doc_id:  # filed without a register number: the catalogue row decides
            row = catalogue.get(store.db, manifest.doc_id)
            # the same files (a refresh of the row's files commits new digests: `ltv_refresh`)
            return row is not None and manifest.files == {
                **row.files,
                f"{row.stem}.json": row.metadata_sha,
            }
        entry = store.entry(EntryKey(manifest.year, manifest.stream, manifest.number))
        return (
            entry is not None
            and entry.status is EntryStatus.ISSUED
            and dict(entry.files) == manifest.files
        )

    return recover(archive, committed)


def issue(
    source: Path,
    profile: Path,
    *,
    archive: Path,
    store: RegisterStore,
    templates: Path,
    policy: NumberingPolicy = DEFAULT_POLICY,
    convert: Converter | None = None,
    probe: Probe = _no_probe,
    on: dt.date | None = None,
    word: WordOptions | None = None,
    reserved: int | None = None,
    secrets: Secrets = from_environment,
) -> IssueResult:
    """Issue the draft `source` (YAML, or a Word draft `.docx`): number from the register, dated
    today in Vietnam or `on` (a day already past, e.g. the signing day when the records office
    numbers it the next morning; the register refuses a future date or one before the stream's
    last issued date). `word`: what the clerk settled for a Word draft (`--type` …). `reserved`:
    issue into that number, reserved earlier (`docgen register reserve`), instead of the next.
    `secrets`: where the PINs and passwords of the signing keys come from (`keys.Secrets`)."""
    agency = load_profile(profile)
    today = store.today() if on is None else on
    if is_word(source):
        from docgen.services.issue_word import issue_word  # it builds on this module

        return issue_word(
            source, profile, agency, word or WordOptions(),
            archive=archive, store=store, templates=templates, policy=policy, convert=convert,
            probe=probe, today=today, reserved=reserved, secrets=secrets,
        )  # fmt: skip
    if word is not None and word != WordOptions():
        raise InputError(
            "--type, --unit và --signer chỉ dùng khi cấp số một tệp Word (.docx)",
            source=str(source),
            hint="với tệp YAML, ghi `loai:`, `don_vi:`, `nguoi_ky:` trong tệp",
        )
    raw = source.read_bytes() if source.exists() else b""
    document = load_input(source, agency, today=today)
    if isinstance(document, CopyRequest):  # a bản sao: its number comes from the copy stream
        from docgen.services.issue_copy import issue_copy  # it builds on this module

        if reserved is not None:
            raise InputError(
                "bản sao lấy số trong sổ bản sao, không cấp vào số đã giữ",
                source=str(source),
                field="--reserved",
                hint="bỏ --reserved; docgen lấy số tiếp theo của sổ bản sao",
            )
        return issue_copy(
            document, source, profile, agency,
            archive=archive, store=store, templates=templates, convert=convert, probe=probe,
            today=today, secrets=secrets,
        )  # fmt: skip
    refuse_unnumbered(document, agency, source)
    refuse_numbered(
        document.number, source,
        hint="xóa dòng `so:` để cấp số mới (số đã giữ trước: xóa dòng `so:` và chạy "
        f"`docgen issue {source} --reserved {document.number or 1}`); sửa văn bản đã ban hành "
        "thì đính chính",
    )  # fmt: skip
    return issue_prepared(
        document, agency, lambda d: render_document(d, agency, templates),
        raw=raw, source=source, profile=profile, archive=archive, store=store,
        templates=templates, policy=policy, convert=convert, probe=probe, today=today,
        reserved=reserved, secrets=secrets,
    )  # fmt: skip


def check_reserved(
    store: RegisterStore, document: Document, agency: Agency, *, stream: str, year: int, number: int
) -> RegisterEntry:
    """The reserved row `number` of `stream` in `year`, when `document` may be issued into it:
    reserved (not issued or cancelled), for the document's symbol and type, and not held by a
    batch (which issues into its own numbers). RegisterError otherwise, before any work."""
    entry = store.entry(EntryKey(year, stream, number))
    where = f"số {number:02d} năm {year} (sổ {stream})"
    if entry is None:
        raise RegisterError(
            f"{where} chưa được giữ",
            field="--reserved",
            hint=f"xem các số đã giữ bằng `docgen register show --year {year}`; số giữ năm khác "
            "thì không cấp được vào năm nay",
        )
    refusal = checks.not_reserved(entry) or checks.other_symbol(entry, symbol_of(document, agency))
    if refusal is not None:
        refusal.field = "--reserved"
        raise refusal
    if entry.kind is not None and entry.kind is not document.kind:
        raise RegisterError(
            f"{where} được giữ cho {entry.kind.info.name.lower()}, văn bản này là "
            f"{document.kind.info.name.lower()}",
            field="--reserved",
            hint="cấp văn bản đúng loại vào số này, hoặc hủy số đã giữ (`docgen register cancel`)",
        )
    if BATCH_NOTE.match(entry.note):
        raise RegisterError(
            f"{where} do một lô cấp số theo danh sách giữ ({entry.note})",
            field="--reserved",
            hint="chạy lại đúng lệnh `docgen batch` của lô đó để cấp tiếp các số của lô",
        )
    return entry


def issue_prepared(
    document: Document,
    agency: Agency,
    render: Callable[[Document], bytes],
    *,
    raw: bytes,
    source: Path,
    profile: Path,
    archive: Path,
    store: RegisterStore,
    templates: Path,
    policy: NumberingPolicy,
    convert: Converter | None,
    probe: Probe,
    today: dt.date,
    appendix_files: AppendixFiles | None = None,
    reserved: int | None = None,
    secrets: Secrets = from_environment,
) -> IssueResult:
    """Issue `document`, read from `source` (whose bytes `raw` identify the draft in the
    register), made into DOCX bytes by `render` once numbered and dated (its separate phụ lục
    by `appendix_files`, see `produce`): one unit of work. `reserved`: into that reserved
    number of the document's stream and year, refused unless it is reserved for this symbol.
    The signing keys are opened and their certificates checked before the number is taken."""
    stream = policy.stream_for(document.kind, secrecy=document.secrecy)
    if reserved is not None:
        check_reserved(store, document, agency, stream=stream, year=today.year, number=reserved)
    convert = ready_to_issue(agency, document.signature.key, profile, convert)
    check_second_signer(agency, document, profile)
    recover_staging(archive, store)
    with open_keys(agency, signer_keys(document), secrets=secrets) as keys:
        return _issue_numbered(
            document, agency, render, raw=raw, source=source, archive=archive, store=store,
            templates=templates, stream=stream, convert=convert, probe=probe, today=today,
            appendix_files=appendix_files, reserved=reserved, keys=keys,
        )  # fmt: skip


def check_second_signer(agency: Agency, document: Document, profile: Path) -> None:
    """The files of the second block's signer when they sign with a key of their own (their
    image is that signature's appearance)."""
    second = document.second_signature
    signer = agency.signer(second.key) if second is not None else None
    if signer is not None and signer.own_key is not None:
        check_signing_files(agency, signer.key, source=str(profile))


def _issue_numbered(
    document: Document,
    agency: Agency,
    render: Callable[[Document], bytes],
    *,
    raw: bytes,
    source: Path,
    archive: Path,
    store: RegisterStore,
    templates: Path,
    stream: str,
    convert: Converter,
    probe: Probe,
    today: dt.date,
    appendix_files: AppendixFiles | None,
    reserved: int | None,
    keys: KeyRing | None,
) -> IssueResult:
    """The document is made (rendered, checked, converted, signed) with the number of the
    clerk's turn (`archive.turns`), outside any lock, so clerks issuing at once convert and sign
    at the same time; the unit of work then takes the number, and when it is not the turn's
    (a clerk before failed or died, a number taken without a turn) makes the document again
    with the number taken. A reserved number is known: its document is made before the unit
    of work too."""
    probe("loaded")

    def made(number: int) -> Produced:
        return produce(
            replace(document, number=number, date=IssueDate.of(today)),
            agency, render=render, convert=convert, source=source, probe=probe,
            templates=templates, appendix_files=appendix_files, keys=keys,
        )  # fmt: skip

    filed: Filed | None = None
    try:
        # The bytes issued are the bytes checked: one render per number, and a refused
        # document takes no number.
        issuing = in_turn(archive, store, today.year, stream, made, probe=probe, reserved=reserved)
        with issuing as (uow, produced):
            filed = file_produced(
                uow, archive, produced, agency, stream=stream, digest=sha256(raw), probe=probe
            )
        probe("committed")
        result = filed.place()
        filed = None
        probe("placed")
    except BaseException as error:
        if filed is not None:
            filed.staging.abandon(error)
        raise
    return result


@contextlib.contextmanager
def in_turn(
    archive: Path,
    store: RegisterStore,
    year: int,
    stream: str,
    make: Callable[[int], T],
    *,
    probe: Probe = _no_probe,
    reserved: int | None = None,
) -> Iterator[tuple[UnitOfWork, T]]:
    """`make(number)` — the document made with a number: rendered, checked, converted, signed —
    for the number of the clerk's turn in `stream` (`archive.turns`; `reserved`: that number),
    outside any lock; then, once the turns before it are done, a unit of work that has taken
    the number, and what was made with it: made again in the unit of work when the register
    gave another number (a clerk before failed or died, a number taken without a turn). The
    block records the issue; the unit of work is committed when the block ends (rolled back,
    and nothing consumed, when it raises)."""
    with _turn(archive, store, year, stream, reserved) as turn:
        made = make(turn.number)
        with store.waiting():  # the notice, when the clerks before this one take long
            turn.wait(TURN_WAIT_S)
        with store.unit_of_work() as uow:
            number = uow.allocate(stream, year) if reserved is None else reserved
            probe("allocated")
            if number != turn.number:
                made = make(number)
            yield uow, made
            with turn.finishing():
                uow.commit()


#: how long a clerk waits for the clerks before it in the stream before taking the next number
#: anyway (a clerk before it stuck: the register then decides, see `in_turn`)
TURN_WAIT_S = 60.0


@dataclass(frozen=True)
class _Known:
    """The turn of a number reserved earlier: known now, no one before it."""

    number: int

    def wait(self, seconds: float) -> bool:
        del seconds
        return True

    @contextlib.contextmanager
    def finishing(self) -> Iterator[None]:
        yield


@contextlib.contextmanager
def _turn(
    archive: Path, store: RegisterStore, year: int, stream: str, reserved: int | None
) -> Iterator[Turn | _Known]:
    if reserved is not None:
        yield _Known(reserved)
        return
    with Turns(archive / TURNS).take(year, stream, lambda: store.last_number(year, stream)) as turn:
        yield turn


@dataclass(frozen=True)
class Produced:
    """A numbered, dated document made ready to file: checked DOCX, converted (and signed) PDF."""

    document: Document
    stem: str
    docx: bytes
    pdf: bytes
    verdict: str
    attached: tuple[tuple[str, bytes], ...] = ()  #: separate phụ lục files (name, bytes)
    text: str | None = None  #: the DOCX's text for search, read where it was rendered
    warnings: tuple[str, ...] = ()  #: see IssueResult.warnings


def produce(
    numbered: Document,
    agency: Agency,
    *,
    render: Callable[[Document], bytes],
    convert: Converter,
    source: Path,
    probe: Probe = _no_probe,
    templates: Path | None = None,
    keys: KeyRing | None = None,
    appendix_files: AppendixFiles | None = None,
) -> Produced:
    """Render `numbered`, refuse it on checker errors, convert, embed-check and sign its PDF
    (with `keys`, the keys held open, when given: see `sign_issued`).
    Touches no register and no archive: a batch runs this in worker processes. Its phụ lục in
    files of their own are made by `appendix_files`, by default rendered from `templates` (the
    settings' when None), and go along."""
    assert numbered.number is not None
    issued_as = DocumentNumber(numbered.number, symbol_of(numbered, agency))
    stem = file_stem(issued_as)
    docx_bytes = render(numbered)
    refuse_on_check_errors(docx_bytes, source=source)
    if appendix_files is None:
        appendices = render_appendices(
            numbered, agency, templates or settings.templates_dir(), stem
        )
    else:
        appendices = appendix_files(numbered, stem)
    for _, data in appendices:
        refuse_on_check_errors(data, source=source, issued=agency.signing is None)
    probe("rendered")
    with tempfile.TemporaryDirectory(prefix="docgen-issue-") as work:
        staged_docx = Path(work) / f"{stem}.docx"
        staged_docx.write_bytes(docx_bytes)
        pdf_path = convert(staged_docx, Path(work) / "pdf")
        ensure_fonts_embedded(pdf_path)
        warnings = layout_warnings(pdf_path, numbered) + (keys.warnings if keys else ())
        if agency.signing is not None:
            pdf_path = sign_issued(pdf_path, Path(work) / f"{stem}.pdf", numbered, agency, keys)
        pdf_bytes = pdf_path.read_bytes()
        verdict = signature_verdict(pdf_path) if agency.signing else UNSIGNED
        attached = finish_appendices(
            appendices, agency, convert, Path(work), number_symbol=str(issued_as), keys=keys
        )
    probe("converted")
    return Produced(
        numbered, stem, docx_bytes, pdf_bytes, verdict, tuple(attached), docx_text(docx_bytes),
        warnings,
    )  # fmt: skip


def layout_warnings(pdf: Path, document: Document) -> tuple[str, ...]:
    """The layout findings of the converted `pdf` as one-line warnings (nothing is refused for
    them: the clerk may accept the page break)."""
    from docgen.pdf.layout_check import bottom_block_alone
    from docgen.rules.check.pdf_layout import bottom_block_alone as finding_of

    openers = ("Nơi nhận:", *signature_lines(document.signature)[:1])
    if not bottom_block_alone(pdf, first_lines=openers):
        return ()
    found = finding_of(pdf.name)
    return (f"{found.found} — {found.fix}",)


@dataclass
class Filed:
    """A produced document staged and recorded in an open unit of work; `place` after commit."""

    entry: RegisterEntry
    staging: Staging
    manifest: Manifest
    attached: tuple[str, ...] = ()  #: names of the separate phụ lục files
    warnings: tuple[str, ...] = ()

    def place(self) -> IssueResult:
        placed = self.staging.place(self.manifest)
        main = {p.suffix: p for p in placed if p.name not in self.attached}
        separate = tuple(p for p in placed if p.name in self.attached)
        return IssueResult(self.entry, main[".docx"], main[".pdf"], separate, self.warnings)


def file_produced(
    uow: UnitOfWork,
    archive: Path,
    produced: Produced,
    agency: Agency,
    *,
    stream: str,
    digest: str,
    note: str = "",
    probe: Probe = _no_probe,
) -> Filed:
    """Stage the files of `produced` (original under VT, a copy per Lưu unit, metadata, catalogue
    row) and record its issue into its number — taken in this unit of work or reserved earlier."""
    numbered = produced.document
    assert numbered.number is not None
    draft_entry = replace(
        register_entry(numbered, agency, stream=stream, files={}, source=digest), note=note
    )
    filing = outgoing_filing(
        numbered, agency, draft_entry, produced.docx, produced.pdf, produced.stem,
        produced.verdict, attached=produced.attached, body=produced.text,
    )  # fmt: skip
    staging, row = stage(archive, uow, filing)
    try:
        entry = replace(draft_entry, files=dict(staging.files))
        manifest = seal(staging, row, stream=stream, number=numbered.number)
        probe("staged")
        recorded = uow.record_issue(entry)
        probe("recorded")
    except BaseException:
        staging.discard()
        raise
    attached = tuple(name for name, _ in produced.attached)
    return Filed(recorded, staging, manifest, attached, produced.warnings)


def docx_text(data: bytes) -> str:
    """The text of a DOCX's paragraphs and table cells, in document order, for search."""
    import io

    import docx

    document = docx.Document(io.BytesIO(data))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.extend(cell.text for cell in row.cells)
    return "\n".join(line for line in lines if line.strip())


def page_count(data: bytes) -> int:
    import io

    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(data)).pages)


def outgoing_filing(
    document: Document,
    agency: Agency,
    entry: RegisterEntry,
    docx_bytes: bytes,
    pdf_bytes: bytes,
    stem: str,
    verdict: str,
    *,
    attached: Sequence[tuple[str, bytes]] = (),
    body: str | None = None,
) -> Filing:
    """What is filed for an issued document: DOCX + PDF under VT, the PDF to each Lưu unit;
    `attached` (name, bytes) are its separate appendix files, kept under VT with it; `body` the
    DOCX's text for search when the caller has it already."""
    units = tuple(dict.fromkeys(u for u in entry.holders if u != "VT"))
    return numbered_filing(
        entry, agency, docx_bytes, pdf_bytes, stem, verdict,
        kind=document.kind.info.slug, type_name=document.kind.info.name,
        subject=document.subject, signature=document.signature,
        holders=("VT", *(layout.check_unit(u, field="luu") for u in units)),
        urgency=document.urgency.value if document.urgency else "",
        secrecy=document.secrecy.value if document.secrecy else "",
        issued_amount=document.luu.issued_copies, attached=attached, body=body,
    )  # fmt: skip


def numbered_filing(
    entry: RegisterEntry,
    agency: Agency,
    docx_bytes: bytes,
    pdf_bytes: bytes,
    stem: str,
    verdict: str,
    *,
    kind: str,
    type_name: str,
    subject: str,
    signature: Signature,
    holders: tuple[str, ...],
    urgency: str = "",
    secrecy: str = "",
    issued_amount: int | None = None,
    attached: Sequence[tuple[str, bytes]] = (),
    body: str | None = None,
) -> Filing:
    """What is filed for a document numbered in the register (a document or a copy): its
    catalogue row and metadata, DOCX + PDF (+ `attached`) under VT, the PDF to each holder."""
    row = CatalogueRow(
        doc_id=catalogue_id(entry.key),
        agency=agency.abbreviation,
        direction="di",
        year=entry.year,
        number=entry.number,
        symbol=entry.symbol,
        doc_date=entry.date,
        kind=kind,
        type_name=type_name,
        subject=subject,
        signer=entry.signer,
        organ=agency.name,
        recipients=entry.recipients,
        holders=holders,
        urgency=urgency,
        secrecy=secrecy,
        folder=folder_for(entry),
        metadata_sha="",
        signature=verdict,
        body=docx_text(docx_bytes) if body is None else body,
    )
    extras = Extras(
        organ_id=agency.code,
        ordinal=entry.number,
        page_amount=page_count(pdf_bytes),
        signer_position=signature_lines(signature)[-1],
        signer_name=signature.name,
        issued_amount=issued_amount,
        register={"year": entry.year, "stream": entry.stream, "number": entry.number},
    )
    contents = {f"{stem}.docx": docx_bytes, f"{stem}.pdf": pdf_bytes, **dict(attached)}
    return Filing(row, extras, contents)

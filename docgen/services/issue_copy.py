"""Issue a copy (bản sao y, sao lục, trích sao; docs/format/copies.md): the next number of the
agency's copy stream (`ban_sao`, PL1-P2 II.1.c) with the SY/SL/TrS symbol, DOCX + PDF, the register
row and the filing — one unit of work, with the document path's guarantees (`services.issue`): a
failure anywhere consumes no number and leaves no file; a crash is finished or undone by the next
issue.

A paper copy has its number and date filled into the copy block (Mẫu 3.1; its PDF signed in the
block when the profile has [signing]). An electronic copy (PL1-P2 I.3) has no block: its
PDF is the copied pages with the ô 14 line (copy form; copying agency; signing time) top right of
page 1 and the agency's invisible digital signature carrying the same time.

`issue()` hands a copy request here; everything else (the steps a test may probe, staging,
recovery, the register row's checks) is the document path's.
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from dataclasses import replace
from pathlib import Path

from docgen.archive.register import RegisterStore
from docgen.archive.staging import Staging, sha256
from docgen.errors import CheckFailed
from docgen.inputs.copy import COPY_KINDS, CopyRequest
from docgen.model.agency import Agency
from docgen.model.document import Copy, IssueDate
from docgen.model.kinds import CopyKind
from docgen.model.number import DocumentNumber
from docgen.model.register import BAN_SAO, RegisterEntry
from docgen.render.context import symbol_of
from docgen.render.inspect import read_docx
from docgen.rules.blocks import signature_lines
from docgen.rules.check.locate import locate
from docgen.rules.numbering import copy_symbol
from docgen.rules.structure import sentence_case_agency
from docgen.services.check import check_docx
from docgen.services.draft import ensure_fonts_embedded, render_copy
from docgen.services.filing import UNSIGNED, Filing, seal, signature_verdict, stage
from docgen.services.issue import (
    Converter,
    IssueResult,
    Probe,
    file_stem,
    in_turn,
    numbered_filing,
    ready_to_issue,
    recover_staging,
    refuse_numbered,
    refuse_on_check_errors,
    ring_for,
    sign_as,
)
from docgen.services.keys import KeyRing, Secrets, from_environment, open_keys

#: the copy forms as the catalogue's type column names them (PL3 Mục I, C1–C3)
TYPE_NAMES = {
    CopyKind.SAO_Y: "Bản sao y",
    CopyKind.TRICH_SAO: "Bản trích sao",
    CopyKind.SAO_LUC: "Bản sao lục",
}
SLUGS = {kind: slug for slug, kind in COPY_KINDS.items()}
#: the Ghi chú of an electronic copy's register row
ELECTRONIC_NOTE = "Bản sao điện tử"
#: findings (errors when issued) that show a document is still a draft
DRAFT_BLANKS = frozenset({"number_blank", "date_blank"})
_DATE = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})")


def issue_copy(
    request: CopyRequest,
    source: Path,
    profile: Path,
    agency: Agency,
    *,
    archive: Path,
    store: RegisterStore,
    templates: Path,
    convert: Converter | None,
    probe: Probe,
    today: dt.date,
    secrets: Secrets = from_environment,
) -> IssueResult:
    """Issue the copy `request` read from `source`, numbered from the copy stream and dated `today`.

    Refused before a number is taken: a copy that already has a number, a signer without the
    files signing needs. Refused while it is made with its number (none is consumed): an
    original that is not a readable Word file or is an unissued draft, a trích sao the format
    checker finds errors in. Made, like a document, in the clerk's turn (`issue.in_turn`).
    """
    copy = request.copy
    refuse_numbered(
        copy.number, source, what="bản sao",
        hint="xóa dòng `so:`: docgen issue lấy số từ sổ bản sao và ghi ngày cấp",
    )  # fmt: skip
    convert = ready_to_issue(
        agency, copy.signature.key, profile, convert, signer_image=not copy.electronic
    )
    original = request.original.read_bytes()
    recover_staging(archive, store)
    probe("loaded")
    # The same request for the same original is one copy: issuing it again is refused.
    digest = sha256(source.read_bytes() + b"\0" + original)
    symbol = copy_symbol(copy.kind, agency.abbreviation)
    staging: Staging | None = None
    # an electronic copy carries the agency's signature only (PL1-P2 I.3)
    signers = [] if copy.electronic else [copy.signature.key]

    def made(number: int) -> tuple[Copy, str, bytes, bytes, str]:
        numbered = replace(copy, number=number, date=IssueDate.of(today))
        stem = file_stem(DocumentNumber(number, symbol))
        docx_bytes = render_copy(replace(request, copy=numbered), agency, templates)
        if request.extract is not None:  # a trích sao made anew: all of it is ours
            refuse_on_check_errors(docx_bytes, source=source)
        else:
            refuse_unissued_original(docx_bytes, source=source)
        probe("rendered")
        pdf_bytes, verdict = copy_pdf(docx_bytes, stem, numbered, agency, convert, keys)
        probe("converted")
        return numbered, stem, docx_bytes, pdf_bytes, verdict

    try:
        with (
            open_keys(agency, signers, secrets=secrets) as keys,
            in_turn(archive, store, today.year, BAN_SAO, made, probe=probe) as (uow, produced),
        ):
            numbered, stem, docx_bytes, pdf_bytes, verdict = produced
            subject = f"{copy.kind.value[0].capitalize()} {copied(request, agency)}"
            entry = copy_entry(numbered, agency, subject, digest)
            filing = copy_filing(numbered, agency, entry, docx_bytes, pdf_bytes, stem, verdict)
            staging, row = stage(archive, uow, filing)
            manifest = seal(staging, row, stream=BAN_SAO, number=numbered.number or 0)
            probe("staged")
            recorded = uow.record_issue(replace(entry, files=dict(staging.files)))
            probe("recorded")
        probe("committed")
        placed = {p.name: p for p in staging.place(manifest)}
        staging = None
        probe("placed")
    except BaseException as error:
        if staging is not None:
            staging.abandon(error)
        raise
    return IssueResult(recorded, placed[f"{stem}.docx"], placed[f"{stem}.pdf"])


def refuse_unissued_original(docx_bytes: bytes, *, source: Path) -> None:
    """CheckFailed when the copied document shows a blank number or day: a draft, not a document
    issued, which alone may be copied (ND30 Điều 25). Its other departures from the format are
    its issuer's and are copied as they are."""
    report = check_docx(docx_bytes, issued=True, name=str(source))
    blanks = [f for f in report.errors if f.rule in DRAFT_BLANKS]
    if blanks:
        raise CheckFailed(
            f"chưa cấp số vì bản gốc chưa ban hành: {blanks[0].component}: {blanks[0].found}",
            source=str(source),
            field="ban_goc",
            hint="chỉ sao văn bản đã ban hành (đã có số và ngày): ghi `ban_goc:` là tệp đã ban hành",
        )


def copy_pdf(
    docx_bytes: bytes,
    stem: str,
    copy: Copy,
    agency: Agency,
    convert: Converter,
    keys: KeyRing | None = None,
) -> tuple[bytes, str]:
    """(PDF bytes, signature verdict) of the copy: converted, fonts checked, and with [signing]
    the copy signer's image in the copy block and the agency's signature with the seal over it;
    an electronic copy gets the ô 14 line and the agency's invisible signature instead."""
    with tempfile.TemporaryDirectory(prefix="docgen-issue-") as work:
        staged = Path(work) / f"{stem}.docx"
        staged.write_bytes(docx_bytes)
        pdf = convert(staged, Path(work) / "pdf")
        ensure_fonts_embedded(pdf)
        if agency.signing is None:
            return pdf.read_bytes(), UNSIGNED
        out = Path(work) / f"{stem}.pdf"
        if copy.electronic:
            signed = sign_electronic_copy(pdf, out, copy, agency, keys)
        else:
            signed = sign_as(pdf, out, copy.signature, agency, keys)
        return signed.read_bytes(), signature_verdict(signed)


def sign_electronic_copy(
    pdf: Path, out: Path, copy: Copy, agency: Agency, keys: KeyRing | None = None
) -> Path:
    """Ô 14 — `SAO Y; Ban Quản lý …; <ISO time>` (TNR 10 pt, top right of page 1) — then the
    agency's invisible signature at the same time (PL1-P2 I.3); the agency named as running text
    writes it (PL1-P2 I.3: lower case)."""
    from docgen.pdf.pipeline import finish_copy

    signing = agency.signing
    assert signing is not None and copy.electronic
    with ring_for(keys, agency, []) as ring:
        finish_copy(
            pdf,
            out,
            ring.agency,
            form=copy.kind.value[0],
            agency=sentence_case_agency(agency.name, agency.place),
            timestamp_url=signing.timestamp_url or None,
            ltv=ring.ltv,
        )
    return out


def copied(request: CopyRequest, agency: Agency) -> str:
    """What was copied, for the register: `Công văn số 01/BQL-KHTH ngày 10/05/2024 V/v …` (the
    parts the original shows; an original typed by hand may lack some)."""
    extract = request.extract
    if extract is not None:  # a trích sao re-created from the extract's YAML
        words = [extract.kind.info.name]
        if extract.number is not None:
            words.append(f"số {DocumentNumber(extract.number, symbol_of(extract, agency))}")
        day = extract.date.as_date()
        if day is not None:
            words.append(f"ngày {day:%d/%m/%Y}")
        return " ".join([*words, extract.subject]).strip()
    parts = locate(read_docx(request.original.read_bytes(), str(request.original)))
    words = [parts.kind.info.name if parts.kind is not None else "Văn bản"]
    if parts.so is not None and "/" in parts.so.text:
        words.append("số " + parts.so.text.split(":", 1)[-1].strip())
    found = _DATE.search(parts.date.text) if parts.date is not None else None
    if found is not None:
        day_, month, year = (int(g) for g in found.groups())
        words.append(f"ngày {day_:02d}/{month:02d}/{year}")
    subject = parts.vv or (parts.trich_yeu[0] if parts.trich_yeu else None)
    if subject is not None:
        words.append(" ".join(p.text.strip() for p in (subject, *parts.trich_yeu[1:])))
    return " ".join(words)


def copy_entry(copy: Copy, agency: Agency, subject: str, source: str) -> RegisterEntry:
    """The copy's register row: number and SY/SL/TrS symbol, date, what was copied, the copy's
    signer, its Nơi nhận, and VT with the units on its Lưu line as holders; an electronic copy
    says so in the Ghi chú column."""
    assert copy.number is not None
    day = copy.date.as_date()
    assert day is not None
    return RegisterEntry(
        year=copy.date.year,
        stream=BAN_SAO,
        number=copy.number,
        symbol=copy_symbol(copy.kind, agency.abbreviation),
        date=day,
        subject=subject,
        signer=", ".join([*signature_lines(copy.signature), copy.signature.name]),
        recipients=copy.noi_nhan,
        holders=("VT", *copy.luu),
        source=source,
        note=ELECTRONIC_NOTE if copy.electronic else "",
    )


def copy_filing(
    copy: Copy,
    agency: Agency,
    entry: RegisterEntry,
    docx_bytes: bytes,
    pdf_bytes: bytes,
    stem: str,
    verdict: str,
) -> Filing:
    """What is filed for a copy: DOCX + PDF under VT's copy folder, the PDF to each Lưu unit."""
    return numbered_filing(
        entry, agency, docx_bytes, pdf_bytes, stem, verdict,
        kind=SLUGS[copy.kind], type_name=TYPE_NAMES[copy.kind], subject=entry.subject,
        signature=copy.signature, holders=entry.holders,
    )  # fmt: skip

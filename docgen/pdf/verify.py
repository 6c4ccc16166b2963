"""Checking a PDF's signatures, in the order they were made: intact, covering the whole file,
trusted, revocation checked, who (name, organisation, issuer) and when, and what was changed
after each one.

A checker: `verify_pdf` reports and never raises for a bad PDF; the CLI picks the exit code.
Trust is judged only against the roots the caller passes (the agency's configured roots, or the
test root); with none, nothing is trusted. Revocation is checked against the answers embedded
in the file (PAdES B-LT) and, with `online`, asked of the OCSP responders and CRLs the
certificates name; a signature with a timestamp is judged at the time of its timestamp, so a
long-term signature stays valid after its certificate expires.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from docgen.errors import InputError
from docgen.pdf.changes import changes_after
from docgen.pdf.placement import VIETNAM_TZ

REVOCATION_GOOD = "good"
REVOCATION_REVOKED = "revoked"
REVOCATION_UNKNOWN = "unknown"
REVOCATION_NOT_CHECKED = "not_checked"
#: what a clerk reads for each revocation outcome
REVOCATION_TEXT = {
    REVOCATION_GOOD: "đã kiểm tra: chứng thư chưa bị thu hồi",
    REVOCATION_REVOKED: "CHỨNG THƯ ĐÃ BỊ THU HỒI",
    REVOCATION_UNKNOWN: "không kiểm tra được (không có hoặc không hỏi được dữ liệu thu hồi)",
    REVOCATION_NOT_CHECKED: "chưa kiểm tra (tệp không kèm dữ liệu thu hồi; thêm --online để hỏi)",
}


@dataclass(frozen=True)
class SignatureCheck:
    """One signature's findings; `problems` are Vietnamese sentences for a clerk."""

    field: str
    signer: str
    issuer: str
    signed_at: dt.datetime | None
    timestamped_at: dt.datetime | None
    intact: bool
    valid: bool
    trusted: bool
    whole_file: bool
    modified_after: bool
    problems: tuple[str, ...] = ()
    organisation: str = ""
    #: REVOCATION_GOOD, _REVOKED, _UNKNOWN (asked, no answer) or _NOT_CHECKED (nothing to ask)
    revocation: str = "not_checked"
    revoked_at: dt.datetime | None = None
    #: what was changed in the file after this signature, one Vietnamese phrase each
    changes: tuple[str, ...] = ()
    ltv: bool = False  #: validation data for this signature is embedded (PAdES B-LT)
    #: a document timestamp (PAdES B-LTA): `signer` is the timestamp authority
    document_timestamp: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class VerifyReport:
    """Findings for one PDF: its signatures, or why it could not be read."""

    path: str
    signatures: tuple[SignatureCheck, ...] = ()
    problems: tuple[str, ...] = field(default=())

    @property
    def ok(self) -> bool:
        """True when the file has signatures and every one is intact, whole-file and trusted."""
        return bool(self.signatures) and not self.problems and all(s.ok for s in self.signatures)

    def all_problems(self) -> list[str]:
        return [*self.problems, *(p for s in self.signatures for p in s.problems)]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (times in ISO 8601 with their offset)."""
        data = asdict(self)
        for sig in data["signatures"]:
            for key in ("signed_at", "timestamped_at", "revoked_at"):
                if sig[key] is not None:
                    sig[key] = sig[key].isoformat()
        data["ok"] = self.ok
        return data


def load_roots(paths: Sequence[Path]) -> list[Any]:
    """asn1crypto certificates from PEM/DER files; InputError for a missing or unreadable file."""
    from asn1crypto import pem, x509  # type: ignore[import-untyped]

    roots: list[Any] = []
    for path in paths:
        try:
            data = path.read_bytes()
            ders = (
                [der for _, _, der in pem.unarmor(data, multiple=True)]
                if pem.detect(data)
                else [data]
            )
            certs = [x509.Certificate.load(der) for der in ders]
            for cert in certs:
                _ = cert.native  # parse now: a broken file fails here, not during validation
            roots.extend(certs)
        except (OSError, ValueError) as error:
            raise InputError(
                "không đọc được chứng thư gốc",
                source=str(path),
                hint="truyền tệp .pem hoặc .cer của tổ chức chứng thực.",
            ) from error
    return roots


def _vn(when: dt.datetime | None) -> dt.datetime | None:
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return when.astimezone(VIETNAM_TZ)


@dataclass(frozen=True)
class _Revinfo:
    """What validation contexts are built from: the roots, the file's embedded certificates and
    revocation answers (its DSS), and whether to ask the responders online."""

    roots: list[Any]
    certs: list[Any]
    ocsps: list[Any]
    crls: list[Any]
    online: bool

    @property
    def embedded(self) -> bool:
        return bool(self.ocsps or self.crls)

    def context(self, *, require: bool, moment: dt.datetime | None) -> Any:
        from pyhanko_certvalidator import ValidationContext

        return ValidationContext(
            trust_roots=self.roots,
            other_certs=self.certs,
            ocsps=self.ocsps,
            crls=self.crls,
            allow_fetching=self.online,
            revocation_mode="require" if require else "soft-fail",
            moment=moment,
            retroactive_revinfo=True,
            time_tolerance=dt.timedelta(minutes=10),
        )


def _revinfo(reader: Any, roots: list[Any], online: bool) -> _Revinfo:
    from pyhanko.sign.validation.dss import DocumentSecurityStore

    try:
        dss = DocumentSecurityStore.read_dss(reader)
    except Exception:  # no DSS (a B-B or B-T file), or one pyHanko cannot read
        return _Revinfo(roots, [], [], [], online)
    context = dss.as_validation_context({"trust_roots": roots})
    return _Revinfo(roots, list(dss.load_certs()), list(context.ocsps), list(context.crls), online)


def _validate(embedded: Any, info: _Revinfo, moment: dt.datetime | None) -> tuple[Any, str]:
    """pyHanko's status of `embedded` and the revocation outcome.

    With revocation data to use (embedded, or online), the chain is first validated requiring
    it: success is REVOCATION_GOOD; a revoked certificate REVOCATION_REVOKED; otherwise it is
    validated again without (REVOCATION_UNKNOWN when that one trusts it)."""
    from pyhanko.sign.validation import validate_pdf_signature, validate_pdf_timestamp

    validate = validate_pdf_timestamp if is_document_timestamp(embedded) else validate_pdf_signature
    if not (info.embedded or info.online):
        status = validate(embedded, info.context(require=False, moment=moment))
        return status, REVOCATION_NOT_CHECKED
    status = validate(embedded, info.context(require=True, moment=moment))
    if getattr(status, "revoked", False):
        return status, REVOCATION_REVOKED
    if status.trusted:
        return status, REVOCATION_GOOD
    relaxed = validate(embedded, info.context(require=False, moment=moment))
    return relaxed, REVOCATION_UNKNOWN if relaxed.trusted else REVOCATION_NOT_CHECKED


def signature_timestamp(embedded: Any) -> Any | None:
    """The SignedData of the signature's own timestamp token (PAdES B-T), or None."""
    from pyhanko.sign.validation.generic_cms import extract_tst_data_iter

    return next(extract_tst_data_iter(embedded.signer_info, signed=False), None)


def _timestamp_time(embedded: Any) -> dt.datetime | None:
    """The time of the signature's own timestamp token (PAdES B-T), without validating it."""
    try:
        token = signature_timestamp(embedded)
        if token is None:
            return None
        info = token["encap_content_info"]["content"].parsed
        when: dt.datetime = info["gen_time"].native
        return when
    except Exception:
        return None


def is_document_timestamp(embedded: Any) -> bool:
    """A document timestamp (PAdES B-LTA, `docgen archive refresh-ltv`), not a signature."""
    return bool(embedded.sig_object_type == "/DocTimeStamp")


def _check(embedded: Any, info: _Revinfo, data: bytes) -> SignatureCheck:
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    name = str(embedded.field_name)
    try:
        status, revocation = _validate(embedded, info, _timestamp_time(embedded))
    except Exception as error:  # a broken signature is a finding, not a crash
        return SignatureCheck(
            name, "", "", None, None, False, False, False, False, True,
            (f"chữ ký '{name}' hỏng, không kiểm tra được ({type(error).__name__}).",),
        )  # fmt: skip
    cert = status.signing_cert
    subject = cert.subject.native
    signer = subject.get("common_name") or cert.subject.human_friendly
    organisation = subject.get("organization_name") or ""
    issuer = cert.issuer.native.get("common_name") or cert.issuer.human_friendly
    whole = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    level = status.modification_level
    # Later signatures (FORM_FILLING in pyHanko's terms) and validation data (LTA_UPDATES) are
    # allowed after signing; anything else, or a diff pyHanko could not analyse, is a change.
    allowed = (
        ModificationLevel.NONE,
        ModificationLevel.LTA_UPDATES,
        ModificationLevel.FORM_FILLING,
    )
    modified = not whole and (level not in allowed or status.docmdp_ok is False)
    changes: tuple[str, ...] = ()
    if modified:
        _, _, start2, length2 = (int(v) for v in embedded.byte_range)
        changes = tuple(changes_after(data, start2 + length2))
    problems: list[str] = []
    if not status.intact:
        problems.append(
            f"chữ ký '{name}': nội dung đã bị sửa sau khi ký (mã băm không khớp) — "
            "không dùng bản này, xin lại bản gốc."
        )
    elif not status.valid:
        problems.append(f"chữ ký '{name}': giá trị chữ ký không đúng với chứng thư số.")
    if status.intact and modified:
        what = "; ".join(changes) if changes else "có thêm nội dung được lưu sau khi ký"
        problems.append(
            f"chữ ký '{name}': tệp bị sửa sau khi ký ({what}) — không dùng bản này, xin lại "
            "bản gốc."
        )
    revoked_at = None
    if revocation == REVOCATION_REVOKED:
        details = status.revocation_details
        revoked_at = _vn(details.revocation_date) if details is not None else None
        since = f" từ {revoked_at:%d/%m/%Y %H:%M}" if revoked_at else ""
        problems.append(
            f"chữ ký '{name}': chứng thư của '{signer}' đã bị thu hồi{since} — chữ ký không "
            "còn giá trị."
        )
    elif not status.trusted:
        problems.append(
            f"chữ ký '{name}': chứng thư của '{signer}' không thuộc tổ chức chứng thực tin cậy "
            "đã cấu hình — kiểm tra lại --trust."
        )
    stamp = is_document_timestamp(embedded)
    ts = status if stamp else status.timestamp_validity
    return SignatureCheck(
        field=name,
        signer=str(signer),
        issuer=str(issuer),
        signed_at=_vn(status.timestamp if stamp else status.signer_reported_dt),
        timestamped_at=_vn(ts.timestamp) if ts is not None else None,
        intact=bool(status.intact),
        valid=bool(status.valid),
        trusted=bool(status.trusted),
        whole_file=whole,
        modified_after=modified,
        problems=tuple(problems),
        organisation=str(organisation),
        revocation=revocation,
        revoked_at=revoked_at,
        changes=changes,
        ltv=info.embedded,
        document_timestamp=stamp,
    )


def signatures_intact(path: Path) -> bool | None:
    """Whether every signature of the PDF at `path` is intact (the signed bytes' digest is the
    one signed) and valid (signed by its certificate's key); None when it has none or cannot be
    read. No trust, revocation or change analysis: what filing records and the archive check
    compares, computed without building certificate paths (a few ms instead of `verify_pdf`'s
    tens)."""
    import io

    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_timestamp
    from pyhanko.sign.validation.generic_cms import validate_sig_integrity
    from pyhanko_certvalidator import ValidationContext

    try:
        reader = PdfFileReader(io.BytesIO(path.read_bytes()), strict=False)
        embedded = list(reader.embedded_signatures)
    except Exception:  # unreadable: no signature to speak of (`verify_pdf` says why)
        return None
    if not embedded:
        return None
    for sig in embedded:
        try:
            if is_document_timestamp(sig):
                # no roots: nothing trusted (never the system's web CAs), integrity only
                empty = ValidationContext(trust_roots=[])
                status = validate_pdf_timestamp(sig, empty, skip_diff=True)
                intact, valid = status.intact, status.valid
            else:
                content = sig.signed_data["encap_content_info"]["content_type"].native
                intact, valid = validate_sig_integrity(
                    sig.signer_info, sig.signer_cert, expected_content_type=content,
                    actual_digest=sig.compute_digest(),
                )  # fmt: skip
        except Exception:  # a broken signature is a finding, not a crash
            return False
        if not (intact and valid):
            return False
    return True


def verify_pdf(
    path: Path, trust_roots: Sequence[Path] = (), *, online: bool = False
) -> VerifyReport:
    """Check every signature of the PDF at `path`, in signing order, against `trust_roots`
    (PEM/DER files); `online` asks the OCSP responders and CRLs for revocation too.

    Returns a report; an unreadable or unsigned file is a report with a problem, not an error.
    Raises InputError only when a trust root file cannot be read.
    """
    import io

    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.pdf_utils.reader import PdfFileReader

    # Only the roots the agency configured are trusted: an empty list trusts nothing rather than
    # falling back to the operating system's web CAs (which pyHanko deprecates, and which do not
    # include Vietnam's government roots anyway).
    roots = load_roots(trust_roots)
    try:
        data = path.read_bytes()
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        info = _revinfo(reader, roots, online)
        embedded = sorted(reader.embedded_signatures, key=lambda sig: sig.signed_revision)
        checks = tuple(_check(sig, info, data) for sig in embedded)
    except OSError as error:
        return VerifyReport(str(path), problems=(f"không mở được tệp: {error.strerror}.",))
    except (PdfError, ValueError, KeyError, IndexError, TypeError) as error:
        return VerifyReport(
            str(path),
            problems=(f"tệp PDF hỏng, không đọc được ({type(error).__name__}) — xin lại bản gốc.",),
        )
    if not checks:
        return VerifyReport(str(path), problems=("tệp không có chữ ký số nào.",))
    return VerifyReport(str(path), checks)

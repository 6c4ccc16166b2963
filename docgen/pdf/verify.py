"""Checking a PDF's signatures: intact, covering the whole file, trusted, who and when.

A checker: `verify_pdf` reports and never raises for a bad PDF; the CLI picks the exit code.
Trust is judged only against the roots the caller passes (the agency's configured roots, or the
test root); with none, pyHanko's default (the system's trust store) is used.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from docgen.errors import InputError
from docgen.pdf.placement import VIETNAM_TZ


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
            for key in ("signed_at", "timestamped_at"):
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


def _check(embedded: Any, context: Any) -> SignatureCheck:
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    name = str(embedded.field_name)
    try:
        status = validate_pdf_signature(embedded, context)
    except Exception as error:  # a broken signature is a finding, not a crash
        return SignatureCheck(
            name, "", "", None, None, False, False, False, False, True,
            (f"chữ ký '{name}' hỏng, không kiểm tra được ({type(error).__name__}).",),
        )  # fmt: skip
    cert = status.signing_cert
    signer = cert.subject.native.get("common_name") or cert.subject.human_friendly
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
    problems: list[str] = []
    if not status.intact:
        problems.append(
            f"chữ ký '{name}': nội dung đã bị sửa sau khi ký (mã băm không khớp) — "
            "không dùng bản này, xin lại bản gốc."
        )
    elif not status.valid:
        problems.append(f"chữ ký '{name}': giá trị chữ ký không đúng với chứng thư số.")
    if status.intact and modified:
        problems.append(
            f"chữ ký '{name}': tệp có thêm nội dung được lưu sau khi ký "
            "(chữ ký không còn bao trùm toàn bộ tệp) — không dùng bản này, xin lại bản gốc."
        )
    if not status.trusted:
        problems.append(
            f"chữ ký '{name}': chứng thư của '{signer}' không thuộc tổ chức chứng thực tin cậy "
            "đã cấu hình — kiểm tra lại --trust."
        )
    ts = status.timestamp_validity
    return SignatureCheck(
        field=name,
        signer=str(signer),
        issuer=str(issuer),
        signed_at=_vn(status.signer_reported_dt),
        timestamped_at=_vn(ts.timestamp) if ts is not None else None,
        intact=bool(status.intact),
        valid=bool(status.valid),
        trusted=bool(status.trusted),
        whole_file=whole,
        modified_after=modified,
        problems=tuple(problems),
    )


def verify_pdf(path: Path, trust_roots: Sequence[Path] = ()) -> VerifyReport:
    """Check every signature of the PDF at `path` against `trust_roots` (PEM/DER files).

    Returns a report; an unreadable or unsigned file is a report with a problem, not an error.
    Raises InputError only when a trust root file cannot be read.
    """
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko_certvalidator import ValidationContext

    roots = load_roots(trust_roots)
    # Only the roots the agency configured are trusted: an empty list trusts nothing rather than
    # falling back to the operating system's web CAs (which pyHanko deprecates, and which do not
    # include Vietnam's government roots anyway).
    context = ValidationContext(trust_roots=roots, allow_fetching=False)
    try:
        with open(path, "rb") as stream:
            reader = PdfFileReader(stream, strict=False)
            embedded = list(reader.embedded_signatures)
            checks = tuple(_check(sig, context) for sig in embedded)
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

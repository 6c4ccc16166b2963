"""Before signing: is this certificate fit to sign for this holder, now?

Refusals a clerk can act on, one Vietnamese sentence each: the certificate is not yet valid, has
expired, is not for signing documents, or names another person. The services call this on every
key they open, before a number is taken.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from docgen.pdf.placement import VIETNAM_TZ
from docgen.rules.names import same_name

if TYPE_CHECKING:
    from docgen.pdf.sign import Ltv

#: how soon before expiry a warning is printed
EXPIRY_WARNING = dt.timedelta(days=30)


def common_name(cert: Any) -> str:
    """The certificate subject's common name (or its whole name when it has none)."""
    return str(cert.subject.native.get("common_name") or cert.subject.human_friendly)


def _day(when: dt.datetime) -> str:
    return when.astimezone(VIETNAM_TZ).strftime("%d/%m/%Y")


@dataclass(frozen=True)
class CertProblem:
    """Why a certificate may not sign: `code` (not_yet_valid, expired, usage, name, revoked,
    untrusted, revocation_unknown) and the sentence for the clerk."""

    code: str
    text: str


def certificate_problems(
    cert: Any, *, expected_name: str | None, at: dt.datetime, what: str
) -> list[CertProblem]:
    """Why `cert` (asn1crypto) may not sign for `expected_name` (None: any name) at `at`; []
    when it may.

    `what` names the key in the sentences ("chứng thư số của Lê Quang Long")."""
    problems: list[CertProblem] = []
    validity = cert["tbs_certificate"]["validity"]
    start = validity["not_before"].native
    end = validity["not_after"].native
    if at < start:
        problems.append(
            CertProblem("not_yet_valid", f"{what} chưa có hiệu lực (từ ngày {_day(start)})")
        )
    if at > end:
        problems.append(
            CertProblem(
                "expired",
                f"{what} đã hết hạn ngày {_day(end)} — đề nghị tổ chức cấp chứng thư số gia hạn",
            )
        )
    usage = cert.key_usage_value
    if usage is not None:
        allowed = set(usage.native)
        if not allowed & {"digital_signature", "non_repudiation"}:
            problems.append(
                CertProblem("usage", f"{what} không dùng để ký số văn bản (mục đích sử dụng khóa)")
            )
    name = common_name(cert)
    if expected_name is not None and not same_name(name, expected_name):
        problems.append(
            CertProblem(
                "name",
                f"{what} mang tên '{name}', không phải '{expected_name}' như trong hồ sơ cơ quan "
                "— cắm đúng token của người ký (hoặc ghi certificate_name nếu tên trên chứng thư "
                "viết khác)",
            )
        )
    return problems


def revocation_problems(
    cert: Any, others: Sequence[Any], ltv: Ltv, at: dt.datetime, what: str
) -> list[CertProblem]:
    """Whether `cert` chains to the trust roots of `ltv` and its revocation status is known and
    good at `at` — asked of the OCSP responders and CRLs its certificates name (long-term
    validation embeds those answers, so without them it cannot sign)."""
    from pyhanko_certvalidator import CertificateValidator, ValidationContext
    from pyhanko_certvalidator.errors import (
        InsufficientRevinfoError,
        PathBuildingError,
        PathValidationError,
        RevokedError,
    )

    context = ValidationContext(
        trust_roots=list(ltv.trust_roots),
        allow_fetching=True,
        revocation_mode="require",
        moment=at,
        retroactive_revinfo=True,  # an answer fetched now, a little after `at`
        time_tolerance=dt.timedelta(minutes=5),
    )
    validator = CertificateValidator(
        cert, intermediate_certs=list(others), validation_context=context
    )

    async def validate() -> None:
        try:
            await validator.async_validate_usage(set())  # type: ignore[no-untyped-call]
        finally:
            await context.aclose()  # type: ignore[no-untyped-call]  # the fetchers' HTTP session

    try:
        asyncio.run(validate())
    except RevokedError:
        return [CertProblem("revoked", f"{what} đã bị thu hồi — không ký được bằng khóa này")]
    except PathBuildingError:
        return [
            CertProblem(
                "untrusted",
                f"{what} không dẫn về chứng thư gốc tin cậy đã khai (trust_roots)",
            )
        ]
    except InsufficientRevinfoError:
        return [
            CertProblem(
                "revocation_unknown",
                f"không hỏi được tình trạng thu hồi của {what} (máy chủ OCSP/CRL không trả lời) "
                "— kiểm tra kết nối mạng rồi chạy lại",
            )
        ]
    except PathValidationError as error:
        return [CertProblem("untrusted", f"{what} không hợp lệ ({type(error).__name__})")]
    return []


def expires_soon(cert: Any, at: dt.datetime) -> dt.datetime | None:
    """The expiry time when it falls within `EXPIRY_WARNING` after `at`, else None."""
    end: dt.datetime = cert["tbs_certificate"]["validity"]["not_after"].native
    return end if at <= end <= at + EXPIRY_WARNING else None

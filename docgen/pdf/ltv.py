"""Keeping signed PDFs verifiable after their certificates expire (PAdES B-LTA, ETSI EN 319 142-1
§5.5): a document timestamp over the file and its validation data, renewed before what protects
the file now expires.

What protects a signed file today is the earliest expiry among its signing certificates and the
timestamp authorities' certificates of their signature timestamps; once the file carries
document timestamps, it is the last one's TSA certificate (each document timestamp carries the
validation data of the one before, so the chain stays verifiable). `refresh` appends, as
incremental updates that change no page content:

1. for a signature whose validation data the file does not carry yet (a B-B or B-T file), that
   data (certificates, OCSP/CRL answers fetched now, while the certificates are still valid);
2. the validation data of the last document timestamp, if any;
3. a new document timestamp from the agency's timestamp authority, with its own validation data.

The file before the refresh is a byte-for-byte prefix of the file after it: every signature
stays what it was.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
from dataclasses import dataclass
from typing import Any

from docgen.errors import SignatureError
from docgen.pdf.sign import Ltv

#: the document timestamps' field names: DauThoiGianTaiLieu1, 2, …
FIELD = "DauThoiGianTaiLieu"
#: pyHanko warns when a file has no document timestamp yet: that is the first refresh, expected
_PDF_SIGNER_LOG = "pyhanko.sign.signers.pdf_signer"


@dataclass(frozen=True)
class Protection:
    """Until when a signed file verifies as it is (`until`, UTC) and what expires then."""

    until: dt.datetime
    what: str  #: "chứng thư của 'Lê Quang Long'", "dấu thời gian tài liệu của 'docgen TSA'", …
    timestamps: int  #: document timestamps the file carries


def _name(cert: Any) -> str:
    subject = cert.subject.native
    return str(subject.get("common_name") or cert.subject.human_friendly)


def _tsa_cert(signed_data: Any) -> Any:
    """The certificate that signed a timestamp token's SignedData."""
    sid = signed_data["signer_infos"][0]["sid"]
    certs = [c.chosen for c in signed_data["certificates"]]
    for cert in certs:
        if sid.name == "issuer_and_serial_number":
            want = sid.chosen
            if cert.issuer == want["issuer"] and cert.serial_number == want["serial_number"].native:
                return cert
        elif cert.key_identifier == sid.chosen.native:
            return cert
    return certs[0]


def _signature_tsa(embedded: Any) -> Any | None:
    from docgen.pdf.verify import signature_timestamp

    token = signature_timestamp(embedded)
    return _tsa_cert(token) if token is not None else None


def _reader(data: bytes) -> Any:
    from pyhanko.pdf_utils.reader import PdfFileReader

    return PdfFileReader(io.BytesIO(data), strict=False)


def protection(data: bytes) -> Protection | None:
    """What protects the signed PDF `data`, or None when it has no signature."""
    reader = _reader(data)
    stamps = list(reader.embedded_timestamp_signatures)
    if stamps:
        last = max(stamps, key=lambda s: s.signed_revision)
        cert = _tsa_cert(last.signed_data)
        until = cert["tbs_certificate"]["validity"]["not_after"].native
        return Protection(until, f"dấu thời gian tài liệu của '{_name(cert)}'", len(stamps))
    found: list[tuple[dt.datetime, str]] = []
    for sig in reader.embedded_regular_signatures:
        cert = sig.signer_cert
        found.append((cert.not_valid_after, f"chứng thư của '{_name(cert)}'"))
        tsa = _signature_tsa(sig)
        if tsa is not None:
            found.append((tsa.not_valid_after, f"dấu thời gian chữ ký của '{_name(tsa)}'"))
    if not found:
        return None
    until, what = min(found)
    return Protection(until, what, 0)


def _has_revinfo(reader: Any) -> bool:
    from pyhanko.sign.validation.dss import DocumentSecurityStore

    try:
        dss = DocumentSecurityStore.read_dss(reader)
    except Exception:  # no DSS yet
        return False
    return bool(dss.ocsps or dss.crls)


def refresh(data: bytes, ltv: Ltv, timestamp_url: str) -> bytes:
    """`data` with validation data and a new document timestamp appended (see the module).

    Raises SignatureError (Vietnamese, with what to do) when the timestamp authority or a
    revocation source cannot be reached or refuses, or when a certificate no longer validates;
    nothing is returned then.
    """
    from pyhanko.sign import timestamps
    from pyhanko.sign.signers.pdf_signer import PdfTimeStamper
    from pyhanko.sign.validation import add_validation_info

    original = data
    try:
        reader = _reader(data)
        if not _has_revinfo(reader):
            for sig in reader.embedded_regular_signatures:
                out = add_validation_info(sig, ltv.context(), in_place=False)
                data = out.getvalue()
                reader = _reader(data)
        count = len(list(reader.embedded_timestamp_signatures))
        stamper = PdfTimeStamper(
            timestamps.HTTPTimeStamper(timestamp_url), field_name=f"{FIELD}{count + 1}"
        )
        pdf_log = logging.getLogger(_PDF_SIGNER_LOG)
        level = pdf_log.level
        pdf_log.setLevel(logging.ERROR)
        try:
            out = stamper.update_archival_timestamp_chain(reader, ltv.context(), in_place=False)
        finally:
            pdf_log.setLevel(level)
        refreshed: bytes = out.getvalue()
    except SignatureError:
        raise
    except Exception as error:  # the network, the TSA, the validator: one clear line
        raise SignatureError(
            f"không thêm được dấu thời gian ({type(error).__name__}: {error})",
            field="timestamp_url",
            hint="kiểm tra máy chủ dấu thời gian (timestamp_url) và máy chủ OCSP/CRL có truy "
            "cập được, chứng thư chưa hết hạn, rồi chạy lại; tệp chưa bị thay đổi",
        ) from error
    if len(refreshed) <= len(data) or not refreshed.startswith(original):
        raise SignatureError("dấu thời gian không được thêm vào tệp", hint="báo người phát triển")
    return refreshed

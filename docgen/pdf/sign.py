"""PAdES signing with pyHanko: the agency's digital signature, always the last write.

PAdES B-B (B-T when a timestamp authority is configured), SHA-256, appended as an incremental
update so earlier signatures stay valid. The main document gets a visible signature whose
appearance is the seal image alone (pyHanko's text appearance garbles Vietnamese, environment
notes trap 6); attachments get an invisible one, after their top-right line was stamped.

The key comes from a `Signer`: `Pkcs12Signer` reads a PKCS#12 file, `docgen.pdf.pkcs11.Pkcs11Signer`
logs in to a token. A remote signing service (ký số từ xa, the CSC API) is a third implementation
to add: its `session()` would yield pyHanko's `CSCSigner`. With `Ltv`, the signature is PAdES B-LT:
the certificates and revocation answers (OCSP, CRL) of its chain and of its timestamp are embedded
in the file, so it can be checked after the certificates expire.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, cast

from docgen.errors import SignatureError
from docgen.pdf.geometry import Box
from docgen.pdf.placement import VIETNAM_TZ

DEFAULT_FIELD = "ChuKySoCoQuan"


class Signer(Protocol):
    """Something that can lend pyHanko a signer for the duration of one or more signatures: a
    PKCS#12 file, a PKCS#11 token, later a remote signing service."""

    def session(self) -> contextlib.AbstractContextManager[Any]:
        """A context yielding a `pyhanko.sign.signers.Signer`; closes the key store afterwards."""
        ...


#: the name the agency's key went by before signers had keys of their own
AgencySigner = Signer


@dataclass(frozen=True)
class Ltv:
    """Long-term validation (PAdES B-LT): revocation data fetched from the URLs in the
    certificates (OCSP responders, CRL distribution points), chains checked against
    `trust_roots` (asn1crypto certificates, see `docgen.pdf.verify.load_roots`)."""

    trust_roots: tuple[Any, ...]

    def context(self) -> Any:
        from pyhanko_certvalidator import ValidationContext

        # The answers are fetched while signing, after the signing time the signature states:
        # an answer newer than that time is what proves the certificate good at it.
        return ValidationContext(
            trust_roots=list(self.trust_roots),
            allow_fetching=True,
            revocation_mode="hard-fail",
            retroactive_revinfo=True,
            time_tolerance=dt.timedelta(minutes=5),
        )


@dataclass(frozen=True)
class Pkcs12Signer:
    """The agency key and certificate chain from a PKCS#12 (.p12/.pfx) file.

    The password is held only to open the file; it is excluded from `repr` so it never reaches a
    log or a traceback.
    """

    path: Path
    password: str = field(repr=False)
    secret_env: str = "DOCGEN_SIGN_PASSWORD"  #: where the password came from, for the hint

    @contextlib.contextmanager
    def session(self) -> Iterator[Any]:
        from pyhanko.sign.signers import SimpleSigner

        try:
            data = self.path.read_bytes()
        except OSError as error:
            raise SignatureError(
                f"không đọc được tệp khóa ký ({error.strerror})",
                source=str(self.path),
                hint="kiểm tra đường dẫn tệp .p12 trong hồ sơ cơ quan.",
            ) from error
        try:
            signer = SimpleSigner.load_pkcs12_data(
                data, other_certs=set(), passphrase=self.password.encode()
            )
        except Exception as error:  # wrong password and corrupt file look alike
            raise SignatureError(
                "không mở được tệp khóa ký: sai mật khẩu hoặc tệp hỏng",
                source=str(self.path),
                hint=f"kiểm tra mật khẩu ({self.secret_env}) và tệp .p12; chưa lấy số nào",
            ) from error
        yield _key_holding(signer)


def _key_holding(signer: Any) -> Any:
    """`signer` with its private key parsed once, instead of once per signature.

    pyHanko's SimpleSigner re-parses the DER key on every raw signature (about 35 ms for RSA-2048,
    twice per PDF with the size estimate); holding the parsed key keeps signing near 1 ms.
    """
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
    from pyhanko.sign.signers import SimpleSigner

    key = serialization.load_der_private_key(signer.signing_key.dump(), password=None)

    class _Holding(SimpleSigner):
        def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
            mechanism = self.get_signature_mechanism_for_digest(digest_algorithm).signature_algo
            algorithm = getattr(hashes, digest_algorithm.upper(), None)
            if algorithm is None:
                return bytes(super().sign_raw(data, digest_algorithm))
            if mechanism == "rsassa_pkcs1v15" and isinstance(key, rsa.RSAPrivateKey):
                return key.sign(data, padding.PKCS1v15(), algorithm())
            if mechanism == "ecdsa" and isinstance(key, ec.EllipticCurvePrivateKey):
                return key.sign(data, ec.ECDSA(algorithm()))
            return bytes(super().sign_raw(data, digest_algorithm))

    return _Holding(
        signing_cert=signer.signing_cert,
        signing_key=signer.signing_key,
        cert_registry=signer.cert_registry,
        signature_mechanism=signer.signature_mechanism,
    )


def _reserve(signer: Any, timestamped: bool) -> int:
    """Hex digits to reserve for the CMS blob: the certificates, the signer info, a token.

    Saves pyHanko's dummy signature for the estimate; `sign_file` retries with pyHanko's own
    estimate if this guess proves too small.
    """
    certs = [signer.signing_cert, *signer.cert_registry]
    size = sum(len(cert.dump()) for cert in certs) + 4096 + (8192 if timestamped else 0)
    return 2 * size


@dataclass(frozen=True)
class _HeldSigner:
    """An AgencySigner over a key already opened by `held`: its sessions neither open nor close."""

    key: Any = field(repr=False)

    @contextlib.contextmanager
    def session(self) -> Iterator[Any]:
        yield self.key


def certificate_of(signer: Signer) -> Any:
    """The signing certificate (asn1crypto) of a signer `held` open."""
    if not isinstance(signer, _HeldSigner):
        raise TypeError("certificate_of needs a signer opened by held()")
    return signer.key.signing_cert


@contextlib.contextmanager
def held(signer: AgencySigner) -> Iterator[AgencySigner]:
    """Open `signer` once for a batch of signatures and yield an AgencySigner reusing that key.

    Opening a PKCS#12 file costs about 80 ms (its key derivation is slow on purpose); a token
    would ask for its PIN each time. The key is closed when the block ends.
    """
    with signer.session() as key:
        yield _HeldSigner(key)


@dataclass(frozen=True)
class VisibleSeal:
    """A visible signature on `page_index` filling `box` with the seal image at `image`."""

    page_index: int
    box: Box
    image: Path


@dataclass(frozen=True)
class SignResult:
    """The signing time written into the signature (Vietnam time, whole seconds)."""

    signed_at: dt.datetime
    field_name: str


def signing_time(now: dt.datetime | None = None) -> dt.datetime:
    """`now` (default: the current time) in Vietnam time, truncated to whole seconds.

    Pass the same value to the top-right line and to `sign_file` so both show the same time.
    """
    when = now or dt.datetime.now(dt.UTC)
    return when.astimezone(VIETNAM_TZ).replace(microsecond=0)


def _stamp_style(seal: VisibleSeal) -> Any:
    from pyhanko.pdf_utils import layout
    from pyhanko.pdf_utils.images import PdfImage
    from pyhanko.stamp import StaticStampStyle

    return StaticStampStyle(
        background=PdfImage(str(seal.image)),
        background_opacity=1.0,
        border_width=0,
        background_layout=layout.SimpleBoxLayoutRule(
            x_align=layout.AxisAlignment.ALIGN_MID,
            y_align=layout.AxisAlignment.ALIGN_MID,
            margins=layout.Margins(0, 0, 0, 0),
            inner_content_scaling=layout.InnerScaling.STRETCH_TO_FIT,
        ),
    )


def _pdf_signer(meta: Any, signer: Any, when: dt.datetime, **kwargs: Any) -> Any:
    """A pyHanko PdfSigner whose session uses `when` as its signing time.

    pyHanko takes the clock when the session starts; the top-right line was stamped with `when`
    before signing, so the signature's /M must carry exactly that time.
    """
    from pyhanko.sign.signers import PdfSigner

    class _TimedPdfSigner(PdfSigner):
        def init_signing_session(self, pdf_out: Any, existing_fields_only: bool = False) -> Any:
            session = super().init_signing_session(pdf_out, existing_fields_only)
            session.system_time = when
            return session

    return _TimedPdfSigner(meta, signer, **kwargs)


def _sign_once(src: Path, out_path: str, pdf_signer: Any, reserved: int | None) -> None:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    with open(src, "rb") as inp, open(out_path, "wb") as out:
        writer = IncrementalPdfFileWriter(inp, strict=False)
        pdf_signer.sign_pdf(writer, output=out, bytes_reserved=reserved)


def sign_file(
    src: Path,
    dst: Path,
    signer: AgencySigner,
    *,
    visible: VisibleSeal | None = None,
    signed_at: dt.datetime | None = None,
    timestamp_url: str | None = None,
    timestamper: Any = None,
    field_name: str = DEFAULT_FIELD,
    reason: str = "Chữ ký số của cơ quan, tổ chức",
    ltv: Ltv | None = None,
) -> SignResult:
    """Sign `src` with the agency key into `dst` (may equal `src`) as an incremental update.

    PAdES B-B with SHA-256; B-T when `timestamp_url` (RFC 3161) or a pyHanko `timestamper` is
    given; B-LT with `ltv` (and a timestamp). `visible` puts the seal image in a signature
    widget; None signs invisibly. Raises SignatureError when the key cannot be opened, the PDF
    cannot be read or signing fails (a certificate whose revocation status `ltv` cannot
    establish included).
    """
    from pyhanko.sign.fields import SigFieldSpec, SigSeedSubFilter
    from pyhanko.sign.general import SigningError
    from pyhanko.sign.signers import PdfSignatureMetadata
    from pyhanko.sign.timestamps import HTTPTimeStamper

    when = signing_time(signed_at)
    if timestamper is None and timestamp_url:
        timestamper = HTTPTimeStamper(timestamp_url)
    meta = PdfSignatureMetadata(
        field_name=field_name,
        md_algorithm="sha256",
        subfilter=SigSeedSubFilter.PADES,
        reason=reason,
        embed_validation_info=ltv is not None,
        validation_context=ltv.context() if ltv is not None else None,
    )
    spec = SigFieldSpec(
        sig_field_name=field_name,
        on_page=visible.page_index if visible else 0,
        # pyHanko annotates ints but writes any number; keep the exact placement.
        box=cast(Any, visible.box.as_tuple()) if visible else None,
    )
    with signer.session() as key:
        pdf_signer = _pdf_signer(
            meta,
            key,
            when,
            timestamper=timestamper,
            new_field_spec=spec,
            stamp_style=_stamp_style(visible) if visible else None,
        )
        fd, tmp = tempfile.mkstemp(suffix=".pdf", dir=dst.parent)
        os.close(fd)
        try:
            try:
                reserved = _reserve(key, timestamper is not None)
                _sign_once(src, tmp, pdf_signer, reserved * 2 if ltv else reserved)
            except SigningError as error:
                if "larger than expected" not in str(error):
                    raise
                _sign_once(src, tmp, pdf_signer, None)  # our guess was short: let pyHanko size it
            os.replace(tmp, dst)
        except SignatureError:
            raise
        except Exception as error:  # pyHanko raises many unrelated types
            raise SignatureError(
                f"không ký được tệp ({type(error).__name__}: {error})",
                source=str(src),
                hint="kiểm tra tệp PDF và chứng thư số; chạy lại với --verbose để xem chi tiết.",
            ) from error
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    return SignResult(when, field_name)

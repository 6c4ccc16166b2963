"""A throw-away PKI for demos and tests: a root CA and an agency signing certificate.

Every subject carries "KHÔNG DÙNG THẬT" (not for real use) so nobody mistakes the output for the
agency's certificate from a licensed CA. Keys are fresh each run; nothing here is deterministic.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docgen.errors import InputError

if TYPE_CHECKING:
    from cryptography import x509

FAKE_MARK = "KHÔNG DÙNG THẬT"
ROOT_NAME = f"docgen Test Root CA - {FAKE_MARK}"


@dataclass(frozen=True)
class DevPki:
    """Where `make_dev_pki` wrote its files; `signers` maps each signer's name to their .p12,
    `root_key` is the root's key (encrypted with the same password) for `issue_dev_cert`."""

    root_cert: Path
    agency_cert: Path
    agency_p12: Path
    root_key: Path | None = None
    signers: tuple[tuple[str, Path], ...] = ()


#: X.509 caps a common name at 64 (RFC 5280 ub-common-name); `cryptography` counts UTF-8 bytes.
CN_MAX_BYTES = 64


def agency_common_name(agency: str) -> str:
    """The agency certificate's CN: the name, shortened with "…" to fit, then the fake mark."""
    suffix = f" ({FAKE_MARK})"
    name = " ".join(agency.split())
    return _fit(name, CN_MAX_BYTES - len(suffix.encode())) + suffix


def _fit(text: str, max_bytes: int) -> str:
    """`text`, or its longest prefix + "…" whose UTF-8 form fits in `max_bytes`."""
    if len(text.encode()) <= max_bytes:
        return text
    while text and len((text + "…").encode()) > max_bytes:
        text = text[:-1].rstrip()
    return text + "…"


def _name(common_name: str, organisation: str) -> x509.Name:
    from cryptography import x509
    from cryptography.x509.oid import NameOID

    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
            x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, FAKE_MARK),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def person_common_name(name: str) -> str:
    """A person's certificate CN: their name, then the fake mark."""
    suffix = f" ({FAKE_MARK})"
    return _fit(" ".join(name.split()), CN_MAX_BYTES - len(suffix.encode())) + suffix


def signer_file_name(name: str) -> str:
    """`Lê Quang Long` → `nguoi-ky-le-quang-long.p12`."""
    import re
    import unicodedata

    bare = unicodedata.normalize("NFKD", name.replace("đ", "d").replace("Đ", "D"))
    ascii_only = "".join(c for c in bare if not unicodedata.combining(c)).lower()
    return "nguoi-ky-" + (re.sub(r"[^a-z0-9]+", "-", ascii_only).strip("-") or "x") + ".p12"


def _leaf_certificate(
    subject: x509.Name,
    public_key: Any,
    root: x509.Certificate,
    root_key: Any,
    start: dt.datetime,
    end: dt.datetime,
) -> x509.Certificate:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes

    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(root.subject)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(end)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        # digitalSignature + nonRepudiation (contentCommitment): what document signing needs.
        .add_extension(
            x509.KeyUsage(True, True, False, False, False, False, False, False, False),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(root_key.public_key()), False
        )
        .sign(root_key, hashes.SHA256())
    )


def issue_dev_cert(
    pki: DevPki,
    password: str,
    public_key: Any,
    *,
    name: str,
    organisation: str,
    not_before: dt.datetime,
    not_after: dt.datetime,
) -> x509.Certificate:
    """A person's certificate for `public_key` (a `cryptography` public key: one made on a
    token), issued by the root of `pki`, valid from `not_before` to `not_after`."""
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization

    if pki.root_key is None:
        raise InputError("bộ chứng thư thử không có khóa gốc", hint="tạo lại bằng docgen dev-pki")
    root = x509.load_pem_x509_certificate(pki.root_cert.read_bytes())
    root_key = serialization.load_pem_private_key(pki.root_key.read_bytes(), password.encode())
    subject = _name(person_common_name(name), _fit(" ".join(organisation.split()), CN_MAX_BYTES))
    return _leaf_certificate(subject, public_key, root, root_key, not_before, not_after)


def make_dev_pki(
    out_dir: Path,
    *,
    agency: str,
    password: str,
    now: dt.datetime | None = None,
    valid_days: int = 3 * 365,
    signers: Sequence[str] = (),
) -> DevPki:
    """Create `root.pem` (and its key `root-key.pem`), `agency.pem` and `agency.p12` (key +
    chain, encrypted with `password`), and a `nguoi-ky-<name>.p12` for each of `signers` (the
    signers' own keys, ô 7c).

    Returns their paths. `now` fixes the validity start (default: the current UTC time minus one
    hour, so a clock slightly behind still accepts the certificate). Raises InputError for an
    empty password or agency name.
    """
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.hazmat.primitives.serialization import pkcs12

    if not password:
        raise InputError("mật khẩu tệp PKCS#12 đang trống", hint="đặt --password khác rỗng.")
    if not agency.strip():
        raise InputError("tên cơ quan đang trống", hint="đặt --agency, ví dụ 'BAN QUẢN LÝ DỰ ÁN'.")
    start = (now or dt.datetime.now(dt.UTC)) - dt.timedelta(hours=1)
    end = start + dt.timedelta(days=valid_days)
    organisation = _fit(" ".join(agency.split()), CN_MAX_BYTES)

    root_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    root_name = _name(ROOT_NAME, f"docgen ({FAKE_MARK})")
    root = (
        x509.CertificateBuilder()
        .subject_name(root_name)
        .issuer_name(root_name)
        .public_key(root_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(end)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(root_key.public_key()), False)
        .sign(root_key, hashes.SHA256())
    )

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = _name(agency_common_name(agency), organisation)
    cert = _leaf_certificate(subject, key.public_key(), root, root_key, start, end)
    encryption = serialization.BestAvailableEncryption(password.encode())

    out_dir.mkdir(parents=True, exist_ok=True)
    people = []
    for name in signers:
        person_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        person = _leaf_certificate(
            _name(person_common_name(name), organisation), person_key.public_key(), root,
            root_key, start, end,
        )  # fmt: skip
        path = out_dir / signer_file_name(name)
        path.write_bytes(
            pkcs12.serialize_key_and_certificates(
                name=b"signer",
                key=person_key,
                cert=person,
                cas=[root],
                encryption_algorithm=encryption,
            )
        )
        people.append((name, path))
    result = DevPki(
        out_dir / "root.pem", out_dir / "agency.pem", out_dir / "agency.p12",
        out_dir / "root-key.pem", tuple(people),
    )  # fmt: skip
    result.root_cert.write_bytes(root.public_bytes(serialization.Encoding.PEM))
    assert result.root_key is not None
    result.root_key.write_bytes(
        root_key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption
        )
    )
    result.agency_cert.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    result.agency_p12.write_bytes(
        pkcs12.serialize_key_and_certificates(
            name=b"agency",
            key=key,
            cert=cert,
            cas=[root],
            encryption_algorithm=encryption,
        )
    )
    return result

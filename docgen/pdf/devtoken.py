"""A throw-away USB token for demos and tests: a SoftHSM2 token holding a key made on the token
and a "KHÔNG DÙNG THẬT" certificate for it from the dev PKI (`devpki`).

The key is generated inside the token (C_GenerateKeyPair) and never leaves it, as on an
official's token; only its public half is read out to be certified. SoftHSM2 finds its tokens
through the file named by the SOFTHSM2_CONF environment variable: the caller sets it (to the
`softhsm_config` written here) before this process first loads the module.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from docgen.errors import SystemDependencyError
from docgen.pdf.devpki import DevPki, issue_dev_cert

#: where Debian's softhsm2 package puts its PKCS#11 module
SOFTHSM_MODULES = (
    "/usr/lib/softhsm/libsofthsm2.so",
    "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
    "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so",
)


@dataclass(frozen=True)
class DevToken:
    """What `make_dev_token` made: the module, the token's label and the key's id (hex)."""

    module: str
    label: str
    key_id: str


def softhsm_module() -> str | None:
    """The SoftHSM2 PKCS#11 module of this machine, or None when softhsm2 is not installed."""
    return next((m for m in SOFTHSM_MODULES if Path(m).is_file()), None)


def softhsm_config(folder: Path) -> Path:
    """Write `folder/softhsm2.conf` keeping tokens in `folder/tokens`; returns its path."""
    tokens = folder / "tokens"
    tokens.mkdir(parents=True, exist_ok=True)
    conf = folder / "softhsm2.conf"
    conf.write_text(
        f"directories.tokendir = {tokens.resolve()}\nobjectstore.backend = file\n"
        "log.level = ERROR\nslots.removable = false\n",
        encoding="utf-8",
    )
    return conf


def init_token(conf: Path, label: str, *, pin: str, so_pin: str) -> None:
    """Initialise a new SoftHSM2 token `label` in the first free slot (softhsm2-util)."""
    env = {**os.environ, "SOFTHSM2_CONF": str(conf)}
    try:
        subprocess.run(
            ["softhsm2-util", "--init-token", "--free", "--label", label,
             "--so-pin", so_pin, "--pin", pin],
            env=env, check=True, capture_output=True, text=True,
        )  # fmt: skip
    except FileNotFoundError as error:
        raise SystemDependencyError(
            "chưa cài softhsm2 (token thử nghiệm)",
            hint="cài gói Debian softhsm2 (make demo / make test tự cài khi chạy bằng root)",
        ) from error
    except subprocess.CalledProcessError as error:
        raise SystemDependencyError(
            f"không tạo được token thử '{label}': {error.stderr.strip() or error.stdout.strip()}",
            hint="xóa thư mục token thử rồi chạy lại",
        ) from error


def make_dev_token(
    conf: Path,
    pki: DevPki,
    pki_password: str,
    *,
    label: str,
    pin: str,
    holder: str,
    organisation: str,
    so_pin: str = "12345678",
    key_id: str = "01",
    not_before: dt.datetime | None = None,
    not_after: dt.datetime | None = None,
    module: str | None = None,
) -> DevToken:
    """A new token `label` (PIN `pin`) holding an RSA-2048 key generated on it and the dev PKI's
    certificate of `holder` for that key (validity `not_before`…`not_after`, default: from an
    hour ago for three years). SOFTHSM2_CONF must name `conf` in this process."""
    import pkcs11
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from pkcs11 import Attribute, CertificateType, KeyType, ObjectClass

    found = module or softhsm_module()
    if found is None:
        raise SystemDependencyError(
            "chưa cài softhsm2 (token thử nghiệm)", hint="cài gói Debian softhsm2"
        )
    init_token(conf, label, pin=pin, so_pin=so_pin)
    lib = pkcs11.lib(os.path.realpath(found))
    lib.reinitialize()  # see the token just made
    start = not_before or dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
    end = not_after or start + dt.timedelta(days=3 * 365)
    token = lib.get_token(token_label=label)
    with token.open(rw=True, user_pin=pin) as session:
        public, _private = session.generate_keypair(
            KeyType.RSA, 2048, id=bytes.fromhex(key_id), label=f"{label} key", store=True
        )
        numbers = rsa.RSAPublicNumbers(
            int.from_bytes(public[Attribute.PUBLIC_EXPONENT], "big"),
            int.from_bytes(public[Attribute.MODULUS], "big"),
        )
        cert = issue_dev_cert(
            pki, pki_password, numbers.public_key(), name=holder, organisation=organisation,
            not_before=start, not_after=end,
        )  # fmt: skip
        session.create_object(
            {
                Attribute.CLASS: ObjectClass.CERTIFICATE,
                Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
                Attribute.TOKEN: True,
                Attribute.ID: bytes.fromhex(key_id),
                Attribute.LABEL: f"{label} cert",
                Attribute.SUBJECT: cert.subject.public_bytes(),
                Attribute.VALUE: cert.public_bytes(serialization.Encoding.DER),
            }
        )
    assert isinstance(cert, x509.Certificate)
    return DevToken(found, label, key_id)

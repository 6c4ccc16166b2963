"""PAdES B-T: with a timestamp authority the signature carries a trusted RFC 3161 timestamp.

The TSA is pyHanko's in-process DummyTimeStamper with a certificate the test issues (no network).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from fpdf import FPDF

from docgen.pdf.devpki import make_dev_pki
from docgen.pdf.placement import VIETNAM_TZ
from docgen.pdf.sign import Pkcs12Signer, sign_file
from docgen.pdf.verify import verify_pdf


def _tsa(tmp_path: Path, tsa_time: dt.datetime) -> tuple[Path, Any]:
    """A self-made TSA: its root PEM and a pyHanko DummyTimeStamper answering at `tsa_time`."""
    from pyhanko.keys.internal import (
        translate_pyca_cryptography_cert_to_asn1,
        translate_pyca_cryptography_key_to_asn1,
    )
    from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

    start = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
    end = start + dt.timedelta(days=30)
    root_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    root_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "TSA gốc - KHÔNG DÙNG THẬT")])
    root = (
        x509.CertificateBuilder().subject_name(root_name).issuer_name(root_name)
        .public_key(root_key.public_key()).serial_number(1)
        .not_valid_before(start).not_valid_after(end)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(root_key, hashes.SHA256())
    )  # fmt: skip
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "TSA thử")]))
        .issuer_name(root_name).public_key(key.public_key()).serial_number(2)
        .not_valid_before(start).not_valid_after(end)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
        .sign(root_key, hashes.SHA256())
    )  # fmt: skip
    root_pem = tmp_path / "tsa-root.pem"
    root_pem.write_bytes(root.public_bytes(serialization.Encoding.PEM))
    stamper = DummyTimeStamper(
        tsa_cert=translate_pyca_cryptography_cert_to_asn1(cert),
        tsa_key=translate_pyca_cryptography_key_to_asn1(key),
        certs_to_embed=[translate_pyca_cryptography_cert_to_asn1(root)],
        fixed_dt=tsa_time,
    )
    return root_pem, stamper


def _plain_pdf(path: Path) -> Path:
    pdf = FPDF()
    pdf.add_page()
    pdf.output(str(path))
    return path


def test_a_timestamper_makes_the_signature_b_t(tmp_path: Path) -> None:
    pki = make_dev_pki(tmp_path / "pki", agency="CƠ QUAN THỬ", password="x")
    # Inside every certificate's validity, whatever today is; whole seconds, as RFC 3161 gives.
    tsa_time = dt.datetime.now(dt.UTC).replace(microsecond=0) - dt.timedelta(minutes=5)
    tsa_root, stamper = _tsa(tmp_path, tsa_time)
    out = tmp_path / "signed-bt.pdf"
    sign_file(
        _plain_pdf(tmp_path / "in.pdf"), out, Pkcs12Signer(pki.agency_p12, "x"), timestamper=stamper
    )
    report = verify_pdf(out, [pki.root_cert, tsa_root])
    assert report.ok, report.all_problems()
    assert report.signatures[0].timestamped_at == tsa_time.astimezone(VIETNAM_TZ)


def test_without_a_timestamper_the_signature_is_b_b(tmp_path: Path) -> None:
    pki = make_dev_pki(tmp_path / "pki", agency="CƠ QUAN THỬ", password="x")
    out = tmp_path / "signed-bb.pdf"
    sign_file(_plain_pdf(tmp_path / "in.pdf"), out, Pkcs12Signer(pki.agency_p12, "x"))
    (sig,) = verify_pdf(out, [pki.root_cert]).signatures
    assert sig.timestamped_at is None and sig.ok


def test_an_unreadable_trust_root_is_an_input_error(tmp_path: Path) -> None:
    from docgen.errors import InputError

    bad = tmp_path / "root.pem"
    bad.write_text("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")
    with pytest.raises(InputError, match="chứng thư gốc"):
        verify_pdf(_plain_pdf(tmp_path / "in.pdf"), [bad])


def test_a_held_key_signs_a_batch_and_is_opened_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from docgen.pdf import sign as sign_module

    pki = make_dev_pki(tmp_path / "pki", agency="CƠ QUAN THỬ", password="x")
    opened: list[int] = []
    real = sign_module.Pkcs12Signer.session

    def counting(self: sign_module.Pkcs12Signer) -> Any:
        opened.append(1)
        return real(self)

    monkeypatch.setattr(sign_module.Pkcs12Signer, "session", counting)
    with sign_module.held(Pkcs12Signer(pki.agency_p12, "x")) as signer:
        for n in range(3):
            out = tmp_path / f"batch-{n}.pdf"
            sign_file(_plain_pdf(tmp_path / f"in-{n}.pdf"), out, signer)
            assert verify_pdf(out, [pki.root_cert]).ok
    assert opened == [1]

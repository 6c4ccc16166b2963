"""The fake signing material: dev PKI certificates and the specimen seal and signature."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner
from cryptography import x509
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from PIL import Image

from docgen.cli import cli
from docgen.errors import InputError
from docgen.pdf.devpki import FAKE_MARK, agency_common_name, make_dev_pki
from docgen.pdf.devseal import draw_seal, draw_signature, make_dev_seal, mm_to_px

AGENCY = "BAN QUẢN LÝ DỰ ÁN ĐẦU TƯ XÂY DỰNG"


def _pixels(image: Image.Image) -> list[tuple[int, int, int, int]]:
    raw = image.tobytes()
    return [tuple(raw[i : i + 4]) for i in range(0, len(raw), 4)]  # type: ignore[misc]


def test_dev_pki_marks_every_subject_as_fake_and_chains_to_the_root(tmp_path: Path) -> None:
    pki = make_dev_pki(tmp_path, agency=AGENCY, password="mật-khẩu")
    root = x509.load_pem_x509_certificate(pki.root_cert.read_bytes())
    key, cert, extra = pkcs12.load_key_and_certificates(
        pki.agency_p12.read_bytes(), "mật-khẩu".encode()
    )
    assert key is not None and cert is not None
    assert FAKE_MARK in root.subject.rfc4514_string()
    assert FAKE_MARK in cert.subject.rfc4514_string()
    assert cert.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)[0].value == AGENCY
    assert cert.issuer == root.subject
    assert [c.subject for c in extra] == [root.subject]
    cert.verify_directly_issued_by(root)
    usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    assert usage.digital_signature and usage.content_commitment


def test_dev_pki_p12_refuses_a_wrong_password(tmp_path: Path) -> None:
    pki = make_dev_pki(tmp_path, agency=AGENCY, password="đúng")
    with pytest.raises(ValueError):
        pkcs12.load_key_and_certificates(pki.agency_p12.read_bytes(), b"sai")


def test_dev_pki_validity_starts_from_the_given_time(tmp_path: Path) -> None:
    now = dt.datetime(2030, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
    pki = make_dev_pki(tmp_path, agency=AGENCY, password="x", now=now, valid_days=10)
    cert = x509.load_pem_x509_certificate(pki.agency_cert.read_bytes())
    assert cert.not_valid_before_utc == now - dt.timedelta(hours=1)
    assert cert.not_valid_after_utc == now - dt.timedelta(hours=1) + dt.timedelta(days=10)


def test_long_agency_names_are_shortened_to_fit_a_common_name() -> None:
    name = agency_common_name(
        "BAN QUẢN LÝ DỰ ÁN ĐẦU TƯ XÂY DỰNG CÔNG TRÌNH DÂN DỤNG VÀ CÔNG NGHIỆP"
    )
    assert len(name.encode()) <= 64
    assert name.endswith(f"… ({FAKE_MARK})")
    assert agency_common_name("  UBND   XÃ A ") == f"UBND XÃ A ({FAKE_MARK})"


def test_dev_pki_rejects_an_empty_password(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        make_dev_pki(tmp_path, agency=AGENCY, password="")


def test_seal_is_real_size_red_and_transparent_outside_the_ink() -> None:
    seal = draw_seal(AGENCY, size_mm=40)
    assert seal.size == (mm_to_px(40), mm_to_px(40)) == (472, 472)
    assert seal.mode == "RGBA"
    assert seal.getpixel((2, 2))[3] == 0  # a corner outside the circle
    inked = [p for p in _pixels(seal) if p[3] == 255]
    assert len(inked) > 1000
    assert all(r > 150 and g < 100 and b < 100 for r, g, b, _ in inked)


def test_seal_size_follows_the_profile_and_rejects_nonsense() -> None:
    assert draw_seal(AGENCY, size_mm=35).size == (413, 413)
    with pytest.raises(InputError):
        draw_seal(AGENCY, size_mm=5)
    with pytest.raises(InputError):
        draw_seal("   ")


def test_signature_is_blue_transparent_and_deterministic() -> None:
    first = draw_signature("Lê Quang Long")
    assert first.mode == "RGBA"
    assert first.getpixel((0, 0))[3] == 0
    inked = [p for p in _pixels(first) if p[3] == 255]
    assert inked and all(b > 120 and r < 80 for r, _, b, _ in inked)
    assert first.tobytes() == draw_signature("Lê Quang Long").tobytes()
    assert first.tobytes() != draw_signature("Trần Văn B").tobytes()


def test_dev_seal_writes_pngs_with_300_dpi(tmp_path: Path, artifacts_dir: Path) -> None:
    made = make_dev_seal(tmp_path, agency=AGENCY)
    for path in (made.seal, made.signature):
        with Image.open(path) as image:
            assert image.format == "PNG"
            assert round(image.info["dpi"][0]) == 300
        (artifacts_dir / f"dev-{path.name}").write_bytes(path.read_bytes())
    again = make_dev_seal(tmp_path / "again", agency=AGENCY)
    assert again.seal.read_bytes() == made.seal.read_bytes()


def test_cli_dev_pki_and_dev_seal(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["dev-pki", str(tmp_path / "pki"), "--password", "bí-mật"])
    assert result.exit_code == 0, result.output
    assert "KHÔNG DÙNG THẬT" in result.output
    assert "bí-mật" not in result.output
    assert (tmp_path / "pki" / "agency.p12").is_file()
    result = runner.invoke(cli, ["dev-seal", str(tmp_path / "seal"), "--size-mm", "38"])
    assert result.exit_code == 0, result.output
    with Image.open(tmp_path / "seal" / "seal.png") as image:
        assert image.size == (mm_to_px(38),) * 2

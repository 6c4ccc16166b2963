"""Long-term validation (PAdES B-LT) against a local timestamp authority and OCSP responder the
tests run on 127.0.0.1 (Certomancer): issued documents carry timestamps and revocation answers
and verify offline; a revoked certificate is refused before a number and reported as revoked."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from docgen.archive import open_register
from docgen.archive.register import RegisterStore
from docgen.cli import cli
from docgen.errors import SignatureError
from docgen.pdf.sign import Pkcs12Signer, sign_file
from docgen.pdf.verify import REVOCATION_GOOD, REVOCATION_REVOKED, verify_pdf
from docgen.services.issue import issue
from docgen.services.settings import templates_dir
from tests.conftest import EXAMPLES, FIXED_TODAY, REFERENCE_PROFILE, needs_libreoffice
from tests.integration.test_issue_service import archive_files, fake_pdf
from tests.support.ltv import PASSWORD, LtvPki, serve_pki
from tests.support.tokens import Tokens

CORRECTED = EXAMPLES / "bql-khth-moi-xet-chon-spcncl-da-sua.yaml"


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LtvPki]:
    import logging

    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no line per OCSP request
    with serve_pki(tmp_path_factory.mktemp("ltv-pki")) as served:
        yield served


@pytest.fixture
def store(tmp_path: Path) -> Iterator[RegisterStore]:
    opened = open_register(tmp_path / "archive", "BQL")
    yield opened
    opened.close()


def _profile(folder: Path, pki: LtvPki, tokens: Tokens, signer_p12: Path) -> Path:
    text = REFERENCE_PROFILE.read_text("utf-8").replace(
        "[signers.truong-ban]\n",
        f'[signers.truong-ban]\nsignature_image = "{tokens.seal.signature}"\n'
        f'pkcs12 = "{signer_p12}"\n',
    )
    path = folder / "docgen.toml"
    path.write_text(
        f'{text}\n[signing]\npkcs12 = "{pki.agency_p12}"\nseal_image = "{tokens.seal.seal}"\n'
        f'timestamp_url = "{pki.tsa_url}"\ntrust_roots = ["{pki.root}"]\nltv = true\n',
        "utf-8",
    )
    return path


@pytest.fixture
def passwords(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOCGEN_SIGN_PASSWORD", PASSWORD)
    monkeypatch.setenv("DOCGEN_PASSWORD_TRUONG_BAN", PASSWORD)


@pytest.mark.libreoffice
def test_issued_signatures_are_b_lt_and_verify_offline(
    pki: LtvPki, tokens: Tokens, store: RegisterStore, tmp_path: Path, passwords: None
) -> None:
    needs_libreoffice()
    profile = _profile(tmp_path, pki, tokens, pki.signer_p12)
    result = issue(
        CORRECTED, profile, archive=tmp_path / "archive", store=store,
        templates=templates_dir(), on=FIXED_TODAY,
    )  # fmt: skip
    report = verify_pdf(result.pdf, [pki.root])  # offline: only what the file carries
    assert report.ok, report.all_problems()
    assert [s.field for s in report.signatures] == ["ChuKySoNguoiKy", "ChuKySoCoQuan"]
    for signature in report.signatures:
        assert signature.ltv and signature.revocation == REVOCATION_GOOD
        assert signature.timestamped_at is not None
    output = CliRunner().invoke(cli, ["verify", str(result.pdf), "--profile", str(profile)])
    assert output.exit_code == 0, output.output  # the profile's trust_roots are used
    assert output.output.count("tình trạng thu hồi: đã kiểm tra: chứng thư chưa bị thu hồi") == 2
    assert "kiểm tra dài hạn (LTV): có dữ liệu kèm theo" in output.output


def test_a_revoked_signer_certificate_is_refused_before_any_number(
    pki: LtvPki, tokens: Tokens, store: RegisterStore, tmp_path: Path, passwords: None
) -> None:
    profile = _profile(tmp_path, pki, tokens, pki.revoked_p12)
    with pytest.raises(SignatureError, match="đã bị thu hồi"):
        issue(
            CORRECTED, profile, archive=tmp_path / "archive", store=store,
            templates=templates_dir(), on=FIXED_TODAY, convert=fake_pdf,
        )  # fmt: skip
    assert store.entries(2024) == [] and archive_files(tmp_path / "archive") == []


def test_a_revoked_certificate_is_reported_as_revoked(pki: LtvPki, tmp_path: Path) -> None:
    """A file signed with a certificate that is revoked (signed elsewhere, without docgen's
    checks) is reported revoked when the responder is asked."""
    from fpdf import FPDF

    page = FPDF()
    page.add_page()
    page.set_font("helvetica", size=12)
    page.cell(text="van ban")
    page.output(str(tmp_path / "in.pdf"))
    signed = tmp_path / "revoked.pdf"
    sign_file(tmp_path / "in.pdf", signed, Pkcs12Signer(pki.revoked_p12, PASSWORD))
    offline = verify_pdf(signed, [pki.root])
    assert offline.ok and offline.signatures[0].revocation == "not_checked"
    online = verify_pdf(signed, [pki.root], online=True)
    (signature,) = online.signatures
    assert signature.revocation == REVOCATION_REVOKED and signature.revoked_at is not None
    assert not online.ok and "đã bị thu hồi" in online.all_problems()[0]
    result = CliRunner().invoke(cli, ["verify", str(signed), "--trust", str(pki.root), "--online"])
    assert result.exit_code != 0
    assert "tình trạng thu hồi: CHỨNG THƯ ĐÃ BỊ THU HỒI" in result.output


@pytest.mark.libreoffice
def test_the_archive_check_flags_a_document_whose_signatures_no_longer_validate(
    pki: LtvPki, tokens: Tokens, store: RegisterStore, tmp_path: Path, passwords: None
) -> None:
    """A profile without long-term validation checks no revocation at issue: a document signed
    with a certificate revoked since is filed; `archive check` asked online says so, and with
    another trust root it is untrusted; with no roots it only checks the signatures are intact."""
    needs_libreoffice()
    from docgen.services.archive import check_archive

    profile = _profile(tmp_path, pki, tokens, pki.revoked_p12)
    text = (
        profile.read_text("utf-8")
        .replace("ltv = true\n", "")
        .replace(f'timestamp_url = "{pki.tsa_url}"\n', "")
    )
    profile.write_text(text, "utf-8")
    root = tmp_path / "archive"
    issue(CORRECTED, profile, archive=root, store=store, templates=templates_dir(), on=FIXED_TODAY)
    assert check_archive(root, store).ok  # intact
    assert check_archive(root, store, trust_roots=[pki.root]).ok  # trusted, revocation not asked
    online = check_archive(root, store, trust_roots=[pki.root], online=True)
    assert [p.problem for p in online.problems] == [
        "chữ ký số không còn hợp lệ: chữ ký 'ChuKySoNguoiKy': chứng thư của 'Lê Quang Long' đã bị "
        + online.problems[0].problem.split("đã bị ", 1)[1]
    ]
    assert "thu hồi" in online.problems[0].problem
    other = check_archive(root, store, trust_roots=[tokens.pki.root_cert])
    assert not other.ok and "không thuộc tổ chức chứng thực tin cậy" in other.problems[0].problem

"""Stamp, sign and verify real LibreOffice output with real pyHanko signatures
(docs/format/signature.md).

The dispatches are built with python-docx and converted by LibreOffice; the PKI, the seal and the
signature image are the fake ones from `docgen dev-pki` / `dev-seal`. Every position is measured
from the output PDF: image XObject placements and the text layer.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader, PdfWriter

from docgen.cli import cli
from docgen.errors import SignatureError
from docgen.pdf.devpki import make_dev_pki
from docgen.pdf.devseal import make_dev_seal
from docgen.pdf.geometry import mm
from docgen.pdf.locate import find_signature_block, text_lines
from docgen.pdf.pipeline import finish_attachment, finish_main_document
from docgen.pdf.placement import VIETNAM_TZ, parse_attachment_line
from docgen.pdf.probe import PlacedImage, placed_images, unembedded_fonts
from docgen.pdf.sign import DEFAULT_FIELD, Pkcs12Signer, sign_file
from docgen.pdf.stamp import SignatureStamp, stamp_file
from docgen.pdf.verify import verify_pdf
from tests.integration._pdf_support import (
    AGENCY,
    NAME,
    NUMBER,
    PARAGRAPHS,
    POSITION,
    Material,
    build_dispatch,
    convert,
    flip_byte_in_first_stream,
)

pytestmark = pytest.mark.libreoffice

SIGNED_AT = dt.datetime(2024, 3, 5, 9, 15, 30, tzinfo=VIETNAM_TZ)


@pytest.fixture(scope="module")
def material(tmp_path_factory: pytest.TempPathFactory) -> Material:
    base = tmp_path_factory.mktemp("material")
    pki = make_dev_pki(base / "pki", agency=AGENCY, password="mật khẩu thử")
    images = make_dev_seal(base / "img", agency=AGENCY, signer=NAME)
    return Material(pki.root_cert, pki.agency_p12, "mật khẩu thử", images.seal, images.signature)


@pytest.fixture(scope="module")
def dispatches(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Path]:
    """{pages: rendered PDF} for a 1-page and a 3-page dispatch, converted in one soffice call."""
    base = tmp_path_factory.mktemp("dispatch")
    docx = [build_dispatch(base / f"dispatch-{n}p.docx", PARAGRAPHS[n]) for n in sorted(PARAGRAPHS)]
    pdfs = convert(docx, base / "pdf")
    return dict(zip(sorted(PARAGRAPHS), pdfs, strict=True))


@pytest.fixture(scope="module")
def signed(
    dispatches: dict[int, Path], material: Material, tmp_path_factory: pytest.TempPathFactory
) -> dict[int, Path]:
    """{pages: main document stamped and signed with the visible seal}."""
    base = tmp_path_factory.mktemp("signed")
    out: dict[int, Path] = {}
    for pages, pdf in dispatches.items():
        out[pages] = base / f"signed-{pages}p.pdf"
        finish_main_document(
            pdf,
            out[pages],
            Pkcs12Signer(material.p12, material.password),
            signature=SignatureStamp(POSITION, NAME, material.signature),
            seal_image=material.seal,
            marks=["MẬT", "HỎA TỐC"],
            signed_at=SIGNED_AT,
        )
    return out


@pytest.fixture(scope="module")
def attachment(
    dispatches: dict[int, Path], material: Material, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    out = tmp_path_factory.mktemp("attachment") / "phu-luc.pdf"
    finish_attachment(
        dispatches[1],
        out,
        Pkcs12Signer(material.p12, material.password),
        number_symbol=NUMBER,
        signed_at=SIGNED_AT,
    )
    return out


def test_test_dispatches_have_the_signature_block_on_their_last_page(
    dispatches: dict[int, Path],
) -> None:
    for pages, pdf in dispatches.items():
        assert len(PdfReader(pdf).pages) == pages
        assert find_signature_block(pdf, POSITION, NAME).page_index == pages - 1


@pytest.mark.parametrize("pages", sorted(PARAGRAPHS))
def test_signed_document_is_intact_whole_file_and_trusted(
    signed: dict[int, Path], material: Material, pages: int
) -> None:
    report = verify_pdf(signed[pages], [material.root])
    assert report.ok, report.all_problems()
    (sig,) = report.signatures
    assert sig.intact and sig.valid and sig.trusted and sig.whole_file and not sig.modified_after
    assert sig.signed_at == SIGNED_AT
    assert "KHÔNG DÙNG THẬT" in sig.signer


def test_signature_is_pades_sha256(signed: dict[int, Path]) -> None:
    from pyhanko.pdf_utils.reader import PdfFileReader

    with signed[1].open("rb") as stream:
        (embedded,) = PdfFileReader(stream).embedded_signatures
        assert embedded.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"
        assert embedded.md_algorithm == "sha256"


def test_signed_document_is_untrusted_without_the_test_root(
    signed: dict[int, Path], tmp_path: Path
) -> None:
    other = make_dev_pki(tmp_path, agency="CƠ QUAN KHÁC", password="x")
    report = verify_pdf(signed[1], [other.root_cert])
    assert not report.ok
    (sig,) = report.signatures
    assert sig.intact and not sig.trusted
    assert any("tin cậy" in p for p in report.all_problems())


def _images(pdf: Path, material: Material) -> tuple[PlacedImage, PlacedImage]:
    """(signature image, seal) as drawn in `pdf`, told apart by their pixel sizes."""
    from PIL import Image

    with Image.open(material.signature) as s, Image.open(material.seal) as z:
        sig_px, seal_px = s.size, z.size
    images = placed_images(pdf)
    (signature,) = [i for i in images if i.pixels == sig_px]
    (seal,) = [i for i in images if i.pixels == seal_px]
    return signature, seal


@pytest.mark.parametrize("pages", sorted(PARAGRAPHS))
def test_seal_covers_the_left_third_of_the_signature_between_position_and_name(
    signed: dict[int, Path], material: Material, pages: int
) -> None:
    signature, seal = _images(signed[pages], material)
    block = find_signature_block(signed[pages], POSITION, NAME)
    assert signature.page_index == seal.page_index == block.page_index == pages - 1
    assert signature.source == "page" and seal.source == DEFAULT_FIELD  # the seal is the signature
    sig, stamp = signature.box, seal.box
    fraction = stamp.horizontal_overlap(sig) / sig.width
    assert 0.25 <= fraction <= 0.40
    assert stamp.x0 < sig.x0 < stamp.x1 < sig.cx  # on its left side
    assert block.name.y1 < sig.y0 < sig.y1 < block.position.y0
    assert block.name.y1 < stamp.cy < block.position.y0
    assert stamp.width == pytest.approx(mm(40), abs=0.5)  # real size
    assert abs(sig.cx - block.centre_x) < 1.0


def test_one_flipped_byte_makes_verify_fail_and_say_why(
    signed: dict[int, Path], material: Material, tmp_path: Path
) -> None:
    broken = tmp_path / "flipped.pdf"
    flip_byte_in_first_stream(signed[1], broken)
    report = verify_pdf(broken, [material.root])
    assert not report.ok
    assert any("bị sửa" in p or "hỏng" in p for p in report.all_problems())
    result = CliRunner().invoke(cli, ["verify", str(broken), "--trust", str(material.root)])
    assert result.exit_code != 0
    assert "KHÔNG HỢP LỆ" in result.output


def test_an_overlay_saved_after_signing_makes_verify_fail(
    signed: dict[int, Path], material: Material, tmp_path: Path
) -> None:
    # An incremental update (the signature's bytes stay as they were) that draws on the page.
    writer = PdfWriter(signed[1], incremental=True)
    writer.pages[0].merge_page(PdfReader(signed[3]).pages[0])
    tampered = tmp_path / "overlay-after.pdf"
    with tampered.open("wb") as out:
        writer.write(out)
    report = verify_pdf(tampered, [material.root])
    assert not report.ok
    (sig,) = report.signatures
    assert not sig.whole_file and sig.modified_after
    assert any("sau khi ký" in p for p in report.all_problems())
    result = CliRunner().invoke(cli, ["verify", str(tampered), "--trust", str(material.root)])
    assert result.exit_code != 0 and "sau khi ký" in result.output


def test_a_full_rewrite_after_signing_makes_verify_fail(
    signed: dict[int, Path], material: Material, tmp_path: Path
) -> None:
    import pikepdf

    rewritten = tmp_path / "rewritten.pdf"
    with pikepdf.open(signed[1]) as doc:
        doc.save(rewritten)
    assert not verify_pdf(rewritten, [material.root]).ok


def test_stamping_a_signed_file_is_refused(signed: dict[int, Path], tmp_path: Path) -> None:
    with pytest.raises(SignatureError, match="đã được ký số"):
        stamp_file(signed[1], tmp_path / "x.pdf", marks=["KHẨN"])


def test_a_second_signature_is_an_incremental_update_that_keeps_the_first_valid(
    signed: dict[int, Path], material: Material, tmp_path: Path
) -> None:
    twice = tmp_path / "twice.pdf"
    sign_file(signed[1], twice, Pkcs12Signer(material.p12, material.password), field_name="Lan2")
    report = verify_pdf(twice, [material.root])
    first, second = report.signatures
    assert first.intact and first.trusted and not first.modified_after
    assert second.whole_file and report.ok, report.all_problems()


def _page_text(pdf: Path, index: int) -> str:
    """The page's extracted text, NFC, line breaks as spaces (the body wraps where it likes)."""
    text = unicodedata.normalize("NFC", PdfReader(pdf).pages[index].extract_text())
    return " ".join(text.split())


def test_vietnamese_text_of_body_and_stamps_extracts_intact(
    signed: dict[int, Path], attachment: Path
) -> None:
    first = _page_text(signed[1], 0)
    for text in (
        "HỎA TỐC",
        "MẬT",
        "Kính gửi: Các đơn vị trực thuộc.",
        "đầu tư năm 2024",
        "Lê Quang Long",
    ):
        assert text in first
    assert f"Số: {NUMBER}; 2024-03-05T09:15:30+07:00" in _page_text(attachment, 0)


def test_attachment_line_reads_number_symbol_and_iso_time_top_right(
    attachment: Path, material: Material
) -> None:
    lines = [line for line in text_lines(attachment, pages=[0]) if parse_attachment_line(line.text)]
    (line,) = lines
    parsed = parse_attachment_line(line.text)
    assert parsed == (NUMBER, SIGNED_AT)
    width, height = (
        PdfReader(attachment).pages[0].mediabox.width,
        PdfReader(attachment).pages[0].mediabox.height,
    )
    assert line.box.x1 == pytest.approx(float(width) - mm(15), abs=1.5)  # ends at the right margin
    assert line.box.y0 > float(height) - mm(20)  # inside the top margin
    assert line.font_size == pytest.approx(10)
    report = verify_pdf(attachment, [material.root])
    assert report.ok and report.signatures[0].signed_at == SIGNED_AT
    assert not [i for i in placed_images(attachment) if i.source != "page"]  # invisible


def test_every_font_is_embedded(signed: dict[int, Path], attachment: Path) -> None:
    for pdf in (*signed.values(), attachment):
        assert unembedded_fonts(pdf) == []


def _render(pdf: Path, page: int, prefix: Path) -> Path:
    """pdftoppm's PNG of one page of `pdf` at 100 dpi."""
    subprocess.run(
        ["pdftoppm", "-png", "-r", "100", "-f", str(page), "-l", str(page), "-singlefile",
         str(pdf), str(prefix)],
        check=True,
        timeout=60,
    )  # fmt: skip
    return prefix.with_suffix(".png")


def test_page_one_renders_to_png(
    signed: dict[int, Path], attachment: Path, artifacts_dir: Path
) -> None:
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    for name, pdf in (("main-1p", signed[1]), ("main-3p", signed[3]), ("attachment", attachment)):
        shutil.copyfile(pdf, artifacts_dir / f"pdf-{name}.pdf")
        assert _render(pdf, 1, artifacts_dir / f"pdf-{name}-page1").stat().st_size > 10_000
    # The page a person checks the seal on, when the signature falls on page 3.
    assert _render(signed[3], 3, artifacts_dir / "pdf-main-3p-page3").stat().st_size > 10_000


def test_wrong_password_is_a_clean_error_that_never_shows_the_password(
    dispatches: dict[int, Path], material: Material, tmp_path: Path
) -> None:
    with pytest.raises(SignatureError, match="sai mật khẩu") as caught:
        sign_file(dispatches[1], tmp_path / "x.pdf", Pkcs12Signer(material.p12, "bí-mật-sai"))
    assert "bí-mật-sai" not in str(caught.value)
    assert "bí-mật-sai" not in repr(Pkcs12Signer(material.p12, "bí-mật-sai"))
    assert not (tmp_path / "x.pdf").exists()


@pytest.fixture
def env(material: Material, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("DOCGEN_SIGN_PASSWORD", material.password)
    yield


def test_cli_stamp_sign_verify(
    dispatches: dict[int, Path], material: Material, tmp_path: Path, env: None
) -> None:
    runner = CliRunner()
    stamped = tmp_path / "stamped.pdf"
    result = runner.invoke(
        cli,
        ["stamp", str(dispatches[3]), str(stamped), "--signature-image", str(material.signature),
         "--seal", str(material.seal), "--position", POSITION, "--name", NAME, "--mark", "KHẨN"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "trang 3" in result.output
    signed = tmp_path / "signed.pdf"
    result = runner.invoke(cli, ["sign", str(stamped), str(signed), "--p12", str(material.p12)])
    assert result.exit_code == 0, result.output
    assert material.password not in result.output
    result = runner.invoke(cli, ["verify", str(signed), "--trust", str(material.root), "--json"])
    assert result.exit_code == 0, result.output
    (report,) = json.loads(result.output)
    assert report["ok"] and report["signatures"][0]["whole_file"]
    result = runner.invoke(cli, ["verify", str(signed), "--trust", str(material.root)])
    assert "Kết luận: HỢP LỆ" in result.output and "nguyên vẹn: đạt" in result.output


def test_cli_sign_main_document_and_attachment(
    dispatches: dict[int, Path], material: Material, tmp_path: Path, env: None
) -> None:
    runner = CliRunner()
    main = tmp_path / "main.pdf"
    result = runner.invoke(
        cli,
        ["sign", str(dispatches[3]), str(main), "--p12", str(material.p12), "--seal", str(material.seal),
         "--signature-image", str(material.signature), "--position", POSITION, "--name", NAME],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    _, seal = _images(main, material)
    assert seal.page_index == 2 and seal.source == DEFAULT_FIELD
    att = tmp_path / "att.pdf"
    result = runner.invoke(
        cli,
        ["sign", str(dispatches[1]), str(att), "--p12", str(material.p12), "--attachment-number", NUMBER,
         "--signed-at", "2024-03-05T02:15:30+00:00"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "2024-03-05T09:15:30+07:00" in result.output
    result = runner.invoke(cli, ["verify", str(main), str(att), "--trust", str(material.root)])
    assert result.exit_code == 0, result.output


def test_exit_codes_through_the_real_entry_point(
    signed: dict[int, Path], material: Material, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from docgen.cli import main
    from docgen.errors import CheckFailed

    def run(*args: str) -> int:
        with pytest.raises(SystemExit) as stopped:
            main(list(args))
        return int(stopped.value.code or 0)

    assert run("verify", str(signed[3]), "--trust", str(material.root)) == 0
    out = capsys.readouterr().out
    assert "HỢP LỆ" in out and "docgen Test Root CA" in out
    broken = tmp_path / "flipped.pdf"
    flip_byte_in_first_stream(signed[3], broken)
    assert run("verify", str(broken), "--trust", str(material.root)) == CheckFailed.exit_code
    assert run("stamp", str(signed[3]), str(tmp_path / "x.pdf"), "--mark", "KHẨN") == (
        SignatureError.exit_code
    )
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "đã được ký số" in err


def test_electronic_copy_gets_the_o14_line_and_an_invisible_signature(
    dispatches: dict[int, Path], material: Material, tmp_path: Path
) -> None:
    from docgen.pdf.pipeline import finish_copy

    out = tmp_path / "sao-y.pdf"
    done = finish_copy(
        dispatches[1],
        out,
        Pkcs12Signer(material.p12, material.password),
        form="SAO Y",
        agency=AGENCY,
        signed_at=SIGNED_AT,
    )
    assert done.top_right == f"SAO Y; {AGENCY}; 2024-03-05T09:15:30+07:00"
    assert done.top_right in _page_text(out, 0)
    report = verify_pdf(out, [material.root])
    assert report.ok and report.signatures[0].signed_at == SIGNED_AT


def test_signer_and_agency_digital_signatures_with_their_images(
    dispatches: dict[int, Path], material: Material, tmp_path: Path, artifacts_dir: Path
) -> None:
    from docgen.pdf.pipeline import SIGNER_FIELD

    person = make_dev_pki(tmp_path / "person", agency=NAME, password="cá nhân")
    out = tmp_path / "two-signatures.pdf"
    finish_main_document(
        dispatches[3],
        out,
        Pkcs12Signer(material.p12, material.password),
        signature=SignatureStamp(POSITION, NAME, material.signature),
        seal_image=material.seal,
        signed_at=SIGNED_AT,
        personal=Pkcs12Signer(person.agency_p12, "cá nhân"),
    )
    shutil.copyfile(out, artifacts_dir / "pdf-main-3p-two-signatures.pdf")
    report = verify_pdf(out, [material.root, person.root_cert])
    assert report.ok, report.all_problems()
    by_signer, by_agency = report.signatures
    assert by_signer.field == SIGNER_FIELD and NAME in by_signer.signer
    assert by_agency.field == DEFAULT_FIELD and by_agency.whole_file
    signature, seal = _images(out, material)
    assert signature.source == SIGNER_FIELD and seal.source == DEFAULT_FIELD
    assert signature.page_index == seal.page_index == 2
    assert 0.25 <= seal.box.horizontal_overlap(signature.box) / signature.box.width <= 0.40
    assert seal.box.x0 < signature.box.x0


def test_cli_sign_with_the_signer_key_and_a_copy(
    dispatches: dict[int, Path], material: Material, tmp_path: Path, env: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    person = make_dev_pki(tmp_path / "person", agency=NAME, password="cá nhân")
    monkeypatch.setenv("DOCGEN_SIGNER_PASSWORD", "cá nhân")
    runner = CliRunner()
    main_pdf, copy_pdf = tmp_path / "main.pdf", tmp_path / "copy.pdf"
    result = runner.invoke(
        cli,
        ["sign", str(dispatches[1]), str(main_pdf), "--p12", str(material.p12), "--seal", str(material.seal),
         "--signature-image", str(material.signature), "--position", POSITION, "--name", NAME,
         "--signer-p12", str(person.agency_p12)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert len(verify_pdf(main_pdf, [material.root, person.root_cert]).signatures) == 2
    result = runner.invoke(
        cli,
        ["sign", str(dispatches[1]), str(copy_pdf), "--p12", str(material.p12), "--copy", "sao y",
         "--copy-agency", AGENCY],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert f"SAO Y; {AGENCY}; " in _page_text(copy_pdf, 0)
    result = runner.invoke(
        cli, ["verify", str(main_pdf), str(copy_pdf), "--trust", str(material.root),
              "--trust", str(person.root_cert)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output

"""`file` and `receive` with real PDFs: signed elsewhere with pyHanko, encrypted, empty, bombs.
Bad input is refused with one clear line and nothing is written."""

from __future__ import annotations

import datetime as dt
import io
import zlib
from pathlib import Path

import pikepdf
import pytest
from pypdf import PdfWriter

from docgen.archive import catalogue
from docgen.archive.register import RegisterStore
from docgen.errors import DocgenError, InputError, RegisterError
from docgen.inputs.profile import load_profile
from docgen.model.agency import Agency
from docgen.pdf.verify import verify_pdf
from docgen.services.filing import INTACT, UNSIGNED, file_pdf
from docgen.services.incoming import receive
from tests.conftest import REFERENCE_PROFILE
from tests.integration.test_issue_service import archive_files


@pytest.fixture
def agency() -> Agency:
    return load_profile(REFERENCE_PROFILE)


def plain_pdf(path: Path, pages: int = 1, text: str = "") -> Path:
    """A PDF of `pages` A4 pages; page 1 carries `text` when given (fpdf2, a Vietnamese font)."""
    if not text:
        writer = PdfWriter()
        for _ in range(pages):
            writer.add_blank_page(595, 842)
        with path.open("wb") as handle:
            writer.write(handle)
        return path
    from fpdf import FPDF

    from docgen.pdf.fonts import find_serif_font

    pdf = FPDF(unit="pt", format="A4")
    pdf.add_font("serif", "", str(find_serif_font("regular")))
    pdf.add_page()
    pdf.set_font("serif", "", 12)
    for i, line in enumerate(text.splitlines()):
        pdf.text(60, 80 + 16 * i, line)
    path.write_bytes(bytes(pdf.output()))
    return path


def signed_pdf(tmp_path: Path, text: str = "Hướng dẫn số 1744/HD-SCT") -> tuple[Path, Path]:
    """A PDF signed with pyHanko by a test CA's key, as another agency would send it; and the
    root certificate to validate it with."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers

    from docgen.pdf.devpki import make_dev_pki

    pki = make_dev_pki(tmp_path / "pki", agency="Sở Công Thương", password="pw")
    source = plain_pdf(tmp_path / "unsigned.pdf", text=text)
    signer = signers.SimpleSigner.load_pkcs12(str(pki.agency_p12), passphrase=b"pw")
    assert signer is not None
    out = tmp_path / "signed.pdf"
    with source.open("rb") as handle:
        writer = IncrementalPdfFileWriter(handle)
        meta = signers.PdfSignatureMetadata(field_name="SCT")
        out.write_bytes(signers.sign_pdf(writer, meta, signer=signer).getvalue())
    return out, pki.root_cert


def test_a_pdf_signed_elsewhere_is_filed_byte_identical_and_still_validates(
    store: RegisterStore, tmp_path: Path, agency: Agency
) -> None:
    root = tmp_path / "archive"
    pdf, trust = signed_pdf(tmp_path)
    row = file_pdf(
        pdf,
        archive=root,
        store=store,
        agency=agency,
        number=12,
        symbol="QĐ-UBND",
        date=dt.date(2024, 2, 1),
        subject="giao chỉ tiêu đầu tư",
        holders=("KHTH",),
    )
    filed = root / "van-thu/2024/van-ban-luu/12-QĐ-UBND.pdf"
    assert filed.read_bytes() == pdf.read_bytes()
    assert (root / "don-vi/KHTH/2024/12-QĐ-UBND.pdf").read_bytes() == pdf.read_bytes()
    assert verify_pdf(filed, [trust]).ok
    assert row.signature == INTACT and "1744/HD-SCT" in row.body
    assert catalogue.get(store.db, row.doc_id) == row
    with pytest.raises(DocgenError, match="đã được lưu"):
        file_pdf(
            pdf, archive=root, store=store, agency=agency, number=12, symbol="QĐ-UBND",
            date=dt.date(2024, 2, 1),
        )  # fmt: skip


def test_number_symbol_and_date_are_read_from_a_docgen_made_pdf(
    store: RegisterStore, tmp_path: Path, agency: Agency
) -> None:
    text = "Số: 07/BQL-VP\nHà Nội, ngày 02 tháng 4 năm 2024"
    row = file_pdf(
        plain_pdf(tmp_path / "d.pdf", text=text),
        archive=tmp_path / "archive",
        store=store,
        agency=agency,
    )
    assert (row.number, row.symbol, row.doc_date) == (7, "BQL-VP", dt.date(2024, 4, 2))
    assert row.signature == UNSIGNED


def _encrypted(path: Path) -> Path:
    plain = plain_pdf(path.with_suffix(".plain.pdf"))
    with pikepdf.open(plain) as doc:
        doc.save(path, encryption=pikepdf.Encryption(owner="o", user="u"))
    return path


def _bomb(path: Path) -> Path:
    """A one-page PDF whose content stream inflates to 300 MB of zeros."""
    plain = plain_pdf(path.with_suffix(".plain.pdf"))
    packer = zlib.compressobj(9)
    chunk = b"\0" * (1 << 20)
    raw = b"".join(packer.compress(chunk) for _ in range(300)) + packer.flush()
    with pikepdf.open(plain) as doc:
        stream = pikepdf.Stream(doc, raw)
        stream.Filter = pikepdf.Name.FlateDecode
        doc.pages[0].Contents = doc.make_indirect(stream)
        doc.save(path)
    return path


BAD = {
    "non-pdf": (lambda p: (p.write_text("không phải PDF", "utf-8"), p)[1], "không phải PDF"),
    "empty": (lambda p: (p.write_bytes(b""), p)[1], "0 byte"),
    "encrypted": (_encrypted, "mã hóa"),
    "10000 pages": (lambda p: plain_pdf(p, pages=10_000), "10000 trang"),
    "bomb": (_bomb, "bom giải nén"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_pdfs_are_refused_and_nothing_is_written(
    store: RegisterStore, tmp_path: Path, agency: Agency, case: str
) -> None:
    make, message = BAD[case]
    bad = make(tmp_path / "bad.pdf")
    root = tmp_path / "archive"
    with pytest.raises(InputError, match=message) as refused:
        file_pdf(
            bad, archive=root, store=store, agency=agency, number=1, symbol="X",
            date=dt.date(2024, 1, 2),
        )  # fmt: skip
    assert "\n" not in str(refused.value) and refused.value.hint
    with pytest.raises(InputError, match=message):
        receive(
            bad, archive=root, store=store, agency=agency, sender="Sở Công Thương",
            notation="1744/HD-SCT", date=dt.date(2023, 4, 14),
        )  # fmt: skip
    assert archive_files(root) == [] if root.exists() else True
    assert catalogue.all_rows(store.db, "BQL") == [] and store.entries(2024) == []


@pytest.mark.parametrize("symbol", ["../x", "BQL/..", "a\\b", "..", "BQL KHTH"])
def test_a_symbol_with_a_path_separator_is_refused(
    store: RegisterStore, tmp_path: Path, agency: Agency, symbol: str
) -> None:
    root = tmp_path / "archive"
    with pytest.raises(InputError, match="ký hiệu"):
        file_pdf(
            plain_pdf(tmp_path / "a.pdf"), archive=root, store=store, agency=agency, number=1,
            symbol=symbol, date=dt.date(2024, 1, 2),
        )  # fmt: skip
    with pytest.raises(InputError):
        receive(
            plain_pdf(tmp_path / "a.pdf"), archive=root, store=store, agency=agency,
            sender="Sở", notation=f"5/{symbol}", date=dt.date(2024, 1, 2),
        )  # fmt: skip
    assert not root.exists() or archive_files(root) == []


def test_receiving_a_signed_pdf_stamps_den_and_keeps_the_signature_valid(
    store: RegisterStore, tmp_path: Path, agency: Agency
) -> None:
    root = tmp_path / "archive"
    pdf, trust = signed_pdf(tmp_path)
    got = receive(
        pdf, archive=root, store=store, agency=agency, sender="Sở Công Thương",
        notation="1744/HD-SCT", date=dt.date(2023, 4, 14), to="KHTH",
        subject="hướng dẫn xét chọn sản phẩm công nghiệp chủ lực",
    )  # fmt: skip
    assert got.entry.number == 1 and got.entry.stream == "den"
    stamped = root / "van-thu/2024/van-ban-den/0001-1744-HD-SCT.pdf"
    assert got.stamped == stamped
    assert stamped.read_bytes().startswith(pdf.read_bytes())  # an incremental update
    as_received = root / "van-thu/2024/van-ban-den/0001-1744-HD-SCT-ban-nhan-goc.pdf"
    assert got.as_received == as_received and as_received.read_bytes() == pdf.read_bytes()
    assert (root / "don-vi/KHTH/2024/0001-1744-HD-SCT.pdf").read_bytes() == stamped.read_bytes()
    (check,) = verify_pdf(stamped, [trust]).signatures
    assert check.intact and check.valid and check.trusted
    with pikepdf.open(stamped) as doc:
        (annotation,) = [a for a in doc.pages[0].Annots if a.Subtype == "/Stamp"]
        assert "ĐẾN Số: 01; Ngày: 10/05/2024; Chuyển: KHTH" in str(annotation.Contents)
        width = float(annotation.Rect[2]) - float(annotation.Rect[0])
        height = float(annotation.Rect[3]) - float(annotation.Rect[1])
        assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (50, 35)
    assert got.row.arrival_number == 1 and got.row.organ == "Sở Công Thương"
    with pytest.raises(RegisterError, match="đã được vào sổ văn bản đến"):
        receive(
            pdf, archive=root, store=store, agency=agency, sender="Sở Công Thương",
            notation="1744/HD-SCT", date=dt.date(2023, 4, 14),
        )  # fmt: skip
    assert [e.number for e in store.entries(2024, "den")] == [1]
    assert store.check().ok


def test_an_unsigned_incoming_pdf_gets_the_box_in_its_page(
    store: RegisterStore, tmp_path: Path, agency: Agency
) -> None:
    from pypdf import PdfReader

    got = receive(
        plain_pdf(tmp_path / "in.pdf", text="Công văn số 88/UBND-KT"),
        archive=tmp_path / "archive", store=store, agency=agency, sender="UBND quận Hà Đông",
        notation="88/UBND-KT", date=dt.date(2024, 5, 2),
    )  # fmt: skip
    text = PdfReader(io.BytesIO(got.stamped.read_bytes())).pages[0].extract_text()
    assert "ĐẾN" in text and "Số: 01" in text and "Ngày: 10/05/2024" in text


def test_the_incoming_register_prints_the_ten_columns_of_mau_vi(
    store: RegisterStore, tmp_path: Path, agency: Agency
) -> None:
    import docx

    from docgen.archive.export import cover_for, incoming_row_cells, register_docx

    receive(
        plain_pdf(tmp_path / "in.pdf"), archive=tmp_path / "archive", store=store,
        agency=agency, sender="Sở Công Thương", notation="1744/HD-SCT",
        date=dt.date(2023, 4, 14), to="KHTH", subject="hướng dẫn xét chọn",
        type_name="Hướng dẫn",
    )  # fmt: skip
    rows = store.entries(2024, "den")
    assert incoming_row_cells(rows[0]) == (
        "10/05/2024", "01", "Sở Công Thương", "1744/HD-SCT", "14/04/2023",
        "hướng dẫn xét chọn", "KHTH", "", "", "",
    )  # fmt: skip
    cover = cover_for(agency.name, agency.parent, 2024, rows)
    document = docx.Document(io.BytesIO(register_docx(cover, rows)))
    assert "NỘI DUNG ĐĂNG KÝ VĂN BẢN ĐẾN NĂM 2024" in [p.text for p in document.paragraphs]
    assert "SỔ ĐĂNG KÝ VĂN BẢN ĐẾN" in document.element.body.xml  # the cover page
    header = [c.text for c in document.tables[-1].rows[0].cells]
    assert header[:3] == ["Ngày đến", "Số đến", "Tác giả"] and len(header) == 10

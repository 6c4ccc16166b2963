"""`docgen issue` of an electronic copy (PL1-P2 I.3) on SQLite and PostgreSQL: numbered from
the copy stream like a paper copy, registered and filed, but its PDF is the copied pages with the
ô 14 line (copy form; copying agency; signing time) top right of page 1 and the agency's invisible
signature instead of the paper block. `hinh_thuc:` chooses; by default electronic when the profile
signs, paper otherwise."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from docgen.archive import catalogue
from docgen.archive.register import RegisterStore
from docgen.errors import InputError
from docgen.inputs.copy import CopyRequest, load_input
from docgen.inputs.profile import load_profile
from docgen.model.register import BAN_SAO
from docgen.services.archive import check_archive
from docgen.services.filing import INTACT
from docgen.services.issue import issue
from docgen.services.issue_copy import ELECTRONIC_NOTE
from docgen.services.settings import templates_dir
from tests.conftest import FIXED_TODAY, REFERENCE_PROFILE, needs_libreoffice
from tests.integration.test_issue_copy import copy_yaml, issued_original
from tests.integration.test_issue_service import archive_files, signing_profile
from tests.integration.types_support import texts
from tests.support.pdf_text import fragments, page_size

AGENCY = "Ban Quản lý các khu công nghiệp và chế xuất Hà Nội"
O14 = re.compile(
    rf"^SAO Y; {AGENCY}; (?P<time>\d{{4}}-\d{{2}}-\d{{2}}T\d{{2}}:\d{{2}}:\d{{2}}\+07:00)$"
)


def medium(tmp_path: Path, profile: Path, **fields: str) -> bool:
    original = tmp_path / "goc.docx"
    original.write_bytes(b"")  # only its name is read here
    request = load_input(
        copy_yaml(tmp_path / "sao.yaml", original, **fields),
        load_profile(profile),
        today=FIXED_TODAY,
    )
    assert isinstance(request, CopyRequest)
    return request.copy.electronic


def test_the_medium_defaults_to_the_profile_and_is_named_when_wrong(tmp_path: Path) -> None:
    signing, _ = signing_profile(tmp_path)
    assert medium(tmp_path, signing) is True
    assert medium(tmp_path, signing, hinh_thuc="giay") is False
    assert medium(tmp_path, signing, hinh_thuc="dien_tu") is True
    assert medium(tmp_path, REFERENCE_PROFILE) is False
    for value, words in (("dien-tu", "[signing]"), ("email", "giay")):
        with pytest.raises(InputError) as refused:
            medium(tmp_path, REFERENCE_PROFILE, hinh_thuc=value)
        assert refused.value.field == "hinh_thuc" and words in refused.value.one_line()


@pytest.mark.libreoffice
def test_electronic_copy_has_the_o14_line_and_the_agency_signature_not_the_block(
    store: RegisterStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Signed for the deputy head, who has no signature image: an electronic copy shows none."""
    needs_libreoffice()
    from docgen.pdf.verify import verify_pdf

    profile, root_cert = signing_profile(tmp_path)
    monkeypatch.setenv("DOCGEN_SIGN_PASSWORD", "pw")
    root = tmp_path / "archive"
    original = issued_original(store, root)  # 01/BQL-KHTH, unsigned profile
    request = copy_yaml(tmp_path / "c.yaml", original, nguoi_ky="pho-truong-ban", luu=["VP"])
    result = issue(request, profile, archive=root, store=store, templates=templates_dir())

    entry = result.entry
    assert (entry.stream, entry.number_symbol) == (BAN_SAO, "01/SY-BQL")
    assert entry.note == ELECTRONIC_NOTE and entry.holders == ("VT", "VP")
    assert entry.subject.startswith("Sao y Công văn số 01/BQL-KHTH ngày 10/05/2024")
    # the filed DOCX is the copied document as issued: no paper block
    assert result.docx.read_bytes() == original.read_bytes()
    lines = texts(result.docx.read_bytes())
    assert "SAO Y" not in lines and "Số: 01/BQL-KHTH" in lines

    report = verify_pdf(result.pdf, [root_cert])
    assert report.ok, report.all_problems()
    (signature,) = report.signatures
    pages = PdfReader(result.pdf).pages
    for page in pages:  # invisible: no widget with an area anywhere
        for annot in page.get("/Annots", []):
            rect = [float(v) for v in annot.get_object()["/Rect"]]
            assert rect[0] == rect[2] and rect[1] == rect[3]

    width, height = page_size(result.pdf)
    found = [f for f in fragments(result.pdf, 0) if f.text.startswith("SAO Y;")]
    assert len(found) == 1, [f.text for f in fragments(result.pdf, 0)][:5]
    line = found[0]
    match = O14.match(line.text)
    assert match is not None, line.text
    assert match["time"] == signature.signed_at.isoformat()  # the line carries the signing time
    assert line.y > height - 20 * 72 / 25.4  # in the top margin
    assert line.x > width / 4  # right-aligned, ending at the right margin
    for index in range(1, len(pages)):
        assert not any(f.text.startswith("SAO Y") for f in fragments(result.pdf, index))

    files = archive_files(root)
    assert {
        "van-thu/2024/van-ban-di/ban_sao/01-SY-BQL.pdf",
        "don-vi/VP/2024/01-SY-BQL.pdf",
    } <= set(files)
    checked = check_archive(root, store, signatures=True)
    assert checked.ok, checked.problems
    row = catalogue.get(store.db, "di/2024/ban_sao/1")
    assert row is not None and row.signature == INTACT and row.type_name == "Bản sao y"


def test_electronic_copy_without_signing_is_refused_before_a_number(
    store: RegisterStore, tmp_path: Path
) -> None:
    root = tmp_path / "archive"
    original = issued_original(store, root)
    before = archive_files(root)
    request = copy_yaml(tmp_path / "c.yaml", original, hinh_thuc="dien-tu")
    with pytest.raises(InputError) as refused:
        issue(request, REFERENCE_PROFILE, archive=root, store=store, templates=templates_dir())
    assert refused.value.field == "hinh_thuc"
    assert all(e.stream != BAN_SAO for e in store.entries(2024))
    assert archive_files(root) == before

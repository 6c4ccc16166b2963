"""`docgen verify` names what was done to an issued, twice-signed PDF after its signatures: an
incremental update changing page content, an annotation added, a page added — each reported
against every signature it follows, in Vietnamese, and in --json."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from docgen.archive import open_register
from docgen.cli import cli
from docgen.pdf.verify import verify_pdf
from docgen.services.issue import issue
from docgen.services.settings import templates_dir
from tests.conftest import EXAMPLES, FIXED_TODAY, needs_libreoffice
from tests.support.tokens import PIN, PKI_PASSWORD, Tokens

CORRECTED = EXAMPLES / "bql-khth-moi-xet-chon-spcncl-da-sua.yaml"


@pytest.fixture(scope="module")
def signed(tokens: Tokens, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A dispatch issued with the head's token signature and the agency's (real LibreOffice)."""
    needs_libreoffice()
    folder = tmp_path_factory.mktemp("tampering")
    tokens.make("LQL")
    profile = tokens.profile(folder, signer_token="LQL")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DOCGEN_SIGN_PASSWORD", PKI_PASSWORD)
        patch.setenv("DOCGEN_PIN_TRUONG_BAN", PIN)
        store = open_register(folder / "archive", "BQL")
        try:
            result = issue(
                CORRECTED, profile, archive=folder / "archive", store=store,
                templates=templates_dir(), on=FIXED_TODAY,
            )  # fmt: skip
        finally:
            store.close()
    return result.pdf


def _update(src: Path, dst: Path, change: Callable[..., None]) -> Path:
    """`src` with one incremental update made by `change(writer, first_page)`."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    with src.open("rb") as stream:
        writer = IncrementalPdfFileWriter(stream)
        page = writer.root["/Pages"]["/Kids"][0].get_object()
        change(writer, page)
        with dst.open("wb") as out:
            writer.write(out)
    return dst


def _add_content(writer: object, page: object) -> None:
    from pyhanko.pdf_utils import generic

    stream = generic.StreamObject(stream_data=b"BT /F1 24 Tf 100 100 Td (BAN SUA) Tj ET")
    ref = writer.add_object(stream)  # type: ignore[attr-defined]
    old = page.raw_get("/Contents")  # type: ignore[attr-defined]
    items = list(old.get_object()) if isinstance(old.get_object(), generic.ArrayObject) else [old]
    page[generic.NameObject("/Contents")] = generic.ArrayObject([*items, ref])  # type: ignore[index]
    writer.update_container(page)  # type: ignore[attr-defined]


def _add_annotation(writer: object, page: object) -> None:
    from pyhanko.pdf_utils import generic

    n = generic.NameObject
    note = generic.DictionaryObject(
        {
            n("/Type"): n("/Annot"),
            n("/Subtype"): n("/Text"),
            n("/Rect"): generic.ArrayObject([generic.FloatObject(v) for v in (50, 50, 80, 80)]),
            n("/Contents"): generic.TextStringObject("đã duyệt"),
        }
    )
    ref = writer.add_object(note)  # type: ignore[attr-defined]
    annots = page.get("/Annots")  # type: ignore[attr-defined]
    if annots is None:
        page[n("/Annots")] = generic.ArrayObject([ref])  # type: ignore[index]
    else:
        annots.append(ref)
        raw = page.raw_get("/Annots")  # type: ignore[attr-defined]
        if isinstance(raw, generic.IndirectObject):
            writer.mark_update(raw)  # type: ignore[attr-defined]
    writer.update_container(page)  # type: ignore[attr-defined]


def _add_page(writer: object, page: object) -> None:
    from pyhanko.pdf_utils import generic

    n = generic.NameObject
    pages = writer.root["/Pages"]  # type: ignore[attr-defined]
    blank = generic.DictionaryObject(
        {
            n("/Type"): n("/Page"),
            n("/Parent"): writer.root.raw_get("/Pages"),  # type: ignore[attr-defined]
            n("/MediaBox"): generic.ArrayObject(
                [generic.NumberObject(v) for v in (0, 0, 595, 842)]
            ),
        }
    )
    ref = writer.add_object(blank)  # type: ignore[attr-defined]
    pages["/Kids"].append(ref)
    pages[n("/Count")] = generic.NumberObject(int(pages["/Count"]) + 1)
    writer.update_container(pages)  # type: ignore[attr-defined]


@pytest.mark.libreoffice
@pytest.mark.parametrize(
    ("change", "phrase"),
    [
        (_add_content, "nội dung trang 1 bị thay đổi"),
        (_add_annotation, "thêm ghi chú ở trang 1"),
        (_add_page, "thêm 1 trang"),
    ],
    ids=["content", "annotation", "page"],
)
def test_a_change_after_the_agency_signature_is_named(
    signed: Path, tokens: Tokens, tmp_path: Path, change: Callable[..., None], phrase: str
) -> None:
    tampered = _update(signed, tmp_path / "sua.pdf", change)
    report = verify_pdf(tampered, [tokens.pki.root_cert])
    assert not report.ok
    # both signatures are still intact (their bytes are), both are followed by the change
    assert all(s.intact and s.modified_after for s in report.signatures)
    assert all(phrase in s.changes for s in report.signatures)
    assert all(phrase in p for p in report.all_problems())
    result = CliRunner().invoke(
        cli, ["verify", str(tampered), "--trust", str(tokens.pki.root_cert)]
    )
    assert result.exit_code != 0
    assert f"bị sửa sau chữ ký này: {phrase}" in result.output
    data = json.loads(
        CliRunner()
        .invoke(cli, ["verify", str(tampered), "--trust", str(tokens.pki.root_cert), "--json"])
        .output
    )
    assert [phrase in s["changes"] for s in data[0]["signatures"]] == [True, True]


@pytest.mark.libreoffice
def test_the_untouched_document_reports_both_signatures_in_order(
    signed: Path, tokens: Tokens
) -> None:
    result = CliRunner().invoke(cli, ["verify", str(signed), "--trust", str(tokens.pki.root_cert)])
    assert result.exit_code == 0, result.output
    first = result.output.index("1. Chữ ký 'ChuKySoNguoiKy' của: Lê Quang Long")
    second = result.output.index("2. Chữ ký 'ChuKySoCoQuan'")
    assert first < second
    assert "cơ quan, tổ chức: Ban Quản lý thử" in result.output
    assert result.output.count("bị sửa sau chữ ký này: không") == 2
    assert "tình trạng thu hồi: chưa kiểm tra" in result.output
    assert "Kết luận: HỢP LỆ" in result.output

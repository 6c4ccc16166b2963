"""What `docgen receive` files and stamps: the bản nhận gốc (the PDF exactly as received) under its
new name, archives holding the old `-nhan.pdf` name still checked, backed up and restored, and the
ĐẾN stamp's "Số và ký hiệu HS" left blank to write in (both backends)."""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Callable
from pathlib import Path

import pikepdf
import pytest
from pypdf import PdfReader

from docgen.archive import open_register
from docgen.archive.register import RegisterStore
from docgen.inputs.profile import load_profile
from docgen.services import incoming
from docgen.services.archive import check_archive, export_archive, import_archive
from docgen.services.incoming import AS_RECEIVED, AS_RECEIVED_OLD, receive
from tests.conftest import REFERENCE_PROFILE
from tests.integration.conftest import FixedClock
from tests.integration.test_filing_external import plain_pdf, signed_pdf

DEN = "van-thu/2024/van-ban-den"


def test_the_den_stamp_leaves_the_ho_so_field_blank(store: RegisterStore, tmp_path: Path) -> None:
    agency = load_profile(REFERENCE_PROFILE)
    root = tmp_path / "archive"
    got = receive(
        plain_pdf(tmp_path / "a.pdf", text="Công văn số 88/UBND-KT"), archive=root, store=store,
        agency=agency, sender="UBND quận Hà Đông", notation="88/UBND-KT",
        date=dt.date(2024, 5, 2), to="KHTH",
    )  # fmt: skip
    text = PdfReader(io.BytesIO(got.stamped.read_bytes())).pages[0].extract_text()
    assert "Số và ký hiệu HS:" in text and "Chuyển: KHTH" in text and "VT.DEN" not in text
    # the metadata's FileNotation still names the records office's incoming series
    meta = json.loads((root / DEN / "0001-88-UBND-KT.json").read_text("utf-8"))
    assert meta["FileCode"]["FileNotation"] == "VT.DEN"
    pdf, _trust = signed_pdf(tmp_path)
    signed = receive(
        pdf, archive=root, store=store, agency=agency, sender="Sở Công Thương",
        notation="1744/HD-SCT", date=dt.date(2023, 4, 14),
    )  # fmt: skip
    with pikepdf.open(signed.stamped) as doc:
        (annotation,) = [a for a in doc.pages[0].Annots if a.Subtype == "/Stamp"]
        contents = str(annotation.Contents)
    assert contents.endswith("Chuyển:; Số và ký hiệu HS:") and "VT.DEN" not in contents


def test_the_as_received_file_is_named_for_a_clerk(store: RegisterStore, tmp_path: Path) -> None:
    source = plain_pdf(tmp_path / "a.pdf", text="Hướng dẫn")
    got = receive(
        source, archive=tmp_path / "archive", store=store,
        agency=load_profile(REFERENCE_PROFILE), sender="Sở Công Thương",
        notation="1744/HD-SCT", date=dt.date(2023, 4, 14),
    )  # fmt: skip
    assert (
        got.as_received.name
        == "0001-1744-HD-SCT-ban-nhan-goc.pdf"
        == f"0001-1744-HD-SCT{AS_RECEIVED}"
    )
    assert got.as_received.read_bytes() == source.read_bytes()
    assert got.stamped.read_bytes() != source.read_bytes()
    assert sorted(got.entry.files) == [
        "0001-1744-HD-SCT-ban-nhan-goc.pdf",
        "0001-1744-HD-SCT.json",
        "0001-1744-HD-SCT.pdf",
    ]


def test_an_archive_with_the_old_name_still_checks_exports_and_imports(
    open_store: Callable[..., RegisterStore],
    tmp_path: Path,
    database_url: str | None,
    clock: FixedClock,
    request: pytest.FixtureRequest,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    store = open_store()
    agency = load_profile(REFERENCE_PROFILE)
    root = tmp_path / "archive"
    with monkeypatch.context() as old:  # an archive made before the file was renamed
        old.setattr(incoming, "AS_RECEIVED", AS_RECEIVED_OLD)
        receive(
            plain_pdf(tmp_path / "a.pdf", text="Hướng dẫn"), archive=root, store=store,
            agency=agency, sender="Sở Công Thương", notation="1744/HD-SCT",
            date=dt.date(2023, 4, 14), to="KHTH",
        )  # fmt: skip
    receive(
        plain_pdf(tmp_path / "b.pdf", text="Công văn"), archive=root, store=store,
        agency=agency, sender="UBND quận Hà Đông", notation="88/UBND-KT",
        date=dt.date(2024, 5, 2),
    )  # fmt: skip
    names = sorted(p.name for p in (root / DEN).glob("*.pdf"))
    assert names == [
        "0001-1744-HD-SCT-nhan.pdf",
        "0001-1744-HD-SCT.pdf",
        "0002-88-UBND-KT-ban-nhan-goc.pdf",
        "0002-88-UBND-KT.pdf",
    ]
    report = check_archive(root, store)
    assert report.problems == () and report.documents == 2
    tar = tmp_path / "kho.tar"
    export_archive(root, store, tar)
    target = tmp_path / "moved"
    url = request.getfixturevalue("pg_cluster").create_database() if database_url else None
    with open_register(target, "BQL", database_url=url, clock=clock) as moved:
        import_archive(tar, target, moved)
        assert check_archive(target, moved).problems == ()
    assert sorted(p.name for p in (target / DEN).glob("*.pdf")) == names
    # a file of the old name that is removed is still missed by name
    (root / DEN / "0001-1744-HD-SCT-nhan.pdf").unlink()
    (problem,) = check_archive(root, store).problems
    assert problem.line().startswith(f"{DEN}/0001-1744-HD-SCT-nhan.pdf: thiếu tệp")

"""The forms of records management through the real LibreOffice (issue 18): a closed file's cover
(bìa hồ sơ) and contents list (mục lục văn bản, PL5 columns, the closing note with counts in
words), and the transfer's mục lục hồ sơ and biên bản giao nhận, as PDF text; the DOCX are the
same bytes for the same facts."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from docgen.archive import open_register
from docgen.archive.records_forms import Header, contents_docx
from docgen.archive.transfer import unpack
from docgen.inputs.profile import load_profile
from docgen.services import records
from docgen.services.records_close import CONTENTS, COVER, close, lines_of
from docgen.services.records_transfer import transfer
from tests.conftest import REFERENCE_PROFILE, needs_libreoffice
from tests.integration.conftest import FixedClock
from tests.support.records_year import (
    documents,
    file_document,
    pdf_bytes,
    write_plan,
)

pytestmark = pytest.mark.libreoffice
AGENCY = load_profile(REFERENCE_PROFILE)


def _text(data: bytes, tmp: Path) -> str:
    path = tmp / "x.pdf"
    path.write_bytes(data)
    text = "\n".join(page.extract_text() for page in PdfReader(path).pages)
    return re.sub(r"\s+", " ", text)


def test_cover_contents_and_transfer_forms(tmp_path: Path) -> None:
    needs_libreoffice()
    clock = FixedClock(dt.datetime(2025, 12, 31, 2, 0, tzinfo=dt.UTC))
    root = tmp_path / "archive"
    with open_register(root, "BQL", clock=clock) as store:
        records.import_plan(store, AGENCY, 2025, write_plan(tmp_path / "dmhs.xlsx", AGENCY))
        docs = [d for d in documents() if d.target == "03"][:3]
        docs += [d for d in documents() if d.target == "03" and d.direction == "den"][:2]
        for index, doc in enumerate(docs):
            row = file_document(store, root, AGENCY, doc, pdf_bytes(doc, index), 1744 + index)
            records.assign(store, root, row.doc_id, "2025.03.KHTH")
        clock.now = dt.datetime(2026, 1, 5, 2, 0, tzinfo=dt.UTC)
        done = close(store, root, AGENCY, "2025.03.KHTH", end=dt.date(2025, 12, 31), note="Đủ")
        pages = sum(d.pages for d in docs)
        assert done.hoso.pages == pages and done.hoso.documents == 5
        cover = _text((root / done.hoso.folder / f"{COVER}.pdf").read_bytes(), tmp_path)
        for expected in (
            "BAN QUẢN LÝ CÁC KHU CÔNG NGHIỆP",
            "PHÒNG KẾ HOẠCH TỔNG HỢP",
            "Mã hồ sơ: 2025.03.KHTH",
            "HỒ SƠ",
            "Công văn trao đổi về công tác quy hoạch, kế hoạch, thống kê",
            "Thời hạn bảo quản: 10 năm",
            f"Gồm 5 văn bản, {pages} trang",
        ):
            assert expected in cover, (expected, cover)
        contents = _text((root / done.hoso.folder / f"{CONTENTS}.pdf").read_bytes(), tmp_path)
        assert "MỤC LỤC VĂN BẢN, TÀI LIỆU" in contents and "CHỨNG TỪ KẾT THÚC" in contents
        assert "Tên loại và trích yếu nội dung văn bản" in contents
        assert "viết bằng chữ: Năm văn bản" in contents, contents
        squeezed = contents.replace(" ", "")  # a notation may wrap inside its cell
        for entry in done.view.entries:
            assert entry.row is not None and entry.row.notation in squeezed
        # The same facts, the same DOCX bytes.
        header = Header(AGENCY.parent, AGENCY.name, "Phòng Kế hoạch tổng hợp")
        again = contents_docx(header, done.hoso, lines_of(done.view))
        assert again == contents_docx(header, done.hoso, lines_of(done.view))
        assert (root / done.hoso.folder / f"{CONTENTS}.docx").read_bytes() == again

        package = tmp_path / "nop-luu.tar"
        sent = transfer(
            store, root, AGENCY, year=2025, unit="KHTH", out=package, on=dt.date(2026, 1, 5),
            giver="Nguyễn Văn A", receiver="Trần Thị B",
        )  # fmt: skip
        assert [f.notation for f in sent.files] == ["2025.03.KHTH"]
        members, _ = unpack(package.read_bytes(), str(package))
        listing = _text(members["muc-luc-ho-so.pdf"], tmp_path)
        assert "MỤC LỤC HỒ SƠ, TÀI LIỆU NỘP LƯU" in listing and "2025.03.KHTH" in listing
        assert "Viết bằng chữ: Một hồ sơ" in listing
        record = _text(members["bien-ban-giao-nhan.pdf"], tmp_path)
        for expected in (
            "BIÊN BẢN",
            "Về việc giao nhận hồ sơ, tài liệu",
            "BÊN GIAO",
            "Nguyễn Văn A",
            "Trần Thị B",
            "1 hồ sơ",
            "5 văn bản",
        ):
            assert expected in record, (expected, record)
        assert json.loads(members["nop-luu.json"])["documents"] == 5

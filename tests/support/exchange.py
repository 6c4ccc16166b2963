"""Packages for the exchange tests: a sample document header, and the pieces to assemble a
package by hand (a hostile one: the builder of docgen would never write it)."""

from __future__ import annotations

import base64
import datetime as dt
from dataclasses import replace
from pathlib import Path

from docgen.edxml import names
from docgen.edxml.build import content_id, document_envelope
from docgen.model.exchange import (
    Attachment,
    DocumentRef,
    Header,
    Organ,
    Package,
    Trace,
    document_id,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "exchange"
#: the example profile's agency (examples/bql-hanoi, with its commented code) and the second
#: profile's (tests/fixtures/exchange/so-khdt.toml)
BQL = Organ("000.00.00.H26", "BAN QUẢN LÝ CÁC KHU CÔNG NGHIỆP VÀ CHẾ XUẤT HÀ NỘI")
SKHDT = Organ("000.00.01.H26", "SỞ KẾ HOẠCH VÀ ĐẦU TƯ THÀNH PHỐ HÀ NỘI")
SECOND_PROFILE = FIXTURES / "so-khdt.toml"
PDF = b"%PDF-1.7\n% a stand-in: the edxml layer does not read PDFs\n%%EOF\n"


def sample_header(**changes: object) -> Header:
    date = dt.date(2024, 5, 10)
    header = Header(
        document_id=document_id(BQL.code, date, "05/QĐ-BQL"),
        sender=BQL,
        receivers=(SKHDT, Organ("000.00.02.H26", "Sở Công Thương")),
        number=5,
        symbol="QĐ-BQL",
        place="Hà Nội",
        date=date,
        type_name="Quyết định",
        subject="về việc giao chỉ tiêu thu hút đầu tư năm 2024 & các năm sau <dự kiến>",
        signer_name="Nguyễn Văn Ngân",
        signer_position="PHÓ TRƯỞNG BAN",
        competence="KT. TRƯỞNG BAN",
        due_date=dt.date(2024, 5, 31),
        urgency="THƯỢNG KHẨN",
        steering=1,
        responds_to=(DocumentRef(SKHDT.code, "12/SKHĐT-THQH", dt.date(2024, 4, 2), "x,y,12"),),
        pages=3,
        copies=5,
        to_places=("Như Điều 3;", "Lưu: VT, KHTH."),
        appendices=("05-QĐ-BQL-phu-luc-I.pdf",),
        traces=(Trace(BQL.code, dt.datetime(2024, 5, 10, 9, 30, 5)),),
    )
    return replace(header, **changes)  # type: ignore[arg-type]


def sample_package(**changes: object) -> Package:
    return Package(
        sample_header(**changes),
        (
            Attachment("05-QĐ-BQL.pdf", names.PDF, PDF, "Văn bản"),
            Attachment("05-QĐ-BQL-phu-luc-I.pdf", names.PDF, PDF + b"appendix", "Phụ lục"),
        ),
    )


def envelope_xml(package: Package) -> bytes:
    from lxml import etree

    data: bytes = etree.tostring(document_envelope(package), xml_declaration=True, encoding="UTF-8")
    return data


def mime(
    xml: bytes,
    parts: list[tuple[str, str, bytes]] = (),  # type: ignore[assignment]
    *,
    root_headers: str = "Content-Type: text/xml; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit",
    closed: bool = True,
    encode: bool = True,
) -> bytes:
    """A multipart/related package of the XML part `xml` and `parts` (Content-ID, type, bytes),
    assembled by hand."""
    boundary = "=_test_boundary"
    out = [
        (
            "MIME-Version: 1.0\r\n"
            f'Content-Type: multipart/related; boundary="{boundary}"; type="text/xml"\r\n\r\n'
            f"--{boundary}\r\n{root_headers}\r\nContent-ID: <{names.ROOT_ID}>\r\n\r\n"
        ).encode("ascii")
        + xml
        + b"\r\n"
    ]
    for cid, content_type, data in parts:
        body = base64.encodebytes(data) if encode else data
        out.append(
            (
                f"--{boundary}\r\nContent-Type: {content_type}\r\n"
                f"Content-Transfer-Encoding: base64\r\nContent-ID: <{cid}>\r\n\r\n"
            ).encode("ascii")
            + body
        )
    if closed:
        out.append(f"--{boundary}--\r\n".encode("ascii"))
    return b"".join(out)


def parts_of(package: Package) -> list[tuple[str, str, bytes]]:
    """The files of `package` as `mime` takes them, under the Content-IDs its envelope names."""
    return [
        (content_id(package.header.document_id, i), a.content_type, a.data)
        for i, a in enumerate(package.attachments, 1)
    ]


def with_xml(package: Package, edit: object) -> bytes:
    """The package with its XML part changed by `edit` (bytes -> bytes)."""
    assert callable(edit)
    return mime(edit(envelope_xml(package)), parts_of(package))

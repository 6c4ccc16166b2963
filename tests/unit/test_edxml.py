"""edXML packages (docgen.edxml): what docgen writes follows the schema and reads back equal, and
what a hostile or broken sender writes is refused with one Vietnamese sentence saying why."""

from __future__ import annotations

import base64
import datetime as dt
import re
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from lxml import etree

from docgen.edxml import names
from docgen.edxml.build import (
    build_package,
    build_status,
    content_id,
    document_envelope,
    status_envelope,
)
from docgen.edxml.parse import read
from docgen.edxml.safe import MB, Limits, split_mime, xml_parser
from docgen.edxml.schema import DOCUMENT, SCHEMAS, STATUS, problems, schema
from docgen.errors import InputError
from docgen.model.exchange import (
    Attachment,
    ExchangeStatus,
    Organ,
    Package,
    StatusMessage,
)
from tests.support.exchange import (
    BQL,
    PDF,
    SKHDT,
    envelope_xml,
    mime,
    parts_of,
    sample_header,
    sample_package,
    with_xml,
)

LIMITS = Limits()


def refused(data: bytes, match: str, limits: Limits = LIMITS) -> InputError:
    with pytest.raises(InputError, match=match) as caught:
        read(data, limits, "goi-tin.edxml")
    error = caught.value
    assert error.source == "goi-tin.edxml" and "\n" not in error.one_line()
    return error


def status() -> StatusMessage:
    return StatusMessage(
        sample_header().reference,
        SKHDT,
        ExchangeStatus.DANG_XU_LY,
        dt.datetime(2024, 5, 12, 14, 0, 0),
        "Đã giao Phòng Đăng ký kinh doanh",
        "Phòng Đăng ký kinh doanh",
        "Lê Thị Hoa",
    )


# -- what docgen writes --------------------------------------------------------------------


def test_every_schema_compiles_from_its_files_alone() -> None:
    for name in (DOCUMENT, STATUS):
        assert schema(name) is not None
    locations = [
        found
        for path in SCHEMAS.glob("*.xsd")
        for found in re.findall(r'schemaLocation="([^"]+)"', path.read_text("utf-8"))
    ]
    assert locations and all((SCHEMAS / found).is_file() for found in locations)  # never fetched


def test_a_package_reads_back_equal_field_by_field() -> None:
    package = sample_package()
    data = build_package(package)
    assert data.startswith(b"MIME-Version: 1.0\r\nContent-Type: multipart/related;")
    got = read(data, LIMITS, "x.edxml")
    assert got == package
    assert isinstance(got, Package)
    assert got.header.notation == "05/QĐ-BQL" and got.header.urgency == "THƯỢNG KHẨN"


def test_the_same_package_gives_the_same_bytes_and_another_gives_others() -> None:
    assert build_package(sample_package()) == build_package(sample_package())
    assert build_package(sample_package()) != build_package(sample_package(subject="khác"))


def test_the_envelope_follows_the_schema_and_breaking_it_is_seen() -> None:
    root = document_envelope(sample_package())
    assert problems(root, DOCUMENT) == []
    subject = root.find(f".//{{{names.NS}}}{names.SUBJECT}")
    subject.getparent().remove(subject)
    assert any("Subject" in p for p in problems(root, DOCUMENT))


def test_a_status_message_reads_back_equal_and_follows_its_own_schema() -> None:
    message = status()
    assert problems(status_envelope(message), STATUS) == []
    assert problems(status_envelope(message), DOCUMENT) != []  # each kind its own schema
    assert read(build_status(message), LIMITS, "tt.edxml") == message


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"subject": "x" * 501}, "Subject"),
        ({"sender": Organ("000.00.00.H26.DAI.QUA", "Ban")}, "OrganId"),
        ({"signer_name": "Nguyễn " * 10}, "FullName"),
        ({"pages": 1000}, "PageAmount"),
    ],
)
def test_a_header_the_schema_refuses_is_never_written(
    changes: dict[str, object], field: str
) -> None:
    with pytest.raises(InputError, match=f"lược đồ.*{field}"):
        build_package(sample_package(**changes))


def test_a_package_without_files_is_not_written() -> None:
    with pytest.raises(InputError, match="ít nhất một tệp"):
        build_package(Package(sample_header(), ()))


text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=60
).filter(lambda s: s.strip() == s and s.strip())


@settings(max_examples=40, deadline=None)
@given(subject=text, name=text, place=st.lists(text, max_size=3), data=st.binary(max_size=2000))
@example(subject='Tổng hợp ý kiến <góp ý> & "đề xuất" ]]>', name="Đỗ Thị Ánh", place=[], data=b"")
def test_any_text_and_bytes_travel_unchanged(
    subject: str, name: str, place: list[str], data: bytes
) -> None:
    package = Package(
        sample_header(subject=subject, signer_name=name[:50], to_places=tuple(place)),
        (Attachment("van-ban.pdf", names.PDF, PDF + data),),
    )
    assert read(build_package(package), LIMITS, "x") == package


# -- hostile packages -------------------------------------------------------------------------

XXE = b"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE e [<!ENTITY secret SYSTEM "file:///etc/hostname">]>
<edXML:edXMLEnvelope xmlns:edXML="http://www.mic.gov.vn/TBT/QCVN_102_2016">&secret;</edXML:edXMLEnvelope>
"""

LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [\n<!ENTITY lol "lol">\n'
    + b"".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n'.encode()
        for i in range(1, 10)
    )
    + b']>\n<edXML:edXMLEnvelope xmlns:edXML="http://www.mic.gov.vn/TBT/QCVN_102_2016">'
    b"&lol9;</edXML:edXMLEnvelope>"
)


def test_xxe_an_external_entity_is_refused_and_nothing_is_read() -> None:
    error = refused(mime(XXE), "DOCTYPE/ENTITY.*XXE")
    assert "etc" not in error.message  # the file named is neither read nor quoted


def test_xxe_the_parser_itself_resolves_nothing_when_handed_a_dtd() -> None:
    # Beneath the refusal: docgen's parser settings alone leave the entity a bare reference.
    root = etree.fromstring(XXE, xml_parser())
    assert "".join(root.itertext()) == "&secret;"
    hostname = Path("/etc/hostname")
    if hostname.is_file() and hostname.read_text().strip():
        assert hostname.read_text().strip() not in etree.tostring(root).decode()


def test_billion_laughs_is_refused_before_any_expansion() -> None:
    refused(mime(LAUGHS), "bom thực thể")
    # and docgen's parser alone would not expand it either: libxml2's limits stay on
    with pytest.raises(etree.XMLSyntaxError, match="amplification"):
        etree.fromstring(LAUGHS, xml_parser())


def test_an_entity_declared_in_an_internal_subset_without_doctype_word_case_is_refused() -> None:
    sneaky = XXE.replace(b"<!DOCTYPE", b"<!doctype")
    refused(mime(sneaky), "DOCTYPE/ENTITY")


def test_a_package_above_the_size_limit_is_refused_before_parsing() -> None:
    big = build_package(sample_package())
    error = refused(big, r"gói tin lớn \d+ KB, quá giới hạn 1 KB", Limits(1000, 10 * MB))
    assert "max_package_mb" in error.message


def test_a_huge_attachment_is_refused_by_its_own_limit() -> None:
    package = Package(
        sample_header(), (Attachment("van-ban.pdf", names.PDF, PDF + b"\0" * 300_000),)
    )
    refused(build_package(package), "lớn hơn giới hạn 0.25 MB", Limits(10 * MB, MB // 4))


@pytest.mark.parametrize(
    "name",
    [
        "../../../etc/passwd",  # outside-repo-ok: a traversal the package must be refused for
        "/etc/passwd",
        "van-thu\\2024\\x.pdf",
        ".bashrc",
        "tệp\x7f.pdf",
        "tệp\x01.pdf",
        "a/b.pdf",
        "C:x.pdf",
    ],
)
def test_path_traversal_in_an_attachment_name_is_refused(name: str) -> None:
    package = sample_package()
    escaped = "".join(c if c.isprintable() else f"&#{ord(c)};" for c in name)

    def rename(xml: bytes) -> bytes:
        good = f">{package.attachments[0].name}<".encode()
        return xml.replace(good, f">{escaped}<".encode(), 1)

    error = refused(with_xml(package, rename), "tên tệp đính kèm|XML của gói tin hỏng")
    # a control character XML itself forbids never gets as far as the name check
    assert "đường dẫn" in error.message or ("hỏng" in error.message and "\x01" in name)


def test_utf16_xml_is_refused() -> None:
    xml = envelope_xml(sample_package()).decode().replace("UTF-8", "UTF-16").encode("utf-16")
    refused(mime(xml, parts_of(sample_package())), "UTF-8")


def test_xml_declared_latin1_is_refused() -> None:
    xml = envelope_xml(sample_package()).replace(b"encoding='UTF-8'", b"encoding='ISO-8859-1'")
    refused(mime(xml, parts_of(sample_package())), "khai bảng mã ISO-8859-1")


def test_bytes_that_are_not_utf8_are_refused() -> None:
    xml = envelope_xml(sample_package()).replace("Hà".encode(), "Hà".encode("latin-1"))
    refused(mime(xml, parts_of(sample_package())), "không phải chữ UTF-8")


def test_a_mime_part_in_another_charset_is_refused() -> None:
    headers = "Content-Type: text/xml; charset=windows-1258\r\nContent-Transfer-Encoding: 8bit"
    xml = envelope_xml(sample_package())
    refused(mime(xml, parts_of(sample_package()), root_headers=headers), "windows-1258")


def test_malformed_xml_is_refused_with_its_line() -> None:
    xml = envelope_xml(sample_package())
    refused(mime(xml[: len(xml) // 2], parts_of(sample_package())), r"XML của gói tin hỏng \(dòng")


def test_a_file_that_is_not_a_mime_package_is_refused() -> None:
    refused(envelope_xml(sample_package()), "không phải gói tin edXML")
    refused(b"%PDF-1.7 a pdf sent as a package", "không phải gói tin edXML")


def test_a_package_cut_short_is_refused() -> None:
    data = mime(envelope_xml(sample_package()), parts_of(sample_package()), closed=False)
    refused(data, r"gói tin MIME hỏng \(CloseBoundaryNotFoundDefect\)")


def test_broken_base64_is_refused() -> None:
    parts = [
        (cid, kind, b"%%%% not base64 @@@@\r\n") for cid, kind, _ in parts_of(sample_package())
    ]
    data = mime(envelope_xml(sample_package()), parts, encode=False)
    refused(data, "mã hóa hỏng")


def test_a_file_listed_but_missing_or_present_but_unlisted_is_refused() -> None:
    package = sample_package()
    xml = envelope_xml(package)
    parts = parts_of(package)
    refused(mime(xml, parts[:1]), "không có tệp đó")
    extra = (*parts, ("la@x", names.PDF, PDF))
    refused(mime(xml, list(extra)), "không được kê")


def test_a_file_whose_type_differs_from_the_manifest_is_refused() -> None:
    package = sample_package()
    parts = [(cid, "text/html", data) for cid, _, data in parts_of(package)]
    refused(mime(envelope_xml(package), parts), "kiểu text/html khác")


def test_two_files_of_one_name_are_refused() -> None:
    package = sample_package()
    twins = (
        package.attachments[0],
        replace(package.attachments[1], name=package.attachments[0].name),
    )
    refused(build_package(replace(package, attachments=twins)), "cùng tên")


def test_an_envelope_that_breaks_the_schema_is_refused() -> None:
    package = sample_package()

    def drop_id(xml: bytes) -> bytes:
        return re.sub(rb"<edXML:DocumentId>[^<]*</edXML:DocumentId>", b"", xml)

    error = refused(with_xml(package, drop_id), "lược đồ edXML")
    assert "DocumentId" in error.message and "{http" not in error.message


def test_a_date_not_on_the_calendar_is_refused() -> None:
    def feb30(xml: bytes) -> bytes:
        return xml.replace(
            b"2024/05/10</edXML:PromulgationDate>", b"2024/02/30</edXML:PromulgationDate>", 1
        )

    refused(with_xml(sample_package(), feb30), "không có trên lịch")


def test_an_unknown_status_code_is_refused_by_the_status_schema() -> None:
    data = build_status(status())
    xml, _ = split_mime(data, LIMITS, "x")
    refused(mime(xml.replace(b">05<", b">13<")), "lược đồ edXML \\(status.xsd\\)")


def test_a_content_id_is_ascii_whatever_the_symbol() -> None:
    cid = content_id("000.00.00.H26,2024/05/10,05/QĐ-BQL", 1)
    assert cid.isascii() and cid.startswith("tep-1.")


def test_the_xml_part_is_readable_text(tmp_path: Path) -> None:
    data = build_package(sample_package())
    xml, files = split_mime(data, LIMITS, "x")
    assert "Nguyễn Văn Ngân".encode() in xml and len(files) == 2
    assert base64.b64encode(PDF)[:20] in data  # the files travel base64-encoded
    assert BQL.code.encode() in xml

"""Writing a document package or a status message: model in, the package's bytes out.

A package is a MIME `multipart/related` message (the SOAP-messages-with-attachments form of the
regulation's ebXML base): its first part is the edXML envelope (header and manifest), each file a
base64 part that the manifest references by `cid:`. The same input gives the same bytes (the
boundary and the Content-IDs are digests, the timestamps come from the header), and the XML is
checked against its schema before anything is returned.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
from typing import Any

from lxml import etree  # type: ignore[import-untyped]  # no stubs installed
from lxml.builder import ElementMaker  # type: ignore[import-untyped]

from docgen.edxml import names as n
from docgen.edxml.schema import DOCUMENT, STATUS, problems
from docgen.errors import InputError
from docgen.model.exchange import PRIORITY, DocumentRef, Header, Organ, Package, StatusMessage

_E = ElementMaker(namespace=n.NS, nsmap={n.PREFIX: n.NS, "xlink": n.XLINK})


def _day(value: dt.date) -> str:
    return value.strftime(n.DATE_FORMAT)


def _instant(value: dt.datetime) -> str:
    return value.strftime(n.TIMESTAMP_FORMAT)


def _organ(tag: str, organ: Organ) -> Any:
    return _E(tag, _E(n.ORGAN_ID, organ.code), _E(n.ORGAN_NAME, organ.name))


def _ref(tag: str, ref: DocumentRef) -> Any:
    return _E(
        tag,
        _E(n.ORGAN_ID, ref.organ_id),
        _E(n.CODE, ref.notation),
        _E(n.PROMULGATION_DATE, _day(ref.date)),
        _E(n.DOCUMENT_ID, ref.document_id),
    )


def content_id(document_id: str, index: int) -> str:
    """The Content-ID of the `index`-th file (1-based) of the package of `document_id`: ASCII
    whatever the symbol holds (`QĐ`)."""
    digest = hashlib.sha256(document_id.encode("utf-8")).hexdigest()[:16]
    return f"tep-{index}.{digest}@docgen"


def _message_header(header: Header) -> Any:
    other = [
        _E(n.PRIORITY, str(PRIORITY.get(header.urgency, 0))),
        _E(n.PROMULGATION_AMOUNT, str(header.copies)),
        _E(n.PAGE_AMOUNT, str(header.pages)),
    ]
    if header.appendices:
        other.append(_E(n.APPENDIXES, *(_E(n.APPENDIX, a) for a in header.appendices)))
    parts = [
        _organ(n.FROM, header.sender),
        *(_organ(n.TO, organ) for organ in header.receivers),
        _E(n.CODE, _E(n.CODE_NUMBER, f"{header.number:02d}"), _E(n.CODE_NOTATION, header.symbol)),
        _E(
            n.PROMULGATION_INFO,
            _E(n.PLACE, header.place),
            _E(n.PROMULGATION_DATE, _day(header.date)),
        ),
        _E(n.DOCUMENT_TYPE, _E(n.TYPE, str(header.type_code)), _E(n.TYPE_NAME, header.type_name)),
        _E(n.SUBJECT, header.subject),
        _E(
            n.SIGNER_INFO,
            _E(n.COMPETENCE, header.competence),
            _E(n.POSITION, header.signer_position),
            _E(n.FULL_NAME, header.signer_name),
        ),
    ]
    if header.due_date is not None:
        parts.append(_E(n.DUE_DATE, _day(header.due_date)))
    parts += [
        _E(n.TO_PLACES, *(_E(n.PLACE, place) for place in header.to_places)),
        _E(n.OTHER_INFO, *other),
        *(_ref(n.RESPONSE_FOR, ref) for ref in header.responds_to),
        _E(n.STEERING_TYPE, str(header.steering)),
        _E(n.DOCUMENT_ID, header.document_id),
    ]
    return _E(n.MESSAGE_HEADER, *parts)


def document_envelope(package: Package) -> Any:
    """The edXML envelope (the XML part) of `package`, as an lxml element."""
    header = package.header
    traces = [
        _E(n.TRACE_HEADER, _E(n.ORGAN_ID, t.organ_id), _E(n.TIMESTAMP, _instant(t.at)))
        for t in header.traces
    ]
    references = []
    for index, attachment in enumerate(package.attachments, 1):
        reference = _E(n.REFERENCE, _E(n.ATTACHMENT_NAME, attachment.name))
        if attachment.description:
            reference.append(_E(n.DESCRIPTION, attachment.description))
        reference.append(_E(n.CONTENT_TYPE, attachment.content_type))
        reference.set(f"{{{n.XLINK}}}{n.HREF}", f"cid:{content_id(header.document_id, index)}")
        reference.set(f"{{{n.XLINK}}}{n.XLINK_TYPE}", "simple")
        references.append(reference)
    return _E(
        n.ENVELOPE,
        _E(n.HEADER, _message_header(header), _E(n.TRACE_HEADER_LIST, *traces)),
        _E(n.BODY, _E(n.MANIFEST, *references)),
    )


def status_envelope(message: StatusMessage) -> Any:
    """The edXML envelope of a status message, as an lxml element."""
    status = _E(
        n.STATUS,
        _ref(n.RESPONSE_FOR, message.responds_to),
        _organ(n.FROM, message.sender),
        _E(n.STATUS_CODE, message.status.value),
        _E(n.DESCRIPTION, message.description),
        _E(n.TIMESTAMP, _instant(message.at)),
        _E(n.STAFF_INFO, _E(n.DEPARTMENT, message.department), _E(n.STAFF, message.staff)),
    )
    return _E(n.ENVELOPE, _E(n.HEADER, status), _E(n.BODY))


def _xml(root: Any, schema_name: str) -> bytes:
    found = problems(root, schema_name)
    if found:
        raise InputError(
            f"không lập được gói tin edXML đúng lược đồ ({schema_name}): {found[0]}",
            hint="sửa trường đó trong văn bản hoặc hồ sơ cơ quan (độ dài, mã định danh) rồi "
            "chạy lại.",
        )
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return data


def _mime(xml: bytes, files: list[tuple[str, str, bytes]]) -> bytes:
    """The multipart/related message of the XML part and `files` (Content-ID, type, bytes)."""
    digest = hashlib.sha256(xml)
    for cid, _, data in files:
        digest.update(cid.encode("ascii") + hashlib.sha256(data).digest())
    boundary = f"=_docgen_{digest.hexdigest()[:32]}"
    assert boundary.encode("ascii") not in xml  # "=_" never occurs in base64, and the XML
    # holding the digest of itself is not a case to plan for
    crlf = b"\r\n"
    head = (
        "MIME-Version: 1.0\r\n"
        f'Content-Type: {n.MULTIPART}; boundary="{boundary}"; type="{n.ROOT_TYPE}"; '
        f'start="<{n.ROOT_ID}>"\r\n\r\n'
    )
    out = [head.encode("ascii")]
    out.append(
        (
            f"--{boundary}\r\nContent-Type: {n.ROOT_TYPE}; charset=UTF-8\r\n"
            f"Content-Transfer-Encoding: 8bit\r\nContent-ID: <{n.ROOT_ID}>\r\n\r\n"
        ).encode("ascii")
        + xml.rstrip(b"\n").replace(b"\n", crlf)
        + crlf
    )
    for cid, content_type, data in files:
        encoded = base64.encodebytes(data).replace(b"\n", crlf)
        out.append(
            (
                f"--{boundary}\r\nContent-Type: {content_type}\r\n"
                f"Content-Transfer-Encoding: base64\r\nContent-ID: <{cid}>\r\n\r\n"
            ).encode("ascii")
            + encoded
        )
    out.append(f"--{boundary}--\r\n".encode("ascii"))
    return b"".join(out)


def build_package(package: Package) -> bytes:
    """The bytes of `package`; InputError when its header cannot follow the schema (a trích yếu
    longer than 500 characters, a bad agency code, …)."""
    if not package.attachments:
        raise InputError("gói tin edXML phải có ít nhất một tệp (văn bản đã ký)")
    xml = _xml(document_envelope(package), DOCUMENT)
    document_id = package.header.document_id
    files = [
        (content_id(document_id, i), a.content_type, a.data)
        for i, a in enumerate(package.attachments, 1)
    ]
    return _mime(xml, files)


def build_status(message: StatusMessage) -> bytes:
    """The bytes of a status message: a package with its XML part only."""
    return _mime(_xml(status_envelope(message), STATUS), [])

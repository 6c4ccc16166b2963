"""Reading a package another agency sent: its bytes in, a `Package` or a `StatusMessage` out.

Every check of `safe` runs first (size, MIME, encoding, DTD and entities, well-formed XML, file
names), then the schema of the message's kind, then what a schema cannot say: dates on the
calendar, every file referenced once and present. Any failure is one InputError naming the
package; nothing is written anywhere.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from docgen.edxml import names as n
from docgen.edxml.safe import Limits, Part, check_name, parse_xml, refuse, split_mime
from docgen.edxml.schema import DOCUMENT, STATUS, validate
from docgen.model.exchange import (
    URGENCY,
    Attachment,
    DocumentRef,
    ExchangeStatus,
    Header,
    Organ,
    Package,
    StatusMessage,
    Trace,
)


def _q(tag: str) -> str:
    return f"{{{n.NS}}}{tag}"


class _Reader:
    """Reads the elements of a validated envelope; `source` names the package in refusals."""

    def __init__(self, source: str) -> None:
        self.source = source

    def child(self, node: Any, *path: str) -> Any:
        for tag in path:
            found = node.find(_q(tag))
            if found is None:  # the schema was checked: only an optional element is missing
                return None
            node = found
        return node

    def text(self, node: Any, *path: str) -> str:
        found = self.child(node, *path)
        return (found.text or "").strip() if found is not None else ""

    def all(self, node: Any, tag: str) -> list[Any]:
        return list(node.findall(_q(tag)))

    def day(self, node: Any, *path: str) -> dt.date | None:
        value = self.text(node, *path)
        if not value:
            return None
        try:
            return dt.datetime.strptime(value, n.DATE_FORMAT).date()
        except ValueError:
            raise refuse(
                f"ngày `{value}` ({'/'.join(path)}) không có trên lịch", self.source
            ) from None

    def instant(self, node: Any, *path: str) -> dt.datetime:
        value = self.text(node, *path)
        try:
            return dt.datetime.strptime(value, n.TIMESTAMP_FORMAT)
        except ValueError:
            raise refuse(
                f"thời điểm `{value}` ({'/'.join(path)}) không hợp lệ", self.source
            ) from None

    def organ(self, node: Any) -> Organ:
        return Organ(self.text(node, n.ORGAN_ID), self.text(node, n.ORGAN_NAME))

    def ref(self, node: Any) -> DocumentRef:
        date = self.day(node, n.PROMULGATION_DATE)
        assert date is not None  # required by the schema
        return DocumentRef(
            self.text(node, n.ORGAN_ID),
            self.text(node, n.CODE),
            date,
            self.text(node, n.DOCUMENT_ID),
        )


def kind_of(root: Any, source: str) -> str:
    """`"document"` or `"status"`: what the envelope `root` carries; InputError for neither."""
    if root.tag != _q(n.ENVELOPE):
        raise refuse(
            f"tệp không phải gói tin edXML (phần tử gốc `{root.tag}`, cần {n.PREFIX}:{n.ENVELOPE})",
            source,
        )
    header = root.find(_q(n.HEADER))
    if header is not None and header.find(_q(n.MESSAGE_HEADER)) is not None:
        return "document"
    if header is not None and header.find(_q(n.STATUS)) is not None:
        return "status"
    raise refuse(
        f"gói tin edXML không có {n.MESSAGE_HEADER} (văn bản) hay {n.STATUS} (trạng thái)", source
    )


def read(data: bytes, limits: Limits, source: str) -> Package | StatusMessage:
    """The package or status message in `data` (a package file's bytes)."""
    xml, parts = split_mime(data, limits, source)
    root = parse_xml(xml, source)
    kind = kind_of(root, source)
    if kind == "status":
        validate(root, STATUS, source)
        if parts:
            raise refuse("thông điệp trạng thái không được kèm tệp", source)
        return _status(root, _Reader(source))
    for name in root.iter(_q(n.ATTACHMENT_NAME)):
        check_name(name.text or "", source)  # before the schema: this refusal says why
    validate(root, DOCUMENT, source)
    return _package(root, parts, _Reader(source))


def _status(root: Any, r: _Reader) -> StatusMessage:
    status = r.child(root, n.HEADER, n.STATUS)
    return StatusMessage(
        responds_to=r.ref(r.child(status, n.RESPONSE_FOR)),
        sender=r.organ(r.child(status, n.FROM)),
        status=ExchangeStatus.from_code(r.text(status, n.STATUS_CODE)),
        at=r.instant(status, n.TIMESTAMP),
        description=r.text(status, n.DESCRIPTION),
        department=r.text(status, n.STAFF_INFO, n.DEPARTMENT),
        staff=r.text(status, n.STAFF_INFO, n.STAFF),
    )


def _package(root: Any, parts: dict[str, Part], r: _Reader) -> Package:
    head = r.child(root, n.HEADER, n.MESSAGE_HEADER)
    other = r.child(head, n.OTHER_INFO)
    priority = int(r.text(other, n.PRIORITY))
    date = r.day(head, n.PROMULGATION_INFO, n.PROMULGATION_DATE)
    assert date is not None  # required by the schema
    appendixes = r.child(other, n.APPENDIXES)
    header = Header(
        document_id=r.text(head, n.DOCUMENT_ID),
        sender=r.organ(r.child(head, n.FROM)),
        receivers=tuple(r.organ(to) for to in r.all(head, n.TO)),
        number=int(r.text(head, n.CODE, n.CODE_NUMBER)),
        symbol=r.text(head, n.CODE, n.CODE_NOTATION),
        place=r.text(head, n.PROMULGATION_INFO, n.PLACE),
        date=date,
        type_name=r.text(head, n.DOCUMENT_TYPE, n.TYPE_NAME),
        type_code=int(r.text(head, n.DOCUMENT_TYPE, n.TYPE)),
        subject=r.text(head, n.SUBJECT),
        signer_name=r.text(head, n.SIGNER_INFO, n.FULL_NAME),
        signer_position=r.text(head, n.SIGNER_INFO, n.POSITION),
        competence=r.text(head, n.SIGNER_INFO, n.COMPETENCE),
        due_date=r.day(head, n.DUE_DATE),
        urgency=URGENCY.get(min(priority, 3), ""),
        steering=int(r.text(head, n.STEERING_TYPE)),
        responds_to=tuple(r.ref(node) for node in r.all(head, n.RESPONSE_FOR)),
        pages=int(r.text(other, n.PAGE_AMOUNT)),
        copies=int(r.text(other, n.PROMULGATION_AMOUNT)),
        to_places=tuple((p.text or "").strip() for p in r.all(r.child(head, n.TO_PLACES), n.PLACE)),
        appendices=tuple(
            (a.text or "").strip()
            for a in (r.all(appendixes, n.APPENDIX) if appendixes is not None else [])
        ),
        traces=tuple(
            Trace(r.text(t, n.ORGAN_ID), r.instant(t, n.TIMESTAMP))
            for t in r.all(r.child(root, n.HEADER, n.TRACE_HEADER_LIST), n.TRACE_HEADER)
        ),
    )
    return Package(header, _attachments(root, parts, r))


def _attachments(root: Any, parts: dict[str, Part], r: _Reader) -> tuple[Attachment, ...]:
    manifest = r.child(root, n.BODY, n.MANIFEST)
    found: list[Attachment] = []
    used: set[str] = set()
    for reference in r.all(manifest, n.REFERENCE):
        href = reference.get(f"{{{n.XLINK}}}{n.HREF}", "")
        cid = href.removeprefix("cid:")
        name = r.text(reference, n.ATTACHMENT_NAME)
        if cid in used:
            raise refuse(f"tệp `{name}` được kê hai lần trong gói tin", r.source)
        part = parts.get(cid)
        if part is None:
            raise refuse(f"gói tin kê tệp `{name}` nhưng không có tệp đó (cid:{cid})", r.source)
        content_type = r.text(reference, n.CONTENT_TYPE)
        if part.content_type != content_type:
            raise refuse(
                f"tệp `{name}`: kiểu {part.content_type} khác với kiểu kê trong gói tin "
                f"({content_type})",
                r.source,
            )
        used.add(cid)
        found.append(Attachment(name, content_type, part.data, r.text(reference, n.DESCRIPTION)))
    extra = sorted(set(parts) - used)
    if extra:
        raise refuse(f"gói tin có tệp không được kê trong danh sách tệp (cid:{extra[0]})", r.source)
    names = [a.name for a in found]
    twice = sorted({x for x in names if names.count(x) > 1})
    if twice:
        raise refuse(f"hai tệp của gói tin cùng tên `{twice[0]}`", r.source)
    return tuple(found)

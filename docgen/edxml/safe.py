"""Reading what another agency sent without trusting it.

A package is refused, with one Vietnamese sentence saying why, when it is larger than the limit
(checked before anything is parsed), is not a well-formed MIME package, holds a file larger than
the limit, is not UTF-8, declares a DOCTYPE or an entity (XXE, billion laughs: refused outright,
and lxml is told neither to resolve entities nor to load a DTD nor to touch the network), is not
well-formed XML, or names a file with a path in it. libxml2's own limits stay on (no huge_tree):
the XML part of a package is small, the files travel as MIME parts beside it.
"""

from __future__ import annotations

import email
import email.policy
import re
from dataclasses import dataclass
from email.message import Message
from typing import Any

from lxml import etree  # type: ignore[import-untyped]  # no stubs installed

from docgen.edxml import names
from docgen.errors import InputError

MB = 1024 * 1024
#: a package's parts at most: the XML part and 50 files (the schema's manifest allows 50)
MAX_PARTS = 51
HINT = "không vào sổ gói tin này; báo nơi gửi gửi lại gói tin đúng chuẩn edXML."

_BOMS = (b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff", b"\xff\xfe\x00\x00")
_DECLARED = re.compile(r"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([^"']*)["']""")
_DECLARATIONS = re.compile(r"<!\s*(DOCTYPE|ENTITY|ELEMENT|ATTLIST|NOTATION)", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_TRANSFER = {"", "7bit", "8bit", "binary", "base64", "quoted-printable"}


@dataclass(frozen=True)
class Limits:
    """How large a package (its file) and each file in it may be, in bytes."""

    package: int = 20 * MB
    attachment: int = 20 * MB

    @classmethod
    def megabytes(cls, value: float) -> Limits:
        """Both limits at `value` MB (the profile's `[exchange] max_package_mb`)."""
        size = int(value * MB)
        return cls(size, size)


@dataclass(frozen=True)
class Part:
    """One MIME part of a package: its content type and its decoded bytes."""

    content_type: str
    data: bytes


def refuse(what: str, source: str) -> InputError:
    """The refusal of a package: `what` is wrong with it."""
    return InputError(what, source=source, hint=HINT)


def _mb(size: int) -> str:
    """`20 MB`, `0.25 MB`, `977 KB`."""
    if size < MB // 10:
        return f"{size / 1024:.0f} KB"
    return f"{size / MB:.2f}".rstrip("0").rstrip(".") + " MB"


def check_size(size: int, limits: Limits, source: str) -> None:
    """Refuse a package file of `size` bytes above the limit, before reading it."""
    if size > limits.package:
        raise refuse(
            f"gói tin lớn {_mb(size)}, quá giới hạn {_mb(limits.package)} "
            "([exchange] max_package_mb)",
            source,
        )
    if size == 0:
        raise refuse("tệp gói tin rỗng (0 byte)", source)


def split_mime(data: bytes, limits: Limits, source: str) -> tuple[bytes, dict[str, Part]]:
    """(the XML part's bytes, {Content-ID: part}) of the package `data` (multipart/related,
    the XML part first); InputError for anything else."""
    check_size(len(data), limits, source)
    message = email.message_from_bytes(data, policy=email.policy.compat32)
    if message.get_content_type() != names.MULTIPART or not message.is_multipart():
        raise refuse(
            f"tệp không phải gói tin edXML (cần MIME {names.MULTIPART}, tệp là "
            f"{message.get_content_type()})",
            source,
        )
    if message.defects:
        raise refuse(f"gói tin MIME hỏng ({_defect(message)})", source)
    parts = message.get_payload()
    assert isinstance(parts, list)
    if not parts:
        raise refuse("gói tin MIME không có phần nào", source)
    if len(parts) > MAX_PARTS:
        raise refuse(f"gói tin có {len(parts) - 1} tệp, nhiều hơn {MAX_PARTS - 1}", source)
    root, *files = parts
    xml = _root(root, limits, source)
    found: dict[str, Part] = {}
    for part in files:
        assert isinstance(part, Message)  # a multipart's payload is its parts
        cid = _content_id(part, source)
        if cid in found:
            raise refuse(f"hai phần của gói tin cùng mã Content-ID <{cid}>", source)
        found[cid] = Part(part.get_content_type(), _decoded(part, limits, source, f"<{cid}>"))
    return xml, found


def _defect(part: Message) -> str:
    return type(part.defects[0]).__name__


def _root(part: Any, limits: Limits, source: str) -> bytes:
    if part.get_content_type() not in (names.ROOT_TYPE, "application/xml"):
        raise refuse(
            f"phần đầu của gói tin phải là XML ({names.ROOT_TYPE}), không phải "
            f"{part.get_content_type()}",
            source,
        )
    charset = part.get_content_charset()
    if charset not in (None, "utf-8", "utf8"):
        raise refuse(f"phần XML của gói tin dùng bảng mã {charset}, không phải UTF-8", source)
    return _decoded(part, limits, source, "XML")


def _content_id(part: Any, source: str) -> str:
    raw = str(part.get("Content-ID", "")).strip()
    if not (raw.startswith("<") and raw.endswith(">")) or len(raw) < 3:
        raise refuse("một tệp của gói tin không có mã Content-ID", source)
    cid = raw[1:-1]
    if _CONTROL.search(cid) or not cid.isascii() or len(cid) > 200:
        raise refuse("mã Content-ID của một tệp trong gói tin không hợp lệ", source)
    return cid


def _decoded(part: Any, limits: Limits, source: str, which: str) -> bytes:
    if part.is_multipart():
        raise refuse(f"phần {which} của gói tin lồng một gói MIME khác", source)
    transfer = str(part.get("Content-Transfer-Encoding", "")).strip().lower()
    if transfer not in _TRANSFER:
        raise refuse(f"phần {which} của gói tin mã hóa kiểu lạ ({transfer})", source)
    raw = part.get_payload()
    assert isinstance(raw, str)
    estimate = len(raw) * 3 // 4 if transfer == "base64" else len(raw)
    if estimate > limits.attachment:
        raise refuse(
            f"tệp {which} trong gói tin lớn hơn giới hạn {_mb(limits.attachment)} "
            "([exchange] max_package_mb)",
            source,
        )
    data = part.get_payload(decode=True)
    if part.defects:
        raise refuse(f"phần {which} của gói tin mã hóa hỏng ({_defect(part)})", source)
    assert isinstance(data, bytes)
    if len(data) > limits.attachment:
        raise refuse(
            f"tệp {which} trong gói tin lớn {_mb(len(data))}, quá giới hạn "
            f"{_mb(limits.attachment)} ([exchange] max_package_mb)",
            source,
        )
    return data


def xml_parser() -> Any:
    """The parser of every XML part: entities never resolved, no DTD loaded, no network, and
    libxml2's size and depth limits kept (no huge_tree)."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        collect_ids=False,
    )


def parse_xml(data: bytes, source: str) -> Any:
    """The root element of the XML `data`; InputError when it is not UTF-8, declares a DTD or
    an entity, or is not well-formed."""
    if data.startswith(_BOMS) or b"\x00" in data:
        raise refuse("phần XML của gói tin không dùng bảng mã UTF-8 (UTF-16/32)", source)
    body = data.removeprefix(b"\xef\xbb\xbf")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise refuse(
            f"phần XML của gói tin không phải chữ UTF-8 (byte lạ ở vị trí {error.start})", source
        ) from None
    declared = _DECLARED.match(text)
    if declared and declared.group(1).strip().lower() not in ("utf-8", "utf8"):
        raise refuse(
            f"phần XML của gói tin khai bảng mã {declared.group(1)}, không phải UTF-8", source
        )
    if _DECLARATIONS.search(text):
        raise refuse(
            "phần XML của gói tin có khai báo DOCTYPE/ENTITY (có thể là tấn công XXE hoặc bom "
            "thực thể), bị cấm trong gói tin edXML",
            source,
        )
    try:
        root = etree.fromstring(body, xml_parser())
    except etree.XMLSyntaxError as error:
        line = f" (dòng {error.lineno})" if error.lineno else ""
        raise refuse(f"phần XML của gói tin hỏng{line}: {error.msg}", source) from None
    for node in root.iter():
        if isinstance(node, etree._Entity):
            raise refuse("phần XML của gói tin có tham chiếu thực thể, bị cấm", source)
    return root


def check_name(name: str, source: str) -> str:
    """`name` when it is a plain file name (no folder, no `..`, no control character, not
    hidden); InputError otherwise — a name is never used as a path, but such a name is an attack
    or a broken sender, and the package is refused either way."""
    text = name.strip()
    if (
        not text
        or len(text) > 200
        or any(c in text for c in "/\\:")
        or _CONTROL.search(text)
        or text.startswith(".")
    ):
        shown = _CONTROL.sub("?", name)[:80]
        raise refuse(
            f"tên tệp đính kèm `{shown}` không hợp lệ (có đường dẫn, ký tự điều khiển hoặc bắt "
            "đầu bằng dấu chấm)",
            source,
        )
    return text

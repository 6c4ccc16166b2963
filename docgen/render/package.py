"""Deterministic .docx packaging: python-docx's parts in python-docx's order, zipped with a fixed
timestamp, from entries that may be compressed once and reused.

python-docx stamps every zip entry with the current time, so two renders of one document differ in
their bytes. Here every entry carries `FIXED_TIME`; otherwise the bytes are what `zipfile` writes
for `writestr(ZipInfo(name, FIXED_TIME), data)` with ZIP_DEFLATED (a unit test holds us to that),
so an unchanged part can be deflated once and its compressed bytes reused for every document.
"""

from __future__ import annotations

import struct
import sys
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from docx.opc.pkgwriter import PackageWriter

#: the earliest time a zip entry can carry (MS-DOS epoch): the same in every output
FIXED_TIME = (1980, 1, 1, 0, 0, 0)
_DOS_DATE = (FIXED_TIME[0] - 1980) << 9 | FIXED_TIME[1] << 5 | FIXED_TIME[2]
_DOS_TIME = FIXED_TIME[3] << 11 | FIXED_TIME[4] << 5 | FIXED_TIME[5] // 2
_VERSION = 20  # zipfile's DEFAULT_VERSION: deflate, no zip64
_DEFLATED = 8
_SYSTEM = 0 if sys.platform == "win32" else 3  # as zipfile.ZipInfo records it
_ATTRIBUTES = 0o600 << 16  # zipfile's default for a file written from bytes
_LOCAL = struct.Struct("<4s2B4HL2L2H")
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")
_END = struct.Struct("<4s4H2LH")


@dataclass(frozen=True)
class ZipEntry:
    """One member of the package, already deflated."""

    name: bytes  #: ASCII member name (OPC part names are ASCII)
    crc: int
    size: int
    deflated: bytes


def deflate(name: str, data: bytes) -> ZipEntry:
    """`data` as the zip member `name`, compressed as `zipfile` compresses it (zlib level 6)."""
    compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
    packed = compressor.compress(data) + compressor.flush()
    return ZipEntry(name.encode("ascii"), zlib.crc32(data), len(data), packed)


def write_zip(entries: Iterable[ZipEntry]) -> bytes:
    """The zip archive holding `entries` in order (no zip64: a document is far below 4 GB)."""
    chunks: list[bytes] = []
    directory: list[bytes] = []
    offset = 0
    for entry in entries:
        sizes = (entry.crc, len(entry.deflated), entry.size, len(entry.name), 0)
        header = _LOCAL.pack(b"PK\x03\x04", _VERSION, 0, 0, _DEFLATED, _DOS_TIME, _DOS_DATE, *sizes)
        directory.append(
            _CENTRAL.pack(
                b"PK\x01\x02",
                _VERSION,
                _SYSTEM,
                _VERSION,
                0,
                0,
                _DEFLATED,
                _DOS_TIME,
                _DOS_DATE,
                *sizes,
                0,
                0,
                0,
                _ATTRIBUTES,
                offset,
            )
            + entry.name
        )
        chunks += (header, entry.name, entry.deflated)
        offset += len(header) + len(entry.name) + len(entry.deflated)
    size = sum(len(d) for d in directory)
    end = _END.pack(b"PK\x05\x06", 0, 0, len(directory), len(directory), size, offset, 0)
    return b"".join([*chunks, *directory, end])


class _Collector:
    """Stands in for python-docx's zip writer: keeps (member name, bytes) in the order written."""

    def __init__(self) -> None:
        self.members: list[tuple[str, bytes]] = []

    def write(self, pack_uri: Any, blob: bytes) -> None:
        self.members.append((str(pack_uri.membername), blob))


def package_members(document: Any) -> list[tuple[str, bytes]]:
    """(member name, bytes) of every zip member python-docx's `save` would write for `document`
    (a python-docx Document), in the same order: `OpcPackage.save` without the zip file."""
    package = document.part.package
    parts = package.parts
    for part in parts:
        part.before_marshal()
    collector = _Collector()
    # The steps of PackageWriter.write, which would open a real zip with the current time.
    writer: Any = PackageWriter
    writer._write_content_types_stream(collector, parts)
    writer._write_pkg_rels(collector, package.rels)
    writer._write_parts(collector, parts)
    return collector.members


def save_docx(document: Any) -> bytes:
    """`document` (a python-docx Document) as deterministic .docx bytes."""
    return write_zip(deflate(name, data) for name, data in package_members(document))

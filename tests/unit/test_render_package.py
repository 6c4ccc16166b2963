"""The deterministic zip writer (render.package) writes what `zipfile` writes for the same members
with a fixed time, so a reader sees an ordinary .docx and entries deflated once can be reused."""

from __future__ import annotations

import io
import zipfile

from hypothesis import given
from hypothesis import strategies as st

from docgen.render.package import FIXED_TIME, deflate, write_zip

NAMES = st.text(alphabet="abcdefghijklmnopqrstuvwxyz_[]./0123456789", min_size=1, max_size=30)


def by_zipfile(members: list[tuple[str, bytes]]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            info = zipfile.ZipInfo(name, FIXED_TIME)
            archive.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


@given(
    st.lists(
        st.tuples(NAMES.filter(lambda n: not n.endswith("/")), st.binary(max_size=3000)),
        max_size=6,
        unique_by=lambda member: member[0],
    )
)
def test_same_bytes_as_zipfile(members: list[tuple[str, bytes]]) -> None:
    written = write_zip(deflate(name, data) for name, data in members)
    assert written == by_zipfile(members)
    with zipfile.ZipFile(io.BytesIO(written)) as archive:
        assert archive.testzip() is None
        assert [(i.filename, archive.read(i)) for i in archive.infolist()] == members


def read(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {i.filename: archive.read(i) for i in archive.infolist()}


def test_an_entry_deflated_once_serves_many_archives() -> None:
    styles = "<w:styles>Kiểu chữ & <b></w:styles>".encode() * 200
    shared = deflate("word/styles.xml", styles)
    first = read(write_zip([deflate("a.xml", b"1"), shared]))
    second = read(write_zip([deflate("a.xml", b"22"), shared]))
    assert first == {"a.xml": b"1", "word/styles.xml": styles}
    assert second == {"a.xml": b"22", "word/styles.xml": styles}

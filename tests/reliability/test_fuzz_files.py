"""Fuzzing the files docgen reads that clerks bring from elsewhere: a .docx for `docgen check`, a PDF
for `docgen verify`. Corrupted, truncated or random bytes give a report or one DocgenError — never
another exception, never a hang."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from docgen.errors import DocgenError
from docgen.pdf.verify import verify_pdf
from docgen.services.check import check_docx
from tests.reliability.test_fuzz_inputs import COUNTS, EXAMPLES

FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture(scope="module")
def docx_bytes(reference_draft: Path) -> bytes:
    return reference_draft.read_bytes()


@pytest.fixture(scope="module")
def document_xml(docx_bytes: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as archive:
        return archive.read("word/document.xml")


def _flip(data: bytes, positions: list[int], value: int) -> bytes:
    out = bytearray(data)
    for position in positions:
        out[position % len(out)] = value
    return bytes(out)


@FUZZ
@given(
    positions=st.lists(st.integers(min_value=0), min_size=1, max_size=8),
    value=st.integers(0, 255),
    cut=st.integers(min_value=0),
)
def test_check_on_corrupted_docx_bytes(
    docx_bytes: bytes, positions: list[int], value: int, cut: int
) -> None:
    COUNTS["DOCX for check (bytes)"] = COUNTS.get("DOCX for check (bytes)", 0) + 1
    data = _flip(docx_bytes, positions, value)[: max(1, cut % (len(docx_bytes) + 1))]
    try:
        check_docx(data, issued=True)
    except DocgenError as error:
        assert "\n" not in error.one_line()


@FUZZ
@given(
    positions=st.lists(st.integers(min_value=0), min_size=1, max_size=6),
    value=st.sampled_from(b'<>/"= \x00wp:'),
    cut=st.integers(min_value=0),
)
def test_check_on_damaged_document_xml(
    docx_bytes: bytes, document_xml: bytes, positions: list[int], value: int, cut: int
) -> None:
    """A well-formed zip whose document.xml is damaged: the XML parser's errors stay inside."""
    COUNTS["DOCX for check (XML)"] = COUNTS.get("DOCX for check (XML)", 0) + 1
    xml = _flip(document_xml, positions, value)[: max(1, cut % (len(document_xml) + 1))]
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = xml if item.filename == "word/document.xml" else source.read(item.filename)
            target.writestr(item.filename, data)
    try:
        check_docx(out.getvalue(), issued=False)
    except DocgenError as error:
        assert "\n" not in error.one_line()


@pytest.fixture(scope="module")
def small_pdf(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@FUZZ
@given(
    positions=st.lists(st.integers(min_value=0), min_size=0, max_size=8),
    value=st.integers(0, 255),
    cut=st.integers(min_value=0),
    junk=st.binary(max_size=64),
)
def test_verify_on_corrupted_pdf(
    tmp_path: Path, small_pdf: bytes, positions: list[int], value: int, cut: int, junk: bytes
) -> None:
    COUNTS["PDF for verify"] = COUNTS.get("PDF for verify", 0) + 1
    data = _flip(small_pdf, positions, value) if positions else small_pdf
    data = data[: cut % (len(data) + 1)] + junk
    path = tmp_path / "in.pdf"
    path.write_bytes(data)
    report = verify_pdf(path)
    assert not report.ok  # an unsigned or broken file is never "valid"

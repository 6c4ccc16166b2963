"""`docgen batch` through the real parts (issue 7, "What must hold"): 300 recipients → 300 issued
documents, numbers consecutive in sheet order, each PDF converted by the resident LibreOffice of
its worker, signed with the agency's key and filed; the manifest matches the register; a batch
interrupted (Ctrl-C) half way and run again gives the same 300. And a document of the batch is
the document `docgen issue` makes for that recipient: the same DOCX, byte for byte.

SQLite only: the PostgreSQL parity of the batch is in test_batch.py (fast converter)."""

from __future__ import annotations

import dataclasses
import hashlib
import io
from pathlib import Path

import docx
import pytest

from docgen.archive.register import RegisterStore
from docgen.inputs.copy import load_input
from docgen.inputs.profile import load_profile
from docgen.model.document import Document, IssueDate
from docgen.model.register import EntryStatus
from docgen.pdf.verify import verify_pdf
from docgen.services.archive import check_archive
from docgen.services.batch import BatchPlan, plan_batch, run_batch
from docgen.services.batch_manifest import write_manifest
from docgen.services.issue import folder_for
from docgen.services.render_batch import render_document
from docgen.services.settings import templates_dir
from tests.conftest import needs_libreoffice
from tests.integration.batch_support import DAY, issued, name, write_sheet
from tests.integration.test_dispatch_layouts import dispatch
from tests.integration.test_issue_service import signing_profile, write_yaml
from tests.support.pdf_text import page_texts

COUNT = 300
STOP_AT = 120  #: the clerk presses Ctrl-C once this many documents are filed
#: the head signs (the test profile has his signature image)
DISPATCH = {**dispatch(1, 1, paragraphs=1), "nguoi_ky": "truong-ban"}


@pytest.fixture
def backend_name() -> str:
    """SQLite only (the integration fixtures' `store` then opens a SQLite register)."""
    return "sqlite"


def paragraphs(data: bytes) -> list[str]:
    """Every paragraph of the body, the tables' cells and the headers/footers, in order."""
    document = docx.Document(io.BytesIO(data))
    found = [p.text for p in document.paragraphs]
    found += [
        p.text for t in document.tables for r in t.rows for c in r.cells for p in c.paragraphs
    ]
    for section in document.sections:
        found += [p.text for p in section.header.paragraphs + section.footer.paragraphs]
    return found


def as_issued(source: Path, profile: Path, number: int) -> bytes:
    """The DOCX `docgen issue` renders for `source` numbered `number` on DAY (the render step of
    services.issue.issue)."""
    agency = load_profile(profile)
    document = load_input(source, agency, today=DAY)
    assert isinstance(document, Document)
    numbered = dataclasses.replace(document, number=number, date=IssueDate.of(DAY))
    return render_document(numbered, agency, templates_dir())


@pytest.mark.slow
@pytest.mark.libreoffice
def test_three_hundred_signed_pdfs_filed_in_sheet_order_and_resumed_after_ctrl_c(
    store: RegisterStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    needs_libreoffice()
    profile, root_cert = signing_profile(tmp_path)
    monkeypatch.setenv("DOCGEN_SIGN_PASSWORD", "pw")  # the spawned workers inherit it
    root = tmp_path / "archive"
    source = write_yaml(tmp_path / "cv.yaml", DISPATCH)
    sheet = write_sheet(tmp_path / "nguoi-nhan.csv", COUNT)

    def plan() -> BatchPlan:
        return plan_batch(source, sheet, profile, one_per_recipient=True, today=DAY)

    def ctrl_c(done: int, total: int, label: str) -> None:
        if done >= STOP_AT:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_batch(plan(), archive=root, store=store, templates=templates_dir(), jobs=2,
                  progress=ctrl_c)  # fmt: skip
    before = issued(store.entries(DAY.year))
    assert [e.number for e in before] == list(range(1, STOP_AT + 1))
    result = run_batch(plan(), archive=root, store=store, templates=templates_dir(), jobs=2)
    assert (result.issued_now, result.skipped) == (COUNT - STOP_AT, STOP_AT)

    rows = store.entries(DAY.year)
    assert [e.number for e in rows] == list(range(1, COUNT + 1))
    assert all(e.status is EntryStatus.ISSUED for e in rows)
    unsigned = []
    for entry in rows:  # number k went to the k-th recipient (sheet row k + 1)
        assert entry.recipients[0] == name(entry.number)
        assert entry.note == f"Lô {result.plan.batch_id}, dòng {entry.number + 1}"
        folder = root / folder_for(entry)
        for file_name, digest in entry.files.items():
            assert hashlib.sha256((folder / file_name).read_bytes()).hexdigest() == digest
        pdf = folder / f"{entry.number:02d}-BQL-KHTH.pdf"
        report = verify_pdf(pdf, [root_cert])
        if not report.ok:
            unsigned.append((entry.number_symbol, report.all_problems()))
    assert unsigned == []
    for entry in (rows[0], rows[STOP_AT], rows[-1]):  # the PDF says who and which number
        text = "\n".join(page_texts(root / folder_for(entry) / f"{entry.number:02d}-BQL-KHTH.pdf"))
        assert f"Số: {entry.number_symbol}" in text
        assert name(entry.number) in " ".join(text.split())

    manifest = write_manifest(result, tmp_path / "ket-qua.xlsx")
    from openpyxl import load_workbook

    book = load_workbook(manifest, read_only=True)
    sheet_rows = list(book.active.iter_rows(min_row=2, values_only=True))  # type: ignore[union-attr]
    book.close()
    assert [(r[0], r[1], r[4], r[6]) for r in sheet_rows] == [
        (e.number + 1, e.recipients[0], e.number_symbol, "đã ban hành") for e in rows
    ]
    for line, entry in zip(sheet_rows, rows, strict=True):
        path = root / str(line[7])
        assert hashlib.sha256(path.read_bytes()).hexdigest() == line[8] == entry.files[path.name]
    archive = check_archive(root, store)  # signatures re-verified against the filed verdicts
    assert archive.ok, archive.problems[:5]

    # The single-document path: `docgen issue` of the dispatch addressed to that recipient alone,
    # numbered as the batch numbered it, gives the DOCX the batch filed.
    for entry in (rows[0], rows[STOP_AT], rows[-1]):
        alone = write_yaml(tmp_path / f"cv-{entry.number}.yaml",
                           {**DISPATCH, "kinh_gui": [name(entry.number)]})  # fmt: skip
        expected = as_issued(alone, profile, entry.number)
        filed = (root / folder_for(entry) / f"{entry.number:02d}-BQL-KHTH.docx").read_bytes()
        assert paragraphs(filed) == paragraphs(expected)
        assert f"Kính gửi: {name(entry.number)}." in paragraphs(filed)
        assert filed == expected

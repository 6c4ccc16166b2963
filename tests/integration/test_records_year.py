"""A year of records management on SQLite and PostgreSQL (issue 18): 300 outgoing and 500
incoming documents across 4 units (`tests/support/records_year.py`) put into the files of the
year's plan, the files closed, handed over unit by unit to the agency archive and received, the
retention of every file computed from the shipped table, the expired ones appraised and disposed
of — and at every step the archive check clean, the register rows and metadata untouched.

The refusals are proved on the way, each with one clear line and nothing changed: a document put
into a closed file, a transfer while a file is open.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from pypdf import PdfWriter

from docgen.archive import open_register
from docgen.archive import records as rs
from docgen.archive import records_actions as ra
from docgen.archive.register import RegisterStore
from docgen.archive.staging import sha256
from docgen.archive.transfer import unpack
from docgen.errors import ArchiveError
from docgen.inputs.profile import load_profile
from docgen.model.records import FileStatus
from docgen.rules.records import rule
from docgen.services import records
from docgen.services.archive import check_archive, export_archive, import_archive
from docgen.services.filing import INTACT
from docgen.services.records_close import close
from docgen.services.records_retention import appraise, dispose, expiring
from docgen.services.records_transfer import receive_transfer, transfer
from tests.conftest import REFERENCE_PROFILE
from tests.integration.conftest import FixedClock
from tests.support.records_year import INCOMING, OUTGOING, UNITS, YEAR, file_year, write_plan

AGENCY = load_profile(REFERENCE_PROFILE)
END_OF_YEAR = dt.datetime(2025, 12, 31, 2, 0, tzinfo=dt.UTC)
pytestmark = pytest.mark.slow


def fake_forms(docx: Sequence[Path], out_dir: Path) -> list[Path]:
    """A fast stand-in for LibreOffice (the forms' real PDFs have their own test)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    made = []
    for path in docx:
        writer = PdfWriter()
        writer.add_blank_page(595, 842)
        writer.add_metadata({"/Subject": sha256(path.read_bytes())})
        with (out_dir / f"{path.stem}.pdf").open("wb") as handle:
            writer.write(handle)
        made.append(out_dir / f"{path.stem}.pdf")
    return made


def _clean(root: Path, store: RegisterStore) -> None:
    report = check_archive(root, store)
    assert report.ok, [p.line() for p in report.problems[:10]]


def _metadata_files(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): sha256(p.read_bytes())
        for p in (root / "van-thu").rglob("*.json")
    }


def test_a_year_of_files(
    open_store: Callable[..., RegisterStore],
    tmp_path: Path,
    database_url: str | None,
    request: pytest.FixtureRequest,
) -> None:
    logging.getLogger("pyhanko").setLevel(logging.CRITICAL)
    logging.getLogger("pyhanko_certvalidator").setLevel(logging.CRITICAL)
    clock = FixedClock(END_OF_YEAR)
    store = open_store(at=clock)
    root = tmp_path / "archive"
    records.import_plan(store, AGENCY, YEAR, write_plan(tmp_path / "dmhs.xlsx", AGENCY))
    year = file_year(store, root, AGENCY, tmp_path)
    assert Counter(r.direction for r in year.rows) == {"di": OUTGOING, "den": INCOMING}
    assert {r.holders[1] for r in year.rows} == set(UNITS)
    assert sum(r.signature == INTACT for r in year.rows) >= 5

    # Every document into its file; the suggestion is the right one for nearly every document.
    right = 0
    for doc, row in zip(year.docs, year.rows, strict=True):
        _, found = records.suggestions(store, row.doc_id)
        right += bool(found) and found[0][0].code == doc.target
        records.assign(store, root, row.doc_id, f"{YEAR}.{doc.target}.{doc.unit}")
    assert right / len(year.rows) >= 0.9, right
    assert records.unassigned(store, YEAR) == []
    # A document of a 05-year file referenced from the unit's permanent file: its content must
    # outlive its own file's disposal.
    index = next(i for i, d in enumerate(year.docs) if d.target == "02")
    shared = year.rows[index]
    records.assign(store, root, shared.doc_id, "2025.01.KHTH", reference=True)
    with pytest.raises(ArchiveError, match=r"đã là bản gốc trong hồ sơ 2025\.02\.KHTH"):
        records.assign(store, root, shared.doc_id, "2025.03.KHTH")
    with pytest.raises(ArchiveError, match=r"đã có trong hồ sơ 2025\.01\.KHTH"):
        records.assign(store, root, shared.doc_id, "2025.01.KHTH", reference=True)
    assert [e.item.doc_id for e in records.view(store, "2025.01.KHTH").references] == [
        shared.doc_id
    ]

    # Retention of every file from the shipped table.
    for hoso in records.files(store, year=YEAR):
        basis = rule(hoso.basis)
        assert basis is not None and hoso.retention == basis.retention, hoso.notation

    files = records.files(store, year=YEAR)
    pages = {f.notation: records.view(store, f.notation).pages for f in files}
    assert sum(pages.values()) == sum(d.pages for d in year.docs)

    # A transfer while files are open is refused, nothing written or recorded.
    package = tmp_path / "nop-luu-KHTH.tar"
    with pytest.raises(ArchiveError) as refused:
        transfer(store, root, AGENCY, year=YEAR, unit="KHTH", out=package, convert=fake_forms)
    line = refused.value.one_line()
    assert "chưa kết thúc" in line and "2025.01.KHTH" in line and "\n" not in line
    assert not package.exists() and ra.actions(store.db, store.agency) == []

    # Closing, in January.
    clock.now = dt.datetime(2026, 1, 12, 2, 0, tzinfo=dt.UTC)
    for hoso in files:
        done = close(
            store, root, AGENCY, hoso.notation, end=dt.date(2025, 12, 31), convert=fake_forms
        )
        assert done.hoso.pages == pages[hoso.notation]
        assert [e.ordinal for e in done.view.entries] == list(range(1, done.hoso.documents + 1))
        assert (root / done.hoso.folder / "muc-luc-van-ban.docx").is_file()
    # Closed files take no more documents: one line, nothing changed.
    closed = records.files(store, year=YEAR)[0]
    before = rs.items(store.db, store.agency, closed.notation)
    with pytest.raises(ArchiveError) as refused:
        records.assign(store, root, year.rows[1].doc_id, closed.notation, reference=True)
    assert "đã kết thúc ngày 31/12/2025; không thêm văn bản" in refused.value.one_line()
    assert rs.items(store.db, store.agency, closed.notation) == before
    _clean(root, store)

    # Transfer and receipt, unit by unit: checksums, signatures, counts.
    metadata = _metadata_files(root)
    register = [e for y in store.years() for e in store.entries(y)]
    received_docs = 0
    for unit in UNITS:
        out = tmp_path / f"nop-luu-{unit}.tar"
        sent = transfer(store, root, AGENCY, year=YEAR, unit=unit, out=out, convert=fake_forms)
        members, _ = unpack(out.read_bytes(), str(out))
        info = json.loads(members["nop-luu.json"])
        unit_files = [f for f in records.files(store, year=YEAR, unit=unit)]
        assert info["files"] == [f.notation for f in unit_files]  # every file kept >= 05 years
        assert info["documents"] == sent.documents == sum(f.documents for f in unit_files)
        # what TT 02/2019 asks and docgen cannot fill is said, not guessed (a received PDF: born
        # digital or a scan?)
        assert info["metadata_missing"] == sent.missing_metadata
        assert "ConfidenceLevel" in sent.missing_metadata["van-ban"]
        for hoso in unit_files:
            record = json.loads(members[f"ho-so/{hoso.notation}/ho-so.json"])
            assert record["FileCode"] == {
                "OrganId": "",
                "FileCatalog": 2025,
                "FileNotation": f"{hoso.code}.{unit}",
            }
            assert record["DocTotal"] == len(record["Documents"]) == hoso.documents
            assert (
                record["PageTotal"] == hoso.pages and record["Maintenance"] == hoso.retention.label
            )
            rows = rs.documents(store.db, store.agency, [d["DocCode"] for d in record["Documents"]])
            for doc in record["Documents"]:
                row = rows[doc["DocCode"]]
                for packaged, digest in doc["docgen"]["Files"].items():
                    assert sha256(members[f"ho-so/{hoso.notation}/{packaged}"]) == digest
                assert sorted(doc["docgen"]["Files"].values()) == sorted(row.files.values())
                assert doc["docgen"]["Signature"] == row.signature
        receipt = receive_transfer(store, root, out)
        assert receipt.documents == sent.documents and receipt.files == tuple(info["files"])
        signed = sum(d.signed for d in year.docs if d.unit == unit)
        assert receipt.signatures == signed == info["signed"]
        received_docs += receipt.documents
        for relative in (k for k in receipt_stored(store, receipt.action) if "/van-ban/" in k):
            assert (root / relative).is_file()
    assert received_docs == OUTGOING + INCOMING
    assert all(f.status is FileStatus.RECEIVED for f in records.files(store, year=YEAR))
    assert not any((root / "don-vi").rglob("*.pdf"))  # the units' copies became references
    _clean(root, store)
    assert _metadata_files(root) == metadata

    # Retention: 2035 lists exactly the files whose period ends by then, permanent never.
    clock.now = dt.datetime(2036, 1, 15, 2, 0, tzinfo=dt.UTC)
    groups = expiring(store, 2035)
    listed = {f.notation for found in groups.values() for f in found}
    expected = {
        f.notation
        for f in files
        if not f.retention.permanent and 2025 + (f.retention.years or 0) <= 2035
    }
    assert listed == expected and listed
    assert not any(records.get_file(store, n).retention.permanent for n in listed)
    assert all(g for g in groups)  # each listed under its group
    with pytest.raises(ArchiveError, match="bảo quản vĩnh viễn: không bao giờ tiêu hủy"):
        appraise(store, ["2025.01.KHTH"], year=2035, decision="Quyết định số 01/QĐ-BQL")
    still = next(
        f.notation for f in files if (f.retention.years or 0) > 10 and not f.retention.permanent
    )
    with pytest.raises(ArchiveError, match="còn thời hạn bảo quản đến hết năm"):
        appraise(store, [still], year=2035, decision="Quyết định số 01/QĐ-BQL")
    assert ra.actions(store.db, store.agency, ra.APPRAISAL) == []

    # Disposal: the content goes, the register, the metadata and the record stay.
    decided = appraise(
        store, sorted(listed), year=2035, decision="Quyết định số 01/QĐ-BQL ngày 10/01/2036"
    )
    gone = dispose(store, root, decided.id)
    assert gone.removed and all(not (root / r).exists() for r in gone.removed)
    assert (
        "2025.02.KHTH" in listed
        and "còn được tham chiếu từ hồ sơ 2025.01.KHTH" in gone.kept[shared.doc_id]
    )
    assert (root / shared.pdf).is_file() and len(gone.kept) == 1
    assert [e for y in store.years() for e in store.entries(y)] == register
    assert _metadata_files(root) == metadata
    assert all(records.get_file(store, n).status is FileStatus.DISPOSED for n in listed)
    assert expiring(store, 2035) == {}
    _clean(root, store)
    # Disposing again changes nothing (a run stopped half way is finished the same way).
    assert dispose(store, root, decided.id).id == gone.id
    _clean(root, store)

    # A backup made after the disposal restores an archive that checks clean, records included.
    backup = tmp_path / "kho.tar"
    export_archive(root, store, backup)
    moved = tmp_path / "moved"
    url = request.getfixturevalue("pg_cluster").create_database() if database_url else None
    with open_register(moved, store.agency, database_url=url, clock=clock) as copy:
        import_archive(backup, moved, copy)
        _clean(moved, copy)
        assert rs.files(copy.db, copy.agency) == rs.files(store.db, store.agency)
        assert expiring(copy, 2035) == {}


def receipt_stored(store: RegisterStore, action_id: str) -> dict[str, str]:
    done = ra.action(store.db, store.agency, action_id)
    assert done is not None
    return dict(done.payload["stored"])

"""`docgen batch` (issue 7): a dispatch and a sheet of recipients → numbered, filed documents in
sheet order; validation before any number; a rerun resumes; the manifest matches the register.

The converter here is the fast stand-in of the issue tests; tests/integration/test_batch_pdf.py
runs the same batch through the real LibreOffice pool and signs every PDF."""

from __future__ import annotations

import csv
import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from docgen.archive.register import RegisterStore
from docgen.errors import CheckFailed, InputError
from docgen.inputs.recipients import RecipientsError
from docgen.model.register import EntryStatus
from docgen.services.archive import check_archive
from docgen.services.batch import plan_batch, run_batch
from docgen.services.batch_manifest import write_manifest
from docgen.services.issue import folder_for
from docgen.services.search import parse, search
from docgen.services.settings import templates_dir
from tests.conftest import REFERENCE_PROFILE, REFERENCE_YAML, ROOT
from tests.integration.batch_support import (
    DAY,
    issued,
    make_plan,
    name,
    write_dispatch,
    write_sheet,
)
from tests.integration.test_issue_service import archive_files, fake_pdf

COUNT = 300


def run(plan, store: RegisterStore, root: Path, **kwargs):  # type: ignore[no-untyped-def]
    return run_batch(
        plan, archive=root, store=store, templates=templates_dir(), jobs=2,
        convert=fake_pdf, **kwargs,
    )  # fmt: skip


def test_three_hundred_recipients_three_hundred_documents_in_sheet_order(
    store: RegisterStore, tmp_path: Path
) -> None:
    root = tmp_path / "archive"
    plan = make_plan(tmp_path, COUNT)
    seen: list[int] = []
    result = run(plan, store, root, progress=lambda done, total, label: seen.append(done))
    assert (result.issued_now, result.skipped) == (COUNT, 0)
    assert seen[-1] == COUNT and seen == sorted(seen)
    rows = issued(store.entries(DAY.year, "hanh_chinh"))
    assert [e.number for e in rows] == list(range(1, COUNT + 1))
    # Filed in number order whatever order the workers finished in: the history reads like
    # the paper book, and a stopped batch has always filed its first documents.
    events = [e.number for e in store.events(DAY.year, "hanh_chinh") if e.type == "issue"]
    assert events == list(range(1, COUNT + 1))
    for entry in rows:  # number k went to the k-th row of the sheet (row k + 1: the header is 1)
        assert entry.recipients[0] == name(entry.number)
        assert entry.note == f"Lô {plan.batch_id}, dòng {entry.number + 1}"
        for file_name, digest in entry.files.items():
            data = (root / folder_for(entry) / file_name).read_bytes()
            assert hashlib.sha256(data).hexdigest() == digest
    manifest = write_manifest(result, tmp_path / "ket-qua.csv")
    with manifest.open(encoding="utf-8-sig") as handle:
        lines = list(csv.DictReader(handle))
    assert [(int(r["Dòng"]), r["Người nhận"], r["Số, ký hiệu"]) for r in lines] == [
        (e.number + 1, e.recipients[0], e.number_symbol) for e in rows
    ]
    for line, entry in zip(lines, rows, strict=True):
        assert line["SHA-256 tệp PDF"] == entry.files[Path(line["Tệp PDF"]).name]
        assert (root / line["Tệp PDF"]).is_file()
    assert check_archive(root, store).ok
    # A document of the batch is found by its recipient's words, typed without diacritics.
    hits = search(store, parse("san xuat thu nghiem so 217"))
    assert 217 in [h.number for h in hits]
    # The same command again: nothing issued twice, nothing skipped.
    again = run(plan_batch(plan.source, plan.recipients_file, REFERENCE_PROFILE,
                           one_per_recipient=True, today=DAY), store, root)  # fmt: skip
    assert (again.issued_now, again.skipped) == (0, COUNT)
    assert [e.number for _, e in again.entries] == list(range(1, COUNT + 1))


def test_one_document_for_the_whole_list(store: RegisterStore, tmp_path: Path) -> None:
    root = tmp_path / "archive"
    plan = make_plan(tmp_path, 12, one_per_recipient=False)
    result = run(plan, store, root)
    (entry,) = issued(store.entries(DAY.year, "hanh_chinh"))
    assert entry.recipients[:12] == tuple(name(i) for i in range(1, 13))
    assert result.issued_now == 1
    manifest = write_manifest(result, tmp_path / "ket-qua.xlsx")
    from openpyxl import load_workbook

    sheet = load_workbook(manifest).active
    assert sheet is not None
    values = [row for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert len(values) == 12 and {v[4] for v in values} == {entry.number_symbol}


def test_bad_rows_are_all_reported_and_no_number_is_taken(
    store: RegisterStore, tmp_path: Path
) -> None:
    sheet = write_sheet(tmp_path / "nguoi-nhan.csv", 5)
    lines = sheet.read_text("utf-8").splitlines()
    lines[2] = ",Lô 2,dn2@example.vn"  # no name (sheet row 3)
    lines[5] = f"{name(5)},Lô 5,không-phải-email"  # sheet row 6
    sheet.write_text("\n".join(lines) + "\n", "utf-8")
    with pytest.raises(RecipientsError) as caught:
        plan_batch(write_dispatch(tmp_path / "cv.yaml"), sheet, REFERENCE_PROFILE,
                   one_per_recipient=True, today=DAY)  # fmt: skip
    assert [p.row for p in caught.value.problems] == [3, 6]
    assert store.entries(DAY.year) == []


def test_a_document_the_checker_refuses_takes_no_number(
    store: RegisterStore, tmp_path: Path
) -> None:
    root = tmp_path / "archive"
    plan = plan_batch(REFERENCE_YAML, write_sheet(tmp_path / "nn.csv", 4), REFERENCE_PROFILE,
                      one_per_recipient=True, today=DAY)  # fmt: skip
    with pytest.raises(CheckFailed, match=r"dòng 2 .*2018-2013"):
        run(plan, store, root)
    assert store.entries(DAY.year) == []
    assert archive_files(root) == []


def test_a_type_without_kinh_gui_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "qd.yaml"
    source.write_text(
        (ROOT / "examples" / "bql-hanoi" / "bql-qd-giao-nhiem-vu.yaml").read_text("utf-8"), "utf-8"
    )
    with pytest.raises(InputError, match="Kính gửi"):
        plan_batch(source, write_sheet(tmp_path / "nn.csv", 2), REFERENCE_PROFILE,
                   one_per_recipient=True, today=DAY)  # fmt: skip


def test_a_batch_killed_half_way_resumes_to_the_same_documents(
    store: RegisterStore, tmp_path: Path, database_url: str | None
) -> None:
    """SIGKILL the whole batch (parent and workers, as a power cut) once documents are being
    filed; the same command then finishes it: each recipient exactly once, numbers in order."""
    root = tmp_path / "archive"
    count = 120
    args = [sys.executable, "-m", "tests.integration.batch_support", str(root),
            database_url or "", str(tmp_path), str(count)]  # fmt: skip
    log = tmp_path / "first-run.log"
    with log.open("wb") as out:
        child = subprocess.Popen(args, cwd=ROOT, start_new_session=True, stdout=out, stderr=out)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and child.poll() is None:
        if len(issued(store.entries(DAY.year, "hanh_chinh"))) >= 10:
            break
        time.sleep(0.05)
    os.killpg(child.pid, signal.SIGKILL)
    child.wait()
    before = len(issued(store.entries(DAY.year, "hanh_chinh")))
    assert 10 <= before < count, log.read_text("utf-8", "replace")
    done = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"issued {count - before} skipped {before}"
    rows = issued(store.entries(DAY.year, "hanh_chinh"))
    assert [e.number for e in rows] == list(range(1, count + 1))
    assert [e.recipients[0] for e in rows] == [name(i) for i in range(1, count + 1)]
    assert all(e.status is EntryStatus.ISSUED for e in store.entries(DAY.year))
    report = check_archive(root, store)
    assert report.ok, report

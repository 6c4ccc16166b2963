"""The transfer package and the archive check around it, on SQLite and PostgreSQL (issue 18): a
package whose bytes were changed, or rebuilt with a consistent manifest around a changed PDF, or
received twice, is refused and nothing changes; closed files missing a document's file or with a
changed cover are refused in one line naming each file and what it lacks; the package names the
metadata fields docgen has no value for; the check names a removed cover, a disposed file that
is back, and a unit's copy still there after the hand-over."""

from __future__ import annotations

import datetime as dt
import io
import json
import tarfile
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import pytest

from docgen.archive import records_actions as ra
from docgen.archive.records_metadata import MISSING_DOCUMENT, MISSING_FILE
from docgen.archive.register import RegisterStore
from docgen.archive.transfer import pack, unpack
from docgen.errors import ArchiveError
from docgen.inputs.profile import load_profile
from docgen.services import records
from docgen.services.archive import check_archive
from docgen.services.records_close import close
from docgen.services.records_retention import appraise, dispose
from docgen.services.records_transfer import Transferred, receive_transfer, transfer
from tests.conftest import REFERENCE_PROFILE
from tests.integration.conftest import FixedClock
from tests.integration.test_records_year import fake_forms
from tests.support.records_year import (
    documents,
    file_document,
    pdf_bytes,
    write_plan,
)

AGENCY = load_profile(REFERENCE_PROFILE)


def _archive(store: RegisterStore, work: Path) -> Path:
    """Plan 2024, four KHTH documents (the 05-year file 02 and the permanent 01) filed, put in
    and both files 2024.01.KHTH and 2024.02.KHTH closed, in the archive `work/archive`."""
    root = work / "archive"
    records.import_plan(store, AGENCY, 2024, write_plan(work / "dmhs.xlsx", AGENCY))
    chosen = [d for d in documents() if d.unit == "KHTH" and d.target in {"01", "02"}][:4]
    for index, doc in enumerate(sorted(chosen, key=lambda d: (d.direction, d.date))):
        doc = replace(doc, date=dt.date(2024, 1 + index, 5))
        row = file_document(store, root, AGENCY, doc, pdf_bytes(doc, index), 300 + index)
        records.assign(store, root, row.doc_id, f"2024.{doc.target}.KHTH")
    for notation in ("2024.01.KHTH", "2024.02.KHTH"):
        close(store, root, AGENCY, notation, end=dt.date(2024, 5, 1), convert=fake_forms)
    return root


def _send(store: RegisterStore, root: Path, package: Path) -> Transferred:
    """KHTH's transfer package of 2024 to `package`."""
    return transfer(store, root, AGENCY, year=2024, unit="KHTH", out=package, convert=fake_forms)


def _listing(root: Path) -> list[str]:
    return sorted(
        p.relative_to(root).as_posix()
        for p in root.rglob("*")
        if p.is_file() and "register" not in p.name
    )


def _raw_tar(members: Sequence[tuple[str, bytes]]) -> bytes:
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w") as tar:
        for name, data in members:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return out.getvalue()


def test_a_bad_package_is_refused_and_nothing_changes(store: RegisterStore, tmp_path: Path) -> None:
    root = _archive(store, tmp_path)
    package = tmp_path / "nop-luu.tar"
    _send(store, root, package)
    members, _ = unpack(package.read_bytes(), str(package))
    before = (_listing(root), records.files(store), ra.actions(store.db, store.agency))

    # A byte changed: the manifest says so.
    with tarfile.open(fileobj=io.BytesIO(package.read_bytes())) as tar:
        raw = [(i.name, tar.extractfile(i).read()) for i in tar.getmembers()]  # type: ignore[union-attr]
    name = next(n for n, _ in raw if n.endswith(".pdf") and "/van-ban/" in n)
    bad = tmp_path / "sua.tar"
    bad.write_bytes(_raw_tar([(n, d + b"x" if n == name else d) for n, d in raw]))
    with pytest.raises(ArchiveError, match="không khớp bảng kê mã SHA-256"):
        receive_transfer(store, root, bad)
    # A PDF changed and the manifest made again around it: the register says so.
    forged = tmp_path / "gia.tar"
    forged.write_bytes(pack({**members, name: members[name] + b"x"}))
    with pytest.raises(ArchiveError, match="thiếu hoặc sai tệp"):
        receive_transfer(store, root, forged)
    # Not a package at all.
    other = tmp_path / "khac.tar"
    other.write_bytes(pack({"a.txt": b"a"}))
    with pytest.raises(ArchiveError, match="không phải gói nộp lưu"):
        receive_transfer(store, root, other)
    assert (_listing(root), records.files(store), ra.actions(store.db, store.agency)) == before

    done = receive_transfer(store, root, package)
    assert done.files == ("2024.01.KHTH", "2024.02.KHTH") and done.released >= 1
    after = (_listing(root), records.files(store))
    with pytest.raises(ArchiveError, match="đã được Lưu trữ cơ quan nhận trước đây"):
        receive_transfer(store, root, package)
    assert (_listing(root), records.files(store)) == after
    assert check_archive(root, store).ok


def test_the_check_knows_what_records_management_removed(
    store: RegisterStore, tmp_path: Path
) -> None:
    root = _archive(store, tmp_path)
    package = tmp_path / "nop-luu.tar"
    _send(store, root, package)
    done = receive_transfer(store, root, package)
    released = next(iter(ra.action(store.db, store.agency, done.action).payload["released"]))  # type: ignore[union-attr]
    assert check_archive(root, store).ok

    # A unit's copy handed over and back again.
    (root / released).write_bytes(b"%PDF-1.4 ban sao")
    lines = [p.line() for p in check_archive(root, store).problems]
    assert len(lines) == 1, lines
    assert lines[0].startswith(
        f"{released}: bản của đơn vị đã nộp lưu ({done.action}) nhưng tệp vẫn còn"
    )
    (root / released).unlink()

    # A cover removed.
    cover = root / records.get_file(store, "2024.01.KHTH").folder / "bia-ho-so.pdf"
    data = cover.read_bytes()
    cover.unlink()
    problems = check_archive(root, store).problems
    assert (
        len(problems) == 1
        and "thiếu tệp (bìa, mục lục của hồ sơ 2024.01.KHTH)" in problems[0].line()
    )
    cover.write_bytes(data)

    # Disposal, then a disposed file put back.
    store.clock = FixedClock(dt.datetime(2030, 1, 10, 2, 0, tzinfo=dt.UTC))
    decided = appraise(store, ["2024.02.KHTH"], year=2029, decision="Quyết định số 3/QĐ-BQL")
    gone = dispose(store, root, decided.id)
    assert check_archive(root, store).ok
    back = root / gone.removed[0]
    back.write_bytes(b"%PDF-1.4 lai")
    problems = check_archive(root, store).problems
    assert len(problems) == 1 and f"đã tiêu hủy ({gone.id}) nhưng tệp vẫn còn" in problems[0].line()


def test_an_incomplete_file_is_refused_naming_what_it_lacks(
    store: RegisterStore, tmp_path: Path
) -> None:
    root = _archive(store, tmp_path)
    first = records.view(store, "2024.01.KHTH").entries[0].row
    assert first is not None
    pdf = root / first.folder / next(n for n in sorted(first.files) if n.endswith(".pdf"))
    content = pdf.read_bytes()
    pdf.unlink()
    cover = root / records.get_file(store, "2024.02.KHTH").folder / "bia-ho-so.pdf"
    printed = cover.read_bytes()
    cover.write_bytes(b"%PDF-1.4 bia khac")
    package = tmp_path / "nop-luu.tar"
    before = (_listing(root), records.files(store), ra.actions(store.db, store.agency))
    with pytest.raises(ArchiveError) as refused:
        _send(store, root, package)
    line = refused.value.one_line()
    # Every incomplete file, and what each lacks, in one line.
    assert "chưa nộp lưu được: 2 hồ sơ thiếu hoặc sai tệp" in line, line
    assert f"2024.01.KHTH (thiếu tệp {pdf.name} của văn bản {first.notation})" in line, line
    assert "2024.02.KHTH (bia-ho-so.pdf đã bị thay đổi (SHA-256))" in line, line
    assert "\n" not in line and "docgen archive check" in line
    assert not package.exists()
    assert (_listing(root), records.files(store), ra.actions(store.db, store.agency)) == before

    # Put back, the same files go.
    pdf.write_bytes(content)
    cover.write_bytes(printed)
    sent = _send(store, root, package)
    assert [f.notation for f in sent.files] == ["2024.01.KHTH", "2024.02.KHTH"]

    # The Thông tư 02/2019 fields docgen has no value for are named, with why, in the package.
    members, _ = unpack(package.read_bytes(), str(package))
    info = json.loads(members["nop-luu.json"])
    assert info["metadata_missing"] == sent.missing_metadata
    for notation in info["files"]:
        record = json.loads(members[f"ho-so/{notation}/ho-so.json"])
        missing = record["docgen"]["Missing"]
        # the profile has no agency code
        assert set(missing) == {"FileCode.OrganId", *MISSING_FILE}
        assert {k for k, v in record.items() if v is None} <= set(missing)
        assert set(missing) <= set(info["metadata_missing"]["ho-so"])
        for doc in record["Documents"]:
            nulls = {k for k, v in doc.items() if v is None}
            assert set(doc["docgen"]["Missing"]) == nulls | {"FileCode.OrganId"}
            assert set(MISSING_DOCUMENT) <= nulls and all(doc["docgen"]["Missing"].values())
    # only an issued document is known to be born digital (these four are all issued)
    assert "ConfidenceLevel" not in info["metadata_missing"]["van-ban"]

"""`docgen issue` of a copy (bản sao, docs/format/copies.md) as one unit of work, on SQLite and
PostgreSQL: the number comes from the copy stream (`ban_sao`) with the SY symbol, the copy block
shows it with the date, the files, the register row and the catalogue row appear together or not at
all, and the document stream is left alone."""

from __future__ import annotations

import multiprocessing
import os
import signal
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from docgen.archive import open_register
from docgen.archive.register import RegisterStore
from docgen.errors import CheckFailed, ConversionError, InputError, RegisterError
from docgen.model.register import BAN_SAO, HANH_CHINH, EntryStatus
from docgen.services.archive import check_archive
from docgen.services.check import check_docx
from docgen.services.issue import STEPS, issue, recover_staging
from docgen.services.settings import templates_dir
from tests.conftest import REFERENCE_PROFILE, needs_libreoffice
from tests.integration.check_docs import Spec, build
from tests.integration.conftest import DEFAULT_NOW, FixedClock
from tests.integration.test_dispatch_layouts import dispatch
from tests.integration.test_issue_service import (
    CORRECTED,
    archive_files,
    fake_pdf,
    run_issue,
    signing_profile,
    write_yaml,
)
from tests.integration.types_support import texts


def copy_yaml(path: Path, original: Path, **fields: Any) -> Path:
    """A sao y request of `original` signed by the head, for the Sở Công Thương."""
    data = {
        "loai": "sao-y",
        "ban_goc": str(original),
        "nguoi_ky": "truong-ban",
        "noi_nhan": ["Sở Công Thương"],
        **fields,
    }
    return write_yaml(path, data)


def copy_block(docx_path: Path) -> list[str]:
    """The paragraphs from the copy block's agency name to its end."""
    lines = texts(docx_path.read_bytes())
    start = lines.index("SAO Y") - 2
    return lines[start:]


def issued_original(store: RegisterStore, root: Path) -> Path:
    """The corrected reference dispatch, issued: 01/BQL-KHTH of 10 May 2024."""
    return Path(run_issue(CORRECTED, store, root).docx)


def test_two_copies_of_the_issued_reference_take_01_and_02_of_the_copy_stream(
    store: RegisterStore, tmp_path: Path
) -> None:
    root = tmp_path / "archive"
    original = issued_original(store, root)
    first = run_issue(copy_yaml(tmp_path / "a.yaml", original, luu=["VP"]), store, root)
    second = run_issue(
        copy_yaml(tmp_path / "b.yaml", original, noi_nhan=["Sở Tài chính"]), store, root
    )
    assert [(e.entry.stream, e.entry.number_symbol) for e in (first, second)] == [
        (BAN_SAO, "01/SY-BQL"),
        (BAN_SAO, "02/SY-BQL"),
    ]
    entry = first.entry
    assert entry.status is EntryStatus.ISSUED and entry.date is not None
    assert entry.date.isoformat() == "2024-05-10" and entry.kind is None
    assert entry.subject.startswith("Sao y Công văn số 01/BQL-KHTH ngày 10/05/2024 V/v mời")
    assert entry.signer == "TRƯỞNG BAN, Lê Quang Long" and entry.holders == ("VT", "VP")
    assert entry.recipients == ("Sở Công Thương",)
    assert copy_block(first.docx) == [
        "BAN QUẢN LÝ CÁC KHU CÔNG\nNGHIỆP VÀ CHẾ XUẤT HÀ NỘI",
        "Số: 01/SY-BQL",
        "SAO Y",
        "Hà Nội, ngày 10 tháng 5 năm 2024",
        "Nơi nhận:",
        "- Sở Công Thương;",
        "- Lưu: VT, VP.",
        "TRƯỞNG BAN",
        "Lê Quang Long",
    ]
    assert "Số: 02/SY-BQL" in copy_block(second.docx)
    assert "Số: 01/BQL-KHTH" in texts(first.docx.read_bytes())  # the copied document, as issued
    # the document stream is untouched: its next number is 02
    assert sorted((e.stream, e.number) for e in store.entries(2024)) == [
        (BAN_SAO, 1),
        (BAN_SAO, 2),
        (HANH_CHINH, 1),
    ]
    after = run_issue(
        write_yaml(tmp_path / "d.yaml", {**dispatch(1, 1), "trich_yeu": "khác"}), store, root
    )
    assert after.entry.number_symbol == "02/BQL-KHTH"
    files = archive_files(root)
    assert {
        "van-thu/2024/van-ban-di/ban_sao/01-SY-BQL.docx",
        "van-thu/2024/van-ban-di/ban_sao/01-SY-BQL.json",
        "van-thu/2024/van-ban-di/ban_sao/01-SY-BQL.pdf",
        "don-vi/VP/2024/01-SY-BQL.pdf",
        "van-thu/2024/van-ban-di/ban_sao/02-SY-BQL.pdf",
    } <= set(files)
    assert not any(f.startswith("don-vi/VP/") and "02-SY" in f for f in files)
    report = check_archive(root, store, signatures=False)
    assert report.ok, report.problems


def test_a_copy_the_checker_refuses_consumes_no_number(
    store: RegisterStore, tmp_path: Path, reference_draft: Path
) -> None:
    """A sao y of the reference as drafted (blank number and day, reversed span) is refused before
    anything is kept; the next good copy is 01."""
    root = tmp_path / "archive"
    with pytest.raises(CheckFailed, match="bản gốc chưa ban hành") as refused:
        run_issue(copy_yaml(tmp_path / "draft.yaml", reference_draft), store, root)
    assert refused.value.field == "ban_goc"
    assert store.entries(2024) == [] and archive_files(root) == []
    original = issued_original(store, root)
    good = run_issue(copy_yaml(tmp_path / "good.yaml", original), store, root)
    assert good.entry.number_symbol == "01/SY-BQL"


def test_an_issued_original_typed_by_hand_is_copied_as_it_is(
    store: RegisterStore, tmp_path: Path
) -> None:
    """Another agency's document in Arial is copied with its departures from the format (they are
    its issuer's); a trích sao re-created from YAML is checked in full."""
    original = tmp_path / "sct-05.docx"
    original.write_bytes(build(replace(Spec(), font="Arial")))
    assert check_docx(original, issued=True).errors  # the original has format errors
    root = tmp_path / "archive"
    copied = run_issue(copy_yaml(tmp_path / "c.yaml", original), store, root)
    assert copied.entry.number_symbol == "01/SY-BQL"
    assert copied.entry.subject.startswith("Sao y Công văn số 05/SCT-KHTH ngày 05/03/2024")
    body = ["Kết quả giai đoạn 2018-2013 như sau."]  # a reversed span: an error of ours
    data = {**dispatch(1, 1), "noi_dung": body, "so": 3, "ngay": "2024-05-02"}
    extract = write_yaml(tmp_path / "trich.yaml", data)
    with pytest.raises(CheckFailed, match=r"\(2018-2013\)"):
        run_issue(copy_yaml(tmp_path / "t.yaml", extract, loai="trich-sao"), store, root)
    assert [e.number for e in store.entries(2024)] == [1]


def test_a_failed_conversion_gives_the_number_back(store: RegisterStore, tmp_path: Path) -> None:
    root = tmp_path / "archive"
    original = issued_original(store, root)
    before = archive_files(root)

    def broken(*_: object) -> Path:
        raise ConversionError("LibreOffice báo lỗi (giả lập)")

    request = copy_yaml(tmp_path / "c.yaml", original)
    with pytest.raises(ConversionError):
        run_issue(request, store, root, convert=broken)
    assert archive_files(root) == before
    assert [e.stream for e in store.entries(2024)] == [HANH_CHINH]
    assert run_issue(request, store, root).entry.number_symbol == "01/SY-BQL"


def test_a_copy_with_a_typed_number_and_the_same_request_twice_are_refused(
    store: RegisterStore, tmp_path: Path
) -> None:
    root = tmp_path / "archive"
    original = issued_original(store, root)
    typed = copy_yaml(tmp_path / "so.yaml", original, so=4, ngay="2024-05-10")
    with pytest.raises(InputError, match="bản sao đã có số 04") as refused:
        run_issue(typed, store, root)
    assert refused.value.field == "so"
    request = copy_yaml(tmp_path / "c.yaml", original)
    run_issue(request, store, root)
    before = archive_files(root)
    with pytest.raises(RegisterError, match="đã được cấp số 01/SY-BQL"):
        run_issue(request, store, root)
    assert archive_files(root) == before


def test_an_unknown_luu_unit_is_named(store: RegisterStore, tmp_path: Path) -> None:
    root = tmp_path / "archive"
    original = issued_original(store, root)
    with pytest.raises(InputError, match="đơn vị `XYZ`") as refused:
        run_issue(copy_yaml(tmp_path / "c.yaml", original, luu=["XYZ"]), store, root)
    assert refused.value.field == "luu[1]"


def _issue_and_die(root: str, source: str, step: str) -> None:
    """Child process: issue `source`, SIGKILLed when the pipeline reaches `step`."""

    def probe(name: str) -> None:
        if name == step:
            os.kill(os.getpid(), signal.SIGKILL)

    with open_register(Path(root), "BQL", clock=FixedClock(DEFAULT_NOW)) as store:
        issue(
            Path(source),
            REFERENCE_PROFILE,
            archive=Path(root),
            store=store,
            templates=templates_dir(),
            convert=fake_pdf,
            probe=probe,
        )


@pytest.mark.slow
def test_sigkill_at_each_step_of_a_copy_leaves_all_or_nothing(tmp_path: Path) -> None:
    """Killed at each step in turn: before COMMIT nothing is kept, after it the copy is complete
    once the next issue recovers the staging folder; the copy stream has no gap."""
    root = tmp_path / "archive"
    with open_register(root, "BQL", clock=FixedClock(DEFAULT_NOW)) as store:
        original = issued_original(store, root)
    context = multiprocessing.get_context("spawn")
    consumed = 0
    for i, step in enumerate(STEPS):
        source = copy_yaml(tmp_path / f"{i}.yaml", original, noi_nhan=[f"Nơi nhận {i}"])
        child = context.Process(target=_issue_and_die, args=(str(root), str(source), step))
        child.start()
        child.join(timeout=120)
        assert child.exitcode == -signal.SIGKILL, step
        consumed += step in ("committed", "placed")
        with open_register(root, "BQL", clock=FixedClock(DEFAULT_NOW)) as store:
            recover_staging(root, store)
            copies = [e for e in store.entries(2024) if e.stream == BAN_SAO]
            assert [e.number for e in copies] == list(range(1, consumed + 1)), step
            report = check_archive(root, store, signatures=False)
            assert report.ok, (step, report.problems)


@pytest.mark.libreoffice
def test_with_signing_the_copy_block_gets_the_signature_and_the_seal(
    store: RegisterStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The agency's signature (seal visible) sits in the copy block, below `SAO Y` on the last
    page, not on the copied document's own signature block (same signer); it verifies."""
    needs_libreoffice()
    from pypdf import PdfReader

    from docgen.pdf.verify import verify_pdf
    from tests.support.pdf_text import find

    profile, root_cert = signing_profile(tmp_path)
    monkeypatch.setenv("DOCGEN_SIGN_PASSWORD", "pw")
    root = tmp_path / "archive"
    original = issued_original(store, root)  # unsigned profile: the fast converter
    result = issue(
        copy_yaml(tmp_path / "c.yaml", original, hinh_thuc="giay"),  # [signing]: else electronic
        profile,
        archive=root,
        store=store,
        templates=templates_dir(),
    )
    assert result.entry.number_symbol == "01/SY-BQL"
    report = verify_pdf(result.pdf, [root_cert])
    assert report.ok, report.all_problems()
    pages = PdfReader(result.pdf).pages
    last = len(pages) - 1
    widgets = [
        [float(v) for v in annot.get_object()["/Rect"]]
        for annot in pages[last].get("/Annots", [])
        if annot.get_object().get("/Subtype") == "/Widget"
    ]
    (rect,) = widgets
    assert max(rect[1], rect[3]) < find(result.pdf, last, "SAO Y").y

"""`docgen issue … --reserved 5`: a number reserved earlier (`docgen register reserve`) is issued
into, its row going from "Giữ số" to issued; a number not reserved for this document is refused
before any work, and nothing is taken or written (both registers)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from docgen.archive.register import RegisterStore
from docgen.errors import RegisterError
from docgen.model.kinds import Kind
from docgen.model.register import EntryKey, EntryStatus
from docgen.services.draft import draft
from docgen.services.settings import templates_dir
from tests.conftest import REFERENCE_PROFILE
from tests.integration.test_issue_service import CORRECTED, archive_files, run_issue

ON = dt.date(2024, 5, 10)


def reserve(store: RegisterStore, symbol: str = "BQL-KHTH", **fields: object) -> int:
    with store.unit_of_work() as uow:
        entry = uow.reserve("hanh_chinh", symbol, year=2024, **fields)  # type: ignore[arg-type]
        uow.commit()
    return entry.number


def test_a_reserved_number_is_issued_into(store: RegisterStore, tmp_path: Path) -> None:
    root = tmp_path / "archive"
    held = reserve(store, kind=Kind.CONG_VAN, subject="mời xét chọn", note="giữ cho KHTH")
    later = run_issue(CORRECTED, store, root, on=ON)  # another clerk takes the next number
    assert (held, later.entry.number) == (1, 2)
    result = run_issue(EXAMPLE_COPY(tmp_path), store, root, on=ON, reserved=held)
    assert result.entry.number_symbol == "01/BQL-KHTH"
    row = store.entry(EntryKey(2024, "hanh_chinh", 1))
    assert row is not None and row.status is EntryStatus.ISSUED and row.date == ON
    assert [e.number for e in store.entries(2024) if e.status is EntryStatus.ISSUED] == [1, 2]
    assert "van-thu/2024/van-ban-di/hanh_chinh/01-BQL-KHTH.pdf" in archive_files(root)
    with pytest.raises(RegisterError, match="đã được cấp cho văn bản ngày 10/05/2024"):
        run_issue(EXAMPLE_COPY(tmp_path, "lan-2"), store, root, on=ON, reserved=held)


def EXAMPLE_COPY(folder: Path, name: str = "ban-sao") -> Path:
    """The corrected reference dispatch under another name (another draft: another digest)."""
    text = CORRECTED.read_text("utf-8").replace("năm 2024", f"năm 2024 ({name})", 1)
    path = folder / f"{name}.yaml"
    path.write_text(text, "utf-8")
    return path


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda s: reserve(s, "QĐ-BQL"), r"được giữ với ký hiệu QĐ-BQL, không phải BQL-KHTH"),
        (lambda s: reserve(s, kind=Kind.TO_TRINH), r"được giữ cho tờ trình, văn bản này là công"),
        (lambda s: reserve(s, note="Lô 0123456789ab, dòng 7"), r"do một lô cấp số theo danh"),
        (lambda s: 9, r"số 09 năm 2024 \(sổ hanh_chinh\) chưa được giữ"),
    ],
    ids=["other-symbol", "other-type", "a-batch-s", "never-reserved"],
)
def test_a_number_not_reserved_for_this_document_is_refused_before_any_work(
    store: RegisterStore, tmp_path: Path, make: object, message: str
) -> None:
    number = make(store)  # type: ignore[operator]
    before = store.entries(2024)
    with pytest.raises(RegisterError, match=message) as error:
        run_issue(CORRECTED, store, tmp_path / "archive", on=ON, reserved=number)
    assert error.value.field == "--reserved"
    assert store.entries(2024) == before
    assert archive_files(tmp_path / "archive") == []


def test_a_cancelled_reservation_is_refused(store: RegisterStore, tmp_path: Path) -> None:
    held = reserve(store)
    store.cancel(EntryKey(2024, "hanh_chinh", held), "dự thảo bỏ")
    with pytest.raises(RegisterError, match="đã bị hủy: dự thảo bỏ"):
        run_issue(CORRECTED, store, tmp_path / "archive", on=ON, reserved=held)


def test_a_word_draft_is_issued_into_a_reserved_number(
    store: RegisterStore, tmp_path: Path
) -> None:
    word = tmp_path / "du-thao.docx"
    draft(CORRECTED, REFERENCE_PROFILE, word, pdf=False, templates=templates_dir(), today=ON)
    held = reserve(store)
    run_issue(EXAMPLE_COPY(tmp_path), store, tmp_path / "archive", on=ON)
    result = run_issue(word, store, tmp_path / "archive", on=ON, reserved=held)
    assert result.entry.number == 1


def test_a_yaml_with_a_number_points_to_reserved(store: RegisterStore, tmp_path: Path) -> None:
    source = tmp_path / "so.yaml"
    text = CORRECTED.read_text("utf-8").replace("ngay: {nam: 2024, thang: 3}", "ngay: 2024-03-05")
    source.write_text(text + "so: 5\n", "utf-8")
    with pytest.raises(Exception, match="đã có số 05") as error:
        run_issue(source, store, tmp_path / "archive", on=ON)
    assert "--reserved 5" in getattr(error.value, "hint", "")

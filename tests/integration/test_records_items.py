"""A document put into the wrong hồ sơ is taken out, or moved to another, while both files are
open (docs/records/hoso.md): one transaction that records why (`GV-…`); every refusal (no
reason, a closed file, a document not in it, the same file, a target that holds it already)
says what to do and changes nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from docgen.archive import open_register
from docgen.archive import records as rs
from docgen.archive import records_actions as ra
from docgen.archive.register import RegisterStore
from docgen.errors import ArchiveError, DocgenError
from docgen.inputs.profile import load_profile
from docgen.model.records import FileStatus, Role
from docgen.services import records
from docgen.services.records_items import remove
from tests.conftest import REFERENCE_PROFILE
from tests.integration.conftest import FixedClock
from tests.support.records_year import documents, file_document, pdf_bytes, write_plan

AGENCY = load_profile(REFERENCE_PROFILE)


def _state(store: RegisterStore) -> tuple[object, ...]:
    db, agency = store.db, store.agency
    return (
        db.all("SELECT * FROM records_items WHERE agency = ? ORDER BY notation, doc_id", (agency,)),
        db.all("SELECT * FROM records_actions WHERE agency = ? ORDER BY id", (agency,)),
        [f.status for f in records.files(store, year=2025)],
    )


@pytest.fixture
def filed(tmp_path: Path) -> Iterator[tuple[RegisterStore, Path, list[str]]]:
    """The 2025 plan, two KHTH documents in file 03 (one original, one reference)."""
    clock = FixedClock(dt.datetime(2025, 12, 1, 2, 0, tzinfo=dt.UTC))
    root = tmp_path / "archive"
    with open_register(root, "BQL", clock=clock) as store:
        records.import_plan(store, AGENCY, 2025, write_plan(tmp_path / "dmhs.xlsx", AGENCY))
        ids = []
        for index, doc in enumerate([d for d in documents() if d.target == "03"][:2]):
            row = file_document(store, root, AGENCY, doc, pdf_bytes(doc, index), 1744 + index)
            ids.append(row.doc_id)
        records.assign(store, root, ids[0], "2025.03.KHTH")
        records.assign(store, root, ids[1], "2025.01.KHTH")
        records.assign(store, root, ids[1], "2025.03.KHTH", reference=True)
        yield store, root, ids


def test_a_document_moved_keeps_its_role_and_the_reason_is_recorded(
    filed: tuple[RegisterStore, Path, list[str]],
) -> None:
    store, _root, (first, second) = filed
    moved = remove(store, first, "2025.03.KHTH", reason="đưa nhầm hồ sơ",
                   to="2025.04.KHTH", by="vanthu")  # fmt: skip
    assert moved.role is Role.ORIGINAL and moved.target is not None
    assert [i.notation for i in rs.items_of(store.db, store.agency, first)] == ["2025.04.KHTH"]
    assert rs.items_of(store.db, store.agency, first)[0].role is Role.ORIGINAL
    assert moved.action.id == "GV-2025-01"
    kept = ra.action(store.db, store.agency, "GV-2025-01")
    assert kept is not None and kept.kind == ra.REMOVAL and kept.unit == "KHTH"
    assert kept.payload == {
        "files": ["2025.03.KHTH", "2025.04.KHTH"], "document": first,
        "notation": moved.row.notation, "role": "goc", "reason": "đưa nhầm hồ sơ",
        "moved_to": "2025.04.KHTH", "by": "vanthu",
    }  # fmt: skip
    # a reference taken out: the original elsewhere stays where it is
    out = remove(store, second, "2025.03.KHTH", reason="không liên quan")
    assert out.role is Role.REFERENCE and out.target is None and out.action.id == "GV-2025-02"
    assert [i.notation for i in rs.items_of(store.db, store.agency, second)] == ["2025.01.KHTH"]
    assert records.view(store, "2025.03.KHTH").entries == ()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({"reason": " "}, "chưa ghi lý do gỡ văn bản khỏi hồ sơ"),
        ({"notation": "2025.02.KHTH"}, "không có trong hồ sơ 2025.02.KHTH"),
        ({"to": "2025.03.KHTH"}, "văn bản đã ở hồ sơ 2025.03.KHTH"),
        ({"document": "second", "to": "2025.01.KHTH"}, "đã có trong hồ sơ 2025.01.KHTH"),
        ({"to": "2025.99.KHTH"}, "không có hồ sơ 2025.99.KHTH"),
        ({"notation": "2025.01.KHTH", "document": "second", "closed": "2025.01.KHTH"},
         "hồ sơ 2025.01.KHTH đã kết thúc"),
        ({"to": "2025.02.KHTH", "closed": "2025.02.KHTH"}, "hồ sơ 2025.02.KHTH đã kết thúc"),
    ],
)  # fmt: skip
def test_a_refusal_changes_nothing(
    filed: tuple[RegisterStore, Path, list[str]], args: dict[str, str], message: str
) -> None:
    store, _root, (first, second) = filed
    if "closed" in args:  # closed as `records_close` leaves it (its forms are another test's)
        hoso = records.get_file(store, args["closed"])
        with store.db.transaction():
            rs.update_file(store.db, store.agency, replace(
                hoso, status=FileStatus.CLOSED, end_date=dt.date(2025, 11, 30)))  # fmt: skip
    before = _state(store)
    document = second if args.get("document") == "second" else first
    with pytest.raises(DocgenError) as refused:
        remove(store, document, args.get("notation", "2025.03.KHTH"),
               reason=args.get("reason", "đưa nhầm"), to=args.get("to"))  # fmt: skip
    assert message in str(refused.value) and refused.value.hint
    assert _state(store) == before


def test_at_the_command_line(
    filed: tuple[RegisterStore, Path, list[str]], capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.e2e.test_filing_cli import run

    store, root, (first, _second) = filed
    common = ("--profile", str(REFERENCE_PROFILE), "--archive", str(root))
    notation = records.find_document(store, first, year=2025).notation
    code, out, err = run(capsys, "hoso", "remove", first, "2025.03.KHTH", "--to", "2025.04.KHTH",
                         "--reason", "đưa nhầm hồ sơ", *common)  # fmt: skip
    assert code == 0, err
    assert out.strip() == (
        f"Đã gỡ văn bản {notation} (bản gốc) khỏi hồ sơ 2025.03.KHTH và đưa vào hồ sơ "
        "2025.04.KHTH; ghi nhật ký GV-2025-01."
    )
    code, out, err = run(capsys, "hoso", "remove", first, "2025.03.KHTH", "--reason", "x", *common)
    lines = err.strip().splitlines()
    assert code == ArchiveError.exit_code and len(lines) <= 2 and "không có trong hồ sơ" in lines[0]
    assert "Traceback" not in err
    code, out, err = run(capsys, "hoso", "actions", "--year", "2025", *common)
    assert code == 0 and f"văn bản {notation}, lý do: đưa nhầm hồ sơ" in out

"""The file plan printed as its PL5 form (`docgen hoso plan --docx`): the five columns and their
numbers, each heading as a row across them, every file of the plan, the closing count — the same
bytes each time."""

from __future__ import annotations

import io
import itertools
from pathlib import Path

import docx
import pytest

from docgen.archive import open_register
from docgen.archive.records_forms import PLAN_HEADERS
from docgen.errors import InputError
from docgen.inputs.profile import load_profile
from docgen.services import records
from tests.conftest import REFERENCE_PROFILE
from tests.e2e.test_filing_cli import run
from tests.support.records_year import YEAR, write_plan

AGENCY = load_profile(REFERENCE_PROFILE)


def _cells(row: object) -> list[str]:
    """The text of each distinct cell of a table row (a merged cell once)."""
    seen: list[object] = []
    texts = []
    for cell in row.cells:  # type: ignore[attr-defined]
        if cell._tc not in seen:
            seen.append(cell._tc)
            texts.append(cell.text)
    return texts


def test_the_printed_plan_has_the_forms_columns_headings_files_and_count(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "archive"
    common = ("--profile", str(REFERENCE_PROFILE), "--archive", str(root))
    out = tmp_path / "danh-muc.docx"
    code, _, err = run(capsys, "hoso", "plan", "--year", str(YEAR), "--docx", str(out), *common)
    assert code == InputError.exit_code and f"chưa có danh mục hồ sơ năm {YEAR}" in err
    assert not out.exists()
    with open_register(root, "BQL") as store:
        records.import_plan(store, AGENCY, YEAR, write_plan(tmp_path / "dmhs.xlsx", AGENCY))
        plan = records.plan_of(store, YEAR)
    assert plan is not None
    code, said, err = run(capsys, "hoso", "plan", "--year", str(YEAR), "--docx", str(out), *common)
    assert code == 0, err
    assert f"{len(plan.rows)} hồ sơ" in said and "in và trình ký" in said
    document = docx.Document(io.BytesIO(out.read_bytes()))
    texts = [p.text for p in document.paragraphs]
    assert f"DANH MỤC HỒ SƠ CỦA {AGENCY.name.upper()}" in texts and f"Năm {YEAR}" in texts
    assert texts[-1] == plan.footer()
    (table,) = document.tables
    assert _cells(table.rows[0]) == list(PLAN_HEADERS)
    assert _cells(table.rows[1]) == ["(1)", "(2)", "(3)", "(4)", "(5)"]
    body = [_cells(r) for r in table.rows[2:]]
    headings = [cells[0] for cells in body if len(cells) == 1]
    files = [cells for cells in body if len(cells) == 5]
    # a heading's row each time the plan's heading changes, in the plan's order
    changes = [h for h, _ in itertools.groupby(r.heading for r in plan.rows if r.heading)]
    assert headings == changes and len(set(headings)) > 1
    assert [(c[0], c[1], c[2]) for c in files] == [
        (r.code, r.title, r.retention.label) for r in plan.rows
    ]
    again = tmp_path / "lan-hai.docx"
    code, _, _ = run(capsys, "hoso", "plan", "--year", str(YEAR), "--docx", str(again), *common)
    assert code == 0 and again.read_bytes() == out.read_bytes()  # the same bytes each time
    code, _, err = run(
        capsys, "hoso", "plan", "--year", str(YEAR), "--docx", str(again), "--version", "9",
        *common,
    )  # fmt: skip
    assert code == InputError.exit_code and "không có phiên bản 9" in err

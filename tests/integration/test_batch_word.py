"""`docgen batch du-thao.docx nguoi-nhan.xlsx --one-per-recipient`: a Word draft issued once per
recipient, each with its own number, date and Kính gửi line, the rest of the file as written."""

from __future__ import annotations

from pathlib import Path

import pytest

from docgen.archive.register import RegisterStore
from docgen.errors import InputError
from docgen.render.inspect import read_docx
from docgen.services.batch import plan_batch, run_batch
from docgen.services.draft import draft
from docgen.services.settings import templates_dir
from tests.conftest import REFERENCE_PROFILE
from tests.integration.batch_support import DAY, issued, name, write_dispatch, write_sheet
from tests.integration.test_issue_service import fake_pdf


def word_dispatch(folder: Path) -> Path:
    """The batch tests' công văn, drafted to Word as a specialist would receive it."""
    target = folder / "cong-van.docx"
    draft(write_dispatch(folder / "cv.yaml"), REFERENCE_PROFILE, target, pdf=False,
          templates=templates_dir(), today=DAY)  # fmt: skip
    return target


def test_each_recipient_gets_the_word_draft_with_its_own_number_and_kinh_gui(
    store: RegisterStore, tmp_path: Path
) -> None:
    source = word_dispatch(tmp_path)
    before = [p.text for p in read_docx(source.read_bytes()).paragraphs]
    plan = plan_batch(
        source, write_sheet(tmp_path / "nguoi-nhan.csv", 12), REFERENCE_PROFILE,
        one_per_recipient=True, today=DAY,
    )  # fmt: skip
    result = run_batch(plan, archive=tmp_path / "archive", store=store,
                       templates=templates_dir(), jobs=2, convert=fake_pdf)  # fmt: skip
    assert result.issued_now == 12
    rows = issued(store.entries(DAY.year, "hanh_chinh"))
    assert [e.number for e in rows] == list(range(1, 13))
    for _, entry in result.entries:
        assert entry.recipients[0] == name(entry.number)
        docx_name = next(f for f in entry.files if f.endswith(".docx"))
        issued_docx = tmp_path / "archive" / "van-thu" / "2024" / "van-ban-di" / "hanh_chinh"
        after = [p.text for p in read_docx((issued_docx / docx_name).read_bytes()).paragraphs]
        assert f"Kính gửi: {name(entry.number)}." in after
        assert f"Số: {entry.number:02d}/BQL-KHTH" in after
        kept = [t for t in after if not t.startswith(("Số:", "Hà Nội,", "Kính gửi", "- "))]
        assert kept == [t for t in before if not t.startswith(("Số:", "Hà Nội,", "Kính gửi", "- "))]
    again = plan_batch(source, plan.recipients_file, REFERENCE_PROFILE, one_per_recipient=True,
                       today=DAY)  # fmt: skip
    rerun = run_batch(again, archive=tmp_path / "archive", store=store,
                      templates=templates_dir(), jobs=2, convert=fake_pdf)  # fmt: skip
    assert (rerun.issued_now, rerun.skipped) == (0, 12)


def test_one_document_for_the_whole_list_is_refused_for_a_word_draft(tmp_path: Path) -> None:
    source = word_dispatch(tmp_path)
    with pytest.raises(InputError, match="mỗi người nhận một văn bản") as error:
        plan_batch(source, write_sheet(tmp_path / "nn.csv", 3), REFERENCE_PROFILE,
                   one_per_recipient=False, today=DAY)  # fmt: skip
    assert "--one-per-recipient" in error.value.hint

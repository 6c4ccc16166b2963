"""Shared by the per-type tests: the example inputs of each type, rendering, text extraction."""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path
from typing import Any

import docx

from docgen.inputs.copy import CopyRequest, load_input
from docgen.inputs.profile import load_profile
from docgen.model.agency import Agency
from docgen.services.draft import render_appendix_files, render_copy, render_document
from docgen.services.settings import templates_dir
from tests.conftest import EXAMPLES, FIXED_TODAY, REFERENCE_PROFILE

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "types"
#: example input per type → the symbol it gets (docs/format/number-and-date.md); "" for no Số
#: line (a thư công
#: of an agency that leaves them unnumbered, the example profile's default)
EXAMPLE_SYMBOLS = {
    "bql-qd-giao-nhiem-vu": "QĐ-BQL",
    "bql-kh-xet-chon-spcncl": "KH-BQL",
    "bql-tb-lich-tiep-doanh-nghiep": "TB-BQL",
    "bql-ttr-kinh-phi-xuc-tien": "TTr-BQL",
    "bql-gm-hoi-nghi-doanh-nghiep": "GM-BQL",
    "bql-ggt-cong-tac": "GGT-BQL",
    "bql-bb-hop-giao-ban": "BB-BQL",
    "bql-cd-phong-chong-bao": "CĐ-BQL",
    "bql-gnp-nghi-phep": "GNP-BQL",
    "bql-qd-giao-nhiem-vu-da-ban-hanh": "QĐ-BQL",
    "bql-cv-de-nghi-so-lieu": "BQL-QLDN",
    "bql-nq-hoi-dong-thi-dua": "NQ-BQL",
    "bql-hd-dich-vu-ve-sinh": "HĐ-BQL",
    "bql-bgn-hop-tac-dao-tao": "BGN-BQL",
    "bql-bc-thu-hut-dau-tu": "BC-BQL",
    "bql-sao-y-qd": "SY-BQL",
    "bql-thu-chuc-mung-doanh-nhan": "",
}
#: findings every draft may carry: the number and day the records office fills in
DRAFT_BLANKS = {"number_blank", "date_blank"}


def agency(*, single_period: bool = True) -> Agency:
    """The example profile; `single_period=False` is the decree's own `Kính gửi: X` (no period)."""
    loaded = load_profile(REFERENCE_PROFILE)
    style = dataclasses.replace(loaded.style, kinh_gui_single_period=single_period)
    return dataclasses.replace(loaded, style=style)


def render_example(stem: str, who: Agency | None = None) -> bytes:
    who = who or agency()
    document = load_input(EXAMPLES / f"{stem}.yaml", who, today=FIXED_TODAY)
    if isinstance(document, CopyRequest):
        return render_copy(document, who, templates_dir())
    return render_document(document, who, templates_dir())


def render_appendices(stem: str) -> list[tuple[str, bytes]]:
    """The appendix files of an example that issues its appendices separately."""
    who = agency()
    document = load_input(EXAMPLES / f"{stem}.yaml", who, today=FIXED_TODAY)
    if isinstance(document, CopyRequest):
        return []
    return render_appendix_files(document, who, templates_dir())


def texts(data: bytes) -> list[str]:
    """Every non-empty paragraph in reading order, table cells row by row, left to right."""
    body = docx.Document(io.BytesIO(data))
    out: list[str] = []
    for element in body.element.body.iterchildren():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "p":
            out.append(docx.text.paragraph.Paragraph(element, body).text)
        elif tag == "tbl":
            table = docx.table.Table(element, body)
            for row in table.rows:
                for cell in row.cells:
                    out.extend(p.text for p in cell.paragraphs)
    return [t for t in out if t.strip()]


def open_docx(data: bytes) -> Any:
    return docx.Document(io.BytesIO(data))

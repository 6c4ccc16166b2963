"""Builds the official .docx templates from code, so every template shares the same building blocks.

`python -m docgen.render.template_build` rewrites `templates/official/*.docx`; a test proves the
committed files are exactly what this code produces. A clerk may still open a template in Word and
edit its static text: the render step finds the parts it resizes by style id and table caption.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from docgen.model.kinds import Kind
from docgen.render import ooxml
from docgen.render.design import COPY_TABLE
from docgen.render.template_blocks import (
    appendices,
    appendix,
    body_block,
    bottom_table,
    first_cell_paragraph,
    header_and_footer,
    header_table,
    kinh_gui_block,
    new_template,
    noi_nhan,
    signature,
    title_block,
)

TEMPLATES_DIR = Path(__file__).resolve().parents[2] / "templates" / "official"


def build_appendix_file() -> Any:
    """An appendix in its own file (PL1 III.1, Mẫu 2.1): its own page numbers, no ô 13."""
    doc, b = new_template()
    header_and_footer(doc, b, address=False)
    b.tag(doc, "ND30PhuLuc", "for pl in phu_luc")
    appendix(doc, b)
    b.tag(doc, "ND30PhuLuc", "endfor")
    return doc


def build_cong_van() -> Any:
    """The công văn template (Mẫu 1.5): header, V/v under the number, Kính gửi, body, bottom block."""
    doc, b = new_template()
    header_and_footer(doc, b)
    header_table(doc, b, cong_van=True)
    kinh_gui_block(doc, b)
    body_block(doc, b)
    bottom_table(doc, b)
    appendices(doc, b)
    return doc


def build_named(
    *, trich_yeu: bool = True, kinh_gui: bool = False, two_signatures: bool = False
) -> Any:
    """A named type (Mẫu 1.1–1.4, 1.6–1.10): header, ô 5a, optional Kính gửi, body, bottom block.

    The type-specific lines (căn cứ, `QUYẾT ĐỊNH:`, giấy mời time and place, …) are body
    paragraphs with their own roles, so every type gets them from the same block.
    """
    doc, b = new_template()
    header_and_footer(doc, b)
    header_table(doc, b, cong_van=False)
    title_block(doc, b, trich_yeu=trich_yeu)
    if kinh_gui:
        kinh_gui_block(doc, b, optional=True)
    body_block(doc, b)
    bottom_table(doc, b, two_signatures=two_signatures)
    appendices(doc, b)
    return doc


def build_thu_cong() -> Any:
    """A thư công (no PL3 template; docs/format/number-and-date.md): the named types' blocks —
    header, the title `THƯ CHÚC MỪNG` with no trích yếu, an optional Kính gửi, body, the signature
    and an optional Nơi nhận. Its Số line is empty when the agency leaves thư công unnumbered (the
    profile's `[numbering] thu_cong`); no phụ lục."""
    doc, b = new_template()
    header_and_footer(doc, b)
    header_table(doc, b, cong_van=False)
    title_block(doc, b, trich_yeu=False)
    kinh_gui_block(doc, b, optional=True)
    body_block(doc, b)
    bottom_table(doc, b, optional_noi_nhan=True)
    return doc


def build_copy_block() -> Any:
    """The paper copy block (PL1-P2 II, Mẫu 3.1): a full-width rule, then a table whose left column
    holds the copying agency, its copy number and Nơi nhận and whose right column the copy form,
    place and date and the signature. The render step appends it to the copied document."""
    doc, b = new_template()
    rule = b.p(doc, "ND30KeBanSao")
    table = doc.add_table(rows=2, cols=2)
    ooxml.hide_table_borders(table)
    ooxml.set_caption(table, COPY_TABLE)
    ooxml.keep_row_together(table.rows[0])
    ooxml.keep_row_together(table.rows[1])
    left, right = table.rows[0].cells
    first_cell_paragraph(left, b, "ND30CoQuan", "{{ co_quan }}")
    b.p(left, "ND30KeNganCoQuan")
    b.p(left, "ND30So", "{{ so }}")
    first_cell_paragraph(right, b, "ND30HinhThucSao", "{{ ten_loai }}")  # SAO Y, …
    b.p(right, "ND30DiaDanh", "{{ dia_danh_ngay }}")
    # the rule and the copy's header stay on the page of its signature (one block, Mẫu 3.1)
    rule.paragraph_format.keep_with_next = True
    for cell in table.rows[0].cells:
        for paragraph in cell.paragraphs:
            paragraph.paragraph_format.keep_with_next = True
    left, right = table.rows[1].cells
    noi_nhan(left, b)
    signature(right, b, "chu_ky", "ho_ten")
    return doc


#: the decree's templates (PL3) and the types that use each (docs/format/number-and-date.md)
TEMPLATE_OF: dict[Kind, str] = {kind: "van-ban" for kind in Kind if kind.info.abbreviation}
TEMPLATE_OF.update(
    {
        Kind.CONG_VAN: "cong-van",
        Kind.NGHI_QUYET: "nghi-quyet",
        Kind.QUYET_DINH: "quyet-dinh",
        Kind.CONG_DIEN: "cong-dien",
        Kind.GIAY_MOI: "giay-moi",
        Kind.GIAY_GIOI_THIEU: "giay-gioi-thieu",
        Kind.BIEN_BAN: "bien-ban",
        Kind.GIAY_NGHI_PHEP: "giay-nghi-phep",
        # the instruments two parties sign (no PL3 template): the other party on the left
        Kind.HOP_DONG: "hop-dong",
        Kind.BAN_GHI_NHO: "hop-dong",
        Kind.BAN_THOA_THUAN: "hop-dong",
        Kind.THU_CONG: "thu-cong",  # no PL3 template either
    }
)
COPY_BLOCK = "ban-sao"
APPENDIX_FILE = "phu-luc"

BUILDERS: dict[str, Callable[[], Any]] = {
    "cong-van": build_cong_van,  # Mẫu 1.5
    "nghi-quyet": build_named,  # Mẫu 1.1: QUYẾT NGHỊ: comes from the body rules
    "quyet-dinh": build_named,  # Mẫu 1.2, 1.3
    # Mẫu 1.4, the generic named type; Kính gửi shows for a tờ trình or báo cáo sent up
    "van-ban": lambda: build_named(kinh_gui=True),
    "cong-dien": build_named,  # Mẫu 1.6
    "giay-moi": build_named,  # Mẫu 1.7
    "giay-gioi-thieu": lambda: build_named(trich_yeu=False),  # Mẫu 1.8
    "bien-ban": lambda: build_named(two_signatures=True),  # Mẫu 1.9
    "giay-nghi-phep": lambda: build_named(trich_yeu=False),  # Mẫu 1.10
    # hợp đồng, bản ghi nhớ, bản thỏa thuận (no PL3 template): the two parties sign
    "hop-dong": lambda: build_named(two_signatures=True),
    "thu-cong": build_thu_cong,  # no PL3 template: the named types' blocks, no trích yếu
    COPY_BLOCK: build_copy_block,  # Mẫu 3.1
    APPENDIX_FILE: build_appendix_file,  # an appendix issued as its own file
}


def write_templates(directory: Path = TEMPLATES_DIR) -> list[Path]:
    """Write every template into `directory`; returns the paths written."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for slug, build in sorted(BUILDERS.items()):
        path = directory / f"{slug}.docx"
        build().save(str(path))
        written.append(path)
    return written


if __name__ == "__main__":
    for written_path in write_templates(Path(sys.argv[1]) if len(sys.argv) > 1 else TEMPLATES_DIR):
        print(written_path)

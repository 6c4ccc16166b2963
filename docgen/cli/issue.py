"""`docgen issue INPUT.yaml|DU-THAO.docx`: number, date, DOCX + PDF and the register row, in one
step; a Word draft keeps its own formatting (only the number and the date are written in)."""

from __future__ import annotations

import os
import signal
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from docgen.cli.options import archive_options, date_option, day_option, opened, prompting_secrets
from docgen.inputs.word import WordOptions
from docgen.services import settings
from docgen.services.issue import issue as issue_service


def _probe(step: str) -> None:
    if settings.crash_step() == step:
        os.kill(os.getpid(), signal.SIGKILL)


def word_options(function: Callable[..., Any]) -> Callable[..., Any]:
    """--type, --unit, --signer: what a Word draft leaves unclear (docgen names the one needed)."""
    for option in reversed(
        (
            click.option(
                "--type",
                "--loai",
                "kind",
                metavar="LOẠI",
                help="Loại văn bản của tệp Word khi docgen không tự xác định được "
                "(cong-van, quyet-dinh, to-trinh …).",
            ),
            click.option(
                "--unit",
                "--don-vi",
                "unit",
                metavar="ĐƠN-VỊ",
                help="Đơn vị soạn thảo của tệp Word (KHTH …) khi dòng Lưu có nhiều đơn vị.",
            ),
            click.option(
                "--signer",
                "--nguoi-ky",
                "signer",
                metavar="MÃ",
                help="Mã người ký trong hồ sơ cơ quan khi tệp Word chưa ghi rõ người ký.",
            ),
            click.option(
                "--phu-luc",
                "appendices",
                metavar="TỆP.docx",
                multiple=True,
                type=click.Path(path_type=Path, dir_okay=False),
                help="Phụ lục làm thành tệp Word riêng (ghi lần lượt: --phu-luc pl1.docx "
                "--phu-luc pl2.docx); phụ lục ở cuối văn bản chính thì không cần.",
            ),
        )
    ):
        function = option(function)
    return function


@click.command()
@click.argument(
    "input_file",
    metavar="INPUT.yaml|DU-THAO.docx",
    type=click.Path(path_type=Path, dir_okay=False),
)
@archive_options
@date_option
@click.option(
    "--reserved",
    "--giu-so",
    "reserved",
    metavar="SỐ",
    type=click.IntRange(1, 999_999),
    help="Cấp văn bản vào số đã giữ trước (docgen register reserve), ví dụ --reserved 5.",
)
@word_options
def issue(
    input_file: Path,
    profile: Path | None,
    archive: Path | None,
    database_url: str | None,
    on: str | None,
    reserved: int | None,
    kind: str | None,
    unit: str | None,
    signer: str | None,
    appendices: tuple[Path, ...],
) -> None:
    """Cấp số, ghi ngày, tạo DOCX và PDF và vào sổ đăng ký văn bản đi — trong một bước.

    INPUT là tệp YAML của docgen hoặc bản dự thảo Word (.docx) chuyên viên đã soạn: với tệp Word,
    docgen chỉ ghi số và ngày vào đúng chỗ, giữ nguyên định dạng của người soạn.
    """
    with opened(profile, archive, database_url) as (_agency, root, store):
        result = issue_service(
            input_file,
            settings.profile_path(profile),
            archive=root,
            store=store,
            templates=settings.templates_dir(),
            probe=_probe,
            on=day_option(on, "--date") if on else None,
            word=WordOptions(kind, unit, signer, appendices),
            reserved=reserved,
            secrets=prompting_secrets(),
        )
    entry = result.entry
    assert entry.date is not None
    click.echo(
        f"Đã cấp số {entry.number_symbol} ngày {entry.date:%d/%m/%Y} "
        f"(sổ {entry.stream}, năm {entry.year})."
    )
    for path in (result.docx, result.pdf, *result.appendices):
        click.echo(f"  {path}")
    for warning in result.warnings:
        click.echo(f"Cảnh báo: {warning}", err=True)

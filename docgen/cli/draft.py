"""`docgen draft INPUT.yaml [-o OUT.docx] [--pdf] [--profile docgen.toml]`."""

from __future__ import annotations

from pathlib import Path

import click

from docgen.services import settings
from docgen.services.draft import draft as draft_service


@click.command()
@click.argument("input_file", metavar="INPUT.yaml", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Tệp .docx kết quả (mặc định: cùng tên với INPUT, đuôi .docx).",
)
@click.option("--pdf", is_flag=True, help="Tạo thêm tệp PDF bằng LibreOffice.")
@click.option(
    "--profile",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Hồ sơ cơ quan (mặc định: DOCGEN_PROFILE hoặc ./docgen.toml).",
)
def draft(input_file: Path, output: Path | None, pdf: bool, profile: Path | None) -> None:
    """Soạn văn bản (bản dự thảo) từ tệp YAML theo đúng thể thức Nghị định 30."""
    out = output or input_file.with_suffix(".docx")
    result = draft_service(
        input_file,
        settings.profile_path(profile),
        out,
        pdf=pdf,
        templates=settings.templates_dir(),
        today=settings.now_vietnam().date(),
    )
    click.echo(f"Đã soạn: {result.docx}")
    if result.pdf is not None:
        click.echo(f"Đã tạo PDF: {result.pdf}")
    for appendix in result.appendices:
        click.echo(f"Phụ lục (tệp riêng): {appendix}")
    if result.document.is_draft:
        click.echo("Đây là bản dự thảo: số và ngày để trống cho Văn thư điền khi ban hành.")

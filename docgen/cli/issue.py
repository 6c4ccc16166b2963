"""`docgen issue INPUT.yaml`: number, date, DOCX + PDF and the register row, in one step."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import click

from docgen.archive import open_register
from docgen.cli.options import day_option
from docgen.inputs.profile import load_profile
from docgen.services import settings
from docgen.services.issue import issue as issue_service


def _probe(step: str) -> None:
    if settings.crash_step() == step:
        os.kill(os.getpid(), signal.SIGKILL)


@click.command()
@click.argument("input_file", metavar="INPUT.yaml", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--profile",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Hồ sơ cơ quan (mặc định: DOCGEN_PROFILE hoặc ./docgen.toml).",
)
@click.option(
    "--archive",
    type=click.Path(path_type=Path, file_okay=False),
    help="Thư mục lưu trữ (mặc định: DOCGEN_ARCHIVE hoặc ./archive).",
)
@click.option("--database-url", help="Sổ đăng ký trên PostgreSQL (mặc định: DOCGEN_DATABASE_URL).")
@click.option(
    "--date",
    "on",
    metavar="NGÀY",
    help="Ngày ban hành nếu không phải hôm nay, ví dụ 05/03/2024 (không được sau hôm nay).",
)
def issue(
    input_file: Path,
    profile: Path | None,
    archive: Path | None,
    database_url: str | None,
    on: str | None,
) -> None:
    """Cấp số, ghi ngày, tạo DOCX và PDF và vào sổ đăng ký văn bản đi — trong một bước."""
    profile_path = settings.profile_path(profile)
    agency = load_profile(profile_path)
    root = settings.archive_root(archive)
    with open_register(
        root, agency.abbreviation, database_url=settings.database_url(database_url)
    ) as store:
        result = issue_service(
            input_file,
            profile_path,
            archive=root,
            store=store,
            templates=settings.templates_dir(),
            probe=_probe,
            on=day_option(on, "--date") if on else None,
        )
    entry = result.entry
    assert entry.date is not None
    click.echo(
        f"Đã cấp số {entry.number_symbol} ngày {entry.date:%d/%m/%Y} "
        f"(sổ {entry.stream}, năm {entry.year})."
    )
    for path in (result.docx, result.pdf, *result.appendices):
        click.echo(f"  {path}")

"""`docgen issue INPUT.yaml`: number, date, DOCX + PDF and the register row, in one step."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import click

from docgen.cli.options import archive_options, date_option, day_option, opened
from docgen.services import settings
from docgen.services.issue import issue as issue_service


def _probe(step: str) -> None:
    if settings.crash_step() == step:
        os.kill(os.getpid(), signal.SIGKILL)


@click.command()
@click.argument("input_file", metavar="INPUT.yaml", type=click.Path(path_type=Path, dir_okay=False))
@archive_options
@date_option
def issue(
    input_file: Path,
    profile: Path | None,
    archive: Path | None,
    database_url: str | None,
    on: str | None,
) -> None:
    """Cấp số, ghi ngày, tạo DOCX và PDF và vào sổ đăng ký văn bản đi — trong một bước."""
    with opened(profile, archive, database_url) as (_agency, root, store):
        result = issue_service(
            input_file,
            settings.profile_path(profile),
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

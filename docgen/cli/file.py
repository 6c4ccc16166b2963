"""`docgen file SIGNED.pdf`: file a PDF signed or issued elsewhere, byte-identical, under VT."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import click

from docgen.archive import open_register
from docgen.archive.register import RegisterStore
from docgen.cli.options import day_option
from docgen.inputs.profile import load_profile
from docgen.model.agency import Agency
from docgen.services import settings
from docgen.services.filing import file_pdf

F = TypeVar("F", bound=Callable[..., Any])


def archive_options(command: F) -> F:
    """--profile, --archive and --database-url, shared by the archive commands."""
    for option in reversed(
        [
            click.option(
                "--profile",
                type=click.Path(path_type=Path, dir_okay=False),
                help="Hồ sơ cơ quan (mặc định: DOCGEN_PROFILE hoặc ./docgen.toml).",
            ),
            click.option(
                "--archive",
                type=click.Path(path_type=Path, file_okay=False),
                help="Thư mục lưu trữ (mặc định: DOCGEN_ARCHIVE hoặc ./archive).",
            ),
            click.option(
                "--database-url", help="Sổ đăng ký trên PostgreSQL (mặc định: DOCGEN_DATABASE_URL)."
            ),
        ]
    ):
        command = option(command)
    return command


@contextlib.contextmanager
def opened(
    profile: Path | None, archive: Path | None, database_url: str | None
) -> Iterator[tuple[Agency, Path, RegisterStore]]:
    """The agency profile, the archive root and its register, from the options and settings."""
    agency = load_profile(settings.profile_path(profile))
    root = settings.archive_root(archive)
    url = settings.database_url(database_url)
    with open_register(root, agency.abbreviation, database_url=url) as store:
        yield agency, root, store


@click.command("file")
@click.argument("pdf", metavar="SIGNED.pdf", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--number", type=int, help="Số của văn bản (mặc định: đọc từ PDF do docgen tạo).")
@click.option("--symbol", help="Ký hiệu, ví dụ QĐ-UBND.")
@click.option("--date", "day", metavar="NGÀY", help="Ngày văn bản, ví dụ 05/03/2024.")
@click.option("--subject", default="", help="Trích yếu nội dung.")
@click.option("--type-name", default="", help="Tên loại văn bản, ví dụ Quyết định.")
@click.option("--signer", default="", help="Chức vụ, họ tên người ký.")
@click.option("--organ", default="", help="Cơ quan ban hành (mặc định: cơ quan mình).")
@click.option("--holder", "holders", multiple=True, help="Đơn vị giữ bản lưu (lặp lại được).")
@archive_options
def file(
    pdf: Path,
    number: int | None,
    symbol: str | None,
    day: str | None,
    subject: str,
    type_name: str,
    signer: str,
    organ: str,
    holders: tuple[str, ...],
    profile: Path | None,
    archive: Path | None,
    database_url: str | None,
) -> None:
    """Lưu một văn bản PDF đã ký ở nơi khác vào kho, giữ nguyên từng byte."""
    with opened(profile, archive, database_url) as (agency, root, store):
        row = file_pdf(
            pdf,
            archive=root,
            store=store,
            agency=agency,
            number=number,
            symbol=symbol,
            date=day_option(day, "--date") if day else None,
            subject=subject,
            type_name=type_name,
            signer=signer,
            organ=organ,
            holders=holders,
        )
    assert row.doc_date is not None
    click.echo(
        f"Đã lưu văn bản {row.notation} ngày {row.doc_date:%d/%m/%Y} vào {root / row.folder} "
        f"(chữ ký: {row.signature})."
    )

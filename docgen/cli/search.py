"""`docgen search …`: find archived documents by number, symbol, dates, people or words."""

from __future__ import annotations

import dataclasses
import io
import json
import shutil
from pathlib import Path
from typing import Any

import click
from rich import box
from rich.console import Console
from rich.table import Table

from docgen.archive import scope
from docgen.archive.catalogue import CatalogueRow
from docgen.archive.search import SearchQuery
from docgen.cli.options import archive_options, day_option, opened
from docgen.services.search import parse
from docgen.services.search import search as search_service

_DIRECTION = {"di": "Đi", "den": "Đến", "luu": "Lưu"}


def row_dict(row: CatalogueRow, root: Path | None = None) -> dict[str, Any]:
    """One answer as JSON-ready data; `pdf` is the document's PDF under the archive `root`."""
    return {
        "id": row.doc_id,
        "direction": row.direction,
        "notation": row.notation,
        "date": row.doc_date.isoformat() if row.doc_date else None,
        "type": row.type_name,
        "subject": row.subject,
        "signer": row.signer,
        "organ": row.organ,
        "recipients": list(row.recipients),
        "holders": list(row.holders),
        "urgency": row.urgency,
        "secrecy": row.secrecy,
        "arrival_number": row.arrival_number,
        "folder": row.folder,
        "files": sorted(row.files),
        "pdf": str((root / row.pdf).resolve()) if root is not None else row.pdf,
    }


def render_table(rows: list[CatalogueRow], width: int = 120, root: Path | None = None) -> str:
    """The answers as a plain-text Vietnamese table, best first, then where each one's PDF is
    (relative to the archive `root`, one line each, never cut) and how many were found."""
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, color_system=None, highlight=False)
    if rows:
        table = Table(box=box.SQUARE, show_lines=True)
        for header, ratio in (
            ("#", 0),
            ("Số, ký hiệu\nNgày", 0),
            ("Loại", 0),
            ("Trích yếu", 4),
            ("Người ký / Nơi gửi", 2),
            ("Lưu", 1),
        ):
            table.add_column(header, ratio=ratio or None, overflow="fold")
        for index, row in enumerate(rows, 1):
            table.add_row(
                str(index),
                row.notation + (f"\n{row.doc_date:%d/%m/%Y}" if row.doc_date else ""),
                _DIRECTION[row.direction] + (f" {row.type_name}" if row.type_name else ""),
                row.subject + (f" [{row.secrecy}]" if row.secrecy else ""),
                row.signer if row.direction == "di" else row.organ,
                ", ".join(row.holders),
            )
        console.print(table)
        where = f" (trong kho {root})" if root is not None else ""
        console.print(f"Tệp PDF{where}:", soft_wrap=True)
        for index, row in enumerate(rows, 1):
            console.print(f"{index:>3}  {row.pdf}", soft_wrap=True)
    console.print(f"Tìm thấy {len(rows)} văn bản.")
    return buffer.getvalue()


@click.command()
@click.argument("text", required=False, default="")
@click.option("--from", "date_from", metavar="NGÀY", help="Từ ngày (ngày văn bản).")
@click.option("--to", "date_to", metavar="NGÀY", help="Đến ngày.")
@click.option("--year", type=int, help="Năm.")
@click.option("--type", "kind", default="", help="Loại văn bản (mã, ví dụ cong-van).")
@click.option("--signer", default="", help="Người ký (có hoặc không dấu).")
@click.option("--recipient", default="", help="Nơi nhận hoặc nơi gửi.")
@click.option("--holder", default="", help="Đơn vị giữ bản lưu, ví dụ KHTH.")
@click.option("--urgency", default="", help="Độ khẩn, ví dụ KHẨN.")
@click.option("--secrecy", default="", help="Độ mật, ví dụ MẬT.")
@click.option("--limit", type=int, default=50, show_default=True, help="Số kết quả tối đa.")
@click.option("--json", "as_json", is_flag=True, help="In kết quả dạng JSON.")
@archive_options
def search(
    text: str,
    date_from: str | None,
    date_to: str | None,
    year: int | None,
    kind: str,
    signer: str,
    recipient: str,
    holder: str,
    urgency: str,
    secrecy: str,
    limit: int,
    as_json: bool,
    profile: Path | None,
    archive: Path | None,
    database_url: str | None,
) -> None:
    """Tìm văn bản: `docgen search 05/BQL-KHTH`, `"số 5 năm 2024"`, `xet chon`, `--signer …`.

    Văn bản mật chỉ được liệt kê khi hồ sơ cơ quan cho phép ([access] secret_allowed = true).
    """
    base = SearchQuery(
        date_from=day_option(date_from, "--from") if date_from else None,
        date_to=day_option(date_to, "--to") if date_to else None,
        year=year,
        kind=kind,
        signer=signer,
        recipient=recipient,
        holder=holder,
        urgency=urgency,
        secrecy=secrecy,
        limit=limit,
    )
    with opened(profile, archive, database_url) as (agency, root, store):
        query = dataclasses.replace(base, secret_allowed=agency.secret_allowed)
        rows = search_service(store, parse(text, query))
        left_out = sorted(scope.outside(store.db, store.agency))
    if as_json:
        click.echo(json.dumps([row_dict(r, root) for r in rows], ensure_ascii=False, indent=2))
    else:
        width = shutil.get_terminal_size((120, 24)).columns
        click.echo(render_table(rows, width, root), nl=False)
    if left_out:  # an archive imported from a year export holds no files of the other years
        years = ", ".join(str(year) for year in left_out)
        click.echo(
            f"Lưu ý: kho này nhập từ bản xuất theo năm; văn bản năm {years} ngoài phạm vi bản "
            "xuất nên không tìm được ở đây — tìm trong kho gốc.",
            err=True,
        )

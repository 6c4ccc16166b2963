"""`docgen receive IN.pdf --from … --number 1744/HD-SCT --date …`: số đến, dấu ĐẾN, vào sổ, lưu."""

from __future__ import annotations

from pathlib import Path

import click

from docgen.archive.layout import unit_folder
from docgen.cli.options import archive_options, day_option, opened
from docgen.services.incoming import receive as receive_service


@click.command()
@click.argument("pdf", metavar="IN.pdf", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--from", "sender", required=True, help="Cơ quan gửi (tác giả), ví dụ Sở Công Thương."
)
@click.option("--number", "notation", required=True, help="Số, ký hiệu văn bản, ví dụ 1744/HD-SCT.")
@click.option(
    "--date", "day", required=True, metavar="NGÀY", help="Ngày văn bản, ví dụ 14/04/2023."
)
@click.option("--to", "to", default="", help="Chuyển cho đơn vị (tên viết tắt), ví dụ KHTH.")
@click.option("--subject", default="", help="Trích yếu nội dung.")
@click.option("--type-name", default="", help="Tên loại văn bản, ví dụ Hướng dẫn.")
@click.option("--instructions", default="", help="Ý kiến phân phối, chỉ đạo.")
@archive_options
def receive(
    pdf: Path,
    sender: str,
    notation: str,
    day: str,
    to: str,
    subject: str,
    type_name: str,
    instructions: str,
    profile: Path | None,
    archive: Path | None,
    database_url: str | None,
) -> None:
    """Vào sổ văn bản đến: lấy số đến, đóng dấu ĐẾN lên trang 1, lưu bản đã đóng dấu và bản
    nhận gốc (đúng như khi nhận), chuyển bản đã đóng dấu cho đơn vị (--to)."""
    with opened(profile, archive, database_url) as (agency, root, store):
        got = receive_service(
            pdf,
            archive=root,
            store=store,
            agency=agency,
            sender=sender,
            notation=notation,
            date=day_option(day, "--date"),
            to=to,
            subject=subject,
            type_name=type_name,
            instructions=instructions,
        )
    assert got.entry.date is not None
    click.echo(
        f"Đã vào sổ văn bản đến số {got.entry.number:02d} ngày {got.entry.date:%d/%m/%Y}: "
        f"{got.row.notation} của {got.row.organ}."
    )
    click.echo(f"  {got.stamped}  (bản đã đóng dấu ĐẾN)")
    click.echo(f"  {got.as_received}  (bản nhận gốc: đúng như khi nhận, chưa đóng dấu)")
    for unit in got.row.holders[1:]:
        copy = root / unit_folder(unit, got.row.year) / got.stamped.name
        click.echo(f"  {copy}  (bản chuyển {unit})")

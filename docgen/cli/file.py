"""`docgen file SIGNED.pdf`: file a PDF signed or issued elsewhere, byte-identical, under VT."""

from __future__ import annotations

from pathlib import Path

import click

from docgen.cli.ocr import FILE_READ, accept_option, echo_ocr, is_scan, read_given
from docgen.cli.options import archive_options, day_option, opened
from docgen.services.filing import file_pdf


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
@accept_option
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
    accept_read: bool = False,
) -> None:
    """Lưu một văn bản PDF đã ký ở nơi khác vào kho, giữ nguyên từng byte. Bản quét (PDF chỉ có
    ảnh) được nhận dạng chữ (OCR): bản không ký số được thêm lớp chữ, bản có chữ ký số giữ
    nguyên và có thêm bản OCR bên cạnh; số, ký hiệu, ngày... đọc từ trang 1 dùng khi thêm
    --accept-read."""
    scanned = is_scan(pdf)
    with opened(profile, archive, database_url) as (agency, root, store):
        scan = None
        if scanned:
            scan, read = read_given(
                pdf, root, store, scanned, accept_read,
                {"--number": str(number) if number is not None else None, "--symbol": symbol,
                 "--date": day, "--organ": organ, "--type-name": type_name,
                 "--subject": subject},
                required=("--number", "--symbol", "--date"), fields=FILE_READ,
            )  # fmt: skip
            number, symbol, day = int(read["--number"]), read["--symbol"], read["--date"]
            organ, type_name, subject = read["--organ"], read["--type-name"], read["--subject"]
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
            scan=scan,
        )
    assert row.doc_date is not None
    click.echo(
        f"Đã lưu văn bản {row.notation} ngày {row.doc_date:%d/%m/%Y} vào {root / row.folder} "
        f"(chữ ký: {row.signature})."
    )
    echo_ocr(row, root, scan)

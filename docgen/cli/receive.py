"""`docgen receive IN.pdf --from … --number 1744/HD-SCT --date …`: số đến, dấu ĐẾN, vào sổ, lưu.

`docgen receive GOI-TIN.edxml`: the same from an edXML package (liên thông), its header giving the
sender, number, date, type and trích yếu (`docgen.services.exchange_receive`)."""

from __future__ import annotations

from pathlib import Path

import click

from docgen.archive.layout import unit_folder
from docgen.cli.ocr import accept_option, echo_ocr, is_scan, read_given
from docgen.cli.options import archive_options, day_option, opened
from docgen.edxml.names import SUFFIX
from docgen.errors import InputError
from docgen.services.incoming import receive as receive_service


@click.command()
@click.argument(
    "pdf", metavar="IN.pdf|GOI-TIN.edxml", type=click.Path(path_type=Path, dir_okay=False)
)
@click.option("--from", "sender", help="Cơ quan gửi (tác giả), ví dụ Sở Công Thương.")
@click.option("--number", "notation", help="Số, ký hiệu văn bản, ví dụ 1744/HD-SCT.")
@click.option("--date", "day", metavar="NGÀY", help="Ngày văn bản, ví dụ 14/04/2023.")
@click.option("--to", "to", default="", help="Chuyển cho đơn vị (tên viết tắt), ví dụ KHTH.")
@click.option("--subject", default="", help="Trích yếu nội dung.")
@click.option("--type-name", default="", help="Tên loại văn bản, ví dụ Hướng dẫn.")
@click.option("--instructions", default="", help="Ý kiến phân phối, chỉ đạo.")
@accept_option
@archive_options
def receive(
    pdf: Path,
    sender: str | None,
    notation: str | None,
    day: str | None,
    to: str,
    subject: str,
    type_name: str,
    instructions: str,
    profile: Path | None,
    archive: Path | None,
    database_url: str | None,
    accept_read: bool = False,
) -> None:
    """Vào sổ văn bản đến: lấy số đến, đóng dấu ĐẾN lên trang 1, lưu bản đã đóng dấu và bản
    nhận gốc (đúng như khi nhận), chuyển bản đã đóng dấu cho đơn vị (--to). Với gói tin liên
    thông (.edxml), cơ quan gửi, số, ngày, trích yếu lấy từ gói tin và chữ ký số được kiểm tra.
    Bản quét (PDF chỉ có ảnh) được nhận dạng chữ (OCR) để tìm kiếm được; số, ký hiệu, ngày, nơi
    gửi, trích yếu đọc từ trang 1 được đề xuất, dùng khi thêm --accept-read."""
    if pdf.suffix.lower() == SUFFIX:
        _package(pdf, sender, notation, day, subject, type_name, to, instructions,
                 profile, archive, database_url)  # fmt: skip
        return
    scanned = is_scan(pdf)  # its values may come from page 1 (`docgen.cli.ocr`)
    for value, option, example in (
        (sender, "--from", "--from 'Sở Công Thương'"),
        (notation, "--number", "--number 1744/HD-SCT"),
        (day, "--date", "--date 14/04/2023"),
    ):
        if not value and not scanned:
            raise InputError(
                f"thiếu {option} (văn bản PDF không tự ghi nơi gửi, số và ngày)",
                field=option,
                hint=f"ví dụ {example}.",
            )
    with opened(profile, archive, database_url) as (agency, root, store):
        scan, read = read_given(
            pdf, root, store, scanned, accept_read,
            {"--from": sender, "--number": notation, "--date": day,
             "--type-name": type_name, "--subject": subject},
        )  # fmt: skip
        sender, notation, day = read["--from"], read["--number"], read["--date"]
        type_name, subject = read["--type-name"], read["--subject"]
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
            scan=scan,
        )
    assert got.entry.date is not None
    click.echo(
        f"Đã vào sổ văn bản đến số {got.entry.number:02d} ngày {got.entry.date:%d/%m/%Y}: "
        f"{got.row.notation} của {got.row.organ}."
    )
    click.echo(f"  {got.stamped}  (bản đã đóng dấu ĐẾN)")
    click.echo(f"  {got.as_received}  (bản nhận gốc: đúng như khi nhận, chưa đóng dấu)")
    echo_ocr(got.row, root, scan)
    for unit in got.row.holders[1:]:
        copy = root / unit_folder(unit, got.row.year) / got.stamped.name
        click.echo(f"  {copy}  (bản chuyển {unit})")


def _package(
    path: Path,
    sender: str | None,
    notation: str | None,
    day: str | None,
    subject: str,
    type_name: str,
    to: str,
    instructions: str,
    profile: Path | None,
    archive: Path | None,
    database_url: str | None,
) -> None:
    """A package: its header says who sent what; the PDF's options would contradict it."""
    from docgen.cli.exchange import echo_applied, echo_receipt
    from docgen.services.exchange_receive import Receipt, receive_package

    given = [
        option
        for option, value in (
            ("--from", sender), ("--number", notation), ("--date", day),
            ("--subject", subject), ("--type-name", type_name),
        )
        if value
    ]  # fmt: skip
    if given:
        raise InputError(
            f"{given[0]} không dùng với gói tin liên thông: gói tin đã ghi nơi gửi, số, ngày, "
            "trích yếu",
            field=given[0],
            hint="bỏ tùy chọn đó; chỉ --to và --instructions dùng được với tệp .edxml.",
        )
    with opened(profile, archive, database_url) as (agency, root, store):
        got = receive_package(
            path, archive=root, store=store, agency=agency, to=to, instructions=instructions
        )
    if isinstance(got, Receipt):
        echo_receipt(got, root)
    else:
        echo_applied(got)

"""`docgen send` and `docgen exchange poll|status|directory`: sending and receiving between
agencies as edXML packages (liên thông; docs/exchange/edxml.md). `docgen receive GOI-TIN.edxml`
receives one package (`docgen.cli.receive`)."""

from __future__ import annotations

from pathlib import Path

import click

from docgen.cli.options import archive_options, day_option, opened
from docgen.model.exchange import REPORTABLE, ExchangeStatus


def _verdict(signatures: object) -> str:
    """`Chữ ký số: nguyên vẹn (Ban Quản lý …); tin cậy: có` for a receipt's signatures."""
    from docgen.services.exchange_receive import Signatures

    assert isinstance(signatures, Signatures)
    who = ", ".join(signatures.signers) or "không rõ người ký"
    if signatures.trusted is None:
        trust = "chưa kiểm tra (hồ sơ cơ quan chưa có [exchange] trust_roots)"
    else:
        trust = "có" if signatures.trusted else "KHÔNG (chứng thư không thuộc tổ chức tin cậy)"
    return f"Chữ ký số: nguyên vẹn, người ký: {who}; tin cậy: {trust}."


def echo_receipt(receipt: object, root: Path) -> None:
    """What a clerk reads after a package is received."""
    from docgen.archive.layout import unit_folder
    from docgen.services.exchange_receive import Receipt

    assert isinstance(receipt, Receipt)
    got, header = receipt.received, receipt.header
    assert got.entry.date is not None
    click.echo(
        f"Đã vào sổ văn bản đến số {got.entry.number:02d} ngày {got.entry.date:%d/%m/%Y}: "
        f"{header.notation} ngày {header.date:%d/%m/%Y} của {header.sender.name} "
        f"({header.sender.code}), nhận qua liên thông."
    )
    click.echo(f"  {_verdict(receipt.signatures)}")
    click.echo(f"  {got.stamped}  (bản đã đóng dấu ĐẾN)")
    click.echo(f"  {got.as_received}  (bản nhận gốc: đúng như khi nhận, chưa đóng dấu)")
    for path in got.added:
        click.echo(f"  {path}")
    for unit in got.row.holders[1:]:
        click.echo(
            f"  {root / unit_folder(unit, got.row.year) / got.stamped.name}  (bản chuyển {unit})"
        )
    click.echo(f"  Đã báo 'đã đến' cho nơi gửi: {receipt.status}")


def echo_applied(applied: object) -> None:
    from docgen.services.exchange_status import Applied

    assert isinstance(applied, Applied)
    message, entry = applied.message, applied.entry
    note = " (đã ghi trước đây, không ghi lại)" if applied.repeated else ""
    click.echo(
        f"Trạng thái văn bản {entry.number_symbol}: {message.sender.code} "
        f"{message.status.label} {message.at:%d/%m/%Y %H:%M}{note}."
    )


@click.command()
@click.argument("notation", metavar="SỐ/KÝ-HIỆU")
@click.option(
    "--to",
    "to",
    multiple=True,
    required=True,
    metavar="MÃ",
    help="Mã định danh của cơ quan nhận (trong danh bạ liên thông); ghi nhiều lần cho nhiều nơi.",
)
@click.option("--year", type=int, help="Năm của văn bản (mặc định: năm nay).")
@click.option("--han-tra-loi", "due", metavar="NGÀY", help="Hạn trả lời, ví dụ 20/05/2024.")
@click.option(
    "--tra-loi",
    "replies",
    multiple=True,
    metavar="SỐ-ĐẾN",
    help="Văn bản đến (nhận qua liên thông) mà văn bản này trả lời, ví dụ 12.",
)
@click.option(
    "--chi-dao",
    "steering",
    type=click.IntRange(0, 9),
    default=0,
    show_default=True,
    help="Mã loại chỉ đạo (SteeringType) của trục liên thông.",
)
@archive_options
def send(
    notation: str,
    to: tuple[str, ...],
    year: int | None,
    due: str | None,
    replies: tuple[str, ...],
    steering: int,
    profile: Path | None,
    archive: Path | None,
    database_url: str | None,
) -> None:
    """Gửi liên thông văn bản đã ban hành (đã ký số): lập gói tin edXML vào thư mục gửi đi
    ([exchange] outbox) và ghi ngày chuyển, nơi nhận vào sổ văn bản đi."""
    from docgen.services.exchange import send as send_service

    due_date = day_option(due, "--han-tra-loi") if due else None
    with opened(profile, archive, database_url) as (agency, root, store):
        sent = send_service(
            store, agency, root, notation, to,
            year=year, due_date=due_date, steering=steering, replies=replies,
        )  # fmt: skip
    entry = sent.entry
    receivers = ", ".join(f"{o.code} ({o.name})" for o in sent.header.receivers)
    click.echo(f"Đã lập gói tin liên thông văn bản {entry.number_symbol} gửi {receivers}.")
    click.echo(f"  {sent.package}")
    click.echo(f"  Tệp kèm: {', '.join(sent.files)}")
    if entry.dispatched:
        click.echo(f"  Sổ văn bản đi: ngày chuyển {entry.dispatched:%d/%m/%Y}; {entry.delivery}.")


@click.group()
def exchange() -> None:
    """Liên thông văn bản: nhận gói tin trong thư mục nhận, báo trạng thái, danh bạ cơ quan."""


@exchange.command()
@archive_options
def poll(profile: Path | None, archive: Path | None, database_url: str | None) -> int:
    """Xử lý mọi gói tin trong thư mục nhận ([exchange] inbox) theo thứ tự tên: vào sổ văn bản
    đến, ghi trạng thái văn bản đã gửi; gói tin bị từ chối chuyển sang refused/ kèm lý do."""
    from docgen.errors import CheckFailed
    from docgen.services.exchange import inbox_of
    from docgen.services.exchange_receive import poll as poll_service

    with opened(profile, archive, database_url) as (agency, root, store):
        inbox = inbox_of(agency, root)
        done = poll_service(archive=root, store=store, agency=agency)
    if not done:
        click.echo(f"Không có gói tin nào trong {inbox}.")
        return 0
    refused = 0
    for item in done:
        if item.receipt is not None:
            echo_receipt(item.receipt, root)
        elif item.applied is not None:
            echo_applied(item.applied)
        else:
            refused += 1
            click.echo(f"TỪ CHỐI  {item.name}: {item.reason}", err=True)
            click.echo(f"  chuyển sang {item.moved_to}", err=True)
    click.echo(f"Đã xử lý {len(done)} gói tin: {len(done) - refused} nhận, {refused} từ chối.")
    return CheckFailed.exit_code if refused else 0


@exchange.command()
@click.argument("arrival", metavar="SỐ-ĐẾN")
@click.option(
    "--trang-thai",
    "status",
    required=True,
    type=click.Choice([s.slug for s in REPORTABLE]),
    help="Trạng thái báo cho nơi gửi.",
)
@click.option("--ghi-chu", "note", default="", help="Mô tả gửi kèm (mặc định: tên trạng thái).")
@click.option("--nguoi-xu-ly", "staff", default="", help="Người xử lý.")
@click.option("--don-vi", "department", default="", help="Đơn vị xử lý.")
@click.option("--year", type=int, help="Năm của sổ văn bản đến (mặc định: năm nay).")
@archive_options
def status(
    arrival: str,
    status: str,
    note: str,
    staff: str,
    department: str,
    year: int | None,
    profile: Path | None,
    archive: Path | None,
    database_url: str | None,
) -> None:
    """Báo trạng thái xử lý văn bản đến (nhận qua liên thông) cho nơi gửi: lập gói tin trạng
    thái vào thư mục gửi đi."""
    from docgen.services.exchange import arrival_key
    from docgen.services.exchange_status import report_status

    chosen = ExchangeStatus.from_slug(status)
    with opened(profile, archive, database_url) as (agency, root, store):
        key = arrival_key(store, arrival, year)
        reported = report_status(
            store, agency, root, key, chosen, description=note, staff=staff, department=department
        )
    to = reported.message.responds_to.organ_id
    click.echo(
        f"Đã báo '{chosen.label}' cho {to} về văn bản đến số {key.number:02d} "
        f"({reported.message.responds_to.notation})."
    )
    click.echo(f"  {reported.package}")


@exchange.group()
def directory() -> None:
    """Danh bạ liên thông: các cơ quan gửi nhận văn bản với cơ quan mình."""


@directory.command(name="import")
@click.argument(
    "sheet", metavar="DANH-BA.xlsx|csv", type=click.Path(path_type=Path, dir_okay=False)
)
@archive_options
def import_(
    sheet: Path, profile: Path | None, archive: Path | None, database_url: str | None
) -> None:
    """Nhập danh bạ từ bảng tính (cột Mã định danh, Tên cơ quan); thay toàn bộ danh bạ cũ."""
    from docgen.services.exchange_directory import import_directory

    with opened(profile, archive, database_url) as (_, _, store):
        imported = import_directory(store, sheet)
    click.echo(f"Đã nhập danh bạ liên thông: {imported.count} cơ quan (thay danh bạ cũ).")


@directory.command(name="list")
@archive_options
def list_(profile: Path | None, archive: Path | None, database_url: str | None) -> None:
    """Xem danh bạ liên thông."""
    from docgen.services.exchange_directory import directory as read_directory

    with opened(profile, archive, database_url) as (_, _, store):
        organs = read_directory(store)
    if not organs:
        click.echo(
            "Danh bạ liên thông chưa có cơ quan nào: nhập bằng "
            "`docgen exchange directory import DANH-BA.xlsx`.",
            err=True,
        )
    for organ in organs:
        click.echo(f"{organ.code}  {organ.name}")

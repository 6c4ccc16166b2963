"""OCR on the command line: the progress bar while a scan is recognised, the values read from
page 1 shown for the văn thư to confirm (`receive`, `file`), and `docgen ocr` to run the queue.

A value read by OCR is used only where the clerk gave none, and only with `--accept-read`;
without it a missing value stops the command before anything is registered, after listing what
was read, so the clerk can check it and run again (the OCR result is kept: the second run does
not recognise the file again).
"""

from __future__ import annotations

import datetime as dt
import sys
import uuid
from collections.abc import Callable
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from docgen.archive.catalogue import CatalogueRow
from docgen.archive.register import RegisterStore
from docgen.cli.options import archive_options, opened
from docgen.errors import InputError
from docgen.rules.prefill import Prefill
from docgen.services import ocr as ocr_service
from docgen.services.ocr import Scan

#: the option of each value read from page 1, and how it is named to the clerk
LABELS = {
    "--from": "Cơ quan gửi",
    "--number": "Số, ký hiệu",
    "--date": "Ngày văn bản",
    "--type-name": "Tên loại",
    "--subject": "Trích yếu",
}

accept_option = click.option(
    "--accept-read",
    is_flag=True,
    help="Dùng các giá trị đọc được từ trang 1 của bản quét (OCR) cho những tùy chọn chưa ghi.",
)


def is_scan(pdf: Path) -> bool:
    """True when `pdf` has pages that are images without text (OCR will run)."""
    if not pdf.is_file():
        return False
    from docgen.pdf.ocr import scanned_pages

    try:
        return bool(scanned_pages(pdf.read_bytes()))
    except InputError:
        return False  # the filing's own checks say what is wrong with the file


def read_with_progress(pdf: Path, root: Path, store: RegisterStore) -> Scan | None:
    """OCR of `pdf` with a progress bar on stderr (a line before and after when stderr is not
    a terminal); None when it is not a scan or OCR is turned off."""
    console = Console(stderr=True)
    tty = sys.stderr.isatty()
    if not tty:
        click.echo(f"Nhận dạng chữ bản quét {pdf.name} (OCR)…", err=True)
    columns = (
        TextColumn("[bold]Nhận dạng chữ"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("trang"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, disable=not tty) as bar:
        task = bar.add_task("ocr", total=None)

        def progress(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        scan = ocr_service.read_scan(pdf, archive=root, store=store, progress=progress)
    if scan is not None and scan.reused:
        click.echo("Dùng kết quả nhận dạng chữ đã có của tệp này.", err=True)
    elif scan is not None and not tty:
        click.echo(
            f"Đã nhận dạng {len(scan.scanned)} trang quét ({scan.seconds:.0f} giây).", err=True
        )
    return scan


def _date(read: Prefill) -> str:
    return f"{read.date:%d/%m/%Y}" if read.date is not None else ""


#: option → the value read for it, for `receive` (number and symbol in one option) …
RECEIVE_READ: dict[str, Callable[[Prefill], str]] = {
    "--from": lambda r: r.sender,
    "--number": lambda r: r.notation,
    "--date": _date,
    "--type-name": lambda r: r.type_name,
    "--subject": lambda r: r.subject,
}
#: … and for `file` (number and symbol apart, the sender is the issuing organ)
FILE_READ: dict[str, Callable[[Prefill], str]] = {
    "--number": lambda r: str(r.number) if r.number is not None else "",
    "--symbol": lambda r: r.symbol,
    "--date": _date,
    "--organ": lambda r: r.sender,
    "--type-name": lambda r: r.type_name,
    "--subject": lambda r: r.subject,
}
LABELS |= {"--symbol": "Ký hiệu", "--organ": "Cơ quan ban hành"}


def fill(
    scan: Scan,
    given: dict[str, str | None],
    *,
    today: dt.date,
    accept: bool,
    required: tuple[str, ...],
    fields: dict[str, Callable[[Prefill], str]] = RECEIVE_READ,
) -> dict[str, str | None]:
    """`given` (option → value or None) completed from page 1 of `scan` where the clerk gave
    none, when `accept`; prints what was read (`fields`: option → its value read). InputError
    (nothing registered) when one of `required` is still missing."""
    read = scan.prefill(not_after=today)
    out = dict(given)
    click.echo("Đọc được từ trang 1 của bản quét (OCR) — cần kiểm tra:")
    for option in given:
        value = fields[option](read)
        if given[option]:
            note = f"đã ghi {option}, không dùng giá trị đọc được" if value else "đã ghi"
        elif not value:
            note = "không đọc được"
        elif accept:
            note = "dùng giá trị này"
            out[option] = value
        else:
            note = f"chưa dùng: thêm --accept-read để dùng, hoặc ghi {option}"
        click.echo(f"  {LABELS.get(option, option)}: {value or '—'}  ({note})")
    missing = [option for option in required if not out.get(option)]
    if missing:
        unread = [o for o in missing if not fields[o](read)]
        hint = (
            f"ghi {', '.join(unread)} theo văn bản"
            if unread
            else f"kiểm tra các giá trị trên rồi chạy lại với --accept-read, hoặc ghi {missing[0]}"
        )
        raise InputError(
            f"thiếu {', '.join(missing)}: chưa vào sổ, chưa lưu gì",
            field=missing[0],
            hint=hint + ".",
        )
    return out


def read_given(
    pdf: Path,
    root: Path,
    store: RegisterStore,
    scanned: bool,
    accept: bool,
    given: dict[str, str | None],
    *,
    required: tuple[str, ...] = ("--from", "--number", "--date"),
    fields: dict[str, Callable[[Prefill], str]] = RECEIVE_READ,
) -> tuple[Scan | None, dict[str, str]]:
    """The OCR of a `scanned` PDF (with its bar) and the options' values completed from it
    (`fill`); a scan's values missing while OCR is off stop the command as without a scan."""
    scan = read_with_progress(pdf, root, store) if scanned else None
    values = dict(given)
    if scan is not None:
        values = fill(
            scan, given, today=store.today(), accept=accept, required=required, fields=fields
        )
    missing = [option for option in required if not values.get(option)]
    if missing:
        raise InputError(
            f"thiếu {missing[0]} (tệp PDF là bản quét, nhận dạng chữ đang tắt)",
            field=missing[0],
            hint=f"ghi {missing[0]} theo văn bản.",
        )
    return scan, {option: value or "" for option, value in values.items()}


def echo_ocr(row: CatalogueRow, root: Path, scan: Scan | None) -> None:
    """The line saying what OCR added to the archive, after a filing command's file list."""
    if scan is None:
        return
    copies = [name for name in row.files if name.endswith(ocr_service.OCR_COPY)]
    for name in copies:
        click.echo(
            f"  {root / row.folder / name}  (bản có lớp chữ nhận dạng OCR; bản gốc có chữ ký số "
            "giữ nguyên từng byte)"
        )
    if not copies:
        click.echo(f"  (bản quét: đã thêm lớp chữ nhận dạng OCR vào {row.copy_name} để tìm kiếm)")


@click.group("ocr")
def ocr() -> None:
    """Nhận dạng chữ bản quét (OCR): chạy hàng đợi, xem tình trạng."""


@ocr.command("work")
@click.option(
    "--idle",
    type=float,
    default=0.0,
    help="Chờ việc mới (giây giữa hai lần xem); 0: dừng khi hết việc.",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    help="Số việc chạy cùng lúc (mặc định DOCGEN_OCR_WORKERS, hoặc 2).",
)
@archive_options
def work(
    idle: float,
    workers: int | None,
    profile: Path | None,
    archive: Path | None,
    database_url: str | None,
) -> None:
    """Chạy các việc nhận dạng chữ đang chờ trong hàng đợi (cùng cơ sở dữ liệu với sổ)."""
    from docgen.archive import open_register
    from docgen.services import settings

    engine = ocr_service.engine()
    if engine is None:
        click.echo("Nhận dạng chữ đang tắt (DOCGEN_OCRMYPDF=off).")
        return
    workers = workers or settings.ocr_workers()
    with opened(profile, archive, database_url) as (agency, root, store):
        if workers == 1:
            count = ocr_service.work(
                root, store, engine, worker=f"cli@{uuid.uuid4().hex[:8]}", idle=idle
            )
        else:
            url = settings.database_url(database_url, agency.storage.database_url)

            def own_store() -> RegisterStore:
                return open_register(
                    root, agency.abbreviation, database_url=url, clock=settings.register_clock()
                )

            count = ocr_service.work_together(
                own_store, root, engine, workers=workers, name="cli", idle=idle
            )
    click.echo(f"Đã chạy {count} việc nhận dạng chữ.")


@ocr.command("status")
@archive_options
def status(profile: Path | None, archive: Path | None, database_url: str | None) -> None:
    """Số việc nhận dạng chữ đang chờ hoặc đang chạy."""
    from docgen.archive.queue import waiting

    with opened(profile, archive, database_url) as (_agency, _root, store):
        count = waiting(store.db, store.agency)
    click.echo(f"{count} việc nhận dạng chữ đang chờ hoặc đang chạy.")

"""`docgen batch DISPATCH.yaml RECIPIENTS.xlsx`: issue a dispatch to a sheet of recipients."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from docgen.cli.options import archive_options, date_option, day_option, opened, prompting_secrets
from docgen.errors import DocgenError
from docgen.inputs.recipients import SHOWN, RecipientsError
from docgen.services import settings
from docgen.services.batch import plan_batch, run_batch, snapshot
from docgen.services.batch_manifest import default_path, write_manifest
from docgen.services.keys import fixed, needed_secrets, signer_keys


class _Rate(ProgressColumn):
    """Documents per minute, the figure a clerk can plan with."""

    def render(self, task: Task) -> Text:
        speed = task.speed
        return Text(f"{speed * 60:.0f} văn bản/phút" if speed else "", style="cyan")


@click.command()
@click.argument(
    "dispatch", metavar="VAN-BAN.yaml|docx", type=click.Path(path_type=Path, dir_okay=False)
)
@click.argument(
    "recipients", metavar="NGUOI-NHAN.xlsx|csv", type=click.Path(path_type=Path, dir_okay=False)
)
@click.option(
    "--one-per-recipient",
    "--moi-nguoi-mot-ban",
    "one_per_recipient",
    is_flag=True,
    help="Mỗi người nhận một văn bản riêng (số riêng, Kính gửi riêng). Mặc định: một văn bản "
    "gửi cả danh sách.",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(1, 16),
    default=None,
    help="Số tiến trình làm song song (mặc định: số nhân CPU).",
)
@click.option(
    "--manifest",
    "--ket-qua",
    "manifest",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Tệp kết quả .xlsx hoặc .csv (mặc định: cạnh bảng người nhận).",
)
@archive_options
@date_option
def batch(
    dispatch: Path,
    recipients: Path,
    one_per_recipient: bool,
    jobs: int | None,
    manifest: Path | None,
    profile: Path | None,
    archive: Path | None,
    database_url: str | None,
    on: str | None,
) -> None:
    """Cấp số, ký số và lưu văn bản cho cả danh sách người nhận (bảng tính XLSX hoặc CSV).

    Kiểm tra hết bảng tính và văn bản trước khi lấy số. Nếu máy tắt giữa chừng, chạy lại đúng
    lệnh này: docgen tiếp tục lô, không cấp trùng, không bỏ sót ai.
    """
    profile_path = settings.profile_path(profile)
    with opened(profile, archive, database_url) as (_agency, root, store):
        today = day_option(on, "--date") if on else store.today()
        try:
            plan = plan_batch(
                dispatch, recipients, profile_path, one_per_recipient=one_per_recipient, today=today
            )
        except RecipientsError as error:
            if len(error.problems) > SHOWN:  # the error line quotes the first few: list them all
                for problem in error.problems:
                    click.echo(f"{recipients}: {problem.line()}", err=True)
            raise
        # PINs and passwords are asked now, before the progress bar takes the terminal
        ask = prompting_secrets()
        people = [k for item in plan.items for k in signer_keys(item.document)]
        given = {
            variable: value
            for variable, question in needed_secrets(plan.agency, people)
            if (value := ask(variable, question))
        }
        console = Console(stderr=True)
        console.print(
            f"Lô {plan.batch_id}: {len(plan.items)} văn bản, "
            f"{sum(len(i.rows) for i in plan.items)} người nhận."
        )
        columns = (
            TextColumn("[bold]Đang cấp"),
            BarColumn(),
            MofNCompleteColumn(),
            TaskProgressColumn(),
            _Rate(),
            TimeElapsedColumn(),
            TextColumn("còn"),
            TimeRemainingColumn(),
        )
        with Progress(*columns, console=console, disable=not sys.stderr.isatty()) as bar:
            task = bar.add_task("lô", total=len(plan.items))

            def progress(done: int, total: int, label: str) -> None:
                bar.update(task, completed=done, total=total)

            try:
                result = run_batch(
                    plan,
                    archive=root,
                    store=store,
                    templates=settings.templates_dir(),
                    jobs=jobs or os.cpu_count() or 1,
                    progress=progress,
                    secrets=fixed(given),
                )
            except DocgenError:
                partial = snapshot(store, plan)
                if partial.entries:  # what was done is on record: say so in the manifest
                    write_manifest(partial, manifest or default_path(recipients, plan.batch_id))
                raise
    target = write_manifest(result, manifest or default_path(recipients, plan.batch_id))
    numbers = [entry.number for _, entry in result.entries]
    first, last = result.entries[0][1], result.entries[-1][1]
    span = first.number_symbol if len(numbers) == 1 else (
        f"{first.number_symbol} đến {last.number_symbol}"
    )  # fmt: skip
    click.echo(
        f"Đã cấp {result.issued_now} văn bản"
        + (f" (bỏ qua {result.skipped} văn bản đã cấp ở lần chạy trước)" if result.skipped else "")
        + f"; lô {plan.batch_id} gồm số {span}."
    )
    click.echo(f"Kết quả: {target}")

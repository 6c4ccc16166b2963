"""`docgen archive check|export|import`: integrity of the archive, backup and move."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from docgen.cli.options import archive_options, opened
from docgen.services.archive import (
    check_archive,
    export_archive,
    import_archive,
    report_json,
    summary,
)
from docgen.services.ltv_refresh import DEFAULT_WITHIN_DAYS, Refreshed
from docgen.services.settings import VIETNAM

#: exit code of `archive check` when it found problems
EXIT_PROBLEMS = 11


@click.group()
def archive() -> None:
    """Kho lưu trữ: kiểm tra toàn vẹn, sao lưu và chuyển kho."""


@archive.command()
@click.option("--no-signatures", is_flag=True, help="Bỏ qua kiểm tra lại chữ ký số (nhanh hơn).")
@click.option(
    "--trust",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Chứng thư gốc tin cậy: kiểm tra lại chữ ký còn hợp lệ (mặc định: trust_roots của hồ sơ).",
)
@click.option(
    "--online", is_flag=True, help="Hỏi máy chủ OCSP/CRL xem chứng thư đã bị thu hồi chưa."
)
@click.option("--json", "as_json", is_flag=True, help="In kết quả dạng JSON.")
@archive_options
def check(
    no_signatures: bool,
    trust: tuple[Path, ...],
    online: bool,
    as_json: bool,
    profile: Path | None,
    archive: Path | None,
    database_url: str | None,
) -> int:
    """Tính lại mã kiểm tra mọi tệp, đối chiếu sổ ↔ tệp ↔ siêu dữ liệu, chữ ký và lịch sử sổ.

    Mã thoát: 0 — kho nguyên vẹn; 11 — có vấn đề (mỗi vấn đề một dòng). Kho nhập từ bản xuất
    theo năm: văn bản các năm khác chỉ được báo là ngoài phạm vi bản xuất (thông tin).
    """
    with opened(profile, archive, database_url) as (agency, root, store):
        roots = trust or tuple(
            Path(p) for p in (agency.signing.trust_roots if agency.signing else ())
        )
        report = check_archive(
            root, store, signatures=not no_signatures, trust_roots=roots, online=online
        )
    if as_json:
        click.echo(report_json(report))
    else:
        for problem in report.problems:
            click.echo(problem.line())
        for outside in report.outside:
            click.echo(outside.line())
        click.echo(summary(report))
    return 0 if report.ok else EXIT_PROBLEMS


@archive.command("refresh-ltv")
@click.option(
    "--within-days",
    type=click.IntRange(min=0),
    default=DEFAULT_WITHIN_DAYS,
    show_default=True,
    help="Thêm dấu thời gian cho văn bản mà chứng thư bảo vệ nó hết hạn trong số ngày này.",
)
@click.option("--dry-run", is_flag=True, help="Chỉ liệt kê văn bản cần thêm, không thay đổi gì.")
@archive_options
def refresh_ltv_command(
    within_days: int,
    dry_run: bool,
    profile: Path | None,
    archive: Path | None,
    database_url: str | None,
) -> int:
    """Thêm dấu thời gian tài liệu (PAdES B-LTA) cho văn bản đã ký sắp hết hạn chứng thư.

    Văn bản vẫn kiểm tra được chữ ký sau khi chứng thư của người ký, của cơ quan và của máy chủ
    dấu thời gian hết hạn. Chạy định kỳ (ví dụ mỗi tháng) trước khi chứng thư hết hạn; bản cũ
    của tệp giữ nguyên từng byte ở đầu tệp mới, sổ ghi lại mã SHA-256 mới.
    Mã thoát: 0 — xong; 11 — có văn bản không thêm được (dòng lỗi nói cách sửa).
    """
    from docgen.services.ltv_refresh import refresh_ltv

    def done(item: Refreshed) -> None:
        click.echo(
            f"Đã thêm dấu thời gian: {item.due.label} — trước được bảo vệ đến "
            f"{_vn_date(item.due.protected.until)} ({item.due.protected.what}), nay đến "
            f"{_vn_date(item.until)}."
        )

    with opened(profile, archive, database_url) as (agency, root, store):
        report = refresh_ltv(
            root, store, agency, within_days=within_days, dry_run=dry_run, on_done=done
        )
    if dry_run:
        for item in report.due:
            click.echo(
                f"Cần thêm: {item.label} — được bảo vệ đến {_vn_date(item.protected.until)} "
                f"({item.protected.what})."
            )
    if report.failed is not None:
        item, line = report.failed
        click.echo(f"Chưa thêm được cho {item.label}: {line}", err=True)
    verb = "cần thêm" if dry_run else "đã thêm"
    count = len(report.due) if dry_run else len(report.refreshed)
    click.echo(
        f"Đã xem {report.checked} tệp đã ký: {verb} dấu thời gian cho {count} tệp "
        f"(hết hạn trong {within_days} ngày tới)."
    )
    return 0 if report.ok else EXIT_PROBLEMS


def _vn_date(when: dt.datetime) -> str:
    return f"{when.astimezone(VIETNAM):%d/%m/%Y}"


@archive.command("export")
@click.argument("out", metavar="OUT.tar", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--year",
    "years",
    type=int,
    multiple=True,
    help="Chỉ văn bản của năm này (lặp lại cho nhiều năm); sổ và lịch sử luôn đầy đủ.",
)
@archive_options
def export(
    out: Path,
    years: tuple[int, ...],
    profile: Path | None,
    archive: Path | None,
    database_url: str | None,
) -> None:
    """Sao lưu tệp, siêu dữ liệu, sổ, lịch sử và bảng kê mã SHA-256 vào một tệp .tar."""
    with opened(profile, archive, database_url) as (_agency, root, store):
        size = export_archive(root, store, out, years or None)
    which = f"văn bản năm {', '.join(map(str, sorted(set(years))))}, " if years else ""
    click.echo(f"Đã sao lưu {which}sổ đăng ký và lịch sử vào {out} ({size} byte).")


@archive.command("import")
@click.argument("tar", metavar="IN.tar", type=click.Path(path_type=Path, dir_okay=False))
@archive_options
def import_(
    tar: Path,
    profile: Path | None,
    archive: Path | None,
    database_url: str | None,
) -> None:
    """Nhập một tệp sao lưu vào kho trống (kiểm tra bảng kê trước khi ghi)."""
    with opened(profile, archive, database_url) as (_agency, root, store):
        imported = import_archive(tar, root, store)
    click.echo(
        f"Đã nhập {imported.files} tệp vào {root}. Chạy `docgen archive check` để đối chiếu."
    )
    if imported.outside:
        years = ", ".join(map(str, imported.years or ()))
        held = f"chỉ gồm văn bản năm {years}" if years else "của một kho chỉ giữ một số năm"
        left = ", ".join(map(str, imported.outside))
        click.echo(
            f"Bản xuất {held}: sổ đăng ký và lịch sử đủ mọi năm, "
            f"văn bản năm {left} ngoài phạm vi bản xuất."
        )

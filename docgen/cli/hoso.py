"""`docgen hoso …`: records management — the file plan (danh mục hồ sơ), putting documents into
files (hồ sơ), closing them, handing them over to the agency archive; retention, disposal and
the record of each step are in `hoso_retention` (ND30 Điều 28–31; docs/records/hoso.md)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from docgen.cli import hoso_retention
from docgen.cli.options import archive_options, day_option, opened
from docgen.errors import InputError
from docgen.files import write_atomic
from docgen.model.records import HoSo


@click.group()
def hoso() -> None:
    """Hồ sơ: danh mục hồ sơ, lập hồ sơ, kết thúc, nộp lưu, thời hạn bảo quản, tiêu hủy."""


def _file_line(f: HoSo) -> str:
    ends = f.retention_ends()
    until = f", bảo quản đến hết {ends}" if ends else ""
    return f"{f.notation}  {f.title}  [{f.retention.label}, {f.status.label}{until}]"


@hoso.command("plan")
@click.option("--year", type=int, required=True, help="Năm của danh mục hồ sơ.")
@click.option(
    "--template",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Xuất mẫu XLSX để sửa (điền sẵn từ danh mục hiện hành, hoặc bảng Thông tư 10/2022).",
)
@click.option(
    "--version",
    "version",
    type=int,
    help="Xem một phiên bản đã nhập trước đây (mặc định: bản mới nhất).",
)
@click.option(
    "--docx",
    "form",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Ghi danh mục (bản mới nhất, hay --version N) thành mẫu in Phụ lục V (.docx) để trình "
    "ký ban hành.",
)
@click.option(
    "--import",
    "source",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="Nhập danh mục đã sửa (lưu thành một phiên bản mới, mở hồ sơ cho từng dòng).",
)
@archive_options
def plan(
    year: int,
    template: Path | None,
    version: int | None,
    form: Path | None,
    source: Path | None,
    profile: Path | None,
    archive: Path | None,
    database_url: str | None,
) -> None:
    """Danh mục hồ sơ của một năm: xuất mẫu, nhập, hoặc xem bản hiện hành (hay --version N).

    Ví dụ: docgen hoso plan --year 2025 --template dmhs-2025.xlsx; sửa tệp; docgen hoso plan
    --year 2025 --import dmhs-2025.xlsx.
    """
    from docgen.services import records

    if sum(x is not None for x in (template, source, form)) > 1:
        raise click.UsageError("chọn một trong --template, --import và --docx")
    if version is not None and (template or source):
        raise click.UsageError(
            "--version chỉ dùng khi xem hoặc in danh mục (không kèm --template, --import)"
        )
    with opened(profile, archive, database_url) as (agency, _root, store):
        if template is not None:
            write_atomic(template, records.plan_template(store, agency, year))
            click.echo(
                f"Đã xuất mẫu danh mục hồ sơ năm {year} ra {template}: điền đơn vị lập hồ sơ, "
                "sửa tiêu đề, thời hạn, rồi nhập bằng --import."
            )
            return
        if source is not None:
            done = records.import_plan(store, agency, year, source)
            click.echo(
                f"Đã lưu danh mục hồ sơ năm {year}, phiên bản {done.plan.version}: "
                f"{len(done.plan.rows)} hồ sơ. {done.plan.footer()}"
            )
            if done.opened:
                click.echo(f"Mở {len(done.opened)} hồ sơ mới: {', '.join(done.opened)}.")
            if done.updated:
                click.echo(
                    f"Cập nhật {len(done.updated)} hồ sơ đang mở: {', '.join(done.updated)}."
                )
            if done.kept:
                click.echo(
                    f"Giữ nguyên {len(done.kept)} hồ sơ đã kết thúc: {', '.join(done.kept)}."
                )
            return
        newest = records.plan_of(store, year)
        current = records.plan_of(store, year, version) if version is not None else newest
    if newest is None and form is not None:
        raise InputError(
            f"chưa có danh mục hồ sơ năm {year} để in",
            field="--docx",
            hint=f"xuất mẫu bằng `docgen hoso plan --year {year} --template dmhs.xlsx`, điền rồi "
            "nhập bằng --import",
        )
    if newest is None:
        click.echo(
            f"Chưa có danh mục hồ sơ năm {year}. Xuất mẫu: docgen hoso plan --year {year} "
            "--template dmhs.xlsx"
        )
        return
    if current is None:
        raise InputError(
            f"danh mục hồ sơ năm {year} không có phiên bản {version}",
            field="--version",
            hint=f"các phiên bản đã nhập: 1 đến {newest.version}.",
        )
    if form is not None:
        write_atomic(form, records.plan_form(agency, current))
        click.echo(
            f"Đã ghi danh mục hồ sơ năm {year} (phiên bản {current.version}, "
            f"{len(current.rows)} hồ sơ) ra {form}: mở bằng Word, ghi số quyết định ban hành, "
            "in và trình ký."
        )
        return
    click.echo(
        f"Danh mục hồ sơ năm {year}, phiên bản {current.version}/{newest.version} "
        f"({current.source}, nhập lúc {current.imported_at[:16].replace('T', ' ')}):"
    )
    heading = None
    for row in current.rows:
        if row.heading != heading:
            heading = row.heading
            if heading:
                click.echo(heading)
        click.echo(f"  {row.code:<8} {row.title}  [{row.retention.label}, {row.unit}]")
    click.echo(current.footer())


@hoso.command("list")
@click.option("--year", type=int, help="Chỉ hồ sơ của năm này.")
@click.option("--unit", help="Chỉ hồ sơ của đơn vị này (viết tắt, ví dụ KHTH).")
@archive_options
def list_(
    year: int | None,
    unit: str | None,
    profile: Path | None,
    archive: Path | None,
    database_url: str | None,
) -> None:
    """Các hồ sơ: mã, tiêu đề, thời hạn bảo quản, trạng thái."""
    from docgen.services import records

    with opened(profile, archive, database_url) as (_agency, _root, store):
        found = records.files(store, year=year, unit=unit.upper() if unit else None)
    for f in found:
        click.echo(_file_line(f))
    click.echo(f"{len(found)} hồ sơ.")


@hoso.command("assign")
@click.argument("document", metavar="VĂN_BẢN")
@click.argument("notation", metavar="MÃ_HỒ_SƠ")
@click.option("--year", type=int, help="Năm của văn bản (mặc định: năm của hồ sơ).")
@click.option(
    "--tham-chieu", "reference", is_flag=True, help="Chỉ tham chiếu (bản gốc ở hồ sơ khác)."
)
@archive_options
def assign(
    document: str,
    notation: str,
    year: int | None,
    reference: bool,
    profile: Path | None,
    archive: Path | None,
    database_url: str | None,
) -> None:
    """Đưa một văn bản vào hồ sơ: VĂN_BẢN là số, ký hiệu (05/BQL-KHTH) hoặc số đến (12).

    Ví dụ: docgen hoso assign 05/BQL-KHTH 2025.03.KHTH
    """
    from docgen.services import records

    with opened(profile, archive, database_url) as (_agency, root, store):
        done = records.assign(store, root, document, notation, year=year, reference=reference)
    pages = f", {done.item.pages} trang" if done.item.pages else ""
    click.echo(
        f"Đã đưa văn bản {done.row.notation} ({done.item.role.label}{pages}) vào hồ sơ "
        f"{done.hoso.notation} — {done.hoso.title}."
    )


@hoso.command("remove")
@click.argument("document", metavar="VĂN_BẢN")
@click.argument("notation", metavar="MÃ_HỒ_SƠ")
@click.option("--reason", required=True, help="Lý do gỡ (lưu trong nhật ký hồ sơ).")
@click.option("--to", "target", metavar="MÃ", help="Chuyển sang hồ sơ này (đang mở).")
@click.option("--year", type=int, help="Năm của văn bản (mặc định: năm của hồ sơ).")
@archive_options
def remove(
    document: str,
    notation: str,
    reason: str,
    target: str | None,
    year: int | None,
    profile: Path | None,
    archive: Path | None,
    database_url: str | None,
) -> None:
    """Gỡ một văn bản khỏi hồ sơ đang mở (đưa nhầm), hoặc chuyển sang hồ sơ khác với --to.

    Ví dụ: docgen hoso remove 05/BQL-KHTH 2025.03.KHTH --to 2025.04.KHTH --reason "đưa nhầm"
    """
    from docgen.services.records_items import remove as take_out

    with opened(profile, archive, database_url) as (_agency, _root, store):
        done = take_out(store, document, notation, reason=reason, year=year, to=target)
    where = f" và đưa vào hồ sơ {done.target.notation}" if done.target else ""
    click.echo(
        f"Đã gỡ văn bản {done.row.notation} ({done.role.label}) khỏi hồ sơ "
        f"{done.source.notation}{where}; ghi nhật ký {done.action.id}."
    )


@hoso.command("suggest")
@click.argument("document", metavar="VĂN_BẢN")
@click.option("--year", type=int, help="Năm của văn bản (số đến cần năm).")
@archive_options
def suggest(
    document: str,
    year: int | None,
    profile: Path | None,
    archive: Path | None,
    database_url: str | None,
) -> None:
    """Gợi ý hồ sơ cho một văn bản (theo loại, đơn vị, trích yếu); người lập hồ sơ chọn."""
    from docgen.services import records

    with opened(profile, archive, database_url) as (_agency, _root, store):
        row, found = records.suggestions(store, document, year=year)
    click.echo(f"Văn bản {row.notation}: {row.type_name} {row.subject}".rstrip())
    if not found:
        click.echo("Không có hồ sơ đang mở nào phù hợp; xem `docgen hoso list --year NĂM`.")
        return
    for index, (f, hint) in enumerate(found, 1):
        why = "; ".join(hint.reasons)
        click.echo(f"{index}. {f.notation}  {f.title}  ({why})")
    click.echo(f"Đưa vào hồ sơ: docgen hoso assign {row.notation} {found[0][0].notation}")


@hoso.command("show")
@click.argument("notation", metavar="MÃ_HỒ_SƠ")
@click.option("--json", "as_json", is_flag=True, help="In dạng JSON.")
@archive_options
def show(
    notation: str,
    as_json: bool,
    profile: Path | None,
    archive: Path | None,
    database_url: str | None,
) -> None:
    """Một hồ sơ: các văn bản theo thứ tự, số trang của từng văn bản."""
    from docgen.services import records

    with opened(profile, archive, database_url) as (_agency, _root, store):
        file_view = records.view(store, notation)
    f = file_view.hoso
    if as_json:
        click.echo(json.dumps(_view_json(file_view), ensure_ascii=False, indent=2))
        return
    click.echo(_file_line(f))
    for e in file_view.entries:
        row = e.row
        what = (
            f"{row.notation}  {row.doc_date:%d/%m/%Y}  {row.type_name} {row.subject}"
            if row and row.doc_date
            else e.item.doc_id
        )
        click.echo(f"  {e.ordinal:>3}. {what}  ({e.item.pages} trang, tr. {e.pages})")
    for e in file_view.references:
        what = f"{e.row.notation}  {e.row.subject}" if e.row else e.item.doc_id
        click.echo(f"  tham chiếu: {what}")
    click.echo(f"{len(file_view.entries)} văn bản, {file_view.pages} trang.")


def _view_json(file_view: Any) -> dict[str, Any]:
    f = file_view.hoso
    return {
        "notation": f.notation,
        "title": f.title,
        "retention": f.retention.label,
        "status": f.status.value,
        "unit": f.unit,
        "start": f.start_date.isoformat() if f.start_date else None,
        "end": f.end_date.isoformat() if f.end_date else None,
        "pages": file_view.pages,
        "documents": [
            {
                "ordinal": e.ordinal,
                "doc_id": e.item.doc_id,
                "notation": e.row.notation if e.row else "",
                "pages": e.item.pages,
                "range": e.pages,
            }
            for e in file_view.entries
        ],
        "references": [e.item.doc_id for e in file_view.references],
    }


@hoso.command("close")
@click.argument("notation", metavar="MÃ_HỒ_SƠ")
@click.option(
    "--ngay", "end", required=True, metavar="NGÀY", help="Ngày kết thúc, ví dụ 31/12/2025."
)
@click.option("--ghi-chu", "note", default="", help="Ghi chú của chứng từ kết thúc.")
@archive_options
def close(
    notation: str,
    end: str,
    note: str,
    profile: Path | None,
    archive: Path | None,
    database_url: str | None,
) -> None:
    """Kết thúc hồ sơ: in bìa hồ sơ và mục lục văn bản (DOCX, PDF)."""
    from docgen.services.records_close import close as close_file

    with opened(profile, archive, database_url) as (agency, root, store):
        done = close_file(store, root, agency, notation, end=day_option(end, "--ngay"), note=note)
    f = done.hoso
    click.echo(
        f"Đã kết thúc hồ sơ {f.notation}: {f.documents} văn bản, {f.pages} trang, từ "
        f"{f.start_date:%d/%m/%Y} đến {f.end_date:%d/%m/%Y}."
        if f.start_date and f.end_date
        else f"Đã kết thúc hồ sơ {f.notation}."
    )
    for path in sorted(done.forms.values()):
        click.echo(f"  {path}")


@hoso.command("transfer")
@click.option("--year", type=int, required=True, help="Năm của hồ sơ.")
@click.option("--unit", required=True, help="Đơn vị nộp lưu (viết tắt).")
@click.option(
    "-o", "--out", type=click.Path(path_type=Path, dir_okay=False), help="Tệp gói nộp lưu (.tar)."
)
@click.option("--ngay", "on", metavar="NGÀY", help="Ngày giao nhận (mặc định hôm nay).")
@click.option("--nguoi-giao", "giver", default="", help="Họ tên người đại diện bên giao.")
@click.option("--nguoi-nhan", "receiver", default="", help="Họ tên người đại diện bên nhận.")
@archive_options
def transfer(
    year: int,
    unit: str,
    out: Path | None,
    on: str | None,
    giver: str,
    receiver: str,
    profile: Path | None,
    archive: Path | None,
    database_url: str | None,
) -> None:
    """Lập gói nộp lưu hồ sơ đã kết thúc của một đơn vị vào Lưu trữ cơ quan (kèm mục lục hồ sơ
    và biên bản giao nhận)."""
    from docgen.services.records_transfer import transfer as build

    target = out or Path(f"nop-luu-{unit.upper()}-{year}.tar")
    with opened(profile, archive, database_url) as (agency, root, store):
        done = build(
            store, root, agency, year=year, unit=unit, out=target,
            on=day_option(on, "--ngay") if on else None, giver=giver, receiver=receiver,
        )  # fmt: skip
    click.echo(
        f"Đã lập gói nộp lưu {done.action}: {len(done.files)} hồ sơ, {done.documents} văn bản, "
        f"{done.members} tệp → {done.out} (SHA-256 {done.sha256})."
    )
    for line in done.skipped:
        click.echo(f"  không nộp lưu: {line}")
    gaps = done.missing_metadata
    if gaps["ho-so"] or gaps["van-ban"]:
        click.echo(
            f"  siêu dữ liệu (TT 02/2019) chưa có — hồ sơ: {', '.join(gaps['ho-so']) or 'không'}; "
            f"văn bản: {', '.join(gaps['van-ban']) or 'không'} (ghi null trong ho-so.json, lý do "
            "ở docgen.Missing)"
        )
    click.echo(f"Lưu trữ cơ quan nhận bằng: docgen hoso receive-transfer {done.out}")


@hoso.command("receive-transfer")
@click.argument("package", metavar="GÓI.tar", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--ngay", "on", metavar="NGÀY", help="Ngày nhận (mặc định hôm nay).")
@archive_options
def receive_transfer(
    package: Path,
    on: str | None,
    profile: Path | None,
    archive: Path | None,
    database_url: str | None,
) -> None:
    """Lưu trữ cơ quan nhận một gói nộp lưu (kiểm tra bảng kê, sổ, chữ ký số)."""
    from docgen.services.records_transfer import receive_transfer as receive

    with opened(profile, archive, database_url) as (_agency, root, store):
        done = receive(store, root, package, on=day_option(on, "--ngay") if on else None)
    click.echo(
        f"Đã nhận {done.action}: {len(done.files)} hồ sơ, {done.documents} văn bản, "
        f"{done.stored} tệp vào Lưu trữ cơ quan; {done.signatures} chữ ký số nguyên vẹn; "
        f"{done.released} bản của đơn vị nay tham chiếu bản lưu trữ."
    )


@hoso.command("unfiled")
@click.option("--year", type=int, required=True, help="Năm của văn bản.")
@archive_options
def unfiled(
    year: int, profile: Path | None, archive: Path | None, database_url: str | None
) -> None:
    """Văn bản của năm chưa vào hồ sơ nào (bản gốc)."""
    from docgen.services import records

    with opened(profile, archive, database_url) as (_agency, _root, store):
        rows = records.unassigned(store, year)
    for row in rows:
        click.echo(f"{row.notation}  {row.doc_id}  {row.subject}")
    click.echo(f"{len(rows)} văn bản năm {year} chưa vào hồ sơ.")


for _command in hoso_retention.COMMANDS:
    hoso.add_command(_command)

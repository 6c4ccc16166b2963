"""`docgen hoso due | expiring | appraise | dispose | actions`: the closed files due at the agency
archive, the files whose retention has run out, their appraisal and disposal, and the record of
every hand-over, receipt, appraisal and disposal (docs/records/hoso.md). Added to the `docgen
hoso` group by `docgen.cli.hoso`."""

from __future__ import annotations

import json
from pathlib import Path

import click

from docgen.cli.options import archive_options, day_option, opened


@click.command("due")
@click.option(
    "--within-days",
    type=int,
    default=60,
    show_default=True,
    help="Hồ sơ đến hạn nộp lưu trong số ngày này (và hồ sơ đã quá hạn).",
)
@click.option("--json", "as_json", is_flag=True, help="In dạng JSON.")
@archive_options
def due(
    within_days: int,
    as_json: bool,
    profile: Path | None,
    archive: Path | None,
    database_url: str | None,
) -> None:
    """Hồ sơ đã kết thúc, bảo quản từ 05 năm, chưa nộp vào Lưu trữ cơ quan: hạn nộp lưu, còn bao
    nhiêu ngày hoặc đã quá hạn (Nghị định 30/2020, Điều 30)."""
    from docgen.services.records_due import transfer_due

    with opened(profile, archive, database_url) as (agency, _root, store):
        found = transfer_due(store, agency, today=store.today(), within_days=within_days)
    if as_json:
        data = [{"notation": d.hoso.notation, "title": d.hoso.title, "unit": d.hoso.unit,
                 "end_date": d.hoso.end_date.isoformat() if d.hoso.end_date else None,
                 "deadline": d.deadline.isoformat(), "days_left": d.days_left,
                 "package": d.package} for d in found]  # fmt: skip
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    for d in found:
        when = f"quá hạn {-d.days_left} ngày" if d.late else f"còn {d.days_left} ngày"
        ended = f"{d.hoso.end_date:%d/%m/%Y}" if d.hoso.end_date else "?"
        package = f" — đã lập gói {d.package}, chờ Lưu trữ cơ quan nhận" if d.package else ""
        click.echo(
            f"  {d.hoso.notation}  {d.hoso.title}  [kết thúc {ended}, hạn nộp lưu "
            f"{d.deadline:%d/%m/%Y}: {when}]{package}"
        )
    late = sum(d.late for d in found)
    click.echo(
        f"{len(found)} hồ sơ đến hạn nộp lưu trong {within_days} ngày tới"
        + (f", {late} hồ sơ đã quá hạn." if late else ".")
    )
    if found:
        first = found[0].hoso
        click.echo(
            f"Lập gói nộp lưu: docgen hoso transfer --year {first.year} --unit {first.unit} -o "
            f"nop-luu-{first.unit}-{first.year}.tar"
        )


@click.command("expiring")
@click.option(
    "--year", type=int, required=True, help="Năm xét: hồ sơ hết thời hạn đến hết năm này."
)
@click.option("--json", "as_json", is_flag=True, help="In dạng JSON.")
@archive_options
def expiring(
    year: int,
    as_json: bool,
    profile: Path | None,
    archive: Path | None,
    database_url: str | None,
) -> None:
    """Hồ sơ hết thời hạn bảo quản đến năm này, theo nhóm (hồ sơ vĩnh viễn không bao giờ có)."""
    from docgen.services.records_retention import expiring as listed

    with opened(profile, archive, database_url) as (_agency, _root, store):
        groups = listed(store, year)
    if as_json:
        data = {g: [{"notation": f.notation, "title": f.title, "retention": f.retention.label,
                     "ends": f.retention_ends(), "note": f.note} for f in fs]
                for g, fs in groups.items()}  # fmt: skip
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    count = 0
    for group, found in groups.items():
        click.echo(group)
        for f in found:
            count += 1
            note = f" — {f.note}" if f.note else ""
            click.echo(
                f"  {f.notation}  {f.title}  [{f.retention.label}, hết năm {f.retention_ends()}]{note}"
            )
    click.echo(f"{count} hồ sơ hết thời hạn bảo quản đến năm {year}.")


@click.command("appraise")
@click.argument("notations", metavar="MÃ_HỒ_SƠ...", nargs=-1, required=True)
@click.option("--year", type=int, required=True, help="Năm thẩm định.")
@click.option("--quyet-dinh", "decision", required=True, help="Quyết định tiêu hủy (số, ngày).")
@click.option("--hoi-dong", "council", default="", help="Hội đồng xác định giá trị tài liệu.")
@click.option("--ghi-chu", "note", default="", help="Ghi chú.")
@click.option("--ngay", "on", metavar="NGÀY", help="Ngày thẩm định (mặc định hôm nay).")
@archive_options
def appraise(
    notations: tuple[str, ...],
    year: int,
    decision: str,
    council: str,
    note: str,
    on: str | None,
    profile: Path | None,
    archive: Path | None,
    database_url: str | None,
) -> None:
    """Ghi biên bản thẩm định: các hồ sơ hết giá trị, được tiêu hủy theo quyết định."""
    from docgen.services.records_retention import appraise as record

    with opened(profile, archive, database_url) as (_agency, _root, store):
        done = record(
            store, list(notations), year=year, decision=decision, council=council, note=note,
            on=day_option(on, "--ngay") if on else None,
        )  # fmt: skip
    click.echo(
        f"Đã ghi thẩm định {done.id}: {len(done.files)} hồ sơ hết giá trị. Tiêu hủy bằng: "
        f"docgen hoso dispose {done.id}"
    )


@click.command("dispose")
@click.argument("appraisal", metavar="MÃ_THẨM_ĐỊNH")
@click.option("--ngay", "on", metavar="NGÀY", help="Ngày tiêu hủy (mặc định hôm nay).")
@click.option("--ghi-chu", "note", default="", help="Ghi chú.")
@archive_options
def dispose(
    appraisal: str,
    on: str | None,
    note: str,
    profile: Path | None,
    archive: Path | None,
    database_url: str | None,
) -> None:
    """Tiêu hủy nội dung các hồ sơ đã thẩm định; giữ sổ, siêu dữ liệu và biên bản tiêu hủy."""
    from docgen.services.records_retention import dispose as run

    with opened(profile, archive, database_url) as (_agency, root, store):
        done = run(store, root, appraisal, on=day_option(on, "--ngay") if on else None, note=note)
    click.echo(
        f"Đã tiêu hủy {done.id} (theo {done.appraisal}): {len(done.files)} hồ sơ, "
        f"{len(done.removed)} tệp nội dung; sổ đăng ký, siêu dữ liệu và biên bản được giữ."
    )
    for doc_id, why in sorted(done.kept.items()):
        click.echo(f"  giữ nội dung {doc_id}: {why}")


@click.command("actions")
@click.argument("action_id", metavar="MÃ", required=False)
@click.option("--year", type=int, help="Chỉ các lần của năm này.")
@archive_options
def actions(
    action_id: str | None,
    year: int | None,
    profile: Path | None,
    archive: Path | None,
    database_url: str | None,
) -> None:
    """Các lần giao nộp lưu, nhận, thẩm định, tiêu hủy; với MÃ (ví dụ TH-2035-01): toàn bộ biên
    bản dạng JSON (tiêu hủy: mọi tệp đã hủy và mã SHA-256 của nó)."""
    from docgen.services.records_retention import KIND_LABELS, history, recorded

    with opened(profile, archive, database_url) as (_agency, _root, store):
        if action_id is not None:
            done = recorded(store, action_id)
            data = {
                "id": done.id, "kind": done.kind, "year": done.year, "unit": done.unit,
                "at": done.at, "on": done.on_date.isoformat(), **done.payload,
            }  # fmt: skip
            click.echo(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False))
            return
        found = history(store, year=year)
    for done in found:
        unit = f" {done.unit}" if done.unit else ""
        removed = done.payload.get("removed")
        gone = f"; {len(removed)} tệp nội dung đã hủy" if removed is not None else ""
        if done.payload.get("reason") and done.payload.get("notation"):  # a document taken out
            gone = f"; văn bản {done.payload['notation']}, lý do: {done.payload['reason']}"
        click.echo(
            f"{done.id}  {done.on_date:%d/%m/%Y}  {KIND_LABELS.get(done.kind, done.kind)}{unit}: "
            f"{len(done.notations)} hồ sơ ({', '.join(done.notations)}){gone}"
        )
    click.echo(f"{len(found)} biên bản.")


COMMANDS = (due, expiring, appraise, dispose, actions)

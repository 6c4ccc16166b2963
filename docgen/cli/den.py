"""`docgen den …`: processing incoming documents and following them up (ND30 Điều 23–24;
docs/records/processing.md) — present, assign, give to a person, progress, done; each person's
list, the report per unit and period, the daily digest by e-mail.

Who acts is `--boi TÊN-ĐĂNG-NHẬP` (or DOCGEN_USER), one of the web application's users: the
same rules as in the browser say who may take which step. The command line cannot check a
password (whoever runs it can write the register already); it records the login of the machine
it ran on beside the step.
"""

from __future__ import annotations

import datetime as dt
import getpass
import json
import socket
from pathlib import Path
from typing import Any

import click

from docgen.cli.options import archive_options, day_option, opened
from docgen.errors import InputError
from docgen.files import write_atomic
from docgen.model.processing import Handling
from docgen.model.register import RegisterEntry, format_number
from docgen.services import settings

_by = click.option(
    "--boi", "by", default="", metavar="TÊN-ĐĂNG-NHẬP",
    help="Người thực hiện (người dùng của ứng dụng web; mặc định DOCGEN_USER).",
)  # fmt: skip
_year = click.option("--nam", "year", type=int, help="Năm của số đến (mặc định: năm nay).")
_number = click.argument("number", metavar="SỐ-ĐẾN", type=click.IntRange(1))


@click.group()
def den() -> None:
    """Xử lý văn bản đến: trình, phân công, giao, tiến độ, hoàn thành; việc của tôi, báo cáo,
    thư nhắc việc hằng ngày."""


def _via() -> str:
    try:
        return f"dòng lệnh ({getpass.getuser()}@{socket.gethostname()})"
    except (KeyError, OSError):  # no login name in a container
        return "dòng lệnh"


def _actor(store: Any, by: str) -> Any:
    from docgen.services.processing import person

    return person(store, by or settings.current_user(), field="--boi")


def _day(text: str | None, option: str) -> dt.date | None:
    return day_option(text, option) if text else None


def _units(values: tuple[str, ...]) -> tuple[str, ...]:
    """`--phoi-hop VP --phoi-hop QLDN` or `--phoi-hop VP,QLDN`."""
    return tuple(u.strip() for value in values for u in value.split(",") if u.strip())


def _state_line(entry: RegisterEntry) -> str:
    h = entry.handling or Handling()
    line = f"Văn bản đến số {format_number(entry.number)}/{entry.year}: {h.stage.label.lower()}"
    if h.receivers:
        line += f" — {h.receivers}"
    if h.due is not None:
        line += f", hạn {h.due:%d/%m/%Y}"
    if h.closed:
        line += f" — {h.outcome}"
    return line + "."


def _done(done: Any) -> None:
    click.echo(f"Đã ghi: {done.step.label.lower()} — {done.step.text}.")
    click.echo(_state_line(done.entry))


@den.command("xem")
@_number
@_year
@click.option("--json", "as_json", is_flag=True, help="In dạng JSON.")
@archive_options
def show(
    number: int, year: int | None, as_json: bool,
    profile: Path | None, archive: Path | None, database_url: str | None,
) -> None:  # fmt: skip
    """Hiện trạng và các bước đã làm của một văn bản đến."""
    from docgen.services import processing

    with opened(profile, archive, database_url) as (_agency, _root, store):
        entry = processing.current(store, processing.incoming_key(store, number, year))
    h = entry.handling or Handling()
    if as_json:
        click.echo(json.dumps(_json(entry, h), ensure_ascii=False, indent=2))
        return
    theirs = entry.recipients[0] if entry.recipients else ""
    click.echo(f"{entry.signer} {theirs}: {entry.subject}".strip())
    click.echo(_state_line(entry))
    if h.instruction:
        click.echo(f"Ý kiến chỉ đạo: {h.instruction}")
    for step in h.steps:
        click.echo(f"  {step.at:%d/%m/%Y %H:%M}  {step.by.display}: {step.label} — {step.text}")


def _json(entry: RegisterEntry, h: Handling) -> dict[str, Any]:
    def day(value: dt.date | None) -> str | None:
        return value.isoformat() if value else None

    return {
        "year": entry.year, "arrival_number": entry.number, "stage": h.stage.value,
        "presented_to": h.presented_to, "lead": h.lead, "cooperating": list(h.cooperating),
        "informed": list(h.informed), "deadline": day(h.deadline), "instruction": h.instruction,
        "assignee": h.assignee, "assignee_deadline": day(h.assignee_deadline),
        "progress": h.progress, "reply": h.reply.number_symbol if h.reply else None,
        "filed": h.filed, "closed_on": day(h.closed_on), "version": h.version,
        "steps": [
            {"action": s.action, "by": s.by.username, "at": s.at.isoformat(), "text": s.text}
            for s in h.steps
        ],
    }  # fmt: skip


@den.command("trinh")
@_number
@click.option("--cho", "to", default="", metavar="TÊN-ĐĂNG-NHẬP",
              help="Trình ai (mặc định: [processing] present_to của hồ sơ cơ quan).")  # fmt: skip
@click.option("--ghi-chu", "note", default="", help="Ghi chú khi trình.")
@_by
@_year
@archive_options
def present(
    number: int, to: str, note: str, by: str, year: int | None,
    profile: Path | None, archive: Path | None, database_url: str | None,
) -> None:  # fmt: skip
    """Văn thư trình văn bản đến cho lãnh đạo (hoặc người được giao phân phối)."""
    from docgen.services import processing

    with opened(profile, archive, database_url) as (agency, _root, store):
        key = processing.incoming_key(store, number, year)
        done = processing.present(store, agency, key, by=_actor(store, by), to=to, note=note,
                                  via=_via())  # fmt: skip
    _done(done)


@den.command("phan-cong")
@_number
@click.option("--chu-tri", "lead", required=True, metavar="ĐƠN-VỊ", help="Đơn vị chủ trì.")
@click.option("--phoi-hop", "cooperating", multiple=True, metavar="ĐƠN-VỊ",
              help="Đơn vị phối hợp (nhắc lại, hoặc cách nhau bằng dấu phẩy).")  # fmt: skip
@click.option("--de-biet", "informed", multiple=True, metavar="ĐƠN-VỊ", help="Đơn vị để biết.")
@click.option("--han", "deadline", metavar="NGÀY", help="Hạn giải quyết, ví dụ 20/05/2024.")
@click.option("--y-kien", "instruction", default="", help="Ý kiến chỉ đạo.")
@click.option("--lai", "again", is_flag=True, help="Phân công lại (đổi phân công đã có).")
@_by
@_year
@archive_options
def assign(
    number: int, lead: str, cooperating: tuple[str, ...], informed: tuple[str, ...],
    deadline: str | None, instruction: str, again: bool, by: str, year: int | None,
    profile: Path | None, archive: Path | None, database_url: str | None,
) -> None:  # fmt: skip
    """Lãnh đạo phân công: đơn vị chủ trì, phối hợp, để biết, hạn giải quyết, ý kiến chỉ đạo."""
    from docgen.services import processing

    with opened(profile, archive, database_url) as (agency, _root, store):
        key = processing.incoming_key(store, number, year)
        done = processing.assign(
            store, agency, key, by=_actor(store, by), lead=lead,
            cooperating=_units(cooperating), informed=_units(informed),
            deadline=_day(deadline, "--han"), instruction=instruction, again=again, via=_via(),
        )  # fmt: skip
    _done(done)


@den.command("giao")
@_number
@click.option("--nguoi", "to", required=True, metavar="TÊN-ĐĂNG-NHẬP", help="Người xử lý.")
@click.option("--han", "deadline", metavar="NGÀY",
              help="Hạn cho người xử lý (không sau hạn lãnh đạo giao).")  # fmt: skip
@click.option("--ghi-chu", "note", default="", help="Ý kiến của lãnh đạo đơn vị.")
@_by
@_year
@archive_options
def delegate(
    number: int, to: str, deadline: str | None, note: str, by: str, year: int | None,
    profile: Path | None, archive: Path | None, database_url: str | None,
) -> None:  # fmt: skip
    """Trưởng đơn vị chủ trì giao văn bản cho người xử lý."""
    from docgen.services import processing

    with opened(profile, archive, database_url) as (agency, _root, store):
        key = processing.incoming_key(store, number, year)
        done = processing.delegate(store, agency, key, by=_actor(store, by), to=to,
                                   deadline=_day(deadline, "--han"), note=note, via=_via())  # fmt: skip
    _done(done)


@den.command("tien-do")
@_number
@click.argument("note", metavar="TIẾN-ĐỘ")
@_by
@_year
@archive_options
def progress(
    number: int, note: str, by: str, year: int | None,
    profile: Path | None, archive: Path | None, database_url: str | None,
) -> None:  # fmt: skip
    """Người xử lý ghi tiến độ giải quyết."""
    from docgen.services import processing

    with opened(profile, archive, database_url) as (agency, _root, store):
        key = processing.incoming_key(store, number, year)
        done = processing.progress(store, agency, key, by=_actor(store, by), note=note,
                                   via=_via())  # fmt: skip
    _done(done)


@den.command("xong")
@_number
@click.option("--tra-loi", "reply", default="", metavar="SỐ/KÝ-HIỆU",
              help="Số, ký hiệu văn bản đi trả lời, ví dụ 05/BQL-KHTH.")  # fmt: skip
@click.option("--luu-ho-so", "filed", is_flag=True, help="Không cần trả lời: lưu hồ sơ.")
@click.option("--ghi-chu", "note", default="", help="Ghi chú.")
@_by
@_year
@archive_options
def close(
    number: int, reply: str, filed: bool, note: str, by: str, year: int | None,
    profile: Path | None, archive: Path | None, database_url: str | None,
) -> None:  # fmt: skip
    """Hoàn thành: trả lời bằng văn bản đi (--tra-loi) hoặc lưu hồ sơ (--luu-ho-so)."""
    from docgen.services import processing

    if bool(reply) == filed:
        raise InputError(
            "chọn một trong --tra-loi SỐ/KÝ-HIỆU và --luu-ho-so",
            field="--tra-loi",
            hint="ví dụ: docgen den xong 12 --tra-loi 05/BQL-KHTH.",
        )
    with opened(profile, archive, database_url) as (agency, _root, store):
        key = processing.incoming_key(store, number, year)
        done = processing.close(store, agency, key, by=_actor(store, by), reply=reply,
                                filed=filed, note=note, via=_via())  # fmt: skip
    _done(done)


@den.command("viec-cua-toi")
@click.option("--nguoi", "who", default="", metavar="TÊN-ĐĂNG-NHẬP",
              help="Việc của ai (mặc định DOCGEN_USER).")  # fmt: skip
@click.option("--json", "as_json", is_flag=True, help="In dạng JSON.")
@archive_options
def my_work(
    who: str, as_json: bool, profile: Path | None, archive: Path | None, database_url: str | None
) -> None:
    """Văn bản đến đang chờ một người: quá hạn trước, rồi theo hạn giải quyết."""
    from docgen.services import followup
    from docgen.services.processing import person

    with opened(profile, archive, database_url) as (_agency, _root, store):
        found = person(store, who or settings.current_user(), field="--nguoi")
        work = followup.my_work(store, found)
    if as_json:
        click.echo(json.dumps([_item_json(i) for i in work.items], ensure_ascii=False, indent=2))
        return
    if not work.items:
        click.echo(f"{found.display}: không có văn bản đến nào đang chờ.")
        return
    late = f", {work.overdue} quá hạn" if work.overdue else ""
    click.echo(f"{found.display}: {work.total} việc{late} (ngày {work.today:%d/%m/%Y}).")
    for item in work.items:
        due = f"hạn {item.deadline:%d/%m/%Y}" if item.deadline else "không ghi hạn"
        mark = f"QUÁ HẠN {item.days_late(work.today)} ngày  " if item.overdue else ""
        click.echo(f"  {mark}{item.action}: {item.title} ({due})")
    if work.total > len(work.items):
        click.echo(f"  … và {work.total - len(work.items)} việc nữa.")


def _item_json(item: Any) -> dict[str, Any]:
    return {
        "ref": item.ref, "action": item.action, "title": item.title,
        "since": item.since.isoformat() if item.since else None,
        "deadline": item.deadline.isoformat() if item.deadline else None,
        "overdue": item.overdue, "detail": item.detail,
    }  # fmt: skip


@den.command("bao-cao")
@click.option("--don-vi", "unit", default=None, metavar="ĐƠN-VỊ",
              help="Đơn vị chủ trì (mặc định: mọi đơn vị).")  # fmt: skip
@click.option("--tu", "date_from", required=True, metavar="NGÀY", help="Văn bản đến từ ngày.")
@click.option("--den", "date_to", required=True, metavar="NGÀY", help="… đến ngày.")
@click.option("--xlsx", "xlsx", type=click.Path(path_type=Path, dir_okay=False),
              help="Xuất tệp XLSX (bảng tổng hợp, biểu đồ, sổ theo dõi giải quyết).")  # fmt: skip
@click.option("--json", "as_json", is_flag=True, help="In dạng JSON.")
@archive_options
def report(
    unit: str | None, date_from: str, date_to: str, xlsx: Path | None, as_json: bool,
    profile: Path | None, archive: Path | None, database_url: str | None,
) -> None:  # fmt: skip
    """Báo cáo theo đơn vị và thời gian: tiếp nhận, xong đúng hạn, xong trễ hạn, quá hạn, đang
    xử lý trong hạn."""
    from docgen.archive import people
    from docgen.services import followup, followup_report

    with opened(profile, archive, database_url) as (agency, _root, store):
        rep = followup.report(
            store, agency, date_from=day_option(date_from, "--tu"),
            date_to=day_option(date_to, "--den"), unit=unit,
        )  # fmt: skip
        if xlsx is not None:
            names = {p.username: p.display for p in people.everyone(store.db)}
            lines = followup.tracking_rows(store, rep)
            data = followup_report.report_xlsx(rep, lines, agency_name=agency.name, names=names)
            write_atomic(xlsx, data)
    if as_json:
        rows = [
            {"unit": r.lead, **{f: getattr(r, f) for f, _ in followup.REPORT_COLUMNS}}
            for r in rep.rows
        ]
        click.echo(json.dumps({"from": rep.date_from.isoformat(), "to": rep.date_to.isoformat(),
                               "today": rep.today.isoformat(), "rows": rows},
                              ensure_ascii=False, indent=2))  # fmt: skip
    else:
        click.echo(f"Văn bản đến {rep.period}, tính đến ngày {rep.today:%d/%m/%Y}:")
        heads = [title for _, title in followup.REPORT_COLUMNS]
        click.echo(f"  {'Đơn vị chủ trì':<34}" + "".join(f"{h:>24}" for h in heads))
        named = [(rep.name(r.lead), r) for r in rep.rows] + [("Tổng cộng", rep.total)]
        for name, row in named:
            values = "".join(f"{getattr(row, f):>24}" for f, _ in followup.REPORT_COLUMNS)
            click.echo(f"  {name[:34]:<34}{values}")
    if xlsx is not None:
        click.echo(f"Đã xuất {xlsx}.", err=as_json)


@den.command("digest")
@click.option("--dry-run", is_flag=True, help="Chỉ in những thư sẽ gửi, không gửi.")
@archive_options
def digest(
    dry_run: bool, profile: Path | None, archive: Path | None, database_url: str | None
) -> None:
    """Gửi thư nhắc việc hằng ngày cho mỗi người có văn bản đến đang chờ (chạy bằng cron)."""
    from docgen.services import digest as service

    with opened(profile, archive, database_url) as (agency, _root, store):
        planned = service.plan(store, agency)
        if dry_run:
            for message in planned.messages:
                click.echo(f"--- Gửi {message.to.display} <{message.to.email}>: {message.subject}")
                click.echo(message.body)
        else:
            sent = service.send(agency, planned.messages)
    for who in planned.no_address:
        click.echo(f"{who.display} ({who.username}) có việc đang chờ nhưng chưa có địa chỉ thư "
                   "— thêm địa chỉ trong trang Quản trị › Người dùng.", err=True)  # fmt: skip
    if dry_run:
        click.echo(f"(thử) {len(planned.messages)} thư sẽ được gửi; không gửi thư nào.")
    else:
        click.echo(f"Đã gửi {sent} thư nhắc việc.")


@den.command("kiem-tra")
@click.option("--sua", "fix", is_flag=True, help="Lập lại bảng theo dõi từ lịch sử sổ.")
@archive_options
def check(fix: bool, profile: Path | None, archive: Path | None, database_url: str | None) -> None:
    """So bảng theo dõi xử lý với lịch sử của sổ đăng ký (bảng lập lại được từ lịch sử)."""
    from docgen.errors import CheckFailed
    from docgen.services import processing

    with opened(profile, archive, database_url) as (_agency, _root, store):
        if fix:
            rows = processing.rebuild(store)
            click.echo(f"Đã lập lại bảng theo dõi: {rows} văn bản đến.")
            return
        found = processing.verify(store)
    for line in found:
        click.echo(f"  {line}")
    if found:
        raise CheckFailed(
            f"bảng theo dõi xử lý khác lịch sử sổ ở {len(found)} văn bản đến",
            hint="chạy `docgen den kiem-tra --sua` để lập lại bảng từ lịch sử.",
        )
    click.echo("Bảng theo dõi xử lý khớp với lịch sử sổ đăng ký.")

"""`docgen register show|reserve|cancel|annotate|dispatch|close|check|export`: the registers.

The outgoing register (sổ đăng ký văn bản đi) by default; `show`, `export` and `dispatch` with
`--den` work on the incoming register (sổ đăng ký văn bản đến, the `den` stream that `docgen
receive` numbers; `docgen.cli.register_incoming`); `check` always checks the whole history, both.

Every subcommand takes `--archive DIR` (DOCGEN_ARCHIVE, default ./archive: the SQLite register
lives there) and `--database-url URL` (DOCGEN_DATABASE_URL: a shared PostgreSQL register instead).
The agency comes from `--agency ABBR`, else from the profile (`--profile`, DOCGEN_PROFILE).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import click

from docgen.archive import open_register
from docgen.archive.register import RegisterStore
from docgen.cli.options import announced, archive_options, day_option
from docgen.cli.register_incoming import den_option, incoming_json, incoming_line, stream_of
from docgen.errors import CheckFailed, InputError
from docgen.files import write_atomic
from docgen.model.agency import Storage
from docgen.model.document import Secrecy
from docgen.model.kinds import Kind
from docgen.model.register import (
    COPIES_NOI_NHAN,
    DEN,
    HANH_CHINH,
    Annotation,
    AnnotationKind,
    EntryKey,
    RegisterEntry,
)
from docgen.services import settings


def _load_agency(profile: Path | None) -> tuple[str, str, str]:
    """(abbreviation, name, parent) of the agency in the profile."""
    from docgen.inputs.profile import load_profile

    agency = load_profile(settings.profile_path(profile))
    return agency.abbreviation, agency.name, agency.parent


def _load_storage(profile: Path | None) -> Storage:
    """The profile's `[archive]`; the defaults when there is no profile to read (a register
    command may name its agency with --agency instead)."""
    from docgen.inputs.profile import load_profile

    path = settings.profile_path(profile)
    return load_profile(path).storage if path.is_file() else Storage()


def _options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The options every register subcommand shares: the archive's, and --agency."""
    agency = click.option("--agency", help="Chữ viết tắt của cơ quan (thay cho hồ sơ cơ quan).")
    return archive_options(agency(command))


class Context:
    """What the shared options name: where the register is and whose it is."""

    def __init__(
        self, archive: Path | None, database_url: str | None, profile: Path | None, agency: str
    ) -> None:
        self.profile = profile
        self.agency_option = agency
        storage = Storage() if agency else _load_storage(profile)
        self.archive = settings.archive_root(archive, storage.path)
        self.database_url = settings.database_url(database_url, storage.database_url)

    @functools.cached_property
    def agency(self) -> tuple[str, str, str]:
        if self.agency_option:
            return self.agency_option, self.agency_option, ""
        return _load_agency(self.profile)

    @functools.cached_property
    def copies(self) -> str:
        """The profile's `[register] copies` (column 7); the default with --agency."""
        if self.agency_option:
            return COPIES_NOI_NHAN
        from docgen.inputs.profile import load_profile

        return load_profile(settings.profile_path(self.profile)).register.copies

    @contextlib.contextmanager
    def open(self, *, whole: bool = False) -> Iterator[RegisterStore]:
        """The register; `whole` opens it without naming an agency (for `check`)."""
        abbreviation = "" if whole else self.agency[0]
        with (
            announced(self.archive, self.database_url),
            open_register(
                self.archive,
                abbreviation,
                database_url=self.database_url,
                clock=settings.register_clock(),
            ) as store,
        ):
            yield store


def _context(options: dict[str, Any]) -> Context:
    return Context(
        options.pop("archive"),
        options.pop("database_url"),
        options.pop("profile"),
        options.pop("agency") or "",
    )


def _parse_date(value: str | None, name: str) -> dt.date | None:
    return day_option(value, name) if value else None


def _number(text: str) -> int:
    match = re.match(r"^\s*0*(\d+)\s*(/.*)?$", text)
    if match is None or int(match.group(1)) == 0:
        raise InputError(
            f"số '{text}' không hợp lệ", hint="ghi số văn bản, ví dụ 05 hoặc 05/BQL-VP.", field="SỐ"
        )
    return int(match.group(1))


def entry_json(entry: RegisterEntry) -> dict[str, Any]:
    """One register row as a JSON object (the `show --json` line)."""
    return {
        "year": entry.year,
        "stream": entry.stream,
        "number": entry.number,
        "symbol": entry.symbol,
        "number_symbol": entry.number_symbol,
        "date": entry.date.isoformat() if entry.date else None,
        "type": entry.kind.info.name if entry.kind else None,
        "type_slug": entry.kind.info.slug if entry.kind else None,
        "subject": entry.subject,
        "signer": entry.signer,
        "recipients": list(entry.recipients),
        "holders": list(entry.holders),
        "copies": entry.copies,
        "dispatched": entry.dispatched.isoformat() if entry.dispatched else None,
        "receipt": entry.receipt,
        "note": entry.remarks,
        "status": entry.status.value,
        "secrecy": entry.secrecy.value if entry.secrecy else None,
        "files": dict(entry.files),
        "exchange": exchange_json(entry),
    }


def exchange_json(entry: RegisterEntry) -> list[dict[str, Any]]:
    """The row's counterparts in the electronic exchange (liên thông): each receiver (or the
    sender, for an incoming row) with the date sent and the last status."""
    return [
        {
            "code": leg.organ.code,
            "name": leg.organ.name,
            "sent": leg.sent.isoformat() if leg.sent else None,
            "status": leg.status.slug if leg.status else None,
            "status_label": leg.status.label if leg.status else None,
            "status_at": leg.status_at.isoformat() if leg.status_at else None,
        }
        for leg in entry.exchange
    ]


@click.group()
def register() -> None:
    """Sổ đăng ký văn bản đi (và văn bản đến với --den): xem, giữ số, hủy số, kiểm tra, in sổ."""


@register.command()
@click.option("--year", type=int, help="Năm của sổ (mặc định: năm nay).")
@click.option("--stream", help="Chỉ một hệ thống số (hanh_chinh, mat, ban_sao, …).")
@den_option
@click.option("--json", "as_json", is_flag=True, help="Mỗi dòng sổ là một đối tượng JSON.")
@_options
def show(year: int | None, stream: str | None, den: bool, as_json: bool, **options: Any) -> None:
    """Xem các dòng của sổ đăng ký văn bản đi (--den: sổ văn bản đến)."""
    from docgen.archive.export import incoming_type_names, register_rows

    context = _context(options)
    stream = stream_of(den, stream, None)
    with context.open() as store:
        shown_year = year or store.today().year
        rows = register_rows(store, shown_year, stream)
        names = incoming_type_names(store, shown_year) if stream == DEN else {}
    if stream is None:  # the outgoing register: the số đến are the incoming register's
        rows = [entry for entry in rows if entry.stream != DEN]
    if not rows and not as_json:
        where = f", sổ {stream}" if stream else ""
        click.echo(
            f"Sổ đăng ký năm {shown_year}{where} chưa có văn bản nào "
            f"(kho lưu trữ: {context.archive.resolve() if not context.database_url else 'PostgreSQL'}).",
            err=True,
        )
    for entry in rows:
        if stream == DEN:
            name = names.get(entry.number, "")
            shown = incoming_json(entry, name) if as_json else incoming_line(entry, name)
            click.echo(json.dumps(shown, ensure_ascii=False, sort_keys=True) if as_json else shown)
        elif as_json:
            click.echo(json.dumps(entry_json(entry), ensure_ascii=False, sort_keys=True))
        else:
            date = entry.date.strftime("%d/%m/%Y") if entry.date else "—"
            click.echo(
                f"{entry.number_symbol:<18} {date:<10} {entry.stream:<12} "
                f"{entry.type_and_subject} {('— ' + entry.remarks) if entry.remarks else ''}".rstrip()
            )
            if entry.exchange:
                click.echo(f"{'':<18} liên thông: {entry.delivery}")


@register.command()
@click.option("--symbol", required=True, help="Ký hiệu của văn bản sẽ ban hành, ví dụ QĐ-BQL.")
@click.option("--stream", default=HANH_CHINH, show_default=True, help="Hệ thống số.")
@click.option("--kind", "kind_slug", help="Loại văn bản (cong-van, quyet-dinh, …).")
@click.option("--subject", default="", help="Trích yếu nội dung.")
@click.option("--note", default="", help="Ghi chú.")
@click.option("--secrecy", type=click.Choice([s.name for s in Secrecy]), help="Độ mật (sổ 'mat').")
@_options
def reserve(
    symbol: str,
    stream: str,
    kind_slug: str | None,
    subject: str,
    note: str,
    secrecy: str | None,
    **options: Any,
) -> None:
    """Giữ số cho một bản dự thảo; cấp văn bản vào số đó sau."""
    try:
        kind = Kind.from_slug(kind_slug) if kind_slug else None
    except KeyError:
        raise InputError(
            f"không có loại văn bản '{kind_slug}'",
            hint="dùng tên như cong-van, quyet-dinh, thong-bao.",
            field="--kind",
        ) from None
    context = _context(options)
    with context.open() as store:
        entry = store.reserve(
            stream,
            symbol,
            kind=kind,
            subject=subject,
            note=note,
            secrecy=Secrecy[secrecy] if secrecy else None,
        )
    click.echo(f"Đã giữ số {entry.number_symbol} (sổ {entry.stream}, năm {entry.year}).")


@register.command()
@click.argument("number", metavar="SỐ")
@click.option("--reason", required=True, help="Lý do hủy số (in ở cột Ghi chú).")
@click.option("--stream", default=HANH_CHINH, show_default=True, help="Hệ thống số.")
@click.option("--year", type=int, help="Năm của sổ (mặc định: năm nay).")
@_options
def cancel(number: str, reason: str, stream: str, year: int | None, **options: Any) -> None:
    """Hủy một số đã giữ; số đã hủy không bao giờ được cấp lại."""
    context = _context(options)
    with context.open() as store:
        key = EntryKey(year or store.today().year, stream, _number(number))
        entry = store.cancel(key, reason)
    click.echo(f"Đã hủy số {entry.number_symbol} (sổ {entry.stream}, năm {entry.year}): {reason}")


@register.command()
@_options
def check(**options: Any) -> int:
    """Kiểm tra lịch sử sổ (cả sổ đi và sổ đến): không dòng nào bị sửa, xóa hay mất số."""
    context = _context(options)
    with context.open(whole=True) as store:
        report = store.check()
    for finding in report.findings:
        click.echo(f"LỖI  {finding.line()}")
    if report.ok:
        click.echo(
            f"Sổ đăng ký nhất quán: {report.events} sự kiện, {report.numbers} số; "
            f"mã kiểm tra {report.head}."
        )
        return 0
    click.echo(f"Sổ đăng ký có {len(report.findings)} chỗ bất thường (xem các dòng LỖI).", err=True)
    return CheckFailed.exit_code


@register.command()
@click.option("--year", type=int, help="Năm của sổ (mặc định: năm nay).")
@click.option("--from", "date_from", help="Từ ngày (31/12/2024 hoặc 2024-12-31).")
@click.option("--to", "date_to", help="Đến ngày.")
@click.option(
    "--format", "fmt", type=click.Choice(["docx", "xlsx", "pdf"]), default="docx", show_default=True
)
@click.option("--stream", help=f"Hệ thống số cần in (mặc định: {HANH_CHINH}).")
@den_option
@click.option("--volume", default="01", show_default=True, help="Quyển số.")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), help="Tệp ra.")
@_options
def export(
    year: int | None,
    date_from: str | None,
    date_to: str | None,
    fmt: str,
    stream: str | None,
    den: bool,
    volume: str,
    output: Path | None,
    **options: Any,
) -> None:
    """In sổ đăng ký văn bản đi (--den: văn bản đến) theo mẫu Phụ lục IV (DOCX, XLSX hoặc PDF)."""
    from docgen.services.register import print_book

    context = _context(options)
    stream = stream_of(den, stream, HANH_CHINH)
    assert stream is not None
    incoming = stream == DEN
    start, end = _parse_date(date_from, "--from"), _parse_date(date_to, "--to")
    abbreviation, name, parent = context.agency
    with context.open() as store:
        year = year or store.today().year
        printed = print_book(
            store, abbreviation=abbreviation, name=name, parent=parent, year=year,
            stream=stream, fmt=fmt, date_from=start, date_to=end, volume=volume,
            copies=context.copies,
        )  # fmt: skip
    target = output or Path(printed.name)
    write_atomic(target, printed.data)
    rows = printed.rows
    which = "văn bản đến" if incoming else "văn bản đi"
    click.echo(f"Đã in sổ đăng ký {which} năm {year} ({rows} dòng): {target}")


def _key(number: str, stream: str, year: int | None, store: RegisterStore) -> EntryKey:
    return EntryKey(year or store.today().year, stream, _number(number))


@register.command()
@click.argument("number", metavar="SỐ")
@click.option(
    "--kind",
    "link",
    type=click.Choice([k.value for k in AnnotationKind]),
    required=True,
    help="dinh_chinh (đính chính), thu_hoi (thu hồi) hoặc thay_the (thay thế).",
)
@click.option("--by", "by_number", help="Số của văn bản đính chính/thu hồi/thay thế.")
@click.option(
    "--by-year", type=int, help="Năm của văn bản ở --by (mặc định: năm của văn bản bị sửa)."
)
@click.option("--by-stream", help="Hệ thống số của văn bản ở --by (mặc định: như --stream).")
@click.option("--note", default="", help="Ghi chú (in ở cột Ghi chú).")
@click.option("--stream", default=HANH_CHINH, show_default=True, help="Hệ thống số.")
@click.option("--year", type=int, help="Năm của sổ (mặc định: năm nay).")
@_options
def annotate(
    number: str,
    link: str,
    by_number: str | None,
    by_year: int | None,
    by_stream: str | None,
    note: str,
    stream: str,
    year: int | None,
    **options: Any,
) -> None:
    """Ghi đính chính, thu hồi hoặc thay thế một văn bản đã ban hành (Điều 18)."""
    context = _context(options)
    with context.open() as store:
        target = _key(number, stream, year, store)
        # A 2024 decision is often replaced by a document of a later year, or of another
        # stream (a công văn correcting a quyết định): --by-year / --by-stream name it.
        by = (
            _key(by_number, by_stream or stream, by_year or target.year, store)
            if by_number
            else None
        )
        kind = AnnotationKind(link)
        store.annotate(Annotation(kind, target, by, note, store.today()))
    click.echo(f"Đã ghi {kind.label.lower()} cho số {target.number:02d} (sổ {stream}).")


@register.command()
@click.argument("number", metavar="SỐ")
@click.option("--date", "day", help="Ngày chuyển (mặc định: hôm nay).")
@click.option("--receipt", default="", help="Người ký nhận.")
@click.option("--stream", help=f"Hệ thống số (mặc định: {HANH_CHINH}).")
@den_option
@click.option("--year", type=int, help="Năm của sổ (mặc định: năm nay).")
@_options
def dispatch(
    number: str,
    day: str | None,
    receipt: str,
    stream: str | None,
    den: bool,
    year: int | None,
    **options: Any,
) -> None:
    """Ghi ngày chuyển và người ký nhận (cột 8 và 9 của sổ; --den: SỐ là số đến)."""
    context = _context(options)
    stream = stream_of(den, stream, HANH_CHINH)
    assert stream is not None
    with context.open() as store:
        key = _key(number, stream, year, store)
        when = _parse_date(day, "--date") or store.today()
        store.record_dispatch(key, when, receipt)
    click.echo(f"Đã ghi ngày chuyển {when:%d/%m/%Y} cho số {key.number:02d} (sổ {stream}).")


@register.command(name="close")
@click.option("--year", type=int, required=True, help="Năm cần khóa sổ.")
@_options
def close_year(year: int, **options: Any) -> None:
    """Khóa sổ một năm: sau đó không cấp hay giữ số nào của năm đó nữa."""
    context = _context(options)
    with context.open() as store:
        store.close_year(year)
    click.echo(f"Đã khóa sổ đăng ký năm {year}.")

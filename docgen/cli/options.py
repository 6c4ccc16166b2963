"""Parsing of command-line values shared by the commands."""

from __future__ import annotations

import contextlib
import datetime as dt
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import click

from docgen.archive import is_archive, open_register
from docgen.archive.register import RegisterStore
from docgen.errors import InputError
from docgen.inputs.profile import load_profile
from docgen.model.agency import Agency
from docgen.rules.dates import parse_day
from docgen.services import settings


def day_option(text: str, option: str) -> dt.date:
    """The day given to `option` (`05/03/2024`, `5/3/2024`, `2024-03-05`); InputError naming it."""
    try:
        return parse_day(text)
    except ValueError:
        raise InputError(
            f"ngày `{text}` không đúng dạng hoặc không có trên lịch",
            field=option,
            hint="ghi dạng 05/03/2024",
        ) from None


F = TypeVar("F", bound=Callable[..., Any])


def prompting_secrets() -> Callable[[str, str], str | None]:
    """PINs and passwords for `services.keys`: the environment variable when set, else asked once
    at the terminal without echo (never on the command line, so never in the shell's history);
    None without a terminal (the service then says which variable to set)."""
    asked: dict[str, str] = {}

    def secrets(variable: str, question: str) -> str | None:
        value = settings.secret(variable) or asked.get(variable)
        if value or not sys.stdin.isatty():
            return value
        value = click.prompt(
            f"{question} (chữ nhập không hiện ra)", hide_input=True, default="",
            show_default=False, err=True,
        )  # fmt: skip
        asked[variable] = value
        return value or None

    return secrets


def archive_options(command: F) -> F:
    """--profile, --archive and --database-url, shared by the archive commands."""
    for option in reversed(
        [
            click.option(
                "--profile",
                type=click.Path(path_type=Path, dir_okay=False),
                help="Hồ sơ cơ quan (mặc định: DOCGEN_PROFILE hoặc ./docgen.toml).",
            ),
            click.option(
                "--archive",
                type=click.Path(path_type=Path, file_okay=False),
                help="Thư mục lưu trữ (mặc định: DOCGEN_ARCHIVE hoặc ./archive).",
            ),
            click.option(
                "--database-url", help="Sổ đăng ký trên PostgreSQL (mặc định: DOCGEN_DATABASE_URL)."
            ),
        ]
    ):
        command = option(command)
    return command


@contextlib.contextmanager
def opened(
    profile: Path | None, archive: Path | None, database_url: str | None
) -> Iterator[tuple[Agency, Path, RegisterStore]]:
    """The agency profile, the archive root and its register, from the options and settings."""
    agency = load_profile(settings.profile_path(profile))
    root = settings.archive_root(archive, agency.storage.path)
    url = settings.database_url(database_url, agency.storage.database_url)
    clock = settings.register_clock()
    with (
        announced(root, url),
        open_register(root, agency.abbreviation, database_url=url, clock=clock) as store,
    ):
        store.on_wait = _tell_waiting()
        yield agency, root, store


@contextlib.contextmanager
def announced(root: Path, url: str | None) -> Iterator[None]:
    """Around a command that opens the archive `root`: when it was not there before, say so on
    stderr once the command has done its work — a clerk in the wrong folder (or with the wrong
    profile) sees it at once instead of a silent empty answer. A command that fails prints only
    its one error line."""
    new = url is None and not is_archive(root)
    yield
    if new:
        click.echo(f"Kho lưu trữ mới, chưa có văn bản: {root.resolve()}", err=True)


def _tell_waiting() -> Callable[[], None]:
    """Once per command, on stderr: why nothing seems to happen (another clerk is issuing)."""
    told = threading.Event()

    def tell() -> None:
        if not told.is_set():
            told.set()
            click.echo(
                "Sổ đăng ký đang bận: một người khác đang cấp số. docgen chờ đến lượt rồi tự làm "
                "tiếp, không cần làm gì.",
                err=True,
            )

    return tell


def date_option(command: F) -> F:
    """--date: the issue day when it is not today."""
    option = click.option(
        "--date",
        "on",
        metavar="NGÀY",
        help="Ngày ban hành nếu không phải hôm nay, ví dụ 05/03/2024 (không được sau hôm nay).",
    )
    return option(command)

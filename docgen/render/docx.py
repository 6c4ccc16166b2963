"""Render a .docx template with docxtpl in a sandboxed, strict, escaping Jinja environment."""

from __future__ import annotations

import contextlib
import zipfile
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import jinja2
from docxtpl import DocxTemplate
from jinja2.sandbox import SandboxedEnvironment

from docgen.errors import TemplateError
from docgen.model.agency import Agency
from docgen.render.geometry import Geometry
from docgen.render.layout import apply_layout
from docgen.render.package import save_docx
from docgen.rules.words import money_filter, words_filter

Filters = Mapping[str, Callable[..., Any]]


#: filters every template may use: `{{ so_tien | tien_bang_chu }}` → `Một tỷ … đồng`
#: (docs/amounts-in-words.md)
WORD_FILTERS: dict[str, Callable[..., Any]] = {
    "so_thanh_chu": words_filter,
    "tien_bang_chu": money_filter,
}


def make_environment(filters: Filters | None = None) -> SandboxedEnvironment:
    """Sandboxed (no attribute escapes), strict (a missing placeholder is an error), escaping (`&`, `<`
    in a field come out as text, trap 4 of docs/environment.md), with the words filters."""
    env = SandboxedEnvironment(undefined=jinja2.StrictUndefined, autoescape=True)
    env.filters.update(WORD_FILTERS)
    env.filters.update(filters or {})
    return env


def check_docx(path: Path) -> None:
    """Raise TemplateError unless `path` is a real .docx (a zip holding word/document.xml)."""
    try:
        with zipfile.ZipFile(path) as archive:
            archive.getinfo("word/document.xml")
    except FileNotFoundError:
        raise TemplateError(
            "không tìm thấy tệp mẫu", source=str(path), hint="kiểm tra thư mục templates/official/"
        ) from None
    except (zipfile.BadZipFile, KeyError):
        raise TemplateError(
            "tệp mẫu không phải tệp Word .docx hợp lệ",
            source=str(path),
            hint="mở tệp bằng Word và lưu lại dạng .docx",
        ) from None


#: Jinja's errors, most specific first: what the clerk reads and what to fix in the template
_PROBLEMS: tuple[tuple[type[jinja2.exceptions.TemplateError], str, str], ...] = (
    (
        jinja2.exceptions.UndefinedError,
        "mẫu dùng một chỗ điền không có dữ liệu ({})",
        "sửa tên chỗ điền {{ … }} trong mẫu cho đúng",
    ),
    (jinja2.exceptions.SecurityError, "mẫu chứa lệnh không được phép ({})", "xóa lệnh đó khỏi mẫu"),
    (
        jinja2.exceptions.TemplateSyntaxError,
        "mẫu sai cú pháp chỗ điền ({})",
        "kiểm tra các cặp {{ }} và {% %} trong mẫu",
    ),
    (
        jinja2.exceptions.TemplateError,
        "không điền được mẫu ({})",
        "kiểm tra các chỗ điền trong mẫu",
    ),
)


def _template_problem(error: jinja2.exceptions.TemplateError) -> tuple[str, str]:
    for kind, message, hint in _PROBLEMS:
        if isinstance(error, kind):
            return message.format(error.message or error), hint
    raise AssertionError("the last entry catches every TemplateError")  # pragma: no cover


@contextlib.contextmanager
def template_errors(template: Path) -> Iterator[None]:
    """Turn Jinja's errors (compiling or rendering `template`) into one clerk-facing TemplateError."""
    try:
        yield
    except jinja2.exceptions.TemplateError as error:
        message, hint = _template_problem(error)
        raise TemplateError(message, source=str(template), hint=hint) from None


def render_docx(
    template: Path,
    context: Mapping[str, Any],
    agency: Agency,
    geometry: Geometry,
    *,
    marks: tuple[str, ...] = (),
    filters: Filters | None = None,
) -> bytes:
    """The rendered document as .docx bytes (zip entries stamped with a fixed time, so the same
    input gives the same bytes); TemplateError names the template and the problem.

    This is docxtpl's own path, template read and compiled on every call; `render.compiled` gives
    the same bytes from a template compiled once."""
    check_docx(template)
    with template_errors(template):
        document = DocxTemplate(str(template))
        document.render(dict(context), jinja_env=make_environment(filters))
    apply_layout(document.docx, agency, geometry, marks=marks)
    return save_docx(document.docx)

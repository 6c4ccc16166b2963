"""Render a .docx template with docxtpl in a sandboxed, strict, escaping Jinja environment."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import jinja2
from docxtpl import DocxTemplate
from jinja2.sandbox import SandboxedEnvironment

from docgen.errors import TemplateError
from docgen.model.agency import Agency
from docgen.render.geometry import Geometry
from docgen.render.layout import apply_layout
from docgen.rules.words import money_filter, words_filter

Filters = Mapping[str, Callable[..., Any]]


#: filters every template may use: `{{ so_tien | tien_bang_chu }}` → `Một tỷ … đồng` (spec §17)
WORD_FILTERS: dict[str, Callable[..., Any]] = {
    "so_thanh_chu": words_filter,
    "tien_bang_chu": money_filter,
}


def make_environment(filters: Filters | None = None) -> SandboxedEnvironment:
    """Sandboxed (no attribute escapes), strict (a missing placeholder is an error), escaping (`&`, `<`
    in a field come out as text, trap 4 of the environment notes), with the words filters."""
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


def render_docx(
    template: Path,
    context: Mapping[str, Any],
    agency: Agency,
    geometry: Geometry,
    *,
    marks: tuple[str, ...] = (),
    filters: Filters | None = None,
) -> bytes:
    """The rendered document as .docx bytes; TemplateError names the template and the problem."""
    check_docx(template)
    try:
        document = DocxTemplate(str(template))
        document.render(dict(context), jinja_env=make_environment(filters))
    except jinja2.exceptions.UndefinedError as error:
        raise TemplateError(
            f"mẫu dùng một chỗ điền không có dữ liệu ({error.message})",
            source=str(template),
            hint="sửa tên chỗ điền {{ … }} trong mẫu cho đúng",
        ) from None
    except jinja2.exceptions.SecurityError as error:
        raise TemplateError(
            f"mẫu chứa lệnh không được phép ({error})",
            source=str(template),
            hint="xóa lệnh đó khỏi mẫu",
        ) from None
    except jinja2.exceptions.TemplateSyntaxError as error:
        raise TemplateError(
            f"mẫu sai cú pháp chỗ điền ({error.message})",
            source=str(template),
            hint="kiểm tra các cặp {{ }} và {% %} trong mẫu",
        ) from None
    except jinja2.exceptions.TemplateError as error:
        raise TemplateError(
            f"không điền được mẫu ({error})",
            source=str(template),
            hint="kiểm tra các chỗ điền trong mẫu",
        ) from None
    apply_layout(document.docx, agency, geometry, marks=marks)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()

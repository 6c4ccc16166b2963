"""A strict reader over parsed TOML/YAML mappings that names the file and the field in every error."""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from typing import Any, NoReturn

from docgen.errors import DocgenError, ProfileError
from docgen.rules.text import has_xml_illegal, is_nfc

_JINJA_MARKS = ("{{", "{%", "{#", "}}", "%}", "{_{", "{_%", "%_}", "}_}")


class Section:
    """One mapping of an input file. Reads fields by name and rejects the ones nobody read.

    `path` is the dotted field path shown to the clerk (`nguoi_ky.tham_quyen`).
    """

    def __init__(
        self,
        data: Any,
        *,
        source: str,
        path: str,
        error: type[DocgenError],
        known: frozenset[str] = frozenset(),
    ) -> None:
        self.source = source
        #: every field this mapping may hold: never taken for a typo of another one
        self.known = known
        self.path = path
        self.error = error
        if not isinstance(data, Mapping):
            self.fail(
                f"phải là một nhóm các trường (dạng `khóa: giá trị`), không phải {_kind(data)}",
                "xem tệp mẫu trong thư mục examples/",
            )
        self.data: Mapping[Any, Any] = data
        self._read: set[str] = set()

    def child_path(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def fail(self, message: str, hint: str = "", *, key: str | None = None) -> NoReturn:
        """Raise for `key` (or the section itself). When `key` is absent and the mapping holds an
        unknown key that looks like it (`trich_yue` for `trich_yeu`), that typo is the cause and
        is named instead: a clerk told "trich_yeu is missing" would look in the wrong place."""
        if key is not None and key not in self.data:
            typo = self._typo_of(key)
            if typo is not None:
                raise self.error(
                    f"trường `{typo}` không có trong mẫu; có phải `{key}`?",
                    hint=f"sửa `{typo}:` thành `{key}:`",
                    source=self.source,
                    field=self.child_path(typo),
                )
        field = self.child_path(key) if key is not None else self.path
        raise self.error(message, hint=hint, source=self.source, field=field)

    def has(self, key: str) -> bool:
        return key in self.data and self.data[key] is not None

    def raw(self, key: str) -> Any:
        self._read.add(key)
        return self.data.get(key)

    def missing(self, key: str, message: str, hint: str) -> NoReturn:
        """Fail for the required `key` that is not there (see `fail` for a typo of it)."""
        self.fail(message, hint, key=key)

    def _typo_of(self, key: str) -> str | None:
        unread = [
            str(k)
            for k in self.data
            if str(k) not in self._read and str(k) != key and str(k) not in self.known
        ]
        close = difflib.get_close_matches(key, unread, n=1, cutoff=0.75)
        return close[0] if close else None

    def text(self, key: str, *, required: bool = True, default: str = "", hint: str = "") -> str:
        value = self.raw(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.missing(
                    key, "thiếu nội dung (trường bắt buộc)", hint or f"thêm dòng `{key}: …`"
                )
            return default
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.fail(
                f"phải là chữ, không phải {_kind(value)}",
                hint or "ghi một dòng chữ, đặt trong dấu ngoặc kép nếu cần",
                key=key,
            )
        return check_text(str(value), self, key)

    def integer(
        self, key: str, *, required: bool = False, low: int = 0, high: int = 10**9
    ) -> int | None:
        value = self.raw(key)
        if value is None:
            if required:
                self.missing(key, "thiếu số (trường bắt buộc)", f"thêm dòng `{key}: <số>`")
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(
                f"phải là một số nguyên, không phải {_kind(value)}",
                f"ghi một số từ {low} đến {high}",
                key=key,
            )
        if not low <= value <= high:
            self.fail(
                f"{value} nằm ngoài khoảng cho phép", f"ghi một số từ {low} đến {high}", key=key
            )
        return value

    def number(self, key: str, *, default: float) -> float:
        value = self.raw(key)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.fail(f"phải là một số, không phải {_kind(value)}", "ví dụ: 20", key=key)
        return float(value)

    def flag(self, key: str, *, default: bool) -> bool:
        value = self.raw(key)
        if value is None:
            return default
        if not isinstance(value, bool):
            self.fail(
                f"phải là true hoặc false, không phải {_kind(value)}",
                "ghi true hoặc false",
                key=key,
            )
        return value

    def text_list(self, key: str, *, required: bool = False, hint: str = "") -> list[str]:
        """A list of texts; a single text is taken as a one-item list."""
        value = self.raw(key)
        if value is None:
            if required:
                self.missing(
                    key,
                    "thiếu danh sách (trường bắt buộc)",
                    hint or f"thêm `{key}:` với các dòng `- …`",
                )
            return []
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list):
            self.fail(
                f"phải là một danh sách các dòng `- …`, không phải {_kind(value)}",
                hint or "mỗi mục một dòng, bắt đầu bằng `- `",
                key=key,
            )
        out = []
        for i, item in enumerate(items, 1):
            if (
                isinstance(item, bool)
                or not isinstance(item, str | int | float)
                or not str(item).strip()
            ):
                self.fail(
                    f"dòng thứ {i} trống hoặc không phải chữ",
                    hint or "mỗi dòng là một đoạn chữ",
                    key=f"{key}[{i}]",
                )
            out.append(check_text(str(item), self, f"{key}[{i}]"))
        if required and not out:
            self.fail("danh sách trống", hint or "thêm ít nhất một dòng `- …`", key=key)
        return out

    def section(self, key: str, *, required: bool = False) -> Section | None:
        value = self.raw(key)
        if value is None:
            if required:
                group = (
                    f"[{self.child_path(key)}]"
                    if issubclass(self.error, ProfileError)
                    else f"{key}:"
                )
                self.missing(key, "thiếu nhóm trường bắt buộc", f"thêm nhóm `{group}`")
            return None
        return Section(value, source=self.source, path=self.child_path(key), error=self.error)

    def done(self) -> None:
        """Reject any field that was not read: a typo must not be silently ignored."""
        unknown = sorted(str(k) for k in self.data if str(k) not in self._read)
        if not unknown:
            return
        known = sorted(self._read | self.known)
        named = []
        for key in unknown:
            close = difflib.get_close_matches(key, known, n=1, cutoff=0.75)
            named.append(f"`{key}`" + (f" (có phải `{close[0]}`?)" if close else ""))
        plural = "các trường" if len(unknown) > 1 else "trường"
        self.fail(
            f"{plural} {', '.join(named)} không có trong mẫu",
            f"kiểm tra chính tả; các trường dùng được: {', '.join(known)}",
            key=unknown[0],
        )


def check_text(value: str, where: Section, key: str) -> str:
    """Refuse text that would not survive into a document: non-NFC, control characters, Jinja tags."""
    if not is_nfc(value):
        where.fail(
            "chữ tiếng Việt ở dạng tổ hợp (không phải Unicode dựng sẵn NFC)",
            "gõ lại bằng bảng mã Unicode dựng sẵn (Unikey: Unicode, kiểu gõ dựng sẵn) hoặc dán từ Word",
            key=key,
        )
    if has_xml_illegal(value):
        where.fail(
            "có ký tự điều khiển không in được",
            "xóa ký tự lạ (thường do dán từ PDF) rồi gõ lại",
            key=key,
        )
    if any(mark in value for mark in _JINJA_MARKS):
        where.fail(
            "có dấu ngoặc mẫu `{{`, `{%` hoặc `}}` — docgen không thực thi lệnh mẫu trong nội dung",
            "xóa các dấu ngoặc nhọn kép; nội dung được in nguyên văn",
            key=key,
        )
    return " ".join(value.split())


def _kind(value: Any) -> str:
    if isinstance(value, Mapping):
        return "một nhóm trường"
    if isinstance(value, list):
        return "một danh sách"
    if isinstance(value, bool):
        return "giá trị đúng/sai"
    if isinstance(value, int | float):
        return "một số"
    if isinstance(value, str):
        return "chữ"
    return type(value).__name__

"""Finding a Times New Roman–compatible TrueType font with complete Vietnamese coverage.

Debian's old `fonts-liberation` (1.07) lacks ơ, ư and U+1EA0–1EF9 and fpdf2 then silently drops
those letters (environment notes, trap 1), so a candidate counts only once its cmap is checked.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path

from docgen.errors import SystemDependencyError

#: Folders searched for fonts, in order (Debian, local installs, the user's own fonts).
FONT_DIRS: tuple[str, ...] = (
    "/usr/share/fonts",
    "/usr/local/share/fonts",
    "~/.local/share/fonts",
    "~/.fonts",
)

#: Metric-compatible Times New Roman faces by style, best first.
SERIF_FILES: dict[str, tuple[str, ...]] = {
    "regular": ("times.ttf", "LiberationSerif-Regular.ttf", "Tinos-Regular.ttf"),
    "bold": ("timesbd.ttf", "LiberationSerif-Bold.ttf", "Tinos-Bold.ttf"),
    "italic": ("timesi.ttf", "LiberationSerif-Italic.ttf", "Tinos-Italic.ttf"),
}

#: Letters a Vietnamese font must have: the two hooked vowels, đ, and the whole block U+1EA0–1EF9.
VIETNAMESE_CODEPOINTS: frozenset[int] = frozenset(
    [ord(c) for c in "ăâđêôơưĂÂĐÊÔƠƯàáảãạ"] + list(range(0x1EA0, 0x1EFA))
)


def covers_vietnamese(path: Path) -> bool:
    """True when the font at `path` maps every Vietnamese letter; False if it is unreadable."""
    from fontTools.ttLib import TTFont, TTLibError  # type: ignore[import-untyped]

    try:
        with TTFont(str(path), lazy=True, fontNumber=0) as font:
            cmap = font.getBestCmap() or {}
    except (OSError, TTLibError, AssertionError, KeyError):
        return False
    return VIETNAMESE_CODEPOINTS.issubset(cmap)


def _walk(dirs: Iterable[str]) -> dict[str, list[Path]]:
    """File name -> every path with that name under `dirs`, in a deterministic (sorted) order.

    All are kept because an old Liberation 1.07 and a complete 2.x may both be installed.
    """
    found: dict[str, list[Path]] = {}
    for raw in dirs:
        root = Path(os.path.expanduser(raw))
        if not root.is_dir():
            continue
        for path in sorted(root.rglob("*.ttf")):
            found.setdefault(path.name, []).append(path)
    return found


@lru_cache(maxsize=8)
def find_serif_font(style: str = "regular", dirs: Sequence[str] = FONT_DIRS) -> Path:
    """Path of a Times New Roman–compatible font in `style` ("regular", "bold", "italic").

    Tries Times New Roman itself, then Liberation Serif 2.x, then Tinos, and accepts the first file
    whose cmap covers Vietnamese. Raises SystemDependencyError when none is installed.
    """
    names = SERIF_FILES.get(style)
    if names is None:
        raise SystemDependencyError(
            f"kiểu chữ '{style}' không được hỗ trợ", hint="dùng regular, bold hoặc italic."
        )
    found = _walk(tuple(dirs))
    for name in names:
        for path in found.get(name, []):
            if covers_vietnamese(path):
                return path
    raise SystemDependencyError(
        f"không tìm thấy phông Times New Roman hoặc tương đương đủ dấu tiếng Việt ({style})",
        hint="cài gói fonts-liberation2 (apt-get install fonts-liberation2) rồi chạy lại.",
    )

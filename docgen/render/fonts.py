"""Font pre-flight: a font with Times New Roman metrics and complete Vietnamese must be installed.

Trap 1 of the environment notes: with Debian's old `fonts-liberation` (1.07) LibreOffice mixes in
DejaVu glyph by glyph for ơ, ư and U+1EA0–1EF9, lines wrap differently and text extraction breaks.
"""

from __future__ import annotations

import shutil
import subprocess
from functools import cache

from docgen.errors import SystemDependencyError

#: families metric-compatible with Times New Roman, best first
TNR_FAMILIES = ("Times New Roman", "Liberation Serif", "Tinos")
#: ơ ư Ạ…ỹ and đ: the letters the old Liberation lacks
VIETNAMESE_CHARSET = "1a1 1b0 1ea0-1ef9 111"
FONT_PACKAGE = "fonts-liberation2"


@cache
def vietnamese_tnr_family() -> str:
    """The installed family with TNR metrics that covers Vietnamese; SystemDependencyError if none."""
    if shutil.which("fc-list") is None:
        raise SystemDependencyError(
            "không tìm thấy fontconfig (fc-list) để kiểm tra phông chữ",
            hint=f"cài gói: apt-get install fontconfig {FONT_PACKAGE}",
        )
    result = subprocess.run(
        ["fc-list", f":charset={VIETNAMESE_CHARSET}", "family"],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    families = {name.strip() for line in result.stdout.splitlines() for name in line.split(",")}
    for family in TNR_FAMILIES:
        if family in families:
            return family
    raise SystemDependencyError(
        "máy chưa có phông Times New Roman (hoặc tương đương) đủ dấu tiếng Việt, "
        "nên không tạo PDF để tránh sai chữ và sai dòng",
        hint=f"nhờ quản trị máy cài gói: apt-get install {FONT_PACKAGE}",
    )

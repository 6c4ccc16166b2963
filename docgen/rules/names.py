"""Whether the name on a certificate is the name of the holder in the profile.

A licensed CA writes the holder's name in the certificate's common name, sometimes in capitals,
sometimes without diacritics ("NGUYEN VAN A"), sometimes with a note in parentheses
("Nguyễn Văn A (Giám đốc)") or cut short to fit the 64 characters X.509 allows ("BAN QUẢN LÝ
DỰ ÁN ĐẦU TƯ…"). Those are the same name; anything else is another person.
"""

from __future__ import annotations

import re
import unicodedata

_D = {ord("đ"): "d", ord("Đ"): "d"}
_NOTE = re.compile(r"\s*\([^()]*\)\s*$")
_NON_WORD = re.compile(r"[^0-9a-z]+")
_ELLIPSIS = ("…", "...")


def name_key(text: str) -> str:
    """`text` without diacritics, case, punctuation or a final note in parentheses."""
    text = _NOTE.sub("", unicodedata.normalize("NFC", text).strip())
    decomposed = unicodedata.normalize("NFD", text.translate(_D))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return _NON_WORD.sub(" ", bare).strip()


def same_name(on_certificate: str, expected: str) -> bool:
    """True when `on_certificate` names `expected` (see the module docstring); a name cut short
    with "…" matches when what is left begins `expected`, and is at least 8 characters long."""
    text = _NOTE.sub("", unicodedata.normalize("NFC", on_certificate).strip())
    wanted = name_key(expected)
    if not wanted:
        return False
    for mark in _ELLIPSIS:
        if text.endswith(mark):
            head = name_key(text[: -len(mark)])
            return len(head) >= 8 and wanted.startswith(head)
    return name_key(text) == wanted

"""Vietnamese text helpers shared by the rules: upper case, NFC, punctuation at line ends."""

from __future__ import annotations

import re
import unicodedata

_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_END_PUNCT = re.compile(r"[\s;.,]+$")


def upper(text: str) -> str:
    """Vietnamese capitals (`đ` → `Đ`, tone marks kept), in NFC."""
    return unicodedata.normalize("NFC", text.upper())


def is_nfc(text: str) -> bool:
    return unicodedata.is_normalized("NFC", text)


def has_xml_illegal(text: str) -> bool:
    """True when `text` holds a control character that cannot appear in a .docx."""
    return bool(_XML_ILLEGAL.search(text))


def strip_end_punctuation(text: str) -> str:
    """`"Sở Công Thương;"` → `"Sở Công Thương"`: the rules add the ending the decree wants."""
    return _END_PUNCT.sub("", text.strip())


def collapse_spaces(text: str) -> str:
    return " ".join(text.split())

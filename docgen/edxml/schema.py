"""The XML Schemas of `schema/` (written from the regulation; docs/exchange/edxml.md) and the
check every package docgen writes or receives goes through."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from lxml import etree  # type: ignore[import-untyped]  # no stubs installed

from docgen.edxml import names
from docgen.edxml.safe import refuse

SCHEMAS = Path(__file__).resolve().parent / "schema"
#: which schema checks which message
DOCUMENT = "edxml.xsd"
STATUS = "status.xsd"


@functools.cache
def schema(name: str) -> Any:
    """The compiled schema `name` (its includes and imports are files beside it)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    return etree.XMLSchema(etree.parse(str(SCHEMAS / name), parser))


def problems(root: Any, name: str) -> list[str]:
    """Every way `root` breaks the schema `name`: `dòng 12: Element '…': …` lines; [] when valid."""
    checker = schema(name)
    if checker.validate(root):
        return []
    namespace = "{" + names.NS + "}"
    return [
        f"dòng {e.line}: {e.message.replace(namespace, names.PREFIX + ':')}"
        for e in checker.error_log
    ]


def validate(root: Any, name: str, source: str) -> None:
    """InputError naming the first problem when `root` does not follow the schema `name`."""
    found = problems(root, name)
    if found:
        more = f" (và {len(found) - 1} lỗi khác)" if len(found) > 1 else ""
        raise refuse(f"gói tin không đúng lược đồ edXML ({name}): {found[0]}{more}", source)

"""What `archive check` verifies of records management (`docgen.services.archive`): every closed
file's cover and contents list and every copy the agency archive received are there with their
SHA-256, and every document a file lists is in the catalogue. Files of the years a year export
left out (`scope`) are not expected here.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from docgen.archive import records as rs
from docgen.archive import records_actions as ra
from docgen.archive.catalogue import CatalogueRow
from docgen.archive.register import RegisterStore

#: (where, what, relative path, SHA-256): a file to check when `relative` is set, else a problem
Expectation = tuple[str, str, str, str]


def check_records(
    store: RegisterStore,
    kept: Mapping[str, str],
    rows: Mapping[str, CatalogueRow],
    outside: Mapping[int, int],
) -> Iterator[Expectation]:
    """The records files to check and the records problems found."""
    archived: dict[str, str] = {}
    for hoso in rs.files(store.db, store.agency):
        if hoso.year in outside:
            continue
        for name, digest in sorted(hoso.forms.items()):
            yield ("", f"bìa, mục lục của hồ sơ {hoso.notation}", f"{hoso.folder}/{name}", digest)
        archived[ra.archive_folder(hoso.year, hoso.notation) + "/"] = hoso.notation
        for item in rs.items(store.db, store.agency, hoso.notation):
            if item.doc_id not in rows:
                yield (
                    f"hồ sơ {hoso.notation}",
                    f"có văn bản {item.doc_id} không có trong danh mục lưu trữ",
                    "",
                    "",
                )
    for relative, digest in sorted(kept.items()):
        parts = relative.split("/")
        year = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
        if year in outside:
            continue
        prefix = "/".join(parts[:3]) + "/"
        owner = archived.get(prefix, parts[2] if len(parts) > 2 else "")
        yield ("", f"bản lưu trữ cơ quan của {owner}", relative, digest)

"""Records management as the web application sees it (`Office.records`): the same use cases the
`docgen hoso` commands call, with the person's unit and secrecy clearance applied by the caller's
arguments (docs/records/hoso.md)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from docgen.archive.catalogue import CatalogueRow
from docgen.errors import InputError
from docgen.model.records import FileStatus, HoSo
from docgen.rules.records import Suggestion
from docgen.services import records
from docgen.services.records_close import Closed, FormsConverter, close, convert_forms
from docgen.services.records_due import DEFAULT_WITHIN_DAYS, TransferDue, transfer_due
from docgen.services.records_items import Removed, remove

if TYPE_CHECKING:
    from docgen.services.office import Office


@dataclass(frozen=True)
class Unfiled:
    """A document no file holds yet, and the open files suggested for it (best first)."""

    row: CatalogueRow
    suggestions: tuple[tuple[HoSo, Suggestion], ...]


@dataclass
class RecordsDesk:
    office: Office

    def files(self, *, year: int | None = None, unit: str | None = None) -> list[HoSo]:
        return records.files(self.office.store, year=year, unit=unit)

    def transfer_due(self, *, within_days: int = DEFAULT_WITHIN_DAYS) -> list[TransferDue]:
        """The closed files late or due at the agency archive within `within_days`
        (`docgen hoso due`)."""
        office = self.office
        return transfer_due(
            office.store, office.agency, today=office.today(), within_days=within_days
        )

    def file(self, notation: str) -> HoSo:
        """The file `notation`; ArchiveError when there is none."""
        return records.get_file(self.office.store, notation)

    def view(self, notation: str) -> records.FileView:
        return records.view(self.office.store, notation)

    def unfiled(
        self, year: int, *, unit: str | None, secret_allowed: bool, limit: int = 200
    ) -> list[Unfiled]:
        """The documents of `year` in no file (of `unit`'s concern when given: its symbol, the
        units holding a copy), secret ones only when `secret_allowed`, with the open files of
        `unit` (every unit when None) that fit them best."""
        store = self.office.store
        out = []
        for row in records.unassigned(store, year):
            if row.secrecy and not secret_allowed:
                continue
            facts = records.facts_of(row)
            if unit is not None and unit not in facts.units:
                continue
            _, found = records.suggestions(store, row.doc_id, year=year, limit=5)
            mine = tuple(s for s in found if unit is None or s[0].unit == unit)[:3]
            out.append(Unfiled(row, mine))
            if len(out) >= limit:
                break
        return out

    def assign(self, document: str, notation: str, *, reference: bool = False) -> records.Assigned:
        return records.assign(
            self.office.store, self.office.archive, document, notation, reference=reference
        )

    def remove(
        self, document: str, notation: str, *, reason: str, to: str | None = None, by: str = ""
    ) -> Removed:
        """Take the document out of the open file (into the open file `to` when given)."""
        return remove(self.office.store, document, notation, reason=reason, to=to, by=by)

    def close(self, notation: str, *, end: dt.date, note: str = "") -> Closed:
        """Close the file (its cover and contents list through the office's converter)."""
        return close(
            self.office.store, self.office.archive, self.office.agency, notation, end=end,
            note=note, convert=self._converter(),
        )  # fmt: skip

    def _converter(self) -> FormsConverter:
        resident = self.office._converter()
        if resident is None:
            return convert_forms(self.office.agency.style.pdfa)

        def convert(docx: Sequence[Path], out_dir: Path) -> list[Path]:
            return [resident(path, out_dir) for path in docx]

        return convert

    def form(self, notation: str, name: str) -> Path:
        """The cover or contents list `name` of a closed file, resolved from the register (never
        from the path asked for); InputError when the file has no such form."""
        hoso = self.file(notation)
        if hoso.status is FileStatus.OPEN or name not in hoso.forms:
            raise InputError("hồ sơ không có tệp này", field=name)
        path = (self.office.archive / hoso.folder / name).resolve()
        if self.office.archive.resolve() not in path.parents or not path.is_file():
            raise InputError("không tìm thấy tệp của hồ sơ trong kho", field=name)
        return path

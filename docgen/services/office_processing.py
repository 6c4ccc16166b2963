"""Processing incoming documents as the web application sees it (`Office.processing`): the same
steps the `docgen den …` commands call (`docgen.services.processing`), each person's list and the
unit report (`docgen.services.followup`, `followup_report`); docs/records/processing.md.

The web layer says who acts (the person logged in, read from the people of the register's
database); the rules of `docgen.rules.processing` say what they may do."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from docgen.archive import people
from docgen.archive import processing as table
from docgen.model.processing import Handling, Person
from docgen.model.register import EntryKey, RegisterEntry
from docgen.rules import processing as rules
from docgen.services import followup, followup_report, processing
from docgen.services.processing import Done

if TYPE_CHECKING:
    from docgen.services.office import Office

__all__ = ["Done", "ProcessingDesk", "Step"]


@dataclass(frozen=True)
class Step:
    """A step a page may offer: its action (`docgen.model.processing` PRESENT, …) and whether
    the person may take it now ("" yes; else why not)."""

    action: str
    refused: str


@dataclass
class ProcessingDesk:
    office: Office

    # --- who and what --------------------------------------------------------------------------

    def today(self) -> dt.date:
        return self.office.today()

    def person(self, username: str) -> Person:
        """The person `username`; InputError when the register's people have no such user."""
        return processing.person(self.office.store, username, field="người dùng")

    def people(self) -> list[Person]:
        """Everyone with a role, active ones only, by user name."""
        return [p for p in people.everyone(self.office.store.db) if p.active]

    def units(self) -> list[tuple[str, str]]:
        """(abbreviation, name) of the agency's units, as the profile lists them."""
        return [(u.abbreviation, u.name) for u in self.office.agency.units]

    def entry(self, year: int, number: int) -> RegisterEntry:
        """The incoming row số đến `number` of `year`; InputError when there is none."""
        return processing.current(self.office.store, self._key(year, number))

    def steps(self, handling: Handling, who: Person, actions: Sequence[str]) -> list[Step]:
        """Which of `actions` `who` may take on a document at `handling`."""
        return [Step(a, rules.permitted(handling, a, who)) for a in actions]

    def answered(self, year: int, stream: str, number: int) -> list[table.Row]:
        """The incoming documents the outgoing row answers ("trả lời văn bản đến số …")."""
        return processing.answered_by(self.office.store, EntryKey(year, stream, number))

    # --- the steps -----------------------------------------------------------------------------

    def _key(self, year: int, number: int) -> EntryKey:
        return processing.incoming_key(self.office.store, number, year)

    def present(self, year: int, number: int, *, by: Person, to: str, note: str = "",
                expected: int | None = None, via: str = "") -> Done:  # fmt: skip
        o = self.office
        return processing.present(o.store, o.agency, self._key(year, number), by=by, to=to,
                                  note=note, expected=expected, via=via)  # fmt: skip

    def assign(
        self, year: int, number: int, *, by: Person, lead: str, cooperating: tuple[str, ...],
        informed: tuple[str, ...], deadline: dt.date | None, instruction: str, again: bool,
        expected: int | None = None, via: str = "",
    ) -> Done:  # fmt: skip
        o = self.office
        return processing.assign(
            o.store, o.agency, self._key(year, number), by=by, lead=lead,
            cooperating=cooperating, informed=informed, deadline=deadline,
            instruction=instruction, again=again, expected=expected, via=via,
        )  # fmt: skip

    def delegate(self, year: int, number: int, *, by: Person, to: str,
                 deadline: dt.date | None, note: str = "", expected: int | None = None,
                 via: str = "") -> Done:  # fmt: skip
        o = self.office
        return processing.delegate(o.store, o.agency, self._key(year, number), by=by, to=to,
                                   deadline=deadline, note=note, expected=expected, via=via)  # fmt: skip

    def progress(self, year: int, number: int, *, by: Person, note: str,
                 expected: int | None = None, via: str = "") -> Done:  # fmt: skip
        o = self.office
        return processing.progress(o.store, o.agency, self._key(year, number), by=by, note=note,
                                   expected=expected, via=via)  # fmt: skip

    def close(self, year: int, number: int, *, by: Person, reply: str = "", filed: bool = False,
              note: str = "", expected: int | None = None, via: str = "") -> Done:  # fmt: skip
        o = self.office
        return processing.close(o.store, o.agency, self._key(year, number), by=by, reply=reply,
                                filed=filed, note=note, expected=expected, via=via)  # fmt: skip

    # --- follow-up -----------------------------------------------------------------------------

    def my_work(self, who: Person) -> followup.WorkList:
        return followup.my_work(self.office.store, who)

    def report(
        self, *, date_from: dt.date, date_to: dt.date, unit: str | None = None
    ) -> followup.Report:
        return followup.report(self.office.store, self.office.agency, date_from=date_from,
                               date_to=date_to, unit=unit)  # fmt: skip

    def tracking(self, rep: followup.Report) -> list[tuple[str, ...]]:
        """The lines of the follow-up register (PL4 VIII) the report counts, as cells."""
        names = self._names()
        rows = followup.tracking_rows(self.office.store, rep)
        return [followup_report.tracking_cells(r, rep.today, names) for r in rows]

    def _names(self) -> dict[str, str]:
        """User name → the name the registers print, for everyone with a role."""
        return {p.username: p.display for p in people.everyone(self.office.store.db)}

    def chart_svg(self, rep: followup.Report) -> str:
        return followup_report.chart_svg(rep)

    def report_xlsx(self, rep: followup.Report) -> tuple[str, bytes]:
        """(file name, the workbook) of the report, as `docgen den bao-cao --xlsx` writes it."""
        store, agency = self.office.store, self.office.agency
        lines = followup.tracking_rows(store, rep)
        data = followup_report.report_xlsx(rep, lines, agency_name=agency.name, names=self._names())
        return followup_report.file_name(rep, agency.abbreviation), data

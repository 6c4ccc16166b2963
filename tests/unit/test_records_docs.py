"""docs/records/retention.md shows the shipped retention table exactly (issue 18): a row changed
in docgen/rules/data/tt10-2022.csv without the page (or the reverse) fails here."""

from __future__ import annotations

from docgen.rules.records import retention_table
from tests.conftest import ROOT

PAGE = ROOT / "docs" / "records" / "retention.md"


def test_the_page_lists_every_row_of_the_table() -> None:
    rows = [line for line in PAGE.read_text("utf-8").splitlines() if line.startswith("| ")]
    listed = {line.split(" | ")[0].removeprefix("| "): line for line in rows}
    for rule in retention_table():
        line = listed.get(rule.code)
        assert line is not None, rule.code
        cells = [c.strip() for c in line.strip("|").split("|")]
        assert cells[2] == rule.title and cells[3] == rule.retention.label, line
        assert cells[4] == rule.article and cells[5].startswith("U"), line
    coded = [c for c in listed if c[:1].isdigit()]
    assert len(coded) == len(retention_table())

"""docs/records/retention.md shows the shipped retention table exactly (issue 18): a row changed
in docgen/rules/data/tt10-2022.csv without the page (or the reverse) fails here; likewise the
Thông tư 02/2019 fields docs/records/metadata-tt02.md marks missing and those the transfer
package's records say docgen cannot fill."""

from __future__ import annotations

from docgen.archive.records_metadata import (
    MISSING_DOCUMENT,
    MISSING_FILE,
    NO_ORGAN_ID,
    missing,
)
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


METADATA = ROOT / "docs" / "records" / "metadata-tt02.md"


def _marked_missing(section: str) -> set[str]:
    """The fields a table of docs/records/metadata-tt02.md marks **missing**."""
    text = METADATA.read_text("utf-8").split(section, 1)[1].split("\n## ", 1)[0]
    return {
        line.split(" | ")[1].strip("` ")
        for line in text.splitlines()
        if line.startswith("| ") and "**missing**" in line
    }


def test_the_metadata_page_names_every_field_docgen_cannot_fill() -> None:
    assert _marked_missing("## The file record") == set(MISSING_FILE)
    assert _marked_missing("## The document record") == set(MISSING_DOCUMENT)


def test_missing_says_why_for_every_null_field() -> None:
    record = {"FileCode": {"OrganId": ""}, "Title": "x", "Format": None, "StartDate": None}
    assert missing(record, MISSING_FILE) == {
        "FileCode.OrganId": NO_ORGAN_ID,
        "Format": MISSING_FILE["Format"],
        "StartDate": "hồ sơ chưa kết thúc",
    }
    assert missing({"FileCode": {"OrganId": "000.00.00.H00"}, "Title": "x"}, MISSING_FILE) == {}

"""`docgen issue du-thao.docx`: every type docgen drafts, edited as Word would edit it (a round
trip through LibreOffice's DOCX export, which re-splits runs and renames styles), issues to the
same number, date, register row and filing as its YAML, and only `Số` and the date change in it."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from docgen.archive import catalogue, open_register
from docgen.archive.register import RegisterStore
from docgen.inputs.word import WordOptions
from docgen.model.register import RegisterEntry
from docgen.render.inspect import read_docx
from docgen.services.draft import draft
from docgen.services.issue import IssueResult, issue
from docgen.services.settings import templates_dir
from tests.conftest import EXAMPLES, REFERENCE_PROFILE, needs_libreoffice
from tests.integration.test_issue_service import archive_files, fake_pdf

DRAFT_DAY = dt.date(2024, 3, 5)
#: every example document docgen issues as a new document (a copy, a document already numbered,
#: an unnumbered thư công and the reference with its defects are issued by other tests)
TYPES = sorted(
    p.stem
    for p in EXAMPLES.glob("*.yaml")
    if p.stem
    not in {
        "bql-sao-y-qd",
        "bql-qd-giao-nhiem-vu-da-ban-hanh",
        "bql-thu-chuc-mung-doanh-nhan",
        "bql-khth-moi-xet-chon-spcncl",
    }
)


def libreoffice_docx(sources: list[Path], out: Path, profile: Path) -> None:
    """Open each of `sources` in LibreOffice and save it as Word 2007 XML into `out` (one call)."""
    soffice = shutil.which("soffice")
    assert soffice is not None
    out.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            soffice,
            "--headless",
            f"-env:UserInstallation={profile.as_uri()}",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(out),
            *map(str, sources),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    missing = [s.name for s in sources if not (out / s.name).is_file()]
    assert not missing, f"LibreOffice did not save {missing}"


@pytest.fixture(scope="module")
def edited(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each type's draft, as the specialist's Word would hand it back: drafted by docgen, then
    opened and saved again by a word processor (LibreOffice's DOCX export)."""
    needs_libreoffice()
    folder = tmp_path_factory.mktemp("word-drafts")
    drafted: list[Path] = []
    for stem in TYPES:
        target = folder / "docgen" / f"{stem}.docx"
        target.parent.mkdir(exist_ok=True)
        result = draft(
            EXAMPLES / f"{stem}.yaml",
            REFERENCE_PROFILE,
            target,
            pdf=False,
            templates=templates_dir(),
            today=DRAFT_DAY,
        )
        drafted += [target, *(p for p in result.appendices if p.suffix == ".docx")]
    libreoffice_docx(drafted, folder / "word", folder / "lo-profile")
    return {p.stem: folder / "word" / p.name for p in drafted}


def word_options(stem: str, edited: dict[str, Path]) -> WordOptions:
    """The phụ lục files of their own that go with the draft (`--phu-luc`)."""
    return WordOptions(
        appendices=tuple(edited[k] for k in sorted(edited) if k.startswith(f"{stem}-phu-luc-"))
    )


@pytest.fixture
def two_archives(tmp_path: Path) -> Iterator[tuple[tuple[Path, RegisterStore], ...]]:
    stores = []
    for name in ("yaml", "word"):
        root = tmp_path / name
        stores.append((root, open_register(root, "BQL")))
    yield tuple(stores)
    for _, store in stores:
        store.close()


def issue_day(stem: str) -> dt.date:
    """The 5th of the month the example is drafted for (its deadlines and cited dates fit)."""
    data = yaml.safe_load((EXAMPLES / f"{stem}.yaml").read_text("utf-8"))
    return dt.date(data["ngay"]["nam"], data["ngay"]["thang"], 5)


def issue_into(
    source: Path, root: Path, store: RegisterStore, on: dt.date, word: WordOptions | None = None
) -> IssueResult:
    return issue(
        source,
        REFERENCE_PROFILE,
        archive=root,
        store=store,
        templates=templates_dir(),
        convert=fake_pdf,
        on=on,
        word=word,
    )


def register_row(entry: RegisterEntry) -> RegisterEntry:
    """The row without what identifies the bytes (draft digest, file digests)."""
    return dataclasses.replace(entry, source=None, files=dict.fromkeys(entry.files, ""))


@pytest.mark.libreoffice
@pytest.mark.parametrize("stem", TYPES)
def test_a_word_draft_issues_as_its_yaml_does(
    stem: str, edited: dict[str, Path], two_archives: tuple[tuple[Path, RegisterStore], ...]
) -> None:
    (yaml_root, yaml_store), (word_root, word_store) = two_archives
    on = issue_day(stem)
    from_yaml = issue_into(EXAMPLES / f"{stem}.yaml", yaml_root, yaml_store, on)
    from_word = issue_into(edited[stem], word_root, word_store, on, word_options(stem, edited))

    assert from_word.entry.number_symbol == from_yaml.entry.number_symbol
    assert from_word.entry.date == from_yaml.entry.date == on
    assert register_row(from_word.entry) == register_row(from_yaml.entry)
    assert archive_files(word_root) == archive_files(yaml_root)
    doc_id = f"di/2024/{from_yaml.entry.stream}/{from_yaml.entry.number}"
    row_yaml = catalogue.get(yaml_store.db, doc_id)
    row_word = catalogue.get(word_store.db, doc_id)
    assert row_yaml is not None and row_word is not None

    # the digests and the text of two different files
    def same(row: catalogue.CatalogueRow) -> catalogue.CatalogueRow:
        return dataclasses.replace(
            row, metadata_sha="", body="", files=dict.fromkeys(row.files, "")
        )

    assert same(row_word) == same(row_yaml)


@pytest.mark.libreoffice
@pytest.mark.parametrize("stem", TYPES)
def test_only_the_number_and_the_date_change_in_the_word_draft(
    stem: str, edited: dict[str, Path], tmp_path: Path
) -> None:
    store = open_register(tmp_path / "archive", "BQL")
    try:
        result = issue_into(
            edited[stem], tmp_path / "archive", store, issue_day(stem), word_options(stem, edited)
        )
    finally:
        store.close()
    before = [p.text for p in read_docx(edited[stem].read_bytes()).paragraphs]
    after = [p.text for p in read_docx(result.docx.read_bytes()).paragraphs]
    assert len(after) == len(before)
    changed = {i: (b, a) for i, (b, a) in enumerate(zip(before, after, strict=True)) if a != b}
    number = f"{result.entry.number:02d}/{result.entry.symbol}"
    assert any(a == f"Số: {number}" for _, a in changed.values()), changed
    on = issue_day(stem)
    day = f"ngày 05 tháng {on.month:02d}" if on.month < 3 else f"ngày 05 tháng {on.month}"
    assert any(a.endswith(f"{day} năm {on.year}") for _, a in changed.values()), changed
    for old, new in changed.values():
        assert new.startswith(("Số:", "Hà Nội,", "(Kèm theo")), (old, new)
        if new.startswith("(Kèm theo"):
            assert f"số {number} {day} năm {on.year}" in new


@pytest.mark.libreoffice
def test_the_filler_and_the_reader_number_paragraphs_alike(edited: dict[str, Path]) -> None:
    """`render.word_fill` addresses paragraphs by `read_docx`'s index: both walk the same order."""
    import io
    import zipfile

    from lxml import etree

    from docgen.render.word_fill import body_paragraphs, paragraph_text

    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    for path in edited.values():
        data = path.read_bytes()
        root = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))
        ours = [paragraph_text(p) for p in body_paragraphs(root.find(f"{w}body"))]
        theirs = [p.text for p in read_docx(data).paragraphs]
        assert len(ours) == len(theirs), path.name
        assert all(t.endswith(o) for o, t in zip(ours, theirs, strict=True)), path.name

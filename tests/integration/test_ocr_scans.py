"""Scanned documents made searchable (docs/records/ocr.md), with the real ocrmypdf and Tesseract's
Vietnamese model on scans the tests make (tests/support/scans.py): 30 documents docgen issued,
printed to 200-dpi grey images with noise and a 1–2° turn, wrapped as image-only PDFs.

- the queue recognises them two at a time (two workers of their own connection);
- receiving each one puts its words in the index: the search finds each by five words of its body
  typed without diacritics;
- what is read from page 1 (number, symbol, date) is right on at least 90 % of the 30 (the figure
  is printed);
- a signed scan is kept byte for byte, its signature still valid, with the OCR copy beside it;
- an unsigned scan's archived copy carries the text layer.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from docgen.archive import open_register
from docgen.errors import SystemDependencyError
from docgen.inputs.profile import load_profile
from docgen.pdf.ocr import OcrEngine, scanned_pages
from docgen.services import ocr as ocr_service
from docgen.services.filing import UNSIGNED, signature_verdict
from docgen.services.incoming import AS_RECEIVED, receive
from docgen.services.ocr import OCR_COPY
from docgen.services.search import parse, search
from tests.conftest import REFERENCE_PROFILE, needs_libreoffice
from tests.integration import conftest as integration
from tests.support import scans

pytestmark = [pytest.mark.libreoffice, pytest.mark.slow]

COUNT = 30
#: the share of the 30 whose number, symbol and date must be read right (the issue's target)
TARGET = 0.90


def _engine() -> OcrEngine:
    try:
        return ocr_service.find_engine(language="vie", jobs=1)
    except SystemDependencyError as error:  # a skip is a failure in CI (tests/conftest.py)
        pytest.skip(f"OCR not available: {error}")


@pytest.fixture(scope="module")
def scanned(tmp_path_factory: pytest.TempPathFactory) -> list[scans.Fixture]:
    needs_libreoffice()
    work = tmp_path_factory.mktemp("scans")
    return scans.scan_all(scans.issue_fixtures(work, COUNT), work / "scans")


@pytest.fixture(scope="module")
def received(
    scanned: list[scans.Fixture], tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, list[tuple[scans.Fixture, ocr_service.Scan, str]]]:
    """Every scan queued, recognised by two workers at once, then received with its OCR."""
    engine = _engine()
    root = tmp_path_factory.mktemp("archive")
    agency = load_profile(REFERENCE_PROFILE)
    clock = integration.FixedClock(integration.DEFAULT_NOW)
    with open_register(root, "BQL", clock=clock) as store:
        for fixture in scanned:
            assert fixture.scan is not None
            ocr_service.submit(
                fixture.scan.read_bytes(), name=fixture.scan.name, archive=root, store=store
            )

    def worker(number: int) -> None:
        with open_register(root, "BQL", clock=clock) as own:
            ocr_service.work(root, own, engine, worker=f"test-{number}")

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    out: list[tuple[scans.Fixture, ocr_service.Scan, str]] = []
    with open_register(root, "BQL", clock=clock) as store:
        for fixture in scanned:
            assert fixture.scan is not None
            scan = ocr_service.read_scan(fixture.scan, archive=root, store=store, ocr=engine)
            assert scan is not None and scan.reused, f"{fixture.scan.name} was not in the queue"
            got = receive(
                fixture.scan, archive=root, store=store, agency=agency,
                sender=scans.SENDER, notation=fixture.notation, date=fixture.date, to="KHTH",
                subject=fixture.subject or fixture.sentence, scan=scan,
            )  # fmt: skip
            out.append((fixture, scan, got.row.doc_id))
    return root, out


def test_the_fixtures_are_scans_without_text(scanned: list[scans.Fixture]) -> None:
    for fixture in scanned:
        assert fixture.scan is not None
        data = fixture.scan.read_bytes()
        assert scanned_pages(data), f"{fixture.scan.name} has a text layer"


def test_search_finds_each_scan_by_five_words_without_diacritics(
    received: tuple[Path, list[tuple[scans.Fixture, ocr_service.Scan, str]]],
) -> None:
    root, done = received
    missed = []
    with open_register(root, "BQL") as store:
        for fixture, _scan, doc_id in done:
            found = {row.doc_id for row in search(store, parse(fixture.words))}
            if doc_id not in found:
                missed.append(f"{fixture.index:02d} `{fixture.words}`")
    assert missed == [], f"not found by its words: {missed}"


def test_page_one_is_read_right_on_at_least_ninety_percent(
    received: tuple[Path, list[tuple[scans.Fixture, ocr_service.Scan, str]]],
) -> None:
    _root, done = received
    right, wrong = 0, []
    for fixture, scan, _doc_id in done:
        read = scan.prefill()
        got = (read.number, read.symbol, read.date)
        want = (fixture.number, fixture.symbol, fixture.date)
        if got == want:
            right += 1
        else:
            wrong.append(f"{fixture.index:02d} {fixture.source}: read {got}, is {want}")
    share = right / len(done)
    print(f"\n[ocr] number, symbol and date read right on {right}/{len(done)} ({share:.0%})")
    for line in wrong:
        print(f"[ocr]   {line}")
    assert share >= TARGET, "\n".join(wrong)


def test_an_unsigned_scan_is_archived_with_its_text_layer(
    received: tuple[Path, list[tuple[scans.Fixture, ocr_service.Scan, str]]],
) -> None:
    root, done = received
    with open_register(root, "BQL") as store:
        from docgen.archive import catalogue

        row = catalogue.get(store.db, done[0][2])
        assert row is not None
        archived = (root / row.folder / row.copy_name).read_bytes()
    assert not scanned_pages(archived), "the archived copy of an unsigned scan has no text"


def test_a_signed_scan_keeps_its_signature_and_gets_an_ocr_copy_beside_it(
    scanned: list[scans.Fixture], tmp_path: Path
) -> None:
    from docgen.archive import catalogue
    from docgen.pdf.verify import verify_pdf

    engine = _engine()
    fixture = scanned[1]
    assert fixture.scan is not None
    signed, root_cert = scans.signed_scan(tmp_path / "pki", fixture.scan)
    original = signed.read_bytes()
    archive = tmp_path / "archive"
    agency = load_profile(REFERENCE_PROFILE)
    with open_register(archive, "BQL", clock=integration.FixedClock(integration.DEFAULT_NOW)) as s:
        scan = ocr_service.read_scan(signed, archive=archive, store=s, ocr=engine)
        assert scan is not None
        got = receive(
            signed, archive=archive, store=s, agency=agency, sender="Sở Công Thương",
            notation=fixture.notation, date=fixture.date, to="KHTH", subject=fixture.sentence,
            scan=scan,
        )  # fmt: skip
        row = catalogue.get(s.db, got.row.doc_id)
        assert row is not None
        found = {r.doc_id for r in search(s, parse(fixture.words))}
    folder = archive / row.folder
    stem = row.copy_name.removesuffix(".pdf")
    as_received = folder / f"{stem}{AS_RECEIVED}"
    assert as_received.read_bytes() == original, "the signed original was not kept byte for byte"
    report = verify_pdf(as_received, [root_cert])
    assert report.ok, report.all_problems()
    # the ĐẾN stamp goes on as an incremental update: the signature stays intact
    assert signature_verdict(folder / row.copy_name) == signature_verdict(signed) != UNSIGNED
    ocr_copy = folder / f"{stem}{OCR_COPY}"
    assert ocr_copy.is_file(), f"no OCR copy beside the signed original in {folder}"
    assert not scanned_pages(ocr_copy.read_bytes()), "the OCR copy has no text layer"
    assert got.row.doc_id in found

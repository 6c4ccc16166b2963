"""The round trip of issue #19 on both register backends: a document issued and signed in archive
A (the example profile) is sent as an edXML package, received by archive B (another agency's
profile, another register), answered with status packages, and A's register shows `hoàn thành`.
Every header field is the same on both sides and the signatures are valid after the trip."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from docgen.archive.export import row_cells
from docgen.archive.metadata import decode
from docgen.edxml.parse import read
from docgen.edxml.safe import Limits
from docgen.model.exchange import ExchangeStatus, Header, Package, StatusMessage
from docgen.model.register import DEN
from docgen.services.archive import check_archive
from docgen.services.exchange import send
from docgen.services.exchange_receive import Receipt, poll
from docgen.services.exchange_status import received_header, report_status
from docgen.services.issue import issue
from docgen.services.settings import templates_dir
from tests.conftest import EXAMPLES, needs_libreoffice
from tests.integration.conftest import DEFAULT_NOW, FixedClock
from tests.integration.exchange_support import (
    REPORT_NAME,
    Office,
    connect,
    office,
    profile_a,
    profile_b,
)
from tests.support.exchange import BQL, SKHDT

pytestmark = pytest.mark.libreoffice


@pytest.fixture
def two_offices(
    tmp_path: Path, backend_name: str, request: pytest.FixtureRequest, clock: FixedClock
) -> Iterator[tuple[Office, Office, Path]]:
    """A and B, each with its own register on the backend under test; and A's test root."""
    if backend_name == "sqlite":
        urls: tuple[str | None, str | None] = (None, None)
    else:
        cluster = request.getfixturevalue("pg_cluster")
        urls = (cluster.create_database(), cluster.create_database())
    profile, root_cert = profile_a(tmp_path / "a-profile")
    a = office(profile, tmp_path / "A", clock, urls[0])
    b = office(profile_b(tmp_path, root_cert), tmp_path / "B", clock, urls[1])
    yield a, b, root_cert
    a.store.close()
    b.store.close()


def test_issue_send_receive_report_and_the_sender_sees_done(
    two_offices: tuple[Office, Office, Path], clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    needs_libreoffice()
    from docgen.pdf.verify import verify_pdf

    a, b, root_cert = two_offices
    monkeypatch.setenv("DOCGEN_SIGN_PASSWORD", "pw")
    issued = issue(EXAMPLES / REPORT_NAME, a.profile, archive=a.root, store=a.store,
                   templates=templates_dir())  # fmt: skip
    notation = issued.entry.number_symbol
    assert verify_pdf(issued.pdf, [root_cert]).ok

    # -- A sends --------------------------------------------------------------------------
    sent = send(a.store, a.agency, a.root, notation, [SKHDT.code], due_date=dt.date(2024, 5, 31))
    assert sent.package.parent == a.outbox and sent.package.name == "vb-2024-01-BC-BQL-01.edxml"
    assert sent.files == ("01-BC-BQL.pdf", "01-BC-BQL-phu-luc-I.pdf")
    row = a.store.entry(issued.entry.key)
    assert row is not None and row.dispatched == dt.date(2024, 5, 10)
    assert (
        row.delivery == f"{SKHDT.code} (Sở Kế hoạch và Đầu tư thành phố Hà Nội): đã gửi 10/05/2024"
    )
    header = sent.header
    assert (header.sender, header.receivers[0].code) == (BQL, SKHDT.code)
    assert (header.number, header.symbol, header.date) == (1, "BC-BQL", dt.date(2024, 5, 10))
    assert header.subject == issued.entry.subject and header.type_name == "Báo cáo"
    assert (header.signer_name, header.signer_position) == ("Lê Quang Long", "TRƯỞNG BAN")
    assert header.due_date == dt.date(2024, 5, 31) and header.pages >= 1
    assert header.to_places == issued.entry.recipients and header.copies == 4
    assert not list(a.outbox.glob(".*"))  # no temporary file left behind

    # -- the connector, then B --------------------------------------------------------------
    (arrived,) = connect(a, b)
    clock.now = DEFAULT_NOW + dt.timedelta(hours=1)
    (polled,) = poll(archive=b.root, store=b.store, agency=b.agency)
    assert polled.outcome == "received" and polled.moved_to == b.inbox / "processed" / arrived.name
    receipt = polled.receipt
    assert isinstance(receipt, Receipt)
    assert receipt.signatures.verdict == "nguyen-ven" and receipt.signatures.trusted is True
    incoming = receipt.received.entry
    assert incoming.stream == DEN and incoming.number == 1
    assert incoming.subject == header.subject and incoming.signer == BQL.name

    # every header field equal on both sides: what A wrote, what B read, what B's register keeps
    kept = received_header(b.store, incoming.key)
    for field in dataclasses.fields(Header):
        assert getattr(kept, field.name) == getattr(header, field.name), field.name
        assert getattr(receipt.header, field.name) == getattr(header, field.name), field.name

    # the files travelled byte for byte and the signatures are valid after the trip
    as_received = receipt.received.as_received
    assert as_received.read_bytes() == issued.pdf.read_bytes()
    (appendix, package_copy) = receipt.received.added
    assert appendix.name == "0001-1-BC-BQL-phu-luc-01.pdf"
    assert appendix.read_bytes() == (issued.pdf.parent / "01-BC-BQL-phu-luc-I.pdf").read_bytes()
    for pdf in (as_received, appendix):
        report = verify_pdf(pdf, [root_cert])
        assert report.ok, (pdf.name, report.all_problems())
    # the ĐẾN stamp is an incremental update: the sender's signature stays intact and valid,
    # and the check says what was added after it
    (stamped,) = verify_pdf(receipt.received.stamped, [root_cert]).signatures
    assert stamped.intact and stamped.valid and stamped.trusted and stamped.modified_after
    assert package_copy.read_bytes() == (b.inbox / "processed" / arrived.name).read_bytes()
    meta = decode((b.root / receipt.received.row.folder / "0001-1-BC-BQL.json").read_bytes())
    assert meta["DueDate"] == "2024-05-31" and meta["SignerInfo"]["FullName"] == "Lê Quang Long"

    # -- B reports as the document moves on ---------------------------------------------------
    steps = [ExchangeStatus.DA_TIEP_NHAN, ExchangeStatus.DA_PHAN_CONG, ExchangeStatus.DANG_XU_LY,
             ExchangeStatus.HOAN_THANH]  # fmt: skip
    for hours, step in enumerate(steps, 2):
        clock.now = DEFAULT_NOW + dt.timedelta(hours=hours)
        report_status(b.store, b.agency, b.root, incoming.key, step, staff="Trần Văn Bình")
    statuses = connect(b, a)
    assert [p.name for p in statuses] == [
        f"tt-2024-den-0001-{code}-{n:02d}.edxml" for n, code in enumerate(
            ["01", "03", "04", "05", "06"], 1)
    ]  # fmt: skip
    got = [read(p.read_bytes(), Limits(), p.name) for p in statuses]
    assert all(isinstance(m, StatusMessage) for m in got)
    assert {m.responds_to for m in got if isinstance(m, StatusMessage)} == {header.reference}
    back = b.store.entry(incoming.key)
    assert back is not None and back.exchange[0].status is ExchangeStatus.HOAN_THANH

    # -- A applies them: its register shows "hoàn thành" ------------------------------------------
    applied = poll(archive=a.root, store=a.store, agency=a.agency)
    assert [p.outcome for p in applied] == ["status"] * 5
    done = a.store.entry(issued.entry.key)
    assert done is not None
    assert done.delivery == (
        f"{SKHDT.code} (Sở Kế hoạch và Đầu tư thành phố Hà Nội): hoàn thành 10/05/2024"
    )
    assert "hoàn thành" in row_cells(done)[8]  # column (9) of the printed register

    # both registers and both archives are whole
    for side in (a, b):
        assert side.store.check().ok
        assert check_archive(side.root, side.store).problems == ()
    assert not isinstance(read(arrived.parent.joinpath("processed", arrived.name).read_bytes(),
                               Limits(), "x"), StatusMessage)  # fmt: skip
    assert isinstance(read(package_copy.read_bytes(), Limits(), "x"), Package)

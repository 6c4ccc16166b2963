"""Receiving packages (docgen.services.exchange_receive) with a real signed document from archive A:
duplicates refused, unsigned or broken or misaddressed packages refused and answered `từ chối`,
the inbox processed in name order with refused packages moved aside with their reason, and a
failure half way leaving nothing registered; status packages applied at A, or refused."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from docgen.edxml.build import build_package, build_status
from docgen.edxml.parse import read
from docgen.edxml.safe import Limits
from docgen.errors import ArchiveError, InputError
from docgen.model.exchange import (
    DocumentRef,
    ExchangeStatus,
    Organ,
    Package,
    StatusMessage,
)
from docgen.services import exchange_receive
from docgen.services.archive import check_archive
from docgen.services.exchange import send
from docgen.services.exchange_receive import Receipt, Refused, poll, receive_package
from docgen.services.exchange_status import report_status
from docgen.services.incoming import receive
from docgen.services.issue import issue
from docgen.services.settings import templates_dir
from tests.conftest import EXAMPLES, needs_libreoffice
from tests.integration.conftest import DEFAULT_NOW, FixedClock
from tests.integration.exchange_support import (
    REPORT_NAME,
    Office,
    connect,
    files_under,
    office,
    profile_a,
    profile_b,
)
from tests.integration.test_issue_service import fake_pdf
from tests.support.exchange import SKHDT

pytestmark = pytest.mark.libreoffice


@dataclass(frozen=True)
class Sent:
    """Archive A after issuing and sending one signed document (kept closed: tests copy it)."""

    profile: Path
    root: Path
    root_cert: Path
    notation: str
    package: bytes


@pytest.fixture(scope="module")
def sent(tmp_path_factory: pytest.TempPathFactory) -> Sent:
    needs_libreoffice()
    base = tmp_path_factory.mktemp("exchange-a")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DOCGEN_SIGN_PASSWORD", "pw")
        profile, root_cert = profile_a(base / "profile")
        a = office(profile, base / "A", FixedClock(DEFAULT_NOW))
        try:
            issued = issue(EXAMPLES / REPORT_NAME, profile, archive=a.root, store=a.store,
                           templates=templates_dir())  # fmt: skip
            result = send(a.store, a.agency, a.root, issued.entry.number_symbol, [SKHDT.code])
            data = result.package.read_bytes()
            result.package.unlink()  # the connector took it
        finally:
            a.store.close()
    return Sent(profile, base / "A", root_cert, issued.entry.number_symbol, data)


@pytest.fixture
def b(tmp_path: Path, sent: Sent, clock: FixedClock) -> Iterator[Office]:
    clock.now = DEFAULT_NOW + dt.timedelta(hours=1)
    side = office(profile_b(tmp_path, sent.root_cert), tmp_path / "B", clock)
    side.inbox.mkdir(parents=True)
    yield side
    side.store.close()


@pytest.fixture
def a(tmp_path: Path, sent: Sent, clock: FixedClock) -> Iterator[Office]:
    """A fresh copy of archive A (its register and files) for a test that changes it."""
    root = tmp_path / "A"
    shutil.copytree(sent.root, root)
    side = office(sent.profile, root, clock)
    yield side
    side.store.close()


def drop(side: Office, name: str, data: bytes) -> Path:
    side.inbox.mkdir(parents=True, exist_ok=True)
    path = side.inbox / name
    path.write_bytes(data)
    return path


def package_of(sent: Sent) -> Package:
    got = read(sent.package, Limits(), "x")
    assert isinstance(got, Package)
    return got


def unsigned_pdf(tmp_path: Path) -> bytes:
    docx = tmp_path / "x.docx"
    docx.write_bytes(b"not a docx, only hashed")
    return fake_pdf(docx, tmp_path).read_bytes()


def statuses_in(folder: Path) -> list[StatusMessage]:
    found = [read(p.read_bytes(), Limits(), p.name) for p in sorted(folder.glob("*.edxml"))]
    assert all(isinstance(m, StatusMessage) for m in found)
    return [m for m in found if isinstance(m, StatusMessage)]


# -- documents ------------------------------------------------------------------------------


def test_a_package_received_twice_is_refused_the_second_time(b: Office, sent: Sent) -> None:
    first = receive_package(drop(b, "1.edxml", sent.package), archive=b.root, store=b.store,
                            agency=b.agency, to="DKKD")  # fmt: skip
    assert isinstance(first, Receipt) and first.received.row.holders == ("VT", "DKKD")
    files = files_under(b.root)
    with pytest.raises(InputError, match=r"đã được vào sổ văn bản đến \(số đến 01 năm 2024\)"):
        receive_package(drop(b, "2.edxml", sent.package), archive=b.root, store=b.store,
                        agency=b.agency)  # fmt: skip
    assert len(b.store.entries(2024, "den")) == 1 and files_under(b.root) == files
    # no refusal answers a document that was received: only the first `đã đến`
    assert [m.status for m in statuses_in(b.outbox)] == [ExchangeStatus.DA_DEN]


@pytest.mark.parametrize(
    ("spoil", "complaint"),
    [
        ("unsigned", "văn bản trong gói tin không có chữ ký số"),
        ("tampered", "chữ ký số không còn nguyên vẹn"),
        ("elsewhere", "gói tin gửi cho 000.00.02.H26, không phải cơ quan này"),
        ("not-pdf", "tệp đầu của gói tin .* không phải văn bản PDF"),
        ("future", "sau ngày nhận"),
    ],
)
def test_a_spoilt_package_is_refused_answered_and_moved_aside(
    b: Office, sent: Sent, tmp_path: Path, spoil: str, complaint: str
) -> None:
    package = package_of(sent)
    main = package.attachments[0]
    if spoil == "unsigned":
        package = replace(package, attachments=(replace(main, data=unsigned_pdf(tmp_path)),))
    elif spoil == "tampered":
        assert b"LibreOffice" in main.data
        data = main.data.replace(b"LibreOffice", b"LibreOffixe", 1)  # same length: still a PDF
        package = replace(package, attachments=(replace(main, data=data),))
    elif spoil == "elsewhere":
        header = replace(package.header, receivers=(Organ("000.00.02.H26", "Sở Công Thương"),))
        package = replace(package, header=header)
    elif spoil == "not-pdf":
        package = replace(package, attachments=(replace(main, content_type="text/plain"),))
    else:
        package = replace(package, header=replace(package.header, date=dt.date(2024, 6, 1)))
    drop(b, "vb.edxml", build_package(package))
    (polled,) = poll(archive=b.root, store=b.store, agency=b.agency)
    assert polled.outcome == "refused"
    assert polled.moved_to == b.inbox / "refused" / "vb.edxml" and polled.moved_to.is_file()
    reason = polled.moved_to.with_name("vb.edxml.ly-do.txt").read_text("utf-8")
    assert complaint.split(".*")[0] in reason and "Đã lập trạng thái từ chối" in reason
    assert b.store.entries(2024, "den") == [] and files_under(b.root) == []
    (answer,) = statuses_in(b.outbox)
    assert answer.status is ExchangeStatus.TU_CHOI
    assert answer.responds_to == package.header.reference and answer.sender.code == SKHDT.code
    assert complaint.split(".*")[0] in answer.description


def test_the_inbox_is_processed_in_name_order_and_leaves_other_files_alone(
    b: Office, sent: Sent
) -> None:
    drop(b, "c-lan-hai.edxml", sent.package)
    drop(b, "b-van-ban.edxml", sent.package)
    drop(b, "a-hong.edxml", b"MIME-Version: 1.0\r\nContent-Type: text/plain\r\n\r\nkhong phai")
    drop(b, "ghi-chu.txt", b"not a package")
    drop(b, ".dang-ghi.edxml", sent.package)  # the connector is still writing it
    done = poll(archive=b.root, store=b.store, agency=b.agency)
    assert [(p.name, p.outcome) for p in done] == [
        ("a-hong.edxml", "refused"), ("b-van-ban.edxml", "received"),
        ("c-lan-hai.edxml", "refused"),
    ]  # fmt: skip
    assert "không phải gói tin edXML" in done[0].reason and "đã được vào sổ" in done[2].reason
    assert sorted(p.name for p in b.inbox.iterdir()) == [
        ".dang-ghi.edxml", "ghi-chu.txt", "processed", "refused",
    ]  # fmt: skip
    assert sorted(p.name for p in (b.inbox / "refused").iterdir()) == [
        "a-hong.edxml", "a-hong.edxml.ly-do.txt", "c-lan-hai.edxml", "c-lan-hai.edxml.ly-do.txt",
    ]  # fmt: skip
    assert len(b.store.entries(2024, "den")) == 1
    assert check_archive(b.root, b.store).problems == ()
    assert poll(archive=b.root, store=b.store, agency=b.agency) == []


def test_a_failure_half_way_registers_nothing_and_keeps_the_package(
    b: Office, sent: Sent, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> object:
        raise ArchiveError("ổ đĩa hỏng (giả lập)")

    monkeypatch.setattr(exchange_receive, "record_report", broken)
    path = drop(b, "vb.edxml", sent.package)
    with pytest.raises(ArchiveError, match="giả lập"):
        poll(archive=b.root, store=b.store, agency=b.agency)
    assert path.is_file() and not (b.inbox / "refused").exists()
    assert b.store.entries(2024, "den") == [] and files_under(b.root) == []
    assert not b.outbox.exists() or list(b.outbox.iterdir()) == []
    assert b.store.check().ok
    monkeypatch.undo()
    (again,) = poll(archive=b.root, store=b.store, agency=b.agency)
    assert again.outcome == "received"


def test_a_profile_without_a_code_cannot_receive(b: Office, sent: Sent, tmp_path: Path) -> None:
    from docgen.errors import ProfileError
    from docgen.inputs.profile import load_profile

    profile = tmp_path / "khong-ma.toml"
    profile.write_text(
        b.profile.read_text("utf-8").replace('code = "000.00.01.H26"\n', ""), "utf-8"
    )
    drop(b, "vb.edxml", sent.package)
    with pytest.raises(ProfileError, match="chưa có mã định danh"):
        poll(archive=b.root, store=b.store, agency=load_profile(profile))
    assert (b.inbox / "vb.edxml").is_file()  # nothing moved: the package is not at fault


# -- status messages -------------------------------------------------------------------------


def test_statuses_reach_the_sender_in_any_order_and_a_repeat_changes_nothing(
    a: Office, b: Office, sent: Sent, clock: FixedClock
) -> None:
    drop(b, "vb.edxml", sent.package)
    (got,) = poll(archive=b.root, store=b.store, agency=b.agency)
    assert got.receipt is not None
    key = got.receipt.received.entry.key
    clock.now = DEFAULT_NOW + dt.timedelta(hours=3)
    report_status(b.store, b.agency, b.root, key, ExchangeStatus.DANG_XU_LY)
    clock.now = DEFAULT_NOW + dt.timedelta(days=2)
    report_status(
        b.store, b.agency, b.root, key, ExchangeStatus.HOAN_THANH, description="Đã trả lời"
    )
    packages = connect(b, a)
    done, working = packages[2], packages[1]  # `hoàn thành` comes in before the older status
    for path in (done, working):
        shutil.move(path, a.inbox / f"z-{path.name}")
    drop(a, "y-lap-lai.edxml", (a.inbox / f"z-{done.name}").read_bytes())
    results = poll(archive=a.root, store=a.store, agency=a.agency)
    assert [r.outcome for r in results] == ["status"] * 4
    assert [r.applied.repeated for r in results if r.applied] == [False, False, False, True]
    row = a.store.entry(a.store.entries(2024, "hanh_chinh")[0].key)
    assert row is not None and row.exchange[0].status is ExchangeStatus.HOAN_THANH
    assert row.delivery.endswith("hoàn thành 12/05/2024")


@pytest.mark.parametrize(
    ("change", "complaint"),
    [
        ("organ", "văn bản của cơ quan 000.00.09.H26, không phải 000.00.00.H26"),
        ("notation", "không có văn bản 07/BC-BQL ngày 10/05/2024 đã gửi liên thông"),
        ("reporter", "đã gửi liên thông cho 000.00.02.H26"),
    ],
)
def test_a_status_about_no_document_sent_to_its_reporter_is_refused(
    a: Office, sent: Sent, change: str, complaint: str
) -> None:
    ref = package_of(sent).header.reference
    sender = SKHDT
    if change == "organ":
        ref = replace(ref, organ_id="000.00.09.H26")
    elif change == "notation":
        ref = replace(ref, notation="07/BC-BQL")
    else:
        sender = Organ("000.00.02.H26", "Sở Công Thương")
    message = StatusMessage(ref, sender, ExchangeStatus.HOAN_THANH, dt.datetime(2024, 5, 11, 8, 0))
    drop(a, "tt.edxml", build_status(message))
    (polled,) = poll(archive=a.root, store=a.store, agency=a.agency)
    assert polled.outcome == "refused" and complaint in polled.reason
    assert list(a.outbox.glob("*.edxml")) == []  # a status is never answered


def test_only_the_next_steps_are_reported_and_only_for_a_package(
    b: Office, sent: Sent, tmp_path: Path
) -> None:
    drop(b, "vb.edxml", sent.package)
    (got,) = poll(archive=b.root, store=b.store, agency=b.agency)
    assert got.receipt is not None
    key = got.receipt.received.entry.key
    with pytest.raises(InputError, match="do docgen tự báo"):
        report_status(b.store, b.agency, b.root, key, ExchangeStatus.DA_DEN)
    report_status(b.store, b.agency, b.root, key, ExchangeStatus.DA_TIEP_NHAN)
    with pytest.raises(InputError, match="đã báo trạng thái `đã tiếp nhận`"):
        report_status(b.store, b.agency, b.root, key, ExchangeStatus.DA_TIEP_NHAN)
    report_status(b.store, b.agency, b.root, key, ExchangeStatus.HOAN_THANH)
    with pytest.raises(InputError, match="đã ở trạng thái `hoàn thành`"):
        report_status(b.store, b.agency, b.root, key, ExchangeStatus.DANG_XU_LY)
    paper = tmp_path / "giay.pdf"
    paper.write_bytes(unsigned_pdf(tmp_path))
    on_paper = receive(paper, archive=b.root, store=b.store, agency=b.agency,
                       sender="Sở Tài chính", notation="3/STC-NS", date=dt.date(2024, 5, 2))  # fmt: skip
    with pytest.raises(InputError, match="không nhận qua liên thông"):
        report_status(b.store, b.agency, b.root, on_paper.entry.key, ExchangeStatus.DA_TIEP_NHAN)
    assert [m.status.value for m in statuses_in(b.outbox)] == ["01", "03", "06"]


def test_a_refused_package_reply_names_the_document(b: Office, sent: Sent) -> None:
    package = package_of(sent)
    header = replace(package.header, receivers=(Organ("000.00.02.H26", "Sở Công Thương"),))
    path = drop(b, "vb.edxml", build_package(replace(package, header=header)))
    with pytest.raises(Refused) as caught:
        receive_package(path, archive=b.root, store=b.store, agency=b.agency)
    assert caught.value.reply is not None and caught.value.reply.parent == b.outbox
    (answer,) = statuses_in(b.outbox)
    assert answer.responds_to == DocumentRef(
        package.header.sender.code, sent.notation, package.header.date, package.header.document_id
    )
    assert path.is_file()  # `docgen receive FILE` leaves the clerk's file where it is


def test_a_reply_names_the_document_it_answers(
    a: Office, sent: Sent, tmp_path: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The Sở answers the Ban Quản lý's report with a signed công văn of its own (`send
    --tra-loi 1`): its package names the report in ResponseFor, and the Ban Quản lý receives it."""
    from docgen.pdf.devpki import make_dev_pki
    from docgen.pdf.devseal import make_dev_seal
    from tests.integration.test_issue_service import write_yaml

    pki = make_dev_pki(tmp_path / "pki-b", agency="Sở thử", password="pw")
    seal = make_dev_seal(tmp_path / "seal-b", agency="Sở thử", signer="Trần Văn Bình")
    profile = profile_b(tmp_path, sent.root_cert)
    text = profile.read_text("utf-8").replace(
        "[signers.giam-doc]\n", f'[signers.giam-doc]\nsignature_image = "{seal.signature}"\n'
    )
    profile.write_text(
        text + f'\n[signing]\npkcs12 = "{pki.agency_p12}"\nseal_image = "{seal.seal}"\n', "utf-8"
    )
    b = office(profile, tmp_path / "B", clock)
    try:
        drop(b, "vb.edxml", sent.package)
        (got,) = poll(archive=b.root, store=b.store, agency=b.agency)
        assert got.receipt is not None
        monkeypatch.setenv("DOCGEN_SIGN_PASSWORD", "pw")
        answer = write_yaml(tmp_path / "tra-loi.yaml", {
            "loai": "cong-van", "don_vi": "DKKD", "ngay": {"nam": 2024, "thang": 5},
            "trich_yeu": "trả lời Báo cáo kết quả thu hút đầu tư quý I năm 2024",
            "kinh_gui": ["Ban Quản lý các khu công nghiệp và chế xuất Hà Nội"],
            "noi_dung": ["Sở Kế hoạch và Đầu tư đã nhận Báo cáo số 01/BC-BQL và thống nhất."],
            "nguoi_ky": "giam-doc", "luu": {"don_vi": ["DKKD"]},
        })  # fmt: skip
        issued = issue(answer, profile, archive=b.root, store=b.store, templates=templates_dir())
        reply = send(b.store, b.agency, b.root, issued.entry.number_symbol, ["000.00.00.H26"],
                     replies=["1"])  # fmt: skip
        assert reply.header.responds_to == (package_of(sent).header.reference,)
        connect(b, a)
        results = poll(archive=a.root, store=a.store, agency=a.agency)
        received = [r.receipt for r in results if r.receipt is not None]
        assert [r.outcome for r in results] == ["status", "received"]  # tt-… before vb-…
        (came,) = received
        assert came.header.responds_to[0].notation == sent.notation
        assert came.header.responds_to[0].organ_id == a.agency.code
        assert came.signatures.verdict == "nguyen-ven" and came.signatures.trusted is None
    finally:
        b.store.close()


def test_the_web_desk_lists_the_directory_sends_and_shows_each_receiver(
    a: Office, sent: Sent
) -> None:
    """`Office.exchange`, the web application's door to the same `send`."""
    from docgen.services.office import Office as WebOffice

    web = WebOffice(sent.profile, a.root)
    try:
        desk = web.exchange
        assert desk.not_ready() == "" and [o.code for o in desk.directory()][:1] == [SKHDT.code]
        (doc_id,) = [r.doc_id for r in web.search("", secret_allowed=True, direction="di")]
        assert [leg.organ.code for leg in desk.legs(doc_id)] == [SKHDT.code]
        with pytest.raises(InputError, match="chọn ít nhất một nơi nhận"):
            desk.send(doc_id, [])
        result = desk.send(doc_id, ["000.00.02.H26"])
        assert result.package.is_file() and result.header.receivers[0].code == "000.00.02.H26"
        assert [leg.organ.code for leg in desk.legs(doc_id)] == [SKHDT.code, "000.00.02.H26"]
    finally:
        web.close()

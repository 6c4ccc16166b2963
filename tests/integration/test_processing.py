"""Processing incoming documents through the services, on SQLite and PostgreSQL: received with
`receive`, presented, assigned, given to a person, progress, answered by an issued outgoing
document; each step in the hash-chained history and the follow-up table, which agree; the
ĐẾN register row and the outgoing document show it; two leaders assigning at once (one wins);
a refused step changes nothing; the report's counts as the clock moves; the schema upgrade and
an archive import make the table from the history; the people are the web application's."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

import pytest

from docgen.archive import people
from docgen.archive.export import incoming_row_cells
from docgen.archive.processing import migrate_v9
from docgen.archive.register import RegisterStore
from docgen.errors import InputError, RegisterError
from docgen.inputs.profile import load_profile
from docgen.model.agency import Agency
from docgen.model.processing import Stage
from docgen.model.register import DEN, EntryKey
from docgen.services import followup, processing
from docgen.services.incoming import receive
from tests.conftest import REFERENCE_PROFILE
from tests.integration.conftest import FixedClock, issue_one
from tests.integration.test_filing_external import plain_pdf
from tests.support.people import OFFICE, create_people

AGENCY = load_profile(REFERENCE_PROFILE)
VT, LD, LD2 = OFFICE["vanthu"], OFFICE["lanhdao"], OFFICE["lanhdao2"]
TP, CV, TP_VP = OFFICE["tpkhth"], OFFICE["chuyenvien"], OFFICE["tpvp"]


def days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)


class Office:
    """An archive and its register on the backend under test, with documents received into it."""

    def __init__(self, store: RegisterStore, root: Path, tmp: Path) -> None:
        self.store, self.root, self.tmp = store, root, tmp
        self.count = 0

    def receive(self, sender: str = "Sở Công Thương", subject: str = "xét chọn") -> EntryKey:
        self.count += 1
        pdf = plain_pdf(self.tmp / f"in-{self.count}.pdf", text=f"Văn bản {self.count}")
        got = receive(
            pdf, archive=self.root, store=self.store, agency=AGENCY, sender=sender,
            notation=f"{100 + self.count}/SCT-QLCN", date=self.store.today() - days(2),
            subject=subject,
        )  # fmt: skip
        return got.entry.key

    def through(self, key: EntryKey, stage: Stage, *, deadline: dt.date | None = None) -> None:
        """Take `key` to `stage` the usual way."""
        if stage is Stage.CHO_TRINH:
            return
        processing.present(self.store, AGENCY, key, by=VT, to="lanhdao", directory=OFFICE)
        if stage is Stage.DA_TRINH:
            return
        processing.assign(self.store, AGENCY, key, by=LD, lead="KHTH", cooperating=("VP",),
                          deadline=deadline, instruction="Tham mưu trả lời")  # fmt: skip
        if stage is Stage.DA_PHAN_CONG:
            return
        processing.delegate(self.store, AGENCY, key, by=TP, to="chuyenvien", directory=OFFICE)
        if stage is Stage.DANG_XU_LY:
            return
        processing.close(self.store, AGENCY, key, by=CV, filed=True)


@pytest.fixture
def office(store: RegisterStore, tmp_path: Path) -> Office:
    return Office(store, tmp_path / "archive", tmp_path)


def refs(work: followup.WorkList) -> list[tuple[str, str, bool]]:
    return [(i.ref, i.action, i.overdue) for i in work.items]


def test_a_document_goes_from_receipt_to_its_reply(office: Office, clock: FixedClock) -> None:
    store = office.store
    key = office.receive(subject="đề nghị báo cáo tình hình đầu tư")
    ref = f"den/{key.year}/{key.number}"
    assert refs(followup.my_work(store, VT)) == [(ref, "Trình lãnh đạo", False)]
    assert refs(followup.my_work(store, LD)) == []

    done = processing.present(store, AGENCY, key, by=VT, to="lanhdao", directory=OFFICE)
    assert done.step.text == "Trình Lê Quang Long"
    assert refs(followup.my_work(store, VT)) == []
    assert refs(followup.my_work(store, LD)) == [(ref, "Phân công", False)]
    assert refs(followup.my_work(store, LD2)) == []  # presented to the other leader

    deadline = store.today() + days(10)
    processing.assign(store, AGENCY, key, by=LD, lead="KHTH", cooperating=("VP",),
                      informed=("QLDN",), deadline=deadline, instruction="Tham mưu trả lời")  # fmt: skip
    assert refs(followup.my_work(store, TP)) == [(ref, "Giao người xử lý", False)]
    assert refs(followup.my_work(store, TP_VP)) == []  # VP cooperates, it does not lead

    processing.delegate(store, AGENCY, key, by=TP, to="chuyenvien", directory=OFFICE)
    (item,) = followup.my_work(store, CV).items
    assert (item.action, item.deadline, item.detail) == ("Xử lý", deadline, "Tham mưu trả lời")
    processing.progress(store, AGENCY, key, by=CV, note="đang dự thảo công văn trả lời")
    assert followup.my_work(store, CV).items[0].detail == "đang dự thảo công văn trả lời"

    clock.now += days(1)
    reply = issue_one(store)
    done = processing.close(store, AGENCY, key, by=CV, reply=reply.number_symbol)
    assert done.handling.reply is not None and done.handling.reply.number == reply.number
    assert refs(followup.my_work(store, CV)) == []

    # written on the ĐẾN register row: (7) who it went to, (10) the instruction, deadline, reply
    row = processing.current(store, key)
    cells = incoming_row_cells(row)
    assert cells[6] == "KHTH (chủ trì), Nguyễn Thu Hà; VP (phối hợp); QLDN (để biết)"
    assert cells[9] == (
        f"Ý kiến chỉ đạo: Tham mưu trả lời; Hạn giải quyết: {deadline:%d/%m/%Y}; "
        f"Đã xử lý ngày {store.today():%d/%m/%Y}: trả lời bằng văn bản số {reply.number_symbol}"
    )
    # … and the reply knows what it answers
    (answered,) = processing.answered_by(store, reply.key)
    assert (answered.number, answered.stage) == (key.number, Stage.DA_XU_LY)
    # who did what, when: every step in the hash-chained history, which is intact
    steps = row.handling.steps if row.handling else ()
    assert [(s.action, s.by.username) for s in steps] == [
        ("trinh", "vanthu"), ("phan_cong", "lanhdao"), ("giao", "tpkhth"),
        ("tien_do", "chuyenvien"), ("xong", "chuyenvien"),
    ]  # fmt: skip
    assert steps[-1].at.date() == store.today() and steps[0].at.date() == store.today() - days(1)
    assert store.check().ok, store.check().findings
    assert processing.verify(store) == []


def test_two_leaders_assigning_at_once_one_wins(
    office: Office, database_url: str | None, clock: FixedClock
) -> None:
    from docgen.archive import open_register

    keys = [office.receive() for _ in range(6)]
    for key in keys:
        office.through(key, Stage.DA_TRINH)
    leaders = [(LD, "KHTH"), (LD2, "VP")]
    start = threading.Barrier(2, timeout=60)
    results: dict[tuple[int, int], object] = {}

    def desk(i: int) -> None:
        """One leader at their own desk (their own connection), assigning every document at the
        moment the other one does."""
        who, unit = leaders[i]
        with open_register(office.root, "BQL", database_url=database_url, clock=clock) as mine:
            for key in keys:
                start.wait()
                try:
                    results[(key.number, i)] = processing.assign(
                        mine, AGENCY, key, by=who, lead=unit
                    )
                except RegisterError as error:
                    results[(key.number, i)] = error

    threads = [threading.Thread(target=desk, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for key in keys:
        both = [results[(key.number, i)] for i in range(2)]
        won = [r for r in both if isinstance(r, processing.Done)]
        lost = [r for r in both if isinstance(r, RegisterError)]
        assert (len(won), len(lost)) == (1, 1), both
        name = won[0].step.by.display
        assert lost[0].message.startswith(
            f"văn bản đến số {key.number:02d} đã được {name} phân công lúc "
        ), lost[0].message
        assert lost[0].message.endswith("(bây giờ: chờ giao người xử lý)")
        stored = processing.current(office.store, key).handling
        assert stored is not None and stored.lead == won[0].handling.lead
        assert [s.action for s in stored.steps] == ["trinh", "phan_cong"]
    assert office.store.check().ok
    assert processing.verify(office.store) == []


def test_a_refused_step_changes_nothing(office: Office) -> None:
    store = office.store
    key = office.receive()
    before = len(store.events())
    for attempt in (
        lambda: processing.assign(store, AGENCY, key, by=LD, lead="KHTH"),  # not presented
        lambda: processing.present(store, AGENCY, key, by=CV, to="lanhdao", directory=OFFICE),
        lambda: processing.present(store, AGENCY, key, by=VT, to="khongco", directory=OFFICE),
    ):
        with pytest.raises((RegisterError, InputError)):
            attempt()
    office.through(key, Stage.DANG_XU_LY)
    middle = len(store.events())
    with pytest.raises(InputError, match="không có văn bản đi số 09/BQL-KHTH đã ban hành"):
        processing.close(store, AGENCY, key, by=CV, reply="09/BQL-KHTH")
    reserved = store.reserve("hanh_chinh", "BQL-KHTH")
    with pytest.raises(InputError, match="không có văn bản đi số"):
        processing.close(store, AGENCY, key, by=CV, reply=reserved.number_symbol)
    with pytest.raises(RegisterError, match="chỉ người được giao xử lý"):
        processing.close(store, AGENCY, key, by=OFFICE["chuyenvien2"], filed=True)
    assert len(store.events()) == middle + 1  # the reservation only
    assert before < middle
    with pytest.raises(InputError, match="không có văn bản đến số 99"):
        processing.current(store, processing.incoming_key(store, 99))
    assert processing.verify(store) == []


def test_the_report_counts_as_the_days_go_by(office: Office, clock: FixedClock) -> None:
    store = office.store
    start = store.today()  # 10/05/2024
    on_time, late, overdue, pending, undated, other = (office.receive() for _ in range(6))
    for key in (on_time, late, overdue, pending, undated):
        office.through(key, Stage.DANG_XU_LY, deadline=start + days(3) if key != undated else None)
    office.through(other, Stage.DA_TRINH)
    processing.assign(store, AGENCY, other, by=LD, lead="VP", deadline=start + days(1))
    processing.close(store, AGENCY, on_time, by=CV, filed=True)  # day 0
    clock.now += days(3)  # 13/05: the deadline itself
    assert refs(followup.my_work(store, CV))[0][2] is False
    clock.now += days(2)  # 15/05
    processing.close(store, AGENCY, late, by=CV, filed=True)
    processing.assign(store, AGENCY, pending, by=LD, lead="KHTH", again=True,
                      deadline=store.today() + days(5))  # fmt: skip
    work = followup.my_work(store, CV)
    assert [(i.ref.rsplit("/")[-1], i.overdue) for i in work.items] == [
        (str(overdue.number), True), (str(pending.number), False), (str(undated.number), False),
    ]  # fmt: skip
    assert work.items[0].days_late(store.today()) == 2

    rep = followup.report(store, AGENCY, date_from=start, date_to=start)
    assert [(r.lead, r.received, r.on_time, r.late, r.overdue, r.pending) for r in rep.rows] == [
        ("KHTH", 5, 1, 1, 1, 2),
        ("VP", 1, 0, 0, 1, 0),
    ]
    assert (rep.total.received, rep.total.overdue) == (6, 2)
    khth = followup.report(store, AGENCY, date_from=start, date_to=start, unit="KHTH")
    assert [r.lead for r in khth.rows] == ["KHTH"]
    # the period: received the day before is outside it
    empty = followup.report(store, AGENCY, date_from=start - days(9), date_to=start - days(1),
                            unit="QLDN")  # fmt: skip
    assert [(r.lead, r.received) for r in empty.rows] == [("QLDN", 0)]
    # counted on another day, the same documents count otherwise (nothing stored changes)
    earlier = followup.report(store, AGENCY, date_from=start, date_to=start, today=start)
    assert [(r.lead, r.overdue, r.pending) for r in earlier.rows] == [("KHTH", 0, 3), ("VP", 0, 1)]
    with pytest.raises(InputError, match="sau ngày kết thúc"):
        followup.report(store, AGENCY, date_from=start, date_to=start - days(1))
    with pytest.raises(InputError, match="đơn vị KTTC không có"):
        followup.report(store, AGENCY, date_from=start, date_to=start, unit="KTTC")


def test_the_schema_upgrade_makes_the_table_from_the_history(office: Office) -> None:
    keys = [office.receive() for _ in range(3)]
    office.through(keys[0], Stage.DANG_XU_LY, deadline=office.store.today() + days(4))
    office.through(keys[1], Stage.DA_TRINH)
    db = office.store.db
    db.execute("DROP TABLE processing")  # as before schema 9: the events only
    db.begin()
    migrate_v9(db)
    db.commit()
    again = office.store
    assert processing.verify(again) == []
    today = again.today()
    rep = followup.report(again, AGENCY, date_from=today, date_to=today)
    stages = [(r.number, r.stage) for r in followup.tracking_rows(again, rep)]
    assert stages == [(keys[0].number, Stage.DANG_XU_LY), (keys[1].number, Stage.DA_TRINH),
                      (keys[2].number, Stage.CHO_TRINH)]  # fmt: skip
    work = followup.my_work(again, CV)
    assert [i.ref for i in work.items] == [f"den/{keys[0].year}/{keys[0].number}"]
    assert [i.ref for i in followup.my_work(again, VT).items] == [
        f"den/{keys[2].year}/{keys[2].number}"
    ]


def test_a_changed_table_is_found_and_made_again(office: Office) -> None:
    key = office.receive()
    office.through(key, Stage.DA_PHAN_CONG)
    office.store.db.execute("UPDATE processing SET lead = 'VP' WHERE number = ?", (key.number,))
    assert processing.verify(office.store) == [
        f"số đến {key.number:02d} năm {key.year}: khác ở lead"
    ]
    assert processing.rebuild(office.store) == 1
    assert processing.verify(office.store) == []


def test_an_imported_archive_keeps_its_follow_up(tmp_path: Path, clock: FixedClock) -> None:
    """(SQLite: the backup is the same from either backend.)"""
    from docgen.archive import open_register
    from docgen.services.archive import export_archive, import_archive

    with open_register(tmp_path / "archive", "BQL", clock=clock) as store:
        office = Office(store, tmp_path / "archive", tmp_path)
        key = office.receive()
        office.through(key, Stage.DANG_XU_LY, deadline=store.today() + days(3))
        tar = tmp_path / "sao-luu.tar"
        export_archive(office.root, store, tar)
    target = tmp_path / "kho-moi"
    with open_register(target, "BQL", clock=clock) as fresh:
        import_archive(tar, target, fresh)
        assert processing.verify(fresh) == []
        (item,) = followup.my_work(fresh, CV).items
        assert (item.ref, item.deadline) == (
            f"den/{key.year}/{key.number}",
            fresh.today() + days(3),
        )


def test_the_people_are_the_web_applications_users(
    office: Office, database_url: str | None
) -> None:
    create_people(REFERENCE_PROFILE, office.root, database_url)
    store = office.store
    assert people.available(store.db)
    found = people.find(store.db, "tpkhth")
    assert found == OFFICE["tpkhth"]
    assert [p.username for p in people.everyone(store.db)] == sorted(OFFICE)
    key = office.receive()
    vt = processing.person(store, "vanthu")
    processing.present(store, AGENCY, key, by=vt, to="lanhdao")  # looked up in the users
    with pytest.raises(InputError, match="không có người dùng `ai-do`"):
        processing.present(store, AGENCY, key, by=vt, to="ai-do")
    store.db.execute("UPDATE auth_user SET is_active = ? WHERE username = 'lanhdao2'", (False,))
    gone = processing.person(store, "lanhdao2")
    with pytest.raises(RegisterError, match="tài khoản lanhdao2 đã bị khóa"):
        processing.assign(store, AGENCY, key, by=gone, lead="KHTH")


def test_present_to_the_profiles_person_when_not_told(office: Office) -> None:
    from dataclasses import replace

    from docgen.model.processing import ProcessingOptions

    key = office.receive()
    with pytest.raises(InputError, match="chưa ghi trình ai"):
        processing.present(office.store, AGENCY, key, by=VT, directory=OFFICE)
    named: Agency = replace(AGENCY, processing=ProcessingOptions(present_to="lanhdao2"))
    done = processing.present(office.store, named, key, by=VT, directory=OFFICE)
    assert done.handling.presented_to == "lanhdao2"
    assert done.entry.stream == DEN

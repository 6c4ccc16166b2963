"""`archive export --year` of an archive spanning 2023 and 2024: the imported copy checks clean,
names the other year's documents as outside the export (not missing), still finds damage in the
exported year and in the whole history, and answers searches of that year alike (both backends)."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import tarfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from docgen.archive import open_register
from docgen.archive.register import RegisterStore
from docgen.archive.transfer import MANIFEST, read_bundle
from docgen.errors import ArchiveError
from docgen.inputs.profile import load_profile
from docgen.services.archive import (
    check_archive,
    export_archive,
    import_archive,
    report_json,
    summary,
)
from docgen.services.filing import file_pdf
from docgen.services.incoming import receive
from docgen.services.search import parse, search
from tests.conftest import REFERENCE_PROFILE
from tests.integration.conftest import DEFAULT_NOW, FixedClock
from tests.integration.test_archive_check import _change_byte, _edit_register_row, build
from tests.integration.test_dispatch_layouts import dispatch
from tests.integration.test_filing_external import plain_pdf
from tests.integration.test_issue_service import archive_files, run_issue, write_yaml

#: 20 November 2023, 09:00 in Vietnam
IN_2023 = dt.datetime(2023, 11, 20, 2, 0, tzinfo=dt.UTC)


def build_2023(store: RegisterStore, root: Path, work: Path) -> None:
    """2023: one issued dispatch (01/BQL-KHTH), one received PDF, one document filed by hand."""
    agency = load_profile(REFERENCE_PROFILE)
    data = {**dispatch(1, 1), "trich_yeu": "kế hoạch đầu tư năm 2023"}
    run_issue(write_yaml(work / "d2023.yaml", data), store, root)
    receive(
        plain_pdf(work / "in2023.pdf", text="Góp ý kế hoạch"), archive=root, store=store,
        agency=agency, sender="Sở Kế hoạch và Đầu tư", notation="88/SKHDT",
        date=dt.date(2023, 11, 15), to="KHTH", subject="góp ý kế hoạch",
    )  # fmt: skip
    file_pdf(
        plain_pdf(work / "luu2023.pdf", text="Quyết định 12"), archive=root, store=store,
        agency=agency, number=12, symbol="QĐ-UBND", date=dt.date(2023, 6, 1), holders=("VP",),
    )  # fmt: skip


def build_two_years(store: RegisterStore, root: Path, work: Path, clock: FixedClock) -> None:
    """The 2023 documents, then `build`'s seven of 2024 (the clock back at 10 May 2024)."""
    clock.now = IN_2023
    (work / "y2023").mkdir()
    build_2023(store, root, work / "y2023")
    clock.now = DEFAULT_NOW
    build(store, root, work)


@pytest.fixture
def two_years(store: RegisterStore, tmp_path: Path, clock: FixedClock) -> Path:
    """The root of an archive holding 2023's and 2024's documents (register: `store`)."""
    root = tmp_path / "archive"
    build_two_years(store, root, tmp_path, clock)
    return root


@pytest.fixture
def moved(
    tmp_path: Path,
    database_url: str | None,
    clock: FixedClock,
    request: pytest.FixtureRequest,
) -> Iterator[Callable[[str], RegisterStore]]:
    """Opens empty archives `tmp_path/<name>` on the backend under test (each its own database)."""
    opened: list[RegisterStore] = []

    def opener(name: str) -> RegisterStore:
        url = None
        if database_url is not None:
            url = request.getfixturevalue("pg_cluster").create_database()
        opened.append(open_register(tmp_path / name, "BQL", database_url=url, clock=clock))
        return opened[-1]

    yield opener
    for store in opened:
        store.close()


QUERIES = ("01/BQL-KHTH", "05/BQL-KHTH", "số 1 năm 2024", "ke hoach", "dau tu", "BQL-KHTH", "")


def answers(store: RegisterStore, year: int) -> list[list[str]]:
    """The doc_ids each query finds among `year`'s documents, in the order search lists them."""
    return [
        [r.doc_id for r in search(store, parse(q)) if r.year == year] for q in QUERIES
    ]  # fmt: skip


def under_year(files: list[str], year: int) -> list[str]:
    return [f for f in files if f"/{year}/" in f"/{f}"]


def test_a_year_export_of_two_years_round_trips(
    store: RegisterStore,
    tmp_path: Path,
    two_years: Path,
    moved: Callable[[str], RegisterStore],
) -> None:
    root = two_years
    whole = check_archive(root, store)
    assert whole.problems == () and whole.documents == 10 and not whole.scoped
    assert summary(whole) == f"Đã kiểm tra 10 văn bản, {whole.files} tệp: kho nguyên vẹn."
    tar = tmp_path / "2024.tar"
    export_archive(root, store, tar, [2024])
    info = json.loads(read_bundle(tar.read_bytes(), str(tar)).members["export.json"])
    assert info["years"] == [2024] and [year for year, _ in info["outside"]] == [2023]

    target = tmp_path / "moved"
    copy = moved("moved")
    imported = import_archive(tar, target, copy)
    assert (imported.years, imported.outside) == ((2024,), (2023,))
    report = check_archive(target, copy)
    assert report.problems == (), report.problems
    assert report.documents == 7 and report.scoped and report.held == (2024,)
    ((year, rows),) = [(o.year, o.rows) for o in report.outside]
    assert year == 2023 and "01/BQL-KHTH" in rows and len(rows) == 2  # issued + received
    assert "(thông tin) sổ năm 2023: 2 văn bản ngoài phạm vi bản xuất" in report.outside[0].line()
    assert summary(report).endswith(
        "kho nguyên vẹn. Kho nhập từ bản xuất, chỉ giữ văn bản năm 2024; văn bản năm 2023"
        " ngoài phạm vi bản xuất; sổ đăng ký và lịch sử đủ mọi năm."
    )
    as_json = json.loads(report_json(report))
    assert as_json["ok"] and as_json["held_years"] == [2024]
    assert as_json["outside"][0]["year"] == 2023
    # The register and history came whole; the 2024 documents alike; search of 2024 alike.
    assert copy.head() == store.head() and copy.check().ok
    assert copy.entries(2023) == store.entries(2023)
    assert archive_files(target) == under_year(archive_files(root), 2024)
    assert answers(copy, 2024) == answers(store, 2024) and answers(copy, 2024)[0]
    assert answers(copy, 2023) == [[] for _ in QUERIES]
    # Still refused into a non-empty archive, with nothing written.
    with pytest.raises(ArchiveError, match="kho trống"):
        import_archive(tar, target, copy)
    before = archive_files(target)
    with pytest.raises(ArchiveError, match="đã có dữ liệu; chỉ nhập vào kho trống"):
        import_archive(tar, tmp_path / "fresh-root", copy)  # empty folders, full register
    assert archive_files(target) == before and not (tmp_path / "fresh-root/van-thu").exists()
    # Same archive, same bytes.
    export_archive(root, store, tmp_path / "again.tar", [2024])
    assert (tmp_path / "again.tar").read_bytes() == tar.read_bytes()


def test_exporting_both_years_holds_everything(
    store: RegisterStore, tmp_path: Path, two_years: Path, moved: Callable[[str], RegisterStore]
) -> None:
    root = two_years
    tar = tmp_path / "both.tar"
    export_archive(root, store, tar, [2024, 2023])
    copy = moved("moved")
    imported = import_archive(tar, tmp_path / "moved", copy)
    assert (imported.years, imported.outside) == ((2023, 2024), ())
    report = check_archive(tmp_path / "moved", copy)
    assert report.problems == () and report.documents == 10 and not report.scoped
    assert archive_files(tmp_path / "moved") == archive_files(root)


def _tamper_event_2023(target: Path, copy: RegisterStore) -> str:
    copy.db.execute(
        "UPDATE events SET payload = replace(payload, 'năm 2023', 'năm 2022') WHERE year = 2023"
    )
    return "số 01/BQL-KHTH năm 2023 (sổ hanh_chinh, sự kiện"


def _drop_catalogue_row_2024(target: Path, copy: RegisterStore) -> str:
    copy.db.execute("DELETE FROM documents WHERE doc_id = 'di/2024/hanh_chinh/2'")
    return "dòng sổ 02/BQL-KHTH năm 2024 (sổ hanh_chinh): có tệp trong sổ nhưng không có"


TAMPER: dict[str, Callable[[Path, RegisterStore], str]] = {
    "file of 2024": _change_byte,
    "event of 2024": _edit_register_row,
    "event of 2023 (outside the export)": _tamper_event_2023,
    "catalogue row of 2024": _drop_catalogue_row_2024,
}


@pytest.mark.parametrize("tamper", sorted(TAMPER))
def test_damage_in_the_imported_copy_is_still_found(
    store: RegisterStore,
    tmp_path: Path,
    two_years: Path,
    moved: Callable[[str], RegisterStore],
    tamper: str,
) -> None:
    root = two_years
    export_archive(root, store, tmp_path / "2024.tar", [2024])
    target, copy = tmp_path / "moved", moved("moved")
    import_archive(tmp_path / "2024.tar", target, copy)
    expected = TAMPER[tamper](target, copy)
    report = check_archive(target, copy, signatures=False)
    found = [p.line() for p in report.problems]
    assert any(expected in line for line in found), found
    assert "vấn đề" in summary(report) and "chỉ giữ văn bản năm 2024" in summary(report)


def test_a_row_registered_after_the_import_is_checked_whatever_its_year(
    store: RegisterStore, tmp_path: Path, two_years: Path, moved: Callable[[str], RegisterStore]
) -> None:
    """The 2023 export leaves 2024 out up to its last event; a 2024 document issued in the
    imported archive afterwards is its own, so a lost catalogue row of it is a problem."""
    root = two_years
    export_archive(root, store, tmp_path / "2023.tar", [2023])
    target, copy = tmp_path / "moved", moved("moved")
    import_archive(tmp_path / "2023.tar", target, copy)
    data = {**dispatch(1, 1), "trich_yeu": "báo cáo sau khi chuyển kho"}
    result = run_issue(write_yaml(tmp_path / "after.yaml", data), copy, target)
    assert (result.entry.year, result.entry.number) == (2024, 6)
    report = check_archive(target, copy, signatures=False)
    assert report.problems == () and report.held == (2023, 2024)
    assert [(o.year, len(o.rows)) for o in report.outside] == [(2024, 6)]  # 5 issued, 1 received
    copy.db.execute("DELETE FROM documents WHERE doc_id = 'di/2024/hanh_chinh/6'")
    found = [p.line() for p in check_archive(target, copy, signatures=False).problems]
    assert any("dòng sổ 06/BQL-KHTH năm 2024" in line for line in found), found


def test_a_whole_export_of_an_imported_year_keeps_its_scope(
    store: RegisterStore, tmp_path: Path, two_years: Path, moved: Callable[[str], RegisterStore]
) -> None:
    root = two_years
    export_archive(root, store, tmp_path / "2024.tar", [2024])
    first = moved("first")
    import_archive(tmp_path / "2024.tar", tmp_path / "first", first)
    export_archive(tmp_path / "first", first, tmp_path / "again.tar")
    second = moved("second")
    imported = import_archive(tmp_path / "again.tar", tmp_path / "second", second)
    assert (imported.years, imported.outside) == (None, (2023,))
    report = check_archive(tmp_path / "second", second, signatures=False)
    assert report.problems == () and report.held == (2024,)
    assert [o.year for o in report.outside] == [2023]


def _rewrite(tar: Path, change: Callable[[dict[str, object]], dict[str, object]]) -> None:
    """Rewrite `export.json` of `tar` with `change` and its manifest line (as an older docgen or
    another tool would have written it)."""
    bundle = read_bundle(tar.read_bytes(), str(tar))
    members = dict(bundle.members)
    members["export.json"] = json.dumps(change(json.loads(members["export.json"]))).encode()
    members[MANIFEST] = "".join(
        f"{hashlib.sha256(members[n]).hexdigest()}  {n}\n" for n in sorted(members)
    ).encode()
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w") as handle:
        for name in sorted(members):
            info = tarfile.TarInfo(name)
            info.size = len(members[name])
            handle.addfile(info, io.BytesIO(members[name]))
    tar.write_bytes(out.getvalue())


def test_a_year_export_made_before_schema_4_imports_with_its_scope(
    store: RegisterStore, tmp_path: Path, two_years: Path, moved: Callable[[str], RegisterStore]
) -> None:
    root = two_years
    tar = tmp_path / "old.tar"
    export_archive(root, store, tar, [2024])
    _rewrite(tar, lambda info: {"agency": info["agency"], "year": 2024, "schema": 3})
    copy = moved("moved")
    assert import_archive(tar, tmp_path / "moved", copy).outside == (2023,)
    report = check_archive(tmp_path / "moved", copy, signatures=False)
    assert report.problems == () and [o.year for o in report.outside] == [2023]


def test_a_bundle_from_a_newer_docgen_is_refused(
    store: RegisterStore, tmp_path: Path, moved: Callable[[str], RegisterStore]
) -> None:
    root = tmp_path / "archive"
    build(store, root, tmp_path)
    tar = tmp_path / "new.tar"
    export_archive(root, store, tar)
    _rewrite(tar, lambda info: {**info, "schema": 99})
    copy = moved("moved")
    with pytest.raises(ArchiveError, match="phiên bản docgen mới hơn"):
        import_archive(tar, tmp_path / "moved", copy)
    assert copy.events() == [] and not (tmp_path / "moved/van-thu").exists()


def test_a_missing_file_stops_the_export_with_its_name(
    store: RegisterStore, tmp_path: Path
) -> None:
    root = tmp_path / "archive"
    build(store, root, tmp_path)
    (root / "don-vi/KHTH/2024/05-BQL-KHTH.pdf").unlink()
    with pytest.raises(ArchiveError, match="văn bản 05/BQL-KHTH") as raised:
        export_archive(root, store, tmp_path / "out.tar", [2024])
    assert "don-vi/KHTH/2024/05-BQL-KHTH.pdf" in str(raised.value)
    assert not (tmp_path / "out.tar").exists()

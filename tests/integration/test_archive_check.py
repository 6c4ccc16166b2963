"""`archive check` names each changed byte, deleted file, extra file, edited metadata file and
edited register row, and nothing on an intact archive; export → import round trip (both backends)."""

from __future__ import annotations

import datetime as dt
import json
import tarfile
from collections.abc import Callable
from pathlib import Path

import pytest

from docgen.archive import open_register
from docgen.archive.register import RegisterStore
from docgen.errors import ArchiveError
from docgen.inputs.profile import load_profile
from docgen.services.archive import check_archive, export_archive, import_archive
from docgen.services.filing import file_pdf
from docgen.services.incoming import receive
from docgen.services.search import parse, search
from tests.conftest import REFERENCE_PROFILE
from tests.integration.conftest import FixedClock
from tests.integration.test_archive_filing import issue_reference
from tests.integration.test_filing_external import plain_pdf, signed_pdf
from tests.integration.test_issue_service import archive_files

VT = "van-thu/2024/van-ban-di/hanh_chinh"


def build(store: RegisterStore, root: Path, work: Path) -> None:
    """Five issued dispatches, one signed incoming PDF, one document filed by hand."""
    agency = load_profile(REFERENCE_PROFILE)
    issue_reference(store, root, work)
    pdf, _trust = signed_pdf(work)
    receive(
        pdf, archive=root, store=store, agency=agency, sender="Sở Công Thương",
        notation="1744/HD-SCT", date=dt.date(2023, 4, 14), to="KHTH", subject="hướng dẫn",
    )  # fmt: skip
    file_pdf(
        plain_pdf(work / "luu.pdf", text="Quyết định về đầu tư"), archive=root, store=store,
        agency=agency, number=3, symbol="QĐ-UBND", date=dt.date(2024, 1, 9), holders=("VP",),
    )  # fmt: skip


def problems(root: Path, store: RegisterStore) -> list[str]:
    return [p.line() for p in check_archive(root, store).problems]


def test_an_intact_archive_has_no_problem(store: RegisterStore, tmp_path: Path) -> None:
    root = tmp_path / "archive"
    build(store, root, tmp_path)
    report = check_archive(root, store)
    assert report.problems == () and report.documents == 7


def _change_byte(root: Path, store: RegisterStore) -> str:
    path = root / VT / "05-BQL-KHTH.pdf"
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 1
    path.write_bytes(bytes(data))
    return f"{VT}/05-BQL-KHTH.pdf: tệp đã bị thay đổi"


def _delete(root: Path, store: RegisterStore) -> str:
    (root / "don-vi/KHTH/2024/05-BQL-KHTH.pdf").unlink()
    return "don-vi/KHTH/2024/05-BQL-KHTH.pdf: thiếu tệp (bản lưu của đơn vị KHTH"


def _extra(root: Path, store: RegisterStore) -> str:
    (root / VT / "ghi-chu.txt").write_text("x", "utf-8")
    return f"{VT}/ghi-chu.txt: tệp thừa"


def _edit_metadata(root: Path, store: RegisterStore) -> str:
    path = root / VT / "05-BQL-KHTH.json"
    data = json.loads(path.read_text("utf-8"))
    data["Subject"] = "trích yếu khác"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", "utf-8")
    return f"{VT}/05-BQL-KHTH.json: tệp đã bị thay đổi"


def _edit_register_row(root: Path, store: RegisterStore) -> str:
    store.db.execute(
        "UPDATE events SET payload = replace(payload, 'Lê Quang Long', 'Lê Quang Lâm')"
        " WHERE number = 5 AND stream = 'hanh_chinh'"
    )
    return "số 05/BQL-KHTH năm 2024"


def _edit_catalogue_row(root: Path, store: RegisterStore) -> str:
    store.db.execute("UPDATE documents SET subject = 'khác' WHERE doc_id = 'den/2024/1'")
    return "(den/2024/1): dòng danh mục trong cơ sở dữ liệu đã bị sửa"


DAMAGE: dict[str, Callable[[Path, RegisterStore], str]] = {
    "changed byte": _change_byte,
    "deleted file": _delete,
    "extra file": _extra,
    "edited metadata": _edit_metadata,
    "edited register row": _edit_register_row,
    "edited catalogue row": _edit_catalogue_row,
}


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_each_damage_is_named(store: RegisterStore, tmp_path: Path, damage: str) -> None:
    root = tmp_path / "archive"
    build(store, root, tmp_path)
    expected = DAMAGE[damage](root, store)
    found = problems(root, store)
    assert any(expected in line for line in found), found


def test_all_damage_at_once_is_all_reported(store: RegisterStore, tmp_path: Path) -> None:
    root = tmp_path / "archive"
    build(store, root, tmp_path)
    expected = [damage(root, store) for _, damage in sorted(DAMAGE.items())]
    found = problems(root, store)
    missed = [e for e in expected if not any(e in line for line in found)]
    assert missed == [], found


QUERIES = ("05/BQL-KHTH", "số 5 năm 2024", "xet chon", "dau tu", "BQL-KHTH", "1744/HD-SCT", "")


def answers(store: RegisterStore) -> list[list[str]]:
    return [[r.doc_id for r in search(store, parse(q))] for q in QUERIES]


def test_export_then_import_round_trips(
    open_store: Callable[..., RegisterStore],
    tmp_path: Path,
    database_url: str | None,
    clock: FixedClock,
    request: pytest.FixtureRequest,
) -> None:
    store = open_store()
    root = tmp_path / "archive"
    build(store, root, tmp_path)
    tar = tmp_path / "out.tar"
    export_archive(root, store, tar, [2024])
    with tarfile.open(tar) as bundle:
        assert "MANIFEST.sha256" in bundle.getnames()
    target = tmp_path / "moved"
    url = None
    if database_url is not None:
        url = request.getfixturevalue("pg_cluster").create_database()
    with open_register(target, "BQL", database_url=url, clock=clock) as moved:
        import_archive(tar, target, moved)
        assert check_archive(target, moved).problems == ()
        assert answers(moved) == answers(store)
        assert moved.head() == store.head()
        with pytest.raises(ArchiveError, match="kho trống"):
            import_archive(tar, target, moved)
    assert archive_files(target) == archive_files(root)
    export_archive(root, store, tmp_path / "again.tar", [2024])
    assert (tmp_path / "again.tar").read_bytes() == tar.read_bytes()


def test_a_tampered_backup_is_refused(store: RegisterStore, tmp_path: Path) -> None:
    root = tmp_path / "archive"
    build(store, root, tmp_path)
    tar = tmp_path / "out.tar"
    export_archive(root, store, tar)
    data = bytearray(tar.read_bytes())
    at = data.index("Sở Công Thương".encode())
    data[at] ^= 1
    tar.write_bytes(bytes(data))
    with open_register(tmp_path / "moved", "BQL") as moved:
        with pytest.raises(ArchiveError, match="không khớp bảng kê"):
            import_archive(tar, tmp_path / "moved", moved)
        assert moved.events() == []

"""The văn thư's home page counts the closed files due at the agency archive and the records list
shows each one's deadline (`Office.records.transfer_due`, docs/records/hoso.md)."""

from __future__ import annotations

import datetime as dt

import pytest

from docgen.model.records import FileStatus, HoSo, Retention
from tests.web.conftest import DjangoApp, sync_django
from tests.web.test_permissions import ask, client_as
from tests.web.test_processing_pages import clock  # noqa: F401  (the fixture)

NOTATIONS = ("2024.91.KHTH", "2024.92.KHTH")


@pytest.mark.usefixtures("clock")
def test_the_home_page_and_the_list_say_which_files_are_due(django_app: DjangoApp) -> None:
    """The register's clock: 2 June 2025. One file ended 20 May 2024 (13 days late), one 1 July
    2024 (29 days left)."""
    from docgen.archive import records as rs
    from docgen.web.office import office

    ends = (dt.date(2024, 5, 20), dt.date(2024, 7, 1))
    with sync_django():
        store = office().store
        with store.db.transaction():
            for notation, end in zip(NOTATIONS, ends, strict=True):
                rs.insert_file(store.db, store.agency, HoSo(
                    notation=notation, year=2024, code=notation.split(".")[1], unit="KHTH",
                    title=f"Hồ sơ thử {notation}", retention=Retention(10),
                    status=FileStatus.CLOSED, end_date=end,
                ))  # fmt: skip
    try:
        home = ask(client_as(django_app, "vanthu"), "GET", "/")
        line = home.body.split('id="nop-luu"', 1)[1].split("</p>", 1)[0]
        assert 'href="/ho-so/?nam=2024"' in line
        assert "Hồ sơ đến hạn nộp lưu: 2" in line and "1 quá hạn" in line
        listing = ask(client_as(django_app, "vanthu"), "GET", "/ho-so/?nam=2024")
        assert listing.status == 200
        assert "hạn nộp lưu 20/05/2025: quá hạn 13 ngày" in listing.body
        assert "hạn nộp lưu 01/07/2025: còn 29 ngày" in listing.body
        assert 'id="nop-luu"' not in ask(client_as(django_app, "chuyenvien"), "GET", "/").body
    finally:
        with sync_django():
            store = office().store
            with store.db.transaction():
                for notation in NOTATIONS:
                    store.db.execute(
                        "DELETE FROM records_files WHERE agency = ? AND notation = ?",
                        (store.agency, notation),
                    )

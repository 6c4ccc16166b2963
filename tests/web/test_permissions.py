"""Who may open what in the web application, through Django's test client in this process (no
server, no browser, no LibreOffice): every address of docgen/web/urls.py and the administrator's
pages for each role, in one table (`MATRIX`); a chuyên viên who tries to issue or cancel a number,
or to open another unit's draft; secret documents (search, the registers, by address); downloads
only through the catalogue; CSRF; the append-only access log; the login lockout."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from tests.integration.test_dispatch_layouts import dispatch
from tests.integration.test_issue_service import fake_pdf, write_yaml
from tests.web.conftest import PASSWORD, USERS, DjangoApp, sync_django

#: the people of the table: nobody logged in, then one user of each role (tests/web/conftest.py)
ANON = "khach"
CV = "chuyenvien"  #: chuyên viên of KHTH
CV_VP = "chuyenvien2"  #: chuyên viên of VP
VT = "vanthu"
LD = "lanhdao"
QT = "quantri"
COLUMNS = (ANON, CV, VT, LD, QT)


def role_of(username: str) -> str:
    """The role (chuyen_vien, van_thu, …) of a user of the table."""
    return USERS[username][0]


#: what an address answers: a status, or a redirect (302) to an address ("→/so-di/"), or to the
#: login page with the address asked for as ?next= (LOGIN: the application's; ADMIN: the admin's)
Expected = int | str
LOGIN = "→ đăng nhập"
ADMIN = "→ đăng nhập quản trị"

#: a form post to a draft (its trích yếu)
EDIT = {"trich_yeu": "báo cáo tình hình"}

# Placeholders: {nhap} a KHTH draft being written, {trinh} one submitted, {duyet} one approved
# (all three with incomplete data: no page is laid out, nothing is issued), {word} a submitted Word
# draft, {job} a finished mail merge, {doc} a filed, not secret document. For the roles allowed
# past the guard, 400/404 are the view's own answer (incomplete draft, nothing at that address).
# fmt: off
MATRIX: list[tuple[str, str, dict[str, str] | None, tuple[Expected, ...]]] = [
    # method address                              form                 khách  chuyên viên          văn thư      lãnh đạo        quản trị
    ("GET",  "/favicon.ico",                      None,                (204,) * 5),
    ("GET",  "/dang-nhap/",                       None,                (200,   200,                 200,         200,            200)),
    ("POST", "/dang-xuat/",                       {},                  ("→/dang-nhap/",) * 5),
    ("GET",  "/",                                 None,                (LOGIN, 200,                 200,         200,            200)),
    # drafts: chuyên viên write (their unit's), lãnh đạo approve, văn thư issue (once submitted)
    ("GET",  "/du-thao/",                         None,                (LOGIN, 200,                 200,         200,            403)),
    ("GET",  "/du-thao/moi/",                     None,                (LOGIN, 200,                 403,         403,            403)),
    ("GET",  "/du-thao/tai-len/",                 None,                (LOGIN, 200,                 403,         403,            403)),
    ("GET",  "/du-thao/{nhap}/",                  None,                (LOGIN, 200,                 403,         403,            403)),
    ("GET",  "/du-thao/{trinh}/",                 None,                (LOGIN, 200,                 200,         200,            403)),
    ("POST", "/du-thao/{nhap}/",                  EDIT,                (LOGIN, "→/du-thao/{nhap}/", 403,         403,            403)),
    ("POST", "/du-thao/{trinh}/",                 EDIT,                (LOGIN, 403,                 403,         403,            403)),
    ("POST", "/du-thao/{nhap}/xem-truoc/",        {},                  (LOGIN, 200,                 403,         403,            403)),
    ("POST", "/du-thao/{trinh}/xem-truoc/",       {},                  (LOGIN, 200,                 200,         200,            403)),
    ("GET",  "/du-thao/{nhap}/anh/0a1b2c.png",    None,                (LOGIN, 404,                 403,         403,            403)),
    ("GET",  "/du-thao/{trinh}/anh/0a1b2c.png",   None,                (LOGIN, 404,                 404,         404,            403)),
    ("GET",  "/du-thao/{nhap}/tai/docx/",         None,                (LOGIN, 400,                 403,         403,            403)),
    ("GET",  "/du-thao/{word}/tai/docx/",         None,                (LOGIN, 200,                 200,         200,            403)),
    ("POST", "/du-thao/{nhap}/trinh/",            {},                  (LOGIN, 400,                 403,         403,            403)),
    ("POST", "/du-thao/{trinh}/duyet/",           {},                  (LOGIN, 403,                 403,         "→/du-thao/",   403)),
    ("POST", "/du-thao/{trinh}/tra-lai/",         {"ghi_chu": "sửa"},  (LOGIN, 403,                 403,         "→/du-thao/",   403)),
    ("POST", "/du-thao/{trinh}/rut-lai/",         {},                  (LOGIN, "→/du-thao/{trinh}/", 403,        403,            403)),
    ("POST", "/du-thao/{duyet}/ban-hanh/",        {},                  (LOGIN, 403,                 400,         403,            403)),
    # the registers: văn thư, lãnh đạo and quản trị read them; only the văn thư writes
    ("GET",  "/so-di/",                           None,                (LOGIN, 403,                 200,         200,            200)),
    ("GET",  "/so-den/",                          None,                (LOGIN, 403,                 200,         200,            200)),
    ("GET",  "/so/in/",                           None,                (LOGIN, 403,                 200,         200,            200)),
    ("POST", "/so/giu-so/",                       {"loai": "khong"},   (LOGIN, 403,                 "→/so-di/",  403,            403)),
    ("POST", "/so/huy-so/",                       {"so": "x"},         (LOGIN, 403,                 "→/so-di/",  403,            403)),
    ("POST", "/so/dinh-chinh/",                   {"so": "x"},         (LOGIN, 403,                 "→/so-di/",  403,            403)),
    # receiving and mail merge: the văn thư only
    ("GET",  "/van-ban-den/nhan/",                None,                (LOGIN, 403,                 200,         403,            403)),
    ("POST", "/van-ban-den/nhan/",                {},                  (LOGIN, 403,                 400,         403,            403)),
    ("GET",  "/van-ban-den/xem-truoc/0a1b2c.png", None,                (LOGIN, 403,                 404,         403,            403)),
    ("GET",  "/van-ban-den/nhan-dang/0a1b2c/",    None,                (LOGIN, 403,                 404,         403,            403)),
    ("GET",  "/tron-thu/",                        None,                (LOGIN, 403,                 200,         403,            403)),
    ("POST", "/tron-thu/",                        {},                  (LOGIN, 403,                 404,         403,            403)),
    ("GET",  "/tron-thu/{job}/",                  None,                (LOGIN, 403,                 200,         403,            403)),
    ("GET",  "/tron-thu/{job}/tien-do/",          None,                (LOGIN, 403,                 200,         403,            403)),
    ("GET",  "/tron-thu/{job}/ket-qua/",          None,                (LOGIN, 403,                 200,         403,            403)),
    # processing incoming documents (issue 17): {den} one waiting to be presented. Everyone reads
    # its page; the steps are the rules' (docgen.rules.processing): a step refused is 403, the
    # văn thư's with nobody chosen 400; the report: văn thư, lãnh đạo, quản trị (and unit heads:
    # tests/web/test_processing_pages.py)
    ("GET",  "/van-ban-den/{den}/xu-ly/",         None,                (LOGIN, 200,                 200,         200,            200)),
    ("POST", "/van-ban-den/{den}/xu-ly/",         {"buoc": "trinh"},   (LOGIN, 403,                 400,         403,            403)),
    ("POST", "/van-ban-den/{den}/xu-ly/",         {"buoc": "phan-cong"}, (LOGIN, 403,               403,         403,            403)),
    ("POST", "/van-ban-den/{den}/xu-ly/",         {"buoc": "xong"},    (LOGIN, 403,                 403,         403,            403)),
    ("GET",  "/viec-cua-toi/",                    None,                (LOGIN, 200,                 200,         200,            403)),
    ("GET",  "/bao-cao-xu-ly/",                   None,                (LOGIN, 403,                 200,         200,            200)),
    ("GET",  "/bao-cao-xu-ly/?xuat=xlsx",         None,                (LOGIN, 403,                 200,         200,            200)),
    # finding and reading (a document that is not secret): everyone logged in
    ("GET",  "/tim/?q=bao+cao",                   None,                (LOGIN, 200,                 200,         200,            200)),
    ("GET",  "/van-ban/{doc}/",                   None,                (LOGIN, 200,                 200,         200,            200)),
    ("GET",  "/van-ban/{doc}/tep/",               None,                (LOGIN, 200,                 200,         200,            200)),
    ("GET",  "/van-ban/{doc}/trang-1.png",        None,                (LOGIN, 200,                 200,         200,            200)),
    # sending an issued document to other agencies (liên thông): the văn thư only; the test
    # profile has no agency code, so the form says so and a send is refused (400)
    ("GET",  "/van-ban/{doc}/lien-thong/",        None,                (LOGIN, 403,                 200,         403,            403)),
    ("POST", "/van-ban/{doc}/lien-thong/",        {"noi_nhan": "x"},   (LOGIN, 403,                 400,         403,            403)),
    # files (hồ sơ): a unit's chuyên viên (their unit only) and the văn thư file and close them,
    # leaders read them; {hs} an open KHTH file, {hs_vp} an open VP file (refusals: 400, 404)
    ("GET",  "/ho-so/",                           None,                (LOGIN, 200,                 200,         200,            403)),
    ("GET",  "/ho-so/chua-lap/",                  None,                (LOGIN, 200,                 200,         403,            403)),
    ("GET",  "/ho-so/{hs}/",                      None,                (LOGIN, 200,                 200,         200,            403)),
    ("GET",  "/ho-so/{hs_vp}/",                   None,                (LOGIN, 403,                 200,         200,            403)),
    ("POST", "/ho-so/{hs}/them/",                 {"van_ban": ""},     (LOGIN, 400,                 400,         403,            403)),
    ("POST", "/ho-so/{hs_vp}/them/",              {"van_ban": ""},     (LOGIN, 403,                 400,         403,            403)),
    ("POST", "/ho-so/{hs}/go/",                   {"van_ban": ""},     (LOGIN, 400,                 400,         403,            403)),
    ("POST", "/ho-so/{hs_vp}/go/",                {"van_ban": ""},     (LOGIN, 403,                 400,         403,            403)),
    ("POST", "/ho-so/{hs}/ket-thuc/",             {"ngay": "x"},       (LOGIN, 400,                 400,         403,            403)),
    ("GET",  "/ho-so/{hs}/in/bia-ho-so.pdf",      None,                (LOGIN, 404,                 404,         404,            403)),
    # the archive's check (văn thư, quản trị) and the access log (quản trị)
    ("GET",  "/kho/kiem-tra/",                    None,                (LOGIN, 403,                 200,         403,            200)),
    ("GET",  "/kho/nhat-ky/",                     None,                (LOGIN, 403,                 403,         403,            200)),
    ("GET",  "/kho/nhat-ky/?xuat=csv",            None,                (LOGIN, 403,                 403,         403,            200)),
    # Django's admin: the administrator only (the others are sent to its login page)
    ("GET",  "/quan-tri/",                        None,                (ADMIN, ADMIN,               ADMIN,       ADMIN,          200)),
    ("GET",  "/quan-tri/login/",                  None,                (200,   200,                 200,         200,            "→/quan-tri/")),
    ("GET",  "/quan-tri/auth/user/",              None,                (ADMIN, ADMIN,               ADMIN,       ADMIN,          200)),
    ("GET",  "/quan-tri/web/roleaccess/",         None,                (ADMIN, ADMIN,               ADMIN,       ADMIN,          200)),
    ("GET",  "/quan-tri/web/accessevent/",        None,                (ADMIN, ADMIN,               ADMIN,       ADMIN,          200)),
    ("GET",  "/quan-tri/web/accessevent/add/",    None,                (ADMIN, ADMIN,               ADMIN,       ADMIN,          403)),
]
# fmt: on

#: roles allowed to see secret documents when the administrator has said nothing (RoleAccess)
SECRET_BY_DEFAULT = {CV: False, VT: True, LD: True, QT: False}


@dataclass(frozen=True)
class Answer:
    status: int
    location: str
    body: str

    def redirect(self) -> tuple[str, str]:
        """(path, ?next=) of the redirect."""
        parts = urlsplit(self.location)
        return parts.path, parse_qs(parts.query).get("next", [""])[0]


def ask(
    client: Any, method: str, url: str, data: dict[str, Any] | None = None, **extra: Any
) -> Answer:
    """One request; the response read and closed (a file response holds its file open)."""
    if method == "GET":
        response = client.get(url, data, **extra)
    else:
        response = client.post(url, data or {}, **extra)
    try:
        body = response.getvalue()
    finally:
        response.close()
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else str(body)
    return Answer(response.status_code, response.get("Location", ""), text)


def client_as(app: DjangoApp, username: str, *, csrf: bool = False) -> Any:
    from django.test import Client

    client = Client(enforce_csrf_checks=csrf)
    if username != ANON:
        client.force_login(app.users[username])
    return client


# --- the archive's documents and the drafts ------------------------------------------------------


@dataclass(frozen=True)
class Filed:
    plain: str  #: doc_id of a filed document that is not secret
    secret: str  #: doc_id of a secret one (MẬT)
    plain_notation: str
    secret_notation: str
    secret_number: int
    year: int


#: the subject of the secret document (words no other document holds)
SECRET_SUBJECT = "phương án bảo vệ kho dự trữ đặc biệt"


#: the documents `filed` issued, by the session's web application
_FILED: dict[int, Filed] = {}


@pytest.fixture(scope="session")
def filed(django_app: DjangoApp, tmp_path_factory: pytest.TempPathFactory) -> Filed:
    """Two công văn issued into the web application's archive (a stand-in converter instead of
    LibreOffice): one plain, one secret. Issued once per session even when another module
    imports this fixture (pytest then runs it once for each module that names it)."""
    if id(django_app) in _FILED:
        return _FILED[id(django_app)]
    from docgen.web.office import office

    work = tmp_path_factory.mktemp("filed")
    o = office()
    from docgen.services.issue import issue

    def issued(name: str, data: dict[str, Any]) -> Any:
        return issue(
            write_yaml(work / f"{name}.yaml", data), o.profile, archive=o.archive, store=o.store,
            templates=o.templates, convert=fake_pdf,
        ).entry  # fmt: skip

    plain = issued("thuong", {**dispatch(1, 1), "trich_yeu": "báo cáo tình hình hoạt động"})
    secret = issued("mat", {**dispatch(1, 1), "do_mat": "mat", "trich_yeu": SECRET_SUBJECT})
    assert secret.secrecy is not None and plain.secrecy is None
    done = Filed(
        plain=f"di/{plain.year}/{plain.stream}/{plain.number}",
        secret=f"di/{secret.year}/{secret.stream}/{secret.number}",
        plain_notation=plain.number_symbol,
        secret_notation=secret.number_symbol,
        secret_number=secret.number,
        year=secret.year,
    )
    _FILED[id(django_app)] = done
    return done


@pytest.fixture(scope="session")
def planned(
    django_app: DjangoApp, filed: Filed, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, str]:
    """The year's file plan imported into the web application's archive (`docgen hoso plan`):
    the placeholders {hs} (an open KHTH file) and {hs_vp} (an open VP file) of `MATRIX`."""
    from docgen.services.records import files, import_plan
    from docgen.web.office import office
    from tests.support.records_year import write_plan

    with sync_django():
        o = office()
        path = write_plan(tmp_path_factory.mktemp("plan") / "dmhs.xlsx", o.agency)
        import_plan(o.store, o.agency, filed.year, path)
        found = files(o.store, year=filed.year)
    return {
        "hs": next(f.notation for f in found if f.unit == "KHTH"),
        "hs_vp": next(f.notation for f in found if f.unit == "VP"),
    }


#: the incoming document `incoming` received, by the session's web application
_INCOMING: dict[int, str] = {}


@pytest.fixture(scope="session")
def incoming(django_app: DjangoApp, tmp_path_factory: pytest.TempPathFactory) -> str:
    """An incoming document received into the web application's archive, not presented: the
    placeholder {den} of `MATRIX` (`2024/3`: its year and số đến). Received once per session."""
    if id(django_app) in _INCOMING:
        return _INCOMING[id(django_app)]
    import datetime as dt

    from docgen.web.office import office
    from tests.integration.test_filing_external import plain_pdf

    with sync_django():
        pdf = plain_pdf(tmp_path_factory.mktemp("den") / "den.pdf", text="Công văn số 12/SCT")
        done = office().receive(pdf, sender="Sở Công Thương", notation="12/SCT-QLCN",
                                date=dt.date(2024, 4, 14), to="KHTH", subject="xin ý kiến")  # fmt: skip
    _INCOMING[id(django_app)] = f"{done.entry.year}/{done.entry.number}"
    return _INCOMING[id(django_app)]


@pytest.fixture
def objects(
    _sync_django: None,
    django_app: DjangoApp,
    filed: Filed,
    planned: dict[str, str],
    incoming: str,
) -> Iterator[dict[str, Any]]:
    """Fresh drafts of KHTH in each state, a VP draft and a finished mail merge, removed after the
    test; the keys are the placeholders of `MATRIX`."""
    from docgen.web.models import DA_DUYET, NHAP, TRINH_KY, BatchJob, Draft

    author = django_app.users[CV]
    incomplete = {"loai": "cong-van"}

    def draft(status: str, unit: str = "KHTH", **fields: Any) -> Draft:
        fields = {"data": dict(incomplete), "kind": "cong-van", **fields}
        made: Draft = Draft.objects.create(
            author=author if unit == "KHTH" else django_app.users[CV_VP], unit=unit,
            status=status, **fields,
        )  # fmt: skip
        return made

    made = {
        "nhap": draft(NHAP),
        "trinh": draft(TRINH_KY),
        "duyet": draft(DA_DUYET),
        "word": draft(
            TRINH_KY, kind="", data={}, docx=b"PK\x03\x04 du thao", docx_name="du-thao.docx"
        ),
        "vp": draft(NHAP, unit="VP"),
    }
    job = BatchJob.objects.create(
        user=django_app.users[VT], draft=made["duyet"], sheet=b"-", sheet_name="nguoi-nhan.xlsx",
        status="xong", done=1, total=1, manifest=b"PK\x03\x04 ket qua",
    )  # fmt: skip
    values: dict[str, Any] = {name: d.pk for name, d in made.items()}
    values.update(job=job.pk, doc=filed.plain, drafts=made, den=incoming, **planned)
    yield values
    BatchJob.objects.filter(pk=job.pk).delete()
    Draft.objects.filter(pk__in=[d.pk for d in made.values()]).delete()


#: what the stand-in for pdftoppm returns as page 1 of a filed PDF
PAGE_PNG = b"\x89PNG\r\n\x1a\n trang 1"


@pytest.fixture(autouse=True)
def _no_conversion(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test here lays out a page: a view that would start LibreOffice fails the test (the
    refusals tested here all come before any conversion); page 1 of a filed PDF is a stand-in
    image (not pdftoppm: the answer does not depend on the machine)."""

    def refused(*_: object, **__: object) -> None:
        raise AssertionError("this test must not start LibreOffice")

    monkeypatch.setattr("docgen.services.office.Office.pdf_of", refused)
    monkeypatch.setattr("docgen.render.convert.convert_to_pdf", refused)
    monkeypatch.setattr("docgen.services.office.pdf_page_png", lambda *_, **__: PAGE_PNG)


@pytest.fixture(autouse=True)
def _sync_django() -> Iterator[None]:
    """Django's queries run here even when the browser tests of this directory have left
    Playwright's asyncio loop running in this thread (tests/web/conftest.py `sync_django`)."""
    with sync_django():
        yield


@pytest.fixture(autouse=True)
def _no_role_access(_sync_django: None, django_app: DjangoApp) -> Iterator[None]:
    """Every test starts and ends with the administrator's defaults (no RoleAccess row)."""
    from docgen.web.models import RoleAccess

    RoleAccess.objects.all().delete()
    yield
    RoleAccess.objects.all().delete()


def fill(url: str, values: dict[str, Any]) -> str:
    return url.format(**{k: v for k, v in values.items() if k != "drafts"})


# --- the table ----------------------------------------------------------------------------------


CASES = [
    pytest.param(method, url, data, role, expected, id=f"{method} {url} {role}")
    for method, url, data, row in MATRIX
    for role, expected in zip(COLUMNS, row, strict=True)
]


@pytest.mark.parametrize(("method", "url", "data", "role", "expected"), CASES)
def test_each_role_at_each_address(
    django_app: DjangoApp,
    objects: dict[str, Any],
    method: str,
    url: str,
    data: dict[str, str] | None,
    role: str,
    expected: Expected,
) -> None:
    address = fill(url, objects)
    answer = ask(client_as(django_app, role), method, address, data)
    if expected in (LOGIN, ADMIN):
        login = "/dang-nhap/" if expected == LOGIN else "/quan-tri/login/"
        assert (answer.status, answer.redirect()) == (302, (login, address))
    elif isinstance(expected, str):
        assert (answer.status, answer.location) == (302, fill(expected.removeprefix("→"), objects))
    else:
        assert answer.status == expected, answer.body[:500]
    if answer.status == 403 and not address.startswith("/quan-tri/"):
        assert "Không được phép" in answer.body  # the application's own page, in Vietnamese


def test_the_table_names_every_address() -> None:
    """Every view of docgen/web/urls.py (and the admin) has a row in `MATRIX`."""
    from django.urls import URLPattern, URLResolver, resolve

    from docgen.web.urls import urlpatterns

    routes = {str(p.pattern) for p in urlpatterns if isinstance(p, URLPattern)}
    routes |= {"admin" for p in urlpatterns if isinstance(p, URLResolver)}
    dummy = {"nhap": 1, "trinh": 1, "duyet": 1, "word": 1, "job": 1, "doc": "di/2024/hanh_chinh/1",
             "hs": "2024.01.KHTH", "hs_vp": "2024.05.VP", "den": "2024/1"}  # fmt: skip
    covered = set()
    for _, url, _, row in MATRIX:
        match = resolve(urlsplit(fill(url, dummy)).path)
        covered.add(match.namespace or match.route)
        assert len(row) == len(COLUMNS)
    assert routes - covered == set()


def test_the_matrix_runs_django_set_up(django_app: DjangoApp) -> None:
    """The table's test client runs the application's own settings (CSRF middleware, axes)."""
    from django.conf import settings

    assert "django.middleware.csrf.CsrfViewMiddleware" in settings.MIDDLEWARE
    assert "axes.middleware.AxesMiddleware" in settings.MIDDLEWARE
    assert django_app.config == settings.DOCGEN


# --- a chuyên viên cannot issue, cancel, or work on another unit's draft -------------------------


@pytest.mark.parametrize("role", [CV, LD, QT])
def test_only_the_van_thu_issues_a_draft(
    django_app: DjangoApp, objects: dict[str, Any], role: str
) -> None:
    from docgen.web.models import DA_DUYET, AccessEvent, Draft
    from docgen.web.office import office

    draft = objects["drafts"]["duyet"]
    Draft.objects.filter(pk=draft.pk).update(data=dispatch(1, 1))  # a draft that would issue
    store = office().store
    year = office().today().year
    rows, events = store.entries(year), AccessEvent.objects.filter(action="ban-hanh").count()
    answer = ask(client_as(django_app, role), "POST", f"/du-thao/{draft.pk}/ban-hanh/")
    assert answer.status == 403
    after = Draft.objects.get(pk=draft.pk)
    assert (after.status, after.number_symbol, after.doc_id) == (DA_DUYET, "", "")
    assert not after.events.exists()
    assert store.entries(year) == rows
    assert AccessEvent.objects.filter(action="ban-hanh").count() == events


def test_only_the_van_thu_cancels_or_annotates_a_number(django_app: DjangoApp) -> None:
    from docgen.model.register import EntryStatus
    from docgen.web.office import office

    store = office().store
    reserved = office().reserve("hanh_chinh", "BQL-KHTH", subject="giữ số cho báo cáo quý")
    year = reserved.year
    cancel = {"nam": str(year), "so_he": "hanh_chinh", "so": str(reserved.number),
              "ly_do": "không ban hành nữa"}  # fmt: skip
    before = store.entries(year)
    for role in (CV, CV_VP, LD, QT):
        client = client_as(django_app, role)
        assert ask(client, "POST", "/so/huy-so/", cancel).status == 403
        assert ask(client, "POST", "/so/giu-so/", {"ky_hieu": "BQL-KHTH"}).status == 403
        annotate = {**cancel, "loai_dinh_chinh": "thu_hoi", "ghi_chu": "thu hồi"}
        assert ask(client, "POST", "/so/dinh-chinh/", annotate).status == 403
    assert store.entries(year) == before  # no row taken, cancelled or annotated
    (row,) = [e for e in store.entries(year) if e.key == reserved.key]
    assert row.status is EntryStatus.RESERVED
    # the same request, from the văn thư, cancels it
    answer = ask(client_as(django_app, VT), "POST", "/so/huy-so/", cancel)
    assert (answer.status, answer.location) == (302, "/so-di/")
    (row,) = [e for e in store.entries(year) if e.key == reserved.key]
    assert row.status is EntryStatus.CANCELLED


def test_a_chuyen_vien_of_khth_cannot_open_or_edit_a_draft_of_vp(
    django_app: DjangoApp, objects: dict[str, Any]
) -> None:
    from docgen.web.models import NHAP, TRINH_KY, Draft

    vp = objects["drafts"]["vp"]
    khth = client_as(django_app, CV)
    for method, url, data in [
        ("GET", f"/du-thao/{vp.pk}/", None),
        ("POST", f"/du-thao/{vp.pk}/", EDIT),
        ("POST", f"/du-thao/{vp.pk}/xem-truoc/", EDIT),  # the preview saves what is typed
        ("GET", f"/du-thao/{vp.pk}/anh/0a1b2c.png", None),
        ("GET", f"/du-thao/{vp.pk}/tai/docx/", None),
        ("GET", f"/du-thao/{vp.pk}/tai/pdf/", None),
        ("POST", f"/du-thao/{vp.pk}/trinh/", {}),
    ]:
        assert ask(khth, method, url, data).status == 403, (method, url)
    after = Draft.objects.get(pk=vp.pk)
    assert (after.status, after.data, after.subject) == (NHAP, vp.data, "")
    assert not after.events.exists()
    # nor does it show in their list or on their home page; VP's own chuyên viên has it
    assert f"/du-thao/{vp.pk}/" not in ask(khth, "GET", "/du-thao/").body
    assert f"/du-thao/{vp.pk}/" not in ask(khth, "GET", "/").body
    own = client_as(django_app, CV_VP)
    assert f"/du-thao/{vp.pk}/" in ask(own, "GET", "/du-thao/").body
    assert ask(own, "GET", f"/du-thao/{vp.pk}/").status == 200
    # submitted, it is still VP's: KHTH's chuyên viên still cannot open it
    Draft.objects.filter(pk=vp.pk).update(status=TRINH_KY)
    assert ask(khth, "GET", f"/du-thao/{vp.pk}/").status == 403


# --- secret documents ----------------------------------------------------------------------------


def secret_seen(app: DjangoApp, filed: Filed, role: str) -> dict[str, bool]:
    """Where `role` meets the secret document: search (by words, by its number, by number/year),
    the register of documents issued (for the roles that read it), by address."""
    client = client_as(app, role)
    link = f"/van-ban/{filed.secret}/"
    seen: dict[str, bool] = {}
    by_number = f"{filed.secret_number}/{filed.year}"
    for query in ("phuong an bao ve kho du tru", filed.secret_notation, by_number):
        answer = ask(client, "GET", "/tim/", {"q": query})
        assert answer.status == 200
        seen[f"tìm {query}"] = link in answer.body or SECRET_SUBJECT in answer.body
    if role != CV:  # the chuyên viên does not read the registers at all (403, MATRIX)
        for query in ("", "bảo vệ"):
            answer = ask(client, "GET", "/so-di/", {"nam": str(filed.year), "q": query})
            assert answer.status == 200
            seen[f"sổ đi {query}"] = (
                filed.secret_notation in answer.body or SECRET_SUBJECT in answer.body
            )
    files = ("tep/", "tep/?tai=1", "tep/?ten=" + filed.secret_notation.replace("/", "-") + ".docx",
             "trang-1.png")  # fmt: skip
    for url in (link, *(f"{link}{name}" for name in files)):
        answer = ask(client, "GET", url)
        assert answer.status in (200, 404), url
        if answer.status == 404:  # a secret document is not even said to exist
            assert SECRET_SUBJECT not in answer.body and filed.secret_notation not in answer.body
        seen[url] = answer.status == 200
    # the plain document is there for everyone
    assert ask(client, "GET", f"/van-ban/{filed.plain}/").status == 200
    found = ask(client, "GET", "/tim/", {"q": filed.plain_notation}).body
    assert f"/van-ban/{filed.plain}/" in found
    return seen


@pytest.mark.parametrize("role", list(SECRET_BY_DEFAULT))
def test_a_secret_document_is_seen_only_by_the_roles_allowed(
    django_app: DjangoApp, filed: Filed, role: str
) -> None:
    seen = secret_seen(django_app, filed, role)
    allowed = SECRET_BY_DEFAULT[role]
    assert seen == dict.fromkeys(seen, allowed)


def test_the_administrators_switch_decides_who_sees_secret_documents(
    django_app: DjangoApp, filed: Filed
) -> None:
    """The quản trị, in the admin pages: the chuyên viên and quản trị may see them, the văn thư
    may not; then the chuyên viên no longer."""
    from docgen.web.models import RoleAccess

    admin = client_as(django_app, QT)
    for role, on in ((CV, True), (QT, True), (VT, False)):
        form = {"role": role_of(role), "_save": "Lưu", **({"secret_allowed": "on"} if on else {})}
        answer = ask(admin, "POST", "/quan-tri/web/roleaccess/add/", form)
        assert (answer.status, answer.location) == (302, "/quan-tri/web/roleaccess/")
    for role, allowed in ((CV, True), (QT, True), (VT, False), (LD, True)):
        seen = secret_seen(django_app, filed, role)
        assert seen == dict.fromkeys(seen, allowed), role
    assert {(r.role, r.secret_allowed) for r in RoleAccess.objects.all()} == {
        ("chuyen_vien", True),
        ("quan_tri", True),
        ("van_thu", False),
    }
    row = RoleAccess.objects.get(role="chuyen_vien")
    answer = ask(admin, "POST", f"/quan-tri/web/roleaccess/{row.pk}/change/",
                 {"role": "chuyen_vien", "_save": "Lưu"})  # fmt: skip
    assert (answer.status, answer.location) == (302, "/quan-tri/web/roleaccess/")
    seen = secret_seen(django_app, filed, CV)
    assert seen == dict.fromkeys(seen, False)


@pytest.mark.parametrize("stream", ["", "den"])
def test_the_printed_register_holds_no_secret_row(
    django_app: DjangoApp, filed: Filed, stream: str
) -> None:
    """The registers printed from the web (sổ đi of the public stream, sổ đến) never hold the
    secret stream's rows, whoever prints them."""
    import io

    import openpyxl

    for role in (QT, VT):
        response = client_as(django_app, role).get(
            "/so/in/", {"nam": str(filed.year), "so": stream, "dinh-dang": "xlsx"}
        )
        assert response.status_code == 200
        book = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
        cells = " ".join(str(v) for sheet in book for row in sheet.iter_rows(values_only=True)
                         for v in row if v is not None)  # fmt: skip
        book.close()
        assert SECRET_SUBJECT not in cells and filed.secret_notation not in cells
        assert (filed.plain_notation in cells) == (stream == "")


def test_only_the_administrator_changes_the_switch(django_app: DjangoApp) -> None:
    from docgen.web.models import RoleAccess

    for role in (ANON, CV, VT, LD):
        form = {"role": "chuyen_vien", "secret_allowed": "on", "_save": "Lưu"}
        answer = ask(client_as(django_app, role), "POST", "/quan-tri/web/roleaccess/add/", form)
        assert answer.status == 302 and answer.redirect()[0] == "/quan-tri/login/"
    assert not RoleAccess.objects.exists()


# --- downloads through the catalogue -------------------------------------------------------------


def archive_root() -> Path:
    from docgen.web.config import current

    return current().archive


@pytest.mark.parametrize(
    "doc_id",
    [
        "../../etc/passwd",
        "%2e%2e/%2e%2e/etc/passwd",
        "..%2f..%2fetc%2fpasswd",
        "/etc/passwd",
        "di/{year}/hanh_chinh/1/../../x",
        "di/{year}/hanh_chinh/1/../../mat/1",
        "di/{year}/hanh_chinh/../mat/1",
        "di/{year}/hanh_chinh/1/",
        "van-thu/{year}/van-ban-di/hanh_chinh/01-BQL-KHTH.pdf",
        "register.sqlite3",
    ],
)
@pytest.mark.parametrize("role", [CV, VT])
def test_a_path_for_a_document_id_is_not_found(
    django_app: DjangoApp, filed: Filed, doc_id: str, role: str
) -> None:
    from django.urls import resolve

    client = client_as(django_app, role)
    doc_id = doc_id.format(year=filed.year)
    # the view itself gets the path-like id (the test client sends the path as typed, `..` and
    # all, as `curl --path-as-is` would): the catalogue, not the URL resolver, refuses it
    assert resolve(unquote(f"/van-ban/{doc_id}/tep/")).kwargs == {"doc_id": unquote(doc_id)}
    for url in (f"/van-ban/{doc_id}/tep/", f"/van-ban/{doc_id}/tep/?tai=1",
                f"/van-ban/{doc_id}/trang-1.png", f"/van-ban/{doc_id}/"):  # fmt: skip
        answer = ask(client, "GET", url)
        assert answer.status == 404, url
        # an error page, not an image or a file (a random CSRF token may spell "PNG": look at
        # the start, where a PNG's or a PDF's signature would be)
        assert "Không tìm thấy" in answer.body
        assert not answer.body.lstrip("\ufffd").startswith(("PNG", "%PDF"))
        assert "root:" not in answer.body and "SQLite" not in answer.body


@pytest.mark.parametrize(
    "name",
    [
        "../../../../../../etc/passwd",  # outside-repo-ok: a traversal attempt
        "/etc/passwd",
        "../mat/{secret}.pdf",  # the secret document's file, beside it in the archive
        "{secret}.pdf",
        "../../../../register.sqlite3",  # outside-repo-ok: a traversal attempt
        "../../../../don-vi/KHTH/{year}/{secret}.pdf",  # outside-repo-ok: a traversal attempt
        "{plain}.json",  # in its folder, but not one of its files in the catalogue
        "{plain}.PDF",
        "{plain}.pdf/",
        "./{plain}.pdf",
        "{plain}.pdf\x00.txt",
    ],
)
def test_a_file_name_not_of_the_document_is_not_found(
    django_app: DjangoApp, filed: Filed, name: str
) -> None:
    client = client_as(django_app, VT)  # the văn thư sees secret documents too
    stems = {"plain": filed.plain_notation.replace("/", "-"),
             "secret": filed.secret_notation.replace("/", "-"), "year": filed.year}  # fmt: skip
    answer = ask(client, "GET", f"/van-ban/{filed.plain}/tep/", {"ten": name.format(**stems)})
    assert answer.status == 404
    assert "Không tìm thấy" in answer.body
    assert "root:" not in answer.body and "%PDF" not in answer.body


def test_a_file_of_the_document_is_served_from_the_archive(
    django_app: DjangoApp, filed: Filed
) -> None:
    from docgen.web.office import office

    row = office().document(filed.plain)
    assert row is not None
    client = client_as(django_app, CV)
    for name in ["", *row.files]:
        answer = ask(client, "GET", f"/van-ban/{filed.plain}/tep/", {"ten": name} if name else {})
        assert answer.status == 200, name
    response = client.get(f"/van-ban/{filed.plain}/tep/", {"tai": "1"})
    try:
        data = response.getvalue()
    finally:
        response.close()
    assert data == (archive_root() / row.folder / row.copy_name).read_bytes()
    assert response["Content-Disposition"].startswith("attachment;")


# --- CSRF ----------------------------------------------------------------------------------------


def csrf_token(client: Any) -> str:
    """The token the pages hand out (every page carries it for htmx)."""
    assert ask(client, "GET", "/dang-nhap/").status == 200
    return str(client.cookies["csrftoken"].value)


def test_a_post_without_the_token_is_refused(
    django_app: DjangoApp, objects: dict[str, Any]
) -> None:
    from django.contrib.auth import SESSION_KEY

    from docgen.web.models import TRINH_KY, Draft, RoleAccess
    from docgen.web.office import office

    store = office().store
    year = office().today().year
    rows, drafts = store.entries(year), Draft.objects.count()
    trinh = objects["drafts"]["trinh"]
    for role, url, form in [
        (VT, "/so/giu-so/", {"ky_hieu": "BQL-KHTH", "trich_yeu": "giữ số"}),
        (VT, "/so/huy-so/", {"so": "1", "ly_do": "không dùng"}),
        (CV, "/du-thao/moi/", {"loai": "cong-van"}),
        (LD, f"/du-thao/{trinh.pk}/duyet/", {}),
        (QT, "/quan-tri/web/roleaccess/add/", {"role": "chuyen_vien", "secret_allowed": "on"}),
        (ANON, "/dang-nhap/", {"username": VT, "password": PASSWORD}),
    ]:
        client = client_as(django_app, role, csrf=True)
        for extra in ({}, {"csrfmiddlewaretoken": "x" * 32}):  # none, or a wrong one
            assert ask(client, "POST", url, {**form, **extra}).status == 403, (role, url, extra)
    assert store.entries(year) == rows
    assert Draft.objects.count() == drafts
    assert Draft.objects.get(pk=trinh.pk).status == TRINH_KY
    assert not RoleAccess.objects.exists()
    # logging out needs the token too: the person stays logged in
    client = client_as(django_app, VT, csrf=True)
    assert ask(client, "POST", "/dang-xuat/").status == 403
    assert client.session.get(SESSION_KEY) == str(django_app.users[VT].pk)
    # the same requests with the token (in the form, or htmx's header) go through
    token = csrf_token(client)
    answer = ask(client, "POST", "/so/giu-so/",
                 {"ky_hieu": "BQL-KHTH", "trich_yeu": "giữ số", "csrfmiddlewaretoken": token})  # fmt: skip
    assert (answer.status, answer.location) == (302, "/so-di/")
    assert len(store.entries(year)) == len(rows) + 1
    writer = client_as(django_app, CV, csrf=True)
    header = {"HTTP_X_CSRFTOKEN": csrf_token(writer)}
    nhap = objects["drafts"]["nhap"]
    assert ask(writer, "POST", f"/du-thao/{nhap.pk}/xem-truoc/", {}, **header).status == 200


# --- the access log ------------------------------------------------------------------------------


def test_reading_and_downloading_a_document_are_logged(django_app: DjangoApp, filed: Filed) -> None:
    from docgen.web.models import AccessEvent

    client = client_as(django_app, LD)
    last = AccessEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    for url in (f"/van-ban/{filed.secret}/", f"/van-ban/{filed.secret}/tep/",
                f"/van-ban/{filed.plain}/tep/?tai=1"):  # fmt: skip
        assert ask(client, "GET", url, HTTP_USER_AGENT="thu-nghiem").status == 200
    events = list(AccessEvent.objects.filter(pk__gt=last).order_by("pk"))
    assert [(e.username, e.action, e.ip, e.agent) for e in events] == [
        (LD, "xem-van-ban", "127.0.0.1", "thu-nghiem"),
        (LD, "mo-van-ban", "127.0.0.1", "thu-nghiem"),
        (LD, "tai-van-ban", "127.0.0.1", "thu-nghiem"),
    ]
    assert filed.secret in events[0].target and filed.secret_notation in events[0].target
    assert events[1].target.startswith(filed.secret_notation)
    assert events[2].target.startswith(filed.plain_notation)
    assert all(e.at is not None for e in events)
    # a refused look at a secret document is not a view: nothing logged as one
    ask(client_as(django_app, CV), "GET", f"/van-ban/{filed.secret}/")
    assert not AccessEvent.objects.filter(pk__gt=events[-1].pk, action="xem-van-ban").exists()


def test_the_access_log_cannot_be_changed_or_deleted(django_app: DjangoApp) -> None:
    from django.db import DatabaseError, connection

    from docgen.web.models import AccessEvent

    event = AccessEvent.objects.create(username="ai-do", action="thu-nghiem", target="gốc")
    event.target = "đã sửa"
    with pytest.raises(PermissionError, match="không sửa được"):
        event.save()
    with pytest.raises(PermissionError, match="không xóa được"):
        event.delete()
    mine = AccessEvent.objects.filter(pk=event.pk)
    with pytest.raises(DatabaseError, match=r"không sửa được|không sửa hay xóa được"):
        mine.update(target="đã sửa")
    with pytest.raises(DatabaseError, match=r"không xóa được|không sửa hay xóa được"):
        mine.delete()
    with pytest.raises(DatabaseError), connection.cursor() as cursor:
        cursor.execute("DELETE FROM web_accessevent")
    assert mine.get().target == "gốc"
    assert AccessEvent.objects.filter(pk__lte=event.pk).count() >= 1
    # nor through the admin: its pages for the log refuse adding, changing and deleting
    admin = client_as(django_app, QT)
    delete = ask(admin, "POST", f"/quan-tri/web/accessevent/{event.pk}/delete/", {"post": "yes"})
    assert delete.status == 403
    change = ask(admin, "POST", f"/quan-tri/web/accessevent/{event.pk}/change/",
                 {"username": "x", "action": "x", "target": "đã sửa"})  # fmt: skip
    assert change.status == 403
    bulk = ask(admin, "POST", "/quan-tri/web/accessevent/",
               {"action": "delete_selected", "_selected_action": [str(event.pk)], "post": "yes"})  # fmt: skip
    assert bulk.status in (200, 302)
    assert mine.get().target == "gốc"


# --- the login lockout ---------------------------------------------------------------------------


@pytest.fixture
def locked_user(_sync_django: None, django_app: DjangoApp) -> Iterator[str]:
    from axes.utils import reset
    from django.contrib.auth.models import User

    from docgen.web.users import create_user

    username = "bi-khoa"
    if not User.objects.filter(username=username).exists():
        create_user(username, PASSWORD, role="chuyen_vien", unit="KHTH", check_password=False)
    reset(username=username)
    yield username
    reset(username=username)


def login(client: Any, username: str, password: str, next_: str = "") -> Answer:
    url = "/dang-nhap/" + (f"?next={next_}" if next_ else "")
    return ask(client, "POST", url, {"username": username, "password": password})


def test_five_wrong_passwords_lock_the_account(django_app: DjangoApp, locked_user: str) -> None:
    from django.contrib.auth import SESSION_KEY
    from django.test import Client

    from docgen.web.config import LOCKOUT_FAILURES
    from docgen.web.models import AccessEvent

    client = Client()
    for _ in range(LOCKOUT_FAILURES - 1):
        answer = login(client, locked_user, "sai-mat-khau")
        assert answer.status == 401
        assert "Tên đăng nhập hoặc mật khẩu không đúng" in answer.body
    answer = login(client, locked_user, "sai-mat-khau")  # the fifth
    assert answer.status == 429 and "Tài khoản tạm khóa" in answer.body
    # now even the right password is refused, with the locked page, in Vietnamese
    for attempt in (Client(), client):
        answer = login(attempt, locked_user, PASSWORD)
        assert answer.status == 429
        assert '<html lang="vi">' in answer.body
        assert "Tài khoản tạm khóa" in answer.body and "khóa 15 phút" in answer.body
        assert SESSION_KEY not in attempt.session
        assert ask(attempt, "GET", "/").redirect()[0] == "/dang-nhap/"
    assert not AccessEvent.objects.filter(username=locked_user, action="dang-nhap").exists()
    # by username: another person logs in as usual
    other = Client()
    answer = login(other, VT, PASSWORD)
    assert (answer.status, answer.location) == (302, "/")
    assert other.session[SESSION_KEY] == str(django_app.users[VT].pk)


def test_a_good_login_resets_the_count(django_app: DjangoApp, locked_user: str) -> None:
    from django.test import Client

    from docgen.web.config import LOCKOUT_FAILURES

    for _ in range(LOCKOUT_FAILURES - 1):
        assert login(Client(), locked_user, "sai").status == 401
    assert login(Client(), locked_user, PASSWORD).status == 302
    for _ in range(LOCKOUT_FAILURES - 1):
        assert login(Client(), locked_user, "sai").status == 401
    assert login(Client(), locked_user, PASSWORD).status == 302


@pytest.mark.parametrize(
    "next_",
    ["//example.org/", "/%5Cexample.org/", "/%5C%5Cexample.org/", "https://example.org/",
     "/%09/example.org/", "%2F%2Fexample.org/"],
)  # fmt: skip
def test_login_goes_on_only_to_an_address_of_this_site(django_app: DjangoApp, next_: str) -> None:
    """After logging in, `?next=` is followed only to a path of this site: a browser reading the
    Location header stays here (a backslash or a tab comes out percent-encoded, so `/\\x` is
    not `//x`)."""
    from django.test import Client

    answer = login(Client(), LD, PASSWORD, next_)
    assert answer.status == 302
    parts = urlsplit(answer.location)
    assert (parts.scheme, parts.netloc) == ("", "")
    assert answer.location.startswith("/") and answer.location[1:2] not in ("/", "\\")
    assert all(ord(c) > 32 for c in answer.location)


def test_login_goes_on_to_the_address_asked_for(django_app: DjangoApp) -> None:
    from django.test import Client

    client = Client()
    first = ask(client, "GET", "/so-di/?nam=2024")
    assert first.redirect() == ("/dang-nhap/", "/so-di/?nam=2024")
    answer = login(client, LD, PASSWORD, "/so-di/%3Fnam%3D2024")
    assert (answer.status, answer.location) == (302, "/so-di/?nam=2024")


# --- sessions, secret drafts, the signer's own drafts -----------------------------------------


def test_logging_out_ends_a_copied_session_too(django_app: DjangoApp) -> None:
    """A signed-cookie session cannot be deleted on the server: logging out moves the person's
    session epoch on, and a copy of the cookie made before is refused from then on."""
    from django.test import Client

    from tests.web.conftest import PASSWORD

    desk = Client()
    assert login(desk, CV_VP, PASSWORD).status == 302
    copy = Client()
    copy.cookies = desk.cookies  # the same cookie, taken elsewhere
    assert ask(copy, "GET", "/du-thao/").status == 200
    assert ask(desk, "POST", "/dang-xuat/").status == 302
    assert ask(copy, "GET", "/du-thao/").status == 302  # back to the login page
    again = Client()
    assert login(again, CV_VP, PASSWORD).status == 302  # a new login works
    assert ask(again, "GET", "/du-thao/").status == 200


def test_logging_out_needs_a_post(django_app: DjangoApp) -> None:
    client = client_as(django_app, CV)
    assert ask(client, "GET", "/dang-xuat/").status == 405
    assert ask(client, "GET", "/du-thao/").status == 200


def test_a_secret_draft_is_seen_by_its_author_and_the_allowed_roles(
    django_app: DjangoApp, objects: dict[str, Any]
) -> None:
    from docgen.web.models import TRINH_KY, Draft

    secret = Draft.objects.create(
        author=django_app.users[CV], unit="KHTH", kind="cong-van", status=TRINH_KY,
        data={"loai": "cong-van", "do_mat": "mat"}, secret=True, subject="phương án mật",
    )  # fmt: skip
    from django.test import Client

    from docgen.web.models import Member

    other = django_app.users[CV].__class__.objects.create_user("chuyenvien-khth-2", password="x")
    Member.objects.create(user=other, role="chuyen_vien", unit="KHTH")
    try:
        url = f"/du-thao/{secret.pk}/"
        assert ask(client_as(django_app, CV), "GET", url).status == 200  # its author
        assert ask(client_as(django_app, VT), "GET", url).status == 200
        assert ask(client_as(django_app, LD), "GET", url).status == 200
        colleague = Client()
        colleague.force_login(other)
        assert ask(colleague, "GET", url).status == 403
        assert "phương án mật" not in ask(colleague, "GET", "/du-thao/").body
    finally:
        secret.delete()
        other.delete()


def test_a_leader_approves_only_what_is_submitted_to_them(
    django_app: DjangoApp, objects: dict[str, Any]
) -> None:
    from docgen.web.models import TRINH_KY, Draft

    for_other = Draft.objects.create(
        author=django_app.users[CV], unit="KHTH", kind="cong-van", status=TRINH_KY,
        data={"loai": "cong-van", "nguoi_ky": "pho-truong-ban"}, subject="trình phó trưởng ban",
    )  # fmt: skip
    try:
        leader = client_as(django_app, LD)  # linked to the profile signer truong-ban
        assert ask(leader, "POST", f"/du-thao/{for_other.pk}/duyet/").status == 403
        for_other.refresh_from_db()
        assert for_other.status == TRINH_KY
        assert "trình phó trưởng ban" not in ask(leader, "GET", "/").body
    finally:
        for_other.delete()


def test_a_stale_form_gets_the_vietnamese_page(django_app: DjangoApp) -> None:
    client = client_as(django_app, VT, csrf=True)
    answer = ask(client, "POST", "/so/giu-so/", {"ky_hieu": "BQL-KHTH"})
    assert answer.status == 403 and "Phiên làm việc đã cũ" in answer.body


# --- files (hồ sơ): what each person sees ----------------------------------------------------------


def test_a_chuyen_vien_sees_the_units_files_and_no_secret_document(
    django_app: DjangoApp, filed: Filed, planned: dict[str, str]
) -> None:
    """Among the files only the unit's; among the documents not yet in a file never a secret one
    (the văn thư sees them all)."""
    listing = ask(client_as(django_app, CV), "GET", f"/ho-so/?nam={filed.year}")
    assert planned["hs"] in listing.body and planned["hs_vp"] not in listing.body
    everyone = ask(client_as(django_app, VT), "GET", f"/ho-so/?nam={filed.year}")
    assert planned["hs"] in everyone.body and planned["hs_vp"] in everyone.body
    mine = ask(client_as(django_app, CV), "GET", f"/ho-so/chua-lap/?nam={filed.year}")
    assert filed.plain_notation in mine.body and filed.secret_notation not in mine.body
    clerk = ask(client_as(django_app, VT), "GET", f"/ho-so/chua-lap/?nam={filed.year}")
    assert filed.plain_notation in clerk.body and filed.secret_notation in clerk.body


def test_a_number_not_in_the_archive_is_one_line(
    django_app: DjangoApp, planned: dict[str, str]
) -> None:
    answer = ask(
        client_as(django_app, CV), "POST", f"/ho-so/{planned['hs']}/them/", {"van_ban": "999/XX-YY"}
    )
    assert answer.status == 400 and "không có văn bản 999/XX-YY" in answer.body

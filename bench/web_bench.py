"""Web benchmark (issue 15): the real server (`docgen web`, gunicorn, 4 sync workers) on a free
loopback port, over an archive of 1,000,000 catalogued documents and this year's outgoing register,
on SQLite and on PostgreSQL; 20 simulated users, each logged in with a session of their own (a real
POST with the CSRF token of the login form), for 60 s: search by a number that exists
(`/tim/?q=05/BQL-KHTH`), search by words typed without diacritics, the register page (`/so-di/`,
page 1 or a later page), a document's page (`/van-ban/<doc_id>/`). p50/p95 per kind of request,
requests/s, errors (any answer but 200, or a page without what it must show). Then 4 clerks
issuing at once (POST /du-thao/<pk>/ban-hanh/ on approved drafts; real LibreOffice, signed).

Baselines measured in the same run: the same searches, register page data and document lookups
made directly through `docgen.services.office.Office` in this process, one at a time (the web
layer's own cost is the difference); the issue through `Office.issue_file` in 4 processes at once.

The archive: `archive_bench`'s synthetic catalogue rows (2015–2024), then this year's register
built as the issue service writes it (register row + catalogue row in one unit of work):
DOCGEN_BENCH_WEB_REGISTER rows (3,000: a busy agency's year), a few numbers reserved then
cancelled and a few Điều 18 corrections among them. The drafts to issue are made directly in the
application's tables (`Draft`, status `da_duyet`, `data` as the draft form stores it), by a child
process with Django configured for the archive (Django is configured once per process).

Simulated users wait between requests (a think time drawn uniformly in 0–2× DOCGEN_BENCH_WEB_THINK,
mean 1 s: a person reads the page before the next click); a second, shorter phase sends requests
flat out with the same 20 sessions (no think time), the server's capacity on this machine.

Knobs: DOCGEN_BENCH_WEB_SECONDS (60), DOCGEN_BENCH_WEB_FLAT_SECONDS (15; 0 skips),
DOCGEN_BENCH_WEB_ROWS (1,000,000), DOCGEN_BENCH_WEB_REGISTER (3,000), DOCGEN_BENCH_WEB_USERS (20),
DOCGEN_BENCH_WEB_THINK (1.0 s), DOCGEN_BENCH_WEB_ISSUES (8 per clerk; 0 skips the issue phase),
DOCGEN_BENCH_WEB_BACKENDS (`sqlite,postgresql`), DOCGEN_BENCH_DATABASE_URL (a PostgreSQL server
instead of a private cluster). Quick run: DOCGEN_BENCH_WEB_ROWS=20000 DOCGEN_BENCH_WEB_SECONDS=10
DOCGEN_BENCH_WEB_BACKENDS=sqlite python -m bench web. Everything listens on 127.0.0.1 only; the
server, its workers and the temporary directories are removed at the end, also on failure.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import http.cookiejar
import json
import math
import multiprocessing
import os
import random
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from multiprocessing.queues import Queue
from multiprocessing.synchronize import Barrier
from pathlib import Path
from typing import Any

from bench.report import Figure, backends_in

SECONDS = float(os.environ.get("DOCGEN_BENCH_WEB_SECONDS", "60"))
FLAT_SECONDS = float(os.environ.get("DOCGEN_BENCH_WEB_FLAT_SECONDS", "15"))
ROWS = int(os.environ.get("DOCGEN_BENCH_WEB_ROWS", "1000000"))
REGISTER_ROWS = int(os.environ.get("DOCGEN_BENCH_WEB_REGISTER", "3000"))
USERS = int(os.environ.get("DOCGEN_BENCH_WEB_USERS", "20"))
THINK = float(os.environ.get("DOCGEN_BENCH_WEB_THINK", "1.0"))
ISSUES = int(os.environ.get("DOCGEN_BENCH_WEB_ISSUES", "8"))
ONESHOT = int(os.environ.get("DOCGEN_BENCH_WEB_ONESHOT", "2"))
BACKENDS = tuple(
    b.strip() for b in os.environ.get("DOCGEN_BENCH_WEB_BACKENDS", "sqlite,postgresql").split(",")
)
WORKERS = 4
CLERKS = 4
TARGET_MS = 150.0  #: p95 of the search and register pages
ISSUE_TARGET_S = 1.5  #: p95 of the issue action, 4 clerks at once
WARMUP_S = 3.0  #: requests of the first seconds of each phase are not counted
TIMEOUT_S = 120.0  #: one request; a server that stops answering fails the run, not hangs it
PASSWORD = "bench-web-mat-khau-1"
KINDS = ("number", "words", "register", "document")
LABELS = {
    "number": "search by number (/tim/?q=05/BQL-KHTH)",
    "words": "search by words without diacritics (/tim/?q=…)",
    "register": "register page (/so-di/, page 1 or later)",
    "document": "document page (/van-ban/<doc_id>/)",
}
TARGETED = ("number", "words", "register")
#: word queries typed without diacritics (the words of archive_bench's trích yếu)
WORDS = (
    "xet chon san pham cong nghiep", "phong chay chua chay", "giai ngan von dau tu cong",
    "thu hut dau tu thang long", "chuyen doi so hoa lac", "quy hoach chi tiet noi bai",
    "cai cach hanh chinh", "bao ve moi truong", "an toan ve sinh lao dong quang minh",
    "ke hoach su dung dat", "xuc tien thuong mai", "thi dua khen thuong nam 2023",
)  # fmt: skip
#: (username, role, unit, signer): the records clerks, a leader, the author of the drafts
PEOPLE = (
    *((f"vanthu{i}", "van_thu", "VT", "") for i in range(1, CLERKS + 1)),
    ("lanhdao", "lanh_dao", "", "truong-ban"),
    ("chuyenvien", "chuyen_vien", "KHTH", ""),
)
READERS = tuple(p[0] for p in PEOPLE if p[1] in ("van_thu", "lanh_dao"))


# -- the archive --------------------------------------------------------------------------------


def build_year(store: Any, count: int, first_seq: int) -> dict[str, int]:
    """This year's outgoing register: `count` numbers of `hanh_chinh`, dated from 2 January to
    today, each issued row with its catalogue row in the same unit of work (as the issue service
    files them), 1 number in 400 reserved then cancelled, 1 row in 500 corrected (Điều 18) by the
    next; 500 numbers per transaction."""
    from bench.archive_bench import ACTIONS, PLACES, RECIPIENTS, SIGNERS, TOPICS, UNITS
    from docgen.archive import catalogue
    from docgen.archive.catalogue import CatalogueRow
    from docgen.model.kinds import Kind
    from docgen.model.register import (
        HANH_CHINH,
        Annotation,
        AnnotationKind,
        EntryKey,
        RegisterEntry,
    )

    rng = random.Random(15)
    today = store.today()
    year = today.year
    first = min(dt.date(year, 1, 2), today)
    span = (today - first).days
    backend = store.db.backend.name
    seq, done, issued, cancelled = first_seq, 0, [], 0
    while done < count:
        with store.unit_of_work() as uow:
            for _ in range(min(500, count - done)):
                day = first + dt.timedelta(days=done * span // count)
                done += 1
                unit = rng.choice(UNITS)
                subject = f"{rng.choice(ACTIONS)} {rng.choice(TOPICS)} {rng.choice(PLACES)}"
                if done % 400 == 0:
                    held = uow.reserve(HANH_CHINH, f"BQL-{unit}", kind=Kind.CONG_VAN,
                                       subject=subject, year=year)  # fmt: skip
                    uow.cancel(held.key, "văn bản không ban hành nữa")
                    cancelled += 1
                    continue
                number = uow.allocate(HANH_CHINH, year)
                symbol = f"BQL-{unit}"
                name = f"{number:02d}-{symbol}.pdf"
                signer = f"TRƯỞNG BAN, {rng.choice(SIGNERS)}"
                recipients = (rng.choice(RECIPIENTS),)
                entry = RegisterEntry(
                    year, HANH_CHINH, number, symbol, date=day, kind=Kind.CONG_VAN,
                    subject=subject, signer=signer, recipients=recipients, holders=("VT", unit),
                    files={name: "0" * 64},
                    source=hashlib.sha256(f"bench-{year}-{number}".encode()).hexdigest(),
                )  # fmt: skip
                uow.record_issue(entry)
                seq += 1
                row = CatalogueRow(
                    doc_id=f"di/{year}/{HANH_CHINH}/{number}", agency=store.agency,
                    direction="di", year=year, number=number, symbol=symbol, doc_date=day,
                    kind="cong-van", type_name="Công văn", subject=subject, signer=signer,
                    organ="Ban quản lý các khu công nghiệp và chế xuất Hà Nội",
                    recipients=recipients, holders=("VT", unit), urgency="", secrecy="",
                    folder=f"van-thu/{year}/van-ban-di/{HANH_CHINH}", metadata_sha="0" * 64,
                    files={name: "0" * 64}, signature="nguyen-ven", seq=seq,
                )  # fmt: skip
                uow.queue(catalogue.insert_statements(backend, row))
                issued.append(number)
            uow.commit()
    corrected = 0
    with store.unit_of_work() as uow:
        for index in range(250, len(issued) - 1, 500):
            target, by = issued[index], issued[index + 1]
            uow.annotate(
                Annotation(AnnotationKind.DINH_CHINH, EntryKey(year, HANH_CHINH, target),
                           by=EntryKey(year, HANH_CHINH, by), note="đính chính ngày ban hành",
                           date=today)
            )  # fmt: skip
            corrected += 1
        uow.commit()
    return {"year": year, "issued": len(issued), "cancelled": cancelled, "corrected": corrected}


@dataclass(frozen=True)
class Workload:
    """What the simulated users ask: documents that exist (their number and doc_id), the word
    queries, the register's year and pages."""

    documents: tuple[tuple[str, str], ...]  #: (doc_id, notation `05/BQL-KHTH`)
    year: int
    pages: int

    def request(self, kind: str, rng: random.Random) -> tuple[str, str]:
        """(path, a text the page must hold) of one request of `kind`."""
        if kind == "number":
            _, notation = rng.choice(self.documents)
            return f"/tim/?{urllib.parse.urlencode({'q': notation})}", notation
        if kind == "words":
            return f"/tim/?{urllib.parse.urlencode({'q': rng.choice(WORDS)})}", "/van-ban/"
        if kind == "register":
            page = 1 if rng.random() < 0.5 else rng.randint(1, self.pages)
            return ("/so-di/" if page == 1 else f"/so-di/?trang={page}"), "/BQL-"
        doc_id, notation = rng.choice(self.documents)
        return f"/van-ban/{doc_id}/", notation


def workload(store: Any, total: int, year: int, issued: int) -> Workload:
    """400 catalogued documents drawn at random (old years and this one)."""
    rng = random.Random(7)
    seqs = sorted(rng.sample(range(1, total + 1), min(400, total)))
    marks = ", ".join("?" for _ in seqs)
    rows = store.db.all(
        f"SELECT doc_id, number, symbol FROM documents WHERE seq IN ({marks}) ORDER BY seq", seqs
    )
    documents = tuple((str(d), f"{int(n):02d}/{s}") for d, n, s in rows)
    return Workload(documents, year, max(1, math.ceil(issued / 50)))


# -- the application's tables (a child process: Django is configured once per process) --------


def draft_data(index: int, today: dt.date, *, tag: str) -> dict[str, Any]:
    """A công văn as the draft form stores it (`forms.data_of` of the boxes a chuyên viên
    fills), one page, signed by the head (who has a signature image in the bench profile)."""
    from docgen.model.kinds import Kind
    from docgen.web.forms import data_of

    post = {
        "trich_yeu": f"cung cấp số liệu lao động trong các khu công nghiệp, {tag} số {index + 1}",
        "kinh_gui": "Công ty TNHH Phát triển Khu công nghiệp Thăng Long\n"
        "Công ty Cổ phần Đầu tư và Phát triển Khu công nghiệp Quang Minh",
        "noi_dung": "Để tổng hợp báo cáo Ủy ban nhân dân Thành phố về tình hình lao động trong "
        "các khu công nghiệp, Ban Quản lý đề nghị các Công ty cung cấp số liệu lao động quý IV "
        "của các doanh nghiệp trong khu công nghiệp do Công ty quản lý.\n"
        "Văn bản gửi về Ban Quản lý (qua Phòng Kế hoạch tổng hợp) trước ngày 10 tháng sau.",
        "nguoi_ky": "truong-ban",
        "noi_nhan": "Trưởng ban (để báo cáo)",
        "nhu_tren": "on",
    }
    return data_of(post, Kind.CONG_VAN, unit="KHTH", today=today, lists={"luu": ["KHTH"]})


def prepare_child(arguments: dict[str, Any]) -> None:
    """`python -m bench.web_bench prepare JSON`: migrate the application's tables into the
    archive's database, create the people (`PEOPLE`) and `drafts` approved drafts; prints the
    drafts' primary keys as JSON."""
    from docgen.web.config import WebConfig, migrate, setup

    setup(WebConfig(Path(arguments["profile"]), Path(arguments["archive"]), arguments["url"]))
    migrate()
    from docgen.services.settings import now_vietnam
    from docgen.web.models import DA_DUYET, Draft
    from docgen.web.users import create_user

    digest_of: Callable[[Any], str] | None = None
    with contextlib.suppress(ImportError):  # the digest of the content a leader approved
        from docgen.web.approval import digest_of

    users = {
        name: create_user(name, PASSWORD, role=role, unit=unit, signer_key=signer,
                          check_password=False)
        for name, role, unit, signer in PEOPLE
    }  # fmt: skip
    today = now_vietnam().date()
    pks = []
    for index in range(arguments["drafts"]):
        data = draft_data(index, today, tag="dự thảo web")
        made = Draft.objects.create(
            author=users["chuyenvien"], unit="KHTH", kind="cong-van", subject=data["trich_yeu"],
            data=data, status=DA_DUYET,
        )  # fmt: skip
        if digest_of is not None:  # approved as it is: the content issued is the one approved
            made.approved_digest = digest_of(made)
            made.save(update_fields=["approved_digest"])
        pks.append(made.pk)
    print(json.dumps(pks))


def prepare(profile: Path, root: Path, url: str | None, drafts: int) -> list[int]:
    done = subprocess.run(
        [sys.executable, "-m", "bench.web_bench", "prepare",
         json.dumps({"profile": str(profile), "archive": str(root), "url": url,
                     "drafts": drafts})],
        capture_output=True, text=True, timeout=600, check=False, cwd=_repo(),
    )  # fmt: skip
    if done.returncode != 0:
        raise RuntimeError(f"preparing the application's tables failed:\n{done.stderr[-3000:]}")
    pks: list[int] = json.loads(done.stdout.strip().splitlines()[-1])
    return pks


def _repo() -> Path:
    return Path(__file__).resolve().parents[1]


# -- the server ---------------------------------------------------------------------------------


def _tree(pid: int) -> list[int]:
    """`pid` and every process below it (its workers, their LibreOffice)."""
    found, pending = [], [pid]
    while pending:
        current = pending.pop()
        found.append(current)
        with contextlib.suppress(OSError, ValueError):
            for task in Path(f"/proc/{current}/task").iterdir():
                pending.extend(int(c) for c in (task / "children").read_text().split())
    return found


def _cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of `pid` and every process below it, with their waited-for
    children's (0 when it is gone)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for current in _tree(pid):
        try:
            stat = Path(f"/proc/{current}/stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        total += (int(fields[11]) + int(fields[12]) + int(fields[13]) + int(fields[14])) / ticks
    return total


def _machine_busy() -> tuple[float, float]:
    """(busy, total) jiffies of every core since boot (/proc/stat)."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + values[4]
    total = sum(values[:8])
    return total - idle, total


@dataclass
class Server:
    url: str
    process: subprocess.Popen[bytes]
    log: Path

    def cpu(self) -> float:
        return _cpu_seconds(self.process.pid)

    def rss_mb(self) -> dict[str, float]:
        """Resident memory of the server's processes (MB, each process's own RSS added up):
        gunicorn's and LibreOffice's apart."""
        out = {"gunicorn": 0.0, "libreoffice": 0.0}
        for pid in _tree(self.process.pid):
            try:
                status = Path(f"/proc/{pid}/status").read_text()
                command = Path(f"/proc/{pid}/cmdline").read_bytes()
            except OSError:
                continue
            found = re.search(r"^VmRSS:\s+(\d+) kB", status, re.M)
            if found is None:
                continue
            served = b"docgen\x00web" in command  # the master and its forked workers
            out["gunicorn" if served else "libreoffice"] += int(found[1]) / 1024
        return out


@contextlib.contextmanager
def serving(profile: Path, root: Path, url: str | None, log: Path) -> Iterator[Server]:
    """`python -m docgen web` with 4 workers on a free 127.0.0.1 port, until the block ends; its
    process group (master, workers, their LibreOffice) is stopped then, also on failure."""
    from tests.integration.pg import free_port

    port = free_port()
    env = {**os.environ, "DOCGEN_WEB_SECRET_KEY": "bench-web-secret-key-not-for-production"}
    for name in ("DOCGEN_ARCHIVE", "DOCGEN_DATABASE_URL", "DOCGEN_PROFILE", "DOCGEN_WEB_HTTPS"):
        env.pop(name, None)
    command = [
        sys.executable, "-m", "docgen", "web", "--profile", str(profile), "--archive", str(root),
        *(["--database-url", url] if url else []),
        "--host", "127.0.0.1", "--port", str(port), "--workers", str(WORKERS),
    ]  # fmt: skip
    with log.open("wb") as out:
        process = subprocess.Popen(
            command, cwd=_repo(), env=env, stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        server = Server(f"http://127.0.0.1:{port}", process, log)
        try:
            deadline = time.monotonic() + 180
            while True:
                try:
                    urllib.request.urlopen(f"{server.url}/dang-nhap/", timeout=5).read()
                    break
                except OSError:
                    if process.poll() is not None or time.monotonic() > deadline:
                        raise RuntimeError(
                            f"the server did not start:\n{log.read_text('utf-8', 'replace')[-3000:]}"
                        ) from None
                    time.sleep(0.3)
            yield server
        except BaseException:
            _stop(process)
            text = log.read_text("utf-8", "replace")
            print(f"server log (last lines):\n{text[-4000:]}", file=sys.stderr)
            raise
        finally:
            _stop(process)


def _stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM to the server's own process group (gunicorn stops its workers), SIGKILL after
    30 s."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=30)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)  # a worker left behind by its master


# -- the simulated users ------------------------------------------------------------------------


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer of its own (the issue's 302 is timed alone, not with the page it
    leads to)."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


class Session:
    """One person's browser: its own cookies (session, CSRF), one request at a time."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect()
        )

    def request(self, path: str, form: dict[str, str] | None = None) -> tuple[int, bytes, str]:
        """(status, body, Location) of GET `path`, or POST `form` to it."""
        data = urllib.parse.urlencode(form).encode() if form is not None else None
        request = urllib.request.Request(self.base + path, data=data)
        try:
            with self.opener.open(request, timeout=TIMEOUT_S) as answer:
                return answer.status, answer.read(), answer.headers.get("Location", "")
        except urllib.error.HTTPError as error:
            return error.code, error.read(), error.headers.get("Location", "")

    def csrf(self) -> str:
        return next(c.value for c in self.jar if c.name == "csrftoken" and c.value)

    def login(self, username: str) -> None:
        """The login page's form, then the POST with its CSRF token (as a browser does)."""
        status, body, _ = self.request("/dang-nhap/")
        found = _TOKEN.search(body)
        if status != 200 or found is None:
            raise RuntimeError(f"login page: {status}")
        form = {"csrfmiddlewaretoken": found[1].decode(), "username": username,
                "password": PASSWORD}  # fmt: skip
        status, _, location = self.request("/dang-nhap/", form)
        if status != 302 or location != "/":
            raise RuntimeError(f"login of {username} refused: {status} {location}")


@dataclass
class Tally:
    """Latencies (ms) of the counted requests by kind, and the requests that failed."""

    times: dict[str, list[float]] = field(default_factory=lambda: {k: [] for k in KINDS})
    errors: dict[str, int] = field(default_factory=lambda: {k: 0 for k in KINDS})
    examples: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: str, ms: float, problem: str) -> None:
        with self.lock:
            self.times[kind].append(ms)
            if problem:
                self.errors[kind] += 1
                if len(self.examples) < 10:
                    self.examples.append(problem)


def _user(
    session: Session, work: Workload, tally: Tally, start: float, end: float, think: float,
    seed: int, stop: threading.Event,
) -> None:  # fmt: skip
    rng = random.Random(seed)
    turn = seed  # each user goes round the four kinds, from its own place in the round
    while True:
        now = time.perf_counter()
        if now >= end or stop.is_set():
            return
        kind = KINDS[turn % len(KINDS)]
        turn += 1
        path, expected = work.request(kind, rng)
        began = time.perf_counter()
        try:
            status, body, _ = session.request(path)
            problem = "" if status == 200 else f"{status} {path}"
            if not problem and expected.encode() not in body:
                problem = f"200 without {expected!r}: {path}"
        except OSError as error:
            status, problem = 0, f"{error} {path}"
        took = time.perf_counter() - began
        if began >= start:
            tally.add(kind, took * 1000, problem)
        if think > 0:
            stop.wait(min(rng.uniform(0, 2 * think), max(0.0, end - time.perf_counter())))


def summary(values: list[float]) -> dict[str, float]:
    """n, p50, p95, mean of `values` (nearest rank)."""
    if not values:
        return {"n": 0, "p50": 0.0, "p95": 0.0, "mean": 0.0}
    ordered = sorted(values)

    def rank(q: float) -> float:
        return ordered[max(0, math.ceil(q * len(ordered)) - 1)]

    return {"n": len(ordered), "p50": rank(0.5), "p95": rank(0.95),
            "mean": statistics.fmean(ordered)}  # fmt: skip


def issued(times: list[float], problems: list[str], wall: float) -> dict[str, Any]:
    """The figures of an issue phase: `summary` of the times (s), its wall clock, the failures."""
    return {**summary(times), "wall_s": wall, "errors": len(problems), "examples": problems[:10],
            "times": times}  # fmt: skip


def load(
    server: Server, sessions: list[Session], work: Workload, seconds: float, think: float,
    stop: threading.Event | None = None,
) -> dict[str, Any]:  # fmt: skip
    """Every session a simulated user for `seconds` (after WARMUP_S uncounted), or until
    `stop` is set."""
    tally = Tally()
    stop = stop or threading.Event()
    begun = time.perf_counter()
    start, end = begun + WARMUP_S, begun + WARMUP_S + seconds
    cpu_before: float | None = None
    threads = [
        threading.Thread(
            target=_user, args=(s, work, tally, start, end, think, i, stop), daemon=True
        )
        for i, s in enumerate(sessions)
    ]
    for thread in threads:
        thread.start()
    time.sleep(max(0.0, start - time.perf_counter()))
    cpu_before, busy_before, client_before = server.cpu(), _machine_busy(), time.process_time()
    loadavg = os.getloadavg()[0]
    for thread in threads:
        thread.join(timeout=seconds + WARMUP_S + TIMEOUT_S + 30)
    measured = min(time.perf_counter(), end) - start
    cpu, busy, client = server.cpu(), _machine_busy(), time.process_time()
    count = sum(len(v) for v in tally.times.values())
    return {
        "seconds": measured,
        "think_s": think,
        "requests": count,
        "per_s": count / measured,
        "kinds": {k: summary(v) for k, v in tally.times.items()},
        "all": summary([t for v in tally.times.values() for t in v]),
        "errors": dict(tally.errors),
        "error_examples": tally.examples,
        "server_cpu_ms_per_request": (cpu - cpu_before) * 1000 / max(count, 1),
        "client_cpu_ms_per_request": (client - client_before) * 1000 / max(count, 1),
        "machine_busy": (busy[0] - busy_before[0]) / max(busy[1] - busy_before[1], 1),
        "load_average_before": loadavg,
    }


def issue_web(
    server: Server, clerks: list[Session], drafts: list[int], *, rounds: bool = False
) -> dict[str, Any]:
    """The clerks issue their share of `drafts` at once: each one after the other (`rounds`
    False: back to back, the register never idle), or in rounds (all clerks press at the same
    moment, then wait for each other). The time of each POST /du-thao/<pk>/ban-hanh/ until its
    redirect to the issued document."""
    times: list[float] = []
    problems: list[str] = []
    lock = threading.Lock()
    barrier = threading.Barrier(len(clerks))

    def clerk(session: Session, mine: list[int]) -> None:
        barrier.wait()
        for pk in mine:
            if rounds:
                barrier.wait()
            began = time.perf_counter()
            status, body, location = session.request(
                f"/du-thao/{pk}/ban-hanh/", {"csrfmiddlewaretoken": session.csrf()}
            )
            took = time.perf_counter() - began
            with lock:
                times.append(took)
                if status != 302 or "/van-ban/" not in location:
                    text = body.decode("utf-8", "replace")
                    found = re.search(r'class="error[^"]*"[^>]*>(.*?)<', text, re.S)
                    problems.append(f"{pk}: {status} {found[1].strip() if found else location}")

    threads = [
        threading.Thread(target=clerk, args=(s, drafts[i :: len(clerks)]), daemon=True)
        for i, s in enumerate(clerks)
    ]
    begun = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=3600)
    wall = time.perf_counter() - begun
    return issued(times, problems, wall)


def issue_with_readers(
    server: Server, clerks: list[Session], drafts: list[int], readers: list[Session],
    work: Workload,
) -> dict[str, Any]:  # fmt: skip
    """The clerks issue back to back while the simulated users (think time) read: how long
    each waits for the other (on SQLite every page writes the access log, and a write waits
    while an issue holds the database)."""
    stop = threading.Event()
    out: dict[str, Any] = {}

    def read() -> None:
        out["readers"] = load(server, readers, work, 3600.0, THINK, stop=stop)

    thread = threading.Thread(target=read, daemon=True)
    thread.start()
    time.sleep(WARMUP_S + 1)
    out["issue"] = issue_web(server, clerks, drafts)
    stop.set()
    thread.join(timeout=TIMEOUT_S + 60)
    return out


# -- the baselines: the same work through docgen.services.office.Office --------------------------


def register_page_data(office: Any, year: int, page: int) -> Any:
    """What the register view reads from the office for one page with nothing typed in the
    filter box (the rows it shows, their count): the same calls the view makes."""
    from django.core.paginator import Paginator

    keys = office.book_keys(year, None, secret_allowed=True)
    shown = Paginator(keys, 50).get_page(page)
    return office.book_page(year, None, list(shown.object_list)), len(keys)


def whole_book_page(office: Any, year: int, page: int) -> Any:
    """What the register view read before it read a page alone: the whole year folded
    (`Office.book`), then one page of it (kept as the figure of the change)."""
    from django.core.paginator import Paginator

    rows = list(office.book(year, None).rows)
    return Paginator(rows, 50).get_page(page), len(rows)


def direct(office: Any, work: Workload, rounds: int = 150) -> dict[str, dict[str, float]]:
    """The users' requests through the office, one at a time, in this process (after one
    uncounted round): p50/p95 per kind; `register_book`: the register page's data as the view
    read it before (the whole year folded)."""
    rng = random.Random(11)
    calls: dict[str, Callable[[], Any]] = {
        "number": lambda: office.search(rng.choice(work.documents)[1], secret_allowed=True),
        "words": lambda: office.search(rng.choice(WORDS), secret_allowed=True),
        "register": lambda: register_page_data(
            office, work.year, 1 if rng.random() < 0.5 else rng.randint(1, work.pages)
        ),
        "document": lambda: office.document(rng.choice(work.documents)[0]),
        "register_book": lambda: whole_book_page(
            office, work.year, 1 if rng.random() < 0.5 else rng.randint(1, work.pages)
        ),
    }
    times: dict[str, list[float]] = {k: [] for k in calls}
    for round_ in range(rounds + 1):
        for kind, call in calls.items():
            began = time.perf_counter()
            call()
            if round_:
                times[kind].append((time.perf_counter() - began) * 1000)
    return {k: summary(v) for k, v in times.items()}


def _issue_child(
    profile: str, root: str, url: str | None, paths: list[str], resident: bool,
    barrier: Barrier, out: Queue[Any],
) -> None:  # fmt: skip
    from bench.e2e_support import quiet
    from docgen.services.office import Office, preload

    quiet()  # pyHanko's path-building tracebacks, silenced as `docgen issue` does
    office = Office(Path(profile), Path(root), url)
    office.store  # noqa: B018  (opened before the start, as a server worker's is)
    if resident:  # as a server worker: the signing stack imported, LibreOffice resident
        preload()
        office.keep_converter()
        office._converter()  # waits until it has started
    times, problems = [], []
    barrier.wait()
    for path in paths:
        began = time.perf_counter()
        try:
            office.issue_file(Path(path))
        except Exception as error:  # reported, not raised: the other clerks go on
            problems.append(f"{Path(path).name}: {error}")
        times.append(time.perf_counter() - began)
    office.close()
    out.put((times, problems))


def issue_direct(
    profile: Path, root: Path, url: str | None, folder: Path, count: int, *, resident: bool
) -> dict[str, Any]:
    """`count` drafts (the same form data as the web's, another trích yếu) issued through
    `Office.issue_file` by CLERKS processes at once, each one after the other: with `resident`,
    each office as a server worker's (`keep_converter`, `preload`); without, as `docgen issue`
    runs (one soffice per document)."""
    import yaml

    from docgen.services.settings import now_vietnam

    folder.mkdir(parents=True, exist_ok=True)
    today = now_vietnam().date()
    paths = []
    for index in range(count):
        path = folder / f"du-thao-{index}.yaml"
        data = draft_data(index, today, tag=f"dự thảo đo trực tiếp {folder.name}")
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=True), "utf-8")
        paths.append(str(path))
    spawn = multiprocessing.get_context("spawn")
    barrier, out = spawn.Barrier(CLERKS + 1), spawn.Queue()
    children = [
        spawn.Process(target=_issue_child,
                      args=(str(profile), str(root), url, paths[i::CLERKS], resident,
                            barrier, out))
        for i in range(CLERKS)
    ]  # fmt: skip
    for child in children:
        child.start()
    try:
        barrier.wait(timeout=300)
        begun = time.perf_counter()
        results = [out.get(timeout=3600) for _ in children]
        wall = time.perf_counter() - begun
    finally:
        for child in children:
            child.join(timeout=60)
            if child.is_alive():
                child.kill()
    return issued([t for ts, _ in results for t in ts], [p for _, ps in results for p in ps], wall)


# -- one backend ----------------------------------------------------------------------------------


class Phases:
    """Seconds each phase of a run took, by label: `phase = Phases()`, then `with phase("…"):`."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    @contextlib.contextmanager
    def __call__(self, label: str) -> Iterator[None]:
        began = time.perf_counter()
        try:
            yield
        finally:
            self.since(label, began)

    def since(self, label: str, began: float) -> None:
        self.seconds[label] = time.perf_counter() - began


def measure(fix: Any, url: str | None, base: Path) -> dict[str, Any]:
    from bench import archive_bench
    from docgen.archive import open_register
    from docgen.services.office import Office

    root = base / "archive"
    phase = Phases()
    result: dict[str, Any] = {"timings_s": phase.seconds}
    with open_register(root, "BQL", database_url=url) as store:
        with phase("build catalogue"):
            archive_bench.build(store, ROWS)
        with phase("build this year's register"):
            year = result["register"] = build_year(store, REGISTER_ROWS, ROWS)
        total = result["documents"] = int(store.db.one("SELECT count(*) FROM documents")[0])
        work = workload(store, total, year["year"], year["issued"] + year["cancelled"])
    with phase("users and drafts (Django child)"):
        drafts = prepare(fix.profile, root, url, 3 * CLERKS * ISSUES)
    with phase("baseline: Office, one at a time"):
        office = Office(fix.profile, root, url)
        try:
            result["direct"] = direct(office, work)
        finally:
            office.close()
    began = time.perf_counter()
    with serving(fix.profile, root, url, base / "server.log") as server:
        phase.since("server start", began)
        with phase("log in"):
            sessions = [Session(server.url) for _ in range(USERS)]
            for index, session in enumerate(sessions):
                session.login(READERS[index % len(READERS)])
        with phase("web: users with think time"):
            result["web"] = load(server, sessions, work, SECONDS, THINK)
        if FLAT_SECONDS > 0:
            with phase("web: flat out"):
                result["flat"] = load(server, sessions, work, FLAT_SECONDS, 0.0)
        result["rss_mb_reading"] = server.rss_mb()
        if ISSUES > 0:
            share = CLERKS * ISSUES
            clerks = [Session(server.url) for _ in range(CLERKS)]
            for index, clerk in enumerate(clerks):
                clerk.login(f"vanthu{index + 1}")
            with phase("web: issue, back to back"):
                result["issue_web"] = issue_web(server, clerks, drafts[:share])
            with phase("web: issue, in rounds"):
                result["issue_rounds"] = issue_web(
                    server, clerks, drafts[share : 2 * share], rounds=True
                )
            with phase("web: issue with readers"):
                mixed = issue_with_readers(server, clerks, drafts[2 * share :], sessions, work)
            result["issue_readers"], result["readers_issuing"] = mixed["issue"], mixed["readers"]
            result["rss_mb_issued"] = server.rss_mb()
        began = time.perf_counter()
    phase.since("server stop", began)
    if ISSUES > 0:
        baselines = [("issue_direct", "resident LibreOffice", CLERKS * ISSUES, True)]
        if ONESHOT > 0:
            baselines.append(("issue_oneshot", "one soffice each", CLERKS * ONESHOT, False))
        for key, how, count, resident in baselines:
            with phase(f"baseline: issue through Office, {how}"):
                result[key] = issue_direct(
                    fix.profile, root, url, base / key, count, resident=resident
                )
    return result


def run() -> dict[str, Any]:
    from bench import e2e_support
    from bench.register_bench import postgres

    results: dict[str, Any] = {
        "rows": ROWS, "register_rows": REGISTER_ROWS, "users": USERS, "workers": WORKERS,
        "seconds": SECONDS, "think_s": THINK, "clerks": CLERKS, "issues_per_clerk": ISSUES,
        "cores": os.cpu_count(),
    }  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="docgen-web-bench-") as scratch:
        base = Path(scratch)
        fix = e2e_support.fixture(base / "fixture")  # signing profile: test PKI, seal, images
        if "sqlite" in BACKENDS:
            (base / "sqlite").mkdir()
            results["sqlite"] = measure(fix, None, base / "sqlite")
        if "postgresql" in BACKENDS:
            with postgres() as url:
                if url is not None:
                    (base / "postgresql").mkdir()
                    results["postgresql"] = measure(fix, url, base / "postgresql")
    return results


# -- the report -----------------------------------------------------------------------------------


def to_figures(raw: dict[str, Any]) -> list[Figure]:
    figures = []
    for backend in backends_in(raw):
        r = raw[backend]
        size = f"{r['documents']:,} documents, {backend}"
        web, base = r["web"]["kinds"], r["direct"]
        for kind in KINDS:
            targeted = kind in TARGETED
            figures.append(
                Figure(
                    f"web: {LABELS[kind]}, p95, {raw['users']} users, {size}",
                    "ms/request",
                    web[kind]["p95"],
                    base[kind]["p95"],
                    "the same through Office, one at a time",
                    target=f"<= {TARGET_MS:g} ms" if targeted else "",
                    met=web[kind]["p95"] <= TARGET_MS if targeted else None,
                )
            )
            figures.append(
                Figure(
                    f"web: {LABELS[kind]}, p50, {raw['users']} users, {size}",
                    "ms/request",
                    web[kind]["p50"],
                    base[kind]["p50"],
                    "the same through Office, one at a time",
                )
            )
        errors = sum(r["web"]["errors"].values())
        figures.append(
            Figure(
                f"web: requests that failed (any answer but 200), {size}",
                "requests",
                float(errors),
                target="0",
                met=errors == 0,
            )
        )
        if "flat" in r:
            figures.append(
                Figure(
                    f"web: requests/s flat out, {raw['users']} sessions without think time, {size}",
                    "requests/s",
                    r["flat"]["per_s"],
                    better="higher",
                )
            )
        if "issue_web" in r:
            issued, alone = r["issue_web"], r["issue_direct"]
            what = f"issue an approved draft (POST …/ban-hanh/), {raw['clerks']} clerks at once"
            figures.append(
                Figure(
                    f"web: {what}, each one after the other, real LibreOffice, signed, p95, "
                    f"{backend}",
                    "s/issue",
                    issued["p95"],
                    alone["p95"],
                    f"Office.issue_file, {raw['clerks']} processes, resident LibreOffice",
                    target=f"<= {ISSUE_TARGET_S:g} s",
                    met=issued["p95"] <= ISSUE_TARGET_S and issued["errors"] == 0,
                )
            )
            rounds = r["issue_rounds"]
            figures.append(
                Figure(
                    f"web: {what}, in rounds (all press at the same moment), p95, {backend}",
                    "s/issue",
                    rounds["p95"],
                    target=f"<= {ISSUE_TARGET_S:g} s",
                    met=rounds["p95"] <= ISSUE_TARGET_S and rounds["errors"] == 0,
                )
            )
            if "issue_oneshot" in r:
                figures.append(
                    Figure(
                        f"issue through Office.issue_file as `docgen issue` runs it (one soffice "
                        f"a document), {raw['clerks']} processes at once, p95, {backend}",
                        "s/issue",
                        r["issue_oneshot"]["p95"],
                    )
                )
            reading = r["readers_issuing"]["kinds"]
            for kind in KINDS:
                figures.append(
                    Figure(
                        f"web: {LABELS[kind]}, p95, while {raw['clerks']} clerks issue, {backend}",
                        "ms/request",
                        reading[kind]["p95"],
                        web[kind]["p95"],
                        "the same while nobody issues",
                    )
                )
    return figures


def report(raw: dict[str, Any]) -> None:
    print(
        f"web: {raw['users']} users ({raw['think_s']:g} s mean think time), {raw['workers']} "
        f"gunicorn workers, {raw['seconds']:g} s, {raw['cores']} cores; p50/p95 ms"
    )
    for backend in backends_in(raw):
        r = raw[backend]
        reg = r["register"]
        print(
            f"\n{backend}: {r['documents']:,} documents; register {reg['year']}: "
            f"{reg['issued']:,} issued, {reg['cancelled']} cancelled, {reg['corrected']} corrected"
        )
        for phase in ("web", "flat"):
            if phase not in r:
                continue
            w = r[phase]
            print(
                f"  {'with think time' if phase == 'web' else 'flat out'}: {w['requests']:,} "
                f"requests, {w['per_s']:.1f}/s, server CPU {w['server_cpu_ms_per_request']:.1f} "
                f"ms/request, client {w['client_cpu_ms_per_request']:.1f}, machine "
                f"{w['machine_busy']:.0%} busy (load average before "
                f"{w['load_average_before']:.1f}), errors {sum(w['errors'].values())}"
            )
            for example in w["error_examples"][:5]:
                print(f"    error: {example}")
        print(f"  {'request':<52}{'web p50':>9}{'p95':>8}{'Office p50':>12}{'p95':>8}"
              f"{'flat p95':>10}  target")  # fmt: skip
        for kind in KINDS:
            w, d = r["web"]["kinds"][kind], r["direct"][kind]
            flat = f"{r['flat']['kinds'][kind]['p95']:>10.1f}" if "flat" in r else f"{'—':>10}"
            verdict = ""
            if kind in TARGETED:
                verdict = f"<= {TARGET_MS:g}: " + ("met" if w["p95"] <= TARGET_MS else "MISSED")
            print(
                f"  {LABELS[kind]:<52}{w['p50']:>9.1f}{w['p95']:>8.1f}{d['p50']:>12.2f}"
                f"{d['p95']:>8.2f}{flat}  {verdict}"
            )
        book = r["direct"]["register_book"]
        print(
            f"  register page's data as read before (Office.book: the whole year folded): "
            f"p50 {book['p50']:.1f} ms, p95 {book['p95']:.1f} ms"
        )
        if "issue_web" in r:
            for name, key in (
                ("web, back to back", "issue_web"),
                ("web, in rounds (all press at once)", "issue_rounds"),
                ("web, back to back, users reading", "issue_readers"),
                ("Office.issue_file, resident LibreOffice", "issue_direct"),
                ("Office.issue_file, one soffice each", "issue_oneshot"),
            ):
                if key not in r:
                    continue
                i = r[key]
                print(
                    f"  issue, {raw['clerks']} at once, {name}: {i['n']} issues in "
                    f"{i['wall_s']:.1f} s, p50 {i['p50']:.2f} s, p95 {i['p95']:.2f} s, "
                    f"max {max(i['times'], default=0):.2f} s, errors {i['errors']}"
                )
                for example in i["examples"][:3]:
                    print(f"    error: {example}")
            for name, key in (("back to back", "issue_web"), ("in rounds", "issue_rounds")):
                met = r[key]["p95"] <= ISSUE_TARGET_S and not r[key]["errors"]
                verdict = "met" if met else "MISSED" + (" (errors)" if r[key]["errors"] else "")
                print(f"  issue target p95 <= {ISSUE_TARGET_S:g} s, {name}: {verdict}")
            reading = r["readers_issuing"]
            print(
                f"  users reading while the clerks issue: {reading['requests']} requests, errors "
                f"{sum(reading['errors'].values())}; p50/p95 ms: "
                + ", ".join(
                    f"{kind} {reading['kinds'][kind]['p50']:.0f}/{reading['kinds'][kind]['p95']:.0f}"
                    for kind in KINDS
                )
            )
        for key, when in (("rss_mb_reading", "after reading"), ("rss_mb_issued", "after issuing")):
            if key in r:
                rss = r[key]
                print(
                    f"  server memory {when}: gunicorn {rss['gunicorn']:.0f} MB, LibreOffice "
                    f"{rss['libreoffice']:.0f} MB (each process's RSS added up)"
                )
        print("  time: " + ", ".join(f"{k} {v:.0f} s" for k, v in r["timings_s"].items()))


def main() -> None:
    raw = run()
    report(raw)
    if os.environ.get("DOCGEN_BENCH_WEB_DUMP"):
        Path(os.environ["DOCGEN_BENCH_WEB_DUMP"]).write_text(json.dumps(raw, indent=1), "utf-8")


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "prepare":
        prepare_child(json.loads(sys.argv[2]))
    else:
        main()

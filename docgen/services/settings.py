"""Where docgen finds its profile, templates and archive: command-line options, then DOCGEN_* variables,
then defaults. The only module that reads the environment."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
REPO_ROOT = Path(__file__).resolve().parents[2]


def profile_path(option: Path | None) -> Path:
    """`--profile`, else DOCGEN_PROFILE, else ./docgen.toml."""
    if option is not None:
        return option
    env = os.environ.get("DOCGEN_PROFILE")
    return Path(env) if env else Path("docgen.toml")


def templates_dir() -> Path:
    """DOCGEN_TEMPLATES, else the checkout's templates/official."""
    env = os.environ.get("DOCGEN_TEMPLATES")
    return Path(env) if env else REPO_ROOT / "templates" / "official"


def archive_root(option: Path | None, configured: str = "") -> Path:
    """`--archive`, else DOCGEN_ARCHIVE, else the profile's `[archive] path` (`configured`), else
    ./archive."""
    if option is not None:
        return option
    env = os.environ.get("DOCGEN_ARCHIVE")
    if env:
        return Path(env)
    return Path(configured) if configured else Path("archive")


def now_vietnam() -> dt.datetime:
    """The current time in Vietnam (ND30 dates and the register's year follow it, not UTC)."""
    return dt.datetime.now(VIETNAM)


def database_url(option: str | None, configured: str = "") -> str | None:
    """`--database-url`, else DOCGEN_DATABASE_URL, else the profile's `[archive] database_url`
    (`configured`); None means SQLite in the archive root."""
    return option or os.environ.get("DOCGEN_DATABASE_URL") or configured or None


def crash_step() -> str | None:
    """Fault injection for the crash-safety tests: DOCGEN_TEST_CRASH_AT names an issue step at which
    the process kills itself (SIGKILL). Never set in normal use."""
    return os.environ.get("DOCGEN_TEST_CRASH_AT") or None


def secret(name: str) -> str | None:
    """A secret (the signing key's password) from the environment variable `name`; never logged."""
    return os.environ.get(name) or None


def web_https() -> bool:
    """DOCGEN_WEB_HTTPS=1: the web application is served behind HTTPS (secure cookies, HSTS)."""
    return os.environ.get("DOCGEN_WEB_HTTPS", "") in {"1", "true", "yes"}


def current_user() -> str:
    """DOCGEN_USER: who runs a `docgen den` step at the command line when `--boi` is not given
    (a user name of the web application's people)."""
    return os.environ.get("DOCGEN_USER", "").strip()


def register_clock() -> Callable[[], dt.datetime]:
    """The register's clock: the real one, or — for the browser tests, which must not depend on
    the real date — the instant written in the file DOCGEN_TEST_CLOCK (ISO 8601 with a time zone),
    read again at every call so a test can move time while the server runs; while that file
    does not exist (or is empty), the real clock (a shared test server runs other tests on the
    real date between those that set it). Never set in normal use."""
    from docgen.archive.register import system_clock

    path = os.environ.get("DOCGEN_TEST_CLOCK")
    if not path:
        return system_clock
    file = Path(path)

    def test_clock() -> dt.datetime:
        try:
            text = file.read_text("utf-8").strip()
        except FileNotFoundError:
            text = ""
        return dt.datetime.fromisoformat(text) if text else system_clock()

    return test_clock


def ocr_options() -> tuple[str, str, int, bool]:
    """OCR of scanned PDFs (docs/records/ocr.md): the ocrmypdf program (DOCGEN_OCRMYPDF, default
    `ocrmypdf` on the PATH, "off" to file scans without OCR), Tesseract's language
    (DOCGEN_OCR_LANG, default `vie`), the pages recognised at once (DOCGEN_OCR_JOBS, default
    the machine's cores) and whether pages are straightened first (DOCGEN_OCR_DESKEW, default
    on; "0" keeps an unsigned scan's images exactly as scanned)."""
    jobs = os.environ.get("DOCGEN_OCR_JOBS", "")
    count = int(jobs) if jobs.isdigit() and int(jobs) > 0 else (os.cpu_count() or 1)
    return (
        os.environ.get("DOCGEN_OCRMYPDF", "") or "ocrmypdf",
        os.environ.get("DOCGEN_OCR_LANG", "") or "vie",
        count,
        os.environ.get("DOCGEN_OCR_DESKEW", "1").strip().lower() not in {"0", "off", "no", "false"},
    )


def ocr_workers() -> int:
    """How many OCR jobs `docgen ocr work` runs at once (DOCGEN_OCR_WORKERS, default 2): a scan
    of one or two pages keeps only one or two of ocrmypdf's `--jobs` busy, so on 2 cores one
    job at a time leaves a core idle between the pages of a document (bench/ocr_bench.py)."""
    workers = os.environ.get("DOCGEN_OCR_WORKERS", "")
    return int(workers) if workers.isdigit() and int(workers) > 0 else 2


def use_softhsm(conf: Path) -> None:
    """Point SoftHSM2 (the demo's and the tests' software token) at `conf` for this process and
    the processes it starts; must run before the PKCS#11 module is first loaded."""
    os.environ["SOFTHSM2_CONF"] = str(conf)

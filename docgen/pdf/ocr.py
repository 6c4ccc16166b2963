"""OCR of scanned PDFs: which pages are scans, and ocrmypdf (Tesseract) run on a file.

`scanned_pages` finds the pages that paint an image and carry no text: a scan. `run_ocr` runs
the `ocrmypdf` program on a file (`OcrEngine`: the program, Tesseract's language, how many pages
at once) with `--output-type pdf --optimize 0 --skip-text`, so the pages' images are kept as
they are, pages that already have text are left alone, and only an invisible text layer is
added; the recognised text comes from ocrmypdf's sidecar, page by page. Page progress reaches
the caller through the plugin `docgen/pdf/ocr_progress.py`, which ocrmypdf loads itself.

Nothing here reads settings or the environment beyond the program's PATH lookup: the services
hand in the engine. The source file is never changed.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docgen.errors import ConversionError, InputError, SystemDependencyError

#: the ocrmypdf plugin that reports page progress (loaded by ocrmypdf from this path)
PLUGIN = Path(__file__).with_name("ocr_progress.py")
PROGRESS_PREFIX = "DOCGEN-OCR-PROGRESS "  #: as `ocr_progress.PREFIX` (not imported: see there)
#: the stages of ocrmypdf whose progress counts pages being recognised
_PAGE_STAGES = {"OCR", "Image processing"}
#: a page with fewer letters and digits than this in its text layer has no text layer to speak of
MIN_TEXT = 20
_SKIPPED = re.compile(r"^\[OCR skipped on page\(s\) (\d+)(?:-(\d+))?\]$")
_INSTALL = "cài gói ocrmypdf và tesseract-ocr-vie (`make demo` hoặc `make test` tự cài)."

#: called with (pages recognised so far, pages to recognise)
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class OcrEngine:
    """How to run OCR: the `ocrmypdf` program, Tesseract's language(s) (`vie`, or `vie+eng`),
    how many pages are recognised at once (`--jobs`), the time allowed per page, and whether the
    page images are straightened first (`--deskew`: a scan turned by 1–2° reads much better —
    on the tests' 30 scans, number, symbol and date right on 30 instead of 26 —, and the
    archived copy of an unsigned scan then carries the straightened images)."""

    command: str
    language: str = "vie"
    jobs: int = 2
    seconds_per_page: float = 120.0
    deskew: bool = True

    def arguments(self, source: Path, out: Path, sidecar: Path) -> list[str]:
        """The command line, without the progress plugin (the benchmark runs it bare)."""
        return [
            self.command, "-l", self.language, "--jobs", str(self.jobs),
            "--output-type", "pdf", "--optimize", "0", "--skip-text",
            *(["--deskew"] if self.deskew else []),
            "--sidecar", str(sidecar), str(source), str(out),
        ]  # fmt: skip


@dataclass(frozen=True)
class OcrOutput:
    """What OCR made of a PDF: the same PDF with a text layer on its scanned pages, the text
    recognised on each page ("" for a page that already had text), and the seconds it took."""

    pdf: bytes
    pages: tuple[str, ...]
    seconds: float

    @property
    def text(self) -> str:
        return "\n".join(page.strip() for page in self.pages)


def scanned_pages(data: bytes) -> tuple[int, ...]:
    """The pages (from 1) of the PDF `data` that paint an image and carry (almost) no text.

    A blank page is not a scan (it paints no image); a page of a PDF made by a word processor
    has its text. InputError when the file cannot be read as a PDF."""
    import pikepdf
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data))
        texts = [(page.extract_text() or "") for page in reader.pages]
        with pikepdf.open(io.BytesIO(data)) as doc:
            images = [_paints_image(page) for page in doc.pages]
    except Exception as error:  # pypdf and pikepdf raise many kinds; the clerk needs one
        raise InputError(
            f"không đọc được tệp PDF để nhận dạng chữ ({type(error).__name__})",
            hint="xin lại bản PDF từ nơi gửi rồi chạy lại.",
        ) from error
    return tuple(
        number
        for number, (text, image) in enumerate(zip(texts, images, strict=True), 1)
        if image and sum(c.isalnum() for c in text) < MIN_TEXT
    )


def _paints_image(page: Any) -> bool:
    """True when the page's resources (or a form's, one level down) hold an image XObject."""
    import pikepdf

    def images_in(resources: Any, depth: int) -> bool:
        xobjects = resources.get("/XObject") if resources is not None else None
        if not isinstance(xobjects, pikepdf.Dictionary):
            return False
        for _name, xobject in xobjects.items():
            subtype = xobject.get("/Subtype") if isinstance(xobject, pikepdf.Stream) else None
            if subtype == "/Image":
                return True
            if subtype == "/Form" and depth < 2 and images_in(xobject.get("/Resources"), depth + 1):
                return True
        return False

    return images_in(page.obj.get("/Resources"), 0)


def find_engine(
    command: str = "",
    *,
    language: str = "vie",
    jobs: int = 2,
    tesseract: str = "",
    deskew: bool = True,
) -> OcrEngine:
    """The engine that runs `command` (default: `ocrmypdf` on the PATH) with `language`;
    SystemDependencyError when ocrmypdf, Tesseract or the language's model is missing."""
    found = shutil.which(command or "ocrmypdf")
    if found is None:
        raise SystemDependencyError(
            f"chưa cài {command or 'ocrmypdf'}: không nhận dạng được chữ trên bản quét",
            hint=_INSTALL,
        )
    tess = shutil.which(tesseract or "tesseract")
    if tess is None:
        raise SystemDependencyError("chưa cài Tesseract (tesseract-ocr)", hint=_INSTALL)
    listed = subprocess.run([tess, "--list-langs"], capture_output=True, text=True, check=False)
    have = set((listed.stdout + listed.stderr).split())
    missing = [lang for lang in language.split("+") if lang not in have]
    if missing:
        raise SystemDependencyError(
            f"Tesseract chưa có mô hình ngôn ngữ {', '.join(missing)}",
            hint=f"cài gói tesseract-ocr-{missing[0]}.",
        )
    return OcrEngine(found, language, max(1, jobs), deskew=deskew)


def split_sidecar(text: str, pages: int) -> tuple[str, ...]:
    """ocrmypdf's sidecar (`\\f` between pages, `[OCR skipped on page(s) 2-3]` for a range of
    pages that had text) as the text of each of `pages` pages."""
    out: list[str] = []
    for part in text.split("\f"):
        skipped = _SKIPPED.match(part.strip())
        if skipped:
            first = int(skipped.group(1))
            last = int(skipped.group(2) or first)
            out.extend("" for _ in range(first, last + 1))
        else:
            out.append(part)
    out = out[:pages]
    return (*out, *("" for _ in range(pages - len(out))))


def run_ocr(
    source: Path, engine: OcrEngine, *, pages: int, progress: Progress | None = None
) -> OcrOutput:
    """Run ocrmypdf on `source` (a PDF of `pages` pages); its text layer, text per page and time.

    InputError when ocrmypdf refuses the file, ConversionError when it fails or runs out of
    time (`engine.seconds_per_page` × pages), SystemDependencyError when it is missing."""
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="docgen-ocr-") as work:
        out, sidecar = Path(work) / "ocr.pdf", Path(work) / "ocr.txt"
        argv = engine.arguments(source, out, sidecar)
        argv[1:1] = ["--plugin", str(PLUGIN)]
        tail = _run(argv, source, pages, engine.seconds_per_page * max(1, pages), progress)
        if not out.is_file():
            raise ConversionError(
                f"ocrmypdf không tạo ra tệp kết quả ({tail})",
                source=str(source),
                hint="chạy lại với --verbose; báo quản trị nếu vẫn lỗi.",
            )
        text = sidecar.read_text("utf-8") if sidecar.is_file() else ""
        return OcrOutput(out.read_bytes(), split_sidecar(text, pages), time.monotonic() - started)


def _run(
    argv: list[str], source: Path, pages: int, timeout: float, progress: Progress | None
) -> str:
    """Run ocrmypdf, feeding its progress lines to `progress` (in this thread: a SQLite
    connection belongs to its thread); the last other lines of its stderr, for a message.
    Raises as `run_ocr` says."""
    try:
        process = subprocess.Popen(
            argv,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            errors="replace",
            start_new_session=True,  # a time-out ends ocrmypdf and its Tesseracts together
        )
    except OSError as error:
        raise SystemDependencyError(
            f"không chạy được {argv[0]} ({error.strerror})", hint=_INSTALL
        ) from error
    expired = threading.Event()

    def kill() -> None:
        expired.set()
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)

    timer = threading.Timer(timeout, kill)
    timer.daemon = True
    timer.start()
    others: deque[str] = deque(maxlen=8)
    done = 0
    try:
        assert process.stderr is not None
        for line in process.stderr:
            if line.startswith(PROGRESS_PREFIX):
                now = _pages_done(line[len(PROGRESS_PREFIX) :], pages)
                if now is not None and now != done:
                    done = now
                    if progress is not None:
                        progress(now, pages)
            elif line.strip():
                others.append(line.strip())
        code = process.wait()
    except BaseException:
        kill()
        process.wait()
        raise
    finally:
        timer.cancel()
        if process.stderr is not None:
            process.stderr.close()
    if expired.is_set():
        raise ConversionError(
            f"nhận dạng chữ quá {timeout:.0f} giây, đã dừng",
            source=str(source),
            hint="tách tệp thành phần nhỏ hơn rồi nhận lại từng phần.",
        )
    tail = " / ".join(others) or f"mã thoát {code}"
    if code in (2, 8):  # InputFileError, EncryptedPdfError
        raise InputError(
            f"ocrmypdf không đọc được tệp PDF ({tail})",
            source=str(source),
            hint="xin lại bản PDF từ nơi gửi rồi chạy lại.",
        )
    if code == 3:  # MissingDependencyError
        raise SystemDependencyError(f"ocrmypdf thiếu chương trình phụ ({tail})", hint=_INSTALL)
    if code != 0:
        raise ConversionError(
            f"nhận dạng chữ không thành công ({tail})",
            source=str(source),
            hint="chạy lại; báo quản trị nếu vẫn lỗi.",
        )
    if progress is not None and done < pages:
        progress(pages, pages)
    return tail


def _pages_done(payload: str, pages: int) -> int | None:
    """Pages recognised, from one progress line of a page stage; None for other stages."""
    try:
        data = json.loads(payload)
        if data.get("desc") not in _PAGE_STAGES:
            return None
        return min(pages, int(float(data["n"]) * float(data["scale"])))
    except (ValueError, KeyError, TypeError):
        return None

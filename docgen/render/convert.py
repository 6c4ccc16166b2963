"""DOCX → PDF with LibreOffice headless, one checked conversion at a time.

Trap 2 of the environment notes: `soffice --convert-to` exits 0 when it fails and happily converts a
text file named .docx, and a shared profile hands the job to whatever instance already runs. So: the
input is validated first, each call gets a private profile, and the output is checked to be a PDF.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import PdfReadError

from docgen.errors import ConversionError, SystemDependencyError, TemplateError
from docgen.render.docx import check_docx

DEFAULT_TIMEOUT = 120.0
SOFFICE_PACKAGE = "libreoffice-writer-nogui"


def soffice_path() -> str:
    """Path of the LibreOffice binary; SystemDependencyError naming the package when missing."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        raise SystemDependencyError(
            "máy chưa có LibreOffice để chuyển sang PDF",
            hint=f"nhờ quản trị máy cài gói: apt-get install --no-install-recommends {SOFFICE_PACKAGE}",
        )
    return found


def check_pdf(path: Path, *, expected_pages: int | None = None) -> int:
    """The page count of `path`; ConversionError unless it is a readable PDF (of that many pages)."""
    try:
        with path.open("rb") as handle:
            if handle.read(5) != b"%PDF-":
                raise ConversionError(
                    "LibreOffice không tạo ra tệp PDF",
                    source=str(path),
                    hint="mở tệp .docx bằng Word để kiểm tra rồi thử lại",
                )
        pages = len(PdfReader(path).pages)
    except FileNotFoundError:
        raise ConversionError(
            "LibreOffice không tạo ra tệp PDF",
            source=str(path),
            hint="mở tệp .docx bằng Word để kiểm tra rồi thử lại",
        ) from None
    except PdfReadError as error:
        raise ConversionError(
            f"tệp PDF tạo ra bị hỏng ({error})",
            source=str(path),
            hint="thử lại; nếu vẫn lỗi, gửi tệp .docx cho người quản trị",
        ) from None
    if pages < 1 or (expected_pages is not None and pages != expected_pages):
        raise ConversionError(
            f"tệp PDF có {pages} trang, không như mong đợi",
            source=str(path),
            hint="thử lại; nếu vẫn lỗi, gửi tệp .docx cho người quản trị",
        )
    return pages


#: LibreOffice's PDF export filter asking for PDF/A-2b (environment notes, trap 12)
PDFA_FILTER = 'pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}'


def pdfa_part(path: Path) -> str:
    """The PDF/A conformance a PDF declares in its XMP metadata (`2B`), or "" if none."""
    import pikepdf

    with pikepdf.open(path) as pdf:
        return str(pdf.open_metadata().pdfa_status or "")


def convert_many(
    docx_files: list[Path],
    out_dir: Path,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    pdfa: bool = False,
) -> list[Path]:
    """Convert `docx_files` with one LibreOffice process; returns the PDFs in the same order.

    Output names follow the inputs' stems, so the stems must be distinct. With `pdfa` the PDFs are
    PDF/A-2b (for archiving), checked from their metadata.
    """
    if len({p.stem for p in docx_files}) != len(docx_files):
        raise ConversionError(
            "hai tệp cùng tên sẽ ghi đè PDF của nhau", hint="đặt tên khác nhau cho các tệp .docx"
        )
    for path in docx_files:
        try:
            check_docx(path)
        except TemplateError as error:
            raise ConversionError(error.message, source=str(path), hint=error.hint) from None
    binary = soffice_path()
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="docgen-lo-") as work:
        profile = Path(work) / "profile"
        staging = Path(work) / "out"
        command = [
            binary,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--nologo",
            "--nodefault",
            "--nolockcheck",
            "--convert-to",
            PDFA_FILTER if pdfa else "pdf",
            "--outdir",
            str(staging),
            *[str(p) for p in docx_files],
        ]
        _run(command, timeout=timeout * max(1, len(docx_files)))
        results = []
        for path in docx_files:
            produced = staging / f"{path.stem}.pdf"
            check_pdf(produced)
            if pdfa and pdfa_part(produced) != "2B":
                raise ConversionError(
                    "LibreOffice không tạo được PDF/A-2b",
                    source=str(path),
                    hint="thử lại; nếu vẫn lỗi, tắt pdfa trong docgen.toml và báo người quản trị",
                )
            target = out_dir / produced.name
            shutil.move(str(produced), target)
            results.append(target)
    return results


def convert_to_pdf(
    docx: Path, out_dir: Path, *, timeout: float = DEFAULT_TIMEOUT, pdfa: bool = False
) -> Path:
    """Convert one .docx into `out_dir/<stem>.pdf` (PDF/A-2b with `pdfa`) and return that path."""
    return convert_many([docx], out_dir, timeout=timeout, pdfa=pdfa)[0]


def _run(command: list[str], *, timeout: float) -> None:
    # A new session so a hung LibreOffice and its children can be killed together.
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
        env={**os.environ, "SAL_USE_VCLPLUGIN": "svp"},
    )
    try:
        _, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise ConversionError(
            f"LibreOffice không trả lời sau {timeout:.0f} giây nên đã bị dừng",
            hint="thử lại; tệp quá lớn hoặc hỏng có thể gây treo",
        ) from None
    if process.returncode != 0:
        detail = stderr.decode("utf-8", "replace").strip().splitlines()
        raise ConversionError(
            f"LibreOffice báo lỗi ({detail[-1] if detail else process.returncode})",
            hint="thử lại; nếu vẫn lỗi, gửi tệp .docx cho người quản trị",
        )

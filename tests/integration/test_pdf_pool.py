"""The resident LibreOffice pool: batches convert, failures are clean, the pool recovers."""

from __future__ import annotations

import os
import shutil
import signal
import threading
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from docgen.errors import ConversionError, SystemDependencyError
from docgen.render.pool import ConversionPool, Outcome, uno_python
from tests.integration._pdf_support import PARAGRAPHS, build_dispatch

pytestmark = [pytest.mark.libreoffice, pytest.mark.slow]


def _need_pool() -> None:
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed; `make test` installs it")
    try:
        uno_python()
    except SystemDependencyError:
        pytest.skip("python3-uno is not installed (apt-get install python3-uno)")


@pytest.fixture(scope="module")
def docs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("pool-docs")
    made = {
        f"{n}p": build_dispatch(base / f"dispatch-{n}p.docx", PARAGRAPHS[n]) for n in PARAGRAPHS
    }
    (base / "text.docx").write_text("không phải tệp Word")
    with zipfile.ZipFile(base / "empty.docx", "w") as archive:
        archive.writestr("hello.txt", "no word/document.xml here")
    with zipfile.ZipFile(base / "broken.docx", "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types")
        archive.writestr("word/document.xml", "<w:document><unclosed")
    for name in ("text", "empty", "broken"):
        made[name] = base / f"{name}.docx"
    return made


@pytest.fixture(scope="module")
def pool() -> Iterator[ConversionPool]:
    _need_pool()
    with ConversionPool(workers=2, timeout=60) as running:
        yield running


def _copies(source: Path, folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / f"doc-{i:03d}.docx" for i in range(count)]
    for path in paths:
        shutil.copyfile(source, path)
    return paths


def test_a_batch_converts_with_the_expected_page_counts(
    pool: ConversionPool, docs: dict[str, Path], tmp_path: Path
) -> None:
    one = pool.convert(docs["1p"], tmp_path / "out", expected_pages=1)
    three = pool.convert(docs["3p"], tmp_path / "out", expected_pages=3)
    assert len(PdfReader(one).pages) == 1 and len(PdfReader(three).pages) == 3
    outcomes = pool.convert_many(_copies(docs["1p"], tmp_path / "in", 6), tmp_path / "many")
    assert [o.error for o in outcomes] == [None] * 6
    assert [o.pdf.name for o in outcomes if o.pdf] == [f"doc-{i:03d}.pdf" for i in range(6)]


def test_a_wrong_page_count_is_a_conversion_error(
    pool: ConversionPool, docs: dict[str, Path], tmp_path: Path
) -> None:
    with pytest.raises(ConversionError, match="trang"):
        pool.convert(docs["3p"], tmp_path, expected_pages=1)
    assert not list(tmp_path.glob("*.pdf"))


def test_bad_inputs_fail_cleanly_and_the_batch_goes_on(
    pool: ConversionPool, docs: dict[str, Path], tmp_path: Path
) -> None:
    batch = [docs["text"], docs["1p"], docs["empty"], docs["broken"], docs["3p"]]
    outcomes = pool.convert_many(batch, tmp_path)
    assert [o.pdf is not None for o in outcomes] == [False, True, False, False, True]
    for outcome in outcomes:
        if outcome.error is not None:
            line = outcome.error.one_line()
            assert str(outcome.source) in line and "\n" not in line
    assert all(h.alive for h in pool.health())


def test_a_hang_is_stopped_by_the_timeout_and_the_worker_restarts(
    pool: ConversionPool, docs: dict[str, Path], tmp_path: Path
) -> None:
    # No DOCX hangs LibreOffice on demand; a timeout far below any conversion's time is the same
    # event for the pool: no answer in time.
    before = sum(h.restarts for h in pool.health())
    with pytest.raises(ConversionError, match="không chuyển xong"):
        pool.convert(docs["3p"], tmp_path, timeout=0.001)
    assert pool.convert(docs["1p"], tmp_path, expected_pages=1).exists()
    assert pool.convert(docs["1p"], tmp_path / "again", expected_pages=1).exists()
    assert sum(h.restarts for h in pool.health()) == before + 1


def test_a_worker_killed_mid_batch_is_replaced_and_the_batch_completes(
    pool: ConversionPool, docs: dict[str, Path], tmp_path: Path
) -> None:
    files = _copies(docs["3p"], tmp_path / "in", 16)
    restarts = sum(h.restarts for h in pool.health())
    result: list[Outcome] = []
    runner = threading.Thread(
        target=lambda: result.extend(pool.convert_many(files, tmp_path / "out"))
    )
    runner.start()
    deadline = time.monotonic() + 60
    while not list((tmp_path / "out").glob("doc-*.pdf")) and time.monotonic() < deadline:
        time.sleep(0.05)
    victim = pool.worker_pids()[0]
    os.killpg(victim, signal.SIGKILL)  # a process group this test's pool started
    runner.join(timeout=300)
    assert not runner.is_alive()
    assert [o.error for o in result] == [None] * 16
    assert all(o.pdf is not None and len(PdfReader(o.pdf).pages) == 3 for o in result)
    health = pool.check_health()  # restarts the victim if the batch ended before it was needed
    assert all(h.alive for h in health) and victim not in [h.pid for h in health]
    assert sum(h.restarts for h in health) == restarts + 1


def test_workers_restart_after_max_docs(docs: dict[str, Path], tmp_path: Path) -> None:
    _need_pool()
    with ConversionPool(workers=1, max_docs=2) as small:
        for i in range(5):
            small.convert(docs["1p"], tmp_path / str(i), expected_pages=1)
        (health,) = small.health()
    assert health.restarts == 2 and health.documents == 1

"""The OCR queue run by several workers at once (`docgen.services.ocr.work_together`, what
`docgen ocr work` does with DOCGEN_OCR_WORKERS, default 2): each job run once, by one worker,
two at the same time. A stand-in for ocrmypdf (a script that copies the file, writes a sidecar
and notes when it ran) keeps it fast; the real one is tests/integration/test_ocr_scans.py's."""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image

from docgen.archive import open_register
from docgen.archive.queue import DONE
from docgen.pdf.ocr import OcrEngine
from docgen.services import ocr as ocr_service

_FAKE = """#!{python}
import shutil, sys, time
args = sys.argv[1:]
source, out = args[-2], args[-1]
sidecar = args[args.index("--sidecar") + 1]
with open({log!r}, "a") as log:
    log.write(f"start {{time.time()}} {{source}}\\n")
time.sleep(0.6)
shutil.copyfile(source, out)
open(sidecar, "w").write("Văn bản nhận dạng")
with open({log!r}, "a") as log:
    log.write(f"end {{time.time()}} {{source}}\\n")
"""


def _scan(path: Path, shade: int) -> bytes:
    Image.new("L", (200, 280), shade).save(path, "PDF", resolution=50.0)
    return path.read_bytes()


def test_two_workers_run_two_jobs_at_once_each_once(tmp_path: Path) -> None:
    log = tmp_path / "runs.log"
    fake = tmp_path / "fake-ocrmypdf"
    fake.write_text(_FAKE.format(python=sys.executable, log=str(log)), "utf-8")
    fake.chmod(0o755)
    engine = OcrEngine(str(fake), jobs=1, deskew=False)
    root = tmp_path / "archive"
    with open_register(root, "BQL") as store:
        for index in range(4):
            data = _scan(tmp_path / f"scan-{index}.pdf", 200 + index)
            assert ocr_service.submit(data, name=f"scan-{index}.pdf", archive=root, store=store)

    ran = ocr_service.work_together(
        lambda: open_register(root, "BQL"), root, engine, workers=2, name="test"
    )

    assert ran == 4
    with open_register(root, "BQL") as store:
        states = [r[0] for r in store.db.all("SELECT state FROM ocr_jobs")]
    assert states == [DONE] * 4
    events = [line.split() for line in log.read_text("utf-8").splitlines()]
    assert sorted(e[2] for e in events if e[0] == "start") == sorted(
        e[2] for e in events if e[0] == "end"
    )
    assert len([e for e in events if e[0] == "start"]) == 4  # each job once
    running, most = 0, 0
    for kind, _at, _source in sorted(events, key=lambda e: float(e[1])):
        running += 1 if kind == "start" else -1
        most = max(most, running)
    assert most == 2

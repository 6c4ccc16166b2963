"""Shared by the batch tests: a dispatch, a sheet of recipients, and a batch run in a child process
(so a test can SIGKILL it as a power cut would)."""

from __future__ import annotations

import csv
import datetime as dt
import sys
from pathlib import Path

from docgen.archive import open_register
from docgen.model.register import EntryStatus, RegisterEntry
from docgen.services.batch import BatchPlan, plan_batch, run_batch
from docgen.services.batch_manifest import write_manifest
from docgen.services.settings import templates_dir
from tests.conftest import REFERENCE_PROFILE
from tests.integration.test_dispatch_layouts import dispatch
from tests.integration.test_issue_service import fake_pdf, write_yaml

DAY = dt.date(2024, 5, 10)  #: the integration clock's day (tests/integration/conftest.py)
NOW = dt.datetime(2024, 5, 10, 2, 0, tzinfo=dt.UTC)


def name(i: int) -> str:
    return f"Công ty TNHH Sản xuất thử nghiệm số {i} KCN Thăng Long"


def write_sheet(path: Path, count: int, *, start: int = 1) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Tên đơn vị", "Địa chỉ", "Email"])
        for i in range(start, start + count):
            writer.writerow([name(i), f"Lô {i}, KCN Thăng Long, Hà Nội", f"dn{i}@example.vn"])
    return path


def write_dispatch(path: Path) -> Path:
    """A one-page công văn; its Kính gửi is replaced by the sheet's recipients."""
    return write_yaml(path, dispatch(1, 1, paragraphs=1))


def make_plan(folder: Path, count: int, *, one_per_recipient: bool = True) -> BatchPlan:
    return plan_batch(
        write_dispatch(folder / "cv.yaml"),
        write_sheet(folder / "nguoi-nhan.csv", count),
        REFERENCE_PROFILE,
        one_per_recipient=one_per_recipient,
        today=DAY,
    )


def issued(entries: list[RegisterEntry]) -> list[RegisterEntry]:
    return [e for e in entries if e.status is EntryStatus.ISSUED]


def _clock() -> dt.datetime:
    return NOW


def child(root: str, url: str, folder: str, count: str) -> None:
    """The batch as a separate program: `python -m tests.integration.batch_support …`."""
    plan = make_plan(Path(folder), int(count))
    with open_register(Path(root), "BQL", database_url=url or None, clock=_clock) as store:
        result = run_batch(
            plan, archive=Path(root), store=store, templates=templates_dir(), jobs=2,
            convert=fake_pdf,
        )  # fmt: skip
    write_manifest(result, Path(folder) / "ket-qua.csv")
    print(f"issued {result.issued_now} skipped {result.skipped}", flush=True)


if __name__ == "__main__":
    child(*sys.argv[1:])

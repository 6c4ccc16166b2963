"""A full disk in the middle of writing: a clear error, nothing half-written, the register as before.

The archive lives on a real, tiny tmpfs mounted by the test (root only; CI runs as root)."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from docgen.archive import open_register
from docgen.cli import main
from tests.conftest import REFERENCE_PROFILE, REFERENCE_YAML
from tests.integration.test_dispatch_layouts import dispatch
from tests.integration.test_issue_service import archive_files, fake_pdf, write_yaml


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root (CI runs as root)")
    mount = tmp_path / "disk"
    mount.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount)], check=True)
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def fill(disk: Path, leave: int) -> None:
    """Fill `disk` until about `leave` bytes are free."""
    stats = os.statvfs(disk)
    free = stats.f_bavail * stats.f_frsize
    (disk / "filler").write_bytes(b"\0" * max(0, free - leave))


def big_pdf(docx_path: Path, out_dir: Path) -> Path:
    """A valid PDF of about 300 KB (the real ones are 50–100 KB), to run out of room on."""
    from pypdf import PdfWriter

    pdf = fake_pdf(docx_path, out_dir)
    writer = PdfWriter(clone_from=pdf)
    writer.add_metadata({"/Padding": "x" * 300_000})
    with pdf.open("wb") as handle:
        writer.write(handle)
    return pdf


def test_draft_on_a_full_disk_writes_nothing(
    small_disk: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fill(small_disk, 8 * 1024)
    out = small_disk / "cv.docx"
    with pytest.raises(SystemExit) as exit_info:
        main(["draft", str(REFERENCE_YAML), "--profile", str(REFERENCE_PROFILE), "-o", str(out)])
    assert exit_info.value.code != 0
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "hết chỗ trống" in err
    assert sorted(p.name for p in small_disk.iterdir()) == ["filler"]  # no temp file left


def test_issue_on_a_full_disk_consumes_no_number(small_disk: Path, tmp_path: Path) -> None:
    from docgen.services.issue import issue
    from docgen.services.settings import templates_dir

    root = small_disk / "archive"
    with open_register(root, "BQL") as store:
        first = issue(
            write_yaml(tmp_path / "a.yaml", dispatch(1, 1)),
            REFERENCE_PROFILE,
            archive=root,
            store=store,
            templates=templates_dir(),
            convert=fake_pdf,
        )
        assert first.entry.number == 1
        before = archive_files(root)
        fill(small_disk, 200 * 1024)  # room for the DOCX, not for the PDF
        with pytest.raises(OSError):
            issue(
                write_yaml(tmp_path / "b.yaml", {**dispatch(1, 1), "trich_yeu": "b"}),
                REFERENCE_PROFILE,
                archive=root,
                store=store,
                templates=templates_dir(),
                convert=big_pdf,
            )
        assert archive_files(root) == before
        assert [e.number for e in store.entries(store.today().year)] == [1]
        assert store.check().ok
        (small_disk / "filler").unlink()
        again = issue(
            tmp_path / "b.yaml",
            REFERENCE_PROFILE,
            archive=root,
            store=store,
            templates=templates_dir(),
            convert=fake_pdf,
        )
        assert again.entry.number == 2

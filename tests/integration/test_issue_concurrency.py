"""Many clerks at once, and a crash at every step of the issue pipeline.

- 8 processes x 50 issues (x 200 under `make soak`) through the issue service (a fast stand-in
  converter) on SQLite and on PostgreSQL: exactly 01..N, no gap, no duplicate, every row with its
  files;
- 3 processes x 5 through the real `docgen issue` command and LibreOffice;
- SIGKILL at each step in turn: afterwards the register checks clean, every consumed number has its
  row and files, nothing else is on disk, and the next issue continues the sequence.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import subprocess
import sys
from pathlib import Path

import pytest

from docgen.archive import open_register
from docgen.model.register import EntryStatus
from docgen.services.issue import STEPS, folder_for, issue, recover_staging
from docgen.services.settings import templates_dir
from tests.conftest import REFERENCE_PROFILE, ROOT, needs_libreoffice
from tests.integration.test_dispatch_layouts import dispatch
from tests.integration.test_issue_service import archive_files, fake_pdf, write_yaml


def _worker(args: tuple[str, str | None, int, int]) -> list[int]:
    root, url, worker, count = args
    numbers = []
    folder = Path(root) / "inputs" / str(worker)
    folder.mkdir(parents=True, exist_ok=True)
    with open_register(Path(root), "BQL", database_url=url) as store:
        for i in range(count):
            source = write_yaml(
                folder / f"{i}.yaml",
                {**dispatch(1, 1, paragraphs=1), "trich_yeu": f"việc {worker}-{i}"},
            )
            result = issue(
                source,
                REFERENCE_PROFILE,
                archive=Path(root),
                store=store,
                templates=templates_dir(),
                convert=fake_pdf,
            )
            numbers.append(result.entry.number)
    return numbers


def assert_consistent(root: Path, url: str | None, expected: int) -> None:
    """The register checks clean, holds 1..expected issued, and the disk holds exactly their files."""
    with open_register(root, "BQL", database_url=url) as store:
        recover_staging(root, store)
        assert store.check().ok, store.check()
        year = store.today().year
        entries = [e for e in store.entries(year) if e.status is EntryStatus.ISSUED]
    assert sorted(e.number for e in entries) == list(range(1, expected + 1))
    on_disk = {p for p in archive_files(root) if p.startswith("van-thu/")}
    wanted = set()
    for entry in entries:
        for name, digest in entry.files.items():
            path = root / folder_for(entry) / name
            assert hashlib.sha256(path.read_bytes()).hexdigest() == digest
            wanted.add(str(path.relative_to(root)))
    assert on_disk == wanted
    assert not [p for p in (root / ".staging").iterdir()] if (root / ".staging").exists() else True


#: issues per process through the whole issue service (render, stage, record, place). The register
#: store's own test runs the full 8 x 200; here `make test` runs 8 x 50 and `make soak` 8 x 200.
PER_PROCESS = 200 if os.environ.get("DOCGEN_SOAK") == "1" else 50


@pytest.mark.slow
def test_eight_processes_issue_concurrently(tmp_path: Path, database_url: str | None) -> None:
    root = tmp_path / "archive"
    context = multiprocessing.get_context("spawn")
    with context.Pool(8) as pool:
        results = pool.map(_worker, [(str(root), database_url, w, PER_PROCESS) for w in range(8)])
    numbers = [n for worker in results for n in worker]
    assert sorted(numbers) == list(range(1, 8 * PER_PROCESS + 1))
    for worker in results:  # each clerk's own numbers only grow
        assert worker == sorted(worker)
    assert_consistent(root, database_url, 8 * PER_PROCESS)


def docgen(*args: str, crash_at: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DOCGEN_TEST_CRASH_AT": crash_at or ""}
    return subprocess.run(
        [sys.executable, "-m", "docgen", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=300,
        check=False,
    )


@pytest.mark.slow
@pytest.mark.libreoffice
def test_three_clerks_issue_through_the_real_command(tmp_path: Path) -> None:
    needs_libreoffice()
    root = tmp_path / "archive"
    script = (
        "import sys, subprocess\n"
        "for path in sys.argv[1:]:\n"
        "    subprocess.run([sys.executable, '-m', 'docgen', 'issue', path, '--profile', "
        f"{str(REFERENCE_PROFILE)!r}, '--archive', {str(root)!r}], check=True)\n"
    )
    clerks = []
    for clerk in range(3):
        paths = [
            str(
                write_yaml(
                    tmp_path / f"c{clerk}-{i}.yaml",
                    {**dispatch(1, 1, paragraphs=1), "trich_yeu": f"việc {clerk}-{i}"},
                )
            )
            for i in range(5)
        ]
        clerks.append(subprocess.Popen([sys.executable, "-c", script, *paths], cwd=ROOT))
    assert [c.wait(timeout=600) for c in clerks] == [0, 0, 0]
    assert_consistent(root, None, 15)


@pytest.mark.slow
@pytest.mark.libreoffice
def test_sigkill_at_each_step_then_the_sequence_continues(tmp_path: Path) -> None:
    needs_libreoffice()
    root = tmp_path / "archive"
    consumed = 0
    for i, step in enumerate(STEPS):
        source = write_yaml(
            tmp_path / f"{i}.yaml",
            {**dispatch(1, 1, paragraphs=1), "trich_yeu": f"thử dừng ở bước {step}"},
        )
        killed = docgen(
            "issue",
            str(source),
            "--profile",
            str(REFERENCE_PROFILE),
            "--archive",
            str(root),
            crash_at=step,
        )
        assert killed.returncode == -9, (step, killed.stderr)
        if step in ("committed", "placed"):
            consumed += 1
        assert_consistent(root, None, consumed)
    check = docgen("register", "check", "--archive", str(root), "--profile", str(REFERENCE_PROFILE))
    assert check.returncode == 0, check.stdout + check.stderr
    last = write_yaml(
        tmp_path / "last.yaml", {**dispatch(1, 1, paragraphs=1), "trich_yeu": "sau cùng"}
    )
    done = docgen("issue", str(last), "--profile", str(REFERENCE_PROFILE), "--archive", str(root))
    assert done.returncode == 0, done.stderr
    assert f"Đã cấp số {consumed + 1:02d}/BQL-KHTH" in done.stdout
    assert_consistent(root, None, consumed + 1)


@pytest.mark.slow
@pytest.mark.libreoffice
def test_a_clerk_whose_issue_waits_for_another_is_told_why(tmp_path: Path) -> None:
    """`docgen issue` while another clerk holds the register: one line on stderr says why nothing
    seems to happen, then the issue goes on once the other clerk is done."""
    needs_libreoffice()
    root = tmp_path / "archive"
    source = write_yaml(tmp_path / "a.yaml", {**dispatch(1, 1, paragraphs=1), "trich_yeu": "chờ"})
    with open_register(root, "BQL") as store, store.unit_of_work() as other_clerk:
        other_clerk.allocate("hanh_chinh")  # held; left without commit, it goes back
        waiting = subprocess.Popen(
            [sys.executable, "-m", "docgen", "issue", str(source), "--profile",
             str(REFERENCE_PROFILE), "--archive", str(root)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
        )  # fmt: skip
        assert waiting.stderr is not None
        told = waiting.stderr.readline()  # blocks until the first line: the notice
        assert told.startswith("Sổ đăng ký đang bận: một người khác đang cấp số."), told
        assert waiting.poll() is None  # still waiting for the other clerk
    out, err = waiting.communicate(timeout=300)
    assert waiting.returncode == 0, err
    assert "Đã cấp số 01/BQL-KHTH" in out and "đang bận" not in err

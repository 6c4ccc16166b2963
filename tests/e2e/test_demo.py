"""`make demo` is the first thing a new user runs: its script passes on the embedded defaults
(SQLite, local archive, test keys), so CI catches a change that breaks it."""

from __future__ import annotations

import os
import subprocess

import pytest

from tests.conftest import ROOT, needs_libreoffice


@pytest.mark.slow
@pytest.mark.libreoffice
def test_the_demo_script_runs_to_its_end() -> None:
    needs_libreoffice()
    env = {k: v for k, v in os.environ.items() if not k.startswith("DOCGEN_")}
    done = subprocess.run(
        ["bash", "scripts/demo.sh"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "Đã cấp số 01/BQL-KHTH ngày 05/03/2024" in done.stdout
    assert "Đã cấp số 02/TTr-BQL ngày 05/03/2024" in done.stdout  # the specialist's Word draft
    assert "Kho lưu trữ mới, chưa có văn bản" in done.stderr
    assert (ROOT / "build" / "demo" / "mau-word" / "cong-van.dotx").is_file()

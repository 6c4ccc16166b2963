"""The web server's resident LibreOffice (`Office.keep_converter`): conversions go through it once
it has started, a start that fails leaves one soffice per document (never a wait for ever), and
closing the office stops it, also while it is still starting. No LibreOffice here: the pool is a
stand-in."""

from __future__ import annotations

import threading
from dataclasses import replace
from pathlib import Path
from typing import Any, ClassVar

import pytest

from docgen.errors import SystemDependencyError
from docgen.services import office as office_module
from docgen.services.office import Office, ResidentConverter
from tests.conftest import REFERENCE_PROFILE


class FakePool:
    started: ClassVar[list[FakePool]] = []
    gate: ClassVar[threading.Event | None] = None

    def __init__(self, workers: int) -> None:
        if FakePool.gate is not None:
            FakePool.gate.wait(10)
        self.closed = False
        self.converted: list[Path] = []
        FakePool.started.append(self)

    def convert(self, docx: Path, out_dir: Path) -> Path:
        self.converted.append(docx)
        out_dir.mkdir(parents=True, exist_ok=True)
        target = out_dir / f"{docx.stem}.pdf"
        target.write_bytes(b"%PDF-1.7 stand-in")
        return target

    def close(self) -> None:
        self.closed = True


@pytest.fixture(autouse=True)
def fake_pool(monkeypatch: pytest.MonkeyPatch) -> None:
    FakePool.started, FakePool.gate = [], None
    monkeypatch.setattr("docgen.render.pool.ConversionPool", FakePool)
    monkeypatch.setattr("docgen.render.fonts.vietnamese_tnr_family", lambda: "Liberation Serif")


def test_conversions_go_through_the_resident_worker_warmed_at_its_start(tmp_path: Path) -> None:
    office = Office(REFERENCE_PROFILE, tmp_path / "archive")
    office.keep_converter()
    assert office.pdf_of(b"PK docx") == b"%PDF-1.7 stand-in"
    (pool,) = FakePool.started
    assert [p.name for p in pool.converted] == ["cong-van.docx", "du-thao.docx"]  # warm, then
    office.close()
    assert pool.closed


def test_a_start_that_fails_leaves_one_soffice_per_document(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def refused(workers: int) -> Any:
        raise SystemDependencyError("máy chưa có python3-uno", hint="")

    monkeypatch.setattr("docgen.render.pool.ConversionPool", refused)
    resident = ResidentConverter()
    assert resident.converter() is None


def test_an_unexpected_failure_does_not_leave_the_clerk_waiting(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(workers: int) -> Any:
        raise OSError("soffice vanished")

    monkeypatch.setattr("docgen.render.pool.ConversionPool", broken)
    monkeypatch.setattr(office_module, "RESIDENT_START_TIMEOUT", 0.5)
    resident = ResidentConverter()
    resident._ready.wait(5)
    assert resident._ready.is_set() and resident.converter() is None


def test_closed_while_starting_the_worker_is_stopped_once_started() -> None:
    FakePool.gate = threading.Event()
    resident = ResidentConverter()
    resident.close()
    FakePool.gate.set()
    resident._ready.wait(5)
    (pool,) = FakePool.started
    assert pool.closed and resident.converter() is None


def test_no_resident_worker_for_pdfa(tmp_path: Path) -> None:
    office = Office(REFERENCE_PROFILE, tmp_path / "archive")
    office.agency = replace(office.agency, style=replace(office.agency.style, pdfa=True))
    office.keep_converter()
    assert office._resident is None and FakePool.started == []

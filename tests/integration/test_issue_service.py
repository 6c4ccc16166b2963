"""`docgen issue` as one unit of work, on SQLite and on a PostgreSQL the tests start: the number,
the date, the files and the register row appear together or not at all."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import pytest
import yaml

from docgen.archive.register import RegisterStore
from docgen.errors import (
    CheckFailed,
    ConversionError,
    InputError,
    RegisterError,
    SignatureError,
)
from docgen.model.register import EntryStatus
from docgen.services.issue import issue
from docgen.services.settings import templates_dir
from tests.conftest import EXAMPLES, REFERENCE_PROFILE, REFERENCE_YAML, needs_libreoffice
from tests.integration.test_dispatch_layouts import dispatch


def fake_pdf(docx_path: Path, out_dir: Path) -> Path:
    """A fast stand-in for LibreOffice: a tiny valid one-page PDF (the real one has its own tests)."""
    from pypdf import PdfWriter

    out_dir.mkdir(parents=True, exist_ok=True)
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.add_metadata({"/Subject": hashlib.sha256(docx_path.read_bytes()).hexdigest()})
    target = out_dir / f"{docx_path.stem}.pdf"
    with target.open("wb") as handle:
        writer.write(handle)
    return target


def write_yaml(path: Path, data: dict[str, Any]) -> Path:
    path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    return path


def archive_files(root: Path) -> list[str]:
    """Every file under the archive root but the register database and its lock/journal files."""
    return sorted(
        str(p.relative_to(root))
        for p in root.rglob("*")
        if p.is_file() and not p.relative_to(root).as_posix().startswith("register.sqlite3")
    )


def run_issue(source: Path, store: RegisterStore, root: Path, **kwargs: Any) -> Any:
    return issue(
        source,
        REFERENCE_PROFILE,
        archive=root,
        store=store,
        templates=templates_dir(),
        **{"convert": fake_pdf, **kwargs},
    )


CORRECTED = EXAMPLES / "bql-khth-moi-xet-chon-spcncl-da-sua.yaml"


def test_the_reference_as_drafted_is_refused_by_the_checker(
    store: RegisterStore, tmp_path: Path
) -> None:
    with pytest.raises(CheckFailed, match=r"\(2018-2013\)"):
        run_issue(REFERENCE_YAML, store, tmp_path / "archive")
    assert store.entries(2024) == []
    assert archive_files(tmp_path / "archive") == []


def test_issue_numbers_dates_files_and_row(store: RegisterStore, tmp_path: Path) -> None:
    root = tmp_path / "archive"
    result = run_issue(CORRECTED, store, root)
    entry = result.entry
    assert (entry.number, entry.symbol, entry.year) == (1, "BQL-KHTH", 2024)
    assert entry.number_symbol == "01/BQL-KHTH" and entry.date is not None
    assert entry.date.isoformat() == "2024-05-10"  # the store's clock, Vietnam time
    texts = [
        p.text
        for t in docx.Document(str(result.docx)).tables
        for r in t.rows
        for c in r.cells
        for p in c.paragraphs
    ]
    assert "Số: 01/BQL-KHTH" in texts and "Hà Nội, ngày 10 tháng 5 năm 2024" in texts
    for path in (result.docx, result.pdf):
        assert entry.files[path.name] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert entry.holders == ("VT", "KHTH") and entry.signer == "TRƯỞNG BAN, Lê Quang Long"
    assert entry.recipients[-1] == "Sở Công Thương"
    assert archive_files(root) == [
        "don-vi/KHTH/2024/01-BQL-KHTH.pdf",
        "van-thu/2024/van-ban-di/hanh_chinh/01-BQL-KHTH.docx",
        "van-thu/2024/van-ban-di/hanh_chinh/01-BQL-KHTH.json",
        "van-thu/2024/van-ban-di/hanh_chinh/01-BQL-KHTH.pdf",
    ]
    assert store.check().ok


def test_numbers_continue_and_the_same_draft_is_refused(
    store: RegisterStore, tmp_path: Path
) -> None:
    root = tmp_path / "archive"
    first = run_issue(write_yaml(tmp_path / "a.yaml", dispatch(1, 1)), store, root)
    second = run_issue(
        write_yaml(tmp_path / "b.yaml", {**dispatch(2, 1), "trich_yeu": "khác"}), store, root
    )
    assert (first.entry.number, second.entry.number) == (1, 2)
    before = archive_files(root)
    with pytest.raises(RegisterError, match="đã được cấp số 01/BQL-KHTH"):
        run_issue(tmp_path / "a.yaml", store, root)
    assert archive_files(root) == before
    assert [e.number for e in store.entries(2024)] == [1, 2]


def test_a_draft_with_a_number_is_refused(store: RegisterStore, tmp_path: Path) -> None:
    data = {**dispatch(1, 1), "so": 7, "ngay": "2024-05-01"}
    with pytest.raises(InputError, match="đã có số 07"):
        run_issue(write_yaml(tmp_path / "n.yaml", data), store, tmp_path / "archive")
    assert store.entries(2024) == []


@pytest.mark.parametrize("failing", ["render", "convert"])
def test_a_failure_consumes_no_number_and_leaves_no_file(
    store: RegisterStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    root = tmp_path / "archive"
    run_issue(write_yaml(tmp_path / "a.yaml", dispatch(1, 1)), store, root)
    before = archive_files(root)

    def broken(*_: object) -> Path:
        raise ConversionError("LibreOffice báo lỗi (giả lập)")

    if failing == "render":
        monkeypatch.setattr("docgen.services.issue.render_document", broken)
        convert: Callable[[Path, Path], Path] = fake_pdf
    else:
        convert = broken
    with pytest.raises(ConversionError):
        run_issue(
            write_yaml(tmp_path / "b.yaml", {**dispatch(1, 1), "trich_yeu": "b"}),
            store,
            root,
            convert=convert,
        )
    assert archive_files(root) == before
    assert not any((root / ".staging").iterdir())
    monkeypatch.undo()
    again = run_issue(tmp_path / "b.yaml", store, root)
    assert again.entry.number == 2  # the failed attempt took nothing


def test_a_secret_document_takes_the_secret_stream(store: RegisterStore, tmp_path: Path) -> None:
    root = tmp_path / "archive"
    run_issue(write_yaml(tmp_path / "a.yaml", dispatch(1, 1)), store, root)
    secret = run_issue(
        write_yaml(tmp_path / "m.yaml", {**dispatch(1, 1), "do_mat": "mat", "trich_yeu": "mật"}),
        store,
        root,
    )
    assert (secret.entry.stream, secret.entry.number) == ("mat", 1)
    assert secret.entry.number_symbol == "01/BQL-KHTH-M"  # number + symbol unique in the year
    assert secret.entry.status is EntryStatus.ISSUED


def signing_profile(tmp_path: Path) -> tuple[Path, Path]:
    """The example profile with [signing] (a test PKI and seal) and the head's signature image;
    returns (profile, the test root certificate)."""
    from docgen.pdf.devpki import make_dev_pki
    from docgen.pdf.devseal import make_dev_seal

    pki = make_dev_pki(tmp_path / "pki", agency="Ban Quản lý thử", password="pw")
    seal = make_dev_seal(tmp_path / "seal", agency="Ban Quản lý thử", signer="Lê Quang Long")
    text = REFERENCE_PROFILE.read_text("utf-8").replace(
        "[signers.truong-ban]\n", f'[signers.truong-ban]\nsignature_image = "{seal.signature}"\n'
    )
    profile = tmp_path / "docgen.toml"
    profile.write_text(
        text + f'\n[signing]\npkcs12 = "{pki.agency_p12}"\nseal_image = "{seal.seal}"\n', "utf-8"
    )
    return profile, pki.root_cert


@pytest.mark.libreoffice
def test_issue_signs_with_the_agency_key_and_the_seal(
    store: RegisterStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With [signing] in the profile the issued PDF carries the signer's image and the agency's
    PAdES signature (seal visible), valid against the test root (real LibreOffice, real pyHanko)."""
    needs_libreoffice()
    from docgen.pdf.verify import verify_pdf

    profile, root_cert = signing_profile(tmp_path)
    root = tmp_path / "archive"
    monkeypatch.delenv("DOCGEN_SIGN_PASSWORD", raising=False)
    with pytest.raises(SignatureError, match="DOCGEN_SIGN_PASSWORD"):
        issue(CORRECTED, profile, archive=root, store=store, templates=templates_dir())
    assert store.entries(2024) == [] and archive_files(root) == []
    monkeypatch.setenv("DOCGEN_SIGN_PASSWORD", "pw")
    result = issue(CORRECTED, profile, archive=root, store=store, templates=templates_dir())
    report = verify_pdf(result.pdf, [root_cert])
    assert report.ok, report.all_problems()
    assert (
        result.entry.files[result.pdf.name] == hashlib.sha256(result.pdf.read_bytes()).hexdigest()
    )

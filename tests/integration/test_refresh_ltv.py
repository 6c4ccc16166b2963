"""`docgen archive refresh-ltv`: a document timestamp (PAdES B-LTA) on each signed document whose
protection ends soon, from the local timestamp authority the tests run (Certomancer, loopback);
the archive stays consistent (register row, catalogue, metadata, units' copies), the earlier
bytes are kept as a prefix, and a failure changes nothing."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from docgen.archive import catalogue, open_register
from docgen.archive.register import RegisterStore
from docgen.cli import main
from docgen.inputs.profile import load_profile
from docgen.pdf.verify import verify_pdf
from docgen.services import ltv_refresh
from docgen.services.archive import check_archive
from docgen.services.issue import issue, recover_staging
from docgen.services.settings import templates_dir
from tests.conftest import FIXED_TODAY, needs_libreoffice
from tests.integration.test_sign_ltv import CORRECTED, _profile
from tests.support.ltv import PASSWORD, LtvPki, serve_pki
from tests.support.tokens import Tokens


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LtvPki]:
    import logging

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    with serve_pki(tmp_path_factory.mktemp("ltv-pki")) as served:
        yield served


@pytest.fixture(scope="module")
def issued_once(
    pki: LtvPki, tokens: Tokens, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, Path]:
    """(folder with docgen.toml, archive root) holding one issued B-LT document (two
    signatures), made once through real LibreOffice; each test works on a copy."""
    needs_libreoffice()
    folder = tmp_path_factory.mktemp("refresh-ltv")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DOCGEN_SIGN_PASSWORD", PASSWORD)
        patch.setenv("DOCGEN_PASSWORD_TRUONG_BAN", PASSWORD)
        profile = _profile(folder, pki, tokens, pki.signer_p12)
        root = folder / "archive"
        store = open_register(root, "BQL")
        try:
            issue(CORRECTED, profile, archive=root, store=store, templates=templates_dir(),
                  on=FIXED_TODAY)  # fmt: skip
        finally:
            store.close()
    return profile, root


@pytest.fixture
def issued(
    issued_once: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[Path, Path, RegisterStore]]:
    """(profile, archive root, register): a copy of `issued_once`'s, for this test alone."""
    monkeypatch.setenv("DOCGEN_SIGN_PASSWORD", PASSWORD)
    profile = tmp_path / "docgen.toml"
    profile.write_text(issued_once[0].read_text("utf-8"), "utf-8")
    root = tmp_path / "archive"
    shutil.copytree(issued_once[1], root)
    store = open_register(root, "BQL")
    yield profile, root, store
    store.close()


def _snapshot(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".staging" not in p.parts
    }


def _refresh(profile: Path, root: Path) -> tuple[str, ...]:
    return ("archive", "refresh-ltv", "--profile", str(profile), "--archive", str(root))


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Callable[..., tuple[int, str]]:
    """Run `docgen …` through its real entry point: (exit code, stdout and stderr)."""

    def call(*args: str) -> tuple[int, str]:
        with pytest.raises(SystemExit) as exited:
            main(list(args))
        out, err = capsys.readouterr()
        return int(exited.value.code or 0), out + err

    return call


def test_a_due_document_gets_a_document_timestamp_and_the_archive_stays_whole(
    pki: LtvPki, issued: tuple[Path, Path, RegisterStore], run: Callable[..., tuple[int, str]]
) -> None:
    profile, root, store = issued
    (row,) = catalogue.all_rows(store.db, "BQL")
    original = root / row.pdf
    before = original.read_bytes()
    copies = [root / f"don-vi/{unit}/{row.year}/{row.copy_name}" for unit in row.holders[1:]]
    assert copies and all(c.read_bytes() == before for c in copies)

    # the head's certificate is valid for a year: nothing is due within 30 days
    code, out = run(*_refresh(profile, root), "--within-days", "30", "--dry-run")
    assert code == 0 and "cần thêm dấu thời gian cho 0 tệp" in out
    code, out = run(*_refresh(profile, root), "--within-days", "400", "--dry-run")
    assert code == 0 and f"Cần thêm: {row.notation}" in out and "(chứng thư của " in out
    assert original.read_bytes() == before  # a dry run changes nothing

    code, out = run(*_refresh(profile, root), "--within-days", "400")
    assert code == 0, out
    assert f"Đã thêm dấu thời gian: {row.notation}" in out
    after = original.read_bytes()
    assert after.startswith(before) and len(after) > len(before)
    assert all(c.read_bytes() == after for c in copies)
    report = verify_pdf(original, [pki.root])
    assert report.ok, report.all_problems()
    assert [s.field for s in report.signatures] == [
        "ChuKySoNguoiKy", "ChuKySoCoQuan", "DauThoiGianTaiLieu1",
    ]  # fmt: skip
    assert [s.document_timestamp for s in report.signatures] == [False, False, True]
    assert report.signatures[2].signer == "docgen LTV TSA"

    # the register row, the catalogue and the metadata name the new bytes; the event the old
    (new_row,) = catalogue.all_rows(store.db, "BQL")
    assert new_row.files[row.copy_name] == hashlib.sha256(after).hexdigest()
    (entry,) = store.entries(row.year)
    assert dict(entry.files) == {**new_row.files, f"{row.stem}.json": new_row.metadata_sha}
    refresh_events = [e for e in store.events() if e.type == "refresh_files"]
    assert len(refresh_events) == 1
    assert refresh_events[0].data["previous"][row.copy_name] == hashlib.sha256(before).hexdigest()
    assert check_archive(root, store, trust_roots=[pki.root]).ok

    # now protected by the TSA's certificate (ten years): not due again within 400 days …
    code, out = run(*_refresh(profile, root), "--within-days", "400")
    assert code == 0 and "đã thêm dấu thời gian cho 0 tệp" in out
    # … and a later renewal chains a second timestamp over the first
    code, out = run(*_refresh(profile, root), "--within-days", "4000")
    assert code == 0, out
    fields = [s.field for s in verify_pdf(original, [pki.root]).signatures]
    assert fields[-2:] == ["DauThoiGianTaiLieu1", "DauThoiGianTaiLieu2"]
    assert verify_pdf(original, [pki.root]).ok
    assert check_archive(root, store, trust_roots=[pki.root]).ok
    code, shown = run("verify", str(original), "--trust", str(pki.root))
    assert code == 0, shown
    assert "Dấu thời gian tài liệu 'DauThoiGianTaiLieu2' của: docgen LTV TSA" in shown


def test_an_unreachable_timestamp_authority_changes_nothing(
    pki: LtvPki, issued: tuple[Path, Path, RegisterStore], run: Callable[..., tuple[int, str]]
) -> None:
    profile, root, store = issued
    text = profile.read_text("utf-8")
    assert pki.tsa_url in text
    profile.write_text(text.replace(pki.tsa_url, "http://127.0.0.1:9/tsa"), "utf-8")  # discard
    before, events = _snapshot(root), len(store.events())
    code, out = run(*_refresh(profile, root), "--within-days", "400")
    assert code == 11, out
    assert "Chưa thêm được cho" in out and "không thêm được dấu thời gian" in out
    assert "Traceback" not in out
    assert _snapshot(root) == before and len(store.events()) == events


def test_a_file_changed_behind_the_archive_is_not_timestamped_over(
    issued: tuple[Path, Path, RegisterStore], run: Callable[..., tuple[int, str]]
) -> None:
    profile, root, store = issued
    (row,) = catalogue.all_rows(store.db, "BQL")
    docx = next(n for n in row.files if n.endswith(".docx"))
    (root / row.folder / docx).write_bytes(b"changed")
    before, events = _snapshot(root), len(store.events())
    code, out = run(*_refresh(profile, root), "--within-days", "400")
    assert code == 11 and "đã bị thay đổi (mã SHA-256 không khớp sổ)" in out
    assert _snapshot(root) == before and len(store.events()) == events


def test_a_crash_after_commit_is_rolled_forward(
    pki: LtvPki, issued: tuple[Path, Path, RegisterStore], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Killed between COMMIT and placing the files: the next run places them (the register
    already names the new digests), and the archive check is clean."""
    profile, root, store = issued
    from docgen.archive import staging

    def die(self: staging.Staging, manifest: staging.Manifest) -> list[Path]:
        self._unlock()  # the process is gone: its lock with it, its staged files stay
        raise SystemExit("killed")

    monkeypatch.setattr(staging.Staging, "place", die)
    agency = load_profile(profile)
    with pytest.raises(SystemExit):
        ltv_refresh.refresh_ltv(root, store, agency, within_days=400)
    assert not check_archive(root, store).ok  # the register is ahead of the files
    monkeypatch.undo()
    assert recover_staging(root, store) == (1, 0)
    assert check_archive(root, store, trust_roots=[pki.root]).ok


def test_a_profile_without_a_timestamp_authority_is_told_what_to_add(
    issued: tuple[Path, Path, RegisterStore], run: Callable[..., tuple[int, str]]
) -> None:
    profile, root, _store = issued
    text = profile.read_text("utf-8").replace("ltv = true\n", "")
    lines = [line for line in text.splitlines() if not line.startswith("timestamp_url")]
    profile.write_text("\n".join(lines) + "\n", "utf-8")
    code, out = run(*_refresh(profile, root))
    assert code != 0 and "timestamp_url" in out and "Traceback" not in out


def test_what_protects_each_file_is_read_once_then_taken_from_the_register(
    issued: tuple[Path, Path, RegisterStore],
    run: Callable[..., tuple[int, str]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The first look opens the signed PDF; later looks take its protection from the register
    by the file's SHA-256, and a document refreshed has its new file's protection remembered."""
    profile, root, _ = issued
    opened: list[int] = []
    real = ltv_refresh.protection

    def counting(data: bytes) -> object:
        opened.append(len(data))
        return real(data)

    monkeypatch.setattr(ltv_refresh, "protection", counting)
    code, first = run(*_refresh(profile, root), "--within-days", "400", "--dry-run")
    assert code == 0 and "Cần thêm:" in first and "(chứng thư của " in first
    assert len(opened) == 1
    code, again = run(*_refresh(profile, root), "--within-days", "400", "--dry-run")
    assert code == 0 and again == first and len(opened) == 1  # not opened again
    code, out = run(*_refresh(profile, root), "--within-days", "400")
    assert code == 0 and "Đã thêm dấu thời gian" in out
    opened.clear()
    code, out = run(*_refresh(profile, root), "--within-days", "4000", "--dry-run")
    assert code == 0 and "dấu thời gian tài liệu của 'docgen LTV TSA'" in out
    assert opened == []  # the refreshed file's protection was remembered with it

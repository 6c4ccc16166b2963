"""Where the archive is: the profile's `[archive] path` (relative to the profile file), overridden
by `--archive` and DOCGEN_ARCHIVE; a command about to make a new, empty archive says so, and an
empty register says it is empty — a clerk in the wrong folder is never left with a silent nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from docgen.archive import open_register
from tests.conftest import REFERENCE_PROFILE
from tests.e2e.test_filing_cli import run
from tests.integration.conftest import issue_one


@pytest.fixture
def profile(tmp_path: Path) -> Path:
    folder = tmp_path / "co-quan"
    folder.mkdir()
    path = folder / "docgen.toml"
    path.write_text(REFERENCE_PROFILE.read_text("utf-8") + '\n[archive]\npath = "kho"\n', "utf-8")
    with open_register(folder / "kho", "BQL") as store:
        issue_one(store, symbol="BQL-KHTH")
    return path


def test_the_profile_names_the_archive_whatever_the_current_folder(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    profile: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    elsewhere = tmp_path / "o-cho-khac"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    monkeypatch.delenv("DOCGEN_ARCHIVE", raising=False)
    monkeypatch.setenv("DOCGEN_PROFILE", str(profile))
    code, out, err = run(capsys, "register", "show")
    assert code == 0, err
    assert "01/BQL-KHTH" in out and err == ""
    assert not (elsewhere / "archive").exists()
    code, out, err = run(capsys, "search", "01/BQL-KHTH")
    assert code == 0 and err == ""


def test_the_flag_and_the_variable_override_the_profile(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    profile: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DOCGEN_PROFILE", str(profile))
    monkeypatch.setenv("DOCGEN_ARCHIVE", str(tmp_path / "bien-moi-truong"))
    code, out, err = run(capsys, "register", "show")
    assert code == 0 and "01/BQL-KHTH" not in out
    assert f"Kho lưu trữ mới, chưa có văn bản: {tmp_path / 'bien-moi-truong'}" in err
    assert "chưa có văn bản nào" in err
    code, out, err = run(capsys, "register", "show", "--archive", str(profile.parent / "kho"))
    assert "01/BQL-KHTH" in out and err == ""


def test_a_new_archive_from_the_current_folder_is_announced(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DOCGEN_ARCHIVE", raising=False)
    monkeypatch.setenv("DOCGEN_PROFILE", str(REFERENCE_PROFILE))
    code, _, err = run(capsys, "register", "show", "--year", "2024")
    assert code == 0
    lines = err.strip().splitlines()
    assert lines == [
        f"Kho lưu trữ mới, chưa có văn bản: {tmp_path / 'archive'}",
        f"Sổ đăng ký năm 2024 chưa có văn bản nào (kho lưu trữ: {tmp_path / 'archive'}).",
    ]


def test_a_database_url_that_is_not_postgresql_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "docgen.toml"
    path.write_text(
        REFERENCE_PROFILE.read_text("utf-8") + '\n[archive]\ndatabase_url = "mysql://x"\n', "utf-8"
    )
    code, _, err = run(capsys, "register", "show", "--profile", str(path))
    assert code == 4 and "archive.database_url: database_url phải là địa chỉ PostgreSQL" in err

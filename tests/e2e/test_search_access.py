"""Secret documents are listed only for a profile allowed to see them; the agency code reaches the
metadata files (OrganId)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from docgen.archive import open_register
from docgen.cli import main
from docgen.errors import ProfileError
from docgen.inputs.profile import parse_profile
from docgen.services.issue import issue
from docgen.services.settings import templates_dir
from tests.conftest import REFERENCE_PROFILE
from tests.integration.test_dispatch_layouts import dispatch
from tests.integration.test_issue_service import fake_pdf, write_yaml


def profile(tmp_path: Path, extra: str) -> Path:
    text = REFERENCE_PROFILE.read_text("utf-8").replace(
        'abbreviation = "BQL"', 'abbreviation = "BQL"\ncode = "000.00.00.H26"'
    )
    path = tmp_path / f"docgen-{abs(hash(extra))}.toml"
    path.write_text(text + extra, "utf-8")
    return path


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    root = tmp_path / "archive"
    plain = profile(tmp_path, "")
    with open_register(root, "BQL") as store:
        for name, extra in (("a", {}), ("m", {"do_mat": "mat"})):
            source = write_yaml(
                tmp_path / f"{name}.yaml",
                {**dispatch(1, 1), **extra, "trich_yeu": f"phương án {name}"},
            )
            issue(
                source,
                plain,
                archive=root,
                store=store,
                templates=templates_dir(),
                convert=fake_pdf,
            )
    return root


def search(args: list[str], capsys: pytest.CaptureFixture[str]) -> list[dict[str, object]]:
    with pytest.raises(SystemExit) as exit_info:
        main(["search", *args, "--json"])
    assert exit_info.value.code == 0
    return json.loads(capsys.readouterr().out)


def test_secret_documents_need_a_profile_that_allows_them(
    archive: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plain = profile(tmp_path, "")
    cleared = profile(tmp_path, "\n[access]\nsecret_allowed = true\n")
    common = ["phuong an", "--archive", str(archive)]
    assert len(search([*common, "--profile", str(plain)], capsys)) == 1
    assert len(search([*common, "--profile", str(cleared)], capsys)) == 2


def test_agency_code_is_the_metadata_organ_id(archive: Path) -> None:
    metadata = sorted(archive.rglob("*.json"))
    assert len(metadata) == 2  # one metadata file per issued document

    def organ_ids(value: object) -> list[str]:
        if isinstance(value, dict):
            found = [str(value["OrganId"])] if "OrganId" in value else []
            return found + [i for v in value.values() for i in organ_ids(v)]
        if isinstance(value, list):
            return [i for v in value for i in organ_ids(v)]
        return []

    for path in metadata:
        assert "000.00.00.H26" in organ_ids(json.loads(path.read_text("utf-8")))


def test_a_malformed_agency_code_is_refused() -> None:
    import tomllib

    data = tomllib.loads(REFERENCE_PROFILE.read_text("utf-8"))
    data["agency"]["code"] = "H26"
    with pytest.raises(ProfileError, match="code"):
        parse_profile(data, source="docgen.toml")


def test_the_table_says_where_each_pdf_is_at_80_columns(
    archive: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    plain = profile(tmp_path, "")
    common = ["search", "phuong an", "--archive", str(archive), "--profile", str(plain)]
    monkeypatch.setenv("COLUMNS", "80")
    with pytest.raises(SystemExit) as exit_info:
        main(common)
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    # Every line fits but the one naming the archive folder, a path as long as it is.
    assert [line for line in out.splitlines() if len(line) > 80 and str(archive) not in line] == []
    (found,) = search(common[1:], capsys)
    pdf = Path(str(found["pdf"]))
    assert pdf.is_absolute() and pdf.is_file() and pdf.suffix == ".pdf"
    assert f"  1  {pdf.relative_to(archive.resolve()).as_posix()}" in out.splitlines()
    assert "Tìm thấy 1 văn bản." in out

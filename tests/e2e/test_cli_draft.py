"""`docgen draft` as a clerk runs it: one clear line and nothing written for every malformed input.

Runs through `docgen.cli.main`, which calls sys.exit. No PDF is made here (the LibreOffice path is an
integration test); a malformed input with `--pdf` must fail before LibreOffice is even looked for.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import docx
import pytest
import yaml
from docx.oxml.ns import qn

from docgen.cli import main

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "bql-hanoi"
PROFILE_TEXT = (EXAMPLES / "docgen.toml").read_text("utf-8")
REFERENCE = EXAMPLES / "bql-khth-moi-xet-chon-spcncl.yaml"

GOOD: dict[str, Any] = {
    "don_vi": "KHTH",
    "trich_yeu": "mời dự họp tổng kết năm 2024",
    "ngay": "05/3/2024",
    "kinh_gui": ["Sở Công Thương"],
    "noi_dung": ["Ban quản lý kính mời đại diện Sở dự họp."],
    "nguoi_ky": "pho-truong-ban",
}


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run `docgen *args`; return (exit code, stdout, stderr)."""
    with pytest.raises(SystemExit) as caught:
        main(list(args))
    out, err = capsys.readouterr()
    code = caught.value.code
    return (code if isinstance(code, int) else 1), out, err


def dump(data: dict[str, Any]) -> bytes:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode("utf-8")


def doc(**changes: Any) -> bytes:
    """The good document with `changes` applied; a value of None removes the key."""
    data = {**GOOD, **changes}
    return dump({k: v for k, v in data.items() if v is not None})


def snapshot(root: Path) -> dict[str, bytes | None]:
    """Every path under `root` with its bytes (None for a folder): what 'nothing written' compares."""
    return {
        str(p.relative_to(root)): (p.read_bytes() if p.is_file() else None)
        for p in sorted(root.rglob("*"))
    }


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A clerk's folder with the example profile and a good document; the CLI runs in it."""
    (tmp_path / "docgen.toml").write_text(PROFILE_TEXT, "utf-8")
    (tmp_path / "cv.yaml").write_bytes(doc())
    monkeypatch.chdir(tmp_path)
    for name in ("DOCGEN_PROFILE", "DOCGEN_TEMPLATES", "DOCGEN_ARCHIVE"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def paragraphs(path: Path) -> list[str]:
    """The text of every non-empty paragraph of a .docx, tables included, in document order."""
    body = docx.Document(str(path)).element.body
    texts = ("".join(t.text or "" for t in p.iter(qn("w:t"))) for p in body.iter(qn("w:p")))
    return [t for t in texts if t.strip()]


@dataclass(frozen=True)
class Bad:
    """One malformed input: files to write into the folder, extra arguments, what must be said."""

    files: dict[str, bytes]
    code: int
    names: tuple[str, ...]  #: what the one line must contain: the file, the field, the value
    args: tuple[str, ...] = ()
    source: str = "cv.yaml"
    env: dict[str, str] = field(default_factory=dict)
    setup: Callable[[Path], None] | None = None


def _corrupt_templates(root: Path) -> None:
    (root / "mau").mkdir()
    (root / "mau" / "cong-van.docx").write_text("không phải tệp Word", "utf-8")


PROFILE_MARGIN = PROFILE_TEXT.replace("left = 30", "left = 40")
PROFILE_UNKNOWN_KEY = PROFILE_TEXT.replace('place = "Hà Nội"', 'place = "Hà Nội"\nadress = "Số 2"')
PROFILE_BAD_TOML = PROFILE_TEXT.replace('abbreviation = "BQL"', 'abbreviation = "BQL')
NFD = unicodedata.normalize("NFD", "Sở Công Thương")
assert NFD != "Sở Công Thương"
assert PROFILE_MARGIN != PROFILE_TEXT and PROFILE_UNKNOWN_KEY != PROFILE_TEXT
assert PROFILE_BAD_TOML != PROFILE_TEXT

INPUT, PROFILE, TEMPLATE = 3, 4, 5  # exit codes of the families (docgen/errors.py)

BAD: dict[str, Bad] = {
    "bad YAML syntax": Bad(
        {"cv.yaml": b"don_vi: KHTH\ntrich_yeu: [m\xe1\xbb\x9di h\xe1\xbb\x8dp\n"},
        INPUT,
        ("cv.yaml", "YAML", "dòng"),
    ),
    "bad YAML indentation": Bad(
        {"cv.yaml": b"don_vi: KHTH\n  trich_yeu: x: y\n"}, INPUT, ("cv.yaml", "dòng 2")
    ),
    "empty file": Bad({"cv.yaml": b""}, INPUT, ("cv.yaml", "tệp trống")),
    "not UTF-8 (UTF-16 from Notepad)": Bad(
        {"cv.yaml": doc().decode().encode("utf-16")}, INPUT, ("cv.yaml", "UTF-8")
    ),
    "not UTF-8 (Windows-1258 bytes)": Bad(
        {"cv.yaml": b"don_vi: KHTH\ntrich_yeu: m\xf2i h\xf2p\n"}, INPUT, ("cv.yaml", "UTF-8")
    ),
    "missing trich_yeu": Bad({"cv.yaml": doc(trich_yeu=None)}, INPUT, ("cv.yaml", "trich_yeu")),
    "missing trich_yeu with --pdf": Bad(
        {"cv.yaml": doc(trich_yeu=None)}, INPUT, ("cv.yaml", "trich_yeu"), args=("--pdf",)
    ),
    "missing don_vi": Bad({"cv.yaml": doc(don_vi=None)}, INPUT, ("cv.yaml", "don_vi")),
    "unknown don_vi": Bad({"cv.yaml": doc(don_vi="XYZ")}, INPUT, ("cv.yaml", "don_vi", "XYZ")),
    "unknown loai": Bad({"cv.yaml": doc(loai="thu-tinh")}, INPUT, ("cv.yaml", "loai", "thu-tinh")),
    "unknown authority": Bad(
        {"cv.yaml": doc(nguoi_ky={"ma": "pho-truong-ban", "tham_quyen": "XYZ"})},
        INPUT,
        ("cv.yaml", "nguoi_ky.tham_quyen[1]", "XYZ"),
    ),
    "KT without chuc_vu": Bad(
        {
            "cv.yaml": doc(
                nguoi_ky={"ho_ten": "Trần Văn B", "tham_quyen": "KT", "thay_cho": "Trưởng ban"}
            )
        },
        INPUT,
        ("cv.yaml", "nguoi_ky.chuc_vu"),
    ),
    "unknown signer": Bad(
        {"cv.yaml": doc(nguoi_ky="giam-doc")},
        INPUT,
        ("cv.yaml", "nguoi_ky: không có người ký mã", "giam-doc"),
    ),
    "Jinja expression in trich_yeu": Bad(
        {"cv.yaml": doc(trich_yeu="mời họp {{ 7*7 }}")}, INPUT, ("cv.yaml", "trich_yeu")
    ),
    "Jinja statement in the body": Bad(
        {"cv.yaml": doc(noi_dung=["Mở đầu.", "{% for x in range(9) %}x{% endfor %}"])},
        INPUT,
        ("cv.yaml", "noi_dung[2]"),
    ),
    "control character (escaped in YAML)": Bad(
        {"cv.yaml": doc(trich_yeu="mời\x07họp")}, INPUT, ("cv.yaml", "trich_yeu")
    ),
    "control character (raw)": Bad(
        {"cv.yaml": doc().replace("mời".encode(), "m\x0bời".encode())},
        INPUT,
        ("cv.yaml", "dòng 2"),
    ),
    "non-NFC text": Bad({"cv.yaml": doc(kinh_gui=[NFD])}, INPUT, ("cv.yaml", "kinh_gui[1]")),
    "empty kinh_gui for a công văn": Bad(
        {"cv.yaml": doc(kinh_gui=[])}, INPUT, ("cv.yaml", "kinh_gui")
    ),
    "kinh_gui is a number": Bad({"cv.yaml": doc(kinh_gui=42)}, INPUT, ("cv.yaml", "kinh_gui")),
    "wrong date 31/2/2024": Bad(
        {"cv.yaml": doc(ngay="31/2/2024")}, INPUT, ("cv.yaml", "ngay", "31/2/2024")
    ),
    "wrong unquoted date 2024-02-31": Bad(
        {"cv.yaml": doc(ngay=None) + b"ngay: 2024-02-31\n"}, INPUT, ("cv.yaml", "ngay", "31/2/2024")
    ),
    "so without a full date": Bad(
        {"cv.yaml": doc(so=5, ngay={"nam": 2024, "thang": 3})}, INPUT, ("cv.yaml", "ngay")
    ),
    "so: 0": Bad({"cv.yaml": doc(so=0)}, INPUT, ("cv.yaml", "so")),
    "unknown do_khan": Bad(
        {"cv.yaml": doc(do_khan="rat-khan")}, INPUT, ("cv.yaml", "do_khan", "rat-khan")
    ),
    "body not a list": Bad(
        {"cv.yaml": doc(noi_dung="Kính mời dự họp.")}, INPUT, ("cv.yaml", "noi_dung")
    ),
    "unknown top-level key (typo)": Bad(
        {"cv.yaml": doc(do_khann="khan")}, INPUT, ("cv.yaml", "do_khann")
    ),
    "numbers as trich_yeu list": Bad(
        {"cv.yaml": doc(trich_yeu=[1, 2])}, INPUT, ("cv.yaml", "trich_yeu")
    ),
    "document is a list": Bad({"cv.yaml": b"- don_vi: KHTH\n"}, INPUT, ("cv.yaml",)),
    "missing input file": Bad(
        {}, INPUT, ("khong-co.yaml", "không tìm thấy"), source="khong-co.yaml"
    ),
    "margins out of range in the profile": Bad(
        {"docgen.toml": PROFILE_MARGIN.encode()},
        PROFILE,
        ("docgen.toml", "format.margins_mm.left", "30–35"),
    ),
    "unknown profile key": Bad(
        {"docgen.toml": PROFILE_UNKNOWN_KEY.encode()}, PROFILE, ("docgen.toml", "agency.adress")
    ),
    "bad TOML": Bad({"docgen.toml": PROFILE_BAD_TOML.encode()}, PROFILE, ("docgen.toml", "TOML")),
    "missing profile file": Bad(
        {}, PROFILE, ("khong-co.toml", "không tìm thấy"), args=("--profile", "khong-co.toml")
    ),
    "thư công without ten_thu (its title)": Bad(
        {"cv.yaml": doc(loai="thu-cong")},
        INPUT,
        ("cv.yaml", "ten_thu", "ten_thu: chúc mừng"),
    ),
    "template that is not a .docx": Bad(
        {}, TEMPLATE, ("cong-van.docx",), env={"DOCGEN_TEMPLATES": "mau"}, setup=_corrupt_templates
    ),
}


def prepare(work: Path, bad: Bad, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Write the case's files; return the command line."""
    for name, content in bad.files.items():
        (work / name).write_bytes(content)
    if bad.setup is not None:
        bad.setup(work)
    for name, value in bad.env.items():
        monkeypatch.setenv(name, value)
    args = list(bad.args)
    if "--profile" not in args:
        args += ["--profile", "docgen.toml"]
    return ["draft", bad.source, *args]


def test_there_are_enough_malformed_inputs() -> None:
    assert len(BAD) >= 24


@pytest.mark.parametrize("name", list(BAD))
def test_malformed_input_gives_one_line_and_writes_nothing(
    work: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    bad = BAD[name]
    argv = prepare(work, bad, monkeypatch)
    before = snapshot(work)
    code, out, err = run(capsys, *argv, "-o", "ra/cv.docx")
    assert code == bad.code, err
    assert out == ""
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("Lỗi: ")
    for word in bad.names:
        assert word in lines[0], f"{word!r} not in {lines[0]!r}"
    assert "Traceback" not in err
    assert snapshot(work) == before  # nothing written, not even the output folder
    assert not (work / "ra").exists()
    assert not (work / "cv.docx").exists() and not (work / "cv.pdf").exists()


def test_malformed_input_without_o_writes_nothing_beside_the_input(
    work: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (work / "cv.yaml").write_bytes(doc(trich_yeu=None))
    before = snapshot(work)
    code, _, err = run(capsys, "draft", "cv.yaml", "--profile", "docgen.toml", "--pdf")
    assert code == INPUT and err.startswith("Lỗi: cv.yaml: trich_yeu: ")
    assert snapshot(work) == before


def test_verbose_shows_the_traceback(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (work / "cv.yaml").write_bytes(doc(trich_yeu=None))
    code, out, err = run(capsys, "draft", "cv.yaml", "--profile", "docgen.toml", "--verbose")
    assert code == INPUT
    assert "Traceback (most recent call last)" in err
    assert "InputError" in err
    assert err.splitlines()[-1].startswith("Lỗi: cv.yaml: trich_yeu: ")
    code, out, err = run(capsys, "draft", "cv.yaml", "--profile", "docgen.toml")
    assert (code, out) == (INPUT, "")
    assert "Traceback" not in err and len(err.splitlines()) == 1


def test_happy_path_writes_the_docx_and_speaks_vietnamese(
    work: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "draft", "cv.yaml", "--profile", "docgen.toml")
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "Đã soạn: cv.docx",
        "Đây là bản dự thảo: số và ngày để trống cho Văn thư điền khi ban hành.",
    ]
    assert not (work / "cv.pdf").exists()
    texts = paragraphs(work / "cv.docx")
    assert "Hà Nội, ngày 05 tháng 3 năm 2024" in texts
    assert "Kính gửi: Sở Công Thương." in texts
    assert "V/v mời dự họp tổng kết năm 2024" in texts
    assert texts[-3:] == ["KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", "Nguyễn Văn Ngân"]


def test_numbered_document_is_not_called_a_draft(
    work: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (work / "cv.yaml").write_bytes(doc(so=5))
    code, out, err = run(capsys, "draft", "cv.yaml", "--profile", "docgen.toml", "-o", "ra/5.docx")
    assert (code, err) == (0, "")
    assert out.splitlines() == ["Đã soạn: ra/5.docx"]
    assert "Số: 05/BQL-KHTH" in paragraphs(work / "ra" / "5.docx")


def test_profile_from_the_environment(
    work: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (work / "docgen.toml").rename(work / "bql.toml")
    monkeypatch.setenv("DOCGEN_PROFILE", "bql.toml")
    code, _, err = run(capsys, "draft", "cv.yaml")
    assert (code, err) == (0, "")
    assert (work / "cv.docx").exists()


def test_reference_dispatch_through_the_cli(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (work / "ref.yaml").write_bytes(REFERENCE.read_bytes())
    code, out, err = run(capsys, "draft", "ref.yaml", "--profile", "docgen.toml")
    assert (code, err) == (0, "")
    assert out.startswith("Đã soạn: ref.docx\n")
    texts = paragraphs(work / "ref.docx")
    assert "Số: /BQL-KHTH" in [" ".join(t.split()) for t in texts]
    assert "- Như trên (VP gửi email và đăng lên Website BQL);" in texts


def test_same_input_gives_the_same_docx_text(
    work: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "draft", "cv.yaml", "--profile", "docgen.toml", "-o", "a.docx")
    run(capsys, "draft", "cv.yaml", "--profile", "docgen.toml", "-o", "b.docx")
    assert paragraphs(work / "a.docx") == paragraphs(work / "b.docx")


XML_SPECIAL = "Công ty A & B <Việt Nam>"


def test_xml_special_characters_come_out_intact(
    work: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (work / "cv.yaml").write_bytes(
        doc(
            trich_yeu="mời họp & <bàn> \"việc\" 'chung'",
            kinh_gui=[XML_SPECIAL],
            noi_dung=[f"Kính gửi {XML_SPECIAL}: x < y & z > w; \"trích\" 'dẫn' &amp;."],
            noi_nhan={"cac_noi": [f"Phòng {XML_SPECIAL}"]},  # once: Như trên has the Kính gửi
        )
    )
    code, _, err = run(capsys, "draft", "cv.yaml", "--profile", "docgen.toml")
    assert (code, err) == (0, "")
    texts = paragraphs(work / "cv.docx")
    assert f"Kính gửi: {XML_SPECIAL}." in texts
    assert f"- Phòng {XML_SPECIAL};" in texts
    assert "V/v mời họp & <bàn> \"việc\" 'chung'" in texts
    assert f"Kính gửi {XML_SPECIAL}: x < y & z > w; \"trích\" 'dẫn' &amp;./." in texts


def test_xml_special_characters_in_a_recipient_list(
    work: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (work / "cv.yaml").write_bytes(doc(kinh_gui=[XML_SPECIAL, "Sở <Tài chính> & Thuế"]))
    code, _, err = run(capsys, "draft", "cv.yaml", "--profile", "docgen.toml")
    assert (code, err) == (0, "")
    texts = paragraphs(work / "cv.docx")
    assert f"- {XML_SPECIAL};" in texts
    assert "- Sở <Tài chính> & Thuế." in texts


def test_verbose_is_accepted_before_the_command(
    work: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (work / "cv.yaml").write_bytes(doc(don_vi="XYZ"))
    code, _, err = run(capsys, "--verbose", "draft", "cv.yaml", "--profile", "docgen.toml")
    assert code == INPUT
    assert "Traceback" in err and err.splitlines()[-1].startswith("Lỗi: cv.yaml: don_vi: ")


def test_output_over_the_input_is_refused(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = snapshot(work)
    code, _, err = run(capsys, "draft", "cv.yaml", "--profile", "docgen.toml", "-o", "cv.yaml")
    assert code == INPUT and err.startswith("Lỗi: ")
    assert snapshot(work) == before
    code, _, err = run(
        capsys, "draft", "cv.yaml", "--profile", "docgen.toml", "-o", "x.pdf", "--pdf"
    )
    assert code == INPUT and ".docx" in err
    assert snapshot(work) == before

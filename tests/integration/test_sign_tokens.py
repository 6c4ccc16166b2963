"""The decree's two signatures on real PKCS#11 tokens (SoftHSM2 tokens the tests initialise, keys
generated on them): the signer's own signature with their image in the signature block, then
the agency's with the seal over its left third; every key problem refused before a number."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from docgen.archive import open_register
from docgen.archive.register import RegisterStore
from docgen.errors import SignatureError
from docgen.pdf.pipeline import SIGNER_FIELD
from docgen.pdf.probe import placed_images
from docgen.pdf.sign import DEFAULT_FIELD
from docgen.pdf.verify import verify_pdf
from docgen.services.issue import issue
from docgen.services.settings import templates_dir
from tests.conftest import EXAMPLES, FIXED_TODAY, needs_libreoffice
from tests.integration.test_issue_service import archive_files, fake_pdf, write_yaml
from tests.support.tokens import AGENCY, PIN, PKI_PASSWORD, SIGNER, Tokens

CORRECTED = EXAMPLES / "bql-khth-moi-xet-chon-spcncl-da-sua.yaml"
NOW = dt.datetime.now(dt.UTC)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[RegisterStore]:
    opened = open_register(tmp_path / "archive", "BQL")
    yield opened
    opened.close()


@pytest.fixture
def pins(monkeypatch: pytest.MonkeyPatch) -> None:
    """The agency key's password and the head's PIN in the environment (unattended use)."""
    monkeypatch.setenv("DOCGEN_SIGN_PASSWORD", PKI_PASSWORD)
    monkeypatch.setenv("DOCGEN_PIN_TRUONG_BAN", PIN)


def _issue(profile: Path, store: RegisterStore, root: Path, **kwargs: object) -> object:
    return issue(
        CORRECTED, profile, archive=root, store=store, templates=templates_dir(), on=FIXED_TODAY,
        **kwargs,  # type: ignore[arg-type]
    )  # fmt: skip


@pytest.mark.libreoffice
def test_issue_signs_with_the_signers_token_then_the_agencys_key(
    tokens: Tokens, store: RegisterStore, tmp_path: Path, pins: None, artifacts_dir: Path
) -> None:
    needs_libreoffice()
    tokens.make("LQL")
    profile = tokens.profile(tmp_path, signer_token="LQL")
    result = _issue(profile, store, tmp_path / "archive")
    pdf = result.pdf  # type: ignore[attr-defined]
    (artifacts_dir / "pdf-two-signatures-token.pdf").write_bytes(pdf.read_bytes())
    report = verify_pdf(pdf, [tokens.pki.root_cert])
    assert report.ok, report.all_problems()
    first, second = report.signatures
    assert first.field == SIGNER_FIELD and SIGNER in first.signer
    assert second.field == DEFAULT_FIELD and second.whole_file
    # the first is intact, trusted and only followed by the agency's signature
    assert first.intact and first.trusted and not first.whole_file and not first.modified_after
    assert first.organisation == second.organisation == "Ban Quản lý thử"
    images = {i.source: i for i in placed_images(pdf) if i.source != "page"}
    signature, seal = images[SIGNER_FIELD], images[DEFAULT_FIELD]
    assert signature.page_index == seal.page_index
    fraction = seal.box.horizontal_overlap(signature.box) / signature.box.width
    assert 0.25 <= fraction <= 0.40  # the seal covers about a third, on the left
    assert seal.box.x0 < signature.box.x0 < seal.box.x1 < signature.box.cx
    # no image of the signature is stamped into the page: it is the signature's appearance
    assert [i for i in placed_images(pdf) if i.source == "page"] == []


def _refused(profile: Path, store: RegisterStore, folder: Path, match: str) -> SignatureError:
    root = folder / "archive"
    with pytest.raises(SignatureError, match=match) as caught:
        _issue(profile, store, root, convert=fake_pdf)
    assert store.entries(2024) == [] and archive_files(root) == []  # no number, no file
    return caught.value


def test_a_wrong_pin_is_refused_before_any_number(
    tokens: Tokens, store: RegisterStore, tmp_path: Path, pins: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    tokens.make("LQL")
    monkeypatch.setenv("DOCGEN_PIN_TRUONG_BAN", "0000")
    error = _refused(tokens.profile(tmp_path, signer_token="LQL"), store, tmp_path, "sai mã PIN")
    assert "0000" not in error.one_line()
    assert "'LQL' của Lê Quang Long" in error.one_line()


def test_a_missing_pin_names_the_variable(
    tokens: Tokens, store: RegisterStore, tmp_path: Path, pins: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    tokens.make("LQL")
    monkeypatch.delenv("DOCGEN_PIN_TRUONG_BAN")
    error = _refused(
        tokens.profile(tmp_path, signer_token="LQL"), store, tmp_path, "chưa có mã PIN token"
    )
    assert error.field == "DOCGEN_PIN_TRUONG_BAN"


def test_an_absent_token_is_refused_naming_the_tokens_present(
    tokens: Tokens, store: RegisterStore, tmp_path: Path, pins: None
) -> None:
    tokens.make("LQL")
    error = _refused(
        tokens.profile(tmp_path, signer_token="KHONG-CAM"), store, tmp_path, "không thấy token"
    )
    assert "'LQL'" in error.hint and "cắm token" in error.hint


def test_a_locked_token_is_refused(
    tokens: Tokens, store: RegisterStore, tmp_path: Path, pins: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    import pkcs11

    tokens.make("KHOA", pin="4321")
    tokens.lock("KHOA")
    pkcs11.lib(os.path.realpath(tokens.module)).reinitialize()  # read the flags again
    monkeypatch.setenv("DOCGEN_PIN_TRUONG_BAN", "4321")
    _refused(tokens.profile(tmp_path, signer_token="KHOA"), store, tmp_path, "đã bị khóa")


@pytest.mark.parametrize(
    ("label", "holder", "start", "end", "match"),
    [
        ("HET-HAN", SIGNER, NOW - dt.timedelta(days=400), NOW - dt.timedelta(days=1), "đã hết hạn"),
        ("CHUA-HL", SIGNER, NOW + dt.timedelta(days=2), NOW + dt.timedelta(days=400),
         "chưa có hiệu lực"),
        ("NGUOI-KHAC", "Trần Văn Khác", None, None, "mang tên 'Trần Văn Khác"),
    ],
)  # fmt: skip
def test_a_certificate_that_may_not_sign_is_refused(
    tokens: Tokens, store: RegisterStore, tmp_path: Path, pins: None,
    label: str, holder: str, start: dt.datetime | None, end: dt.datetime | None, match: str,
) -> None:  # fmt: skip
    tokens.make(label, holder, not_before=start, not_after=end)
    _refused(tokens.profile(tmp_path, signer_token=label), store, tmp_path, match)


def test_the_certificate_name_may_be_written_as_the_ca_wrote_it(
    tokens: Tokens, store: RegisterStore, tmp_path: Path, pins: None
) -> None:
    """A CA that writes the name otherwise (`certificate_name`) is accepted for that signer;
    the document still stops at the fake converter's blank page (no signature block), after
    the keys were accepted."""
    tokens.make("NGUOI-KHAC", "Trần Văn Khác")
    profile = tokens.profile(
        tmp_path, signer_token="NGUOI-KHAC", signer_extra='certificate_name = "TRAN VAN KHAC"'
    )
    with pytest.raises(Exception) as caught:
        _issue(profile, store, tmp_path / "archive", convert=fake_pdf)
    assert "mang tên" not in str(caught.value) and "PIN" not in str(caught.value)


def test_without_an_own_key_the_signer_image_is_stamped_and_only_the_agency_signs(
    tokens: Tokens, tmp_path: Path
) -> None:
    """A profile whose signer has no key keeps the older behaviour (the scanned image)."""
    from docgen.inputs.profile import load_profile

    agency = load_profile(tokens.profile(tmp_path))
    signer = agency.signer("truong-ban")
    assert signer is not None and signer.own_key is None


@pytest.mark.libreoffice
def test_a_bien_ban_carries_each_signers_signature_in_its_block(
    tokens: Tokens, store: RegisterStore, tmp_path: Path, pins: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    """Both people of a biên bản sign their own block with their own token (the secretary's
    left column first), then the agency."""
    needs_libreoffice()
    import yaml

    tokens.make("LQL")
    tokens.make("NVN", "Nguyễn Văn Ngân")
    monkeypatch.setenv("DOCGEN_PIN_PHO_TRUONG_BAN", PIN)
    profile = tokens.profile(tmp_path, signer_token="LQL")
    text = profile.read_text("utf-8").replace(
        "[signers.pho-truong-ban]\n",
        f'[signers.pho-truong-ban]\nsignature_image = "{tokens.seal.signature}"\n'
        f'token_label = "NVN"\npkcs11_module = "{tokens.module}"\n',
    )
    profile.write_text(text, "utf-8")
    data = yaml.safe_load((EXAMPLES / "bql-bb-hop-giao-ban.yaml").read_text("utf-8"))
    data["nguoi_ky"] = "truong-ban"
    data["nguoi_ky_2"] = "pho-truong-ban"
    source = write_yaml(tmp_path / "bien-ban.yaml", data)
    result = issue(
        source, profile, archive=tmp_path / "archive", store=store, templates=templates_dir(),
        on=FIXED_TODAY,
    )  # fmt: skip
    report = verify_pdf(result.pdf, [tokens.pki.root_cert])
    assert report.ok, report.all_problems()
    fields = [(s.field, s.signer.split(" (")[0]) for s in report.signatures]
    assert fields == [
        (f"{SIGNER_FIELD}_2", "Nguyễn Văn Ngân"),
        (SIGNER_FIELD, SIGNER),
        (DEFAULT_FIELD, "Ban Quản lý thử"),
    ]
    images = {i.source: i for i in placed_images(result.pdf) if i.source != "page"}
    left, right = images[f"{SIGNER_FIELD}_2"], images[SIGNER_FIELD]
    assert left.box.cx < right.box.cx  # the secretary's block is the left column


def _open_token(module: str, label: str, barrier: Any, out: Any) -> None:
    from docgen.pdf.pkcs11 import Pkcs11Signer

    barrier.wait()
    problems = []
    for _ in range(3):
        try:
            with Pkcs11Signer(module=module, pin=PIN, token_label=label, holder=SIGNER).session():
                pass
        except SignatureError as error:
            problems.append(str(error))
    out.put(problems)


def test_processes_signing_with_one_token_at_once_all_find_it(tokens: Tokens) -> None:
    """4 server workers opening the same token at the same moment: SoftHSM2 leaves a token out
    of its scan while another process uses it, which must not read as 'not plugged in'."""
    tokens.make("LQL")
    context = multiprocessing.get_context("spawn")  # a driver of its own in each, as a worker's
    barrier, out = context.Barrier(4), context.Queue()
    children = [
        context.Process(target=_open_token, args=(tokens.module, "LQL", barrier, out))
        for _ in range(4)
    ]
    for child in children:
        child.start()
    problems = [p for _ in children for p in out.get(timeout=120)]
    for child in children:
        child.join(timeout=60)
    assert problems == []


def _cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    from docgen.cli import main

    with pytest.raises(SystemExit) as exited:
        main(list(args))
    out, err = capsys.readouterr()
    return int(exited.value.code or 0), out, err


@pytest.mark.libreoffice
def test_docgen_sign_takes_both_keys_from_the_profile_both_on_tokens(
    tokens: Tokens, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    """A PDF made elsewhere (here a draft's): `docgen sign --profile … --signer truong-ban` puts
    the head's signature block, signs with the head's token, then with the agency's token with
    the seal; without --signer, the agency's key alone signs, hidden."""
    from docgen.services.draft import draft

    needs_libreoffice()
    tokens.make("LQL")
    tokens.make("CQ", AGENCY)
    monkeypatch.setenv("DOCGEN_PIN_TRUONG_BAN", PIN)
    monkeypatch.setenv("DOCGEN_SIGN_PIN", PIN)
    profile = tokens.profile(tmp_path, signer_token="LQL", agency_token="CQ")
    made = draft(
        CORRECTED, profile, tmp_path / "du-thao.docx", pdf=True, templates=templates_dir(),
        today=FIXED_TODAY,
    )  # fmt: skip
    assert made.pdf is not None
    signed = tmp_path / "da-ky.pdf"
    code, out, err = _cli(
        capsys, "sign", str(made.pdf), str(signed), "--profile", str(profile),
        "--signer", "truong-ban",
    )  # fmt: skip
    assert code == 0, err
    assert "Đã đóng chữ ký và ký số có hình dấu" in out and PIN not in out + err
    report = verify_pdf(signed, [tokens.pki.root_cert])
    assert report.ok, report.all_problems()
    first, second = report.signatures
    assert first.field == SIGNER_FIELD and SIGNER in first.signer
    assert second.field == DEFAULT_FIELD and AGENCY in second.signer and second.whole_file
    hidden = tmp_path / "an.pdf"
    code, out, err = _cli(capsys, "sign", str(made.pdf), str(hidden), "--profile", str(profile))
    assert code == 0, err
    (only,) = verify_pdf(hidden, [tokens.pki.root_cert]).signatures
    assert AGENCY in only.signer and "Đã ký số ẩn" in out


def test_docgen_sign_refuses_an_unknown_signer_and_a_missing_key_in_one_line(
    tokens: Tokens, tmp_path: Path, pins: None, capsys: pytest.CaptureFixture[str]
) -> None:
    from docgen.errors import InputError

    (tmp_path / "x.docx").write_bytes(b"any")
    pdf = fake_pdf(tmp_path / "x.docx", tmp_path)
    profile = tokens.profile(tmp_path)
    out_pdf = tmp_path / "out.pdf"
    code, _, err = _cli(
        capsys, "sign", str(pdf), str(out_pdf), "--profile", str(profile), "--signer", "ai-do"
    )
    assert code == InputError.exit_code
    assert "không có người ký 'ai-do'" in err and "truong-ban" in err
    assert "Traceback" not in err and not out_pdf.exists()
    code, _, err = _cli(capsys, "sign", str(pdf), str(out_pdf), "--signer", "truong-ban")
    assert code == InputError.exit_code and "--signer chỉ dùng cùng --profile" in err
    code, _, err = _cli(capsys, "sign", str(pdf), str(out_pdf))
    assert code == InputError.exit_code and "chưa có khóa ký" in err and "--profile" in err
    assert not out_pdf.exists()

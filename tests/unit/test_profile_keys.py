"""Where the profile says signing keys are: a token or a file, for the agency and each signer;
PINs only ever named by their variable; each mistake one line naming the key."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from docgen.errors import ProfileError
from docgen.inputs.profile import load_profile
from docgen.inputs.profile_keys import env_suffix, signer_secret_envs
from docgen.rules.names import same_name
from tests.conftest import REFERENCE_PROFILE

MODULE = "/usr/lib/softhsm/libsofthsm2.so"


def _profile(tmp_path: Path, signing: str, signer: str = "") -> Path:
    text = REFERENCE_PROFILE.read_text("utf-8").replace(
        "[signers.truong-ban]\n", f"[signers.truong-ban]\n{signer}\n"
    )
    path = tmp_path / "docgen.toml"
    path.write_text(f'{text}\n[signing]\nseal_image = "dau.png"\n{signing}\n', "utf-8")
    return path


def test_the_agency_key_on_a_token_and_the_signer_using_its_module(tmp_path: Path) -> None:
    agency = load_profile(
        _profile(
            tmp_path,
            f'pkcs11_module = "{MODULE}"\ntoken_label = "BQL"\nkey_id = "A1:B2"',
            'token_label = "LQL"',
        )
    )
    assert agency.signing is not None
    key = agency.signing.key
    assert key.on_token and key.token_label == "BQL" and key.key_id == "a1b2"
    assert key.secret_env == "DOCGEN_SIGN_PIN" and key.module == MODULE
    own = agency.signer("truong-ban").own_key  # type: ignore[union-attr]
    assert own is not None and own.module == MODULE and own.token_label == "LQL"
    assert own.secret_env == "DOCGEN_PIN_TRUONG_BAN"
    other = agency.signer("pho-truong-ban")
    assert other is not None and other.own_key is None  # no key: the image is stamped


def test_a_pkcs12_file_for_the_agency_and_a_signer(tmp_path: Path) -> None:
    agency = load_profile(
        _profile(tmp_path, 'pkcs12 = "co-quan.p12"', 'pkcs12 = "lql.p12"\npassword_env = "MK_LQL"')
    )
    assert agency.signing is not None and agency.signing.pkcs12 == str(tmp_path / "co-quan.p12")
    assert agency.signing.password_env == "DOCGEN_SIGN_PASSWORD"
    own = agency.signer("truong-ban").own_key  # type: ignore[union-attr]
    assert own is not None and not own.on_token and own.secret_env == "MK_LQL"


@pytest.mark.parametrize(
    ("signing", "signer", "field", "words"),
    [
        (f'pkcs12 = "a.p12"\npkcs11_module = "{MODULE}"', "", "signing.pkcs12", "cả tệp khóa"),
        ("", "", "signing.pkcs12", "chưa khai khóa ký số"),
        ('token_label = "BQL"', "", "signing.pkcs11_module", "trình điều khiển"),
        (f'pkcs11_module = "{MODULE}"', "", "signing.token_label", "chưa khai token"),
        (f'pkcs11_module = "{MODULE}"\ntoken_label = "B"\nkey_id = "xyz"', "", "signing.key_id",
         "hệ 16"),
        (f'pkcs11_module = "{MODULE}"\ntoken_label = "B"\npin_env = "1234"', "", "signing.pin_env",
         "không ghi mã PIN"),
        ('pkcs12 = "a.p12"\npin_env = "X"', "", "signing.pin_env", "password_env"),
        ('pkcs12 = "a.p12"', 'token_label = "L"\npassword_env = "X"',
         "signers.truong-ban.password_env", "pin_env"),
        ('pkcs12 = "a.p12"\nltv = true', "", "signing.timestamp_url", "dấu thời gian"),
        ('pkcs12 = "a.p12"\ntoken_lable = "B"', "", "signing.token_lable", "token_label"),
    ],
)  # fmt: skip
def test_each_mistake_is_one_line_naming_the_key(
    tmp_path: Path, signing: str, signer: str, field: str, words: str
) -> None:
    with pytest.raises(ProfileError) as caught:
        load_profile(_profile(tmp_path, signing, signer))
    assert caught.value.field == field and words in caught.value.one_line()


def test_a_signers_variables_come_from_their_key() -> None:
    assert signer_secret_envs("truong-ban") == (
        "DOCGEN_PIN_TRUONG_BAN",
        "DOCGEN_PASSWORD_TRUONG_BAN",
    )
    assert env_suffix("phó-trưởng ban") == "PHO_TRUONG_BAN"
    assert env_suffix("đ") == "D"


@given(st.text(min_size=1, max_size=30))
def test_env_suffix_is_always_a_variable_name(key: str) -> None:
    assert re.fullmatch(r"[A-Z0-9_]+", env_suffix(key))


@pytest.mark.parametrize(
    ("on_certificate", "expected", "same"),
    [
        ("Lê Quang Long", "Lê Quang Long", True),
        ("LÊ QUANG LONG", "Lê Quang Long", True),
        ("LE QUANG LONG", "Lê Quang Long", True),  # a CA that drops the diacritics
        ("Lê Quang Long (KHÔNG DÙNG THẬT)", "Lê Quang Long", True),
        ("  Lê  Quang   Long ", "Lê Quang Long", True),
        ("Lê Quang Lọng", "Lê Quang Long", True),  # diacritics alone never tell two people apart
        ("Lê Quang Long", "Lê Văn Long", False),
        ("Nguyễn Văn Ngân", "Lê Quang Long", False),
        ("BAN QUẢN LÝ CÁC KHU CÔNG NGHIỆP…", "Ban Quản lý các khu công nghiệp và chế xuất", True),
        ("BAN…", "Ban Quản lý", False),  # too short a prefix to say
        ("", "Lê Quang Long", False),
    ],
)
def test_names_on_certificates(on_certificate: str, expected: str, same: bool) -> None:
    assert same_name(on_certificate, expected) is same

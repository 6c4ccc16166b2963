"""Where the profile says a signing key is: a PKCS#11 token or a PKCS#12 file.

The same keys serve `[signing]` (the agency's key, ô 8) and each `[signers.<key>]` (the signer's
own key, ô 7c):

    pkcs12 = "ky-so/co-quan.p12"          # a file …
    password_env = "DOCGEN_SIGN_PASSWORD" # … and the variable holding its password
    pkcs11_module = "/usr/lib/…/x.so"     # or a token: its driver (PKCS#11 module) …
    token_label = "BQL DU AN"             # … the token (or token_slot = 0) …
    key_id = "01"                         # … the key on it (or key_label = "…") …
    pin_env = "DOCGEN_SIGN_PIN"           # … and the variable holding its PIN
    certificate_name = "…"                # the name on the certificate, when not the holder's

A PIN or password is never written in the profile: only the name of the variable that holds it
(or, at the command line, a prompt without echo).
"""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

from docgen.inputs.reader import Section
from docgen.model.agency import AGENCY_PASSWORD_ENV, AGENCY_PIN_ENV, KeySource

KEY_FIELDS = (
    "pkcs12",
    "password_env",
    "pkcs11_module",
    "token_label",
    "token_slot",
    "key_id",
    "key_label",
    "pin_env",
    "certificate_name",
)
_HEX = re.compile(r"^(?:[0-9A-Fa-f]{2})+$")
_ENV = re.compile(r"^[A-Z_][A-Z0-9_]*$")


def env_suffix(signer_key: str) -> str:
    """`truong-ban` → `TRUONG_BAN`: a signer's key as part of a variable name."""
    plain = unicodedata.normalize("NFKD", signer_key.replace("đ", "d").replace("Đ", "D"))
    ascii_only = "".join(c for c in plain if not unicodedata.combining(c))
    return re.sub(r"[^A-Z0-9]+", "_", ascii_only.upper()).strip("_") or "NGUOI_KY"


def signer_secret_envs(signer_key: str) -> tuple[str, str]:
    """The default variables of a signer's token PIN and of their key file's password."""
    suffix = env_suffix(signer_key)
    return f"DOCGEN_PIN_{suffix}", f"DOCGEN_PASSWORD_{suffix}"


def key_source(
    section: Section,
    base: Path,
    *,
    pin_env: str = AGENCY_PIN_ENV,
    password_env: str = AGENCY_PASSWORD_ENV,
    default_module: str = "",
    required: bool = True,
) -> KeySource | None:
    """The key source written in `section`; None when it names none and `required` is False.

    `default_module` is the PKCS#11 module a signer's `token_label` uses when the signer's entry
    names none (the agency's `[signing] pkcs11_module`: one token driver for the whole office).
    Fails (ProfileError naming the key) on a file and a token both given, a token without its
    module, a key id not in hex, or a variable name that is not one.
    """
    values = {
        name: section.text(name, required=False) for name in KEY_FIELDS if name != "token_slot"
    }
    slot = section.integer("token_slot", high=2**32 - 1)
    pkcs12 = str((base / values["pkcs12"]).resolve()) if values["pkcs12"] else ""
    on_token = bool(values["pkcs11_module"] or values["token_label"] or slot is not None)
    on_token = on_token or bool(values["key_id"] or values["key_label"])
    if pkcs12 and on_token:
        section.fail(
            "khai cả tệp khóa (pkcs12) lẫn token (pkcs11_module, token_label, key_id…)",
            "giữ một trong hai: token USB (pkcs11_module + token_label) hoặc tệp .p12",
            key="pkcs12",
        )
    if not pkcs12 and not on_token:
        if not required:
            return None
        section.missing(
            "pkcs12",
            "chưa khai khóa ký số",
            'thêm pkcs11_module + token_label (token USB) hoặc pkcs12 = "…p12" (tệp khóa)',
        )
    for name in ("password_env", "pin_env"):
        if values[name] and not _ENV.match(values[name]):
            section.fail(
                f"`{values[name]}` không phải tên biến môi trường",
                "chỉ ghi TÊN biến (chữ in hoa, số, dấu _), ví dụ DOCGEN_SIGN_PIN — không ghi mã "
                "PIN hay mật khẩu vào tệp cấu hình",
                key=name,
            )
    if pkcs12:
        if values["pin_env"]:
            section.fail("pin_env dùng cho token", "với tệp .p12 dùng password_env", key="pin_env")
        return KeySource(
            pkcs12=pkcs12,
            secret_env=values["password_env"] or password_env,
            certificate_name=values["certificate_name"],
        )
    if values["password_env"]:
        section.fail("password_env dùng cho tệp .p12", "với token dùng pin_env", key="password_env")
    module = values["pkcs11_module"]
    # as written (a symlink kept: CAs' installers link their driver into /usr/lib)
    module = os.path.abspath(base / module) if module else default_module
    if not module:
        section.missing(
            "pkcs11_module",
            "chưa khai trình điều khiển token (thư viện PKCS#11)",
            "ghi pkcs11_module = đường dẫn tệp .so của token (trong hướng dẫn của tổ chức cấp "
            "chứng thư), hoặc khai một lần ở [signing]",
        )
    if not values["token_label"] and slot is None:
        section.missing(
            "token_label",
            "chưa khai token nào",
            "ghi token_label = nhãn token (xem bằng `docgen keys list`) hoặc token_slot = số khe",
        )
    key_id = values["key_id"].replace(":", "").replace(" ", "")
    if key_id and not _HEX.match(key_id):
        section.fail(
            f"mã khóa `{values['key_id']}` không phải số hệ 16",
            'ví dụ: key_id = "01" hoặc "a1:b2"; hoặc dùng key_label',
            key="key_id",
        )
    return KeySource(
        module=module,
        token_label=values["token_label"],
        slot=slot,
        key_id=key_id.lower(),
        key_label=values["key_label"],
        secret_env=values["pin_env"] or pin_env,
        certificate_name=values["certificate_name"],
    )

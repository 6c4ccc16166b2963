"""Signing with a key that never leaves its token: a USB token of the government CA (Ban Cơ yếu
Chính phủ) or a licensed CA, an HSM, or SoftHSM2 in tests — through PKCS#11 (python-pkcs11) and
pyHanko's `PKCS11Signer`.

Every failure a clerk can meet is one Vietnamese line: the driver (module) missing, no token of
that label plugged in, a locked token, a wrong PIN, no key (or several) on the token. Nothing is
signed when opening fails; the services open keys before a number is taken.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from docgen.errors import SignatureError

#: sessions this process holds open, per module: re-initialising a module (to see a token
#: plugged in after it was loaded) would close them
_open_sessions: dict[str, int] = {}
_lock = threading.Lock()
#: a token not found is looked for again this many times, after each pause (s): a driver scanning
#: its tokens while another process uses one may miss it (SoftHSM2 does, with 4 server workers
#: signing with the same token at once: bench/web_bench.py)
RESCAN_PAUSES_S = (0.02, 0.05, 0.1, 0.2, 0.4)


@dataclass(frozen=True)
class Pkcs11Signer:
    """A key on a PKCS#11 token: `module` (the token's driver, a .so file), the token by
    `token_label` or `slot` (its slot id), the key by `key_id` (hex) or `key_label` (neither:
    the token's only signing key). `holder` names the owner in messages ("token của …").

    The PIN is excluded from `repr` so it never reaches a log or a traceback.
    """

    module: str
    pin: str = field(repr=False)
    token_label: str = ""
    slot: int | None = None
    key_id: str = ""
    key_label: str = ""
    holder: str = ""

    @property
    def what(self) -> str:
        name = f"token '{self.token_label}'" if self.token_label else f"token ở khe {self.slot}"
        return f"{name} của {self.holder}" if self.holder else name

    @contextlib.contextmanager
    def session(self) -> Iterator[Any]:
        """Log in to the token and yield a pyHanko signer over its key; logs out afterwards."""
        from pkcs11 import exceptions as p11

        lib = self._library()
        token = self._token(lib)
        session = self._login(token)
        module = os.path.realpath(self.module)
        with _lock:
            _open_sessions[module] = _open_sessions.get(module, 0) + 1
        try:
            signer = self._signer(session)
            yield signer
        finally:
            with _lock:
                _open_sessions[module] -= 1
            with contextlib.suppress(p11.PKCS11Error):
                session.close()

    def _library(self) -> Any:
        import pkcs11

        try:
            # one path per file: a module loaded again under another name (a symlink) fails
            return pkcs11.lib(os.path.realpath(self.module))
        except (OSError, RuntimeError, pkcs11.exceptions.PKCS11Error) as error:
            raise SignatureError(
                f"không nạp được trình điều khiển token ({type(error).__name__})",
                source=self.module,
                hint="cài (lại) phần mềm token của tổ chức cấp chứng thư số và kiểm tra đường dẫn "
                "pkcs11_module trong hồ sơ cơ quan",
            ) from error

    def _find(self, lib: Any) -> Any | None:
        for token in _tokens(lib):
            if self.slot is not None and token.slot.slot_id != self.slot:
                continue
            if self.token_label and token.label.strip() != self.token_label.strip():
                continue
            return token
        return None

    def _token(self, lib: Any) -> Any:
        from pkcs11 import TokenFlag

        token = self._find(lib)
        for pause in RESCAN_PAUSES_S:
            if token is not None:
                break
            with _lock:
                idle = not _open_sessions.get(os.path.realpath(self.module))
            if not idle:  # re-initialising would close this process's other sessions
                break
            # a token plugged in after the driver was loaded, or one another process was
            # using when the driver scanned (SoftHSM2 leaves such a token out): look again
            lib.reinitialize()
            token = self._find(lib)
            if token is None:
                time.sleep(pause)
        if token is None:
            present = sorted(t.label.strip() for t in _tokens(lib))
            listed = ", ".join(f"'{label}'" for label in present) if present else "không có"
            raise SignatureError(
                f"không thấy {self.what} trên máy",
                field="token_label" if self.token_label else "token_slot",
                hint=f"cắm token vào máy rồi chạy lại lệnh (token đang cắm: {listed}); chưa ký, "
                "chưa lấy số nào",
            )
        if token.flags & TokenFlag.USER_PIN_LOCKED:
            raise _locked(self.what)
        return token

    def _login(self, token: Any) -> Any:
        from pkcs11 import exceptions as p11

        try:
            return token.open(user_pin=self.pin)
        except (p11.PinIncorrect, p11.PinLenRange, p11.PinInvalid) as error:
            raise SignatureError(
                f"sai mã PIN của {self.what}",
                hint="nhập lại đúng mã PIN (nhập sai nhiều lần token sẽ bị khóa); chưa ký, chưa "
                "lấy số nào",
            ) from error
        except p11.PinLocked as error:
            raise _locked(self.what) from error
        except p11.PinExpired as error:
            raise SignatureError(
                f"mã PIN của {self.what} đã hết hạn",
                hint="đổi mã PIN bằng phần mềm quản lý token rồi chạy lại lệnh",
            ) from error
        except (p11.TokenNotPresent, p11.DeviceRemoved, p11.TokenNotRecognised) as error:
            raise SignatureError(
                f"{self.what} vừa bị rút ra hoặc không đọc được",
                hint="cắm lại token rồi chạy lại lệnh; chưa ký, chưa lấy số nào",
            ) from error
        except p11.PKCS11Error as error:
            raise SignatureError(
                f"không đăng nhập được {self.what} ({type(error).__name__})",
                hint="rút token ra cắm lại rồi chạy lại lệnh; chạy với --verbose để xem chi tiết",
            ) from error

    def _signer(self, session: Any) -> Any:
        from pkcs11 import exceptions as p11
        from pyhanko.sign.pkcs11 import PKCS11Signer

        key_id = bytes.fromhex(self.key_id) if self.key_id else None
        label = self.key_label or None
        if key_id is None and label is None:
            key_id = _only_key_id(session, self.what)
        try:
            signer = PKCS11Signer(session, key_id=key_id, key_label=label)
            _ = signer.signing_cert  # load the key and its certificate now, not mid-signature
        except (p11.NoSuchKey, p11.MultipleObjectsReturned, p11.PKCS11Error) as error:
            which = f"mã {self.key_id}" if self.key_id else f"nhãn '{self.key_label}'"
            if key_id is not None and not self.key_id:
                which = "duy nhất"
            raise SignatureError(
                f"không thấy khóa ký {which} hoặc chứng thư số của nó trên {self.what}",
                field="key_id" if self.key_id else "key_label",
                hint="xem các khóa trên token bằng `docgen keys list`, rồi sửa key_id/key_label "
                "trong hồ sơ cơ quan",
            ) from error
        return signer


def _locked(what: str) -> SignatureError:
    return SignatureError(
        f"{what} đã bị khóa (nhập sai mã PIN quá số lần cho phép)",
        hint="liên hệ tổ chức cấp chứng thư số để mở khóa token; chưa ký, chưa lấy số nào",
    )


def _tokens(lib: Any) -> Iterator[Any]:
    """The initialised tokens plugged in (an empty slot of SoftHSM2 shows an uninitialised one)."""
    from pkcs11 import TokenFlag

    for slot in lib.get_slots(token_present=True):
        try:
            token = slot.get_token()
        except Exception:  # pulled out meanwhile
            continue
        if token.flags & TokenFlag.TOKEN_INITIALIZED:
            yield token


def _only_key_id(session: Any, what: str) -> bytes:
    """The id of the token's only private signing key; SignatureError for none or several."""
    from pkcs11 import Attribute, ObjectClass

    keys = list(
        session.get_objects({Attribute.CLASS: ObjectClass.PRIVATE_KEY, Attribute.SIGN: True})
    )
    ids = sorted({bytes(k[Attribute.ID]) for k in keys})
    if len(ids) != 1:
        raise SignatureError(
            f"{what} có {len(ids)} khóa ký" if ids else f"{what} không có khóa ký nào",
            field="key_id",
            hint="ghi key_id của khóa cần dùng trong hồ sơ cơ quan (xem bằng `docgen keys list`)"
            if ids
            else "token này chưa có chứng thư số ký văn bản; dùng đúng token được cấp",
        )
    return ids[0]


@dataclass(frozen=True)
class TokenKey:
    """One signing key on a token, as `list_keys` shows it."""

    token_label: str
    slot: int
    key_id: str
    key_label: str
    subject: str
    not_after: str


def list_keys(module: str, pin: str | None = None) -> list[TokenKey]:
    """The certificates on every token of `module` (no PIN needed for public objects; with `pin`,
    the tokens are logged in first). SignatureError when the module cannot be loaded."""
    from asn1crypto import x509  # type: ignore[import-untyped]
    from pkcs11 import Attribute, ObjectClass
    from pkcs11 import exceptions as p11

    lib = Pkcs11Signer(module, pin or "")._library()
    found: list[TokenKey] = []
    for token in _tokens(lib):
        try:
            session = token.open(user_pin=pin) if pin else token.open()
        except p11.PKCS11Error:
            continue
        with session:
            for obj in session.get_objects({Attribute.CLASS: ObjectClass.CERTIFICATE}):
                cert = x509.Certificate.load(bytes(obj[Attribute.VALUE]))
                found.append(
                    TokenKey(
                        token.label.strip(),
                        token.slot.slot_id,
                        bytes(obj[Attribute.ID]).hex(),
                        str(obj[Attribute.LABEL]),
                        cert.subject.human_friendly,
                        cert["tbs_certificate"]["validity"]["not_after"].native.date().isoformat(),
                    )
                )
    return sorted(found, key=lambda k: (k.token_label, k.key_id))

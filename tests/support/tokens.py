"""Real PKCS#11 tokens for the tests: SoftHSM2 tokens initialised by the tests, keys generated on
them, certificates from a test PKI, and profiles that name them.

One SoftHSM2 configuration per test session (SOFTHSM2_CONF is read once, when the module is
loaded); subprocesses (the CLI) inherit it from the environment.
"""

from __future__ import annotations

import datetime as dt
import glob
import os
import struct
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from docgen.pdf.devpki import DevPki, make_dev_pki
from docgen.pdf.devseal import DevSeal, make_dev_seal
from docgen.pdf.devtoken import DevToken, make_dev_token, softhsm_config, softhsm_module
from tests.conftest import REFERENCE_PROFILE

AGENCY = "Ban Quản lý thử"
SIGNER = "Lê Quang Long"  #: the example profile's truong-ban
PKI_PASSWORD = "pki-pw"
PIN = "1234"


@dataclass
class Tokens:
    """The session's SoftHSM2: `make` a token (cached by label), a shared PKI and seal."""

    conf: Path
    pki: DevPki
    seal: DevSeal
    module: str
    made: dict[str, DevToken] = field(default_factory=dict)

    def make(
        self,
        label: str,
        holder: str = SIGNER,
        *,
        not_before: dt.datetime | None = None,
        not_after: dt.datetime | None = None,
        pin: str = PIN,
    ) -> DevToken:
        if label not in self.made:
            self.made[label] = make_dev_token(
                self.conf, self.pki, PKI_PASSWORD, label=label, pin=pin, holder=holder,
                organisation=AGENCY, not_before=not_before, not_after=not_after,
                module=self.module,
            )  # fmt: skip
        return self.made[label]

    def lock(self, label: str) -> None:
        """Mark the token `label` locked (CKF_USER_PIN_LOCKED), as a real token does after too
        many wrong PINs: SoftHSM2 keeps the flags in its token file but never sets this one."""
        for path in glob.glob(str(self.conf.parent / "tokens" / "*" / "token.object")):
            data = bytearray(Path(path).read_bytes())
            if label.encode() not in data:
                continue
            # the token flags: CKF_RNG|LOGIN_REQUIRED|USER_PIN_INITIALIZED|RESTORE_KEY_NOT_NEEDED
            # |TOKEN_INITIALIZED (0x42D), stored big-endian, maybe with USER_PIN_COUNT_LOW
            for flags in (0x42D, 0x1042D):
                at = data.find(struct.pack(">Q", flags))
                if at >= 0:
                    data[at : at + 8] = struct.pack(">Q", flags | 0x40000)
                    Path(path).write_bytes(bytes(data))
                    return
        raise AssertionError(f"token {label} not found in {self.conf}")

    def profile(
        self,
        folder: Path,
        *,
        signer_token: str | None = None,
        agency_token: str | None = None,
        extra_signing: str = "",
        signer_extra: str = "",
    ) -> Path:
        """The example profile signing with the test PKI: the agency's key from the PKI's .p12
        (or `agency_token`), the head's own key on `signer_token` (None: no own key)."""
        signer = [f'signature_image = "{self.seal.signature}"']
        if signer_token is not None:
            signer += [f'token_label = "{signer_token}"', f'pkcs11_module = "{self.module}"']
        signer += signer_extra.splitlines()
        text = REFERENCE_PROFILE.read_text("utf-8").replace(
            "[signers.truong-ban]\n", "[signers.truong-ban]\n" + "\n".join(signer) + "\n"
        )
        if agency_token is None:
            key = f'pkcs12 = "{self.pki.agency_p12}"\n'
        else:
            key = f'token_label = "{agency_token}"\npkcs11_module = "{self.module}"\n'
        path = folder / "docgen.toml"
        path.write_text(
            f'{text}\n[signing]\n{key}seal_image = "{self.seal.seal}"\n{extra_signing}', "utf-8"
        )
        return path


def start_tokens(folder: Path) -> Tokens:
    """The session's SoftHSM2 in `folder`; skips (a failure in CI) without softhsm2."""
    module = softhsm_module()
    if module is None:
        pytest.skip("softhsm2 is not installed")
    conf = softhsm_config(folder / "softhsm")
    os.environ["SOFTHSM2_CONF"] = str(conf)
    pki = make_dev_pki(folder / "pki", agency=AGENCY, password=PKI_PASSWORD, signers=[SIGNER])
    seal = make_dev_seal(folder / "seal", agency=AGENCY, signer=SIGNER)
    return Tokens(conf, pki, seal, module)

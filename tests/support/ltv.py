"""A local PKI with trust services for the long-term validation tests: a root CA, its OCSP
responder and a timestamp authority served by Certomancer's Animator on 127.0.0.1 (loopback
only), the agency's certificate and the head's (and a revoked one), as PKCS#12 files.

Keys are generated fresh per session (RSA-2048); the port is picked before the configuration is
written, since the URLs in the certificates name it.
"""

from __future__ import annotations

import datetime as dt
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ARCH = "docgen"
AGENCY = "Ban Quản lý thử"
SIGNER = "Lê Quang Long"
PASSWORD = "ltv-pw"
_KEYS = ("root", "ocsp", "tsa", "agency", "signer", "revoked")


@dataclass(frozen=True)
class LtvPki:
    """The files and URLs of a running `serve_pki`."""

    root: Path
    agency_p12: Path
    signer_p12: Path
    revoked_p12: Path
    tsa_url: str
    ocsp_url: str


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _write_keys(folder: Path) -> None:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    for name in _KEYS:
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        (folder / f"{name}.key.pem").write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )


def _config(folder: Path, prefix: str, now: dt.datetime) -> dict[str, Any]:
    def validity(start: dt.datetime, end: dt.datetime) -> dict[str, str]:
        return {"valid-from": start.strftime("%Y-%m-%dT%H:%M:%S+0000"),
                "valid-to": end.strftime("%Y-%m-%dT%H:%M:%S+0000")}  # fmt: skip

    ca = validity(now - dt.timedelta(days=30), now + dt.timedelta(days=3650))
    leaf = validity(now - dt.timedelta(days=1), now + dt.timedelta(days=365))
    person = {"issuer": "root", "validity": leaf, "profiles": ["digsig-commitment"]}
    return {
        "external-url-prefix": prefix,
        "keysets": {
            "keys": {
                "path-prefix": str(folder),
                "keys": {name: {"path": f"{name}.key.pem"} for name in _KEYS},
            }
        },
        "pki-architectures": {
            ARCH: {
                "keyset": "keys",
                "entity-defaults": {"country-name": "VN", "organization-name": AGENCY},
                "entities": {
                    "root": {"common-name": "docgen LTV Test Root"},
                    "ocsp": {"common-name": "docgen LTV OCSP"},
                    "tsa": {"common-name": "docgen LTV TSA"},
                    "agency": {"common-name": AGENCY},
                    "signer": {"common-name": SIGNER},
                    "revoked": {"common-name": SIGNER},
                },
                "certs": {
                    "root": {
                        "subject": "root", "issuer": "root", "validity": ca,
                        "profiles": [{"id": "simple-ca", "params": {"ocsp-service": "root"}}],
                    },
                    "ocsp": {"issuer": "root", "validity": ca, "profiles": ["ocsp-responder"]},
                    "tsa": {
                        "issuer": "root", "validity": ca,
                        "extensions": [
                            {"id": "key_usage", "critical": True,
                             "smart-value": {"schema": "key-usage", "params": ["digital_signature"]}},
                            {"id": "extended_key_usage", "critical": True,
                             "value": ["time_stamping"]},
                        ],
                    },
                    "agency": {**person},
                    "signer": {**person},
                    "revoked": {
                        **person,
                        "revocation": {
                            "revoked-since": (now - dt.timedelta(hours=12)).strftime(
                                "%Y-%m-%dT%H:%M:%S+0000"
                            ),
                            "reason": "key_compromise",
                        },
                    },
                },
                "services": {
                    "ocsp": {"root": {"for-issuer": "root", "responder-cert": "ocsp",
                                      "signing-key": "ocsp"}},
                    "time-stamping": {"tsa": {"signing-key": "tsa", "signing-cert": "tsa"}},
                },
            }
        },
    }  # fmt: skip


@contextmanager
def serve_pki(folder: Path) -> Iterator[LtvPki]:
    """Make the PKI in `folder` and serve its OCSP responder and TSA until the block ends."""
    from certomancer.integrations.animator import Animator, AnimatorArchStore
    from certomancer.registry import ArchLabel, CertLabel, CertomancerConfig
    from werkzeug.serving import make_server

    folder.mkdir(parents=True, exist_ok=True)
    _write_keys(folder)
    port = _free_port()
    prefix = f"http://127.0.0.1:{port}"
    config = CertomancerConfig(
        _config(folder, prefix, dt.datetime.now(dt.UTC)), key_search_dir=str(folder)
    )
    arch = config.get_pki_arch(ArchLabel(ARCH))
    root = folder / "root.pem"
    from asn1crypto import pem  # type: ignore[import-untyped]

    root.write_bytes(pem.armor("CERTIFICATE", arch.get_cert(CertLabel("root")).dump()))
    files = {}
    for label in ("agency", "signer", "revoked"):
        path = folder / f"{label}.p12"
        path.write_bytes(
            arch.package_pkcs12(CertLabel(label), certs_to_embed=[CertLabel("root")],
                                password=PASSWORD.encode())
        )  # fmt: skip
        files[label] = path
    app = Animator(AnimatorArchStore({ArchLabel(ARCH): arch}), with_web_ui=False)
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="ltv-pki", daemon=True)
    thread.start()
    try:
        yield LtvPki(
            root, files["agency"], files["signer"], files["revoked"],
            f"{prefix}/{ARCH}/tsa/tsa", f"{prefix}/{ARCH}/ocsp/root",
        )  # fmt: skip
    finally:
        server.shutdown()
        thread.join(timeout=5)

"""Two agencies for the exchange tests: the example profile's Ban Quản lý (archive A, signing with
a test PKI, its commented `code` switched on) and the second profile's Sở Kế hoạch và Đầu tư
(archive B, tests/fixtures/exchange/so-khdt.toml, trusting A's test root), each with its own
register, and the connector between them played by copying files."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from docgen.archive import open_register
from docgen.archive.register import Clock, RegisterStore
from docgen.inputs.profile import load_profile
from docgen.model.agency import Agency
from docgen.services.exchange import inbox_of, outbox_of
from docgen.services.exchange_directory import import_directory
from tests.integration.test_issue_service import signing_profile
from tests.support.exchange import BQL, FIXTURES, SECOND_PROFILE, SKHDT

REPORT_NAME = "bql-bc-thu-hut-dau-tu.yaml"  #: a báo cáo with its Phụ lục I in a file of its own


@dataclass
class Office:
    """One agency: its profile, archive root and register."""

    profile: Path
    agency: Agency
    root: Path
    store: RegisterStore

    @property
    def outbox(self) -> Path:
        return outbox_of(self.agency, self.root)

    @property
    def inbox(self) -> Path:
        return inbox_of(self.agency, self.root)


def profile_a(base: Path) -> tuple[Path, Path]:
    """The example profile with signing and its code; returns (profile, the test root cert)."""
    profile, root_cert = signing_profile(base)
    text = profile.read_text("utf-8")
    assert f'# code = "{BQL.code}"' in text
    profile.write_text(text.replace(f'# code = "{BQL.code}"', f'code = "{BQL.code}"'), "utf-8")
    return profile, root_cert


def profile_b(base: Path, trust: Path) -> Path:
    """The second agency's profile, trusting `trust` for the signatures it receives."""
    profile = base / "so-khdt.toml"
    text = SECOND_PROFILE.read_text("utf-8")
    assert SKHDT.code in text
    profile.write_text(text + f'trust_roots = ["{trust}"]\n', "utf-8")
    return profile


def office(profile: Path, root: Path, clock: Clock, database_url: str | None = None) -> Office:
    agency = load_profile(profile)
    store = open_register(root, agency.abbreviation, database_url=database_url, clock=clock)
    directory = "danh-ba-bql.csv" if agency.code == BQL.code else "danh-ba-skhdt.csv"
    import_directory(store, FIXTURES / directory)
    return Office(profile, agency, root, store)


def connect(sender: Office, receiver: Office) -> list[Path]:
    """The exchange connector: every package of the sender's outbox moved to the receiver's
    inbox; returns them (in the inbox)."""
    receiver.inbox.mkdir(parents=True, exist_ok=True)
    moved = []
    for package in sorted(sender.outbox.glob("*.edxml")):
        target = receiver.inbox / package.name
        shutil.move(package, target)
        moved.append(target)
    return moved


def files_under(root: Path) -> list[str]:
    """Every file of the archive root but the register and the exchange folders."""
    return sorted(
        str(p.relative_to(root))
        for p in root.rglob("*")
        if p.is_file()
        and not str(p.relative_to(root)).startswith(("register.sqlite3", "lien-thong"))
    )

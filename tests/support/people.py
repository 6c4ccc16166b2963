"""The people of an office for the processing tests: created as the web application creates them
(`docgen.web.users.create_user`, Django's own tables beside the register, migrated by
`docgen.web.config.migrate`), in a child process — Django is configured once per process, and
each test has its own archive — so the services read them exactly as they read real users."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from docgen.model.processing import Person
from tests.conftest import ROOT

PASSWORD = "mat-khau-thu-nghiem-1"

#: the office of the processing tests: username → Person (its email an address at bql.test)
OFFICE = {
    p.username: p
    for p in (
        Person("vanthu", "Phạm Thị Lan", "van_thu", "VT", email="vanthu@bql.test"),
        Person("lanhdao", "Lê Quang Long", "lanh_dao", "", email="lanhdao@bql.test"),
        Person("lanhdao2", "Nguyễn Văn Ngân", "lanh_dao", "", email="lanhdao2@bql.test"),
        Person("tpkhth", "Đỗ Văn Trưởng", "chuyen_vien", "KHTH", True, "tpkhth@bql.test"),
        Person("chuyenvien", "Nguyễn Thu Hà", "chuyen_vien", "KHTH", email="ha@bql.test"),
        Person("chuyenvien2", "Trần Văn Bình", "chuyen_vien", "VP", email=""),
        Person("tpvp", "Vũ Thị Phòng", "chuyen_vien", "VP", True, "tpvp@bql.test"),
    )
}

_SCRIPT = """
import json, sys
from pathlib import Path
from docgen.web.config import WebConfig, migrate, setup
profile, archive, url, people, password = json.loads(sys.stdin.read())
setup(WebConfig(Path(profile), Path(archive), url or None, secret_key="tests"))
migrate()
from docgen.web.users import create_user
for p in people:
    create_user(p["username"], password, role=p["role"], unit=p["unit"], full_name=p["name"],
                unit_head=p["unit_head"], email=p["email"], check_password=False)
"""


def create_people(
    profile: Path,
    archive: Path,
    database_url: str | None,
    people: dict[str, Person] | None = None,
) -> dict[str, Person]:
    """Create `people` (default OFFICE) as web application users of the archive's register;
    returns them."""
    chosen = OFFICE if people is None else people
    data = [
        {"username": p.username, "role": p.role, "unit": p.unit, "name": p.name,
         "unit_head": p.unit_head, "email": p.email}
        for p in chosen.values()
    ]  # fmt: skip
    subprocess.run(
        [sys.executable, "-c", _SCRIPT],
        input=json.dumps([str(profile), str(archive), database_url, data, PASSWORD]),
        text=True, cwd=ROOT, check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    return dict(chosen)

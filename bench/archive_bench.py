"""Archive benchmark (issue 5): search medians over a catalogue of 1,000,000 documents, on SQLite
(FTS5) and PostgreSQL (tsvector), and filing throughput beside a plain file-copy loop.

The catalogue rows are synthetic but shaped like a real register: symbols of a few units, dates
spread over ten years, trích yếu built from the phrases Vietnamese agencies write ("V/v báo cáo
tình hình thu hút đầu tư …"), signers, recipients. They are inserted with the same statements
the filing service queues (`catalogue.insert_statements`), in large transactions. Targets on
SQLite: exact number ≤ 2 ms, full text ≤ 30 ms (medians). DOCGEN_BENCH_ARCHIVE_ROWS changes the
size (default 1,000,000); DOCGEN_BENCH_DATABASE_URL points at a PostgreSQL server instead of a
private cluster. Run: `python -m bench.archive_bench` (or `make bench`).
"""

from __future__ import annotations

import datetime as dt
import os
import random
import shutil
import statistics
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bench.report import Figure
from docgen.archive import catalogue, open_register
from docgen.archive.catalogue import CatalogueRow
from docgen.archive.register import RegisterStore
from docgen.archive.search import SearchQuery, search

ROWS = int(os.environ.get("DOCGEN_BENCH_ARCHIVE_ROWS", "1000000"))
NOW = dt.datetime(2024, 5, 10, 2, 0, tzinfo=dt.UTC)
TARGETS_MS = {"exact": 2.0, "fulltext": 30.0}
UNITS = ("KHTH", "VP", "QLDN", "QHXD", "TNMT", "DT")
ACTIONS = (
    "báo cáo", "đề nghị", "hướng dẫn", "mời tham gia", "góp ý dự thảo", "triển khai",
    "tăng cường", "đôn đốc thực hiện", "phê duyệt", "điều chỉnh", "tổng kết", "kiểm tra",
)  # fmt: skip
TOPICS = (
    "tình hình thu hút đầu tư", "xét chọn sản phẩm công nghiệp chủ lực", "công tác phòng cháy chữa cháy",
    "kế hoạch sử dụng đất", "quy hoạch chi tiết xây dựng", "an toàn vệ sinh lao động",
    "giải ngân vốn đầu tư công", "cải cách hành chính", "chuyển đổi số", "bảo vệ môi trường",
    "đào tạo nguồn nhân lực", "xúc tiến thương mại", "thi đua khen thưởng", "phòng chống bão lũ",
    "quản lý doanh nghiệp chế xuất", "cấp giấy chứng nhận đăng ký đầu tư",
)  # fmt: skip
PLACES = (
    "tại Khu công nghiệp Thăng Long", "tại Khu công nghiệp Nội Bài", "trên địa bàn thành phố Hà Nội",
    "tại Khu công nghiệp Quang Minh", "tại Khu công nghệ cao Hòa Lạc", "của các doanh nghiệp",
)  # fmt: skip
SIGNERS = ("Lê Quang Long", "Nguyễn Văn Ngân", "Trần Thị Hoa", "Phạm Đức Dũng", "Đỗ Minh Tuấn")
RECIPIENTS = ("Sở Công Thương", "Sở Kế hoạch và Đầu tư", "UBND Thành phố", "Sở Tài chính")


def synthetic(count: int, seed: int = 30) -> Iterator[CatalogueRow]:
    """`count` catalogue rows, the same for the same seed."""
    rng = random.Random(seed)
    per_year: dict[int, int] = {}
    start = dt.date(2015, 1, 2)
    for index in range(count):
        day = start + dt.timedelta(days=index * 3650 // count)
        number = per_year[day.year] = per_year.get(day.year, 0) + 1
        unit = rng.choice(UNITS)
        subject = f"{rng.choice(ACTIONS)} {rng.choice(TOPICS)} {rng.choice(PLACES)} năm {day.year}"
        yield CatalogueRow(
            doc_id=f"di/{day.year}/hanh_chinh/{number}",
            agency="BQL",
            direction="di",
            year=day.year,
            number=number,
            symbol=f"BQL-{unit}",
            doc_date=day,
            kind="cong-van",
            type_name="Công văn",
            subject=subject,
            signer=f"TRƯỞNG BAN, {rng.choice(SIGNERS)}",
            organ="Ban quản lý các khu công nghiệp và chế xuất Hà Nội",
            recipients=(rng.choice(RECIPIENTS),),
            holders=("VT", unit),
            urgency="",
            secrecy="",
            folder=f"van-thu/{day.year}/van-ban-di/hanh_chinh",
            metadata_sha="0" * 64,
            files={f"{number:02d}-BQL-{unit}.pdf": "0" * 64},
            seq=index + 1,
        )


def build(store: RegisterStore, count: int, batch: int = 20000) -> float:
    """Insert `count` synthetic rows; returns the seconds taken."""
    db = store.db
    start = time.perf_counter()
    rows = synthetic(count)
    done = 0
    while done < count:
        statements: dict[str, list[Any]] = {}
        for row in (next(rows) for _ in range(min(batch, count - done))):
            for sql, params in catalogue.insert_statements(db.backend.name, row):
                statements.setdefault(sql, []).append(params)
            done += 1
        db.begin()
        for sql, params in statements.items():
            db.executemany(sql, params)
        db.commit()
    if db.backend.name == "postgresql":
        db.execute("ANALYZE documents")
    else:
        db.execute("ANALYZE")
    return time.perf_counter() - start


def _median_ms(store: RegisterStore, queries: list[SearchQuery]) -> float:
    timings = []
    for query in queries:
        start = time.perf_counter()
        search(store.db, store.agency, query)
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings)


def queries(count: int, seed: int = 5) -> dict[str, list[SearchQuery]]:
    """Exact number + symbol lookups and 2–3 word full-text queries (with and without marks)."""
    rng = random.Random(seed)
    rows = list(synthetic(min(count, 2000)))
    exact = [
        SearchQuery(notation=f"{r.number}/{r.symbol}", year=r.year) for r in rng.sample(rows, 50)
    ]
    texts = [
        "xet chon san pham cong nghiep", "thu hút đầu tư Thăng Long", "phong chay chua chay",
        "chuyển đổi số Hòa Lạc", "giai ngan von dau tu cong", "quy hoạch chi tiết Nội Bài",
    ]  # fmt: skip
    fulltext = [SearchQuery(words=rng.choice(texts), limit=20) for _ in range(30)]
    return {"exact": exact, "fulltext": fulltext}


def measure_search(url: str | None, count: int) -> dict[str, float]:
    with (
        tempfile.TemporaryDirectory(prefix="docgen-bench-") as scratch,
        open_register(Path(scratch), "BQL", database_url=url, clock=lambda: NOW) as store,
    ):
        seconds = build(store, count)
        asked = queries(count)
        for warm in asked.values():  # a first pass warms the caches, as in daily use
            _median_ms(store, warm[:5])
        result = {"build_s": seconds}
        for kind, batch in asked.items():
            result[f"{kind}_ms"] = _median_ms(store, batch)
        return result


def measure_filing(count: int = 100) -> dict[str, float]:
    """Documents per second through `file_pdf`, and through a copy + SHA-256 loop."""
    import hashlib

    from docgen.inputs.profile import load_profile
    from docgen.services.filing import file_pdf
    from tests.integration.test_filing_external import plain_pdf

    agency = load_profile(Path(__file__).resolve().parents[1] / "examples/bql-hanoi/docgen.toml")
    with tempfile.TemporaryDirectory(prefix="docgen-bench-") as scratch:
        base = Path(scratch)
        source = plain_pdf(base / "src.pdf", text="Quyết định về việc giao chỉ tiêu đầu tư")
        start = time.perf_counter()
        copies = base / "copies"
        copies.mkdir()
        for index in range(count):
            target = copies / f"{index}.pdf"
            shutil.copyfile(source, target)
            hashlib.sha256(target.read_bytes()).hexdigest()
            with target.open("rb+") as handle:
                os.fsync(handle.fileno())
        copy_rate = count / (time.perf_counter() - start)
        with open_register(base / "archive", "BQL", clock=lambda: NOW) as store:
            start = time.perf_counter()
            for index in range(1, count + 1):
                file_pdf(
                    source, archive=base / "archive", store=store, agency=agency, number=index,
                    symbol="QĐ-UBND", date=dt.date(2024, 1, 2), holders=("KHTH",),
                )  # fmt: skip
            filing_rate = count / (time.perf_counter() - start)
    return {"filing_per_s": filing_rate, "copy_per_s": copy_rate}


def run() -> dict[str, Any]:
    from bench.register_bench import _postgres

    results: dict[str, Any] = {"rows": ROWS, "sqlite": measure_search(None, ROWS)}
    url, cluster = _postgres()
    try:
        if url is not None:
            results["postgresql"] = measure_search(url, ROWS)
    finally:
        if cluster is not None:
            cluster.stop()
    results["filing"] = measure_filing()
    return results


def to_figures(results: dict[str, Any]) -> list[Figure]:
    figures = []
    for backend in ("sqlite", "postgresql"):
        if backend not in results:
            continue
        for kind, target in TARGETS_MS.items():
            value = results[backend][f"{kind}_ms"]
            figures.append(
                Figure(
                    f"archive: search, {kind}, {results['rows']:,} documents, {backend}",
                    "ms/query",
                    value,
                    target=f"<= {target:g} ms" if backend == "sqlite" else "",
                    met=value <= target if backend == "sqlite" else None,
                )
            )
    filing = results["filing"]
    figures.append(
        Figure(
            "archive: filing (validate, checksum, metadata, index, fsync)",
            "documents/s",
            filing["filing_per_s"],
            filing["copy_per_s"],
            "file copy + SHA-256 + fsync loop",
            better="higher",
        )
    )
    return figures


def report(results: dict[str, Any]) -> None:
    print(f"catalogue of {results['rows']:,} synthetic documents; medians")
    for backend in ("sqlite", "postgresql"):
        if backend not in results:
            print(f"{backend:<12} (not measured: no PostgreSQL server)")
            continue
        r = results[backend]
        print(
            f"{backend:<12} build {r['build_s']:.0f} s   exact number {r['exact_ms']:.3f} ms"
            f" (≤ 2)   full text {r['fulltext_ms']:.2f} ms (≤ 30)"
        )
    f = results["filing"]
    print(
        f"filing {f['filing_per_s']:.1f} documents/s beside copy+SHA-256+fsync "
        f"{f['copy_per_s']:.0f}/s"
    )


def main() -> None:
    report(run())


if __name__ == "__main__":
    main()

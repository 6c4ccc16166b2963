"""Scanned fixtures made by the tests themselves (docs/records/ocr.md): docgen's own documents,
issued through the services from the example YAMLs with different numbers, dates, subjects and
a sentence of their own, printed to 200-dpi grey images (pdftoppm), soiled with noise and specks
and turned 1–2° (Pillow), and wrapped as a PDF of images only (Pillow's PDF writer).

`issue_fixtures` issues them in one register (numbers spread by reserving a few numbers between
them, dates spread over early 2024 in issue order); `scan` makes the image-only PDF of one.
"""

from __future__ import annotations

import copy
import datetime as dt
import random
import subprocess
import tempfile
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from tests.conftest import EXAMPLES, REFERENCE_PROFILE

#: the examples whose body is a list of paragraphs (or, for a quyết định / nghị quyết, of
#: articles), each issued twice
SOURCES = (
    "bql-bb-hop-giao-ban.yaml", "bql-bc-thu-hut-dau-tu.yaml", "bql-bgn-hop-tac-dao-tao.yaml",
    "bql-cd-phong-chong-bao.yaml", "bql-cv-de-nghi-so-lieu.yaml", "bql-ggt-cong-tac.yaml",
    "bql-gm-hoi-nghi-doanh-nghiep.yaml", "bql-gnp-nghi-phep.yaml", "bql-hd-dich-vu-ve-sinh.yaml",
    "bql-kh-xet-chon-spcncl.yaml", "bql-khth-moi-xet-chon-spcncl-da-sua.yaml",
    "bql-nq-hoi-dong-thi-dua.yaml", "bql-qd-giao-nhiem-vu.yaml",
    "bql-tb-lich-tiep-doanh-nghiep.yaml", "bql-ttr-kinh-phi-xuc-tien.yaml",
)  # fmt: skip
#: one place of Hà Nội per fixture: its own sentence and trích yếu
PLACES = (
    "Thăng Long", "Nội Bài", "Quang Minh", "Sóc Sơn", "Phú Nghĩa", "Thạch Thất", "Quốc Oai",
    "Đông Anh", "Gia Lâm", "Long Biên", "Hoài Đức", "Đan Phượng", "Mê Linh", "Ba Vì", "Sơn Tây",
    "Chương Mỹ", "Thanh Oai", "Thường Tín", "Phú Xuyên", "Ứng Hòa", "Mỹ Đức", "Thanh Trì",
    "Hà Đông", "Cầu Giấy", "Tây Hồ", "Ba Đình", "Hoàn Kiếm", "Đống Đa", "Hoàng Mai", "Thanh Xuân",
)  # fmt: skip
#: numbers reserved before each issue, in turn: numbers of one, two and three digits
GAPS = (0, 2, 5, 1, 9, 0, 14, 3, 30, 7, 0, 22, 4, 11, 45, 0, 6, 18, 2, 60, 1, 9, 27, 0, 13, 5,
        35, 8, 3, 16)  # fmt: skip
FIRST_DAY = dt.date(2024, 1, 8)
#: the register's clock while the fixtures are issued (after the last issue date)
ISSUE_NOW = dt.datetime(2024, 3, 25, 2, 0, tzinfo=dt.UTC)
SENDER = "BAN QUẢN LÝ CÁC KHU CÔNG NGHIỆP VÀ CHẾ XUẤT HÀ NỘI"


@dataclass(frozen=True)
class Fixture:
    """One issued document, its scan, and what reading page 1 should give."""

    index: int
    source: str
    issued: Path  #: the PDF docgen issued
    number: int
    symbol: str
    date: dt.date
    subject: str  #: the trích yếu of the YAML ("" for a type without one)
    sentence: str  #: the fixture's own sentence in its body
    words: str  #: five words of that sentence, as a person types them without diacritics
    scan: Path | None = None

    @property
    def notation(self) -> str:
        return f"{self.number:02d}/{self.symbol}"


def _variant(source: Path, index: int, date: dt.date) -> tuple[dict[str, Any], str, str]:
    """The YAML of fixture `index`: its date, a trích yếu and a sentence of its own."""
    data = copy.deepcopy(yaml.safe_load(source.read_text("utf-8")))
    place = PLACES[index]
    data["ngay"] = {"nam": date.year, "thang": date.month, "ngay": date.day}
    if "trich_yeu" in data:
        data["trich_yeu"] = f"{data['trich_yeu']} đợt {index + 1}"
    sentence = f"Văn bản này gửi các doanh nghiệp đóng trên địa bàn {place} để thực hiện."
    body = data["noi_dung"]
    if isinstance(body[0], dict):  # articles: the sentence ends the first article
        body[0]["noi_dung"] = [*body[0]["noi_dung"], sentence]
    else:
        body.insert(1, sentence)
    return data, sentence, f"tren dia ban {_bare(place)}"


def _bare(text: str) -> str:
    import unicodedata

    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(
        c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c)
    ).lower()


def issue_fixtures(work: Path, count: int = 30) -> list[Fixture]:
    """Issue `count` documents into a register of their own under `work`; the fixtures."""
    from docgen.archive import open_register
    from docgen.render.pool import ConversionPool
    from docgen.services.issue import issue
    from docgen.services.settings import templates_dir

    yamls = work / "yaml"
    yamls.mkdir(parents=True, exist_ok=True)
    fixtures: list[Fixture] = []
    with (
        open_register(work / "issuing", "BQL", clock=lambda: ISSUE_NOW) as store,
        ConversionPool(workers=2, timeout=120) as pool,
    ):
        for index in range(count):
            name = SOURCES[index % len(SOURCES)]
            date = FIRST_DAY + dt.timedelta(days=(index * 70) // count)
            data, sentence, words = _variant(EXAMPLES / name, index, date)
            path = yamls / f"{index:02d}-{name}"
            path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
            if GAPS[index % len(GAPS)]:
                with store.unit_of_work() as uow:
                    for _ in range(GAPS[index % len(GAPS)]):
                        uow.reserve("hanh_chinh", "GIU-SO", year=2024)
                    uow.commit()
            result = issue(
                path, REFERENCE_PROFILE, archive=work / "issuing", store=store,
                templates=templates_dir(), convert=pool.convert, on=date,
            )  # fmt: skip
            entry = result.entry
            assert entry.date == date, (name, entry.date)
            fixtures.append(
                Fixture(
                    index,
                    name,
                    result.pdf,
                    entry.number,
                    entry.symbol,
                    date,
                    str(data.get("trich_yeu", "")),
                    sentence,
                    words,
                )
            )
    return fixtures


def scan(pdf: Path, out: Path, seed: int, dpi: int = 200) -> Path:
    """`pdf` as a scanner would give it: each page a grey image at `dpi`, speckled, with a
    little grain, turned by 1–2° one way or the other; an image-only PDF at `out`."""
    from PIL import Image, ImageDraw

    rnd = random.Random(seed)
    with tempfile.TemporaryDirectory(prefix="docgen-scan-") as work:
        subprocess.run(
            ["pdftoppm", "-r", str(dpi), "-gray", str(pdf), f"{work}/p"],  # PGM: no PNG to pack
            check=True, capture_output=True, timeout=120,
        )  # fmt: skip
        pages = []
        for png in sorted(Path(work).glob("p-*.pgm")):
            with Image.open(png) as opened:
                image = opened.convert("L")
            grain = Image.effect_noise((image.width // 4, image.height // 4), 30)
            image = Image.blend(image, grain.resize(image.size), 0.10)
            draw = ImageDraw.Draw(image)
            for _ in range(3000):
                draw.point(
                    (rnd.randrange(image.width), rnd.randrange(image.height)),
                    fill=rnd.randrange(0, 90),
                )
            angle = rnd.choice((-1, 1)) * rnd.uniform(1.0, 2.0)
            pages.append(image.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255))
        pages[0].save(out, "PDF", resolution=float(dpi), save_all=True, append_images=pages[1:])
    return out


def _scan_one(job: tuple[Path, Path, int]) -> Path:
    return scan(*job)


def scan_all(fixtures: list[Fixture], folder: Path) -> list[Fixture]:
    """Every fixture with its scan, made two at a time."""
    from dataclasses import replace

    folder.mkdir(parents=True, exist_ok=True)
    jobs = [(f.issued, folder / f"scan-{f.index:02d}.pdf", 1000 + f.index) for f in fixtures]
    with ProcessPoolExecutor(2) as pool:
        outs = list(pool.map(_scan_one, jobs))
    return [replace(f, scan=out) for f, out in zip(fixtures, outs, strict=True)]


def signed_scan(folder: Path, source: Path) -> tuple[Path, Path]:
    """The scan `source` signed with pyHanko by a test CA's key, as another agency would send
    a signed scan; and the root certificate to validate it with."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers

    from docgen.pdf.devpki import make_dev_pki

    pki = make_dev_pki(folder / "pki", agency="Sở Công Thương", password="pw")
    signer = signers.SimpleSigner.load_pkcs12(str(pki.agency_p12), passphrase=b"pw")
    assert signer is not None
    out = folder / "signed-scan.pdf"
    # Pillow writes an xref entry pyHanko refuses (generation 65536 for object 0); a scanning
    # station's software writes a clean file, as pikepdf does
    import pikepdf

    clean = folder / "scan-clean.pdf"
    with pikepdf.open(source) as pdf:
        pdf.save(clean)
    with clean.open("rb") as handle:
        writer = IncrementalPdfFileWriter(handle)
        meta = signers.PdfSignatureMetadata(field_name="SCT")
        out.write_bytes(signers.sign_pdf(writer, meta, signer=signer).getvalue())
    return out, pki.root_cert

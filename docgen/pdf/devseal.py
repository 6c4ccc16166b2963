"""Specimen images for demos and tests: a round red seal marked "MẪU" and a blue signature.

Both are PNGs with a transparent background and a 300 dpi pHYs chunk, so their pixel size is their
real size (a 40 mm seal is 472 px wide). Drawing is deterministic: the same arguments give the same
bytes. Drawn at 4× and scaled down for smooth edges.
"""

from __future__ import annotations

import hashlib
import itertools
import math
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from docgen.errors import InputError
from docgen.pdf.fonts import find_serif_font

if TYPE_CHECKING:
    from PIL import Image

DPI = 300
MM_PER_INCH = 25.4
SEAL_RED = (218, 32, 38, 255)
SIGNATURE_BLUE = (24, 52, 168, 255)
_SUPERSAMPLE = 4


def mm_to_px(mm: float, dpi: int = DPI) -> int:
    """Pixels for `mm` millimetres at `dpi`, rounded to the nearest pixel."""
    return round(mm / MM_PER_INCH * dpi)


@dataclass(frozen=True)
class DevSeal:
    """Where `make_dev_seal` wrote the specimen seal and signature."""

    seal: Path
    signature: Path


def _rim_text(image: Image.Image, text: str, radius: float, font_path: Path, size: float) -> None:
    """Write `text` clockwise along a circle of `radius` px, centred on the top of `image`."""
    from PIL import Image as PILImage
    from PIL import ImageDraw, ImageFont

    cx, cy = image.width / 2, image.height / 2
    font = ImageFont.truetype(str(font_path), round(size))
    gap = size * 0.12
    advances = [font.getlength(ch) + gap for ch in text]
    total = sum(advances) / radius  # radians
    # Long names wrap further round the rim; keep a gap at the bottom so start and end stay apart.
    squeeze = min(1.0, math.radians(320) / total) if total else 1.0
    angle = -total * squeeze / 2
    tile = round(size * 2.6)
    for ch, advance in zip(text, advances, strict=True):
        step = advance / radius * squeeze
        middle = angle + step / 2
        glyph = PILImage.new("RGBA", (tile, tile), (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text((tile / 2, tile / 2), ch, font=font, fill=SEAL_RED, anchor="mm")
        glyph = glyph.rotate(-math.degrees(middle), resample=PILImage.Resampling.BICUBIC)
        x = cx + radius * math.sin(middle) - tile / 2
        y = cy - radius * math.cos(middle) - tile / 2
        image.alpha_composite(glyph, (round(x), round(y)))
        angle += step


def _star(cx: float, cy: float, outer: float) -> list[tuple[float, float]]:
    """The ten corners of a five-pointed star pointing up."""
    inner = outer * 0.382
    points = []
    for i in range(10):
        r = outer if i % 2 == 0 else inner
        a = math.pi * i / 5
        points.append((cx + r * math.sin(a), cy - r * math.cos(a)))
    return points


def draw_seal(agency: str, *, size_mm: float = 40.0, font_path: Path | None = None) -> Image.Image:
    """A round red specimen seal `size_mm` across: rim text `agency`, a star, and "MẪU".

    Returns an RGBA image (transparent outside the ink) of `mm_to_px(size_mm)` square pixels.
    Raises InputError for an empty name or a size outside 20–80 mm.
    """
    from PIL import Image as PILImage
    from PIL import ImageDraw, ImageFont

    name = " ".join(agency.upper().split())
    if not name:
        raise InputError("tên cơ quan trên dấu đang trống", hint="đặt --agency.")
    if not 20 <= size_mm <= 80:
        raise InputError(
            f"đường kính dấu {size_mm} mm nằm ngoài 20–80 mm", hint="đặt --size-mm, ví dụ 40."
        )
    bold = font_path or find_serif_font("bold")
    side = mm_to_px(size_mm) * _SUPERSAMPLE
    unit = side / size_mm  # px per mm at the working scale
    image = PILImage.new("RGBA", (side, side), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    c = side / 2
    outer_w = 1.1 * unit
    draw.ellipse(
        (outer_w / 2, outer_w / 2, side - outer_w / 2, side - outer_w / 2),
        outline=SEAL_RED,
        width=round(outer_w),
    )
    inner_r = c - 7.6 * unit
    draw.ellipse(
        (c - inner_r, c - inner_r, c + inner_r, c + inner_r),
        outline=SEAL_RED,
        width=round(0.45 * unit),
    )
    _rim_text(image, name, c - 4.3 * unit, bold, 3.4 * unit)
    draw.polygon(_star(c, c - 2.2 * unit, 6.0 * unit), fill=SEAL_RED)
    word = ImageFont.truetype(str(bold), round(4.6 * unit))
    draw.text((c, c + 7.2 * unit), "MẪU", font=word, fill=SEAL_RED, anchor="mm")
    return image.resize((side // _SUPERSAMPLE,) * 2, PILImage.Resampling.LANCZOS)


def draw_signature(name: str, *, width_mm: float = 45.0, height_mm: float = 18.0) -> Image.Image:
    """A blue, handwritten-looking specimen signature (loops and a flourish) for `name`.

    The strokes vary with `name` (seeded by its hash) but are the same on every run. Returns an
    RGBA image with a transparent background, `width_mm` × `height_mm` at 300 dpi.
    """
    from PIL import Image as PILImage
    from PIL import ImageDraw

    w, h = mm_to_px(width_mm) * _SUPERSAMPLE, mm_to_px(height_mm) * _SUPERSAMPLE
    seed = hashlib.sha256(name.encode()).digest()
    image = PILImage.new("RGBA", (w, h), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    loops = 3 + seed[0] % 3
    phase = seed[1] / 255 * math.pi
    pen = h * 0.024
    steps = 900
    points: list[tuple[float, float, float]] = []
    for i in range(steps + 1):
        t = i / steps
        x = w * (0.08 + 0.78 * t) + w * 0.07 * math.sin(2 * math.pi * loops * t + phase)
        y = h * (0.52 - 0.12 * t) - h * 0.28 * math.cos(2 * math.pi * loops * t) * (1 - 0.4 * t)
        points.append((x, y, pen * (0.55 + 0.45 * math.sin(math.pi * t))))
    # The flourish: a long stroke back under the loops.
    for i in range(301):
        t = i / 300
        x = w * (0.9 - 0.8 * t)
        y = h * (0.78 + 0.06 * math.sin(math.pi * t * (1.5 + seed[2] / 255)))
        points.append((x, y, pen * (0.9 - 0.6 * t)))
    for (x0, y0, r0), (x1, y1, _) in itertools.pairwise(points):
        if abs(x1 - x0) > w * 0.2:  # the jump from the loops to the flourish is not inked
            continue
        draw.line((x0, y0, x1, y1), fill=SIGNATURE_BLUE, width=max(1, round(2 * r0)))
        draw.ellipse((x1 - r0, y1 - r0, x1 + r0, y1 + r0), fill=SIGNATURE_BLUE)
    return image.resize((w // _SUPERSAMPLE, h // _SUPERSAMPLE), PILImage.Resampling.LANCZOS)


def save_png(image: Image.Image, path: Path) -> Path:
    """Write `image` as PNG with a 300 dpi pHYs chunk (its real size); returns `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, format="PNG", dpi=(DPI, DPI), optimize=False)
    return path


def make_dev_seal(
    out_dir: Path, *, agency: str, signer: str = "Lê Quang Long", size_mm: float = 40.0
) -> DevSeal:
    """Write `seal.png` and `signature.png` (specimens, marked "MẪU") into `out_dir`."""
    seal = save_png(draw_seal(agency, size_mm=size_mm), out_dir / "seal.png")
    signature = save_png(draw_signature(signer), out_dir / "signature.png")
    return DevSeal(seal=seal, signature=signature)

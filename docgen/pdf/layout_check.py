"""Whether a rendered PDF leaves the bottom block (Nơi nhận and the signature) alone on its last
page: the signer would sign a page without any of the text they approve, and page 1 had room.

Read from the PDF's text layer (`pdf.locate.text_lines`): on the last page, every line is at or
below the first line of the bottom block (`Nơi nhận:` or the signer's authority line, level with
it by PL1 II.9.d), but for the page number in the top margin.
"""

from __future__ import annotations

from pathlib import Path

from docgen.pdf.locate import normalise, page_size, text_lines


def bottom_block_alone(pdf: Path, *, first_lines: tuple[str, ...] = ("Nơi nhận:",)) -> bool:
    """True when the last page of `pdf` holds nothing above its bottom block. `first_lines` are the
    texts that open the block (`Nơi nhận:`, the authority line `TRƯỞNG BAN` …); a last page on
    which none of them is found (a phụ lục, a one-page document) is not this case."""
    from pypdf import PdfReader

    last = len(PdfReader(pdf).pages) - 1
    if last < 1:
        return False
    lines = text_lines(pdf, [last])
    _, height = page_size(pdf, last)
    wanted = {normalise(t) for t in first_lines if t.strip()}
    starts = [line for line in lines if any(normalise(line.text).startswith(w) for w in wanted)]
    if not starts:
        return False
    top = max(line.box.y1 for line in starts)  # the block's first line, highest on the page
    margin_limit = height - 20 * 72 / 25.4  # above it: the top margin (the page number)
    return all(
        line.box.y1 <= top + 0.5 or line.box.y0 >= margin_limit or not line.text.strip()
        for line in lines
    )

"""Where things go on the page: column widths, rule lengths, indents (pure functions, in mm).

Computed from the agency profile and the document's own texts with Times New Roman metrics
(`rules.metrics`), so the Quốc hiệu never wraps and each rule has the length the decree asks for.
"""

from __future__ import annotations

from dataclasses import dataclass

from docgen.model.agency import Agency
from docgen.rules.metrics import text_width_mm, wrap

A4_MM = (210.0, 297.0)
CELL_PAD_MM = 1.905  # Word's default cell margin, 108 twips on each side
QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"
KINH_GUI_LABEL = "Kính gửi:"
#: the agency-name rule as a share of the longest name line: the middle of the decree's 1/3–1/2
AGENCY_RULE_SHARE = 0.4
#: where the Kính gửi block starts (UNCONFIRMED: Mẫu 1.5 puts it around the centre-left)
KINH_GUI_SINGLE_MM = 10.0
KINH_GUI_MULTI_MM = 25.0
#: urgency stamp sizes (PL1 III.2.b); secrecy marks get the width of their text plus padding
URGENCY_BOX_MM = {"HỎA TỐC": 30.0, "THƯỢNG KHẨN": 40.0, "KHẨN": 20.0}
BOTTOM_LEFT_SHARE = 0.45
#: how far the header table may reach into the left and right margins when its texts need the room
#: (the decree's own templates do the same); beyond that the agency name wraps
HEADER_REACH_MM = (10.0, 5.0)
SLACK_MM = 2.0


@dataclass(frozen=True)
class Geometry:
    text_width: float
    header_cols: tuple[float, float]
    header_indent: float  #: ≤ 0: how far the header table starts left of the margin
    bottom_cols: tuple[float, float]
    agency_lines: tuple[str, ...]
    agency_rule: float
    tieu_ngu_rule: float
    kinh_gui_single_centred: bool
    kinh_gui_start: float
    kinh_gui_label: float
    kinh_gui_dash: float
    trich_yeu_rule: float = 0.0  #: 0 when the document has no trích yếu under a type name


def trich_yeu_rule(text: str, width_mm: float, size_pt: float) -> float:
    """The rule under a trích yếu (ô 5a): the agency rule's share of its longest printed line
    (1/3–1/2 of the line, PL1 II.5.b); the text wraps as the page's text width wraps it."""
    lines = wrap(text, width_mm, size_pt, bold=True)
    if not lines:
        return 0.0
    longest = max(text_width_mm(line, size_pt, bold=True) for line in lines)
    return round(longest * AGENCY_RULE_SHARE, 1)


def compute_geometry(
    agency: Agency,
    *,
    recipients: tuple[str, ...] = (),
    kinh_gui_inline: str | None = None,
    trich_yeu: str = "",
) -> Geometry:
    """The layout of one document of `agency` with these Kính gửi recipients and this trích yếu
    under its type name ("" for none)."""
    sizes = agency.sizes
    margins = agency.margins
    text_width = A4_MM[0] - margins.left - margins.right
    right = text_width_mm(QUOC_HIEU, sizes.quoc_hieu, bold=True) + 2 * CELL_PAD_MM + SLACK_MM
    lines = agency.name_lines
    if lines:
        widest = max(text_width_mm(line, sizes.agency, bold=True) for line in lines)
        parent = text_width_mm(agency.parent.upper(), sizes.agency) if agency.parent else 0.0
        wanted_left = max(widest, parent) + 2 * CELL_PAD_MM + SLACK_MM
    else:
        wanted_left = text_width * 0.4
    excess = max(0.0, wanted_left + right - text_width)
    reach_left = min(excess, HEADER_REACH_MM[0])
    reach_right = min(excess - reach_left, HEADER_REACH_MM[1])
    left = text_width + reach_left + reach_right - right
    inner_left = left - 2 * CELL_PAD_MM
    if not lines:
        lines = tuple(wrap(agency.name.upper(), inner_left, sizes.agency, bold=True))
    longest = max(text_width_mm(line, sizes.agency, bold=True) for line in lines)
    label = text_width_mm(KINH_GUI_LABEL, sizes.kinh_gui)
    centred = kinh_gui_inline is not None and (
        text_width_mm(kinh_gui_inline, sizes.kinh_gui) <= text_width - 2 * KINH_GUI_SINGLE_MM
    )
    start = KINH_GUI_SINGLE_MM if len(recipients) <= 1 else KINH_GUI_MULTI_MM
    bottom_left = round(text_width * BOTTOM_LEFT_SHARE, 1)
    return Geometry(
        text_width=text_width,
        header_cols=(round(left, 1), round(right, 1)),
        header_indent=-round(reach_left, 1),
        bottom_cols=(bottom_left, round(text_width - bottom_left, 1)),
        agency_lines=tuple(lines),
        agency_rule=round(longest * AGENCY_RULE_SHARE, 1),
        tieu_ngu_rule=round(text_width_mm(TIEU_NGU, sizes.tieu_ngu, bold=True), 1),
        kinh_gui_single_centred=centred,
        kinh_gui_start=start,
        kinh_gui_label=round(label + text_width_mm(" ", sizes.kinh_gui), 2),
        kinh_gui_dash=round(text_width_mm("- ", sizes.kinh_gui), 2),
        trich_yeu_rule=trich_yeu_rule(trich_yeu, text_width, sizes.title) if trich_yeu else 0.0,
    )


def mark_box_width(text: str, size_pt: float) -> float:
    """Width of an urgency/secrecy box: the decree's size for urgency marks, else text + padding."""
    return URGENCY_BOX_MM.get(text, text_width_mm(text, size_pt, bold=True) + 6.0)

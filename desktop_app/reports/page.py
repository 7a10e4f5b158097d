"""A printout as data: its HTML, its paper and what goes around every page (no Qt).

The renderers (receipt, receipt_list, day_summary, unpaid) make a ``Printout``;
reports.output paints one on a printer or into a PDF. Keeping these values free of
Qt lets services hand a printout around without loading Qt until it is painted.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Page:
    """Paper and margins in millimetres; height None means as tall as the content (a roll)."""

    name: str
    width_mm: float
    height_mm: float | None
    margins_mm: tuple[float, float, float, float]  # left, top, right, bottom
    numbered: bool
    landscape: bool = False

    @property
    def is_roll(self) -> bool:
        return self.height_mm is None


A4 = Page("A4", 210.0, 297.0, (14.0, 12.0, 14.0, 10.0), numbered=True)
A4_LANDSCAPE = Page("A4", 210.0, 297.0, (12.0, 12.0, 12.0, 10.0), numbered=True, landscape=True)
ROLL_80 = Page("80mm", 80.0, None, (4.0, 4.0, 4.0, 8.0), numbered=False)
ROLL_58 = Page("58mm", 58.0, None, (3.0, 3.0, 3.0, 8.0), numbered=False)  # 48 mm printable on most 58 mm printers


@dataclass(frozen=True)
class Placed:
    """Text at a fixed place on the paper (套打), in millimetres from the paper's top-left corner:
    ``x_mm`` is the text's left end (its right end for align "right", its middle for "center"),
    ``y_mm`` its baseline, the line the characters sit on. Text wider than ``width_mm`` is
    made smaller to fit (0: no limit)."""

    x_mm: float
    y_mm: float
    text: str
    size_pt: float = 10.0
    align: str = "left"
    width_mm: float = 0.0
    colour: str = "#000000"


@dataclass(frozen=True)
class Rule:
    """A straight line on the paper, in millimetres (the calibration page's grid)."""

    x1_mm: float
    y1_mm: float
    x2_mm: float
    y2_mm: float
    width_mm: float = 0.1
    colour: str = "#000000"


@dataclass(frozen=True)
class Printout:
    """What to print: the HTML body, the paper, and what goes around every page."""

    title: str
    html: str
    page: Page
    stamp: str = ""  # a large diagonal mark over each page, such as 作废
    footer_left: str = ""
    footer_right: str = ""
    point_size: float = 10.0
    marks: tuple[Placed | Rule, ...] = ()  # drawn at their own places on the paper, instead of the HTML (套打)

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

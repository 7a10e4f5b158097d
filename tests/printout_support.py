"""Helpers for the printout tests: read a PDF back, and a village big enough to page.

(A support module, not a test module: the printout tests import it.)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader

from desktop_app.domain.idnumber import resident_id as demo_id
from desktop_app.domain.operators import Acting
from desktop_app.domain.register import PersonInput
from desktop_app.services.ledger import Ledger
from desktop_app.services.register import add_household, add_person

MM_PER_POINT = 25.4 / 72


@dataclass(frozen=True)
class Pdf:
    pages: tuple[str, ...]  # extracted text per page
    sizes_mm: tuple[tuple[float, float], ...]

    @property
    def text(self) -> str:
        return "\n".join(self.pages)

    @property
    def flat(self) -> str:
        """All text with whitespace removed: wrapping inside a cell does not split a figure."""
        return compact(self.text)


def is_a4(size_mm: tuple[float, float]) -> bool:
    return abs(size_mm[0] - 210) < 0.5 and abs(size_mm[1] - 297) < 0.5


def compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def read_pdf(path: Path) -> Pdf:
    reader = PdfReader(str(path))
    pages = tuple(page.extract_text() for page in reader.pages)
    sizes = tuple(
        (float(p.mediabox.width) * MM_PER_POINT, float(p.mediabox.height) * MM_PER_POINT) for p in reader.pages
    )
    return Pdf(pages, sizes)


SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = ("建国", "秀兰", "民生", "桂芝", "德福", "丽娟", "长海", "淑芬", "国强", "玉珍")


def many_households(
    ledger: Ledger, who: Acting, households: int, per_household: int = 4, groups: tuple[str, ...] = ("一组", "二组")
) -> list[str]:
    """Households of unpaid people spread over the village groups; returns every name, in order."""
    names = []
    serial = 0
    for n in range(households):
        group = groups[n * len(groups) // households]
        h = add_household(ledger, who, f"{n + 101:04d}", f"{group}{n + 1}号", group, f"1390431{n:04d}")
        for k in range(per_household):
            serial += 1
            name = SURNAMES[serial % len(SURNAMES)] + GIVEN[serial % len(GIVEN)] + "一二三四五六七八九十"[k]
            names.append(name)
            birth = f"{1950 + serial % 50}-{1 + serial % 12:02d}-{1 + serial % 28:02d}"
            add_person(
                ledger,
                who,
                h,
                PersonInput(name, demo_id("220102", birth, serial % 900 + 100), relation="户主" if k == 0 else "家属"),
            )
    return names

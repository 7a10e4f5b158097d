"""Columns sized from what they hold, for the A4 lists (收款清单, 未缴名单, 日结单).

Fixed percentages wrapped a receipt number with a three-letter prefix (``QJC2022000001``)
and a five-digit 户号 onto two lines, doubling the pages, and broke names in the middle.
Here each column is as wide as its longest cell or its heading, measured in ems of the
table's font; such cells are kept whole (``whole``). What is left of the page goes to the
columns that hold a list of names or free text, which wrap only between items
(``packed``: 王杰、李霞、 / 王明轩), never inside a name. Widths are estimated per character
of the bundled font (a Han character is one em, a digit a little over half), rounded up.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from desktop_app.reports.html import Column, esc

MM_PER_POINT = 25.4 / 72
PAD_EM = 1.0  # a cell's padding and rules, and a margin for the estimate
_NARROW = set(".,:;'!|il ")


def units(text: str) -> float:
    """The width of a line of text in ems of its font (WenQuanYi Micro Hei, rounded up)."""
    total = 0.0
    for ch in text:
        if ord(ch) >= 0x2E80 or ch in "（）：；，。、¥":
            total += 1.0
        elif ch in _NARROW or ch == "-":
            total += 0.34
        elif ch.isdigit() or ch == "*":
            total += 0.56
        elif ch.isupper() or ch in "mwMW@%&":
            total += 0.8
        else:
            total += 0.6
    return total


def room_em(width_mm: float, point_size: float) -> float:
    """How many ems of a font of ``point_size`` fit across a table ``width_mm`` wide."""
    return width_mm / MM_PER_POINT / point_size


@dataclass(frozen=True)
class Fit:
    """A column to size: kept whole (``share`` 0) or, with a share of the room left, wrapping between items.
    ``scale`` is its cells' font relative to the table's (the small print of a 备注 column)."""

    label: str
    align: str = "left"
    share: float = 0.0
    scale: float = 1.0
    minimum: float = 0.0  # ems, for a column left blank to write in
    items: bool = False  # a list (names, identities) broken only between its items: as wide as the longest item

    @property
    def flows(self) -> bool:
        return self.share > 0


def widths(fits: Sequence[Fit], rows: Sequence[Sequence[str]], room: float) -> list[float]:
    """Each column's width in ems: the whole ones as wide as their longest line; a flowing one at least as
    wide as its longest item (a name, an identity: it breaks only between items, at "、"), and of the room
    left a part by its share, up to what it needs on one line."""
    need, floor = [], []
    for n, fit in enumerate(fits):
        lines = [line for row in rows for line in row[n].split("\n")]
        longest = max((units(line) * fit.scale for line in lines), default=0.0)
        item = (
            max((units(part) * fit.scale for line in lines for part in line.split("、")), default=0.0)
            if fit.items
            else 0.0
        )  # prose (a 备注) may break anywhere
        need.append(max(units(fit.label), longest, fit.minimum) + PAD_EM)
        floor.append(max(units(fit.label), item, fit.minimum) + PAD_EM)
    flowing = [n for n, f in enumerate(fits) if f.flows]
    out = list(need)
    for n in flowing:
        out[n] = floor[n]
    spare = room - sum(out)
    if spare < 0:  # too full: the columns that may break anywhere (prose, a blank 备注) give way first
        yielding = [n for n in flowing if not fits[n].items]
        give = {n: out[n] - (units(fits[n].label) + PAD_EM) for n in yielding}
        total = sum(give.values())
        if total > 0:
            cut = min(-spare, total)
            for n in yielding:
                out[n] -= cut * give[n] / total
            spare += cut
    growing = [n for n in flowing if out[n] < need[n]]
    while spare > 1e-6 and growing:
        total_share = sum(fits[n].share for n in growing)
        given = 0.0
        for n in list(growing):
            add = min(spare * fits[n].share / total_share, need[n] - out[n])
            out[n] += add
            given += add
            if out[n] >= need[n] - 1e-6:
                growing.remove(n)
        spare -= given
        if given <= 1e-9:
            break
    return out


def percents(fits: Sequence[Fit], ems: Sequence[float]) -> list[int]:
    """Whole percents adding up to 100: the columns kept whole rounded up, the flowing ones down, and what is
    left over to the widest flowing column."""
    total = sum(ems)
    out = [max(1, math.floor(e / total * 100) if f.flows else math.ceil(e / total * 100)) for f, e in zip(fits, ems)]
    flowing = [n for n, f in enumerate(fits) if f.flows] or [len(fits) - 1]
    widest = max(flowing, key=lambda n: ems[n])
    out[widest] += 100 - sum(out)
    return out


@dataclass(frozen=True)
class Fitted:
    """The columns for ``html.grid``, and each one's width in ems as it will be laid out (for ``packed``)."""

    columns: list[Column]
    ems: list[float]


def fitted(fits: Sequence[Fit], rows: Sequence[Sequence[str]], room: float) -> Fitted:
    """Columns sized from ``rows`` (plain text, a cell's lines split by "\n") across ``room`` ems."""
    shares = percents(fits, widths(fits, rows, room))
    return Fitted([Column(f.label, p, f.align) for f, p in zip(fits, shares)], [p * room / 100 for p in shares])


def whole(html: str) -> str:
    """A cell that is never wrapped."""
    return f'<div style="white-space: nowrap;">{html}</div>' if html else ""


def packed(items: Sequence[str], width_em: float, separator: str = "、", scale: float = 1.0) -> str:
    """Items (names) on as few lines as fit ``width_em``, a line ending after a separator, never inside an item."""
    lines: list[str] = []
    line = ""
    room = max(width_em - PAD_EM, 1.0)
    for n, item in enumerate(items):
        piece = item + (separator if n < len(items) - 1 else "")
        if line and units(line + piece) * scale > room:
            lines.append(line)
            line = ""
        line += piece
    if line:
        lines.append(line)
    return whole("<br/>".join(esc(x) for x in lines))

"""Helpers for the forms, cash and refund printouts and dialogs: a day with official forms, and where a
PDF puts each piece of text (in millimetres from the paper's top-left corner).

(A support module, not a test module: test_reports_forms and test_ui_cash import it.)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from pypdf import PdfReader

from desktop_app.domain.operators import Acting
from desktop_app.domain.payments import Payment
from desktop_app.services.bills import receive, spoil
from desktop_app.services.ledger import Ledger
from tests.cash_support import pay_on_form
from tests.village import IN_PERIOD, Clock, family

MM_PER_POINT = 25.4 / 72
FIRST, LAST = "0012301", "0012350"
LATE_DAY = date(2021, 10, 28)  # in jl-2022's collection period, before the test's today (2021-11-01)


@dataclass(frozen=True)
class Placed:
    text: str
    x_mm: float
    y_mm: float  # the baseline, from the paper's top edge


def text_positions(path: Path) -> list[Placed]:
    """Every run of text on the first page with the start of its baseline."""
    page = PdfReader(str(path)).pages[0]
    height = float(page.mediabox.height)
    found: list[Placed] = []

    def visit(text: str, cm: list[float], tm: list[float], *_: Any) -> None:
        if not text.strip():
            return
        x = cm[0] * tm[4] + cm[2] * tm[5] + cm[4]
        y = cm[1] * tm[4] + cm[3] * tm[5] + cm[5]
        found.append(Placed(text.strip(), x * MM_PER_POINT, (height - y) * MM_PER_POINT))

    page.extract_text(visitor_text=visit)
    return found


def placed(positions: list[Placed], text: str) -> Placed:
    hits = [p for p in positions if p.text == text]
    assert len(hits) == 1, (text, [p.text for p in positions])
    return hits[0]


@dataclass(frozen=True)
class FormsDay:
    """测试村's day with official forms: a book received, a form spoiled, two payments on forms, a late entry."""

    first: Payment
    second: Payment
    late: Payment
    spoiled: str


def forms_day(ledger: Ledger, who: Acting, clock: Clock) -> FormsDay:
    receive(ledger, who, FIRST, LAST, "34132421")
    a = family(ledger, "0101", date(1975, 5, 1), date(1978, 6, 2))
    b = family(ledger, "0102", date(1960, 2, 3))
    c = family(ledger, "0103", date(1990, 7, 8))
    first = pay_on_form(ledger, who, a)
    spoiled = spoil(ledger, who, "12302", "打印错位").number  # the pad's next form jammed
    second = pay_on_form(ledger, who, b)
    clock.tick(hours=2)
    late = pay_on_form(ledger, who, c, on=LATE_DAY, late_entry="10月28日停电，按存根补录")
    assert first.paid_on == IN_PERIOD and late.paid_on == LATE_DAY
    return FormsDay(first, second, late, spoiled)

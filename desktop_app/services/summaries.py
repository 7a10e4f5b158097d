"""The figures behind the progress chart, the status bar and the lists: plain data, no Qt.

Who counts as covered is the store's ``live_lines`` rule; the benefit year is the one
asked for, the latest open one by default, so a ledger that holds several years
answers for the year the collector works in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from desktop_app.domain.codes import IDENTITIES
from desktop_app.domain.money import Fen
from desktop_app.domain.register import Person
from desktop_app.services.ledger import Ledger
from desktop_app.store import figures
from desktop_app.store import payments as payment_store
from desktop_app.store import register as register_store

ORDINARY = "普通居民"
UNGROUPED = "（未分组）"


def group_of(identities: tuple[str, ...]) -> str:
    """One group per person for the day sheet's totals: the first identity in the DESIGN order."""
    for code in IDENTITIES:
        if code in identities:
            return IDENTITIES[code]
    return ORDINARY


@dataclass(frozen=True)
class Participation:
    group: str
    active: int
    paid: int

    @property
    def rate(self) -> Decimal:
        return Decimal(0) if not self.active else (Decimal(self.paid) * 100 / Decimal(self.active)).quantize(
            Decimal("0.1"))


def participation(ledger: Ledger, year: int | None = None) -> tuple[Participation, list[Participation]]:
    """Overall and per village group: active people and those covered in the benefit year."""
    groups = [Participation(group or UNGROUPED, active, paid)
              for group, active, paid in figures.participation(ledger.db, ledger.year(year).year)]
    overall = Participation("全村", sum(g.active for g in groups), sum(g.paid for g in groups))
    return overall, groups


def today_totals(ledger: Ledger, day: date, operator_id: int | None = None) -> tuple[int, Fen]:
    """Receipts issued on the day that still stand and the cash they took (one collector's, or everyone's)."""
    return payment_store.issued_on(ledger.db, day, operator_id)


def unpaid_people(ledger: Ledger, year: int | None = None) -> list[Person]:
    """Active people not covered in the benefit year, by village group, 户号 and the order they were entered."""
    ids = figures.uncovered(ledger.db, ledger.year(year).year)
    people = register_store.people_by_ids(ledger.db, ids)
    return [people[i] for i in ids]

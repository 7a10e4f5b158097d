"""What the collector's cash papers need from the ledger: the cash before a settlement, the 先缴后补 people.

The settlement dialog shows, before anything is written, what ``services.cash.settle``
would hand over: the cash in hand, the receipts (first to last), the forms used and
spoiled. The payout list (先缴后补 发放名单) gathers, for the year, every line that still
stands whose subsidy is paid back later (``subsidy_mode`` "reimburse", subsidy > 0),
with its person, so that reports.payout_list can group them by paying office. (The
payout service of the 先缴后补 part, when it is in place, is the one to prefer; this
reads the same records.)
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop_app.domain.cash import CashInHand
from desktop_app.domain.payments import Payment, PaymentLine
from desktop_app.domain.register import Person
from desktop_app.services.cash import in_hand
from desktop_app.services.ledger import Ledger, LedgerError
from desktop_app.services.records import list_payments
from desktop_app.services.register import get_person
from desktop_app.store import cash as cash_store
from desktop_app.store import payments as payments_store

__all__ = ["Unsettled", "reimbursed_lines", "unsettled"]


@dataclass(frozen=True)
class Unsettled:
    """A collector's cash not yet settled, and the paper that goes with it."""

    cash: CashInHand
    payments: tuple[Payment, ...]  # unsettled receipts in the order taken, voided ones too
    spoiled: int  # forms spoiled since the last settlement

    @property
    def first_receipt(self) -> str | None:
        return self.payments[0].receipt_no if self.payments else None

    @property
    def last_receipt(self) -> str | None:
        return self.payments[-1].receipt_no if self.payments else None

    @property
    def voided(self) -> int:
        return sum(1 for p in self.payments if p.void is not None)

    @property
    def bills(self) -> tuple[str, ...]:
        return tuple(p.bill_no for p in self.payments if p.bill_no)


def unsettled(ledger: Ledger, operator_id: int) -> Unsettled:
    """What the next settlement of this collector would hand over (nothing is written)."""
    ids = cash_store.unsettled_payments(ledger.db, operator_id)
    return Unsettled(in_hand(ledger, operator_id), tuple(payments_store.by_ids(ledger.db, ids)),
                     len(cash_store.unsettled_spoils(ledger.db, operator_id)))


def reimbursed_lines(ledger: Ledger, year: int | None = None) -> list[tuple[Payment, PaymentLine, Person | None]]:
    """The year's standing lines whose subsidy is paid back later (先缴后补), with their person, in payment order."""
    benefit_year = ledger.year(year).year
    out: list[tuple[Payment, PaymentLine, Person | None]] = []
    people: dict[int, Person | None] = {}
    for payment in list_payments(ledger, year=benefit_year):
        for line in payment.live_lines():
            if not line.reimbursed_later:
                continue
            if line.person_id not in people:
                try:
                    people[line.person_id] = get_person(ledger, line.person_id)
                except LedgerError:
                    people[line.person_id] = None
            out.append((payment, line, people[line.person_id]))
    return out

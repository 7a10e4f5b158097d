"""What the settlement dialog shows before anything is written: the cash a 结报 would hand over.

``services.cash.settle`` hands over every unsettled receipt of the collector at once; the
dialog first shows what that is — the cash in hand, the receipts first to last (voided
ones too), the forms used and those spoiled since the last settlement.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop_app.domain.cash import CashInHand
from desktop_app.domain.payments import Payment
from desktop_app.services.cash import in_hand
from desktop_app.services.ledger import Ledger
from desktop_app.store import cash as cash_store
from desktop_app.store import payments as payments_store

__all__ = ["Unsettled", "unsettled"]


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
    return Unsettled(
        in_hand(ledger, operator_id),
        tuple(payments_store.by_ids(ledger.db, ids)),
        len(cash_store.unsettled_spoils(ledger.db, operator_id)),
    )

"""What has not yet gone to the county: the status bar asks this on every refresh.

Kept apart from the batch and county services so that the window can ask it without
loading openpyxl and the workbook code (half a second at start on a village laptop).
"""

from __future__ import annotations

from datetime import date

from desktop_app.domain.money import Fen
from desktop_app.services.ledger import Ledger
from desktop_app.store import batches as store


def unexported_summary(
    ledger: Ledger, operator_id: int | None = None, year: int | None = None
) -> tuple[int, Fen, date | None]:
    """(records not yet in any batch, the cash they account for in fen, the oldest one's date).

    Records are payments, voids and refunds, each of which the county must hear about.
    The cash is what the collector holds for them and will hand over: the unexported
    payments that still stand, less the unexported refunds. A void of a payment already
    exported takes its amount off nothing here, because that cash was reported before.
    Of one collector and one benefit year when given; None counts every collector, every year.
    """
    return store.unsent_figures(ledger.db, operator_id, year)

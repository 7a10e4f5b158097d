"""What has not yet gone to the county: the status bar asks this on every refresh.

Kept apart from the batch and county services so that the window can ask it without
loading openpyxl and the workbook code (half a second at start on a village laptop).
"""

from __future__ import annotations

from datetime import date

from desktop_app.domain.money import Fen
from desktop_app.services.ledger import Ledger

_NOT_IN_A_BATCH = "NOT EXISTS (SELECT 1 FROM batch_items i WHERE i.kind = '{kind}' AND i.record_uid = {uid})"


def unexported_summary(ledger: Ledger) -> tuple[int, Fen, date | None]:
    """(records not yet in any batch, the cash they account for in fen, the oldest one's date).

    Records are payments, voids and refunds, each of which the county must hear about.
    The cash is what the collector holds for them and will hand over: the unexported
    payments that still stand, less the unexported refunds. A void of a payment already
    exported takes its amount off nothing here, because that cash was reported before.
    """
    db = ledger.db
    pay = db.execute(
        "SELECT COUNT(*), COALESCE(SUM(CASE WHEN NOT EXISTS (SELECT 1 FROM voids v WHERE v.payment_id = p.id) "
        "THEN total_due ELSE 0 END), 0), MIN(paid_on) FROM payments p WHERE "
        + _NOT_IN_A_BATCH.format(kind="payment", uid="p.uid")).fetchone()
    voids = db.execute(
        "SELECT COUNT(*), MIN(v.voided_on) FROM voids v JOIN payments p ON p.id = v.payment_id WHERE "
        + _NOT_IN_A_BATCH.format(kind="void", uid="p.uid")).fetchone()
    refunds = db.execute(
        "SELECT COUNT(*), COALESCE(SUM(r.amount), 0), MIN(r.refunded_on) FROM refunds r WHERE "
        + _NOT_IN_A_BATCH.format(kind="refund", uid="r.uid")).fetchone()
    dates = [d for d in (pay[2], voids[1], refunds[2]) if d]
    return pay[0] + voids[0] + refunds[0], pay[1] - refunds[1], date.fromisoformat(min(dates)) if dates else None

"""What has not yet gone to the county: the status bar asks this on every refresh.

Kept apart from the batch and county services so that the window can ask it without
loading openpyxl and the workbook code (half a second at start on a village laptop).
"""

from __future__ import annotations

from datetime import date

from desktop_app.domain.money import Fen
from desktop_app.services.ledger import Ledger


def unexported_summary(ledger: Ledger) -> tuple[int, Fen, date | None]:
    """(records not yet in any batch, the cash of those payments in fen, the oldest one's date)."""
    db = ledger.db
    pay = db.execute("SELECT COUNT(*), COALESCE(SUM(total_due), 0), MIN(paid_on) FROM payments p WHERE NOT EXISTS "
                     "(SELECT 1 FROM batch_items i WHERE i.kind = 'payment' AND i.record_uid = p.uid)").fetchone()
    voids = db.execute("SELECT COUNT(*), MIN(v.voided_on) FROM voids v JOIN payments p ON p.id = v.payment_id "
                       "WHERE NOT EXISTS (SELECT 1 FROM batch_items i WHERE i.kind = 'void' "
                       "AND i.record_uid = p.uid)").fetchone()
    refunds = db.execute("SELECT COUNT(*), MIN(r.refunded_on) FROM refunds r WHERE NOT EXISTS "
                         "(SELECT 1 FROM batch_items i WHERE i.kind = 'refund' AND i.record_uid = r.uid)").fetchone()
    dates = [d for d in (pay[2], voids[1], refunds[1]) if d]
    return pay[0] + voids[0] + refunds[0], pay[1], date.fromisoformat(min(dates)) if dates else None

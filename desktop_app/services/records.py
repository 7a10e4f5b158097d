"""Payments as they were recorded, looked up, and in the receipts listing's JSON shape."""

from __future__ import annotations

from datetime import date
from typing import Any

from desktop_app.domain.money import format_yuan
from desktop_app.domain.payments import STATUS_LABELS, Payment, PaymentLine
from desktop_app.services.ledger import Ledger, LedgerError
from desktop_app.store import payments as store

__all__ = [
    "STATUS_LABELS",
    "Payment",
    "PaymentLine",
    "line_json",
    "list_payments",
    "load_payment",
    "load_payment_by_receipt",
    "payment_json",
]


def load_payment(ledger: Ledger, payment_id: int) -> Payment:
    found = store.get(ledger.db, payment_id)
    if found is None:
        raise LedgerError(f"没有编号为 {payment_id} 的缴费记录", "payment")
    return found


def load_payment_by_receipt(ledger: Ledger, receipt_no: str) -> Payment:
    found = store.by_receipt(ledger.db, receipt_no.strip().upper())
    if found is None:
        raise LedgerError(f"没有收据号为 {receipt_no} 的缴费记录", "receipt_no")
    return found


def list_payments(
    ledger: Ledger,
    date_from: date | None = None,
    date_to: date | None = None,
    *,
    year: int | None = None,
    operator_id: int | None = None,
) -> list[Payment]:
    return store.find(ledger.db, date_from=date_from, date_to=date_to, year=year, operator_id=operator_id)


def payment_json(p: Payment) -> dict[str, Any]:
    """The receipts listing's machine-readable shape."""
    return {
        "receipt_no": p.receipt_no,
        "uid": p.uid,
        "status": p.status,
        "status_label": STATUS_LABELS[p.status],
        "paid_on": p.paid_on.isoformat(),
        "late_entry": p.late_entry,
        "bill_no": p.bill_no,
        "household_no": p.household_no,
        "operator": p.operator,
        "benefit_year": p.benefit_year,
        "total_due": format_yuan(p.total_due),
        "cash": format_yuan(p.cash),
        "change": format_yuan(p.change),
        "refunded": format_yuan(p.refunded),
        "policy": p.policy_id,
        "policy_sha256": p.policy_sha256,
        "void": (
            {"reason": p.void.reason, "operator": p.void.operator, "voided_on": p.void.voided_on.isoformat()}
            if p.void
            else None
        ),
        "lines": [line_json(line, p) for line in p.lines],
    }


def line_json(line: PaymentLine, p: Payment) -> dict[str, Any]:
    refund = next(iter(p.refunds_of(line)), None)
    return {
        "name": line.name,
        "id_number": line.id_number,
        "identities": list(line.identities),
        "standard": format_yuan(line.standard),
        "riders": [{"name": r.name, "amount": format_yuan(r.amount)} for r in line.riders],
        "subsidy": format_yuan(line.subsidy),
        "subsidy_mode": line.subsidy_mode,
        "subsidy_payer": line.subsidy_payer,
        "due": format_yuan(line.due),
        "benefit_start": line.benefit_start.isoformat(),
        "benefit_end": line.benefit_end.isoformat(),
        "waiting_until": line.waiting_until.isoformat() if line.waiting_until else None,
        "refund": (
            {
                "amount": format_yuan(refund.amount),
                "reason": refund.reason,
                "refunded_on": refund.refunded_on.isoformat(),
                "state": refund.state,
                "application": refund.application_uid,
            }
            if refund
            else None
        ),
        "explanation": list(line.explanation),
    }

"""Cash in hand and its settlement (结报) with the tax office.

杜集 notice 五(二): the 代收单位 settles "按照税务部门规定的期限、限额 … 确保票款一致 … 不得出现
压票压款". The cash a collector holds is what their unsettled payments took (voided ones
took nothing; a refund application takes nothing out of the drawer, 税务 pays back). The
limit and the deadline are the village's settings; the window warns when either is
passed. A settlement hands over every unsettled receipt of the acting collector at once,
with the deposit slip's number, in one transaction; after it those receipts are no
longer voided (a refund application is made instead).
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from typing import Any

from desktop_app.domain.cash import CashInHand, Settlement
from desktop_app.domain.money import Fen, format_yuan
from desktop_app.domain.operators import Acting
from desktop_app.domain.village import Settings
from desktop_app.services.ledger import Ledger, LedgerError
from desktop_app.services.payments import check_clock
from desktop_app.store import cash as store
from desktop_app.store import payments as payments_store
from desktop_app.store.transactions import immediate

__all__ = [
    "CashInHand",
    "Settlement",
    "cash_json",
    "in_hand",
    "set_cash_rules",
    "settle",
    "settlement",
    "settlement_json",
    "settlements",
]

MAX_DEADLINE_DAYS = 366


def in_hand(ledger: Ledger, operator_id: int | None = None) -> CashInHand:
    """The cash not yet settled, of one collector or (None) of the whole village, against the limit and deadline."""
    settings = ledger.settings
    receipts, total, since = store.in_hand(ledger.db, operator_id)
    return CashInHand(
        operator_id=operator_id,
        in_hand=total,
        since=since,
        receipts=receipts,
        limit=settings.cash_limit,
        deadline_days=settings.settle_deadline_days,
        today=ledger.now().date(),
    )


def settle(ledger: Ledger, acting: Acting, slip_no: str, to_name: str, amount: Fen | None = None) -> Settlement:
    """Settle every unsettled receipt of the acting collector, with the deposit slip; all or nothing.

    ``amount`` is what the collector counted and handed over; it must equal the cash in hand
    (票款一致), else nothing is settled."""
    slip_no, to_name = slip_no.strip(), to_name.strip()
    if not slip_no:
        raise LedgerError("结报须填写缴款书（缴款单）号", "slip_no")
    if not to_name:
        raise LedgerError("结报须填写收款人（交给谁）", "to")
    operator = acting.operator
    with immediate(ledger.db):
        check_clock(ledger)
        payment_ids = store.unsettled_payments(ledger.db, operator.id)
        if not payment_ids:
            raise LedgerError(f"收款员“{acting.name}”没有未结报的收据", "receipt_no")
        payments = payments_store.by_ids(ledger.db, payment_ids)
        standing = [p for p in payments if p.void is None]
        total = sum(p.total_due for p in standing)
        if amount is not None and amount != total:
            raise LedgerError(
                f"结报金额 {format_yuan(amount)} 元与手中未结报的现金 {format_yuan(total)} 元不符"
                f"（{len(standing)} 张有效收据）；票款一致才能结报",
                "amount",
            )
        spoil_ids = store.unsettled_spoils(ledger.db, operator.id)
        today = ledger.now().date()
        uid = str(uuid.uuid4())
        number = store.next_settlement_no(ledger.db, operator.id)
        voided = len(payments) - len(standing)
        refunded = sum(1 for p in standing if p.standing_refunds)
        settlement_id = store.add_settlement(
            ledger.db,
            uid=uid,
            operator_id=operator.id,
            settlement_no=number,
            slip_no=slip_no,
            to_name=to_name,
            amount=total,
            from_receipt=payments[0].receipt_no,
            to_receipt=payments[-1].receipt_no,
            count=len(payments),
            voided=voided,
            refunded=refunded,
            period_from=min(p.paid_on for p in payments),
            period_to=max(p.paid_on for p in payments),
            settled_on=today,
            created_at=ledger.stamp(),
            payment_ids=payment_ids,
            spoil_ids=spoil_ids,
        )
        done = settlement(ledger, settlement_id)
        ledger.audit(
            acting,
            "cash.settle",
            {
                "uid": uid,
                "settlement_no": number,
                "slip_no": slip_no,
                "to": to_name,
                "amount": total,
                "from_receipt": done.from_receipt,
                "to_receipt": done.to_receipt,
                "count": done.count,
                "voided": voided,
                "refunded": refunded,
                "bills": list(done.bill_numbers),
                "spoiled": [s.number for s in done.spoiled_forms],
                "on": today.isoformat(),
            },
        )
        return done


def settlement(ledger: Ledger, settlement_id: int) -> Settlement:
    found = store.settlements(ledger.db, settlement_id=settlement_id)
    if not found:
        raise LedgerError(f"没有编号为 {settlement_id} 的结报记录", "settlement")
    return found[0]


def settlements(ledger: Ledger, operator_id: int | None = None) -> list[Settlement]:
    """Every settlement (of one collector), oldest first: the 结报单 can be printed again from these."""
    return store.settlements(ledger.db, operator_id)


def set_cash_rules(ledger: Ledger, acting: Acting, *, limit: Fen, deadline_days: int) -> Settings:
    """The tax office's settlement limit (fen) and deadline (days), in the settings with an audit entry."""
    if limit <= 0:
        raise LedgerError("结报限额应大于 0 元", "limit")
    if not 0 <= deadline_days <= MAX_DEADLINE_DAYS:
        raise LedgerError(f"结报期限应在 0 到 {MAX_DEADLINE_DAYS} 天之间", "deadline_days")
    with immediate(ledger.db):
        current = ledger.settings
        changed = replace(current, cash_limit=limit, settle_deadline_days=deadline_days)
        if changed != current:
            ledger.save_settings(changed, acting)
    return changed


def cash_json(c: CashInHand) -> dict[str, Any]:
    """``zhengjiao --json cash``."""
    return {
        "in_hand": format_yuan(c.in_hand),
        "since": c.since.isoformat() if c.since else None,
        "receipts": c.receipts,
        "limit": format_yuan(c.limit),
        "deadline_days": c.deadline_days,
        "over_limit": c.over_limit,
        "overdue": c.overdue,
    }


def settlement_json(s: Settlement) -> dict[str, Any]:
    """``zhengjiao --json settle``: the issue's keys first, then what the 结报单 prints."""
    return {
        "settlement_no": s.settlement_no,
        "from_receipt": s.from_receipt,
        "to_receipt": s.to_receipt,
        "count": s.count,
        "amount": format_yuan(s.amount),
        "voided": s.voided,
        "refunded": s.refunded,
        "bills_used": s.bills_used,
        "bills_spoiled": s.bills_spoiled,
        "uid": s.uid,
        "operator": s.operator,
        "slip_no": s.slip_no,
        "to": s.to_name,
        "period_from": s.period_from.isoformat(),
        "period_to": s.period_to.isoformat(),
        "settled_on": s.settled_on.isoformat(),
        "bill_ranges": [list(r) for r in s.bill_ranges],
        "spoiled_forms": [
            {"number": f.number, "reason": f.reason, "receipt_no": f.receipt_no} for f in s.spoiled_forms
        ],
    }

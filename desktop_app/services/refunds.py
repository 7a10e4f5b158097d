"""Refunds: a new record pointing at its payment line, only where the policy allows it."""

from __future__ import annotations

import uuid
from datetime import date

from desktop_app.domain.codes import REFUND_REASONS
from desktop_app.domain.idnumber import IdNumberError, parse_id_number
from desktop_app.domain.operators import Acting
from desktop_app.domain.payments import Payment
from desktop_app.policy.refund import refund_check
from desktop_app.services.ledger import Ledger, LedgerError
from desktop_app.services.policies import UnknownPolicyError
from desktop_app.services.records import load_payment, load_payment_by_receipt
from desktop_app.store import payments as store
from desktop_app.store.transactions import immediate


def refund_reason_code(text: str) -> str:
    """A reason code from its code or its Chinese words ('死亡', '重复缴费', …)."""
    text = text.strip()
    if text in REFUND_REASONS:
        return text
    for code, label in REFUND_REASONS.items():
        if label in text or text in label and len(text) >= 2:
            return code
    known = "、".join(f"{c}（{label}）" for c, label in REFUND_REASONS.items())
    raise LedgerError(f"退费原因“{text}”不是政策允许的原因之一，可用：{known}", "reason")


def refund(ledger: Ledger, acting: Acting, receipt_no: str, reason: str, on: date | None = None,
           id_numbers: tuple[str, ...] = ()) -> Payment:
    """Refund the payment's lines (or only those of the given people); all allowed, or none written."""
    code = refund_reason_code(reason)
    on = on or ledger.now().date()
    with immediate(ledger.db):
        payment = load_payment_by_receipt(ledger, receipt_no)
        if payment.void is not None:
            raise LedgerError(f"收据 {payment.receipt_no} 已作废，作废的收据不能退费", "receipt_no")
        if on < payment.paid_on:
            raise LedgerError(f"退费日期 {on} 早于缴费日期 {payment.paid_on}", "on")
        try:
            policy = ledger.catalogue.load(payment.policy_id).policy
        except UnknownPolicyError as e:
            raise LedgerError(str(e), "policy") from None
        wanted = {_number(n) for n in id_numbers}
        lines = [ln for ln in payment.lines if not wanted or ln.id_number in wanted]
        missing = sorted(wanted - {ln.id_number for ln in payment.lines if ln.id_number})
        if missing:
            raise LedgerError(f"收据 {payment.receipt_no} 中没有证件号码 {'、'.join(missing)}", "id_number")
        done = {r.line_id for r in payment.refunds}
        lines = [ln for ln in lines if ln.id not in done]
        if not lines:
            raise LedgerError(f"收据 {payment.receipt_no} 的费用已经全部退还", "receipt_no")
        refused = []
        for line in lines:
            decision = refund_check(policy, line, on, code)
            if not decision.allowed:
                refused.append(f"{line.name}：{decision.reason}")
        if refused:
            raise LedgerError("不能退费——" + "；".join(refused), "reason")
        stamp = ledger.stamp()
        for line in lines:
            uid = str(uuid.uuid4())
            store.add_refund(ledger.db, uid=uid, payment_id=payment.id, line_id=line.id, amount=line.due,
                             reason_code=code, reason=reason.strip(), refunded_on=on, operator_id=acting.operator.id,
                             created_at=stamp)
            ledger.audit(acting, "payment.refund", {
                "uid": uid, "payment_uid": payment.uid, "receipt_no": payment.receipt_no,
                "id_number": line.id_number, "amount": line.due, "reason_code": code, "on": on.isoformat()})
        return load_payment(ledger, payment.id)


def _number(text: str) -> str:
    try:
        return parse_id_number(text).number
    except IdNumberError as e:
        raise LedgerError(f"{text}: {e}", "id_number") from None

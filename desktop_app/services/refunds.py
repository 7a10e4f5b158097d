"""Refunds as applications (退费申请): new records pointing at the payment's lines, only where the policy allows it.

山头镇 notice 七: before the benefit period starts, a villager who paid twice or joined
another scheme "可在终止相关居民医保参保关系的同时，依申请为个人办理退费". The village
records the application (reason, evidence, the villager's bank and account) and 税务 pays
back into that account: nothing leaves the collector's drawer. From the application on,
the lines no longer cover their people; the answer (已退 / 不予退费) is a new record, and a
declined application gives the lines their cover back.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from desktop_app.domain.cash import RefundApplication
from desktop_app.domain.codes import REFUND_REASONS
from desktop_app.domain.idnumber import IdNumberError, parse_id_number
from desktop_app.domain.money import format_yuan
from desktop_app.domain.operators import Acting
from desktop_app.domain.payments import APPLIED, DECLINED, REFUND_STATE_LABELS, Payment
from desktop_app.policy.refund import refund_check
from desktop_app.services.ledger import Ledger, LedgerError
from desktop_app.services.policies import UnknownPolicyError
from desktop_app.services.records import load_payment, load_payment_by_receipt
from desktop_app.store import cash as cash_store
from desktop_app.store import payments as store
from desktop_app.store.transactions import immediate

__all__ = [
    "RefundApplication",
    "application",
    "application_json",
    "refund",
    "refund_applications",
    "refund_reason_code",
    "refund_state",
    "set_refund_state",
]


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


def refund(
    ledger: Ledger,
    acting: Acting,
    receipt_no: str,
    reason: str,
    on: date | None = None,
    id_numbers: tuple[str, ...] = (),
    *,
    evidence: str = "",
    bank: str = "",
    account: str = "",
) -> Payment:
    """Apply for a refund of the payment's lines (or only those of the given people); all allowed, or none
    written. One application (申请中) with a line refund per person; the cash stays in the drawer."""
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
        declined = {r.line_id for r in payment.refunds if r.state == DECLINED}
        done = {r.line_id for r in payment.refunds}
        if not [ln for ln in lines if ln.id not in done] and any(ln.id in declined for ln in lines):
            names = "、".join(ln.name for ln in lines if ln.id in declined)
            raise LedgerError(f"{names}的退费申请已答复不予退费，不能再次申请", "receipt_no")
        lines = [ln for ln in lines if ln.id not in done]
        if not lines:
            raise LedgerError(f"收据 {payment.receipt_no} 的费用已经全部退还或已申请退费", "receipt_no")
        refused = []
        for line in lines:
            decision = refund_check(policy, line, on, code)
            if not decision.allowed:
                refused.append(f"{line.name}：{decision.reason}")
        if refused:
            raise LedgerError("不能退费——" + "；".join(refused), "reason")
        stamp = ledger.stamp()
        application_uid = str(uuid.uuid4())
        application_id = cash_store.add_application(
            ledger.db,
            uid=application_uid,
            payment_id=payment.id,
            reason_code=code,
            reason=reason.strip(),
            evidence=evidence.strip(),
            bank=bank.strip(),
            account="".join(account.split()),
            applied_on=on,
            operator_id=acting.operator.id,
            created_at=stamp,
        )
        for line in lines:
            uid = str(uuid.uuid4())
            store.add_refund(
                ledger.db,
                uid=uid,
                payment_id=payment.id,
                line_id=line.id,
                amount=line.due,
                reason_code=code,
                reason=reason.strip(),
                refunded_on=on,
                operator_id=acting.operator.id,
                created_at=stamp,
                application_id=application_id,
            )
            ledger.audit(
                acting,
                "payment.refund",
                {
                    "uid": uid,
                    "payment_uid": payment.uid,
                    "receipt_no": payment.receipt_no,
                    "id_number": line.id_number,
                    "amount": line.due,
                    "reason_code": code,
                    "on": on.isoformat(),
                    "application": application_uid,
                    "state": APPLIED,
                },
            )
        return load_payment(ledger, payment.id)


def refund_state(text: str) -> str:
    """An answer's state from its code or its Chinese words (已退 / 不予退费)."""
    text = text.strip()
    for code, label in REFUND_STATE_LABELS.items():
        if text in (code, label):
            if code == APPLIED:
                raise LedgerError("“申请中”是申请提交时的状态；答复只能是“已退”或“不予退费”", "state")
            return code
    raise LedgerError(f"退费答复“{text}”不对，应为“已退”或“不予退费”", "state")


def set_refund_state(ledger: Ledger, acting: Acting, uid: str, state: str, note: str = "") -> RefundApplication:
    """Record the answer to an application (已退 / 不予退费) as a new record; an application is answered once."""
    code = refund_state(state)
    note = note.strip()
    if code == DECLINED and not note:
        raise LedgerError("不予退费须写明原因（税务或医保的答复）", "note")
    with immediate(ledger.db):
        found = application(ledger, uid)
        if not found.open:
            raise LedgerError(f"这份退费申请已于 {found.answered_on} 答复为“{found.state_label}”，不能再改", "uid")
        if code == DECLINED:
            payment = load_payment(ledger, found.payment_id)
            for line in found.lines:
                again = store.live_receipt(
                    ledger.db, next(ln.person_id for ln in payment.lines if ln.id == line.line_id), payment.benefit_year
                )
                if again:
                    raise LedgerError(
                        f"{line.name}已另有收据 {again} 缴费；不予退费时原收据仍然有效，请先作废或申请退还收据 {again}",
                        "state",
                    )
        today = ledger.now().date()
        cash_store.add_answer(
            ledger.db,
            uid=str(uuid.uuid4()),
            application_id=found.id,
            state=code,
            note=note,
            answered_on=today,
            operator_id=acting.operator.id,
            created_at=ledger.stamp(),
        )
        ledger.audit(
            acting,
            "refund.answer",
            {
                "application": uid,
                "receipt_no": found.receipt_no,
                "state": code,
                "note": note,
                "amount": found.amount,
                "on": today.isoformat(),
            },
        )
        return application(ledger, uid)


def application(ledger: Ledger, uid: str) -> RefundApplication:
    found = cash_store.applications(ledger.db, uid=uid.strip())
    if not found:
        raise LedgerError(f"没有编号为 {uid} 的退费申请", "uid")
    return found[0]


def refund_applications(
    ledger: Ledger, *, state: str | None = None, operator_id: int | None = None, receipt_no: str | None = None
) -> list[RefundApplication]:
    """Applications, oldest first: all, or those in one state (申请中 …), of one collector, or of one receipt."""
    code = None
    if state is not None:
        code = next((c for c, label in REFUND_STATE_LABELS.items() if state.strip() in (c, label)), None)
        if code is None:
            raise LedgerError(f"退费状态“{state}”不对，应为申请中、已退或不予退费", "state")
    payment_id = load_payment_by_receipt(ledger, receipt_no).id if receipt_no else None
    return cash_store.applications(ledger.db, state=code, operator_id=operator_id, payment_id=payment_id)


def application_json(a: RefundApplication) -> dict[str, Any]:
    return {
        "uid": a.uid,
        "receipt_no": a.receipt_no,
        "household_no": a.household_no,
        "state": a.state,
        "state_label": a.state_label,
        "reason_code": a.reason_code,
        "reason": a.reason,
        "evidence": a.evidence,
        "bank": a.bank,
        "account": a.account,
        "applied_on": a.applied_on.isoformat(),
        "operator": a.operator,
        "amount": format_yuan(a.amount),
        "lines": [{"name": ln.name, "id_number": ln.id_number, "amount": format_yuan(ln.amount)} for ln in a.lines],
        "answered_on": a.answered_on.isoformat() if a.answered_on else None,
        "answer_note": a.answer_note,
        "answered_by": a.answered_by,
    }


def _number(text: str) -> str:
    try:
        return parse_id_number(text).number
    except IdNumberError as e:
        raise LedgerError(f"{text}: {e}", "id_number") from None

"""Taking a payment and voiding it. Records are never edited or deleted.

The payment, its lines (each freezing its quote), its receipt number and its audit
entry are written in one transaction: after a crash there is the whole payment with
its receipt, or none of it. Receipt numbers are consecutive per collector and year.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date

from desktop_app.domain.money import Fen, format_yuan
from desktop_app.domain.operators import Acting
from desktop_app.domain.payments import Circumstances, Payment, PaymentLine, RiderAmount
from desktop_app.domain.register import Person
from desktop_app.policy.engine import PersonQuote, quote
from desktop_app.policy.request import PersonRequest, QuoteRequest, RequestError
from desktop_app.services.ledger import Ledger, LedgerError
from desktop_app.services.records import load_payment, load_payment_by_receipt
from desktop_app.services.register import get_person, identities_on
from desktop_app.store import payments as store
from desktop_app.store.transactions import immediate

__all__ = ["Circumstances", "PaymentRequest", "live_payment_for", "pay", "payment_line", "person_request",
           "quote_people", "void"]


@dataclass(frozen=True)
class PaymentRequest:
    person_ids: tuple[int, ...]
    cash: Fen
    paid_on: date
    circumstances: dict[int, Circumstances] = field(default_factory=dict)


def person_request(ledger: Ledger, person: Person, on: date, c: Circumstances | None = None) -> PersonRequest:
    c = c or Circumstances()
    return PersonRequest(
        name=person.name, id_number=person.id_number, birth_date=person.birth_date,
        identities=identities_on(ledger, person.id, on), ethnicity=person.ethnicity or None,
        student=person.student, parent_insured=person.parent_insured, situation=c.situation,
        lapse_date=c.lapse_date, continuous_years=c.continuous_years, entered_on=c.entered_on,
    )


def quote_people(ledger: Ledger, people: list[Person], on: date,
                 circumstances: dict[int, Circumstances] | None = None, *,
                 year: int | None = None) -> tuple[PersonQuote, ...]:
    """What each would owe on that day under the year's policy (the payment dialog's lines)."""
    benefit_year = ledger.year(year)
    policy = ledger.policy_of(benefit_year).policy
    circumstances = circumstances or {}
    request = QuoteRequest(policy.id, on, tuple(person_request(ledger, p, on, circumstances.get(p.id))
                                                for p in people), benefit_year.area)
    try:
        return quote(policy, request).people
    except RequestError as e:
        raise LedgerError(e.message, e.field) from None


def payment_line(person_id: int, year: int, q: PersonQuote, identities: tuple[str, ...]) -> PaymentLine:
    """The engine's answer for one person, as the line the ledger keeps (the one conversion)."""
    assert q.benefit_start is not None and q.benefit_end is not None
    return PaymentLine(
        id=0, person_id=person_id, benefit_year=year, name=q.name, id_number=q.id_number, identities=identities,
        standard=q.standard, riders=tuple(RiderAmount(r.name, r.amount) for r in q.riders), subsidy=q.subsidy,
        subsidy_mode=q.subsidy_mode, subsidy_payer=q.subsidy_payer, subsidy_name=q.subsidy_name, due=q.due,
        benefit_start=q.benefit_start, benefit_end=q.benefit_end, waiting_until=q.waiting_until,
        full_cost=q.full_cost, explanation=q.explanation)


def live_payment_for(ledger: Ledger, person_id: int, benefit_year: int) -> str | None:
    """The receipt that covers this person for the year, if any (not voided, not refunded)."""
    return store.live_receipt(ledger.db, person_id, benefit_year)


def pay(ledger: Ledger, acting: Acting, request: PaymentRequest) -> Payment:
    if not request.person_ids:
        raise LedgerError("没有选择要缴费的人员", "id_number")
    if len(set(request.person_ids)) != len(request.person_ids):
        raise LedgerError("同一人在一次缴费中出现了两次", "id_number")
    if request.cash < 0:
        raise LedgerError("收到的现金不能为负数", "cash")
    year = acting.benefit_year
    loaded = ledger.policy_of(acting.year)
    operator = acting.operator
    with immediate(ledger.db):
        people = [get_person(ledger, pid) for pid in request.person_ids]
        if len({p.household_id for p in people}) != 1:
            raise LedgerError("一次缴费只能包含同一户的成员", "id_number")
        for p in people:
            if p.status != "active":
                raise LedgerError(f"{p.name}的状态是“{'迁出' if p.status == 'moved_out' else '死亡'}”，不能缴费",
                                  "id_number")
            paid = store.live_receipt(ledger.db, p.id, year)
            if paid:
                raise LedgerError(f"{p.name}（{p.id_number or '无证件'}）已缴纳{year}年度费用，收据号 {paid}，不能重复收费",
                                  "id_number")
        quotes = quote_people(ledger, people, request.paid_on, request.circumstances, year=year)
        refused = [f"{q.name}：{q.reason}" for q in quotes if not q.eligible]
        if refused:
            raise LedgerError("不能收费——" + "；".join(refused), "id_number")
        total = sum(q.due for q in quotes)
        if request.cash < total:
            raise LedgerError(f"收到现金 {format_yuan(request.cash)} 元，少于应收 {format_yuan(total)} 元", "cash")
        serial = store.next_serial(ledger.db, operator.id, year)
        receipt_no = f"{operator.receipt_prefix or ledger.settings.receipt_prefix}{year}{serial:06d}"
        uid = str(uuid.uuid4())
        lines = [payment_line(p.id, year, q, identities_on(ledger, p.id, request.paid_on))
                 for p, q in zip(people, quotes)]
        payment_id = store.add(
            ledger.db, uid=uid, receipt_no=receipt_no, operator_id=operator.id, year=year, serial=serial,
            household_id=people[0].household_id, paid_on=request.paid_on, total_due=total, cash=request.cash,
            policy_id=loaded.policy.id, policy_sha256=loaded.sha256, created_at=ledger.stamp(), lines=lines)
        ledger.audit(acting, "payment.add", {
            "uid": uid, "receipt_no": receipt_no, "paid_on": request.paid_on.isoformat(), "total_due": total,
            "cash": request.cash, "people": [p.id_number or p.name for p in people],
            "dues": [q.due for q in quotes], "policy": loaded.policy.id, "policy_sha256": loaded.sha256})
        return load_payment(ledger, payment_id)


def void(ledger: Ledger, acting: Acting, receipt_no: str, reason: str) -> Payment:
    reason = reason.strip()
    if not reason:
        raise LedgerError("作废必须写明原因", "reason")
    with immediate(ledger.db):
        payment = load_payment_by_receipt(ledger, receipt_no)
        if payment.void is not None:
            raise LedgerError(f"收据 {receipt_no} 已于 {payment.void.voided_on} 作废", "receipt_no")
        if payment.refunds:
            raise LedgerError(f"收据 {receipt_no} 已有退费记录，不能再作废", "receipt_no")
        store.add_void(ledger.db, payment.id, reason, acting.operator.id, ledger.now().date(), ledger.stamp())
        ledger.audit(acting, "payment.void", {"uid": payment.uid, "receipt_no": receipt_no, "reason": reason})
        return load_payment(ledger, payment.id)

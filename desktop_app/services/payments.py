"""Taking a payment, voiding it, refunding it. Records are never edited or deleted.

The payment, its lines (each freezing its quote), its receipt number and its audit
entry are written in one transaction: after a crash there is the whole payment with
its receipt, or none of it. Receipt numbers are consecutive per collector and year.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import date

from desktop_app.domain.money import Fen, format_yuan
from desktop_app.policy.engine import PersonQuote, quote
from desktop_app.policy.request import PersonRequest, QuoteRequest, RequestError
from desktop_app.services.ledger import Ledger, LedgerError
from desktop_app.services.operators import Operator
from desktop_app.services.records import Payment, load_payment, load_payment_by_receipt
from desktop_app.services.register import Person, get_person, identities_on
from desktop_app.store.transactions import immediate


@dataclass(frozen=True)
class Circumstances:
    """Why someone pays outside the period; entered by the collector for that payment."""

    situation: str | None = None
    lapse_date: date | None = None
    continuous_years: int | None = None
    entered_on: date | None = None


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
                 circumstances: dict[int, Circumstances] | None = None) -> tuple[PersonQuote, ...]:
    """What each would owe on that day under the village's policy (the payment dialog's lines)."""
    settings, policy = ledger.settings, ledger.policy.policy
    circumstances = circumstances or {}
    request = QuoteRequest(policy.id, on, tuple(person_request(ledger, p, on, circumstances.get(p.id))
                                                for p in people), settings.area)
    try:
        return quote(policy, request).people
    except RequestError as e:
        raise LedgerError(e.message, e.field) from None


def live_payment_for(ledger: Ledger, person_id: int, benefit_year: int) -> str | None:
    """The receipt that covers this person for the year, if any (not voided, not refunded)."""
    row = ledger.db.execute(
        "SELECT p.receipt_no FROM payment_lines l JOIN payments p ON p.id = l.payment_id "
        "LEFT JOIN voids v ON v.payment_id = p.id LEFT JOIN refunds r ON r.line_id = l.id "
        "WHERE l.person_id = ? AND l.benefit_year = ? AND v.id IS NULL AND r.id IS NULL LIMIT 1",
        [person_id, benefit_year]).fetchone()
    return row[0] if row else None


def pay(ledger: Ledger, operator: Operator, request: PaymentRequest) -> Payment:
    if not request.person_ids:
        raise LedgerError("没有选择要缴费的人员", "id_number")
    if len(set(request.person_ids)) != len(request.person_ids):
        raise LedgerError("同一人在一次缴费中出现了两次", "id_number")
    if request.cash < 0:
        raise LedgerError("收到的现金不能为负数", "cash")
    settings = ledger.settings
    loaded = ledger.policy
    year = loaded.policy.benefit_year
    with immediate(ledger.db):
        people = [get_person(ledger, pid) for pid in request.person_ids]
        households = {p.household_id for p in people}
        if len(households) != 1:
            raise LedgerError("一次缴费只能包含同一户的成员", "id_number")
        for p in people:
            if p.status != "active":
                raise LedgerError(f"{p.name}的状态是“{'迁出' if p.status == 'moved_out' else '死亡'}”，不能缴费",
                                  "id_number")
            paid = live_payment_for(ledger, p.id, year)
            if paid:
                raise LedgerError(f"{p.name}（{p.id_number or '无证件'}）已缴纳{year}年度费用，收据号 {paid}，不能重复收费",
                                  "id_number")
        quotes = quote_people(ledger, people, request.paid_on, request.circumstances)
        refused = [f"{q.name}：{q.reason}" for q in quotes if not q.eligible]
        if refused:
            raise LedgerError("不能收费——" + "；".join(refused), "id_number")
        total = sum(q.due for q in quotes)
        if request.cash < total:
            raise LedgerError(f"收到现金 {format_yuan(request.cash)} 元，少于应收 {format_yuan(total)} 元", "cash")
        serial = ledger.db.execute(
            "SELECT COALESCE(MAX(serial), 0) + 1 FROM payments WHERE operator_id = ? AND benefit_year = ?",
            [operator.id, year]).fetchone()[0]
        receipt_no = f"{operator.receipt_prefix or settings.receipt_prefix}{year}{serial:06d}"
        uid = str(uuid.uuid4())
        stamp = ledger.now().isoformat(timespec="seconds")
        cur = ledger.db.execute(
            "INSERT INTO payments (uid, receipt_no, operator_id, benefit_year, serial, household_id, paid_on, "
            "total_due, cash, change, policy_id, policy_sha256, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [uid, receipt_no, operator.id, year, serial, people[0].household_id, request.paid_on.isoformat(),
             total, request.cash, request.cash - total, loaded.policy.id, loaded.sha256, stamp])
        payment_id = cur.lastrowid
        for person, q in zip(people, quotes):
            assert q.benefit_start is not None and q.benefit_end is not None
            ledger.db.execute(
                "INSERT INTO payment_lines (payment_id, person_id, benefit_year, name, id_number, identities, "
                "standard, riders, rider_total, subsidy, subsidy_mode, subsidy_payer, subsidy_name, due, "
                "benefit_start, benefit_end, waiting_until, full_cost, explanation) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                [payment_id, person.id, year, person.name, person.id_number,
                 json.dumps(list(identities_on(ledger, person.id, request.paid_on))),
                 q.standard, json.dumps([{"name": r.name, "amount": r.amount} for r in q.riders], ensure_ascii=False),
                 q.rider_total, q.subsidy, q.subsidy_mode, q.subsidy_payer, q.subsidy_name, q.due,
                 q.benefit_start.isoformat(), q.benefit_end.isoformat(),
                 q.waiting_until.isoformat() if q.waiting_until else None, int(q.full_cost),
                 json.dumps(list(q.explanation), ensure_ascii=False)])
        ledger.audit(operator.name, "payment.add", {
            "uid": uid, "receipt_no": receipt_no, "paid_on": request.paid_on.isoformat(), "total_due": total,
            "cash": request.cash, "people": [p.id_number or p.name for p in people],
            "dues": [q.due for q in quotes], "policy": loaded.policy.id, "policy_sha256": loaded.sha256})
        assert payment_id is not None
        return load_payment(ledger, payment_id)


def void(ledger: Ledger, operator: Operator, receipt_no: str, reason: str) -> Payment:
    reason = reason.strip()
    if not reason:
        raise LedgerError("作废必须写明原因", "reason")
    with immediate(ledger.db):
        payment = load_payment_by_receipt(ledger, receipt_no)
        if payment.void is not None:
            raise LedgerError(f"收据 {receipt_no} 已于 {payment.void.voided_on} 作废", "receipt_no")
        if payment.refunds:
            raise LedgerError(f"收据 {receipt_no} 已有退费记录，不能再作废", "receipt_no")
        today = ledger.now().date()
        ledger.db.execute("INSERT INTO voids (payment_id, reason, operator_id, voided_on, created_at) "
                          "VALUES (?,?,?,?,?)", [payment.id, reason, operator.id, today.isoformat(),
                                                  ledger.now().isoformat(timespec="seconds")])
        ledger.audit(operator.name, "payment.void", {"uid": payment.uid, "receipt_no": receipt_no, "reason": reason})
        return load_payment(ledger, payment.id)

"""Taking a payment and voiding it. Records are never edited or deleted.

The payment, its lines (each freezing its quote), its receipt number and its audit
entry are written in one transaction: after a crash there is the whole payment with
its receipt, or none of it. Receipt numbers are consecutive per collector and year.

A payment's date is today's date: the payment date decides the collection period and
the waiting period, so an earlier date is a late entry (补录) that must give its reason,
and is flagged wherever the payment appears; a later date is refused. A computer whose
clock was turned back behind the ledger's newest entry takes no payment until it is put
right. Where the village uses the tax office's forms, each payment names its form
(``services.bills``). A settled payment (its cash handed over, ``services.cash``) is no
longer voided: a refund application is made instead.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from desktop_app.domain.history import PersonHistory
from desktop_app.domain.money import Fen, format_yuan
from desktop_app.domain.operators import Acting
from desktop_app.domain.payments import Circumstances, Payment, PaymentLine, RiderAmount
from desktop_app.domain.register import Person
from desktop_app.policy.engine import PersonQuote, quote
from desktop_app.policy.request import PersonRequest, QuoteRequest, RequestError
from desktop_app.services.bills import bill_for_payment, spoil_with_void
from desktop_app.services.coverage import blocking_mark
from desktop_app.services.ledger import Ledger, LedgerError
from desktop_app.services.records import load_payment, load_payment_by_receipt
from desktop_app.services.register import get_person, identities_on
from desktop_app.services.years import history_for
from desktop_app.store import audit as audit_store
from desktop_app.store import cash as cash_store
from desktop_app.store import payments as store
from desktop_app.store.transactions import immediate

__all__ = [
    "Circumstances",
    "PaymentRequest",
    "check_clock",
    "live_payment_for",
    "pay",
    "payment_line",
    "person_request",
    "quote_people",
    "void",
]

CLOCK_SLACK = timedelta(minutes=5)  # a clock set right by a few seconds or minutes is not "turned back"


@dataclass(frozen=True)
class PaymentRequest:
    person_ids: tuple[int, ...]
    cash: Fen
    paid_on: date
    circumstances: dict[int, Circumstances] = field(default_factory=dict)
    late_entry: str | None = None  # why a payment received on an earlier day is entered only now (补录)
    bill_no: str | None = None  # the tax office's form it is written on, where the village uses them


def person_request(
    ledger: Ledger,
    person: Person,
    on: date,
    c: Circumstances | None = None,
    history: PersonHistory | None = None,
    known: Collection[str] | None = None,
) -> PersonRequest:
    """The quote's view of a registered person on a day: identities then valid, and their years without cover."""
    c = c or Circumstances()
    held = identities_on(ledger, person.id, on)
    if known is not None:
        held = tuple(code for code in held if code in known)  # another year's local identity means nothing here
    return PersonRequest(
        name=person.name,
        id_number=person.id_number,
        birth_date=person.birth_date,
        identities=held,
        ethnicity=person.ethnicity or None,
        student=person.student,
        parent_insured=person.parent_insured,
        situation=c.situation,
        lapse_date=c.lapse_date,
        continuous_years=c.continuous_years,
        entered_on=c.entered_on,
        uncovered_years=history.uncovered_years if history else None,
        back_paid_years=history.back_paid_years if history else None,
    )


def quote_people(
    ledger: Ledger,
    people: list[Person],
    on: date,
    circumstances: dict[int, Circumstances] | None = None,
    *,
    year: int | None = None,
) -> tuple[PersonQuote, ...]:
    """What each would owe on that day under the year's policy (the payment dialog's lines)."""
    benefit_year = ledger.year(year)
    policy = ledger.policy_of(benefit_year).policy
    circumstances = circumstances or {}
    history = history_for(ledger, [p.id for p in people], benefit_year.year)
    known = policy.identity_labels()
    request = QuoteRequest(
        policy.id,
        on,
        tuple(person_request(ledger, p, on, circumstances.get(p.id), history.get(p.id), known) for p in people),
        benefit_year.area,
    )
    try:
        return quote(policy, request).people
    except RequestError as e:
        raise LedgerError(e.message, e.field) from None


def payment_line(person_id: int, year: int, q: PersonQuote, identities: tuple[str, ...]) -> PaymentLine:
    """The engine's answer for one person, as the line the ledger keeps (the one conversion)."""
    assert q.benefit_start is not None and q.benefit_end is not None
    return PaymentLine(
        id=0,
        person_id=person_id,
        benefit_year=year,
        name=q.name,
        id_number=q.id_number,
        identities=identities,
        standard=q.standard,
        riders=tuple(RiderAmount(r.name, r.amount) for r in q.riders),
        subsidy=q.subsidy,
        subsidy_mode=q.subsidy_mode,
        subsidy_payer=q.subsidy_payer,
        subsidy_name=q.subsidy_name,
        due=q.due,
        benefit_start=q.benefit_start,
        benefit_end=q.benefit_end,
        waiting_until=q.waiting_until,
        full_cost=q.full_cost,
        explanation=q.explanation,
    )


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
        check_clock(ledger)
        people = [get_person(ledger, pid) for pid in request.person_ids]
        if len({p.household_id for p in people}) != 1:
            raise LedgerError("一次缴费只能包含同一户的成员", "id_number")
        for p in people:
            if p.status != "active":
                raise LedgerError(
                    f"{p.name}的状态是“{'迁出' if p.status == 'moved_out' else '死亡'}”，不能缴费", "id_number"
                )
            paid = store.live_receipt(ledger.db, p.id, year)
            if paid:
                raise LedgerError(
                    f"{p.name}（{p.id_number or '无证件'}）已缴纳{year}年度费用，收据号 {paid}，不能重复收费",
                    "id_number",
                )
            elsewhere = blocking_mark(ledger, p.id, year)
            if elsewhere is not None:
                raise LedgerError(
                    f"{p.name}（{p.id_number or '无证件'}）{year}年度{elsewhere.describe()}，不能再收费", "id_number"
                )
        quotes = quote_people(ledger, people, request.paid_on, request.circumstances, year=year)
        refused = [f"{q.name}：{q.reason}" for q in quotes if not q.eligible]
        if refused:
            raise LedgerError("不能收费——" + "；".join(refused), "id_number")
        late_entry = _late_entry(ledger, request)
        total = sum(q.due for q in quotes)
        if request.cash < total:
            raise LedgerError(f"收到现金 {format_yuan(request.cash)} 元，少于应收 {format_yuan(total)} 元", "cash")
        bill_no = bill_for_payment(ledger, acting, request.bill_no)
        serial = store.next_serial(ledger.db, operator.id, year)
        receipt_no = f"{operator.receipt_prefix or ledger.settings.receipt_prefix}{year}{serial:06d}"
        uid = str(uuid.uuid4())
        lines = [
            payment_line(p.id, year, q, identities_on(ledger, p.id, request.paid_on)) for p, q in zip(people, quotes)
        ]
        payment_id = store.add(
            ledger.db,
            uid=uid,
            receipt_no=receipt_no,
            operator_id=operator.id,
            year=year,
            serial=serial,
            household_id=people[0].household_id,
            paid_on=request.paid_on,
            total_due=total,
            cash=request.cash,
            policy_id=loaded.policy.id,
            policy_sha256=loaded.sha256,
            created_at=ledger.stamp(),
            lines=lines,
            late_entry=late_entry,
            bill_no=bill_no,
        )
        entry: dict[str, object] = {
            "uid": uid,
            "receipt_no": receipt_no,
            "paid_on": request.paid_on.isoformat(),
            "total_due": total,
            "cash": request.cash,
            "people": [p.id_number or p.name for p in people],
            "dues": [q.due for q in quotes],
            "policy": loaded.policy.id,
            "policy_sha256": loaded.sha256,
        }
        if late_entry is not None:
            entry["late_entry"] = late_entry
        if bill_no is not None:
            entry["bill_no"] = bill_no
        ledger.audit(acting, "payment.add", entry)
        return load_payment(ledger, payment_id)


def _late_entry(ledger: Ledger, request: PaymentRequest) -> str | None:
    """The late-entry reason when the payment is dated before today; refused without one, or when dated later."""
    today = ledger.now().date()
    if request.paid_on > today:
        raise LedgerError(
            f"缴费日期 {request.paid_on} 晚于今天（电脑日期 {today}），不能登记以后的缴费；"
            "如果电脑日期不对，请先改正电脑日期",
            "on",
        )
    if request.paid_on == today:
        return None
    reason = (request.late_entry or "").strip()
    if not reason:
        raise LedgerError(
            f"缴费日期 {request.paid_on} 不是今天（{today}）：补录以前收的款须写明补录原因，"
            "补录会在收据、上报批次和日结单上标明",
            "on",
        )
    return reason


def check_clock(ledger: Ledger) -> None:
    """Refuse while the computer's clock is behind the ledger's newest entry (turned back)."""
    newest = audit_store.newest_stamp(ledger.db)
    if newest is None:
        return
    now, last = _local(ledger.now()), _local(datetime.fromisoformat(newest))
    if now < last - CLOCK_SLACK:
        raise LedgerError(
            f"电脑的日期时间（{now:%Y-%m-%d %H:%M}）早于账本中最近一条记录的时间"
            f"（{last:%Y-%m-%d %H:%M}），电脑日期看来不对；请先把电脑的日期时间改正，再收费或结报",
            "clock",
        )


def _local(moment: datetime) -> datetime:
    return moment.astimezone().replace(tzinfo=None) if moment.tzinfo else moment


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
        settled = cash_store.settled_in(ledger.db, payment.id)
        if settled:
            raise LedgerError(
                f"收据 {payment.receipt_no} 的款项已于 {settled[1]} 结报（第 {settled[0]} 号结报单），"
                "不能再作废；如需退款，请办理退费申请",
                "receipt_no",
            )
        store.add_void(ledger.db, payment.id, reason, acting.operator.id, ledger.now().date(), ledger.stamp())
        spoil_with_void(ledger, acting, payment, reason)
        ledger.audit(acting, "payment.void", {"uid": payment.uid, "receipt_no": receipt_no, "reason": reason})
        return load_payment(ledger, payment.id)

"""The data behind each printout, gathered from the ledger (no Qt).

The window and the CLI call these, then hand the result to a renderer in
desktop_app.reports (receipt_document, receipt_list_document, day_summary_document,
unpaid_document) and print it or write a PDF.
"""

from __future__ import annotations

from datetime import date

from desktop_app.domain.codes import IDENTITIES
from desktop_app.reports.model import (
    REIMBURSE,
    DaySheet,
    GroupRow,
    Receipt,
    ReceiptLine,
    ReceiptList,
    ReceiptRow,
    UnpaidRow,
    UnpaidSheet,
    VoidNote,
)
from desktop_app.services.ledger import Ledger
from desktop_app.services.records import Payment, list_payments, load_payment, load_payment_by_receipt
from desktop_app.services.register import household_members
from desktop_app.services.summaries import day_summary, unpaid_people

HEAD_RELATIONS = ("户主", "本人")


def labels(codes: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(IDENTITIES.get(c, c) for c in codes)


def household_head(ledger: Ledger, household_id: int) -> str:
    """The name of the household's 户主, or '' when none is recorded."""
    members = household_members(ledger, household_id)
    head = next((p for p in members if p.relation.strip() in HEAD_RELATIONS), None)
    return head.name if head else ""


def gather_receipt(ledger: Ledger, payment: Payment | str, *, reprint: bool = False) -> Receipt:
    """A receipt as it prints: by Payment or receipt number; a reprint carries the time it was reprinted.

    A Payment is read again, so a receipt voided or refunded since it was loaded prints as it now stands.
    """
    payment = (load_payment_by_receipt(ledger, payment) if isinstance(payment, str)
               else load_payment(ledger, payment.id))
    lines = []
    for line in payment.lines:
        refunds = [r for r in payment.refunds if r.line_id == line.id]
        lines.append(ReceiptLine(
            name=line.name, id_number=line.id_number, identities=labels(line.identities), standard=line.standard,
            riders=line.riders, subsidy=line.subsidy, subsidy_mode=line.subsidy_mode,
            subsidy_name=line.subsidy_name, subsidy_payer=line.subsidy_payer, due=line.due,
            benefit_start=line.benefit_start, benefit_end=line.benefit_end, waiting_until=line.waiting_until,
            refunded=sum(r.amount for r in refunds),
            refund_note="；".join(f"{r.refunded_on.isoformat()} 退费（{r.reason}）" for r in refunds)))
    return Receipt(
        receipt_no=payment.receipt_no, benefit_year=payment.benefit_year, village=ledger.settings.village,
        village_group=payment.village_group, household_no=payment.household_no,
        head=household_head(ledger, payment.household_id), paid_on=payment.paid_on, issued_at=payment.created_at,
        collector=payment.operator, lines=tuple(lines), total_due=payment.total_due, cash=payment.cash,
        change=payment.change,
        void=VoidNote(payment.void.reason, payment.void.voided_on, payment.void.operator) if payment.void else None,
        reprinted_at=ledger.now() if reprint else None)


def _row(payment: Payment, head: str, refunds_on: date | None = None) -> ReceiptRow:
    refunds = [r for r in payment.refunds if refunds_on is None or r.refunded_on == refunds_on]
    if payment.void:
        note = _dated(payment.void.voided_on, payment.paid_on, f"作废：{payment.void.reason}")
    elif refunds:
        reasons = "、".join(dict.fromkeys(r.reason for r in refunds))
        note = _dated(refunds[-1].refunded_on, payment.paid_on, f"退费{len(refunds)}人：{reasons}")
    else:
        note = ""
    return ReceiptRow(payment.receipt_no, payment.paid_on, payment.household_no, head,
                      tuple(line.name for line in payment.lines), payment.total_due, payment.status,
                      sum(r.amount for r in refunds), len(refunds), note)


def _dated(on: date, paid_on: date, text: str) -> str:
    """A note says its own date only when it differs from the payment's."""
    return text if on == paid_on else f"{on.isoformat()} {text}"


class _Heads:
    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger
        self.known: dict[int, str] = {}

    def __call__(self, household_id: int) -> str:
        if household_id not in self.known:
            self.known[household_id] = household_head(self.ledger, household_id)
        return self.known[household_id]


def gather_receipt_list(ledger: Ledger, date_from: date | None, date_to: date | None) -> ReceiptList:
    """Every receipt paid in the range (voided and refunded ones too), in receipt order."""
    settings = ledger.settings
    heads = _Heads(ledger)
    rows = tuple(_row(p, heads(p.household_id)) for p in list_payments(ledger, date_from, date_to))
    return ReceiptList(settings.village, settings.collector, date_from, date_to, ledger.now(), rows)


def gather_day_sheet(ledger: Ledger, day: date) -> DaySheet:
    """The 日结单: services.summaries.day_summary with the voided and refunded receipts spelled out."""
    summary = day_summary(ledger, day)
    heads = _Heads(ledger)
    refunded_ids = [r[0] for r in ledger.db.execute(
        "SELECT DISTINCT payment_id FROM refunds WHERE refunded_on = ? ORDER BY payment_id",
        [day.isoformat()]).fetchall()]
    refunds = tuple(_row(p, heads(p.household_id), refunds_on=day)
                    for p in (load_payment(ledger, pid) for pid in refunded_ids))
    reimbursed = sum(line.subsidy for p in summary.issued if not p.void for line in p.lines
                     if line.subsidy_mode == REIMBURSE)
    return DaySheet(
        day=day, village=summary.village, collector=summary.collector,
        benefit_year=ledger.policy.policy.benefit_year, printed_at=ledger.now(),
        issued_count=len(summary.issued), receipt_range=summary.receipt_range, issued_total=summary.issued_total,
        voided=tuple(_row(p, heads(p.household_id)) for p in summary.voided_today),
        voided_total=summary.voided_total, refunds=refunds, refund_count=summary.refund_count,
        refunds_total=summary.refunds_today, cash_to_hand_over=summary.cash_to_hand_over,
        groups=tuple(GroupRow(g.group, g.people, g.standard, g.subsidy, g.due) for g in summary.by_group),
        reimbursed_later=reimbursed)


def gather_unpaid(ledger: Ledger) -> UnpaidSheet:
    """Who has not paid for the benefit year, by village group and household."""
    settings = ledger.settings
    order = {name: n for n, name in enumerate(settings.village_groups)}
    people = sorted(unpaid_people(ledger), key=lambda u: (order.get(u.village_group, len(order)), u.village_group))
    rows = tuple(UnpaidRow(u.village_group, u.household_no, u.name, u.relation, u.id_number, u.phone,
                           labels(u.identities)) for u in people)
    now = ledger.now()
    return UnpaidSheet(settings.village, ledger.policy.policy.benefit_year, now.date(), now, rows)

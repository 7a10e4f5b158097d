"""Gathering what the next batch holds: the records of a collector's year not yet sent, frozen into rows.

Payments (正常), corrected lines the county sent back (重报), voids (作废), refund
applications (退费) and answers 不予退费 (退费撤销), each record once, in that order. A
row is made from the records as they are now (``exchange.batch_rows.batch_row``) with
what the row says beyond them (``Extras``: the household head, the ONE subsidised
identity and its list, the riders' short names, the contribution period); a 作废,
退费 or 退费撤销 row is a copy of the row last sent for that line, so the county finds
the row it cancels or restores.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from desktop_app.domain.batches import PAYMENT, REFUND, RESUBMISSION, VOID, FrozenRow
from desktop_app.domain.operators import Acting
from desktop_app.domain.payments import Payment
from desktop_app.domain.register import HEAD_RELATIONS, Household, Identity, Person
from desktop_app.exchange.batch_extras import identity_source, rider_shorts, subsidised_identity
from desktop_app.exchange.batch_rows import PERSON_FIELDS, Extras, PendingRecords, batch_row, with_event
from desktop_app.exchange.batch_template import NORMAL, REFUNDED, RESTORED, RESUBMITTED, VOIDED
from desktop_app.policy.model import Policy
from desktop_app.services.ledger import Ledger
from desktop_app.services.policies import UnknownPolicyError
from desktop_app.store import batches as store
from desktop_app.store import county_results
from desktop_app.store import identities as identity_store
from desktop_app.store import payments as payment_store
from desktop_app.store import register as register_store

__all__ = ["pending_records"]

_NO_HEAD = ("", "")


@dataclass
class _Records:
    """Payments with the people, households, heads, identities and policies their rows are made from."""

    ledger: Ledger
    payments: dict[int, Payment]
    people: dict[int, Person]
    households: dict[int, Household]
    heads: dict[int, tuple[str, str]]
    identities: dict[int, list[Identity]]  # of the people whose line has a subsidy
    _lines: dict[int, tuple[Payment, int]] | None = None  # line id -> its payment, index; made when first asked
    _policies: dict[str, Policy | None] = field(default_factory=dict)
    _base: dict[str, Extras] = field(default_factory=dict)  # per policy: its riders' short names, its period

    @property
    def lines(self) -> dict[int, tuple[Payment, int]]:
        if self._lines is None:
            self._lines = {line.id: (p, i) for p in self.payments.values() for i, line in enumerate(p.lines)}
        return self._lines

    def policy(self, policy_id: str) -> Policy | None:
        """The policy a payment was quoted under (None when this installation no longer has it)."""
        if policy_id not in self._policies:
            try:
                self._policies[policy_id] = self.ledger.catalogue.load(policy_id).policy
            except UnknownPolicyError:
                self._policies[policy_id] = None
        return self._policies[policy_id]

    def extras(self, payment: Payment, line_index: int) -> Extras:
        base = self._base.get(payment.policy_id)
        if base is None:
            policy = self.policy(payment.policy_id)
            period = (
                (policy.benefit_period.start.isoformat(), policy.benefit_period.end.isoformat())
                if policy
                else (f"{payment.benefit_year}-01-01", f"{payment.benefit_year}-12-31")
            )
            base = self._base[payment.policy_id] = Extras(rider_shorts=rider_shorts(policy), period=period)
        line = payment.lines[line_index]
        head = self.heads.get(payment.household_id, _NO_HEAD)
        if line.subsidy <= 0:
            return base._replace(head=head) if head is not _NO_HEAD else base
        code, said = subsidised_identity(self.policy(payment.policy_id), line, self.people[line.person_id].ethnicity)
        source = identity_source(self.identities.get(line.person_id, ()), code, payment.paid_on)
        return Extras(head, said, source, base.rider_shorts, base.period)

    def row(self, payment: Payment, line_index: int, status: str, note: str, event_date: str) -> FrozenRow:
        line = payment.lines[line_index]
        return batch_row(
            payment,
            line,
            self.people[line.person_id],
            self.households[payment.household_id],
            status,
            note,
            event_date,
            self.extras(payment, line_index),
        )

    def line_row(self, line_id: int, status: str, note: str, event_date: str) -> tuple[Payment, FrozenRow]:
        payment, index = self.lines[line_id]
        return payment, self.row(payment, index, status, note, event_date)


def _records(ledger: Ledger, payment_ids: set[int]) -> _Records:
    db = ledger.db
    payments = {p.id: p for p in payment_store.by_ids(db, sorted(payment_ids))}
    people = register_store.people_by_ids(db, sorted({ln.person_id for p in payments.values() for ln in p.lines}))
    household_ids = sorted({p.household_id for p in payments.values()})
    households = register_store.households_by_ids(db, household_ids)
    heads = store.heads(db, HEAD_RELATIONS)
    subsidised = sorted({ln.person_id for p in payments.values() for ln in p.lines if ln.subsidy > 0})
    return _Records(ledger, payments, people, households, heads, dict(identity_store.of_people(db, subsidised)))


def pending_records(ledger: Ledger, acting: Acting) -> PendingRecords:
    """This collector's payments, corrected rejected lines, voids and refunds of the year not yet in any batch."""
    db, today = ledger.db, ledger.now().date().isoformat()
    operator_id, year = acting.operator.id, acting.benefit_year
    paid = store.unsent_payments(db, operator_id, year)
    rejected = [r for r in county_results.rejected(db, operator_id=operator_id, year=year) if r.resubmitted_in is None]
    voided = store.unsent_voids(db, operator_id, year)
    refunded = store.unsent_refunds(db, operator_id, year)
    declined = store.unsent_declines(db, operator_id, year)
    records = _records(
        ledger,
        {*paid, *(r.payment_id for r in rejected), *voided, *(pid for _, pid in refunded), *(d[1] for d in declined)},
    )
    out = PendingRecords()
    payments = records.payments
    for payment_id in paid:
        payment = payments[payment_id]
        on, note = payment.paid_on.isoformat(), f"补录：{payment.late_entry}" if payment.late_entry else ""
        out.add(
            PAYMENT,
            payment.uid,
            payment.id,
            [(line.id, records.row(payment, i, NORMAL, note, on)) for i, line in enumerate(payment.lines)],
        )
        out.policies.add((payment.policy_id, payment.policy_sha256))
        out.late_entries += 1 if payment.late_entry else 0
        if payment.bill_no:
            out.bill_numbers.add(payment.bill_no)
    for result in rejected:
        payment, fresh = records.line_row(
            result.line_id, RESUBMITTED, f"更正后重报（县级退回原因：{result.reason}）", today
        )
        if tuple(fresh[PERSON_FIELDS]) != result.sent[PERSON_FIELDS]:
            out.add(RESUBMISSION, result.uid, payment.id, [(result.line_id, fresh)])

    cancelled = [line.id for pid in voided for line in records.payments[pid].lines]
    cancelled += [r.line_id for uid, pid in refunded for r in records.payments[pid].refunds if r.uid == uid]
    answered = {
        app: [r for r in records.payments[pid].refunds if r.application_uid == app] for _, pid, app, _, _ in declined
    }
    cancelled += [r.line_id for lines in answered.values() for r in lines]
    stored = store.last_sent_rows(db, [ln for ln in cancelled if ln not in out.sent], (NORMAL, RESUBMITTED))

    def last_sent(line_id: int) -> FrozenRow:
        """The row this line last went out as (this batch first); never sent: as it would have gone."""
        row = out.sent.get(line_id) or stored.get(line_id)
        if row is None:
            row = stored[line_id] = records.line_row(line_id, NORMAL, "", "")[1]
        return row

    for payment_id in voided:
        payment = records.payments[payment_id]
        assert payment.void is not None
        note, on = f"作废：{payment.void.reason}", payment.void.voided_on.isoformat()
        out.add(
            VOID,
            payment.uid,
            payment.id,
            [(line.id, with_event(last_sent(line.id), VOIDED, note, on)) for line in payment.lines],
        )
    for uid, payment_id in refunded:
        made = next(r for r in records.payments[payment_id].refunds if r.uid == uid)
        out.add(
            REFUND,
            uid,
            payment_id,
            [
                (
                    made.line_id,
                    with_event(
                        last_sent(made.line_id),
                        REFUNDED,
                        f"退费：{made.reason}",
                        made.refunded_on.isoformat(),
                        made.amount,
                    ),
                )
            ],
        )
    for uid, payment_id, app, answered_on, why in declined:  # 不予退费: the person is covered again
        out.add(
            REFUND,
            uid,
            payment_id,
            [
                (
                    r.line_id,
                    with_event(last_sent(r.line_id), RESTORED, f"不予退费：{why}", answered_on.isoformat(), r.amount),
                )
                for r in answered[app]
            ],
        )
        out.declined += 1
    return out

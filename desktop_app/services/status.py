"""Each member's standing for the benefit year, as the main window shows it.

已缴 / 待遇等待期 come from the ledger (a live payment line); 未缴 / 全额资助 / 免缴 /
不能参保 from a quote on the day, so the screen always agrees with the payment dialog.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from desktop_app.domain.codes import IDENTITIES
from desktop_app.domain.money import Fen
from desktop_app.domain.register import Person
from desktop_app.domain.register import identities_on as codes_on
from desktop_app.policy.engine import PersonQuote
from desktop_app.services.ledger import Ledger
from desktop_app.services.payments import quote_people
from desktop_app.store import identities as identity_store
from desktop_app.store import payments as payment_store
from desktop_app.store import register as register_store

PAID, WAITING, UNPAID, FULLY_SUBSIDISED, EXEMPT, INELIGIBLE, INACTIVE = (
    "已缴", "待遇等待期", "未缴", "全额资助", "免缴", "不能参保", "不在册")


@dataclass(frozen=True)
class MemberStatus:
    person: Person
    status: str
    identities: tuple[str, ...]
    subsidy: Fen
    subsidy_label: str
    due: Fen
    receipt_no: str | None
    note: str
    quote: PersonQuote | None

    @property
    def identity_labels(self) -> tuple[str, ...]:
        return tuple(IDENTITIES.get(c, c) for c in self.identities)  # a policy's local identity shows its code

    @property
    def payable(self) -> bool:
        return self.status in (UNPAID, FULLY_SUBSIDISED, EXEMPT)


def member_statuses(ledger: Ledger, household_id: int, on: date, year: int | None = None) -> list[MemberStatus]:
    """Each member's standing in the benefit year (the latest open one by default) on the day."""
    members = register_store.members(ledger.db, household_id)
    benefit_year = ledger.year(year).year
    paid = payment_store.live_lines(ledger.db, [m.id for m in members], benefit_year)
    held = identity_store.of_people(ledger.db, [m.id for m in members])
    active = [m for m in members if m.status == "active" and m.id not in paid]
    quotes = dict(zip([m.id for m in active], quote_people(ledger, active, on, year=benefit_year))) if active else {}
    out = []
    for m in members:
        ids = codes_on(held.get(m.id, []), on)
        if m.id in paid:
            receipt_no, line = paid[m.id]
            waiting = line.waiting_until is not None and on <= line.waiting_until
            note = f"等待期至 {line.waiting_until}" if waiting else ""
            out.append(MemberStatus(m, WAITING if waiting else PAID, ids, line.subsidy, line.subsidy_name or "",
                                    line.due, receipt_no, note, None))
        elif m.status != "active":
            label = "迁出" if m.status == "moved_out" else "死亡"
            out.append(MemberStatus(m, INACTIVE, ids, 0, "", 0, None, label, None))
        else:
            q = quotes[m.id]
            out.append(MemberStatus(m, _unpaid_status(q), ids, q.subsidy, q.subsidy_name or "", q.due, None,
                                    q.reason or "", q))
    return out


def _unpaid_status(q: PersonQuote) -> str:
    if not q.eligible:
        return INELIGIBLE
    if q.due == 0 and q.subsidy_mode == "direct" and q.subsidy > 0:
        return EXEMPT if q.exempt else FULLY_SUBSIDISED
    return UNPAID

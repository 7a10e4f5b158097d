"""Each member's standing for the benefit year, as the main window shows it.

已缴 / 待遇等待期 come from the ledger (a live payment line); 未缴 / 全额资助 / 免缴 /
不能参保 from a quote on the day, so the screen always agrees with the payment dialog.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from desktop_app.domain.codes import IDENTITIES
from desktop_app.domain.money import Fen
from desktop_app.policy.engine import PersonQuote
from desktop_app.services.ledger import Ledger
from desktop_app.services.payments import quote_people
from desktop_app.services.register import Person, household_members, identities_on

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
        return tuple(IDENTITIES[c] for c in self.identities)

    @property
    def payable(self) -> bool:
        return self.status in (UNPAID, FULLY_SUBSIDISED, EXEMPT)


@dataclass(frozen=True)
class _Paid:
    receipt_no: str
    subsidy: Fen
    subsidy_name: str | None
    due: Fen
    waiting_until: date | None


def _paid_lines(ledger: Ledger, person_ids: list[int], year: int) -> dict[int, _Paid]:
    if not person_ids:
        return {}
    marks = ",".join("?" * len(person_ids))
    rows = ledger.db.execute(
        f"SELECT l.person_id, p.receipt_no, l.subsidy, l.subsidy_name, l.due, l.waiting_until "
        f"FROM payment_lines l JOIN payments p ON p.id = l.payment_id "
        f"LEFT JOIN voids v ON v.payment_id = p.id LEFT JOIN refunds r ON r.line_id = l.id "
        f"WHERE l.person_id IN ({marks}) AND l.benefit_year = ? AND v.id IS NULL AND r.id IS NULL",
        [*person_ids, year]).fetchall()
    return {r[0]: _Paid(r[1], r[2], r[3], r[4], date.fromisoformat(r[5]) if r[5] else None) for r in rows}


def member_statuses(ledger: Ledger, household_id: int, on: date) -> list[MemberStatus]:
    members = household_members(ledger, household_id)
    year = ledger.policy.policy.benefit_year
    paid = _paid_lines(ledger, [m.id for m in members], year)
    active = [m for m in members if m.status == "active" and m.id not in paid]
    quotes = dict(zip([m.id for m in active], quote_people(ledger, active, on))) if active else {}
    out = []
    for m in members:
        ids = identities_on(ledger, m.id, on)
        if m.id in paid:
            line = paid[m.id]
            waiting = line.waiting_until is not None and on <= line.waiting_until
            note = f"等待期至 {line.waiting_until}" if waiting else ""
            out.append(MemberStatus(m, WAITING if waiting else PAID, ids, line.subsidy, line.subsidy_name or "",
                                    line.due, line.receipt_no, note, None))
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
        return EXEMPT if q.subsidy_payer and "免缴" in q.subsidy_payer else FULLY_SUBSIDISED
    return UNPAID

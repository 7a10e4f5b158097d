"""Each member's standing for the benefit year, as the main window shows it.

已缴 / 待遇等待期 come from the ledger (a live payment line); 其他渠道已缴 / 不在村缴费 from
the coverage marks (the county's lists, or what the collector recorded); 未缴 / 全额资助 /
免缴 / 学校组织 / 不能参保 from a quote on the day, so the screen always agrees with the
payment dialog. Only 未缴, 全额资助 and 免缴 are taken in the 收费 dialog.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from desktop_app.domain.codes import IDENTITIES
from desktop_app.domain.coverage import PAID_ELSEWHERE
from desktop_app.domain.coverage import REFUSED as REFUSED_CODE
from desktop_app.domain.money import Fen
from desktop_app.domain.register import Person
from desktop_app.domain.register import identities_on as codes_on
from desktop_app.policy.engine import PersonQuote
from desktop_app.services.ledger import Ledger
from desktop_app.services.payments import quote_people
from desktop_app.store import coverage as coverage_store
from desktop_app.store import identities as identity_store
from desktop_app.store import payments as payment_store
from desktop_app.store import register as register_store

PAID, WAITING, UNPAID, FULLY_SUBSIDISED, EXEMPT, INELIGIBLE, INACTIVE = (
    "已缴",
    "待遇等待期",
    "未缴",
    "全额资助",
    "免缴",
    "不能参保",
    "不在册",
)
ELSEWHERE, NOT_HERE, SCHOOL, REFUSED = "其他渠道已缴", "不在村缴费", "学校组织参保", "拒绝参保"


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
        return self.status in (UNPAID, FULLY_SUBSIDISED, EXEMPT, REFUSED)


def member_statuses(ledger: Ledger, household_id: int, on: date, year: int | None = None) -> list[MemberStatus]:
    """Each member's standing in the benefit year (the latest open one by default) on the day."""
    members = register_store.members(ledger.db, household_id)
    benefit_year = ledger.year(year).year
    paid = payment_store.live_lines(ledger.db, [m.id for m in members], benefit_year)
    held = identity_store.of_people(ledger.db, [m.id for m in members])
    active = [m for m in members if m.status == "active" and m.id not in paid]
    marks = coverage_store.current_of(ledger.db, [m.id for m in members], benefit_year)
    quotes = dict(zip([m.id for m in active], quote_people(ledger, active, on, year=benefit_year))) if active else {}
    out = []
    for m in members:
        ids = codes_on(held.get(m.id, []), on)
        mark = marks.get(m.id)
        if m.id not in paid and mark is not None and mark.status != REFUSED_CODE:
            status = ELSEWHERE if mark.status == PAID_ELSEWHERE else NOT_HERE
            out.append(MemberStatus(m, status, ids, 0, "", 0, None, mark.describe(), None))
        elif m.id in paid:
            receipt_no, line = paid[m.id]
            waiting = line.waiting_until is not None and on <= line.waiting_until
            note = f"等待期至 {line.waiting_until}" if waiting else ""
            out.append(
                MemberStatus(
                    m,
                    WAITING if waiting else PAID,
                    ids,
                    line.subsidy,
                    line.subsidy_name or "",
                    line.due,
                    receipt_no,
                    note,
                    None,
                )
            )
        elif m.status != "active":
            label = "迁出" if m.status == "moved_out" else "死亡"
            out.append(MemberStatus(m, INACTIVE, ids, 0, "", 0, None, label, None))
        else:
            q = quotes[m.id]
            status = _unpaid_status(q)
            note = q.reason or ""
            if mark is not None and status == UNPAID:  # a refusal the collector recorded: still to visit
                status, note = REFUSED, mark.describe()
            out.append(MemberStatus(m, status, ids, q.subsidy, q.subsidy_name or "", q.due, None, note, q))
    return out


def _unpaid_status(q: PersonQuote) -> str:
    if not q.eligible:
        return SCHOOL if q.excluded == "school" else INELIGIBLE
    if q.due == 0 and q.subsidy_mode == "direct" and q.subsidy > 0:
        return EXEMPT if q.exempt else FULLY_SUBSIDISED
    return UNPAID

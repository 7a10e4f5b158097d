"""The figures behind the printouts and the progress chart: plain data, no Qt.

The daily summary (日结单) follows the cash: what came in on the day, what went back
(voids and refunds made that day), and what the collector must hand over, so that
cash and receipts agree (票款一致).
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from desktop_app.domain.codes import IDENTITIES
from desktop_app.domain.money import Fen
from desktop_app.services.ledger import Ledger
from desktop_app.services.records import Payment, list_payments

ORDINARY = "普通居民"


@dataclass(frozen=True)
class GroupTotal:
    group: str
    people: int
    standard: Fen
    subsidy: Fen
    due: Fen


@dataclass(frozen=True)
class DaySummary:
    day: date
    village: str
    collector: str
    issued: tuple[Payment, ...]
    voided_today: tuple[Payment, ...]
    refunds_today: Fen
    refund_count: int
    by_group: tuple[GroupTotal, ...]

    @property
    def issued_total(self) -> Fen:
        return sum(p.total_due for p in self.issued)

    @property
    def voided_total(self) -> Fen:
        return sum(p.total_due for p in self.voided_today)

    @property
    def cash_to_hand_over(self) -> Fen:
        return self.issued_total - self.voided_total - self.refunds_today

    @property
    def receipt_range(self) -> str:
        if not self.issued:
            return "—"
        return f"{self.issued[0].receipt_no} – {self.issued[-1].receipt_no}"


def group_of(identities: tuple[str, ...]) -> str:
    """One group per person for the totals: the first identity in the DESIGN order."""
    for code in IDENTITIES:
        if code in identities:
            return IDENTITIES[code]
    return ORDINARY


def group_totals(payments: list[Payment]) -> tuple[GroupTotal, ...]:
    acc: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for p in payments:
        if p.void:
            continue
        for line in p.lines:
            row = acc[group_of(line.identities)]
            row[0] += 1
            row[1] += line.standard + line.rider_total
            row[2] += line.subsidy
            row[3] += line.due
    order = [IDENTITIES[c] for c in IDENTITIES] + [ORDINARY]
    return tuple(GroupTotal(g, *acc[g]) for g in order if g in acc)


def day_summary(ledger: Ledger, day: date) -> DaySummary:
    settings = ledger.settings
    issued = list_payments(ledger, day, day)
    voided_ids = [r[0] for r in ledger.db.execute("SELECT payment_id FROM voids WHERE voided_on = ?",
                                                   [day.isoformat()]).fetchall()]
    voided = [p for p in list_payments(ledger) if p.id in set(voided_ids)] if voided_ids else []
    refund_count, refund_sum = ledger.db.execute(
        "SELECT COUNT(*), COALESCE(SUM(amount), 0) FROM refunds WHERE refunded_on = ?", [day.isoformat()]).fetchone()
    return DaySummary(day, settings.village, settings.collector, tuple(issued), tuple(voided), refund_sum,
                      refund_count, group_totals(issued))


@dataclass(frozen=True)
class UnpaidPerson:
    village_group: str
    household_no: str
    name: str
    id_number: str | None
    relation: str
    phone: str
    identities: tuple[str, ...]


def unpaid_people(ledger: Ledger) -> list[UnpaidPerson]:
    """Active people with no live payment for the benefit year, by village group and household."""
    year = ledger.policy.policy.benefit_year
    rows = ledger.db.execute(
        "SELECT h.village_group, h.household_no, p.name, p.id_number, p.relation, "
        "COALESCE(NULLIF(p.phone, ''), h.phone), "
        "(SELECT json_group_array(DISTINCT i.code) FROM identities i WHERE i.person_id = p.id) "
        "FROM people p JOIN households h ON h.id = p.household_id "
        "WHERE p.status = 'active' AND NOT EXISTS ("
        "  SELECT 1 FROM payment_lines l JOIN payments pay ON pay.id = l.payment_id "
        "  LEFT JOIN voids v ON v.payment_id = pay.id LEFT JOIN refunds r ON r.line_id = l.id "
        "  WHERE l.person_id = p.id AND l.benefit_year = ? AND v.id IS NULL AND r.id IS NULL) "
        "ORDER BY h.village_group, h.household_no, p.id", [year]).fetchall()
    return [UnpaidPerson(r[0], r[1], r[2], r[3], r[4], r[5], tuple(json.loads(r[6]) if r[6] else ()))
            for r in rows]


@dataclass(frozen=True)
class Participation:
    group: str
    active: int
    paid: int

    @property
    def rate(self) -> Decimal:
        return Decimal(0) if not self.active else (Decimal(self.paid) * 100 / Decimal(self.active)).quantize(
            Decimal("0.1"))


def participation(ledger: Ledger) -> tuple[Participation, list[Participation]]:
    """Overall and per village group: active people and those with a live payment this year."""
    year = ledger.policy.policy.benefit_year
    rows = ledger.db.execute(
        "SELECT h.village_group, COUNT(*), SUM(EXISTS ("
        "  SELECT 1 FROM payment_lines l JOIN payments pay ON pay.id = l.payment_id "
        "  LEFT JOIN voids v ON v.payment_id = pay.id LEFT JOIN refunds r ON r.line_id = l.id "
        "  WHERE l.person_id = p.id AND l.benefit_year = ? AND v.id IS NULL AND r.id IS NULL)) "
        "FROM people p JOIN households h ON h.id = p.household_id WHERE p.status = 'active' "
        "GROUP BY h.village_group ORDER BY h.village_group", [year]).fetchall()
    groups = [Participation(r[0] or "（未分组）", r[1], r[2] or 0) for r in rows]
    overall = Participation("全村", sum(g.active for g in groups), sum(g.paid for g in groups))
    return overall, groups


def today_totals(ledger: Ledger, day: date) -> tuple[int, Fen]:
    """Receipts issued today and the cash they took (voided ones excluded), for the status bar."""
    row = ledger.db.execute(
        "SELECT COUNT(*), COALESCE(SUM(p.total_due), 0) FROM payments p LEFT JOIN voids v ON v.payment_id = p.id "
        "WHERE p.paid_on = ? AND v.id IS NULL", [day.isoformat()]).fetchone()
    return row[0], row[1]

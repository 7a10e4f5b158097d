"""Payments as they were recorded: frozen lines, the void, the refunds, the status."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from desktop_app.domain.money import Fen, format_yuan
from desktop_app.services.ledger import Ledger, LedgerError

STATUS_LABELS = {"normal": "正常", "voided": "作废", "refunded": "退费", "partly_refunded": "部分退费"}


@dataclass(frozen=True)
class Line:
    id: int
    person_id: int
    name: str
    id_number: str | None
    identities: tuple[str, ...]
    standard: Fen
    riders: tuple[tuple[str, Fen], ...]
    rider_total: Fen
    subsidy: Fen
    subsidy_mode: str | None
    subsidy_payer: str | None
    subsidy_name: str | None
    due: Fen
    benefit_start: date
    benefit_end: date
    waiting_until: date | None
    full_cost: bool
    explanation: tuple[str, ...]


@dataclass(frozen=True)
class VoidRecord:
    reason: str
    operator: str
    voided_on: date


@dataclass(frozen=True)
class RefundRecord:
    uid: str
    line_id: int
    amount: Fen
    reason_code: str
    reason: str
    refunded_on: date
    operator: str


@dataclass(frozen=True)
class Payment:
    id: int
    uid: str
    receipt_no: str
    operator: str
    benefit_year: int
    serial: int
    household_id: int
    household_no: str
    village_group: str
    paid_on: date
    total_due: Fen
    cash: Fen
    change: Fen
    policy_id: str
    policy_sha256: str
    created_at: str
    lines: tuple[Line, ...]
    void: VoidRecord | None
    refunds: tuple[RefundRecord, ...]

    @property
    def status(self) -> str:
        if self.void:
            return "voided"
        if self.refunds:
            return "refunded" if len(self.refunds) == len(self.lines) else "partly_refunded"
        return "normal"

    @property
    def refunded(self) -> Fen:
        return sum(r.amount for r in self.refunds)


_PAYMENT_SQL = (
    "SELECT p.id, p.uid, p.receipt_no, o.name, p.benefit_year, p.serial, p.household_id, h.household_no, "
    "h.village_group, p.paid_on, p.total_due, p.cash, p.change, p.policy_id, p.policy_sha256, p.created_at "
    "FROM payments p JOIN operators o ON o.id = p.operator_id JOIN households h ON h.id = p.household_id "
)


def _lines(ledger: Ledger, payment_id: int) -> tuple[Line, ...]:
    rows = ledger.db.execute(
        "SELECT id, person_id, name, id_number, identities, standard, riders, rider_total, subsidy, subsidy_mode, "
        "subsidy_payer, subsidy_name, due, benefit_start, benefit_end, waiting_until, full_cost, explanation "
        "FROM payment_lines WHERE payment_id = ? ORDER BY id", [payment_id]).fetchall()
    return tuple(
        Line(r[0], r[1], r[2], r[3], tuple(json.loads(r[4])), r[5],
             tuple((x["name"], x["amount"]) for x in json.loads(r[6])), r[7], r[8], r[9], r[10], r[11], r[12],
             date.fromisoformat(r[13]), date.fromisoformat(r[14]), date.fromisoformat(r[15]) if r[15] else None,
             bool(r[16]), tuple(json.loads(r[17])))
        for r in rows)


def _build(ledger: Ledger, row: Any) -> Payment:
    pid = row[0]
    v = ledger.db.execute("SELECT v.reason, o.name, v.voided_on FROM voids v JOIN operators o ON o.id = v.operator_id "
                          "WHERE v.payment_id = ?", [pid]).fetchone()
    refunds = ledger.db.execute(
        "SELECT r.uid, r.line_id, r.amount, r.reason_code, r.reason, r.refunded_on, o.name FROM refunds r "
        "JOIN operators o ON o.id = r.operator_id WHERE r.payment_id = ? ORDER BY r.id", [pid]).fetchall()
    return Payment(
        id=row[0], uid=row[1], receipt_no=row[2], operator=row[3], benefit_year=row[4], serial=row[5],
        household_id=row[6], household_no=row[7], village_group=row[8], paid_on=date.fromisoformat(row[9]),
        total_due=row[10], cash=row[11], change=row[12], policy_id=row[13], policy_sha256=row[14],
        created_at=row[15], lines=_lines(ledger, pid),
        void=VoidRecord(v[0], v[1], date.fromisoformat(v[2])) if v else None,
        refunds=tuple(RefundRecord(r[0], r[1], r[2], r[3], r[4], date.fromisoformat(r[5]), r[6]) for r in refunds),
    )


def load_payment(ledger: Ledger, payment_id: int) -> Payment:
    row = ledger.db.execute(_PAYMENT_SQL + "WHERE p.id = ?", [payment_id]).fetchone()
    if not row:
        raise LedgerError(f"没有编号为 {payment_id} 的缴费记录", "payment")
    return _build(ledger, row)


def load_payment_by_receipt(ledger: Ledger, receipt_no: str) -> Payment:
    row = ledger.db.execute(_PAYMENT_SQL + "WHERE p.receipt_no = ?", [receipt_no.strip().upper()]).fetchone()
    if not row:
        raise LedgerError(f"没有收据号为 {receipt_no} 的缴费记录", "receipt_no")
    return _build(ledger, row)


def list_payments(ledger: Ledger, date_from: date | None = None, date_to: date | None = None) -> list[Payment]:
    where, args = [], []
    if date_from:
        where.append("p.paid_on >= ?")
        args.append(date_from.isoformat())
    if date_to:
        where.append("p.paid_on <= ?")
        args.append(date_to.isoformat())
    sql = _PAYMENT_SQL + (("WHERE " + " AND ".join(where)) if where else "") + " ORDER BY p.id"
    return [_build(ledger, row) for row in ledger.db.execute(sql, args).fetchall()]


def payment_json(p: Payment) -> dict[str, Any]:
    """The receipts listing's machine-readable shape."""
    return {
        "receipt_no": p.receipt_no, "uid": p.uid, "status": p.status, "status_label": STATUS_LABELS[p.status],
        "paid_on": p.paid_on.isoformat(), "household_no": p.household_no, "operator": p.operator,
        "benefit_year": p.benefit_year, "total_due": format_yuan(p.total_due), "cash": format_yuan(p.cash),
        "change": format_yuan(p.change), "refunded": format_yuan(p.refunded),
        "policy": p.policy_id, "policy_sha256": p.policy_sha256,
        "void": ({"reason": p.void.reason, "operator": p.void.operator, "voided_on": p.void.voided_on.isoformat()}
                 if p.void else None),
        "lines": [line_json(line, p) for line in p.lines],
    }


def line_json(line: Line, p: Payment) -> dict[str, Any]:
    refund = next((r for r in p.refunds if r.line_id == line.id), None)
    return {
        "name": line.name, "id_number": line.id_number, "identities": list(line.identities),
        "standard": format_yuan(line.standard),
        "riders": [{"name": n, "amount": format_yuan(a)} for n, a in line.riders],
        "subsidy": format_yuan(line.subsidy), "subsidy_mode": line.subsidy_mode, "subsidy_payer": line.subsidy_payer,
        "due": format_yuan(line.due), "benefit_start": line.benefit_start.isoformat(),
        "benefit_end": line.benefit_end.isoformat(),
        "waiting_until": line.waiting_until.isoformat() if line.waiting_until else None,
        "refund": ({"amount": format_yuan(refund.amount), "reason": refund.reason,
                    "refunded_on": refund.refunded_on.isoformat()} if refund else None),
        "explanation": list(line.explanation),
    }

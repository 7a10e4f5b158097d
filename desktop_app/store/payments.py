"""Payments, their frozen lines, voids and refunds: written once, read as records.

The rule "a line still covers its person" (not voided, not refunded) is the
``live_lines`` view of the schema; every question about who has paid reads it.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from sqlite_utils import Database

from desktop_app.domain.payments import Payment, PaymentLine, Refund, RiderAmount, Void

_PAYMENTS = (
    "SELECT p.id, p.uid, p.receipt_no, o.name, p.operator_id, p.benefit_year, p.serial, p.household_id, "
    "h.household_no, h.village_group, p.paid_on, p.total_due, p.cash, p.change, p.policy_id, p.policy_sha256, "
    "p.created_at, p.late_entry, p.bill_no "
    "FROM payments p JOIN operators o ON o.id = p.operator_id JOIN households h ON h.id = p.household_id "
)
_LINE_COLUMNS = (
    "l.id, l.payment_id, l.person_id, l.benefit_year, l.name, l.id_number, l.identities, l.standard, l.riders, "
    "l.subsidy, l.subsidy_mode, l.subsidy_payer, l.subsidy_name, l.due, l.benefit_start, l.benefit_end, "
    "l.waiting_until, l.full_cost, l.explanation"
)
# A line refund's state: paid out of the drawer before applications existed, else its application's answer.
REFUND_STATE = "CASE WHEN r.application_id IS NULL THEN 'refunded' WHEN s.state IS NULL THEN 'applied' ELSE s.state END"
_riders_memo: dict[str, tuple[RiderAmount, ...]] = {}
_codes_memo: dict[str, tuple[str, ...]] = {}


def _riders(text: str) -> tuple[RiderAmount, ...]:
    found = _riders_memo.get(text)
    if found is None:
        found = _riders_memo[text] = tuple(RiderAmount(r["name"], r["amount"]) for r in json.loads(text))
    return found


def _codes(text: str) -> tuple[str, ...]:
    found = _codes_memo.get(text)
    if found is None:
        found = _codes_memo[text] = tuple(json.loads(text))
    return found


def line_of(r: Sequence[Any]) -> PaymentLine:
    """A row that starts with ``_LINE_COLUMNS``, as the record."""
    return PaymentLine(
        id=r[0],
        person_id=r[2],
        benefit_year=r[3],
        name=r[4],
        id_number=r[5],
        identities=_codes(r[6]),
        standard=r[7],
        riders=_riders(r[8]),
        subsidy=r[9],
        subsidy_mode=r[10],
        subsidy_payer=r[11],
        subsidy_name=r[12],
        due=r[13],
        benefit_start=date.fromisoformat(r[14]),
        benefit_end=date.fromisoformat(r[15]),
        waiting_until=date.fromisoformat(r[16]) if r[16] else None,
        full_cost=bool(r[17]),
        explanation=tuple(json.loads(r[18])),
    )


def _load(db: Database, where: str, args: Sequence[Any], order: str = "p.id") -> list[Payment]:
    heads = db.execute(f"{_PAYMENTS}WHERE {where} ORDER BY {order}", list(args)).fetchall()
    if not heads:
        return []
    ids = [h[0] for h in heads]
    lines: dict[int, list[PaymentLine]] = defaultdict(list)
    voids: dict[int, Void] = {}
    refunds: dict[int, list[Refund]] = defaultdict(list)
    for chunk in _chunks(ids):
        marks = ",".join("?" * len(chunk))
        for r in db.execute(
            f"SELECT {_LINE_COLUMNS} FROM payment_lines l WHERE l.payment_id IN ({marks}) ORDER BY l.id", chunk
        ):
            lines[r[1]].append(line_of(r))
        for pid, reason, name, on in db.execute(
            f"SELECT v.payment_id, v.reason, o.name, v.voided_on FROM voids v JOIN operators o "
            f"ON o.id = v.operator_id WHERE v.payment_id IN ({marks})",
            chunk,
        ):
            voids[pid] = Void(reason, name, date.fromisoformat(on))
        for r in db.execute(
            f"SELECT r.payment_id, r.uid, r.line_id, r.amount, r.reason_code, r.reason, r.refunded_on, o.name, "
            f"a.uid, {REFUND_STATE} FROM refunds r JOIN operators o ON o.id = r.operator_id "
            "LEFT JOIN refund_applications a ON a.id = r.application_id "
            f"LEFT JOIN refund_answers s ON s.application_id = r.application_id WHERE r.payment_id IN ({marks}) "
            "ORDER BY r.id",
            chunk,
        ):
            refunds[r[0]].append(Refund(r[1], r[2], r[3], r[4], r[5], date.fromisoformat(r[6]), r[7], r[8], r[9]))
    return [
        Payment(
            id=h[0],
            uid=h[1],
            receipt_no=h[2],
            operator=h[3],
            operator_id=h[4],
            benefit_year=h[5],
            serial=h[6],
            household_id=h[7],
            household_no=h[8],
            village_group=h[9],
            paid_on=date.fromisoformat(h[10]),
            total_due=h[11],
            cash=h[12],
            change=h[13],
            policy_id=h[14],
            policy_sha256=h[15],
            created_at=h[16],
            lines=tuple(lines[h[0]]),
            void=voids.get(h[0]),
            refunds=tuple(refunds[h[0]]),
            late_entry=h[17],
            bill_no=h[18],
        )
        for h in heads
    ]


def _chunks(ids: Sequence[int], size: int = 900) -> Iterable[list[int]]:
    for start in range(0, len(ids), size):
        yield list(ids[start : start + size])


def get(db: Database, payment_id: int) -> Payment | None:
    found = _load(db, "p.id = ?", [payment_id])
    return found[0] if found else None


def by_receipt(db: Database, receipt_no: str) -> Payment | None:
    found = _load(db, "p.receipt_no = ?", [receipt_no])
    return found[0] if found else None


def by_ids(db: Database, payment_ids: Sequence[int]) -> list[Payment]:
    out: list[Payment] = []
    for chunk in _chunks(payment_ids):
        out += _load(db, f"p.id IN ({','.join('?' * len(chunk))})", chunk)
    return sorted(out, key=lambda p: p.id)


def find(
    db: Database,
    *,
    date_from: date | None = None,
    date_to: date | None = None,
    year: int | None = None,
    operator_id: int | None = None,
    household_id: int | None = None,
) -> list[Payment]:
    """Payments by payment date range, benefit year, collector or household, in the order recorded."""
    where, args = ["1"], []
    for clause, value in (
        ("p.paid_on >= ?", date_from and date_from.isoformat()),
        ("p.paid_on <= ?", date_to and date_to.isoformat()),
        ("p.benefit_year = ?", year),
        ("p.operator_id = ?", operator_id),
        ("p.household_id = ?", household_id),
    ):
        if value is not None:
            where.append(clause)
            args.append(value)
    return _load(db, " AND ".join(where), args)


def count(db: Database) -> int:
    return int(db.execute("SELECT COUNT(*) FROM payments").fetchone()[0])


def next_serial(db: Database, operator_id: int, year: int) -> int:
    return int(
        db.execute(
            "SELECT COALESCE(MAX(serial), 0) + 1 FROM payments WHERE operator_id = ? AND benefit_year = ?",
            [operator_id, year],
        ).fetchone()[0]
    )


def add(
    db: Database,
    *,
    uid: str,
    receipt_no: str,
    operator_id: int,
    year: int,
    serial: int,
    household_id: int,
    paid_on: date,
    total_due: int,
    cash: int,
    policy_id: str,
    policy_sha256: str,
    created_at: str,
    lines: Sequence[PaymentLine],
    late_entry: str | None = None,
    bill_no: str | None = None,
) -> int:
    """The payment and its lines, inside the caller's transaction; returns the payment's id."""
    cur = db.execute(
        "INSERT INTO payments (uid, receipt_no, operator_id, benefit_year, serial, household_id, paid_on, "
        "total_due, cash, change, policy_id, policy_sha256, created_at, late_entry, bill_no) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        [
            uid,
            receipt_no,
            operator_id,
            year,
            serial,
            household_id,
            paid_on.isoformat(),
            total_due,
            cash,
            cash - total_due,
            policy_id,
            policy_sha256,
            created_at,
            late_entry,
            bill_no,
        ],
    )
    payment_id = cur.lastrowid
    assert payment_id is not None
    db.conn.executemany(
        "INSERT INTO payment_lines (payment_id, person_id, benefit_year, name, id_number, identities, standard, "
        "riders, rider_total, subsidy, subsidy_mode, subsidy_payer, subsidy_name, due, benefit_start, benefit_end, "
        "waiting_until, full_cost, explanation) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        [
            (
                payment_id,
                ln.person_id,
                ln.benefit_year,
                ln.name,
                ln.id_number,
                json.dumps(list(ln.identities)),
                ln.standard,
                json.dumps([{"name": r.name, "amount": r.amount} for r in ln.riders], ensure_ascii=False),
                ln.rider_total,
                ln.subsidy,
                ln.subsidy_mode,
                ln.subsidy_payer,
                ln.subsidy_name,
                ln.due,
                ln.benefit_start.isoformat(),
                ln.benefit_end.isoformat(),
                ln.waiting_until.isoformat() if ln.waiting_until else None,
                int(ln.full_cost),
                json.dumps(list(ln.explanation), ensure_ascii=False),
            )
            for ln in lines
        ],
    )
    return payment_id


def add_void(db: Database, payment_id: int, reason: str, operator_id: int, voided_on: date, created_at: str) -> None:
    db.execute(
        "INSERT INTO voids (payment_id, reason, operator_id, voided_on, created_at) VALUES (?,?,?,?,?)",
        [payment_id, reason, operator_id, voided_on.isoformat(), created_at],
    )


def add_refund(
    db: Database,
    *,
    uid: str,
    payment_id: int,
    line_id: int,
    amount: int,
    reason_code: str,
    reason: str,
    refunded_on: date,
    operator_id: int,
    created_at: str,
    application_id: int | None = None,
) -> None:
    db.execute(
        "INSERT INTO refunds (uid, payment_id, line_id, amount, reason_code, reason, refunded_on, "
        "operator_id, created_at, application_id) VALUES (?,?,?,?,?,?,?,?,?,?)",
        [
            uid,
            payment_id,
            line_id,
            amount,
            reason_code,
            reason,
            refunded_on.isoformat(),
            operator_id,
            created_at,
            application_id,
        ],
    )


def voided_on(db: Database, day: date, operator_id: int | None = None) -> list[int]:
    """Ids of the payments voided on the day (issued that day or earlier), by that collector when given."""
    sql = "SELECT v.payment_id FROM voids v JOIN payments p ON p.id = v.payment_id WHERE v.voided_on = ?"
    args: list[Any] = [day.isoformat()]
    if operator_id is not None:
        sql += " AND p.operator_id = ?"
        args.append(operator_id)
    return [r[0] for r in db.execute(sql + " ORDER BY v.payment_id", args)]


def refunded_on(db: Database, day: date, operator_id: int | None = None) -> list[int]:
    """Ids of the payments with a refund made on the day, in payment order."""
    sql = "SELECT DISTINCT r.payment_id FROM refunds r JOIN payments p ON p.id = r.payment_id WHERE r.refunded_on = ?"
    args: list[Any] = [day.isoformat()]
    if operator_id is not None:
        sql += " AND p.operator_id = ?"
        args.append(operator_id)
    return [r[0] for r in db.execute(sql + " ORDER BY r.payment_id", args)]


def live_receipt(db: Database, person_id: int, year: int) -> str | None:
    """The receipt that still covers this person for the year, if any."""
    row = db.execute(
        "SELECT receipt_no FROM live_lines WHERE person_id = ? AND benefit_year = ? LIMIT 1", [person_id, year]
    ).fetchone()
    return row[0] if row else None


def live_lines(db: Database, person_ids: Sequence[int], year: int) -> dict[int, tuple[str, PaymentLine]]:
    """Per person, the receipt number and the line that cover them for the year."""
    out: dict[int, tuple[str, PaymentLine]] = {}
    for chunk in _chunks(person_ids):
        marks = ",".join("?" * len(chunk))
        for r in db.execute(
            f"SELECT {_LINE_COLUMNS}, l.receipt_no FROM live_lines l WHERE l.person_id IN ({marks}) "
            "AND l.benefit_year = ?",
            [*chunk, year],
        ):
            out[r[2]] = (r[19], line_of(r))
    return out


def issued_on(db: Database, day: date, operator_id: int | None = None) -> tuple[int, int]:
    """Receipts issued on the day that still stand, and their total (the status bar's figures)."""
    sql = (
        "SELECT COUNT(*), COALESCE(SUM(p.total_due), 0) FROM payments p WHERE p.paid_on = ? "
        "AND NOT EXISTS (SELECT 1 FROM voids v WHERE v.payment_id = p.id)"
    )
    args: list[Any] = [day.isoformat()]
    if operator_id is not None:
        sql += " AND p.operator_id = ?"
        args.append(operator_id)
    row = db.execute(sql, args).fetchone()
    return int(row[0]), int(row[1])

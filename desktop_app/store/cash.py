"""Settlements (结报) and refund applications (退费申请): written once, read as records.

A payment is "unsettled" until a settlement lists it in ``settlement_items``; the same
goes for a spoiled form. Cash in hand is what unsettled payments that still stand took
(their ``total_due``: the change went back to the villager). A refund application takes
nothing out of the drawer, so it does not change the cash in hand.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from sqlite_utils import Database

from desktop_app.domain.cash import RefundApplication, RefundLine, Settlement, SpoiledForm

_UNSETTLED = "NOT EXISTS (SELECT 1 FROM settlement_items i WHERE i.kind = 'payment' AND i.record_id = p.id)"
_STANDING = "NOT EXISTS (SELECT 1 FROM voids v WHERE v.payment_id = p.id)"


# --- cash in hand ---------------------------------------------------------------------


def in_hand(db: Database, operator_id: int | None = None) -> tuple[int, int, date | None]:
    """Unsettled payments that still stand: their count, their total, the oldest one's date."""
    sql = (
        f"SELECT COUNT(*), COALESCE(SUM(p.total_due), 0), MIN(p.paid_on) FROM payments p WHERE {_UNSETTLED} "
        f"AND {_STANDING}"
    )
    args: list[Any] = []
    if operator_id is not None:
        sql += " AND p.operator_id = ?"
        args.append(operator_id)
    n, total, since = db.execute(sql, args).fetchone()
    return int(n), int(total), date.fromisoformat(since) if since else None


def unsettled_payments(db: Database, operator_id: int) -> list[int]:
    """Ids of the collector's payments not yet settled (voided ones included), in the order taken."""
    return [
        r[0]
        for r in db.execute(
            f"SELECT p.id FROM payments p WHERE p.operator_id = ? AND {_UNSETTLED} ORDER BY p.id", [operator_id]
        )
    ]


def unsettled_spoils(db: Database, operator_id: int) -> list[int]:
    """Ids of the forms spoiled in the collector's books and not yet settled."""
    return [
        r[0]
        for r in db.execute(
            "SELECT s.id FROM bill_spoils s JOIN bill_books b ON b.id = s.book_id WHERE b.operator_id = ? AND NOT EXISTS "
            "(SELECT 1 FROM settlement_items i WHERE i.kind = 'spoil' AND i.record_id = s.id) ORDER BY s.id",
            [operator_id],
        )
    ]


def settled_in(db: Database, payment_id: int) -> tuple[int, date] | None:
    """The settlement number and day that settled this payment, if any."""
    row = db.execute(
        "SELECT s.settlement_no, s.settled_on FROM settlement_items i JOIN settlements s "
        "ON s.id = i.settlement_id WHERE i.kind = 'payment' AND i.record_id = ?",
        [payment_id],
    ).fetchone()
    return (int(row[0]), date.fromisoformat(row[1])) if row else None


# --- settlements ----------------------------------------------------------------------


def next_settlement_no(db: Database, operator_id: int) -> int:
    return int(
        db.execute(
            "SELECT COALESCE(MAX(settlement_no), 0) + 1 FROM settlements WHERE operator_id = ?", [operator_id]
        ).fetchone()[0]
    )


def add_settlement(
    db: Database,
    *,
    uid: str,
    operator_id: int,
    settlement_no: int,
    slip_no: str,
    to_name: str,
    amount: int,
    from_receipt: str,
    to_receipt: str,
    count: int,
    voided: int,
    refunded: int,
    period_from: date,
    period_to: date,
    settled_on: date,
    created_at: str,
    payment_ids: list[int],
    spoil_ids: list[int],
) -> int:
    """The settlement and what it settled, inside the caller's transaction; returns its id."""
    cur = db.execute(
        "INSERT INTO settlements (uid, operator_id, settlement_no, slip_no, to_name, amount, from_receipt, to_receipt, "
        "count, voided, refunded, period_from, period_to, settled_on, created_at) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        [
            uid,
            operator_id,
            settlement_no,
            slip_no,
            to_name,
            amount,
            from_receipt,
            to_receipt,
            count,
            voided,
            refunded,
            period_from.isoformat(),
            period_to.isoformat(),
            settled_on.isoformat(),
            created_at,
        ],
    )
    settlement_id = cur.lastrowid
    assert settlement_id is not None
    db.conn.executemany(
        "INSERT INTO settlement_items (settlement_id, kind, record_id) VALUES (?,?,?)",
        [(settlement_id, "payment", i) for i in payment_ids] + [(settlement_id, "spoil", i) for i in spoil_ids],
    )
    return settlement_id


_SETTLEMENTS = (
    "SELECT s.id, s.uid, s.settlement_no, s.operator_id, o.name, s.slip_no, s.to_name, s.amount, s.from_receipt, "
    "s.to_receipt, s.count, s.voided, s.refunded, s.period_from, s.period_to, s.settled_on, s.created_at "
    "FROM settlements s JOIN operators o ON o.id = s.operator_id "
)


def settlements(db: Database, operator_id: int | None = None, settlement_id: int | None = None) -> list[Settlement]:
    """Settlements (of one collector, or one by id), oldest first, with their receipts and forms."""
    where, args = ["1"], []
    if operator_id is not None:
        where.append("s.operator_id = ?")
        args.append(operator_id)
    if settlement_id is not None:
        where.append("s.id = ?")
        args.append(settlement_id)
    heads = db.execute(f"{_SETTLEMENTS}WHERE {' AND '.join(where)} ORDER BY s.id", args).fetchall()
    out = []
    for h in heads:
        receipts, bills = [], []
        for receipt_no, bill_no in db.execute(
            "SELECT p.receipt_no, p.bill_no FROM settlement_items i JOIN payments p ON p.id = i.record_id "
            "WHERE i.settlement_id = ? AND i.kind = 'payment' ORDER BY p.id",
            [h[0]],
        ):
            receipts.append(receipt_no)
            if bill_no is not None:
                bills.append(bill_no)
        spoiled = tuple(
            SpoiledForm(r[0], r[1], r[2], date.fromisoformat(r[3]), r[4])
            for r in db.execute(
                "SELECT s.number, s.reason, o.name, s.spoiled_on, p.receipt_no FROM settlement_items i "
                "JOIN bill_spoils s ON s.id = i.record_id JOIN operators o ON o.id = s.operator_id "
                "LEFT JOIN payments p ON p.id = s.payment_id WHERE i.settlement_id = ? AND i.kind = 'spoil' "
                "ORDER BY s.id",
                [h[0]],
            )
        )
        out.append(
            Settlement(
                id=h[0],
                uid=h[1],
                settlement_no=h[2],
                operator_id=h[3],
                operator=h[4],
                slip_no=h[5],
                to_name=h[6],
                amount=h[7],
                from_receipt=h[8],
                to_receipt=h[9],
                count=h[10],
                voided=h[11],
                refunded=h[12],
                period_from=date.fromisoformat(h[13]),
                period_to=date.fromisoformat(h[14]),
                settled_on=date.fromisoformat(h[15]),
                created_at=h[16],
                receipt_nos=tuple(receipts),
                bill_numbers=tuple(bills),
                spoiled_forms=spoiled,
            )
        )
    return out


# --- refund applications --------------------------------------------------------------


def add_application(
    db: Database,
    *,
    uid: str,
    payment_id: int,
    reason_code: str,
    reason: str,
    evidence: str,
    bank: str,
    account: str,
    applied_on: date,
    operator_id: int,
    created_at: str,
) -> int:
    """Inside the caller's transaction; the line refunds pointing at it are the caller's to add."""
    cur = db.execute(
        "INSERT INTO refund_applications (uid, payment_id, reason_code, reason, evidence, bank, account, applied_on, "
        "operator_id, created_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
        [
            uid,
            payment_id,
            reason_code,
            reason,
            evidence,
            bank,
            account,
            applied_on.isoformat(),
            operator_id,
            created_at,
        ],
    )
    assert cur.lastrowid is not None
    return cur.lastrowid


def add_answer(
    db: Database,
    *,
    uid: str,
    application_id: int,
    state: str,
    note: str,
    answered_on: date,
    operator_id: int,
    created_at: str,
) -> None:
    db.execute(
        "INSERT INTO refund_answers (uid, application_id, state, note, answered_on, operator_id, created_at) "
        "VALUES (?,?,?,?,?,?,?)",
        [uid, application_id, state, note, answered_on.isoformat(), operator_id, created_at],
    )


_APPLICATIONS = (
    "SELECT a.id, a.uid, a.payment_id, p.receipt_no, h.household_no, a.reason_code, a.reason, a.evidence, a.bank, "
    "a.account, a.applied_on, o.name, a.created_at, COALESCE(s.state, 'applied'), s.answered_on, "
    "COALESCE(s.note, ''), so.name FROM refund_applications a JOIN payments p ON p.id = a.payment_id "
    "JOIN households h ON h.id = p.household_id JOIN operators o ON o.id = a.operator_id "
    "LEFT JOIN refund_answers s ON s.application_id = a.id LEFT JOIN operators so ON so.id = s.operator_id "
)


def applications(
    db: Database,
    *,
    uid: str | None = None,
    state: str | None = None,
    operator_id: int | None = None,
    payment_id: int | None = None,
) -> list[RefundApplication]:
    """Refund applications, oldest first, with their lines and their answer if one came."""
    where, args = ["1"], []
    for clause, value in (
        ("a.uid = ?", uid),
        ("COALESCE(s.state, 'applied') = ?", state),
        ("p.operator_id = ?", operator_id),
        ("a.payment_id = ?", payment_id),
    ):
        if value is not None:
            where.append(clause)
            args.append(value)
    heads = db.execute(f"{_APPLICATIONS}WHERE {' AND '.join(where)} ORDER BY a.id", args).fetchall()
    if not heads:
        return []
    lines: dict[int, list[RefundLine]] = defaultdict(list)
    ids = [h[0] for h in heads]
    for start in range(0, len(ids), 900):
        chunk = ids[start : start + 900]
        for app_id, line_id, name, id_number, amount in db.execute(
            "SELECT r.application_id, r.line_id, l.name, l.id_number, r.amount FROM refunds r "
            f"JOIN payment_lines l ON l.id = r.line_id WHERE r.application_id IN ({','.join('?' * len(chunk))}) "
            "ORDER BY r.id",
            chunk,
        ):
            lines[app_id].append(RefundLine(line_id, name, id_number, amount))
    return [
        RefundApplication(
            id=h[0],
            uid=h[1],
            payment_id=h[2],
            receipt_no=h[3],
            household_no=h[4],
            reason_code=h[5],
            reason=h[6],
            evidence=h[7],
            bank=h[8],
            account=h[9],
            applied_on=date.fromisoformat(h[10]),
            operator=h[11],
            created_at=h[12],
            lines=tuple(lines[h[0]]),
            state=h[13],
            answered_on=date.fromisoformat(h[14]) if h[14] else None,
            answer_note=h[15],
            answered_by=h[16],
        )
        for h in heads
    ]

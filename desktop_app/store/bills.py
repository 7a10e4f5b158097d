"""Books of the tax office's forms (专用票据) and spoiled forms: written once, read as records.

A form number is "used" when a payment carries it (voided payments included: their
form is spoiled with them and keeps its number), "spoiled" when ``bill_spoils`` has it.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from sqlite_utils import Database

from desktop_app.domain.cash import BillBook, SpoiledForm

_BOOKS = (
    "SELECT b.id, b.uid, b.operator_id, o.name, b.code, b.first_no, b.last_no, b.received_on, b.created_at "
    "FROM bill_books b JOIN operators o ON o.id = b.operator_id "
)
_SPOILS = (
    "SELECT s.book_id, s.number, s.reason, o.name, s.spoiled_on, p.receipt_no FROM bill_spoils s "
    "JOIN operators o ON o.id = s.operator_id LEFT JOIN payments p ON p.id = s.payment_id "
)


def add_book(
    db: Database, *, uid: str, operator_id: int, code: str, first: str, last: str, received_on: date, created_at: str
) -> int:
    """Inside the caller's transaction; returns the book's id."""
    cur = db.execute(
        "INSERT INTO bill_books (uid, operator_id, code, first_no, last_no, first_value, last_value, received_on, "
        "created_at) VALUES (?,?,?,?,?,?,?,?,?)",
        [uid, operator_id, code, first, last, int(first), int(last), received_on.isoformat(), created_at],
    )
    assert cur.lastrowid is not None
    return cur.lastrowid


def overlapping(db: Database, first_value: int, last_value: int) -> list[BillBook]:
    """Books (of any collector) sharing a number with first..last."""
    return _books(db, "b.first_value <= ? AND b.last_value >= ?", [last_value, first_value])


def books(db: Database, operator_id: int | None = None) -> list[BillBook]:
    """Every book, or one collector's, in the order received, with its used and spoiled numbers."""
    if operator_id is None:
        return _books(db, "1", [])
    return _books(db, "b.operator_id = ?", [operator_id])


def holding(db: Database, value: int) -> BillBook | None:
    """The book whose range holds the number, whoever received it."""
    found = _books(db, "b.first_value <= ? AND b.last_value >= ?", [value, value])
    return found[0] if found else None


def count(db: Database, operator_id: int | None = None) -> int:
    if operator_id is None:
        return int(db.execute("SELECT COUNT(*) FROM bill_books").fetchone()[0])
    return int(db.execute("SELECT COUNT(*) FROM bill_books WHERE operator_id = ?", [operator_id]).fetchone()[0])


def _books(db: Database, where: str, args: list[Any]) -> list[BillBook]:
    heads = db.execute(f"{_BOOKS}WHERE {where} ORDER BY b.id", args).fetchall()
    if not heads:
        return []
    ids = [h[0] for h in heads]
    marks = ",".join("?" * len(ids))
    spoiled: dict[int, list[SpoiledForm]] = defaultdict(list)
    for book_id, number, reason, name, on, receipt_no in db.execute(
        f"{_SPOILS}WHERE s.book_id IN ({marks}) ORDER BY s.id", ids
    ):
        spoiled[book_id].append(SpoiledForm(number, reason, name, date.fromisoformat(on), receipt_no))
    used: dict[int, list[str]] = defaultdict(list)
    for book_id, number in db.execute(
        "SELECT b.id, p.bill_no FROM payments p JOIN bill_books b ON p.bill_no IS NOT NULL "
        "AND CAST(p.bill_no AS INTEGER) BETWEEN b.first_value AND b.last_value "
        f"WHERE b.id IN ({marks}) ORDER BY p.id",
        ids,
    ):
        used[book_id].append(number)
    return [
        BillBook(
            id=h[0],
            uid=h[1],
            operator_id=h[2],
            operator=h[3],
            code=h[4],
            first=h[5],
            last=h[6],
            received_on=date.fromisoformat(h[7]),
            created_at=h[8],
            used=tuple(used[h[0]]),
            spoiled=tuple(spoiled[h[0]]),
        )
        for h in heads
    ]


def used_by(db: Database, number: str) -> str | None:
    """The receipt written on that form, if any (voided or not)."""
    row = db.execute("SELECT receipt_no FROM payments WHERE bill_no = ?", [number]).fetchone()
    return row[0] if row else None


def spoiled(db: Database, book_id: int, number: str) -> SpoiledForm | None:
    row = db.execute(f"{_SPOILS}WHERE s.book_id = ? AND s.number = ?", [book_id, number]).fetchone()
    return SpoiledForm(row[1], row[2], row[3], date.fromisoformat(row[4]), row[5]) if row else None


def add_spoil(
    db: Database,
    *,
    uid: str,
    book_id: int,
    number: str,
    reason: str,
    operator_id: int,
    spoiled_on: date,
    created_at: str,
    payment_id: int | None = None,
) -> int:
    """Inside the caller's transaction; returns the spoiled form's id."""
    cur = db.execute(
        "INSERT INTO bill_spoils (uid, book_id, number, reason, payment_id, operator_id, spoiled_on, created_at) "
        "VALUES (?,?,?,?,?,?,?,?)",
        [uid, book_id, number, reason, payment_id, operator_id, spoiled_on.isoformat(), created_at],
    )
    assert cur.lastrowid is not None
    return cur.lastrowid

"""Upload batches: the batch, its membership and its frozen rows; what is not yet in any.

Every payment, void, refund and resubmission goes into exactly one batch: membership is
``batch_items``, UNIQUE by kind and the record's uid, so "not yet sent" is "no item of
that kind for that uid". Rows are stored as frozen JSON and never re-derived. The answer
不予退费 to a refund application is news for the county too (the person is covered
again): it is an item of kind ``refund`` whose uid is the answer's (``refund_answers.uid``),
so it goes out once, like the application's own line refunds. An answer 已退 is not sent:
the county (税务, 医保) gave it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from sqlite_utils import Database

from desktop_app.domain.batches import Batch, BatchItem, FrozenRow, SentRow
from desktop_app.domain.payments import Payment
from desktop_app.store import payments as payment_store

_BATCH = (
    "SELECT id, operator_id, collector, batch_no, benefit_year, village, created_at, template, workbook_name, "
    "workbook_sha256, manifest, manifest_sha256 FROM batches "
)
_NOT_SENT = "NOT EXISTS (SELECT 1 FROM batch_items i WHERE i.kind = '{kind}' AND i.record_uid = {uid})"


def _batch(r: Sequence[Any]) -> Batch:
    return Batch(
        id=r[0],
        operator_id=r[1],
        operator=r[2],
        batch_no=r[3],
        benefit_year=r[4],
        village=r[5],
        created_at=datetime.fromisoformat(r[6]),
        template=r[7],
        workbook_name=r[8],
        workbook_sha256=r[9],
        manifest=r[10],
        manifest_sha256=r[11],
    )


def _chunks(ids: Sequence[int], size: int = 900) -> Iterable[list[int]]:
    for start in range(0, len(ids), size):
        yield list(ids[start : start + size])


def _scope(operator_id: int | None, year: int | None, alias: str = "p") -> tuple[str, list[Any]]:
    """' AND …' for the collector and the benefit year of the payment ``alias``, when given."""
    where, args = "", []
    if operator_id is not None:
        where += f" AND {alias}.operator_id = ?"
        args.append(operator_id)
    if year is not None:
        where += f" AND {alias}.benefit_year = ?"
        args.append(year)
    return where, args


# --- batches ---------------------------------------------------------------------------------


def last(db: Database, operator_id: int) -> Batch | None:
    row = db.execute(_BATCH + "WHERE operator_id = ? ORDER BY batch_no DESC LIMIT 1", [operator_id]).fetchone()
    return _batch(row) if row else None


def get(db: Database, operator_id: int, batch_no: int) -> Batch | None:
    row = db.execute(_BATCH + "WHERE operator_id = ? AND batch_no = ?", [operator_id, batch_no]).fetchone()
    return _batch(row) if row else None


def numbers(db: Database, operator_id: int) -> list[int]:
    return [
        r[0] for r in db.execute("SELECT batch_no FROM batches WHERE operator_id = ? ORDER BY batch_no", [operator_id])
    ]


def all_batches(db: Database, year: int | None = None) -> list[Batch]:
    """Every batch by collector and number; of one benefit year when given."""
    where, args = ("WHERE benefit_year = ? ", [year]) if year is not None else ("", [])
    return [_batch(r) for r in db.execute(_BATCH + where + "ORDER BY collector, batch_no", args)]


def add(
    db: Database,
    *,
    operator_id: int,
    batch_no: int,
    benefit_year: int,
    village: str,
    collector: str,
    created_at: datetime,
    template: str,
    workbook_name: str,
    workbook_sha256: str,
    manifest: str,
    manifest_sha256: str,
) -> int:
    """The batch itself, inside the caller's transaction (a trigger refuses a gap in the numbers)."""
    cur = db.execute(
        "INSERT INTO batches (operator_id, batch_no, village, collector, created_at, template, workbook_name, "
        "workbook_sha256, manifest, manifest_sha256, benefit_year) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        [
            operator_id,
            batch_no,
            village,
            collector,
            created_at.isoformat(),
            template,
            workbook_name,
            workbook_sha256,
            manifest,
            manifest_sha256,
            benefit_year,
        ],
    )
    assert cur.lastrowid is not None
    return cur.lastrowid


def add_members(
    db: Database,
    batch_id: int,
    items: Sequence[tuple[str, str, int]],
    rows: Sequence[tuple[int, int, int, str, str, str, str, str]],
) -> None:
    """Its items (kind, uid, payment id) and rows (item index, row no, line id, receipt, ID, name, status, data)."""
    first = db.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM batch_items").fetchone()[0]
    db.conn.executemany(
        "INSERT INTO batch_items (id, batch_id, kind, record_uid, payment_id) VALUES (?,?,?,?,?)",
        [(first + i, batch_id, kind, uid, pid) for i, (kind, uid, pid) in enumerate(items)],
    )
    db.conn.executemany(
        "INSERT INTO batch_rows (batch_id, item_id, row_no, line_id, receipt_no, id_number, name, status, data) "
        "VALUES (?,?,?,?,?,?,?,?,?)",
        [
            (batch_id, first + item, row_no, line_id, receipt, id_number, name, status, data)
            for item, row_no, line_id, receipt, id_number, name, status, data in rows
        ],
    )


def rows_of(db: Database, batch_id: int) -> list[FrozenRow]:
    """The batch's rows as frozen when it was made, in order."""
    return [
        json.loads(r[0])
        for r in db.execute("SELECT data FROM batch_rows WHERE batch_id = ? ORDER BY row_no", [batch_id])
    ]


def items_of_payment(db: Database, payment_id: int) -> list[BatchItem]:
    """Every batch item about this payment (its payment, void, refunds, resubmissions), in order."""
    return [
        BatchItem(kind, uid, pid, no)
        for kind, uid, pid, no in db.execute(
            "SELECT i.kind, i.record_uid, i.payment_id, b.batch_no FROM batch_items i JOIN batches b ON b.id = i.batch_id "
            "WHERE i.payment_id = ? ORDER BY i.id",
            [payment_id],
        )
    ]


def payment_by_uid(db: Database, uid: str) -> Payment | None:
    row = db.execute("SELECT id FROM payments WHERE uid = ?", [uid]).fetchone()
    return payment_store.get(db, row[0]) if row else None


# --- rows already sent --------------------------------------------------------------------------


def last_sent_rows(db: Database, line_ids: Sequence[int], statuses: Sequence[str]) -> dict[int, FrozenRow]:
    """Per line, the newest row sent for it with one of these statuses (正常, 重报)."""
    out: dict[int, FrozenRow] = {}
    marks = ",".join("?" * len(statuses))
    for chunk in _chunks(sorted(set(line_ids))):
        for line_id, data in db.execute(
            f"SELECT line_id, data FROM batch_rows WHERE line_id IN ({','.join('?' * len(chunk))}) "
            f"AND status IN ({marks}) ORDER BY id",
            [*chunk, *statuses],
        ):
            out[line_id] = json.loads(data)
    return out


def sent_row(db: Database, *, receipt_no: str, id_number: str, name: str, statuses: Sequence[str]) -> SentRow | None:
    """The newest sent row (of these statuses) with this receipt and ID number — by name when there is no ID."""
    where, args = f"br.status IN ({','.join('?' * len(statuses))})", list(statuses)
    if receipt_no:
        where += " AND br.receipt_no = ?"
        args.append(receipt_no)
    if id_number:
        where += " AND br.id_number = ?"
        args.append(id_number)
    else:
        where += " AND br.name = ?"
        args.append(name)
    row = db.execute(
        f"SELECT br.id, b.batch_no, br.line_id FROM batch_rows br JOIN batches b ON b.id = br.batch_id "
        f"WHERE {where} ORDER BY br.id DESC LIMIT 1",
        args,
    ).fetchone()
    return SentRow(row[0], row[1], row[2]) if row else None


# --- what no batch holds yet ---------------------------------------------------------------------


def unsent_payments(db: Database, operator_id: int, year: int) -> list[int]:
    """Ids of this collector's payments of the year in no batch, in the order taken."""
    return [
        r[0]
        for r in db.execute(
            "SELECT p.id FROM payments p WHERE p.operator_id = ? AND p.benefit_year = ? AND "
            + _NOT_SENT.format(kind="payment", uid="p.uid")
            + " ORDER BY p.id",
            [operator_id, year],
        )
    ]


def unsent_voids(db: Database, operator_id: int, year: int) -> list[int]:
    """Ids of this collector's payments of the year whose void is in no batch, in the order voided."""
    return [
        r[0]
        for r in db.execute(
            "SELECT p.id FROM voids v JOIN payments p ON p.id = v.payment_id WHERE p.operator_id = ? "
            "AND p.benefit_year = ? AND " + _NOT_SENT.format(kind="void", uid="p.uid") + " ORDER BY v.id",
            [operator_id, year],
        )
    ]


def unsent_refunds(db: Database, operator_id: int, year: int) -> list[tuple[str, int]]:
    """(refund uid, payment id) of this collector's refunds of the year in no batch, in the order made."""
    return [
        (r[0], r[1])
        for r in db.execute(
            "SELECT r.uid, r.payment_id FROM refunds r JOIN payments p ON p.id = r.payment_id WHERE p.operator_id = ? "
            "AND p.benefit_year = ? AND " + _NOT_SENT.format(kind="refund", uid="r.uid") + " ORDER BY r.id",
            [operator_id, year],
        )
    ]


def unsent_declines(db: Database, operator_id: int, year: int) -> list[tuple[str, int, str, date, str]]:
    """(answer uid, payment id, application uid, answered on, note) of this collector's refund applications of
    the year answered 不予退费 and in no batch, in the order answered."""
    return [
        (r[0], r[1], r[2], date.fromisoformat(r[3]), r[4])
        for r in db.execute(
            "SELECT s.uid, a.payment_id, a.uid, s.answered_on, s.note FROM refund_answers s "
            "JOIN refund_applications a ON a.id = s.application_id JOIN payments p ON p.id = a.payment_id "
            "WHERE s.state = 'declined' AND p.operator_id = ? AND p.benefit_year = ? AND "
            + _NOT_SENT.format(kind="refund", uid="s.uid")
            + " ORDER BY s.id",
            [operator_id, year],
        )
    ]


def heads(db: Database, relations: Sequence[str]) -> dict[int, tuple[str, str]]:
    """Per household, its head's (name, ID number): the first member whose relation is one of ``relations``.

    One pass over the village's register (a few thousand people) beats asking household by household.
    """
    out: dict[int, tuple[str, str]] = {}
    for household_id, name, id_number in db.execute(
        f"SELECT household_id, name, COALESCE(id_number, '') FROM people WHERE TRIM(relation) IN "
        f"({','.join('?' * len(relations))}) ORDER BY id",
        list(relations),
    ):
        out.setdefault(household_id, (name, id_number))
    return out


def unsent_figures(
    db: Database, operator_id: int | None = None, year: int | None = None
) -> tuple[int, int, date | None]:
    """(records in no batch, cash they account for, the oldest one's date), for a collector / year or all.

    The cash is the unsent payments not voided, less the unsent refunds, plus the unsent answers
    不予退费 (their amount counts again): a void of a payment already sent takes nothing off,
    because that cash was reported before.
    """
    scope, args = _scope(operator_id, year)
    pay = db.execute(
        "SELECT COUNT(*), COALESCE(SUM(CASE WHEN NOT EXISTS (SELECT 1 FROM voids v WHERE v.payment_id = p.id) "
        "THEN p.total_due ELSE 0 END), 0), MIN(p.paid_on) FROM payments p WHERE "
        + _NOT_SENT.format(kind="payment", uid="p.uid")
        + scope,
        args,
    ).fetchone()
    voids = db.execute(
        "SELECT COUNT(*), MIN(v.voided_on) FROM voids v JOIN payments p ON p.id = v.payment_id WHERE "
        + _NOT_SENT.format(kind="void", uid="p.uid")
        + scope,
        args,
    ).fetchone()
    refunds = db.execute(
        "SELECT COUNT(*), COALESCE(SUM(r.amount), 0), MIN(r.refunded_on) FROM refunds r "
        "JOIN payments p ON p.id = r.payment_id WHERE " + _NOT_SENT.format(kind="refund", uid="r.uid") + scope,
        args,
    ).fetchone()
    declines = db.execute(
        "SELECT COUNT(*), COALESCE(SUM((SELECT SUM(r.amount) FROM refunds r WHERE r.application_id = a.id)), 0), "
        "MIN(s.answered_on) FROM refund_answers s JOIN refund_applications a ON a.id = s.application_id "
        "JOIN payments p ON p.id = a.payment_id WHERE s.state = 'declined' AND "
        + _NOT_SENT.format(kind="refund", uid="s.uid")
        + scope,
        args,
    ).fetchone()
    dates = [d for d in (pay[2], voids[1], refunds[2], declines[2]) if d]
    return (
        int(pay[0] + voids[0] + refunds[0] + declines[0]),
        int(pay[1] - refunds[1] + declines[1]),
        date.fromisoformat(min(dates)) if dates else None,
    )

"""Late entries (补录) for the 日结单: the payments entered on a day for an earlier day, and those paid that day
but entered later. ``created_at`` is the local time the entry was made (``Ledger.stamp()``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlite_utils import Database


def late_on(db: Database, day: date, year: int, operator_id: int | None = None) -> list[int]:
    """Ids of the year's late entries entered on the day or paid on it, in the order recorded."""
    sql = (
        "SELECT p.id FROM payments p WHERE p.late_entry IS NOT NULL AND p.benefit_year = ? "
        "AND (p.paid_on = ? OR substr(p.created_at, 1, 10) = ?)"
    )
    args: list[Any] = [year, day.isoformat(), day.isoformat()]
    if operator_id is not None:
        sql += " AND p.operator_id = ?"
        args.append(operator_id)
    return [r[0] for r in db.execute(sql + " ORDER BY p.id", args)]

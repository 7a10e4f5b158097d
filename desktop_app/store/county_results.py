"""The county's answers (回盘), one per sent row and import, newest last.

Only the newest answer about a line counts. A rejected line still matters while the line
still covers its person (the ``live_lines`` view): once its payment is voided or the
line refunded, there is nothing left to correct.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sqlite_utils import Database

from desktop_app.domain.batches import REJECTED, RESUBMISSION, CountyResult

_RESULTS = (
    "SELECT c.uid, c.line_id, l.payment_id, c.batch_row_id, b.batch_no, c.outcome, c.reason, br.data, "
    f" (SELECT b2.batch_no FROM batch_items i JOIN batches b2 ON b2.id = i.batch_id WHERE i.kind = '{RESUBMISSION}' "
    "   AND i.record_uid = c.uid) "
    "FROM county_results c JOIN batch_rows br ON br.id = c.batch_row_id JOIN batches b ON b.id = br.batch_id "
    "JOIN payment_lines l ON l.id = c.line_id JOIN payments p ON p.id = l.payment_id "
    "WHERE c.id = (SELECT MAX(c2.id) FROM county_results c2 WHERE c2.line_id = c.line_id) "
)


def _result(r: Sequence[Any]) -> CountyResult:
    return CountyResult(
        uid=r[0],
        line_id=r[1],
        payment_id=r[2],
        batch_row_id=r[3],
        batch_no=r[4],
        outcome=r[5],
        reason=r[6],
        sent=tuple(json.loads(r[7])),
        resubmitted_in=r[8],
    )


def latest(db: Database, line_ids: Sequence[int]) -> dict[int, CountyResult]:
    """Per line, the county's newest answer about it (lines it never answered are left out)."""
    out: dict[int, CountyResult] = {}
    ids = sorted(set(line_ids))
    for start in range(0, len(ids), 900):
        chunk = ids[start : start + 900]
        for r in db.execute(_RESULTS + f"AND c.line_id IN ({','.join('?' * len(chunk))})", chunk):
            out[r[1]] = _result(r)
    return out


def rejected(db: Database, *, operator_id: int | None = None, year: int | None = None) -> list[CountyResult]:
    """Lines whose newest answer is a rejection and which still cover their person, in the order answered."""
    where, args = f"AND c.outcome = '{REJECTED}' AND EXISTS (SELECT 1 FROM live_lines v WHERE v.id = c.line_id) ", []
    if operator_id is not None:
        where += "AND p.operator_id = ? "
        args.append(operator_id)
    if year is not None:
        where += "AND p.benefit_year = ? "
        args.append(year)
    return [_result(r) for r in db.execute(_RESULTS + where + "ORDER BY c.id", args)]


def add(
    db: Database,
    *,
    uid: str,
    batch_row_id: int,
    line_id: int,
    outcome: str,
    reason: str,
    source_name: str,
    source_sha256: str,
    operator: str,
    imported_at: str,
) -> None:
    db.execute(
        "INSERT INTO county_results (uid, batch_row_id, line_id, outcome, reason, source_name, source_sha256, "
        "operator, imported_at) VALUES (?,?,?,?,?,?,?,?,?)",
        [uid, batch_row_id, line_id, outcome, reason, source_name, source_sha256, operator, imported_at],
    )


def answered_by(db: Database, source_sha256: str) -> dict[tuple[str, str], int]:
    """The sent rows (receipt number, ID number) an answer file already answered, each with its payment line."""
    return {
        (r[0], r[1]): r[2]
        for r in db.execute(
            "SELECT br.receipt_no, br.id_number, c.line_id FROM county_results c JOIN batch_rows br ON br.id = c.batch_row_id "
            "WHERE c.source_sha256 = ?",
            [source_sha256],
        )
    }

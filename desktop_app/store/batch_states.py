"""What the window shows about batches beyond the batches themselves.

Three questions the collector asks at the USB stick and after the county's answer: who
goes out in the next batch (people, not only records), what the county said about each
batch so far (the newest answer per row), and which sent rows the county has not yet
answered. The row statuses that a county answers (正常, 重报) are the exchange's
vocabulary: the caller hands them in, the store does not know the workbook.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

_LATEST_ANSWER = (
    "c.id = (SELECT MAX(c2.id) FROM county_results c2 WHERE c2.line_id = c.line_id "
    "AND c2.batch_row_id = c.batch_row_id)"
)


@dataclass(frozen=True)
class BatchAnswers:
    """Per batch: rows the county answers, and of those how many it accepted / sent back (newest answer)."""

    rows: int
    accepted: int
    rejected: int


@dataclass(frozen=True)
class SentUnanswered:
    """A line the county has been sent (its newest sent row) and has not answered yet."""

    household_id: int
    person_id: int
    name: str
    batch_no: int


def _marks(statuses: Sequence[str]) -> str:
    return ",".join("?" * len(statuses))


def unsent_people(db: Database, operator_id: int, year: int) -> tuple[int, int]:
    """(lines, distinct people) of this collector's payments of the year that no batch holds yet."""
    row = db.execute(
        "SELECT COUNT(*), COUNT(DISTINCT l.person_id) FROM payment_lines l JOIN payments p ON p.id = l.payment_id "
        "WHERE p.operator_id = ? AND p.benefit_year = ? AND NOT EXISTS (SELECT 1 FROM batch_items i "
        "WHERE i.kind = 'payment' AND i.record_uid = p.uid)",
        [operator_id, year],
    ).fetchone()
    return int(row[0]), int(row[1])


def answers_by_batch(db: Database, answered: Sequence[str]) -> dict[tuple[int, int], BatchAnswers]:
    """Keyed by (operator id, batch number): rows of the ``answered`` statuses, accepted and rejected rows."""
    rows: dict[tuple[int, int], list[int]] = {}
    for operator_id, batch_no, n in db.execute(
        "SELECT b.operator_id, b.batch_no, COUNT(*) FROM batch_rows br JOIN batches b ON b.id = br.batch_id "
        f"WHERE br.status IN ({_marks(answered)}) GROUP BY b.operator_id, b.batch_no",
        list(answered),
    ):
        rows[(operator_id, batch_no)] = [int(n), 0, 0]
    for operator_id, batch_no, outcome, n in db.execute(
        "SELECT b.operator_id, b.batch_no, c.outcome, COUNT(*) FROM county_results c "
        "JOIN batch_rows br ON br.id = c.batch_row_id JOIN batches b ON b.id = br.batch_id "
        f"WHERE {_LATEST_ANSWER} GROUP BY b.operator_id, b.batch_no, c.outcome"
    ):
        counts = rows.setdefault((operator_id, batch_no), [0, 0, 0])
        counts[1 if outcome == "accepted" else 2] += int(n)
    return {key: BatchAnswers(*counts) for key, counts in rows.items()}


def sent_unanswered(
    db: Database, answered: Sequence[str], operator_id: int | None = None, year: int | None = None
) -> list[SentUnanswered]:
    """Lines still covering their person whose newest sent row the county has not answered, oldest batch first."""
    where, args = "", list[Any]([*answered, *answered])
    if operator_id is not None:
        where += " AND l.operator_id = ?"
        args.append(operator_id)
    if year is not None:
        where += " AND l.benefit_year = ?"
        args.append(year)
    return [
        SentUnanswered(int(r[0]), int(r[1]), str(r[2]), int(r[3]))
        for r in db.execute(
            "SELECT p.household_id, l.person_id, br.name, b.batch_no FROM batch_rows br "
            "JOIN batches b ON b.id = br.batch_id JOIN live_lines l ON l.id = br.line_id "
            "JOIN payments p ON p.id = l.payment_id "
            f"WHERE br.status IN ({_marks(answered)}) AND br.id = (SELECT MAX(br2.id) FROM batch_rows br2 "
            f"  WHERE br2.line_id = br.line_id AND br2.status IN ({_marks(answered)})) "
            "AND NOT EXISTS (SELECT 1 FROM county_results c WHERE c.line_id = br.line_id AND c.batch_row_id = br.id)"
            + where
            + " ORDER BY b.batch_no, br.row_no",
            args,
        )
    ]


def households_of_lines(db: Database, line_ids: Sequence[int]) -> dict[int, int]:
    """Payment line id -> the household its payment was for."""
    out: dict[int, int] = {}
    ids = sorted(set(line_ids))
    for start in range(0, len(ids), 900):
        chunk = ids[start : start + 900]
        out.update(
            (int(line), int(household))
            for line, household in db.execute(
                "SELECT l.id, p.household_id FROM payment_lines l JOIN payments p ON p.id = l.payment_id "
                f"WHERE l.id IN ({','.join('?' * len(chunk))})",
                chunk,
            )
        )
    return out


def _tables(db: Database) -> tuple[str, ...]:
    return tuple(
        r[0]
        for r in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name IN "
            "('batch_rows', 'county_results', 'voids', 'refunds', 'refund_answers') ORDER BY name"
        )
    )


def waiting_fingerprint(db: Database) -> tuple[int, ...]:
    """The newest row of every table the waiting count reads (all append-only): equal means the count is too.

    Each is the last entry of its rowid tree, so asking costs nothing however big the ledger.
    """
    return tuple(int(db.execute(f"SELECT COALESCE(MAX(rowid), 0) FROM {t}").fetchone()[0]) for t in _tables(db))

"""The coverage sums (migration 0011) when a whole roster or a whole county list arrives at once.

Any trigger on ``people`` makes SQLite keep a statement journal for every row inserted:
on 100 000 people that doubled a roster import. ``store.register_bulk`` inserts in bulk
inside ``people_added_in_bulk``: the trigger that counts a new person into their village
group is dropped for the block and the rows it missed are counted after it in one
statement — the same sums, set-wise, as the index rebuild beside it.

A county list marks 30 000 people in one statement; the triggers that carry each mark
into ``coverage_facts`` and its sums cost half as much again as the marks themselves.
``store.coverage.add_marks`` writes a big batch inside ``marks_added_in_bulk``: those
triggers are dropped for the block, then the year's facts take their statuses from
``coverage_latest`` in one statement and the year's sums are counted again from the facts.

Either way the triggers come back from their own SQL; if anything fails the caller's
transaction restores it all.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from sqlite_utils import Database

COUNTING_TRIGGER = "people_coverage_added"
MARK_TRIGGERS = (
    "coverage_latest_facts_insert",
    "coverage_latest_facts_update",
    "coverage_facts_added",
    "coverage_facts_changed",
)
BULK_MARKS = 2000


@contextmanager
def people_added_in_bulk(db: Database, last: int) -> Iterator[None]:
    """Inside the caller's transaction: people with ids above ``last`` added in the block are counted after it."""
    row = db.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", [COUNTING_TRIGGER]).fetchone()
    if row is None:  # a ledger before migration 0011 (or in the middle of it): nothing to keep
        yield
        return
    db.execute(f"DROP TRIGGER {COUNTING_TRIGGER}")
    yield
    db.execute(
        "INSERT INTO coverage_group_people (village_group, people) "
        "SELECT h.village_group, COUNT(*) FROM people p JOIN households h ON h.id = p.household_id "
        "WHERE p.id > ? AND p.status = 'active' GROUP BY h.village_group "
        "ON CONFLICT (village_group) DO UPDATE SET people = people + excluded.people",
        [last],
    )
    db.execute(row[0])


@contextmanager
def marks_added_in_bulk(db: Database, years: Iterable[int]) -> Iterator[None]:
    """Inside the caller's transaction: the facts and sums of these years brought up to date after the block."""
    saved = dict(
        db.execute(
            f"SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN "
            f"({', '.join('?' * len(MARK_TRIGGERS))})",
            MARK_TRIGGERS,
        ).fetchall()
    )
    if len(saved) != len(MARK_TRIGGERS):  # a ledger before migration 0011: nothing to keep
        yield
        return
    for name in MARK_TRIGGERS:
        db.execute(f"DROP TRIGGER {name}")
    yield
    for year in sorted(set(years)):
        # A person and year without a facts row has no payment line (every line makes one): not paid here.
        db.execute(
            "INSERT INTO coverage_facts (person_id, benefit_year, village_group, active, status, paid) "
            "SELECT p.id, x.benefit_year, h.village_group, p.status = 'active', COALESCE(x.status, ''), 0 "
            "FROM coverage_latest x JOIN people p ON p.id = x.person_id "
            "JOIN households h ON h.id = p.household_id WHERE x.benefit_year = ? "
            "ON CONFLICT (person_id, benefit_year) DO UPDATE SET status = excluded.status "
            "WHERE status IS NOT excluded.status",
            [year],
        )
        db.execute("DELETE FROM coverage_totals WHERE benefit_year = ?", [year])
        db.execute(
            "INSERT INTO coverage_totals (benefit_year, village_group, status, people, paid) "
            "SELECT benefit_year, village_group, status, COUNT(*), SUM(paid) FROM coverage_facts "
            "WHERE benefit_year = ? AND active GROUP BY village_group, status",
            [year],
        )
    for name in MARK_TRIGGERS:
        db.execute(saved[name])

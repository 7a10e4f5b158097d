"""The coverage sums (migration 0011) when a whole roster arrives at once.

Any trigger on ``people`` makes SQLite keep a statement journal for every row inserted:
on 100 000 people that doubled a roster import. ``store.register_bulk`` inserts in bulk
inside ``people_added_in_bulk``: the trigger that counts a new person into their village
group is dropped for the block and the rows it missed are counted after it in one
statement — the same sums, set-wise, as the index rebuild beside it. The trigger comes
back from its own SQL; if anything fails the caller's transaction restores it all.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlite_utils import Database

COUNTING_TRIGGER = "people_coverage_added"


@contextmanager
def people_added_in_bulk(db: Database, last: int) -> Iterator[None]:
    """Inside the caller's transaction: people with ids above ``last`` added in the block are counted after it."""
    row = db.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", [COUNTING_TRIGGER]).fetchone()
    if row is None:  # a ledger before migration 0011 (or in the middle of it): nothing to keep
        yield
        return
    db.execute(f"DROP TRIGGER {COUNTING_TRIGGER}")
    yield
    db.execute("INSERT INTO coverage_group_people (village_group, people) "
               "SELECT h.village_group, COUNT(*) FROM people p JOIN households h ON h.id = p.household_id "
               "WHERE p.id > ? AND p.status = 'active' GROUP BY h.village_group "
               "ON CONFLICT (village_group) DO UPDATE SET people = people + excluded.people", [last])
    db.execute(row[0])

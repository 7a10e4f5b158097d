"""Migration 0008: what the collector entered about a person's insurance before a benefit year.

The ledger computes uncovered years from the years it had open; for someone new to the
village it cannot, and the collector enters them (断保年数, 补缴年数). ``history_entries``
is append-only like the payments: a correction is a new row, taking an entry back is a
row with NULL figures, and the latest row per person and year is the one that counts.
"""

from __future__ import annotations

from sqlite_utils import Database

from desktop_app.store.schema import migrations, run_statements


@migrations(name="0008_history")
def _history(db: Database) -> None:
    run_statements(
        db,
        """
        CREATE TABLE history_entries (
            id INTEGER PRIMARY KEY,
            person_id INTEGER NOT NULL REFERENCES people(id),
            benefit_year INTEGER NOT NULL CHECK (benefit_year BETWEEN 2000 AND 2100),
            uncovered_years INTEGER CHECK (uncovered_years IS NULL OR uncovered_years >= 0),
            back_paid_years INTEGER CHECK (back_paid_years IS NULL OR back_paid_years >= 0),
            note TEXT NOT NULL DEFAULT '',
            operator_id INTEGER NOT NULL REFERENCES operators(id),
            created_at TEXT NOT NULL,
            CHECK ((uncovered_years IS NULL) = (back_paid_years IS NULL)),
            CHECK (back_paid_years IS NULL OR back_paid_years <= uncovered_years)
        ) STRICT;
        CREATE INDEX history_entries_person_year ON history_entries(person_id, benefit_year, id)
        """,
    )
    db.execute(
        "CREATE TRIGGER history_entries_no_update BEFORE UPDATE ON history_entries "
        "BEGIN SELECT RAISE(ABORT, 'history_entries 只能追加，不能修改'); END"
    )
    db.execute(
        "CREATE TRIGGER history_entries_no_delete BEFORE DELETE ON history_entries "
        "BEGIN SELECT RAISE(ABORT, 'history_entries 只能追加，不能删除'); END"
    )

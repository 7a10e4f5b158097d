"""Migration 0006: coverage marks per person and benefit year, and who is covered.

``coverage_marks`` is append-only like the payments: setting a status and clearing it
are both new rows, so the ledger shows who said what, when, from which list (its name
and SHA-256). ``coverage_current`` is each person's latest mark per year unless that
mark is a clearing; ``covered`` is the one statement of "covered for the year": a live
line of this village (``live_lines``) or a current ``paid_elsewhere`` mark.

The status and channel codes are written out here, not imported, so the migration
keeps meaning what it meant when it ran.
"""

from __future__ import annotations

from sqlite_utils import Database

from desktop_app.store.schema import migrations, run_statements


@migrations(name="0006_coverage")
def _coverage(db: Database) -> None:
    run_statements(
        db,
        """
        CREATE TABLE coverage_marks (
            id INTEGER PRIMARY KEY,
            person_id INTEGER NOT NULL REFERENCES people(id),
            benefit_year INTEGER NOT NULL CHECK (benefit_year BETWEEN 2000 AND 2100),
            action TEXT NOT NULL CHECK (action IN ('set', 'clear')),
            status TEXT CHECK (CASE action WHEN 'clear' THEN status IS NULL ELSE status IN (
                'paid_elsewhere', 'employee_insurance', 'insured_elsewhere', 'military', 'prison', 'school',
                'deceased', 'moved_out', 'refused') END),
            channel TEXT CHECK (channel IS NULL OR channel IN ('online', 'bank', 'pos', 'school', 'employer', 'other')),
            paid_on TEXT,
            amount INTEGER CHECK (amount IS NULL OR amount >= 0),
            reference TEXT NOT NULL DEFAULT '',
            note TEXT NOT NULL DEFAULT '',
            set_on TEXT NOT NULL,
            source_name TEXT NOT NULL DEFAULT '',
            source_sha256 TEXT NOT NULL DEFAULT '',
            operator_id INTEGER NOT NULL REFERENCES operators(id),
            created_at TEXT NOT NULL,
            CHECK (status IS NOT 'paid_elsewhere' OR channel IS NOT NULL),
            CHECK (status IS NOT 'refused' OR length(trim(note)) > 0)
        ) STRICT;
        CREATE INDEX coverage_marks_person_year ON coverage_marks(person_id, benefit_year, id);
        CREATE INDEX coverage_marks_year ON coverage_marks(benefit_year, status);

        CREATE VIEW coverage_current AS
            SELECT m.* FROM coverage_marks m
            WHERE m.action = 'set'
              AND m.id = (SELECT MAX(m2.id) FROM coverage_marks m2
                          WHERE m2.person_id = m.person_id AND m2.benefit_year = m.benefit_year);

        CREATE VIEW covered AS
            SELECT person_id, benefit_year, 'here' AS how FROM live_lines
            UNION
            SELECT person_id, benefit_year, 'elsewhere' AS how FROM coverage_current WHERE status = 'paid_elsewhere'
        """,
    )
    db.execute("CREATE TRIGGER coverage_marks_no_update BEFORE UPDATE ON coverage_marks "
               "BEGIN SELECT RAISE(ABORT, 'coverage_marks 只能追加，不能修改'); END")
    db.execute("CREATE TRIGGER coverage_marks_no_delete BEFORE DELETE ON coverage_marks "
               "BEGIN SELECT RAISE(ABORT, 'coverage_marks 只能追加，不能删除'); END")

"""Migration 0006: coverage marks per person and benefit year, and who is covered.

``coverage_marks`` is append-only like the payments: setting a status and clearing it
are both new rows, so the ledger shows who said what, when, from which list (its name
and SHA-256). ``coverage_latest`` is kept by a trigger on every new mark: per person and
year, the newest mark and its status (NULL once cleared) — a compact table the township's
figures read for 100 000 people in one pass, where asking the marks themselves for the
newest of each would cost a search per person. It is derived, and its triggers let in
only the truth (the newest mark and its status): it cannot be set, changed or deleted
by hand.

``coverage_current`` is each person's current mark per year (the latest, unless it
clears); ``covered`` is the one statement of "covered for the year": a live line of this
village (``live_lines``) or a current ``paid_elsewhere`` mark.

The status and channel codes are written out here, not imported, so the migration keeps
meaning what it meant when it ran.
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

        CREATE TABLE coverage_latest (
            person_id INTEGER NOT NULL,
            benefit_year INTEGER NOT NULL,
            mark_id INTEGER NOT NULL REFERENCES coverage_marks(id),
            status TEXT,
            PRIMARY KEY (person_id, benefit_year)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX coverage_latest_year ON coverage_latest(benefit_year, status);

        CREATE VIEW coverage_current AS
            SELECT m.id, x.person_id, x.benefit_year, m.action, m.status, m.channel, m.paid_on, m.amount,
                   m.reference, m.note, m.set_on, m.source_name, m.source_sha256, m.operator_id, m.created_at
            FROM coverage_latest x JOIN coverage_marks m ON m.id = x.mark_id
            WHERE x.status IS NOT NULL;

        CREATE VIEW covered AS
            SELECT person_id, benefit_year, 'here' AS how FROM live_lines
            UNION
            SELECT person_id, benefit_year, 'elsewhere' AS how FROM coverage_latest WHERE status = 'paid_elsewhere'
        """,
    )
    db.execute(
        "CREATE TRIGGER coverage_marks_latest AFTER INSERT ON coverage_marks "
        "BEGIN INSERT INTO coverage_latest (person_id, benefit_year, mark_id, status) "
        "VALUES (NEW.person_id, NEW.benefit_year, NEW.id, CASE NEW.action WHEN 'set' THEN NEW.status END) "
        "ON CONFLICT (person_id, benefit_year) "
        "DO UPDATE SET mark_id = excluded.mark_id, status = excluded.status "
        "WHERE excluded.mark_id > coverage_latest.mark_id; END"
    )
    # coverage_latest takes only the truth: the newest mark of the person and year, and its status.
    truth = (
        "NEW.mark_id IS NOT (SELECT MAX(id) FROM coverage_marks WHERE person_id = NEW.person_id "
        "AND benefit_year = NEW.benefit_year) OR NEW.status IS NOT (SELECT CASE action WHEN 'set' THEN status END "
        "FROM coverage_marks WHERE id = NEW.mark_id)"
    )
    db.execute(
        f"CREATE TRIGGER coverage_latest_true_insert BEFORE INSERT ON coverage_latest WHEN {truth} "
        "BEGIN SELECT RAISE(ABORT, 'coverage_latest 由参保标记自动维护，不能手工写入'); END"
    )
    db.execute(
        f"CREATE TRIGGER coverage_latest_true_update BEFORE UPDATE ON coverage_latest WHEN {truth} "
        "OR NEW.person_id IS NOT OLD.person_id OR NEW.benefit_year IS NOT OLD.benefit_year "
        "BEGIN SELECT RAISE(ABORT, 'coverage_latest 由参保标记自动维护，不能修改'); END"
    )
    db.execute(
        "CREATE TRIGGER coverage_latest_no_delete BEFORE DELETE ON coverage_latest "
        "BEGIN SELECT RAISE(ABORT, 'coverage_latest 由参保标记自动维护，不能删除'); END"
    )
    for verb in ("UPDATE", "DELETE"):
        db.execute(
            f"CREATE TRIGGER coverage_marks_no_{verb.lower()} BEFORE {verb} ON coverage_marks "
            f"BEGIN SELECT RAISE(ABORT, 'coverage_marks 只能追加，不能{'修改' if verb == 'UPDATE' else '删除'}'); END"
        )

"""The ledger's schema, as numbered migrations (sqlite-utils ``Migrations``).

Money columns are INTEGER fen. Payments, their lines, voids, refunds and the audit log
are append-only: triggers refuse UPDATE and DELETE on them, so no code path, present
or future, can rewrite what a villager paid.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("zhengjiao")

APPEND_ONLY = ("payments", "payment_lines", "voids", "refunds", "audit_log")


def run_statements(db: Database, script: str) -> None:
    """One statement at a time: ``executescript`` would COMMIT the migration's transaction."""
    for statement in script.split(";"):
        if statement.strip():
            db.execute(statement)


@migrations(name="0001_ledger")
def _ledger(db: Database) -> None:
    run_statements(
        db,
        """
        CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        ) STRICT;

        CREATE TABLE operators (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            password_hash TEXT NOT NULL,
            created_at TEXT NOT NULL
        ) STRICT;

        CREATE TABLE households (
            id INTEGER PRIMARY KEY,
            household_no TEXT NOT NULL UNIQUE,
            address TEXT NOT NULL DEFAULT '',
            village_group TEXT NOT NULL DEFAULT '',
            phone TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL
        ) STRICT;

        CREATE TABLE people (
            id INTEGER PRIMARY KEY,
            household_id INTEGER NOT NULL REFERENCES households(id),
            name TEXT NOT NULL CHECK (length(trim(name)) > 0),
            id_number TEXT UNIQUE,
            id_kind TEXT NOT NULL,
            sex TEXT NOT NULL DEFAULT '',
            birth_date TEXT NOT NULL,
            ethnicity TEXT NOT NULL DEFAULT '',
            relation TEXT NOT NULL DEFAULT '',
            student INTEGER NOT NULL DEFAULT 0 CHECK (student IN (0, 1)),
            parent_insured INTEGER NOT NULL DEFAULT 0 CHECK (parent_insured IN (0, 1)),
            phone TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'moved_out', 'deceased')),
            name_pinyin TEXT NOT NULL DEFAULT '',
            name_initials TEXT NOT NULL DEFAULT '',
            id_reversed TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL
        ) STRICT;
        CREATE INDEX people_household ON people(household_id);
        CREATE INDEX people_name ON people(name);
        CREATE INDEX people_pinyin ON people(name_pinyin);
        CREATE INDEX people_initials ON people(name_initials);
        CREATE INDEX people_id_reversed ON people(id_reversed);
        CREATE UNIQUE INDEX people_without_id ON people(household_id, name, birth_date)
            WHERE id_number IS NULL;

        CREATE TABLE identities (
            id INTEGER PRIMARY KEY,
            person_id INTEGER NOT NULL REFERENCES people(id),
            code TEXT NOT NULL,
            source TEXT NOT NULL,
            list_name TEXT NOT NULL DEFAULT '',
            valid_from TEXT,
            valid_to TEXT,
            created_at TEXT NOT NULL,
            UNIQUE (person_id, code, source, list_name)
        ) STRICT;
        CREATE INDEX identities_person ON identities(person_id);

        CREATE TABLE payments (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL UNIQUE,
            receipt_no TEXT NOT NULL UNIQUE,
            operator_id INTEGER NOT NULL REFERENCES operators(id),
            benefit_year INTEGER NOT NULL,
            serial INTEGER NOT NULL CHECK (serial > 0),
            household_id INTEGER NOT NULL REFERENCES households(id),
            paid_on TEXT NOT NULL,
            total_due INTEGER NOT NULL CHECK (total_due >= 0),
            cash INTEGER NOT NULL CHECK (cash >= total_due),
            change INTEGER NOT NULL CHECK (change = cash - total_due),
            policy_id TEXT NOT NULL,
            policy_sha256 TEXT NOT NULL,
            created_at TEXT NOT NULL,
            UNIQUE (operator_id, benefit_year, serial)
        ) STRICT;
        CREATE INDEX payments_paid_on ON payments(paid_on);

        CREATE TABLE payment_lines (
            id INTEGER PRIMARY KEY,
            payment_id INTEGER NOT NULL REFERENCES payments(id),
            person_id INTEGER NOT NULL REFERENCES people(id),
            benefit_year INTEGER NOT NULL,
            name TEXT NOT NULL,
            id_number TEXT,
            identities TEXT NOT NULL,
            standard INTEGER NOT NULL CHECK (standard >= 0),
            riders TEXT NOT NULL,
            rider_total INTEGER NOT NULL CHECK (rider_total >= 0),
            subsidy INTEGER NOT NULL CHECK (subsidy >= 0),
            subsidy_mode TEXT,
            subsidy_payer TEXT,
            subsidy_name TEXT,
            due INTEGER NOT NULL CHECK (due >= 0),
            benefit_start TEXT NOT NULL,
            benefit_end TEXT NOT NULL,
            waiting_until TEXT,
            full_cost INTEGER NOT NULL,
            explanation TEXT NOT NULL
        ) STRICT;
        CREATE INDEX payment_lines_payment ON payment_lines(payment_id);
        CREATE INDEX payment_lines_person ON payment_lines(person_id, benefit_year);

        CREATE TABLE voids (
            id INTEGER PRIMARY KEY,
            payment_id INTEGER NOT NULL UNIQUE REFERENCES payments(id),
            reason TEXT NOT NULL CHECK (length(trim(reason)) > 0),
            operator_id INTEGER NOT NULL REFERENCES operators(id),
            voided_on TEXT NOT NULL,
            created_at TEXT NOT NULL
        ) STRICT;

        CREATE TABLE refunds (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL UNIQUE,
            payment_id INTEGER NOT NULL REFERENCES payments(id),
            line_id INTEGER NOT NULL UNIQUE REFERENCES payment_lines(id),
            amount INTEGER NOT NULL CHECK (amount >= 0),
            reason_code TEXT NOT NULL,
            reason TEXT NOT NULL,
            refunded_on TEXT NOT NULL,
            operator_id INTEGER NOT NULL REFERENCES operators(id),
            created_at TEXT NOT NULL
        ) STRICT;

        CREATE TABLE audit_log (
            seq INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            operator TEXT NOT NULL,
            action TEXT NOT NULL,
            payload TEXT NOT NULL,
            prev_hash TEXT NOT NULL,
            hash TEXT NOT NULL
        ) STRICT;
        """,
    )
    for table in APPEND_ONLY:
        db.execute(
            f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{table} 只能追加，不能修改'); END"
        )
        db.execute(
            f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{table} 只能追加，不能删除'); END"
        )
    db.execute(
        "CREATE TRIGGER people_no_delete BEFORE DELETE ON people "
        "BEGIN SELECT RAISE(ABORT, '人员记录不能删除，请把状态改为迁出或死亡'); END;"
    )
    db.execute(
        "CREATE TRIGGER households_no_delete BEFORE DELETE ON households "
        "BEGIN SELECT RAISE(ABORT, '户记录不能删除'); END;"
    )


@migrations(name="0003_batches")
def _batches(db: Database) -> None:
    """Upload batches: each payment, void, refund and resubmission in exactly one batch.

    ``batch_items`` is the membership (UNIQUE by kind and the record's uid); ``batch_rows``
    freezes the workbook rows as exported, so a lost stick can be written again byte for
    byte; ``county_results`` holds the county's answer (回盘) per row, newest last.
    """
    run_statements(
        db,
        """
        CREATE TABLE batches (
            id INTEGER PRIMARY KEY,
            operator_id INTEGER NOT NULL REFERENCES operators(id),
            batch_no INTEGER NOT NULL CHECK (batch_no > 0),
            village TEXT NOT NULL,
            collector TEXT NOT NULL,
            created_at TEXT NOT NULL,
            template TEXT NOT NULL,
            workbook_name TEXT NOT NULL,
            workbook_sha256 TEXT NOT NULL,
            manifest TEXT NOT NULL,
            manifest_sha256 TEXT NOT NULL,
            UNIQUE (operator_id, batch_no)
        ) STRICT;

        CREATE TABLE batch_items (
            id INTEGER PRIMARY KEY,
            batch_id INTEGER NOT NULL REFERENCES batches(id),
            kind TEXT NOT NULL CHECK (kind IN ('payment', 'void', 'refund', 'resubmission')),
            record_uid TEXT NOT NULL,
            payment_id INTEGER NOT NULL REFERENCES payments(id),
            UNIQUE (kind, record_uid)
        ) STRICT;
        CREATE INDEX batch_items_batch ON batch_items(batch_id);
        CREATE INDEX batch_items_payment ON batch_items(payment_id);

        CREATE TABLE batch_rows (
            id INTEGER PRIMARY KEY,
            batch_id INTEGER NOT NULL REFERENCES batches(id),
            item_id INTEGER NOT NULL REFERENCES batch_items(id),
            row_no INTEGER NOT NULL CHECK (row_no > 0),
            line_id INTEGER NOT NULL REFERENCES payment_lines(id),
            receipt_no TEXT NOT NULL,
            id_number TEXT NOT NULL,
            name TEXT NOT NULL,
            status TEXT NOT NULL,
            data TEXT NOT NULL,
            UNIQUE (batch_id, row_no)
        ) STRICT;
        CREATE INDEX batch_rows_line ON batch_rows(line_id);
        CREATE INDEX batch_rows_receipt ON batch_rows(receipt_no, id_number);

        CREATE TABLE county_results (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL UNIQUE,
            batch_row_id INTEGER NOT NULL REFERENCES batch_rows(id),
            line_id INTEGER NOT NULL REFERENCES payment_lines(id),
            outcome TEXT NOT NULL CHECK (outcome IN ('accepted', 'rejected')),
            reason TEXT NOT NULL,
            source_name TEXT NOT NULL,
            source_sha256 TEXT NOT NULL,
            operator TEXT NOT NULL,
            imported_at TEXT NOT NULL
        ) STRICT;
        CREATE INDEX county_results_line ON county_results(line_id);
        """,
    )
    db.execute(
        "CREATE TRIGGER batches_consecutive BEFORE INSERT ON batches WHEN NEW.batch_no != "
        "(SELECT COALESCE(MAX(batch_no), 0) + 1 FROM batches WHERE operator_id = NEW.operator_id) "
        "BEGIN SELECT RAISE(ABORT, '批次号必须按收款员连续编号'); END"
    )
    for table in ("batches", "batch_items", "batch_rows", "county_results"):
        db.execute(
            f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{table} 只能追加，不能修改'); END"
        )
        db.execute(
            f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{table} 只能追加，不能删除'); END"
        )


@migrations(name="0004_operator_prefix")
def _operator_prefix(db: Database) -> None:
    """Each collector gets an own receipt prefix, so two collectors never clash on numbers."""
    db.execute("ALTER TABLE operators ADD COLUMN receipt_prefix TEXT")
    db.execute(
        "UPDATE operators SET receipt_prefix = (SELECT value FROM settings WHERE key = 'receipt_prefix') "
        "WHERE id = (SELECT MIN(id) FROM operators)"
    )
    db.execute(
        "CREATE UNIQUE INDEX operators_receipt_prefix ON operators(receipt_prefix) WHERE receipt_prefix IS NOT NULL"
    )


@migrations(name="0005_years_and_acting")
def _years_and_acting(db: Database) -> None:
    """Benefit years with their policies; who acted and in which year, on every record.

    ``live_lines`` is the one statement of "a payment line that still covers its person"
    (its payment not voided, the line not refunded); every query that asks who has paid
    reads it. Batches made before this migration take the year of their payments.
    """
    run_statements(
        db,
        """
        CREATE TABLE benefit_years (
            year INTEGER PRIMARY KEY CHECK (year BETWEEN 2000 AND 2100),
            policy_id TEXT NOT NULL,
            area TEXT,
            opened_on TEXT NOT NULL,
            opened_by TEXT NOT NULL,
            created_at TEXT NOT NULL
        ) STRICT;

        ALTER TABLE operators ADD COLUMN active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1));
        ALTER TABLE audit_log ADD COLUMN benefit_year INTEGER;
        ALTER TABLE batches ADD COLUMN benefit_year INTEGER;
        CREATE INDEX payments_operator_year ON payments(operator_id, benefit_year);

        CREATE VIEW live_lines AS
            SELECT l.*, p.receipt_no AS receipt_no, p.operator_id AS operator_id, p.paid_on AS paid_on
            FROM payment_lines l JOIN payments p ON p.id = l.payment_id
            WHERE NOT EXISTS (SELECT 1 FROM voids v WHERE v.payment_id = l.payment_id)
              AND NOT EXISTS (SELECT 1 FROM refunds r WHERE r.line_id = l.id)
        """,
    )
    db.execute("DROP TRIGGER batches_no_update")
    db.execute(
        "UPDATE batches SET benefit_year = (SELECT MIN(p.benefit_year) FROM batch_items i "
        "JOIN payments p ON p.id = i.payment_id WHERE i.batch_id = batches.id)"
    )
    db.execute(
        "CREATE TRIGGER batches_no_update BEFORE UPDATE ON batches "
        "BEGIN SELECT RAISE(ABORT, 'batches 只能追加，不能修改'); END"
    )


from desktop_app.store import (
    schema_accounts,  # noqa: E402,F401  (0010)
    schema_cash,  # noqa: E402,F401  (0007)
    schema_coverage,  # noqa: E402,F401  (0006)
    schema_coverage_totals,  # noqa: E402,F401  (0011)
    schema_desk,  # noqa: E402,F401  (0009)
    schema_history,  # noqa: E402,F401  (0008)
)

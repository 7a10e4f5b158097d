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
        """
    )
    for table in APPEND_ONLY:
        db.execute(f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} "
                   f"BEGIN SELECT RAISE(ABORT, '{table} 只能追加，不能修改'); END")
        db.execute(f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
                   f"BEGIN SELECT RAISE(ABORT, '{table} 只能追加，不能删除'); END")
    db.execute("CREATE TRIGGER people_no_delete BEFORE DELETE ON people "
               "BEGIN SELECT RAISE(ABORT, '人员记录不能删除，请把状态改为迁出或死亡'); END;")
    db.execute("CREATE TRIGGER households_no_delete BEFORE DELETE ON households "
               "BEGIN SELECT RAISE(ABORT, '户记录不能删除'); END;")

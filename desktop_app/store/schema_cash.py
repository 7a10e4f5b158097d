"""Migration 0007: the tax office's forms, cash settlement, refund applications, late entries.

The 杜集 notice (五(二)) asks a 代收单位 to write every cash payment on the tax office's
专用票据 and to settle (结报) within the set time and limit, "票款一致 … 不得出现压票压款":
``bill_books`` are the books a collector received (领用), ``bill_spoils`` the spoiled
forms (作废 keeps its number), ``settlements`` the hand-overs with their deposit slip and
``settlement_items`` what each one settled (payments and spoiled forms, each once).
A refund is now an application (山头镇 notice 七: "依申请为个人办理退费"):
``refund_applications`` holds it, its line refunds point at it, and ``refund_answers``
records the answer as a new row. Payments gain ``late_entry`` (补录 reason) and
``bill_no``. Every new table is append-only like the payments.

``live_lines`` is redefined here, still the one statement of "a line that covers its
person": a refund ends the cover unless its application was declined (不予退费).
"""

from __future__ import annotations

from sqlite_utils import Database

from desktop_app.store.schema import migrations, run_statements

CASH_APPEND_ONLY = (
    "bill_books",
    "bill_spoils",
    "settlements",
    "settlement_items",
    "refund_applications",
    "refund_answers",
)


@migrations(name="0007_cash")
def _cash(db: Database) -> None:
    run_statements(
        db,
        """
        ALTER TABLE payments ADD COLUMN late_entry TEXT CHECK (late_entry IS NULL OR length(trim(late_entry)) > 0);
        ALTER TABLE payments ADD COLUMN bill_no TEXT;
        CREATE UNIQUE INDEX payments_bill_no ON payments(bill_no) WHERE bill_no IS NOT NULL;

        CREATE TABLE bill_books (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL UNIQUE,
            operator_id INTEGER NOT NULL REFERENCES operators(id),
            code TEXT NOT NULL DEFAULT '',
            first_no TEXT NOT NULL,
            last_no TEXT NOT NULL,
            first_value INTEGER NOT NULL CHECK (first_value >= 0),
            last_value INTEGER NOT NULL CHECK (last_value >= first_value),
            received_on TEXT NOT NULL,
            created_at TEXT NOT NULL
        ) STRICT;

        CREATE TABLE bill_spoils (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL UNIQUE,
            book_id INTEGER NOT NULL REFERENCES bill_books(id),
            number TEXT NOT NULL,
            reason TEXT NOT NULL CHECK (length(trim(reason)) > 0),
            payment_id INTEGER REFERENCES payments(id),
            operator_id INTEGER NOT NULL REFERENCES operators(id),
            spoiled_on TEXT NOT NULL,
            created_at TEXT NOT NULL,
            UNIQUE (book_id, number)
        ) STRICT;

        CREATE TABLE settlements (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL UNIQUE,
            operator_id INTEGER NOT NULL REFERENCES operators(id),
            settlement_no INTEGER NOT NULL CHECK (settlement_no > 0),
            slip_no TEXT NOT NULL CHECK (length(trim(slip_no)) > 0),
            to_name TEXT NOT NULL CHECK (length(trim(to_name)) > 0),
            amount INTEGER NOT NULL CHECK (amount >= 0),
            from_receipt TEXT NOT NULL,
            to_receipt TEXT NOT NULL,
            count INTEGER NOT NULL CHECK (count > 0),
            voided INTEGER NOT NULL CHECK (voided >= 0),
            refunded INTEGER NOT NULL CHECK (refunded >= 0),
            period_from TEXT NOT NULL,
            period_to TEXT NOT NULL,
            settled_on TEXT NOT NULL,
            created_at TEXT NOT NULL,
            UNIQUE (operator_id, settlement_no)
        ) STRICT;

        CREATE TABLE settlement_items (
            id INTEGER PRIMARY KEY,
            settlement_id INTEGER NOT NULL REFERENCES settlements(id),
            kind TEXT NOT NULL CHECK (kind IN ('payment', 'spoil')),
            record_id INTEGER NOT NULL,
            UNIQUE (kind, record_id)
        ) STRICT;
        CREATE INDEX settlement_items_settlement ON settlement_items(settlement_id);

        CREATE TABLE refund_applications (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL UNIQUE,
            payment_id INTEGER NOT NULL REFERENCES payments(id),
            reason_code TEXT NOT NULL,
            reason TEXT NOT NULL,
            evidence TEXT NOT NULL DEFAULT '',
            bank TEXT NOT NULL DEFAULT '',
            account TEXT NOT NULL DEFAULT '',
            applied_on TEXT NOT NULL,
            operator_id INTEGER NOT NULL REFERENCES operators(id),
            created_at TEXT NOT NULL
        ) STRICT;
        CREATE INDEX refund_applications_payment ON refund_applications(payment_id);

        ALTER TABLE refunds ADD COLUMN application_id INTEGER REFERENCES refund_applications(id);

        CREATE TABLE refund_answers (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL UNIQUE,
            application_id INTEGER NOT NULL UNIQUE REFERENCES refund_applications(id),
            state TEXT NOT NULL CHECK (state IN ('refunded', 'declined')),
            note TEXT NOT NULL DEFAULT '',
            answered_on TEXT NOT NULL,
            operator_id INTEGER NOT NULL REFERENCES operators(id),
            created_at TEXT NOT NULL
        ) STRICT;

        DROP VIEW live_lines;
        CREATE VIEW live_lines AS
            SELECT l.*, p.receipt_no AS receipt_no, p.operator_id AS operator_id, p.paid_on AS paid_on
            FROM payment_lines l JOIN payments p ON p.id = l.payment_id
            WHERE NOT EXISTS (SELECT 1 FROM voids v WHERE v.payment_id = l.payment_id)
              AND NOT EXISTS (SELECT 1 FROM refunds r WHERE r.line_id = l.id
                              AND NOT EXISTS (SELECT 1 FROM refund_answers a
                                              WHERE a.application_id = r.application_id AND a.state = 'declined'))
        """,
    )
    db.execute(
        "CREATE TRIGGER settlements_consecutive BEFORE INSERT ON settlements WHEN NEW.settlement_no != "
        "(SELECT COALESCE(MAX(settlement_no), 0) + 1 FROM settlements WHERE operator_id = NEW.operator_id) "
        "BEGIN SELECT RAISE(ABORT, '结报单号必须按收款员连续编号'); END"
    )
    for table in CASH_APPEND_ONLY:
        db.execute(
            f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{table} 只能追加，不能修改'); END"
        )
        db.execute(
            f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{table} 只能追加，不能删除'); END"
        )

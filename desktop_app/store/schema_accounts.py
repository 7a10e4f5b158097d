"""Migration 0010: the villager's bank or 一卡通 account, for subsidies paid back later (先缴后补).

达拉特旗's offices pay a 先缴后补 subsidy into the person's own account (a bank card or
the 惠民惠农 一卡通), so the payout list needs it; the register did not keep one.
``person_accounts`` is append-only like the payments: a changed account is a new row,
clearing it is a row with both fields empty, and the newest row per person counts.
"""

from __future__ import annotations

from sqlite_utils import Database

from desktop_app.store.schema import migrations, run_statements


@migrations(name="0010_accounts")
def _accounts(db: Database) -> None:
    run_statements(
        db,
        """
        CREATE TABLE person_accounts (
            id INTEGER PRIMARY KEY,
            person_id INTEGER NOT NULL REFERENCES people(id),
            bank TEXT NOT NULL DEFAULT '',
            account TEXT NOT NULL DEFAULT '',
            operator_id INTEGER NOT NULL REFERENCES operators(id),
            created_at TEXT NOT NULL
        ) STRICT;
        CREATE INDEX person_accounts_person ON person_accounts(person_id, id)
        """,
    )
    db.execute(
        "CREATE TRIGGER person_accounts_no_update BEFORE UPDATE ON person_accounts "
        "BEGIN SELECT RAISE(ABORT, 'person_accounts 只能追加，不能修改'); END"
    )
    db.execute(
        "CREATE TRIGGER person_accounts_no_delete BEFORE DELETE ON person_accounts "
        "BEGIN SELECT RAISE(ABORT, 'person_accounts 只能追加，不能删除'); END"
    )

"""Migration 0009: the township's desk — the batches received from the villages, and their rows.

``desk_batches`` records every batch file the clerk added: its hashes, where it came
from, the desk's own copy, when and by whom, and whether it passed (verified), failed
(with the reasons) or clashed with a batch of the same number already received
(conflict). The same files (manifest and workbook hash) are recorded once. Only one
verified batch may hold a village's collector's batch number. ``desk_rows`` holds the
rows of the verified batches in the shape of the county merge's index
(``store.county_index``), so the desk asks the merge's own questions of them. A
village ledger has both tables, empty. Both are append-only.
"""

from __future__ import annotations

from sqlite_utils import Database

from desktop_app.store.schema import migrations, run_statements

DESK_APPEND_ONLY = ("desk_batches", "desk_rows")  # what arrived stays as it arrived


@migrations(name="0009_desk")
def _desk(db: Database) -> None:
    run_statements(
        db,
        """
        CREATE TABLE desk_batches (
            id INTEGER PRIMARY KEY,
            village TEXT NOT NULL,
            collector TEXT NOT NULL,
            batch_no INTEGER NOT NULL CHECK (batch_no >= 1),
            workbook_name TEXT NOT NULL,
            workbook_sha256 TEXT NOT NULL,
            manifest_sha256 TEXT NOT NULL,
            previous_sha256 TEXT,
            created_at TEXT NOT NULL,
            source TEXT NOT NULL,
            stored TEXT NOT NULL,
            received_at TEXT NOT NULL,
            received_by TEXT NOT NULL,
            state TEXT NOT NULL CHECK (state IN ('verified', 'failed', 'conflict')),
            problems TEXT NOT NULL DEFAULT '[]',
            notes TEXT NOT NULL DEFAULT '[]',
            rows INTEGER NOT NULL DEFAULT 0,
            people INTEGER NOT NULL DEFAULT 0,
            net_cash INTEGER NOT NULL DEFAULT 0,
            UNIQUE (manifest_sha256, workbook_sha256)
        ) STRICT;
        CREATE UNIQUE INDEX desk_batches_verified ON desk_batches(village, collector, batch_no)
            WHERE state = 'verified';

        CREATE TABLE desk_rows (
            batch_id INTEGER NOT NULL REFERENCES desk_batches(id),
            village TEXT NOT NULL,
            collector TEXT NOT NULL,
            batch_no INTEGER NOT NULL,
            receipt TEXT NOT NULL,
            series TEXT NOT NULL,
            serial INTEGER,
            id_number TEXT NOT NULL,
            name TEXT NOT NULL,
            status TEXT NOT NULL,
            cash INTEGER NOT NULL,
            paid_on TEXT NOT NULL,
            note TEXT NOT NULL
        ) STRICT;
        CREATE INDEX desk_rows_person ON desk_rows(id_number, village, collector, receipt);
        CREATE INDEX desk_rows_receipt ON desk_rows(village, collector, receipt, id_number)
        """,
    )
    for table in DESK_APPEND_ONLY:
        for event in ("UPDATE", "DELETE"):
            db.execute(
                f"CREATE TRIGGER {table}_no_{event.lower()} BEFORE {event} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} 只能追加，不能修改或删除'); END"
            )

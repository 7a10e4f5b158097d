"""The township desk's records: the batches received and the rows of those that passed.

A verified batch's rows go in with its record, in the caller's transaction, so the
desk holds a batch whole or not at all. ``DeskIndex`` puts those rows behind the county
merge's own index (``store.county_index.CountyIndex``): the desk asks the merge's
questions — who was paid for twice, which receipt numbers are missing, what each
collector's rows add up to — of what it has received, with the same SQL.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import astuple
from typing import Any

from sqlite_utils import Database

from desktop_app.domain.desk import VERIFIED, ReceivedBatch
from desktop_app.store.county_index import CountyIndex, IndexedRow

_COLUMNS = (
    "id, village, collector, batch_no, workbook_name, workbook_sha256, manifest_sha256, previous_sha256, "
    "created_at, source, stored, received_at, received_by, state, problems, notes, rows, people, net_cash"
)


def _batch(row: Any) -> ReceivedBatch:
    values = list(row)
    values[14], values[15] = tuple(json.loads(values[14])), tuple(json.loads(values[15]))
    return ReceivedBatch(*values)


def add_batch(db: Database, batch: ReceivedBatch, rows: Sequence[IndexedRow] = ()) -> ReceivedBatch:
    """Inside the caller's transaction; ``batch.id`` is ignored. Rows only for a verified batch."""
    values = list(astuple(batch))[1:]
    values[13], values[14] = (
        json.dumps(list(values[13]), ensure_ascii=False),
        json.dumps(list(values[14]), ensure_ascii=False),
    )
    cur = db.execute(
        f"INSERT INTO desk_batches ({_COLUMNS.removeprefix('id, ')}) VALUES ({','.join('?' * len(values))})", values
    )
    batch_id = cur.lastrowid
    assert batch_id is not None
    if rows:
        assert batch.state == VERIFIED
        db.conn.executemany(
            "INSERT INTO desk_rows VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", [(batch_id, *row) for row in rows]
        )
    found = get(db, batch_id)
    assert found is not None
    return found


def get(db: Database, batch_id: int) -> ReceivedBatch | None:
    row = db.execute(f"SELECT {_COLUMNS} FROM desk_batches WHERE id = ?", [batch_id]).fetchone()
    return _batch(row) if row else None


def by_files(db: Database, manifest_sha256: str, workbook_sha256: str) -> ReceivedBatch | None:
    """The batch received before from exactly these files."""
    row = db.execute(
        f"SELECT {_COLUMNS} FROM desk_batches WHERE manifest_sha256 = ? AND workbook_sha256 = ?",
        [manifest_sha256, workbook_sha256],
    ).fetchone()
    return _batch(row) if row else None


def verified(db: Database, village: str, collector: str, batch_no: int) -> ReceivedBatch | None:
    """The batch of that number that passed, if one has arrived."""
    row = db.execute(
        f"SELECT {_COLUMNS} FROM desk_batches WHERE village = ? AND collector = ? AND batch_no = ? AND state = ?",
        [village, collector, batch_no, VERIFIED],
    ).fetchone()
    return _batch(row) if row else None


def all_batches(db: Database) -> list[ReceivedBatch]:
    """Every batch received, by village, collector, number, then arrival."""
    return [
        _batch(r) for r in db.execute(f"SELECT {_COLUMNS} FROM desk_batches ORDER BY village, collector, batch_no, id")
    ]


def count(db: Database) -> int:
    return int(db.execute("SELECT COUNT(*) FROM desk_batches").fetchone()[0])


PERSON_INDEX = "CREATE INDEX IF NOT EXISTS desk_rows_person ON desk_rows(id_number, village, collector, receipt)"


def defer_person_index(db: Database) -> None:
    """Before a large load: the index by person takes each batch's rows at random places, so that every
    commit rewrites a page per row; built again once at the end (``ensure_person_index``) it is a sort."""
    with db.conn:
        db.execute("DROP INDEX IF EXISTS desk_rows_person")


def ensure_person_index(db: Database) -> None:
    """The index by person is there (after a load, or after a load that was cut short)."""
    with db.conn:
        db.execute(PERSON_INDEX)


class DeskIndex(CountyIndex):
    """The merge's index, answered from the desk's rows instead of a scratch file.

    The merge's queries read a table named ``rows``; here that is a temporary view of
    ``desk_rows`` on the desk's connection (dropped again by ``close``). Rows are added
    with their batch record (``add_batch``), so ``add`` and ``finish`` do nothing.
    """

    def __init__(self, db: Database) -> None:  # noqa: D107 - not CountyIndex's scratch file
        ensure_person_index(db)
        self.conn = db.conn
        self.conn.execute("DROP VIEW IF EXISTS temp.rows")
        self.conn.execute(
            "CREATE TEMP VIEW rows AS SELECT village, collector, batch_no, receipt, series, serial, "
            "id_number, name, status, cash, paid_on, note FROM desk_rows"
        )

    def add(self, rows: Sequence[IndexedRow]) -> None:
        raise NotImplementedError("the desk's rows come in with their batch (store.desk.add_batch)")

    def finish(self) -> None:
        pass

    def close(self) -> None:
        self.conn.execute("DROP TABLE IF EXISTS temp.live")
        self.conn.execute("DROP VIEW IF EXISTS temp.rows")

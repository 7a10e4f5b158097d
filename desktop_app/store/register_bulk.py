"""A roster's worth of households and people written at once, inside the caller's transaction.

Two parts of inserting 100 000 people row by row can be done set-wise instead, with
the same guarantees, at a fraction of the cost:

- The secondary indexes of ``people`` are dropped and built again after the insert:
  sorting 100 000 keys once is several times faster than inserting them in random
  order into five indexes. A UNIQUE one refuses a duplicate when it is rebuilt.
- The table's CHECK constraints are evaluated once over the new rows, by a query
  made of the constraints exactly as the schema writes them, instead of row by row.
  SQLite compiles a CHECK without the ``OP_Once`` a query gets, so for every row it
  builds the list of ``status IN ('active', 'moved_out', 'deceased')`` anew: a third
  of the insert. A row that breaks one raises ``sqlite3.IntegrityError``, as the
  row-wise check would, and the caller's transaction takes everything back.

UNIQUE, NOT NULL, STRICT types and foreign keys are enforced row by row as always.
Small inserts (under ``BULK_ROWS``, or smaller than the table) take the ordinary way.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, cast

from sqlite_utils import Database

from desktop_app.store.coverage_totals import people_added_in_bulk

PEOPLE_COLUMNS = (
    "household_id",
    "name",
    "id_number",
    "id_kind",
    "sex",
    "birth_date",
    "ethnicity",
    "relation",
    "student",
    "phone",
    "status",
    "name_pinyin",
    "name_initials",
    "id_reversed",
    "created_at",
)
BULK_ROWS = 2000
_WORD = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_$")


@dataclass(frozen=True)
class Every:
    """One value for every row of a column (the import's time stamp, 'active'): written into the
    statement once instead of bound 100 000 times (each bound text is a copy SQLite allocates)."""

    value: str | int


Columns = Mapping[str, "Iterable[Any] | Every"]


def add_households(db: Database, numbers: Sequence[str], columns: Columns) -> dict[str, int]:
    """New households (户号 not yet registered, each once, in order) with their other ``columns``;
    returns 户号 -> the id each got.

    The ids are given, not read back: the caller's write transaction holds the lock, so
    they are the ones SQLite would have chosen (one past the largest, in order).
    """
    first = db.execute("SELECT coalesce(max(id), 0) + 1 FROM households").fetchone()[0]
    ids = range(first, first + len(numbers))
    _insert(db, "households", {"id": ids, "household_no": numbers, **columns}, len(numbers))
    return dict(zip(numbers, ids))


def add_people(db: Database, columns: Columns, count: int) -> range:
    """Insert ``count`` people, ``columns`` (of ``PEOPLE_COLUMNS``) each holding a value per row;
    in bulk when they at least double the table. Returns the ids they got, in order.

    Like ``add_households``' ids, these are known without reading them back: in the caller's
    write transaction SQLite gives each new row one past the largest id (the table has no
    AUTOINCREMENT), so the rows get the ids that follow the largest one, in order.
    """
    unknown = set(columns).difference(PEOPLE_COLUMNS)
    if unknown:
        raise ValueError(f"not columns of people: {sorted(unknown)}")
    last, existing = db.execute("SELECT coalesce(max(id), 0), count(*) FROM people").fetchone()
    if count < max(existing, BULK_ROWS):
        _insert(db, "people", columns, count)
    else:
        checks = check_constraints(_table_sql(db, "people"))
        with (
            _indexes_rebuilt(db, "people"),
            _checks_after(db, "people", checks, last),
            people_added_in_bulk(db, last),
        ):  # the coverage sums, counted set-wise too
            _insert(db, "people", columns, count)
    return range(last + 1, last + 1 + count)


def add_identities(
    db: Database, rows: Iterable[tuple[int, str, str, str, str | None, str | None]], created_at: str
) -> None:
    """Identities (person id, code, source, list name, valid from, valid to), one ``executemany``."""
    db.conn.executemany(
        "INSERT INTO identities (person_id, code, source, list_name, valid_from, valid_to, created_at) "
        f"VALUES (?,?,?,?,?,?,{_literal(created_at)})",
        rows,
    )


def _insert(db: Database, table: str, columns: Columns, count: int) -> None:
    """One INSERT per row of the columns zipped together; all of them must hold ``count`` rows."""
    bound = {name: values for name, values in columns.items() if not isinstance(values, Every)}
    fixed = {name: _literal(value.value) for name, value in columns.items() if isinstance(value, Every)}
    if not bound:
        raise ValueError("at least one column must hold a value per row")
    done = db.conn.executemany(
        f"INSERT INTO {table} ({', '.join([*bound, *fixed])}) "
        f"VALUES ({', '.join(['?'] * len(bound) + list(fixed.values()))})",
        zip(*cast("Iterable[Iterable[Any]]", bound.values())),
    ).rowcount
    if done != count:  # a column ran short: zip stopped early
        raise ValueError(f"{table}: {done} rows written, {count} expected")


def _literal(value: str | int) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise TypeError(f"not a text or integer literal: {value!r}")
    return "'" + value.replace("'", "''") + "'" if isinstance(value, str) else str(int(value))


def check_constraints(create_sql: str) -> list[str] | None:
    """The expression of every CHECK in a CREATE TABLE statement, or None if the text defeats this reader.

    Quoted names and strings, comments and nested brackets are passed over as SQLite
    reads them; anything unexpected gives None, and the caller checks row by row.
    """
    out: list[str] = []
    i, n = 0, len(create_sql)
    while i < n:
        ch = create_sql[i]
        if ch in "'\"`[":
            i = _after_quote(create_sql, i)
        elif create_sql.startswith("--", i):
            end = create_sql.find("\n", i)
            i = n if end < 0 else end + 1
        elif create_sql.startswith("/*", i):
            end = create_sql.find("*/", i + 2)
            i = n if end < 0 else end + 2
        elif ch in _WORD:
            start = i
            while i < n and create_sql[i] in _WORD:
                i += 1
            if create_sql[start:i].upper() == "CHECK":
                while i < n and create_sql[i].isspace():
                    i += 1
                if i >= n or create_sql[i] != "(":
                    return None
                end = _closing(create_sql, i)
                if end < 0:
                    return None
                out.append(create_sql[i + 1 : end].strip())
                i = end + 1
        else:
            i += 1
    return out if i == n else None


def _after_quote(sql: str, i: int) -> int:
    close = "]" if sql[i] == "[" else sql[i]
    j = i + 1
    while True:
        j = sql.find(close, j)
        if j < 0:
            return len(sql) + 1  # unterminated: not a statement this reader understands
        if close != "]" and sql.startswith(close * 2, j):  # 'it''s', "a""b"
            j += 2
            continue
        return j + 1


def _closing(sql: str, i: int) -> int:
    """The index of the bracket closing the one at ``i``, or -1."""
    depth, n = 0, len(sql)
    while i < n:
        ch = sql[i]
        if ch in "'\"`[":
            i = _after_quote(sql, i)
            continue
        if sql.startswith("--", i) or sql.startswith("/*", i):
            return -1
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return -1


def _table_sql(db: Database, table: str) -> str:
    row = db.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", [table]).fetchone()
    return str(row[0]) if row else ""


@contextmanager
def _checks_after(db: Database, table: str, checks: list[str] | None, last: int) -> Iterator[None]:
    """The table's CHECK constraints evaluated over the rows added (rowid > ``last``) after the block."""
    if not checks:  # none to defer, or a schema this module cannot read: row by row
        yield
        return
    before = db.execute("PRAGMA ignore_check_constraints").fetchone()[0]
    db.execute("PRAGMA ignore_check_constraints = ON")
    try:
        yield
    finally:
        db.execute(f"PRAGMA ignore_check_constraints = {'ON' if before else 'OFF'}")
    broken = " OR ".join(f"NOT ({check})" for check in checks)
    found = db.execute(f'SELECT rowid, * FROM "{table}" WHERE rowid > ? AND ({broken}) LIMIT 1', [last]).fetchone()
    if found is not None:
        failed = [
            c
            for c in checks
            if db.execute(f'SELECT NOT ({c}) FROM "{table}" WHERE rowid = ?', [found[0]]).fetchone()[0]
        ]
        raise sqlite3.IntegrityError(f"CHECK constraint failed: {'; '.join(failed)} (row {found[0]})")


@contextmanager
def _indexes_rebuilt(db: Database, table: str) -> Iterator[None]:
    """The table's secondary indexes dropped for the block and built again after it (the same SQL,
    read back from the schema); on failure the caller's transaction brings them all back.

    A partial index (``WHERE id_number IS NULL``) stays: it holds the few rows its condition
    takes, and rebuilding it would read the whole table for them."""
    indexes = [
        (name, sql)
        for name, sql in db.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL", [table]
        ).fetchall()
        if not _partial(sql)
    ]
    for name, _ in indexes:
        db.execute(f'DROP INDEX "{name}"')
    yield
    for _, sql in indexes:
        db.execute(sql)


def _partial(create_sql: str) -> bool:
    """Whether a CREATE INDEX statement has a WHERE clause (outside quotes and brackets)."""
    depth, i, n = 0, 0, len(create_sql)
    while i < n:
        ch = create_sql[i]
        if ch in "'\"`[":
            i = _after_quote(create_sql, i)
            continue
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif (
            depth == 0
            and create_sql[i : i + 5].upper() == "WHERE"
            and (i == 0 or create_sql[i - 1] not in _WORD)
            and create_sql[i + 5 : i + 6] not in _WORD
        ):
            return True
        i += 1
    return False

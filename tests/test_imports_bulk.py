"""The roster import's bulk paths keep every guarantee of the row-by-row ones.

A whole ID column is read at once (``quick_ids``) and must agree with reading each
cell; a bulk insert into ``people`` evaluates the table's CHECK constraints over the
new rows after inserting them, and must refuse exactly what the row-wise check
refuses, leaving nothing behind.
"""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.cn import ric

from desktop_app.exchange.cells import code_text, quick_id, quick_ids
from desktop_app.exchange.columns import read_column
from desktop_app.services.ledger import Ledger
from desktop_app.store.register_bulk import (
    BULK_ROWS,
    PEOPLE_COLUMNS,
    Every,
    add_households,
    add_people,
    check_constraints,
)
from desktop_app.store.transactions import immediate

STAMP = "2021-11-01T09:00:00"


def id_number(region: str, born: date, serial: int) -> str:
    body = f"{region}{born:%Y%m%d}{serial:03d}"
    return body + ric.calc_check_digit(body + "0")


@st.composite
def id_cells(draw: st.DrawFn) -> object:
    born = draw(st.dates(date(1880, 1, 1), date(2030, 12, 31)))
    number = id_number(
        draw(st.sampled_from(["110105", "341324", "810000", "820000", "830000", "910000", "000000"])),
        born,
        draw(st.integers(0, 999)),
    )
    spoil = draw(
        st.sampled_from(["none"] * 6 + ["digit", "lower_x", "upper_x", "date", "short", "wide", "number", "blank"])
    )
    if spoil == "digit":
        at = draw(st.integers(0, 17))
        return number[:at] + draw(st.sampled_from("0123456789X")) + number[at + 1 :]
    if spoil in ("lower_x", "upper_x"):
        return number[:17] + ("x" if spoil == "lower_x" else "X")
    if spoil == "date":
        return number[:10] + "1332" + number[14:]
    if spoil == "short":
        return number[:17]
    if spoil == "wide":
        return number[:5] + "１" + number[6:]
    if spoil == "number":
        return float(number[:15])
    return None if spoil == "blank" else number


@given(st.lists(id_cells(), max_size=30))
def test_reading_an_id_column_at_once_agrees_with_reading_each_cell(cells: list[object]) -> None:
    assert quick_ids(cells) == [quick_id(c) for c in cells]


@given(
    st.lists(
        st.tuples(
            st.dates(date(1890, 1, 1), date(2030, 12, 31)),
            st.integers(0, 999),
            st.sampled_from(["220102", "810000", "910000"]),
        ),
        min_size=1,
        max_size=30,
    ),
    st.integers(0, 40),
    st.sampled_from(["0", "X", "x"]),
)
def test_a_column_of_well_formed_numbers_with_one_bad_check_digit_agrees_too(
    people: list[tuple[date, int, str]], at: int, digit: str
) -> None:
    cells = [id_number(region, born, serial) for born, serial, region in people]
    if at < len(cells):
        cells[at] = cells[at][:17] + digit
    assert quick_ids(cells) == [quick_id(c) for c in cells]


@pytest.mark.parametrize("odd", ["0003", " 0003", "0003\t", "00\x1c03", "０００３", "0003\u3000"])
def test_a_code_column_is_taken_whole_only_when_reading_each_cell_would_change_nothing(odd: str) -> None:
    cells = ["0001", "0002", odd]
    values, refused = read_column(cells, lambda v: code_text(v, "户号"), plain=True)
    assert (values, refused) == ([code_text(c, "户号") for c in cells], [])
    assert values[2] == "0003" or odd == "00\x1c03"  # an inner separator stays, as the reader keeps it


def test_the_check_constraints_are_read_as_the_schema_writes_them() -> None:
    sql = """CREATE TABLE t (
        a TEXT NOT NULL CHECK (length(trim(a)) > 0), -- a comment with CHECK (x)
        "check" INTEGER CHECK("check" IN (0, 1)),
        b TEXT DEFAULT 'CHECK (no)' CHECK (b IN ('x)', 'it''s')),
        /* CHECK (not this) */ CONSTRAINT named CHECK (a <> b)
    ) STRICT"""
    assert check_constraints(sql) == ["length(trim(a)) > 0", '"check" IN (0, 1)', "b IN ('x)', 'it''s')", "a <> b"]
    assert check_constraints("CREATE TABLE t (a TEXT CHECK a > 0)") is None
    assert check_constraints("CREATE TABLE t (a TEXT CHECK ((a > 0)") is None
    assert check_constraints("CREATE TABLE t (a TEXT CHECK (a = 'x))") is None


def people_rows(ledger: Ledger, count: int, change: dict[int, dict[str, Any]] | None = None) -> list[tuple[Any, ...]]:
    """``count`` good rows of PEOPLE_COLUMNS in one new household, each as ``change`` says for its position."""
    with immediate(ledger.db):
        household = add_households(ledger.db, ["9001"], {"village_group": ["一组"], "created_at": Every(STAMP)})["9001"]
    rows = []
    for i in range(count):
        number = id_number("220102", date(1950, 1, 1) + timedelta(days=i // 1000), i % 1000)
        row = dict(
            zip(
                PEOPLE_COLUMNS,
                (
                    household,
                    f"村民{i}",
                    number,
                    "resident",
                    "男",
                    "1950-01-01",
                    "汉族",
                    "子",
                    0,
                    "",
                    "active",
                    f"cunmin{i}",
                    "cm",
                    number[::-1],
                    STAMP,
                ),
            )
        )
        row.update((change or {}).get(i, {}))
        rows.append(tuple(row[c] for c in PEOPLE_COLUMNS))
    return rows


def columns(rows: list[tuple[Any, ...]]) -> dict[str, Any]:
    return dict(zip(PEOPLE_COLUMNS, map(list, zip(*rows))))


def schema(ledger: Ledger) -> list[tuple[str, str]]:
    return ledger.db.execute("SELECT name, sql FROM sqlite_master WHERE tbl_name = 'people' ORDER BY name").fetchall()


@pytest.mark.parametrize(("column", "value"), [("status", "gone"), ("student", 2), ("name", "   ")])
def test_a_bulk_insert_breaking_a_check_constraint_is_refused_and_leaves_nothing(
    ledger: Ledger, column: str, value: object
) -> None:
    rows = people_rows(ledger, BULK_ROWS, {1234: {column: value}})
    before = schema(ledger)
    with pytest.raises(sqlite3.IntegrityError, match="CHECK constraint failed.*row 1235"):
        with immediate(ledger.db):
            add_people(ledger.db, columns(rows), len(rows))
    assert ledger.db.execute("SELECT count(*) FROM people").fetchone()[0] == 0
    assert schema(ledger) == before
    assert ledger.db.execute("PRAGMA ignore_check_constraints").fetchone()[0] == 0


def test_a_bulk_insert_still_refuses_a_repeated_id_number_and_a_twin_without_one(ledger: Ledger) -> None:
    rows = people_rows(ledger, BULK_ROWS)
    twin = rows[10][:2] + rows[11][2:]
    with pytest.raises(sqlite3.IntegrityError, match="UNIQUE"):
        with immediate(ledger.db):
            add_people(ledger.db, columns([*rows, twin]), len(rows) + 1)
    newborns = [row[:2] + (None, "none") + row[4:] for row in rows[:2]]  # same household, name and birth date
    newborns[1] = newborns[0]
    with pytest.raises(sqlite3.IntegrityError, match="UNIQUE"):
        with immediate(ledger.db):
            add_people(ledger.db, columns([*rows, *newborns]), len(rows) + 2)
    assert ledger.db.execute("SELECT count(*) FROM people").fetchone()[0] == 0


def test_a_bulk_insert_stores_the_rows_as_given_and_keeps_every_index(ledger: Ledger) -> None:
    rows = people_rows(ledger, BULK_ROWS + 1)
    before = schema(ledger)
    given: dict[str, Any] = {**columns(rows), "status": Every("active"), "created_at": Every(STAMP)}
    given["name"] = iter(given["name"])
    with immediate(ledger.db):
        add_people(ledger.db, given, len(rows))
    stored = ledger.db.execute(f"SELECT {', '.join(PEOPLE_COLUMNS)} FROM people ORDER BY id").fetchall()
    assert stored == rows
    assert schema(ledger) == before
    assert ledger.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert ledger.db.execute("PRAGMA ignore_check_constraints").fetchone()[0] == 0


def test_a_column_that_runs_short_is_refused_not_cut(ledger: Ledger) -> None:
    given = columns(people_rows(ledger, 10))
    given["phone"] = given["phone"][:9]
    with pytest.raises(ValueError, match="9 rows written, 10 expected"):
        with immediate(ledger.db):
            add_people(ledger.db, given, 10)
    assert ledger.db.execute("SELECT count(*) FROM people").fetchone()[0] == 0

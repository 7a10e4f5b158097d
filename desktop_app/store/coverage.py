"""Coverage marks per person and benefit year: appended, read as records, counted.

A mark is never changed: a new status, or clearing one, is a new row, and the
person's status for a year is the ``coverage_current`` view (the latest row unless it
clears; its status alone is in ``coverage_latest``). Who is covered is the ``covered``
view. The figures are one GROUP BY pass over the active people: per village group and
current status, how many there are and how many of them paid here (a live line), which
counts before any mark.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from contextlib import nullcontext
from datetime import date
from typing import Any, NamedTuple

from sqlite_utils import Database

from desktop_app.domain.coverage import Coverage
from desktop_app.store.coverage_totals import BULK_MARKS, marks_added_in_bulk

_CURRENT = (
    "SELECT c.person_id, c.benefit_year, c.status, c.channel, c.paid_on, c.amount, c.reference, c.source_name, "
    "c.note, c.set_on, o.name FROM {people}coverage_current c JOIN operators o ON o.id = c.operator_id "
)
# Paid here for the year: a person of ``live_lines`` (the list is built once per statement).
_PAID_HERE = "p.id IN (SELECT person_id FROM live_lines WHERE benefit_year = :year)"


class Mark(NamedTuple):
    """One row of ``coverage_marks`` as written: a status set (with its details) or cleared."""

    person_id: int
    benefit_year: int
    action: str  # set | clear
    status: str | None
    channel: str | None
    paid_on: str | None  # ISO
    amount: int | None
    reference: str
    note: str
    set_on: str  # ISO
    source_name: str
    source_sha256: str
    operator_id: int
    created_at: str


class Registered(NamedTuple):
    """A person a county list names, as the register knows them for the year."""

    person_id: int
    name: str
    receipt_no: str | None  # the live receipt of this village for the year
    current: tuple[Any, ...] | None  # (status, channel, paid_on, amount, reference) of the current mark


class Duplicate(NamedTuple):
    person_id: int
    id_number: str | None
    name: str
    household_no: str
    village_group: str
    receipt_no: str
    receipt_paid_on: date
    due: int
    channel: str | None
    paid_on: date | None
    amount: int | None
    reference: str
    source: str


class Uncovered(NamedTuple):
    person_id: int
    id_number: str | None
    name: str
    household_no: str
    village_group: str
    relation: str
    phone: str


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _coverage(r: Sequence[Any]) -> Coverage:
    return Coverage(r[0], r[1], r[2], r[3], _day(r[4]), r[5], r[6], r[7], r[8], date.fromisoformat(r[9]), r[10])


def add_marks(db: Database, marks: Iterable[Mark]) -> None:
    """Inside the caller's transaction. A county list's thousands of marks bring the coverage sums up to date
    set-wise, after the insert (``store.coverage_totals``)."""
    rows = list(marks)
    bulk = marks_added_in_bulk(db, {m.benefit_year for m in rows}) if len(rows) >= BULK_MARKS else nullcontext()
    with bulk:
        db.conn.executemany(
            "INSERT INTO coverage_marks (person_id, benefit_year, action, status, channel, paid_on, amount, reference, "
            "note, set_on, source_name, source_sha256, operator_id, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            rows,
        )


def current(db: Database, person_id: int, year: int) -> Coverage | None:
    row = db.execute(
        _CURRENT.format(people="") + "WHERE c.person_id = ? AND c.benefit_year = ?", [person_id, year]
    ).fetchone()
    return _coverage(row) if row else None


def current_of(db: Database, person_ids: Sequence[int], year: int) -> dict[int, Coverage]:
    rows = db.execute(
        _CURRENT.format(people="json_each(?) j CROSS JOIN ") + "WHERE c.person_id = j.value AND c.benefit_year = ?",
        [json.dumps(list(person_ids)), year],
    )
    return {r[0]: _coverage(r) for r in rows}


def registered_by_id_number(db: Database, id_numbers: Sequence[str], year: int) -> dict[str, Registered]:
    """The people with these ID numbers, with their live receipt and current mark for the year."""
    people = {
        r[0]: (r[1], r[2])
        for r in db.execute(
            "SELECT p.id_number, p.id, p.name FROM json_each(?) j CROSS JOIN people p ON p.id_number = j.value",
            [json.dumps(list(id_numbers))],
        )
    }
    ids = json.dumps([pid for pid, _ in people.values()])
    receipts = {
        r[0]: r[1]
        for r in db.execute(
            "SELECT l.person_id, l.receipt_no FROM json_each(?) j CROSS JOIN live_lines l "
            "ON l.person_id = j.value AND l.benefit_year = ?",
            [ids, year],
        )
    }
    marks = {
        r[0]: tuple(r[1:])
        for r in db.execute(
            "SELECT c.person_id, c.status, c.channel, c.paid_on, c.amount, c.reference FROM json_each(?) j "
            "CROSS JOIN coverage_current c ON c.person_id = j.value AND c.benefit_year = ?",
            [ids, year],
        )
    }
    return {number: Registered(pid, name, receipts.get(pid), marks.get(pid)) for number, (pid, name) in people.items()}


def class_counts(db: Database, year: int) -> list[tuple[str, str | None, int, int]]:
    """Per village group and current status (None without a mark): the active people, and how many
    of them paid here for the year — read from the sums the triggers keep (``schema_coverage_totals``):
    a few dozen rows, whatever the size of the register."""
    groups = dict(db.execute("SELECT village_group, people FROM coverage_group_people WHERE people != 0").fetchall())
    unmarked = {g: [n, 0] for g, n in groups.items()}
    out: list[tuple[str, str | None, int, int]] = []
    for group, status, n, paid in db.execute(
        "SELECT village_group, status, people, paid FROM coverage_totals WHERE benefit_year = ? AND people != 0", [year]
    ):
        row = unmarked.setdefault(group, [0, 0])
        if status:
            row[0] -= n
            out.append((group, status, n, paid))
        else:
            row[1] += paid
    return [(g, None, n, paid) for g, (n, paid) in unmarked.items() if n] + out


def class_counts_recount(db: Database, year: int) -> list[tuple[str, str | None, int, int]]:
    """``class_counts`` counted from scratch over every active person (some 200 ms for 100 000 people):
    what the kept sums must always equal (the tests and the ledger check compare them)."""
    return [
        (r[0], r[1], r[2], r[3])
        for r in db.execute(
            f"SELECT h.village_group, x.status, COUNT(*), SUM({_PAID_HERE}) "
            "FROM people p JOIN households h ON h.id = p.household_id "
            "LEFT JOIN coverage_latest x ON x.person_id = p.id AND x.benefit_year = :year "
            "WHERE p.status = 'active' GROUP BY h.village_group, x.status",
            {"year": year},
        )
    ]


def identity_counts(db: Database, year: int, day: date, exclusions: Sequence[str]) -> list[tuple[str, int, int]]:
    """Per identity code held on the day by an active person who is not excluded for the year (unless
    they paid here all the same): how many people, and how many of them are covered (a live line, or
    paid elsewhere). Status and paid come from ``coverage_facts``: one lookup a record."""
    return [
        (r[0], r[1], r[2])
        for r in db.execute(
            "SELECT code, COUNT(*), SUM(covered) FROM ("
            " SELECT DISTINCT i.person_id, i.code, COALESCE(f.paid OR f.status = 'paid_elsewhere', 0) AS covered "
            " FROM identities i CROSS JOIN people p ON p.id = i.person_id "
            " LEFT JOIN coverage_facts f ON f.person_id = i.person_id AND f.benefit_year = :year "
            " WHERE p.status = 'active' AND (i.valid_from IS NULL OR i.valid_from <= :day) "
            "  AND (i.valid_to IS NULL OR i.valid_to >= :day) "
            "  AND NOT (COALESCE(f.status IN (SELECT value FROM json_each(:excluded)), 0) AND NOT f.paid)"
            ") GROUP BY code",
            {"year": year, "day": day.isoformat(), "excluded": json.dumps(list(exclusions))},
        )
    ]


def duplicates(db: Database, year: int) -> list[Duplicate]:
    """People with a live receipt of this village and a current paid_elsewhere mark for the year."""
    return [
        Duplicate(
            r[0], r[1], r[2], r[3], r[4], r[5], date.fromisoformat(r[6]), r[7], r[8], _day(r[9]), r[10], r[11], r[12]
        )
        for r in db.execute(
            "SELECT p.id, p.id_number, p.name, h.household_no, h.village_group, l.receipt_no, l.paid_on, l.due, "
            " c.channel, c.paid_on, c.amount, c.reference, c.source_name "
            "FROM coverage_current c JOIN live_lines l ON l.person_id = c.person_id AND l.benefit_year = c.benefit_year "
            "JOIN people p ON p.id = c.person_id JOIN households h ON h.id = p.household_id "
            "WHERE c.benefit_year = ? AND c.status = 'paid_elsewhere' "
            "ORDER BY h.village_group, h.household_no, p.id",
            [year],
        )
    ]


def uncovered(db: Database, year: int) -> list[Uncovered]:
    """Active people neither covered (``covered``) nor excluded: no mark, or refused."""
    return [
        Uncovered(*r)
        for r in db.execute(
            "SELECT p.id, p.id_number, p.name, h.household_no, h.village_group, p.relation, "
            " COALESCE(NULLIF(p.phone, ''), h.phone) "
            "FROM people p JOIN households h ON h.id = p.household_id "
            "LEFT JOIN coverage_latest x ON x.person_id = p.id AND x.benefit_year = :year "
            "WHERE p.status = 'active' AND (x.status IS NULL OR x.status = 'refused') "
            "AND p.id NOT IN (SELECT person_id FROM covered WHERE benefit_year = :year) "
            "ORDER BY h.village_group, h.household_no, p.id",
            {"year": year},
        )
    ]

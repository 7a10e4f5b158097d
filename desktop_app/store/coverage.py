"""Coverage marks per person and benefit year: appended, read as records, counted.

A mark is never changed: a new status, or clearing one, is a new row, and the
person's status for a year is the ``coverage_current`` view (the latest row unless it
clears). Who is covered is the ``covered`` view; the figures are two GROUP BY queries
over the active people, each person classed once: paid here (a live line) first, else
their current mark, else nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from typing import Any, NamedTuple

from sqlite_utils import Database

from desktop_app.domain.coverage import Coverage
from desktop_app.domain.register import Identity

_CHUNK = 900
_CURRENT = (
    "SELECT c.person_id, c.benefit_year, c.status, c.channel, c.paid_on, c.amount, c.reference, c.source_name, "
    "c.note, c.set_on, o.name FROM coverage_current c JOIN operators o ON o.id = c.operator_id ")
_HOUSEHOLD = "JOIN households h ON h.id = p.household_id"
# Each active person's class for the year: 'here', else the current mark's status, else ''.
_CLASS = (
    "CASE WHEN EXISTS (SELECT 1 FROM live_lines l WHERE l.person_id = p.id AND l.benefit_year = :year) "
    "THEN 'here' ELSE COALESCE(c.status, '') END")


def _active(join: str) -> str:
    """The active people with ``join`` and their current mark for ``:year`` (``c``, NULL without one)."""
    return (f"FROM people p {join} LEFT JOIN coverage_current c ON c.person_id = p.id AND c.benefit_year = :year "
            "WHERE p.status = 'active' ")



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


def _chunks(items: Sequence[Any]) -> Iterator[list[Any]]:
    for start in range(0, len(items), _CHUNK):
        yield list(items[start:start + _CHUNK])


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _coverage(r: Sequence[Any]) -> Coverage:
    return Coverage(r[0], r[1], r[2], r[3], _day(r[4]), r[5], r[6], r[7], r[8], date.fromisoformat(r[9]), r[10])


def add_marks(db: Database, marks: Iterable[Mark]) -> None:
    """Inside the caller's transaction."""
    db.conn.executemany(
        "INSERT INTO coverage_marks (person_id, benefit_year, action, status, channel, paid_on, amount, reference, "
        "note, set_on, source_name, source_sha256, operator_id, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        marks)


def current(db: Database, person_id: int, year: int) -> Coverage | None:
    row = db.execute(_CURRENT + "WHERE c.person_id = ? AND c.benefit_year = ?", [person_id, year]).fetchone()
    return _coverage(row) if row else None


def current_of(db: Database, person_ids: Sequence[int], year: int) -> dict[int, Coverage]:
    out: dict[int, Coverage] = {}
    for chunk in _chunks(person_ids):
        out.update((r[0], _coverage(r)) for r in db.execute(
            _CURRENT + f"WHERE c.person_id IN ({','.join('?' * len(chunk))}) AND c.benefit_year = ?", [*chunk, year]))
    return out


def registered_by_id_number(db: Database, id_numbers: Sequence[str], year: int) -> dict[str, Registered]:
    """The people with these ID numbers, with their live receipt and current mark for the year."""
    out: dict[str, Registered] = {}
    for chunk in _chunks(id_numbers):
        rows = db.execute(
            "SELECT p.id, p.id_number, p.name, "
            " (SELECT l.receipt_no FROM live_lines l WHERE l.person_id = p.id AND l.benefit_year = :year LIMIT 1), "
            " c.id IS NOT NULL, c.status, c.channel, c.paid_on, c.amount, c.reference "
            "FROM people p LEFT JOIN coverage_current c ON c.person_id = p.id AND c.benefit_year = :year "
            f"WHERE p.id_number IN ({','.join(f':n{i}' for i in range(len(chunk)))})",
            {"year": year, **{f"n{i}": n for i, n in enumerate(chunk)}})
        for r in rows:
            out[r[1]] = Registered(r[0], r[2], r[3], tuple(r[5:10]) if r[4] else None)
    return out


def class_counts(db: Database, year: int) -> list[tuple[str, str, int]]:
    """(village group, class, people) over the active people: class 'here', a status code, or ''."""
    return [(r[0], r[1], r[2]) for r in db.execute(
        f"SELECT h.village_group, {_CLASS} AS k, COUNT(*) {_active(_HOUSEHOLD)}"
        "GROUP BY h.village_group, k", {"year": year})]


def identity_classes(db: Database, year: int) -> list[tuple[int, Identity, str]]:
    """Each identity record an active person holds, with that person's class for the year."""
    return [(r[0], Identity(r[1], r[2], r[3], _day(r[4]), _day(r[5])), r[6]) for r in db.execute(
        f"SELECT p.id, i.code, i.source, i.list_name, i.valid_from, i.valid_to, {_CLASS} "
        f"{_active('JOIN identities i ON i.person_id = p.id')}ORDER BY i.id",
        {"year": year})]


def duplicates(db: Database, year: int) -> list[Duplicate]:
    """People with a live receipt of this village and a current paid_elsewhere mark for the year."""
    return [Duplicate(r[0], r[1], r[2], r[3], r[4], r[5], date.fromisoformat(r[6]), r[7], r[8], _day(r[9]), r[10],
                      r[11], r[12]) for r in db.execute(
        "SELECT p.id, p.id_number, p.name, h.household_no, h.village_group, l.receipt_no, l.paid_on, l.due, "
        " c.channel, c.paid_on, c.amount, c.reference, c.source_name "
        "FROM coverage_current c JOIN live_lines l ON l.person_id = c.person_id AND l.benefit_year = c.benefit_year "
        "JOIN people p ON p.id = c.person_id JOIN households h ON h.id = p.household_id "
        "WHERE c.benefit_year = ? AND c.status = 'paid_elsewhere' "
        "ORDER BY h.village_group, h.household_no, p.id", [year])]


def uncovered(db: Database, year: int) -> list[Uncovered]:
    """Active people neither covered (``covered``) nor excluded: no mark, or refused."""
    return [Uncovered(*r) for r in db.execute(
        "SELECT p.id, p.id_number, p.name, h.household_no, h.village_group, p.relation, "
        " COALESCE(NULLIF(p.phone, ''), h.phone) "
        f"{_active(_HOUSEHOLD)}"
        "AND (c.status IS NULL OR c.status = 'refused') "
        "AND NOT EXISTS (SELECT 1 FROM covered v WHERE v.person_id = p.id AND v.benefit_year = :year) "
        "ORDER BY h.village_group, h.household_no, p.id", {"year": year})]

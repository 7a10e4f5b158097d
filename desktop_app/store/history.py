"""What the ledger knows of people's earlier benefit years, and the entries the collector made.

Reads build on the ``covered`` view (paid here or paid elsewhere: the one statement of
"covered for the year") and ``coverage_current`` (each person's current mark per
year); ``history_entries`` is appended to, never changed (migration 0008).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from typing import Any

from sqlite_utils import Database

from desktop_app.domain.history import HistoryEntry

_CHUNK = 900
_ENTRY = (
    "SELECT e.person_id, e.benefit_year, e.uncovered_years, e.back_paid_years, e.note, o.name, e.created_at "
    "FROM history_entries e JOIN operators o ON o.id = e.operator_id "
)


def _chunks(items: Sequence[int]) -> Iterator[list[int]]:
    for start in range(0, len(items), _CHUNK):
        yield list(items[start : start + _CHUNK])


def _marks(chunk: list[int]) -> str:
    return ",".join("?" * len(chunk))


def _entry(r: Sequence[Any]) -> HistoryEntry:
    return HistoryEntry(r[0], r[1], r[2], r[3], r[4], r[5], r[6])


def registered_on(db: Database, person_ids: Sequence[int]) -> dict[int, date]:
    """The day each person was put in the register."""
    out: dict[int, date] = {}
    for chunk in _chunks(person_ids):
        for r in db.execute(f"SELECT id, created_at FROM people WHERE id IN ({_marks(chunk)})", chunk):
            out[r[0]] = date.fromisoformat(str(r[1])[:10])
    return out


def covered_before(db: Database, person_ids: Sequence[int], year: int) -> dict[int, dict[int, str]]:
    """Per person, the benefit years before ``year`` they are covered for, with how ('here' or 'elsewhere')."""
    out: dict[int, dict[int, str]] = {}
    # The two halves of the ``covered`` view asked one at a time: each finds its people by index, where the
    # view's UNION built all of it (every live line of every year) for each chunk — 85 ms on 100 000 people.
    for chunk in _chunks(person_ids):
        for how, sql in (
            (
                "elsewhere",
                "SELECT person_id, benefit_year FROM coverage_latest WHERE person_id IN ({}) "
                "AND benefit_year < ? AND status = 'paid_elsewhere'",
            ),
            ("here", "SELECT person_id, benefit_year FROM live_lines WHERE person_id IN ({}) AND benefit_year < ?"),
        ):
            for r in db.execute(sql.format(_marks(chunk)), [*chunk, year]):
                out.setdefault(r[0], {})[r[1]] = how  # 'here' read last: a receipt of this village wins
    return out


def marks_before(db: Database, person_ids: Sequence[int], year: int) -> dict[int, dict[int, str]]:
    """Per person, the current coverage mark's status for each benefit year before ``year``."""
    out: dict[int, dict[int, str]] = {}
    for chunk in _chunks(person_ids):
        for r in db.execute(
            f"SELECT person_id, benefit_year, status FROM coverage_current "
            f"WHERE person_id IN ({_marks(chunk)}) AND benefit_year < ?",
            [*chunk, year],
        ):
            out.setdefault(r[0], {})[r[1]] = r[2]
    return out


def latest_entries(db: Database, person_ids: Sequence[int], up_to: int) -> dict[int, dict[int, HistoryEntry]]:
    """Per person, the latest entry for each benefit year up to ``up_to`` (a taken-back entry included)."""
    out: dict[int, dict[int, HistoryEntry]] = {}
    for chunk in _chunks(person_ids):
        for r in db.execute(
            _ENTRY + f"WHERE e.person_id IN ({_marks(chunk)}) AND e.benefit_year <= ? "
            "AND e.id = (SELECT MAX(e2.id) FROM history_entries e2 WHERE e2.person_id = e.person_id "
            "AND e2.benefit_year = e.benefit_year)",
            [*chunk, up_to],
        ):
            entry = _entry(r)
            out.setdefault(entry.person_id, {})[entry.benefit_year] = entry
    return out


def entries_of(db: Database, person_id: int) -> list[HistoryEntry]:
    """Every entry for a person, oldest first (what was entered, corrected and taken back)."""
    return [_entry(r) for r in db.execute(_ENTRY + "WHERE e.person_id = ? ORDER BY e.id", [person_id])]


def add_entry(
    db: Database,
    person_id: int,
    year: int,
    uncovered_years: int | None,
    back_paid_years: int | None,
    note: str,
    operator_id: int,
    created_at: str,
) -> None:
    """Inside the caller's transaction."""
    db.execute(
        "INSERT INTO history_entries (person_id, benefit_year, uncovered_years, back_paid_years, note, "
        "operator_id, created_at) VALUES (?,?,?,?,?,?,?)",
        [person_id, year, uncovered_years, back_paid_years, note, operator_id, created_at],
    )


def opened_by(db: Database) -> dict[int, str]:
    """Who opened each benefit year."""
    return {r[0]: r[1] for r in db.execute("SELECT year, opened_by FROM benefit_years")}


def year_counts(db: Database) -> dict[int, tuple[int, int]]:
    """Per benefit year: receipts issued (voided ones too), and people covered (here or elsewhere)."""
    payments = {r[0]: r[1] for r in db.execute("SELECT benefit_year, COUNT(*) FROM payments GROUP BY benefit_year")}
    covered = {
        r[0]: r[1]
        for r in db.execute("SELECT benefit_year, COUNT(DISTINCT person_id) FROM covered GROUP BY benefit_year")
    }
    return {y: (payments.get(y, 0), covered.get(y, 0)) for y in {*payments, *covered}}

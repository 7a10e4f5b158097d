"""What a roster or identity-list import reads from the register and changes in it, many rows at a time.

The import compares every row of a file with the register: one query per 900 ID numbers
(SQLite's limit on host parameters stays far), or one scan when the file holds most of
the register. New people go in through ``store.register_bulk``; the few changes to
people already registered are written here.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager

from sqlite_utils import Database

from desktop_app.domain.register import Household, Person
from desktop_app.store.register import person_of

CHUNK = 900  # host parameters per IN (...) query, below SQLite's limit
_PERSON = (
    "SELECT p.id, p.household_id, h.household_no, h.village_group, p.name, p.id_number, p.id_kind, p.sex, "
    "p.birth_date, p.ethnicity, p.relation, p.student, p.parent_insured, p.phone, p.status "
    "FROM people p JOIN households h ON h.id = p.household_id "
)
_HOUSEHOLD = "SELECT id, household_no, address, village_group, phone FROM households "


def _chunks(values: Sequence[str]) -> Iterator[list[str]]:
    for start in range(0, len(values), CHUNK):
        yield list(values[start : start + CHUNK])


def _marks(values: Sequence[object]) -> str:
    return ",".join("?" * len(values))


def people_by_id_number(db: Database, numbers: Sequence[str]) -> dict[str, Person]:
    """The registered people holding these ID numbers, by number."""
    if not numbers or not has_people(db):
        return {}
    total = int(db.execute("SELECT count(*) FROM people").fetchone()[0])
    if len(numbers) * 4 > total:  # most of the register: one scan beats many lookups
        found = map(person_of, db.execute(_PERSON + "WHERE p.id_number IS NOT NULL"))
        return {p.id_number: p for p in found if p.id_number is not None}
    out: dict[str, Person] = {}
    for chunk in _chunks(numbers):
        for row in db.execute(_PERSON + f"WHERE p.id_number IN ({_marks(chunk)})", chunk):
            out[row[5]] = person_of(row)
    return out


def people_without_id_number(db: Database) -> list[Person]:
    """Newborns and others registered before an ID number was issued."""
    return [person_of(r) for r in db.execute(_PERSON + "WHERE p.id_number IS NULL ORDER BY p.id")]


def has_people(db: Database) -> bool:
    return db.execute("SELECT 1 FROM people LIMIT 1").fetchone() is not None


def has_households(db: Database) -> bool:
    return db.execute("SELECT 1 FROM households LIMIT 1").fetchone() is not None


def household_numbers(db: Database) -> set[str]:
    """Every 户号 registered."""
    return {r[0] for r in db.execute("SELECT household_no FROM households")}


def households_by_no(db: Database, numbers: Sequence[str]) -> dict[str, Household]:
    out: dict[str, Household] = {}
    for chunk in _chunks(numbers):
        out.update(
            (r[1], Household(*r)) for r in db.execute(_HOUSEHOLD + f"WHERE household_no IN ({_marks(chunk)})", chunk)
        )
    return out


def move_households(db: Database, places: Iterable[tuple[int, str, str]]) -> None:
    """(household id, 村民小组, 住址) for each household the file places anew."""
    db.conn.executemany(
        "UPDATE households SET village_group = ?, address = ? WHERE id = ?",
        ((group, address, hid) for hid, group, address in places),
    )


def identities_listed(db: Database, code: str, source: str, list_name: str) -> dict[int, tuple[str | None, str | None]]:
    """person id -> (valid from, valid to) as ISO text, for the identities recorded from one list."""
    return {
        r[0]: (r[1], r[2])
        for r in db.execute(
            "SELECT person_id, valid_from, valid_to FROM identities WHERE code = ? AND source = ? AND list_name = ?",
            [code, source, list_name],
        )
    }


def redate_identities(
    db: Database, code: str, source: str, list_name: str, dates: Iterable[tuple[int, str | None, str | None]]
) -> None:
    """(person id, valid from, valid to) for identities of one list whose dates the list changes."""
    db.conn.executemany(
        "UPDATE identities SET valid_from = ?, valid_to = ? WHERE person_id = ? AND code = ? AND source = ? "
        "AND list_name = ?",
        ((start, end, pid, code, source, list_name) for pid, start, end in dates),
    )


@contextmanager
def roomy_cache(db: Database, kib: int = 65536) -> Iterator[None]:
    """A larger page cache (64 MB) for the block, so index pages stay in memory until the commit."""
    before = int(db.execute("PRAGMA cache_size").fetchone()[0])
    db.execute(f"PRAGMA cache_size = -{int(kib)}")
    try:
        yield
    finally:
        db.execute(f"PRAGMA cache_size = {before}")

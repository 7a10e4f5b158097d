"""Households and the people in them, read as records and written field by field."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlite_utils import Database

from desktop_app.domain.register import Household, Person

_PERSON = (
    "SELECT p.id, p.household_id, h.household_no, h.village_group, p.name, p.id_number, p.id_kind, p.sex, "
    "p.birth_date, p.ethnicity, p.relation, p.student, p.parent_insured, p.phone, p.status "
    "FROM people p JOIN households h ON h.id = p.household_id "
)
_HOUSEHOLD = "SELECT id, household_no, address, village_group, phone FROM households "


def person_of(row: Sequence[Any]) -> Person:
    return Person(
        row[0],
        row[1],
        row[2],
        row[3],
        row[4],
        row[5],
        row[6],
        row[7],
        date.fromisoformat(row[8]),
        row[9],
        row[10],
        bool(row[11]),
        bool(row[12]),
        row[13],
        row[14],
    )


# --- households ----------------------------------------------------------------------------


def household(db: Database, household_id: int) -> Household | None:
    row = db.execute(_HOUSEHOLD + "WHERE id = ?", [household_id]).fetchone()
    return Household(*row) if row else None


def household_by_no(db: Database, household_no: str) -> Household | None:
    row = db.execute(_HOUSEHOLD + "WHERE household_no = ?", [household_no]).fetchone()
    return Household(*row) if row else None


def households_by_ids(db: Database, household_ids: Sequence[int]) -> dict[int, Household]:
    """Many households at once (the upload batch reads the household of every payment it holds)."""
    out: dict[int, Household] = {}
    for start in range(0, len(household_ids), 900):
        chunk = list(household_ids[start : start + 900])
        out.update(
            (r[0], Household(*r)) for r in db.execute(_HOUSEHOLD + f"WHERE id IN ({','.join('?' * len(chunk))})", chunk)
        )
    return out


def add_household(
    db: Database, household_no: str, address: str, village_group: str, phone: str, created_at: str
) -> int:
    cur = db.execute(
        "INSERT INTO households (household_no, address, village_group, phone, created_at) VALUES (?,?,?,?,?)",
        [household_no, address, village_group, phone, created_at],
    )
    assert cur.lastrowid is not None
    return cur.lastrowid


def update_household(db: Database, household_id: int, address: str, village_group: str, phone: str) -> None:
    db.execute(
        "UPDATE households SET address = ?, village_group = ?, phone = ? WHERE id = ?",
        [address, village_group, phone, household_id],
    )


def count_households(db: Database, group: str | None = None) -> int:
    if group:
        return int(db.execute("SELECT COUNT(*) FROM households WHERE village_group = ?", [group]).fetchone()[0])
    return int(db.execute("SELECT COUNT(*) FROM households").fetchone()[0])


def household_page(db: Database, group: str | None, offset: int, limit: int) -> list[int]:
    """Household ids in 户号 order, a page at a time, optionally of one village group."""
    where, args = ("WHERE village_group = ? ", [group]) if group else ("", [])
    return [
        r[0]
        for r in db.execute(
            f"SELECT id FROM households {where}ORDER BY household_no LIMIT ? OFFSET ?", [*args, limit, offset]
        )
    ]


def household_summaries(db: Database, household_ids: Sequence[int], year: int) -> list[tuple[Any, ...]]:
    """Per household: id, 户号, group, address, the head's name, active members, and those of them still to visit:
    not paid here, not paid elsewhere, not excluded (职工医保, school …) for the year."""
    marks = ",".join("?" * len(household_ids))
    return db.execute(
        "SELECT h.id, h.household_no, h.village_group, h.address, "
        " COALESCE((SELECT name FROM people WHERE household_id = h.id AND relation = '户主' "
        "   ORDER BY status = 'active' DESC, id LIMIT 1), "
        "  (SELECT name FROM people WHERE household_id = h.id ORDER BY id LIMIT 1), ''), "
        " (SELECT COUNT(*) FROM people p WHERE p.household_id = h.id AND p.status = 'active'), "
        " (SELECT COUNT(*) FROM people p WHERE p.household_id = h.id AND p.status = 'active' "
        "   AND NOT EXISTS (SELECT 1 FROM live_lines l WHERE l.person_id = p.id AND l.benefit_year = ?) "
        "   AND NOT EXISTS (SELECT 1 FROM coverage_latest x WHERE x.person_id = p.id AND x.benefit_year = ? "
        "     AND x.status IS NOT NULL AND x.status <> 'refused')) "
        f"FROM households h WHERE h.id IN ({marks})",
        [year, year, *household_ids],
    ).fetchall()


def groups_in_use(db: Database) -> dict[str, int]:
    return {r[0]: r[1] for r in db.execute("SELECT village_group, COUNT(*) FROM households GROUP BY village_group")}


def highest_numeric_household_no(db: Database, village_group: str | None) -> str | None:
    where, args = (" AND village_group = ?", [village_group]) if village_group else ("", [])
    row = db.execute(
        "SELECT household_no FROM households WHERE household_no GLOB '*[0-9]'"
        + where
        + " ORDER BY length(household_no) DESC, household_no DESC LIMIT 1",
        args,
    ).fetchone()
    return row[0] if row else None


# --- people --------------------------------------------------------------------------------


def person(db: Database, person_id: int) -> Person | None:
    row = db.execute(_PERSON + "WHERE p.id = ?", [person_id]).fetchone()
    return person_of(row) if row else None


def person_by_id_number(db: Database, id_number: str) -> Person | None:
    row = db.execute(_PERSON + "WHERE p.id_number = ?", [id_number]).fetchone()
    return person_of(row) if row else None


def members(db: Database, household_id: int) -> list[Person]:
    return [person_of(r) for r in db.execute(_PERSON + "WHERE p.household_id = ? ORDER BY p.id", [household_id])]


def people_by_ids(db: Database, person_ids: Sequence[int]) -> dict[int, Person]:
    out: dict[int, Person] = {}
    for start in range(0, len(person_ids), 900):
        chunk = list(person_ids[start : start + 900])
        out.update(
            (r[0], person_of(r)) for r in db.execute(_PERSON + f"WHERE p.id IN ({','.join('?' * len(chunk))})", chunk)
        )
    return out


def add_person(db: Database, household_id: int, fields: dict[str, Any], created_at: str) -> int:
    row = {**fields, "household_id": household_id, "created_at": created_at}
    cur = db.execute(f"INSERT INTO people ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})", list(row.values()))
    assert cur.lastrowid is not None
    return cur.lastrowid


def update_person(db: Database, person_id: int, fields: dict[str, Any]) -> None:
    db.execute(f"UPDATE people SET {', '.join(f'{k} = ?' for k in fields)} WHERE id = ?", [*fields.values(), person_id])


def move_person(db: Database, person_id: int, household_id: int) -> None:
    db.execute("UPDATE people SET household_id = ? WHERE id = ?", [household_id, person_id])


def head_name(db: Database, household_id: int, relations: Sequence[str]) -> str:
    """The name of the household's head (first by relation), or ''."""
    marks = ",".join("?" * len(relations))
    row = db.execute(
        f"SELECT name FROM people WHERE household_id = ? AND trim(relation) IN ({marks}) "
        "ORDER BY status = 'active' DESC, id LIMIT 1",
        [household_id, *relations],
    ).fetchone()
    return row[0] if row else ""

"""The SQL behind search-as-you-type: every lookup walks an index, none scans the table.

Prefixes are index ranges (``col > ? AND col < ?`` with the prefix and the prefix plus
U+10FFFF), which serve one- and two-character names that an FTS5 trigram index cannot,
and which SQLite 3.40's trigram ``LIKE`` gets wrong. The one scan left, a name that
merely contains the text, runs over the narrow name index and stops at the limit.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from sqlite_utils import Database

TOP = "\U0010ffff"

COLUMNS = (
    "p.id, p.household_id, h.household_no, p.name, p.id_number, h.village_group, p.status, "
    "p.name_pinyin, p.name_initials"
)
_PEOPLE = f"SELECT {COLUMNS} FROM people p JOIN households h ON h.id = p.household_id "

# Each lookup: the condition, the order that the index already gives, and how many parameters.
EQUAL = {
    "name": "p.name = ?",
    "initials": "p.name_initials = ?",
    "pinyin": "p.name_pinyin = ?",
    "id_number": "p.id_number = ?",
}
RANGE = {  # strictly after the text itself, so a prefix lookup never repeats the exact one
    "name": ("p.name > ? AND p.name < ?", "p.name, p.id"),
    "initials": ("p.name_initials > ? AND p.name_initials < ?", "p.name_initials, p.id"),
    "pinyin": ("p.name_pinyin > ? AND p.name_pinyin < ?", "p.name_pinyin, p.id"),
    "id_head": ("p.id_number > ? AND p.id_number < ?", "p.id_number"),
    "id_tail": ("p.id_reversed >= ? AND p.id_reversed < ?", "p.id_reversed"),
}


class Found(NamedTuple):
    """A person a lookup found, with what the other words of the query are matched against."""

    person_id: int
    household_id: int
    household_no: str
    name: str
    id_number: str | None
    village_group: str
    status: str
    name_pinyin: str
    name_initials: str


class HouseholdSummary(NamedTuple):
    household_no: str
    village_group: str
    address: str
    phone: str
    members: int
    active: int  # members still in the register
    head_name: str | None  # the 户主's name, None when the household has none recorded


def _found(rows: list[tuple[Any, ...]]) -> list[Found]:
    return list(map(Found._make, rows))


def people_equal(db: Database, column: str, value: str, limit: int) -> list[Found]:
    sql = f"{_PEOPLE}WHERE {EQUAL[column]} ORDER BY p.id LIMIT ?"
    return _found(db.execute(sql, [value, limit]).fetchall())


def people_prefixed(db: Database, column: str, prefix: str, limit: int) -> list[Found]:
    where, order = RANGE[column]
    return _found(
        db.execute(f"{_PEOPLE}WHERE {where} ORDER BY {order} LIMIT ?", [prefix, prefix + TOP, limit]).fetchall()
    )


def people_named_and_spelled(db: Database, name_prefix: str, pinyin_prefix: str, limit: int) -> list[Found]:
    """'张w': the name starts with 张 and its pinyin with zhangw."""
    sql = (
        f"{_PEOPLE}WHERE p.name_pinyin >= ? AND p.name_pinyin < ? AND p.name >= ? AND p.name < ? "
        "ORDER BY p.name_pinyin, p.id LIMIT ?"
    )
    return _found(
        db.execute(sql, [pinyin_prefix, pinyin_prefix + TOP, name_prefix, name_prefix + TOP, limit]).fetchall()
    )


def people_name_containing(db: Database, text: str, limit: int) -> list[Found]:
    """Names with the text after their first character: the ids come off the name index alone."""
    ids = [
        r[0]
        for r in db.execute(
            "SELECT id FROM people INDEXED BY people_name WHERE instr(name, ?) > 1 LIMIT ?", [text, limit]
        )
    ]
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    return _found(db.execute(f"{_PEOPLE}WHERE p.id IN ({marks}) ORDER BY p.name, p.id", ids).fetchall())


def people_of_household_no(db: Database, spellings: tuple[str, ...], limit: int) -> list[Found]:
    rows: list[Found] = []
    for household_no in spellings:
        sql = f"{_PEOPLE}WHERE h.household_no = ? ORDER BY p.id LIMIT ?"
        rows += _found(db.execute(sql, [household_no, limit]).fetchall())
    return rows


def people_of_household_prefix(db: Database, spellings: tuple[str, ...], limit: int) -> list[Found]:
    rows: list[Found] = []
    for prefix in spellings:
        sql = f"{_PEOPLE}WHERE h.household_no > ? AND h.household_no < ? ORDER BY h.household_no, p.id LIMIT ?"
        rows += _found(db.execute(sql, [prefix, prefix + TOP, limit]).fetchall())
    return rows


def household_summaries(db: Database, household_ids: list[int]) -> dict[int, HouseholdSummary]:
    """id -> its 户号, group, address, phone, members, active members and head's name."""
    if not household_ids:
        return {}
    marks = ",".join("?" * len(household_ids))
    rows = db.execute(
        "SELECT h.id, h.household_no, h.village_group, h.address, h.phone, COUNT(p.id), "
        "COALESCE(SUM(p.status = 'active'), 0), "
        "(SELECT name FROM people WHERE household_id = h.id AND relation = '户主' "
        " ORDER BY status = 'active' DESC, id LIMIT 1) "
        f"FROM households h LEFT JOIN people p ON p.household_id = h.id WHERE h.id IN ({marks}) GROUP BY h.id",
        household_ids,
    ).fetchall()
    return {r[0]: HouseholdSummary._make(r[1:]) for r in rows}

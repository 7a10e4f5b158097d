"""The identities people hold, each from a source list, with its validity dates."""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Sequence
from datetime import date

from sqlite_utils import Database

from desktop_app.domain.register import Identity


def _date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def of_person(db: Database, person_id: int) -> list[Identity]:
    return [
        Identity(r[0], r[1], r[2], _date(r[3]), _date(r[4]))
        for r in db.execute(
            "SELECT code, source, list_name, valid_from, valid_to FROM identities WHERE person_id = ? ORDER BY id",
            [person_id],
        )
    ]


def of_people(db: Database, person_ids: Sequence[int]) -> dict[int, list[Identity]]:
    out: dict[int, list[Identity]] = defaultdict(list)
    for start in range(0, len(person_ids), 900):
        chunk = list(person_ids[start : start + 900])
        for r in db.execute(
            "SELECT person_id, code, source, list_name, valid_from, valid_to FROM identities "
            f"WHERE person_id IN ({','.join('?' * len(chunk))}) ORDER BY id",
            chunk,
        ):
            out[r[0]].append(Identity(r[1], r[2], r[3], _date(r[4]), _date(r[5])))
    return out


def add(db: Database, person_id: int, identity: Identity, created_at: str) -> bool:
    """False when the same identity from the same list is already recorded."""
    try:
        db.execute(
            "INSERT INTO identities (person_id, code, source, list_name, valid_from, valid_to, created_at) "
            "VALUES (?,?,?,?,?,?,?)",
            [
                person_id,
                identity.code,
                identity.source,
                identity.list_name,
                _iso(identity.valid_from),
                _iso(identity.valid_to),
                created_at,
            ],
        )
    except sqlite3.IntegrityError:
        return False
    return True

"""Collectors: their names, password hashes, receipt prefixes and whether they may log in."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from desktop_app.domain.operators import Operator

_COLUMNS = "id, name, receipt_prefix, active"


def _operator(row: Any) -> Operator:
    return Operator(row[0], row[1], row[2] or "", bool(row[3]))


def add(db: Database, name: str, password_hash: str, receipt_prefix: str, created_at: str) -> Operator:
    cur = db.execute(
        "INSERT INTO operators (name, password_hash, created_at, receipt_prefix) VALUES (?, ?, ?, ?)",
        [name, password_hash, created_at, receipt_prefix],
    )
    assert cur.lastrowid is not None
    return Operator(cur.lastrowid, name, receipt_prefix, True)


def by_name(db: Database, name: str) -> Operator | None:
    row = db.execute(f"SELECT {_COLUMNS} FROM operators WHERE name = ?", [name]).fetchone()
    return _operator(row) if row else None


def by_id(db: Database, operator_id: int) -> Operator | None:
    row = db.execute(f"SELECT {_COLUMNS} FROM operators WHERE id = ?", [operator_id]).fetchone()
    return _operator(row) if row else None


def by_prefix(db: Database, prefix: str) -> Operator | None:
    row = db.execute(f"SELECT {_COLUMNS} FROM operators WHERE receipt_prefix = ?", [prefix]).fetchone()
    return _operator(row) if row else None


def password_hash(db: Database, operator_id: int) -> str:
    return str(db.execute("SELECT password_hash FROM operators WHERE id = ?", [operator_id]).fetchone()[0])


def all_operators(db: Database) -> list[Operator]:
    return [_operator(r) for r in db.execute(f"SELECT {_COLUMNS} FROM operators ORDER BY id")]


def set_password(db: Database, operator_id: int, password_hash: str) -> None:
    db.execute("UPDATE operators SET password_hash = ? WHERE id = ?", [password_hash, operator_id])


def set_active(db: Database, operator_id: int, active: bool) -> None:
    db.execute("UPDATE operators SET active = ? WHERE id = ?", [int(active), operator_id])


def set_prefix(db: Database, operator_id: int, receipt_prefix: str) -> None:
    db.execute("UPDATE operators SET receipt_prefix = ? WHERE id = ?", [receipt_prefix, operator_id])

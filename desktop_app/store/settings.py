"""The settings table: one key, one text value."""

from __future__ import annotations

from sqlite_utils import Database


def read_all(db: Database) -> dict[str, str]:
    return dict(db.execute("SELECT key, value FROM settings").fetchall())


def write(db: Database, values: dict[str, str]) -> None:
    """Inside the caller's transaction."""
    db.conn.executemany(
        "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        list(values.items()),
    )


def has(db: Database, key: str) -> bool:
    return db.execute("SELECT 1 FROM settings WHERE key = ?", [key]).fetchone() is not None

"""Whole-file copies of the ledger: SQLite's online backup, and checking a copy."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlite_utils import Database


def copy_to(db: Database, target: Path) -> None:
    """A consistent copy of the open ledger into ``target`` (a file of its own, not in WAL mode)."""
    dest = sqlite3.connect(str(target))
    try:
        db.conn.backup(dest)
        dest.execute("PRAGMA journal_mode=DELETE")
        dest.commit()
    finally:
        dest.close()


def problem_in(path: Path) -> str | None:
    """None when the file is a sound database, else what is wrong with it."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        result = str(conn.execute("PRAGMA integrity_check").fetchone()[0])
    except sqlite3.DatabaseError as e:
        return f"无法读取：{e}"
    finally:
        conn.close()
    return None if result == "ok" else result

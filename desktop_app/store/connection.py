"""Opening the ledger file safely: WAL, synchronous FULL, foreign keys, integrity check.

A collector's laptop may lose power at any moment. With WAL and synchronous=FULL a
committed payment survives; a file that fails ``integrity_check`` is refused before
anything is written to it, and the caller offers the latest backup.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlite_utils import Database

from desktop_app.store.schema import migrations


class DamagedDatabaseError(RuntimeError):
    """The file failed its integrity check; nothing was written to it."""

    def __init__(self, path: Path, detail: str) -> None:
        self.path = path
        self.detail = detail
        super().__init__(f"数据库文件 {path} 已损坏（{detail}），已停止使用；请用“恢复备份”取回最近的备份")


def connect(path: Path | str) -> Database:
    """A connection with the ledger's pragmas; closed again when the file refuses them (not a database)."""
    conn = sqlite3.connect(str(path), timeout=10)
    try:
        db = Database(conn)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=FULL")
        db.execute("PRAGMA foreign_keys=ON")
        db.execute("PRAGMA busy_timeout=10000")
    except BaseException:
        conn.close()
        raise
    return db


def integrity_problem(db: Database) -> str | None:
    try:
        rows = db.execute("PRAGMA integrity_check").fetchall()
    except sqlite3.DatabaseError as e:
        return str(e)
    result = "; ".join(str(r[0]) for r in rows)
    return None if result == "ok" else result


def open_database(path: Path | str, *, create: bool = False, full_check: bool = True) -> Database:
    """Open (or with ``create`` make) the ledger, check it, and bring its schema up to date.

    ``full_check=False`` defers the check to the caller, who must run ``full_check(path)``
    before anything is written (the window does it while the password is typed, because
    reading every page of a big ledger takes seconds from a cold disk). A file that is not
    a database at all is still refused here; a file whose schema must be migrated is
    checked here in full first, since migrating writes."""
    path = Path(path)
    if not create and not path.exists():
        raise FileNotFoundError(f"找不到数据库 {path}；请先运行 zhengjiao db init")
    if create:
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        db = connect(path)
    except sqlite3.DatabaseError as e:
        raise DamagedDatabaseError(path, str(e)) from None
    try:
        must_check = full_check or create or bool(migrations.pending(db))
        problem = integrity_problem(db) if must_check else None
        if problem:
            raise DamagedDatabaseError(path, problem)
        migrations.apply(db)
    except sqlite3.DatabaseError as e:
        db.conn.close()
        raise DamagedDatabaseError(path, str(e)) from None
    except BaseException:
        db.conn.close()
        raise
    return db


def full_check(path: Path | str) -> str | None:
    """``integrity_check`` on a connection of its own, so that it may run in another thread;
    None when the file is sound, else what is wrong."""
    try:
        conn = sqlite3.connect(str(path), timeout=10)
    except sqlite3.DatabaseError as e:
        return str(e)
    try:
        rows = conn.execute("PRAGMA integrity_check").fetchall()
    except sqlite3.DatabaseError as e:
        return str(e)
    finally:
        conn.close()
    result = "; ".join(str(r[0]) for r in rows)
    return None if result == "ok" else result

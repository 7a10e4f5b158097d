"""What a ledger file holds, told in the collector's terms: so many payments, the last receipt.

Before a restore the collector must see what each copy is — a date alone does not say
whether this morning's receipts are in it — and what the current file holds that the
copy lacks. A copy is opened read-only and closed at once; one that cannot be read
says so instead of failing the whole list.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class CopyFacts:
    village: str
    payments: int
    last_receipt: str  # "" when no payment yet
    last_taken_at: str  # when that receipt was written (ISO), "" when none
    problem: str = ""  # the file could not be read


def _facts(conn: sqlite3.Connection) -> CopyFacts:
    village = conn.execute("SELECT value FROM settings WHERE key = 'village'").fetchone()
    count = conn.execute("SELECT COUNT(*) FROM payments").fetchone()[0]
    last = conn.execute("SELECT receipt_no, created_at FROM payments ORDER BY id DESC LIMIT 1").fetchone()
    return CopyFacts(village[0] if village else "", int(count), last[0] if last else "", last[1] if last else "")


def facts_of_connection(conn: sqlite3.Connection) -> CopyFacts:
    """Of the open ledger."""
    return _facts(conn)


def facts_of_file(path: Path) -> CopyFacts:
    """Of a copy on disk, read-only."""
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as e:
        return CopyFacts("", 0, "", "", f"无法打开：{e}")
    try:
        return _facts(conn)
    except sqlite3.Error as e:
        return CopyFacts("", 0, "", "", f"无法读取：{e}")
    finally:
        conn.close()

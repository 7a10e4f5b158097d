"""The append-only audit log: every change, hash-chained to the one before.

A batch carries the chain head, so the county can prove that nothing before it was
altered: changing any earlier entry changes every hash after it. Entries made since
the ledger knows benefit years also carry the year the operator worked in, and the
year is part of their hash; older entries hash as they always did.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlite_utils import Database

GENESIS = "0" * 64


def canonical(payload: Any) -> str:
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def entry_hash(
    prev_hash: str, seq: int, at: str, operator: str, action: str, payload: str, benefit_year: int | None = None
) -> str:
    parts = [prev_hash, str(seq), at, operator, action, payload]
    if benefit_year is not None:
        parts.append(str(benefit_year))
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()


def append(
    db: Database, at: datetime, operator: str, action: str, payload: Any, benefit_year: int | None = None
) -> str:
    """Add one entry inside the caller's transaction; returns the new chain head."""
    last = db.execute("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    seq, prev = (last[0] + 1, last[1]) if last else (1, GENESIS)
    stamp = at.isoformat(timespec="seconds")
    body = canonical(payload)
    digest = entry_hash(prev, seq, stamp, operator, action, body, benefit_year)
    db.execute(
        "INSERT INTO audit_log (seq, at, operator, action, payload, prev_hash, hash, benefit_year) "
        "VALUES (?,?,?,?,?,?,?,?)",
        [seq, stamp, operator, action, body, prev, digest, benefit_year],
    )
    return digest


def head(db: Database) -> tuple[int, str]:
    last = db.execute("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    return (last[0], last[1]) if last else (0, GENESIS)


def newest_stamp(db: Database) -> str | None:
    """The time of the newest entry (ISO), to notice a clock turned back."""
    row = db.execute("SELECT at FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    return row[0] if row else None


def oldest_stamp(db: Database) -> str | None:
    row = db.execute("SELECT at FROM audit_log ORDER BY seq LIMIT 1").fetchone()
    return row[0] if row else None


@dataclass(frozen=True)
class ChainCheck:
    ok: bool
    entries: int
    head: str
    broken_at: int | None = None
    problem: str | None = None


def verify(db: Database) -> ChainCheck:
    prev, count, expected_seq = GENESIS, 0, 1
    for seq, at, operator, action, payload, prev_hash, digest, year in db.execute(
        "SELECT seq, at, operator, action, payload, prev_hash, hash, benefit_year FROM audit_log ORDER BY seq"
    ):
        if seq != expected_seq:
            return ChainCheck(False, count, prev, expected_seq, f"缺少第 {expected_seq} 条记录")
        if prev_hash != prev:
            return ChainCheck(False, count, prev, seq, f"第 {seq} 条记录的前一哈希与链不符")
        if entry_hash(prev, seq, at, operator, action, payload, year) != digest:
            return ChainCheck(False, count, prev, seq, f"第 {seq} 条记录的内容与其哈希不符（被改动过）")
        prev, count, expected_seq = digest, count + 1, seq + 1
    return ChainCheck(True, count, prev)

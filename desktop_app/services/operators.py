"""Collectors who log in; voids and refunds ask for the password again."""

from __future__ import annotations

from dataclasses import dataclass

from desktop_app.services.ledger import Ledger, LedgerError
from desktop_app.services.passwords import check_password, hash_password


@dataclass(frozen=True)
class Operator:
    id: int
    name: str


def add_operator(ledger: Ledger, name: str, password: str) -> Operator:
    """Inside the caller's transaction."""
    name = name.strip()
    if not name:
        raise LedgerError("收款员姓名不能为空", "collector")
    if len(password) < 4:
        raise LedgerError("密码至少4位", "password")
    if ledger.db.execute("SELECT 1 FROM operators WHERE name = ?", [name]).fetchone():
        raise LedgerError(f"收款员“{name}”已存在", "collector")
    cur = ledger.db.execute(
        "INSERT INTO operators (name, password_hash, created_at) VALUES (?, ?, ?)",
        [name, hash_password(password), ledger.now().isoformat(timespec="seconds")],
    )
    ledger.audit(name, "operator.add", {"name": name})
    assert cur.lastrowid is not None
    return Operator(cur.lastrowid, name)


def find_operator(ledger: Ledger, name: str) -> Operator:
    row = ledger.db.execute("SELECT id, name FROM operators WHERE name = ?", [name]).fetchone()
    if not row:
        raise LedgerError(f"没有收款员“{name}”", "operator")
    return Operator(row[0], row[1])


def login(ledger: Ledger, name: str, password: str | None) -> Operator:
    """The operator, if the password is theirs; otherwise a refusal naming the password."""
    if not password:
        raise LedgerError("需要收款员密码（--password 或环境变量 ZHENGJIAO_PASSWORD）", "password")
    row = ledger.db.execute("SELECT id, name, password_hash FROM operators WHERE name = ?", [name]).fetchone()
    if not row or not check_password(password, row[2]):
        raise LedgerError("收款员密码不正确", "password")
    return Operator(row[0], row[1])

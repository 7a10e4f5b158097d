"""Collectors who log in; voids and refunds ask for the password again."""

from __future__ import annotations

import re
from dataclasses import dataclass

from desktop_app.services.ledger import Ledger, LedgerError
from desktop_app.services.passwords import check_password, hash_password


@dataclass(frozen=True)
class Operator:
    id: int
    name: str
    receipt_prefix: str = ""


def check_receipt_prefix(prefix: str) -> str:
    prefix = prefix.strip().upper()
    if not re.fullmatch(r"[A-Z0-9]{1,8}", prefix):
        raise LedgerError("收据号前缀应为1到8位字母或数字，如 STZ", "receipt_prefix")
    return prefix


def add_operator(ledger: Ledger, name: str, password: str, receipt_prefix: str) -> Operator:
    """Inside the caller's transaction. Each collector has an own receipt prefix."""
    receipt_prefix = check_receipt_prefix(receipt_prefix)
    clash = ledger.db.execute("SELECT name FROM operators WHERE receipt_prefix = ?", [receipt_prefix]).fetchone()
    if clash:
        raise LedgerError(f"收据号前缀 {receipt_prefix} 已由收款员“{clash[0]}”使用，请换一个", "receipt_prefix")
    name = name.strip()
    if not name:
        raise LedgerError("收款员姓名不能为空", "collector")
    if len(password) < 4:
        raise LedgerError("密码至少4位", "password")
    if ledger.db.execute("SELECT 1 FROM operators WHERE name = ?", [name]).fetchone():
        raise LedgerError(f"收款员“{name}”已存在", "collector")
    cur = ledger.db.execute(
        "INSERT INTO operators (name, password_hash, created_at, receipt_prefix) VALUES (?, ?, ?, ?)",
        [name, hash_password(password), ledger.now().isoformat(timespec="seconds"), receipt_prefix],
    )
    ledger.audit(name, "operator.add", {"name": name, "receipt_prefix": receipt_prefix})
    assert cur.lastrowid is not None
    return Operator(cur.lastrowid, name, receipt_prefix)


def find_operator(ledger: Ledger, name: str) -> Operator:
    row = ledger.db.execute("SELECT id, name, receipt_prefix FROM operators WHERE name = ?", [name]).fetchone()
    if not row:
        raise LedgerError(f"没有收款员“{name}”", "operator")
    return Operator(row[0], row[1], row[2] or "")


def login(ledger: Ledger, name: str, password: str | None) -> Operator:
    """The operator, if the password is theirs; otherwise a refusal naming the password."""
    if not password:
        raise LedgerError("需要收款员密码（--password 或环境变量 ZHENGJIAO_PASSWORD）", "password")
    row = ledger.db.execute("SELECT id, name, password_hash, receipt_prefix FROM operators WHERE name = ?",
                            [name]).fetchone()
    if not row or not check_password(password, row[2]):
        raise LedgerError("收款员密码不正确", "password")
    return Operator(row[0], row[1], row[3] or "")

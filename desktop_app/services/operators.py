"""Collectors who log in; voids and refunds ask the acting collector's own password again."""

from __future__ import annotations

import re

from desktop_app.domain.operators import Acting, BenefitYear, Operator
from desktop_app.services.ledger import Ledger, LedgerError
from desktop_app.services.passwords import check_password, hash_password
from desktop_app.store import operators as store

__all__ = ["Acting", "Operator", "acting_as", "add_operator", "check_receipt_prefix", "find_operator",
           "list_operators", "login", "only_operator", "verify_password"]


def check_receipt_prefix(prefix: str) -> str:
    prefix = prefix.strip().upper()
    if not re.fullmatch(r"[A-Z0-9]{1,8}", prefix):
        raise LedgerError("收据号前缀应为1到8位字母或数字，如 STZ", "receipt_prefix")
    return prefix


def add_operator(ledger: Ledger, name: str, password: str, receipt_prefix: str,
                 by: Acting | str | None = None) -> Operator:
    """Inside the caller's transaction. Each collector has an own receipt prefix."""
    receipt_prefix = check_receipt_prefix(receipt_prefix)
    clash = store.by_prefix(ledger.db, receipt_prefix)
    if clash:
        raise LedgerError(f"收据号前缀 {receipt_prefix} 已由收款员“{clash.name}”使用，请换一个", "receipt_prefix")
    name = name.strip()
    if not name:
        raise LedgerError("收款员姓名不能为空", "collector")
    if len(password) < 4:
        raise LedgerError("密码至少4位", "password")
    if store.by_name(ledger.db, name):
        raise LedgerError(f"收款员“{name}”已存在", "collector")
    operator = store.add(ledger.db, name, hash_password(password), receipt_prefix, ledger.stamp())
    ledger.audit(by or name, "operator.add", {"name": name, "receipt_prefix": receipt_prefix})
    return operator


def find_operator(ledger: Ledger, name: str) -> Operator:
    found = store.by_name(ledger.db, name.strip())
    if not found:
        known = "、".join(o.name for o in store.all_operators(ledger.db)) or "无"
        raise LedgerError(f"没有收款员“{name}”（已有：{known}）", "operator")
    return found


def list_operators(ledger: Ledger) -> list[Operator]:
    return store.all_operators(ledger.db)


def only_operator(ledger: Ledger) -> Operator:
    """The one active collector, for commands run without ``--operator`` in a one-collector village."""
    active = [o for o in store.all_operators(ledger.db) if o.active]
    if len(active) == 1:
        return active[0]
    if not active:
        raise LedgerError("账本还没有收款员；请先完成设置", "operator")
    raise LedgerError(f"本村有多位收款员（{'、'.join(o.name for o in active)}），请用 --operator 指定是谁", "operator")


def verify_password(ledger: Ledger, operator: Operator, password: str | None) -> None:
    """Refuse unless the password is this operator's own."""
    if not password:
        raise LedgerError(f"需要收款员“{operator.name}”的密码（--password 或环境变量 ZHENGJIAO_PASSWORD）",
                          "password")
    if not check_password(password, store.password_hash(ledger.db, operator.id)):
        raise LedgerError(f"收款员“{operator.name}”的密码不正确", "password")


def login(ledger: Ledger, name: str, password: str | None) -> Operator:
    """The operator, if the password is theirs and they may still log in."""
    if not password:
        raise LedgerError("需要收款员密码（--password 或环境变量 ZHENGJIAO_PASSWORD）", "password")
    operator = store.by_name(ledger.db, name.strip())
    if operator is None or not check_password(password, store.password_hash(ledger.db, operator.id)):
        raise LedgerError("收款员密码不正确", "password")
    if not operator.active:
        raise LedgerError(f"收款员“{operator.name}”已停用，不能登录", "collector")
    return operator


def acting_as(ledger: Ledger, operator: Operator, year: int | BenefitYear | None = None) -> Acting:
    """Who acts, in which benefit year (the latest open one by default)."""
    chosen = year if isinstance(year, BenefitYear) else ledger.year(year)
    return Acting(operator, chosen)

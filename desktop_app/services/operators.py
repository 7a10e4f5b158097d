"""Collectors who log in; voids and refunds ask the acting collector's own password again.

A village may have several collectors (a 村医保专干 and 组长 collecting in their own
groups), each with an own login and receipt prefix. Adding one, disabling or enabling
one and resetting a password need the village's ADMIN password (管理密码), set in the
first-run wizard and kept only as a hash in the settings; the admin is a role, not a
person, so it is not an operator and cannot log in or take money. A disabled collector
cannot log in; their receipts, batches and audit entries keep their name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from desktop_app.domain.names import initials
from desktop_app.domain.operators import Acting, BenefitYear, Operator
from desktop_app.services.ledger import Ledger, LedgerError
from desktop_app.services.passwords import check_password, hash_password
from desktop_app.store import operators as store
from desktop_app.store import payments as payments_store
from desktop_app.store import settings as settings_store
from desktop_app.store.transactions import immediate

__all__ = [
    "Acting",
    "CollectorRow",
    "Operator",
    "acting_as",
    "add_collector",
    "add_operator",
    "change_receipt_prefix",
    "check_admin_password",
    "check_receipt_prefix",
    "collector_rows",
    "find_operator",
    "has_admin_password",
    "list_operators",
    "login",
    "only_operator",
    "proposed_prefix",
    "receipts_issued",
    "reset_password",
    "set_active",
    "set_admin_password",
    "verify_password",
]

ADMIN_KEY = "admin_password_hash"
MIN_PASSWORD = 4


def check_receipt_prefix(prefix: str) -> str:
    prefix = prefix.strip().upper()
    if not re.fullmatch(r"[A-Z0-9]{1,8}", prefix):
        raise LedgerError("收据号前缀应为1到8位字母或数字，如 STZ", "receipt_prefix")
    return prefix


def add_operator(
    ledger: Ledger, name: str, password: str, receipt_prefix: str, by: Acting | str | None = None
) -> Operator:
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
        raise LedgerError(f"需要收款员“{operator.name}”的密码（--password 或环境变量 ZHENGJIAO_PASSWORD）", "password")
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


# --- the admin password and the collectors it manages -------------------------------------


def _check_new_password(password: str, field: str = "password") -> None:
    if len(password) < MIN_PASSWORD:
        raise LedgerError(f"密码至少{MIN_PASSWORD}位", field)


def has_admin_password(ledger: Ledger) -> bool:
    return bool(settings_store.read_all(ledger.db).get(ADMIN_KEY))


def set_admin_password(ledger: Ledger, by: Acting | str, password: str) -> None:
    """Set (or change) the village's admin password; only its hash is kept. Audited, without the password."""
    _check_new_password(password, "admin_password")
    with immediate(ledger.db):
        changed = has_admin_password(ledger)
        settings_store.write(ledger.db, {ADMIN_KEY: hash_password(password)})
        ledger.audit(by, "admin.password", {"changed": changed})


def check_admin_password(ledger: Ledger, password: str) -> None:
    """Refuse unless ``password`` is the village's admin password."""
    stored = settings_store.read_all(ledger.db).get(ADMIN_KEY)
    if not stored:
        raise LedgerError("本村还没有设置管理密码；请先设置", "admin_password")
    if not password or not check_password(password, stored):
        raise LedgerError("管理密码不正确", "admin_password")


def proposed_prefix(ledger: Ledger, name: str) -> str:
    """A free receipt prefix for a new collector: the village's pinyin initials and the collector's
    (大庄村, 王芳 -> DZCWF), shortened to 8 letters, with a digit added while it is taken."""

    def letters(text: str) -> str:
        return re.sub(r"[^A-Z0-9]", "", initials(text.strip()).upper())

    base = (letters(ledger.settings.village) + letters(name))[:8] or "ZJ"
    taken = {o.receipt_prefix for o in store.all_operators(ledger.db)}
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = base[: 8 - len(str(n))] + str(n)
    return candidate


def add_collector(ledger: Ledger, acting: Acting, name: str, password: str, receipt_prefix: str) -> Operator:
    """A further collector with an own password and receipt prefix, in one transaction (audited)."""
    with immediate(ledger.db):
        return add_operator(ledger, name, password, receipt_prefix, by=acting)


def _operator(ledger: Ledger, operator_id: int) -> Operator:
    found = store.by_id(ledger.db, operator_id)
    if found is None:
        raise LedgerError("没有这位收款员", "operator")
    return found


def set_active(ledger: Ledger, acting: Acting, operator_id: int, active: bool) -> Operator:
    """Disable (cannot log in any more; their records keep their name) or enable a collector."""
    with immediate(ledger.db):
        operator = _operator(ledger, operator_id)
        if operator.active == active:
            return operator
        if not active:
            if operator.id == acting.operator.id:
                raise LedgerError("不能停用正在登录的自己；请换另一位收款员登录后再停用", "operator")
            if sum(o.active for o in store.all_operators(ledger.db)) <= 1:
                raise LedgerError("这是最后一位可以登录的收款员，不能停用", "operator")
        store.set_active(ledger.db, operator.id, active)
        ledger.audit(acting, "operator.enable" if active else "operator.disable", {"name": operator.name})
    return Operator(operator.id, operator.name, operator.receipt_prefix, active)


def reset_password(ledger: Ledger, acting: Acting, operator_id: int, password: str) -> None:
    """A new password for a collector who forgot theirs (audited, without the password)."""
    _check_new_password(password)
    with immediate(ledger.db):
        operator = _operator(ledger, operator_id)
        store.set_password(ledger.db, operator.id, hash_password(password))
        ledger.audit(acting, "operator.password", {"name": operator.name})


def change_receipt_prefix(ledger: Ledger, acting: Acting, prefix: str) -> Operator:
    """The acting collector's own receipt prefix, while they have issued no receipt in the year they act in:
    a prefix changed mid-year would break their receipt series (the county checks it has no gaps)."""
    prefix = check_receipt_prefix(prefix)
    operator = acting.operator
    if prefix == operator.receipt_prefix:
        return operator
    with immediate(ledger.db):
        clash = store.by_prefix(ledger.db, prefix)
        if clash and clash.id != operator.id:
            raise LedgerError(f"收据号前缀 {prefix} 已由收款员“{clash.name}”使用，请换一个", "receipt_prefix")
        issued = receipts_issued(ledger, operator.id, acting.benefit_year)
        if issued:
            raise LedgerError(
                f"您{acting.benefit_year}年度已开出 {issued} 张 {operator.receipt_prefix} 收据，本年度"
                "收据号前缀不能再改（收据号要连续）；下一年度开始前可以改",
                "receipt_prefix",
            )
        store.set_prefix(ledger.db, operator.id, prefix)
        ledger.audit(acting, "operator.prefix", {"name": operator.name, "from": operator.receipt_prefix, "to": prefix})
    return Operator(operator.id, operator.name, prefix, operator.active)


@dataclass(frozen=True)
class CollectorRow:
    """One collector as 收款员管理 lists them: who, their prefix, whether they may log in, receipts this year."""

    operator: Operator
    receipts: int

    @property
    def state(self) -> str:
        return "可以登录" if self.operator.active else "已停用"


def collector_rows(ledger: Ledger, year: int) -> list[CollectorRow]:
    return [CollectorRow(o, receipts_issued(ledger, o.id, year)) for o in store.all_operators(ledger.db)]


def receipts_issued(ledger: Ledger, operator_id: int, year: int) -> int:
    """How many receipts a collector has issued in a benefit year (voided ones too: their numbers are used)."""
    return payments_store.next_serial(ledger.db, operator_id, year) - 1

"""Setting up a village's ledger: policy, area, collector, receipt prefix."""

from __future__ import annotations

from desktop_app.policy.loader import PolicyFileError
from desktop_app.services.ledger import Ledger, LedgerError, Settings
from desktop_app.services.operators import add_operator, check_receipt_prefix
from desktop_app.services.policies import UnknownPolicyError


def validate_settings(ledger: Ledger, settings: Settings) -> None:
    try:
        policy = ledger.catalogue.load(settings.policy_id).policy
    except (UnknownPolicyError, PolicyFileError) as e:
        raise LedgerError(str(e), "policy") from None
    if settings.area and policy.area(settings.area) is None:
        known = "、".join(f"{a.code}（{a.name}）" for a in policy.areas) or "（本政策不分地区）"
        raise LedgerError(f"地区“{settings.area}”不在{policy.jurisdiction}，可用：{known}", "area")
    if not settings.village.strip():
        raise LedgerError("村名不能为空", "village")
    check_receipt_prefix(settings.receipt_prefix)


def initialise(ledger: Ledger, settings: Settings, password: str) -> None:
    if ledger.is_initialised():
        raise LedgerError(f"数据库 {ledger.path} 已经设置过；修改设置请用设置对话框", "db")
    validate_settings(ledger, settings)
    with ledger.db.atomic():
        add_operator(ledger, settings.collector, password, settings.receipt_prefix)
        ledger.save_settings(settings, settings.collector)

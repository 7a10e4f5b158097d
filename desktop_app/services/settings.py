"""Changing the village's settings after the first run: groups, target, receipt prefix.

The village's name stays as set up (it is on every receipt and batch already issued);
each benefit year keeps its own policy and area. A village group that households still belong to cannot be
removed; rename it in the register first. Every change is in the audit log.
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal, InvalidOperation

from desktop_app.domain.operators import Acting
from desktop_app.services.household_list import village_groups_in_use
from desktop_app.services.ledger import Ledger, LedgerError, Settings
from desktop_app.services.operators import change_receipt_prefix, check_receipt_prefix
from desktop_app.store.transactions import immediate

_SEPARATORS = re.compile(r"[\s,，、;；/]+")


def split_groups(text: str) -> tuple[str, ...]:
    """'一组、二组 三组' -> ('一组', '二组', '三组'), in order, each once."""
    seen: list[str] = []
    for part in _SEPARATORS.split(text.strip()):
        if part and part not in seen:
            seen.append(part)
    return tuple(seen)


def parse_target(text: str) -> str:
    """'95', '95%', '99.5' -> the stored form; refuses anything outside 1–100."""
    cleaned = text.strip().rstrip("%％").strip()
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise LedgerError(f"参保率目标“{text}”应为数字，如 95 或 99.5", "participation_target") from None
    if not value.is_finite() or value <= 0 or value > 100:
        raise LedgerError("参保率目标应在 1 到 100 之间（百分比）", "participation_target")
    return format(value.normalize(), "f")


def target_of(ledger: Ledger, year: int | None = None) -> Decimal | None:
    """The village's participation target in percent: its own setting, else the year's policy's."""
    text = ledger.settings.participation_target
    if text:
        try:
            return Decimal(text)
        except InvalidOperation:
            return None
    return ledger.policy_of(year).policy.participation_target


def validate_groups(groups: tuple[str, ...]) -> None:
    if not groups:
        raise LedgerError("至少要有一个村民小组，如 一组", "village_groups")
    too_long = [g for g in groups if len(g) > 20]
    if too_long:
        raise LedgerError(f"村民小组名称太长：{too_long[0]}（最多20个字）", "village_groups")


def parse_task_count(text: str) -> int:
    """The township's 任务数 as typed ('1850', '1,850', '1850人'); '' is 0 (none: the target in percent)."""
    cleaned = text.strip().replace(",", "").replace("，", "").removesuffix("人").strip()
    if not cleaned:
        return 0
    if not cleaned.isdigit():
        raise LedgerError(f"任务数“{text}”应为人数，如 1850", "task_count")
    return int(cleaned)


def update_settings(
    ledger: Ledger,
    acting: Acting,
    *,
    village_groups: tuple[str, ...],
    participation_target: str,
    receipt_prefix: str,
    task_count: int | None = None,
) -> Settings:
    """Save the changed settings in one transaction with an audit entry; returns them.

    The receipt prefix is the ACTING collector's own (each collector numbers their own receipts,
    ``services.operators.change_receipt_prefix``); the village's setting follows it when it was theirs,
    as the prefix proposed to the next collector. After a change, log the collector in again
    (``acting_as(ledger, find_operator(ledger, acting.name))``): ``acting`` still holds the old one.
    ``task_count``: the township's 任务数 (people to cover; 0 for none), unchanged when not given."""
    validate_groups(village_groups)
    target = parse_target(participation_target) if participation_target.strip() else ""
    prefix = check_receipt_prefix(receipt_prefix)
    with immediate(ledger.db):
        current = ledger.settings
        in_use = village_groups_in_use(ledger)
        dropped = [g for g in current.village_groups if g not in village_groups and in_use.get(g)]
        if dropped:
            g = dropped[0]
            raise LedgerError(f"村民小组“{g}”还有 {in_use[g]} 户，不能删除；请先把这些户改到其他小组", "village_groups")
        old_prefix = acting.operator.receipt_prefix
        change_receipt_prefix(ledger, acting, prefix)
        shared = current.receipt_prefix in ("", old_prefix)
        changed = replace(
            current,
            village_groups=village_groups,
            participation_target=target,
            receipt_prefix=prefix if shared else current.receipt_prefix,
            task_count=current.task_count if task_count is None else max(task_count, 0),
        )
        if changed != current:
            ledger.save_settings(changed, acting)
    return changed

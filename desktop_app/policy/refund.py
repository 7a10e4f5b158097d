"""Whether a payment may be refunded on a date for a reason, per the notice."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Protocol

from desktop_app.domain.codes import REFUND_REASONS
from desktop_app.domain.money import Fen, format_yuan_short
from desktop_app.policy.model import Policy


class RefundablePayment(Protocol):
    """What refund rules look at: a quote line as it was frozen at payment."""

    @property
    def due(self) -> Fen: ...

    @property
    def benefit_start(self) -> date | None: ...


@dataclass(frozen=True)
class RefundDecision:
    allowed: bool
    amount: Fen
    reason: str
    explanation: tuple[str, ...]


def refund_check(policy: Policy, payment: RefundablePayment, on: date, reason: str) -> RefundDecision:
    if reason not in REFUND_REASONS:
        known = "、".join(f"{k}（{v}）" for k, v in REFUND_REASONS.items())
        raise ValueError(f"未知的退费原因“{reason}”，可用：{known}")
    label = REFUND_REASONS[reason]
    if not policy.refunds:
        return RefundDecision(False, 0, policy.no_refund_reason, (policy.no_refund_reason,))
    cite = f"（{policy.document} {policy.refunds[0].clause}）"
    rule = next((r for r in policy.refunds if reason in r.reasons), None)
    if rule is None:
        allowed = "、".join(REFUND_REASONS[r] for r in policy.refunds[0].reasons)
        text = f"因{label}不能退费：本通知只允许因{allowed}退费"
        return RefundDecision(False, 0, text, (text + cite,))
    cite = f"（{policy.document} {rule.clause}）"
    start = payment.benefit_start
    if start is None or on >= start:
        text = f"待遇已于{start}开始享受，按规定不予退还个人缴费"
        return RefundDecision(False, 0, text, (text + cite,))
    text = f"因{label}退费：待遇尚未开始（{start}起），退还个人缴费{format_yuan_short(payment.due)}元"
    return RefundDecision(True, payment.due, text, (text + cite,))

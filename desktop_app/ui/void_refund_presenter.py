"""Void and refund without a window: the receipt, the reason, the password, the record.

Both ask again for the password of the collector who is logged in (the acting one,
services.operators.verify_password), never another collector's; a wrong password
writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop_app.domain.codes import REFUND_REASONS
from desktop_app.domain.errors import Refusal
from desktop_app.domain.money import Fen, format_yuan
from desktop_app.domain.operators import Acting
from desktop_app.services import payments, refunds
from desktop_app.services.ledger import Ledger, LedgerError
from desktop_app.services.operators import verify_password
from desktop_app.services.records import STATUS_LABELS, Payment, load_payment_by_receipt


class ActionRefused(Refusal):
    """Nothing was written; the Chinese message names the field and the fix."""


@dataclass(frozen=True)
class ReceiptLine:
    line_id: int
    name: str
    id_number: str
    due: str
    refunded: str  # '' or '已退费 2022-01-05'


class ReceiptActionPresenter:
    """What both dialogs share: the receipt as it stands, and the password check."""

    verb = ""

    def __init__(self, ledger: Ledger, acting: Acting, receipt_no: str) -> None:
        self.ledger, self.acting = ledger, acting
        self.receipt_no = receipt_no.strip().upper()
        self.result: Payment | None = None
        try:
            self.original: Payment | None = load_payment_by_receipt(ledger, self.receipt_no)
        except LedgerError as e:
            self.original = None
            self.load_error = e.message
        else:
            self.load_error = ""

    @property
    def collector(self) -> str:
        """Whose password is asked: the collector logged in."""
        return self.acting.name

    def summary(self) -> str:
        p = self.original
        if p is None:
            return self.load_error
        text = (
            f"收据号 {p.receipt_no}　缴费日期 {p.paid_on}　户号 {p.household_no}（{p.village_group}）　"
            f"收款员 {p.operator}　金额 {format_yuan(p.total_due)} 元　状态 {STATUS_LABELS[p.status]}"
        )
        if self.verb == "作废":
            text += "\n人员：" + "、".join(f"{ln.name} {format_yuan(ln.due)}" for ln in p.lines)
        if p.void:
            text += f"\n已于 {p.void.voided_on} 作废：{p.void.reason}（{p.void.operator}）"
        if p.refunds:
            text += f"\n已退费 {format_yuan(p.refunded)} 元"
        return text

    def lines(self) -> list[ReceiptLine]:
        if self.original is None:
            return []
        done = {r.line_id: r for r in self.original.refunds}
        return [
            ReceiptLine(
                ln.id,
                ln.name,
                ln.id_number or "（无证件）",
                format_yuan(ln.due),
                f"已退费 {done[ln.id].refunded_on}" if ln.id in done else "",
            )
            for ln in self.original.lines
        ]

    def blocked(self) -> str:
        """Why nothing can be done with this receipt, or ''."""
        return self.load_error

    def _check_password(self, password: str) -> None:
        if not password:
            raise ActionRefused(f"请输入收款员“{self.collector}”的密码", "password")
        try:
            verify_password(self.ledger, self.acting.operator, password)
        except LedgerError as e:
            raise ActionRefused(e.message, "password") from None


class VoidPresenter(ReceiptActionPresenter):
    verb = "作废"

    def blocked(self) -> str:
        p = self.original
        if p is None:
            return self.load_error
        if p.void:
            return f"收据 {p.receipt_no} 已于 {p.void.voided_on} 作废，不能再作废"
        if p.refunds:
            return f"收据 {p.receipt_no} 已有退费记录，不能再作废"
        return ""

    def submit(self, reason: str, password: str) -> Payment:
        if self.blocked():
            raise ActionRefused(self.blocked(), "receipt_no")
        if not reason.strip():
            raise ActionRefused("请写明作废原因，如“金额收错，重新开票”", "reason")
        self._check_password(password)
        try:
            self.result = payments.void(self.ledger, self.acting, self.receipt_no, reason)
        except LedgerError as e:
            raise ActionRefused(e.message, e.field) from None
        return self.result


class RefundPresenter(ReceiptActionPresenter):
    verb = "退费"
    reasons = REFUND_REASONS

    def blocked(self) -> str:
        p = self.original
        if p is None:
            return self.load_error
        if p.void:
            return f"收据 {p.receipt_no} 已作废，作废的收据不能退费"
        if len(p.refunds) == len(p.lines):
            return f"收据 {p.receipt_no} 的费用已经全部退还"
        return ""

    def refundable(self) -> list[int]:
        done = {r.line_id for r in self.original.refunds} if self.original else set()
        return [ln.id for ln in self.original.lines if ln.id not in done] if self.original else []

    def amount(self, line_ids: set[int]) -> Fen:
        if self.original is None:
            return 0
        return sum(ln.due for ln in self.original.lines if ln.id in line_ids)

    def submit(
        self,
        reason_code: str,
        note: str,
        password: str,
        line_ids: set[int],
        *,
        evidence: str = "",
        bank: str = "",
        account: str = "",
    ) -> Payment:
        if self.blocked():
            raise ActionRefused(self.blocked(), "receipt_no")
        assert self.original is not None
        if reason_code not in REFUND_REASONS:
            raise ActionRefused("请选择退费原因", "reason")
        chosen = [ln for ln in self.original.lines if ln.id in line_ids and ln.id in self.refundable()]
        if not chosen:
            raise ActionRefused("请勾选要退费的人员", "lines")
        everyone = len(chosen) == len(self.refundable())
        if not everyone and any(not ln.id_number for ln in chosen):
            raise ActionRefused("没有证件号码的人员只能与整张收据剩余的人员一起退费：请全部勾选", "lines")
        self._check_password(password)
        reason = REFUND_REASONS[reason_code] + (f"：{note.strip()}" if note.strip() else "")
        if refunds.refund_reason_code(reason) != reason_code:
            raise ActionRefused("说明里写了另一个退费原因的字样，请删去或改选对应的退费原因", "reason")
        id_numbers = () if everyone else tuple(ln.id_number for ln in chosen if ln.id_number)
        try:
            self.result = refunds.refund(
                self.ledger,
                self.acting,
                self.receipt_no,
                reason,
                id_numbers=id_numbers,
                evidence=evidence,
                bank=bank,
                account=account,
            )
        except LedgerError as e:
            raise ActionRefused(e.message, e.field) from None
        return self.result

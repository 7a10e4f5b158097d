"""The refund dialog's application part: evidence, the villager's bank and account, and the 退费申请表.

A refund is an application (山头镇 notice 七): 税务 pays back into the villager's own
account, nothing leaves the collector's drawer. So the refund dialog asks what proves
the reason, and the bank and account to pay into, says plainly that no cash is handed
out, and once the application is recorded offers its 退费申请表 for printing (the
villager signs it and it goes to 医保 and 税务). ``ApplicationFields`` is added to the
dialog's form; its ``values()`` are the keywords ``services.refunds.refund`` takes.
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel, QLineEdit, QMainWindow, QWidget

from desktop_app.services.refunds import refund_applications
from desktop_app.ui.dialog_parts import buddy_rows
from desktop_app.ui.void_refund_presenter import ActionRefused

if TYPE_CHECKING:
    from desktop_app.ui.void_refund_dialog import RefundDialog

NOT_CASH = "退费是申请：医保部门终止参保关系后，税务部门退到参保人本人账户；收款员不退现金。"
AMOUNT_NOTE = "（由税务部门退到参保人账户，不退现金）"


class ApplicationFields:
    """Three rows in the refund dialog's form and a sentence under them."""

    def __init__(self, dialog: RefundDialog) -> None:
        self.dialog = dialog
        self.evidence, self.bank, self.account = QLineEdit(), QLineEdit(), QLineEdit()
        self.evidence.setPlaceholderText("如：职工医保参保证明、死亡证明、异地参保缴费凭证")
        self.bank.setPlaceholderText("如：农业银行××支行、农商行")
        self.account.setPlaceholderText("参保人本人的银行卡或一卡通账号")
        buddy_rows(
            dialog.form,
            (("证明材料(&E)：", self.evidence), ("开户银行(&K)：", self.bank), ("退款账号(&A)：", self.account)),
        )
        note = QLabel(NOT_CASH)
        note.setWordWrap(True)
        note.setStyleSheet("color: #b71c1c;")
        dialog.form.addRow("", note)
        dialog.accepted.connect(self._offer_print)
        self.printed: str | None = None
        # Four rows more than the dialog was sized for: grow it, as far as the screen allows, so the
        # people's table keeps its rows (1366×768 at 字号 特大 included).
        metrics = dialog.fontMetrics()
        room = dialog.screen().availableGeometry()
        width = max(dialog.width(), metrics.horizontalAdvance("中") * 44)
        height = dialog.height() + 4 * (metrics.height() + 14)
        dialog.resize(min(width, room.width() - 40), min(height, room.height() - 60))

    @property
    def widgets(self) -> tuple[QWidget, ...]:
        return (self.evidence, self.bank, self.account)

    def values(self) -> dict[str, str]:
        """evidence, bank and account for services.refunds.refund. Left empty, the printed form has blank
        lines to fill in by hand; an account that is typed must be one (digits only)."""
        account = re.sub(r"[\s-]+", "", unicodedata.normalize("NFKC", self.account.text()))
        if account and (not account.isdigit() or not 8 <= len(account) <= 30):
            self.account.setFocus()
            raise ActionRefused("退款账号应为参保人本人的银行卡或一卡通账号（8 到 30 位数字）", "account")
        return {"evidence": self.evidence.text().strip(), "bank": self.bank.text().strip(), "account": account}

    def _offer_print(self) -> None:
        """After the application is recorded from the window: its 退费申请表, to the printer or a PDF, or later
        (收费 → 退费申请 → 打印申请表 prints it again)."""
        dialog = self.dialog
        parent = dialog.parentWidget()
        if not isinstance(parent, QMainWindow):
            return  # opened on its own (a script, a test): the caller prints
        found = refund_applications(dialog.presenter.ledger, receipt_no=dialog.presenter.receipt_no)
        if not found:
            return
        from desktop_app.ui.print_dialog import choose_and_print

        self.printed = choose_and_print(
            parent,
            dialog.presenter.ledger,
            dialog.presenter.acting,
            "refund_form",
            uid=found[-1].uid,
            receipt_no=found[-1].receipt_no,
        )
        if self.printed and isinstance(parent, QMainWindow):
            parent.statusBar().showMessage(self.printed, 10000)

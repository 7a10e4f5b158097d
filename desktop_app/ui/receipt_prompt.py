"""Which receipt to void, refund or print again: the chosen household's are offered, any other may be typed.

A number that is not in the ledger is refused here, naming it, before anything else is
asked (the reason and password of a void, a printer or a file for a reprint). ↓ lists
the household's receipts; Enter takes the one in the box.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QCompleter, QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QVBoxLayout, QWidget

from desktop_app.services.ledger import Ledger, LedgerError
from desktop_app.services.records import load_payment_by_receipt
from desktop_app.ui.widgets import MessageLabel


class ReceiptBox(QLineEdit):
    """A receipt number; ↓ opens the list of the household's receipts."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        completer = self.completer()
        if event.key() == Qt.Key.Key_Down and completer is not None and completer.model().rowCount():
            completer.setCompletionPrefix("")
            completer.complete()
            return
        super().keyPressEvent(event)


class ReceiptNumberDialog(QDialog):
    def __init__(self, ledger: Ledger, title: str, offered: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ledger = ledger
        self.receipt_no = ""
        self.offered = list(offered)
        self.setWindowTitle(title)
        self.number = ReceiptBox(self.offered[0] if self.offered else "")
        self.number.setPlaceholderText("如 DZC2022000001")
        if self.offered:
            completer = QCompleter(self.offered, self.number)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
            self.number.setCompleter(completer)
        self.message = MessageLabel()
        self.message.show_hint(
            f"本户的收据：{'、'.join(self.offered)}（↓ 选择）；也可以输入其他收据号" if self.offered else "请输入收据号"
        )
        form = QFormLayout()
        form.addRow("收据号(&R)：", self.number)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("确定")
        ok.setDefault(True)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.check)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("中") * 30)
        self.number.selectAll()
        self.number.setFocus()

    def check(self) -> None:
        text = self.number.text().strip().upper()
        if not text:
            self.message.show_error("请输入收据号")
            self.number.setFocus()
            return
        try:
            load_payment_by_receipt(self.ledger, text)
        except LedgerError as e:
            self.message.show_error(e.message)
            self.number.selectAll()
            self.number.setFocus()
            return
        self.receipt_no = text
        self.accept()

"""Logging in before the main window: collector and password. Enter logs in, Esc quits."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop_app.services.ledger import Ledger, LedgerError
from desktop_app.services.operators import Operator, login
from desktop_app.ui.widgets import MessageLabel, set_tab_order


class LoginDialog(QDialog):
    def __init__(self, ledger: Ledger, parent: QWidget | None = None, hint: str = "") -> None:
        super().__init__(parent)
        self.ledger = ledger
        self.operator: Operator | None = None
        settings = ledger.settings
        self.setWindowTitle(f"征缴通 — {settings.village} 登录")
        title = QLabel(f"<b>{settings.village}</b>　{ledger.policy.policy.name}")
        title.setWordWrap(True)
        self.collector = QLineEdit(settings.collector)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = MessageLabel()
        if hint:
            self.message.show_hint(hint)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText("登录(&L)")
        self.ok.setDefault(True)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("退出")
        buttons.accepted.connect(self.try_login)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("收款员(&C)：", self.collector)
        form.addRow("密码(&W)：", self.password)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        set_tab_order(self.collector, self.password, self.ok)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("中") * 30)
        (self.password if self.collector.text() else self.collector).setFocus()

    def try_login(self) -> None:
        try:
            self.operator = login(self.ledger, self.collector.text().strip(), self.password.text())
        except LedgerError as e:
            self.message.show_error("收款员姓名或密码不正确" if e.field in ("password", "operator") else e.message)
            self.password.clear()
            self.password.setFocus()
            return
        self.accept()

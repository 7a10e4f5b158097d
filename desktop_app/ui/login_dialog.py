"""Logging in before the main window: which collector, and their password. Enter logs in, Esc quits.

The collector is chosen from the village's active collectors (the last one to log in on
this computer first), so nobody types a name, and each acts under their own login. A
login gives an ``Acting``: that collector, in the latest open benefit year.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.operators import Acting
from desktop_app.services.ledger import Ledger, LedgerError
from desktop_app.services.operators import acting_as, list_operators, login
from desktop_app.ui.widgets import MessageLabel, preferences, set_tab_order

LAST_COLLECTOR = "login/collector"


class LoginDialog(QDialog):
    def __init__(self, ledger: Ledger, parent: QWidget | None = None, hint: str = "") -> None:
        super().__init__(parent)
        self.ledger = ledger
        self.acting: Acting | None = None
        village = ledger.settings.village
        self.setWindowTitle(f"征缴通 — {village} 登录")
        title = QLabel(f"<b>{village}</b>　{ledger.policy_of().policy.name}")  # the latest open year's
        title.setWordWrap(True)
        self.collector = QComboBox()
        self.collector.setAccessibleName("收款员")
        names = [o.name for o in list_operators(ledger) if o.active]
        self.collector.addItems(names)
        last = preferences().value(LAST_COLLECTOR)
        if isinstance(last, str) and last in names:
            self.collector.setCurrentText(last)
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
        self.password.setFocus()

    def try_login(self) -> None:
        try:
            operator = login(self.ledger, self.collector.currentText(), self.password.text())
            self.acting = acting_as(self.ledger, operator)
        except LedgerError as e:
            self.message.show_error("收款员或密码不正确" if e.field in ("password", "operator") else e.message)
            self.password.clear()
            self.password.setFocus()
            return
        prefs = preferences()
        prefs.setValue(LAST_COLLECTOR, operator.name)
        prefs.sync()
        self.accept()

"""结报: hand the cash in hand to the tax office's receiver, with the deposit slip, and print the 结报单.

The dialog first shows what would be handed over — the cash, the receipts first to last,
the forms used and spoiled — then asks the deposit slip's number, who received the cash,
the amount the collector counted, and the password. An amount that is not the cash in
hand is refused (票款一致) and nothing is settled. After the settlement the 结报单 is
offered for printing (打印机 / PDF / 稍后; 打印 → 结报单 prints it again later).
"""

from __future__ import annotations

from PySide6.QtCore import QRegularExpression, Qt
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QDialog, QFormLayout, QFrame, QLabel, QLineEdit, QVBoxLayout, QWidget

from desktop_app.domain.money import format_yuan
from desktop_app.domain.operators import Acting
from desktop_app.services.ledger import Ledger
from desktop_app.ui.bills_dialog import buttons_row
from desktop_app.ui.cash_presenters import CashRefused, SettlePresenter
from desktop_app.ui.dialog_parts import buddy_rows
from desktop_app.ui.widgets import MessageLabel, set_tab_order


class SettleDialog(QDialog):
    def __init__(self, ledger: Ledger, acting: Acting, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ledger, self.acting = ledger, acting
        self.presenter = SettlePresenter(ledger, acting)
        self.printed: str | None = None
        self.setWindowTitle(f"结报 — 收款员 {acting.name}")
        facts = QFrame()
        facts.setFrameShape(QFrame.Shape.StyledPanel)
        facts_form = QFormLayout(facts)
        for label, value in self.presenter.facts():
            text = QLabel(value)
            text.setWordWrap(True)
            text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            if label == "手中现金":
                font = text.font()
                font.setPointSizeF(font.pointSizeF() * 1.5)
                font.setBold(True)
                text.setFont(font)
            if label == "提醒":
                text.setStyleSheet("color: #b71c1c;")
            facts_form.addRow(f"{label}：", text)
        self.slip_no, self.to_name, self.amount, self.password = QLineEdit(), QLineEdit(), QLineEdit(), QLineEdit()
        self.slip_no.setPlaceholderText("缴款书（银行缴款单）上的号码")
        self.to_name.setPlaceholderText("如：镇财政所 王会计")
        self.amount.setPlaceholderText(format_yuan(self.presenter.state.cash.in_hand))
        self.amount.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d{0,9}(\.\d{0,2})?"), self.amount))
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(f"收款员“{acting.name}”的登录密码")
        form = buddy_rows(
            QFormLayout(),
            (
                ("缴款书号(&N)：", self.slip_no),
                ("收款人(&T)：", self.to_name),
                ("清点交出金额（元）(&M)：", self.amount),
                ("收款员密码(&P)：", self.password),
            ),
        )
        note = QLabel(
            "结报交出全部未结报的收据款项；金额须与手中现金一致（票款一致）。结报后的收据不能再作废，"
            "需要退款时办理退费申请。"
        )
        note.setWordWrap(True)
        self.message = MessageLabel()
        row, self.ok, cancel = buttons_row("确认结报 (Enter)", self)
        self.ok.clicked.connect(self.submit)
        self.ok.setDefault(True)
        layout = QVBoxLayout(self)
        layout.addWidget(facts)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.message)
        layout.addStretch(1)
        layout.addLayout(row)
        set_tab_order(self.slip_no, self.to_name, self.amount, self.password, self.ok, cancel)
        room = self.screen().availableGeometry()
        self.resize(min(self.fontMetrics().horizontalAdvance("中") * 44, room.width() - 40), self.sizeHint().height())
        if self.presenter.nothing:
            self.message.show_hint("没有要结报的款项。")
            for w in (self.slip_no, self.to_name, self.amount, self.password, self.ok):
                w.setEnabled(False)
            cancel.setFocus()
        else:
            self.slip_no.setFocus()

    def submit(self) -> None:
        try:
            done = self.presenter.settle(
                self.slip_no.text(), self.to_name.text(), self.amount.text(), self.password.text()
            )
        except CashRefused as e:
            self.message.show_error(e.message)
            widgets = {"slip_no": self.slip_no, "to": self.to_name, "amount": self.amount, "password": self.password}
            if e.field == "password":
                self.password.clear()
            widget = widgets.get(e.field or "", self.slip_no)
            widget.setFocus()
            widget.selectAll()
            return
        from desktop_app.ui.print_dialog import choose_and_print

        self.printed = choose_and_print(self, self.ledger, self.acting, "settlement", settlement_no=done.settlement_no)
        self.accept()

    def summary(self) -> str:
        """What the status bar says afterwards."""
        done = self.presenter.done
        if done is None:
            return ""
        text = (
            f"第 {done.settlement_no} 号结报：收据 {done.from_receipt}–{done.to_receipt} 共 {done.count} 张，"
            f"{format_yuan(done.amount)} 元，缴款书 {done.slip_no}"
        )
        return text + (f"；{self.printed}" if self.printed else "")

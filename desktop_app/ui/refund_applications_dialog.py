"""退费申请: the applications made, their state, and the answer when it comes (已退 / 不予退费).

A refund is an application (山头镇 notice 七): 医保 ends the enrolment, 税务 pays back into
the villager's account. This list shows each application with its state; when the
answer comes the collector records it — 已退, or 不予退费 with the office's words — with
the password again. The 退费申请表 can be printed again from here. Logic in
ui.cash_presenters.RefundListPresenter.
"""

from __future__ import annotations

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.operators import Acting
from desktop_app.domain.payments import REFUND_STATE_LABELS
from desktop_app.services.ledger import Ledger
from desktop_app.ui.bills_dialog import confirm_form, fill, read_only_table
from desktop_app.ui.cash_presenters import ApplicationRow, CashRefused, RefundListPresenter
from desktop_app.ui.dialog_parts import buddy_rows
from desktop_app.ui.widgets import MessageLabel, set_tab_order

COLUMNS = ("申请日期", "收据号", "户号", "人员", "金额", "原因", "状态", "答复")
PAID_BACK, DECLINED = REFUND_STATE_LABELS["refunded"], REFUND_STATE_LABELS["declined"]


class AnswerDialog(QDialog):
    """已退 or 不予退费 for one application: the answer's words, the password."""

    def __init__(
        self, presenter: RefundListPresenter, row: ApplicationRow, state: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.presenter, self.row, self.state = presenter, row, state
        self.setWindowTitle(f"退费申请答复：{state}")
        about = QLabel(f"收据 {row.receipt_no}　{row.names}　{row.amount} 元　{row.reason}（{row.applied_on} 申请）")
        about.setWordWrap(True)
        self.note, self.password = QLineEdit(), QLineEdit()
        self.note.setPlaceholderText("税务或医保的答复" + ("（必填）" if state == DECLINED else "，如 已退到农行账户"))
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(f"收款员“{presenter.acting.name}”的登录密码")
        form = buddy_rows(QFormLayout(), (("答复说明(&N)：", self.note), ("收款员密码(&P)：", self.password)))
        hint = (
            "不予退费时，原收据继续有效，这些人员恢复参保。"
            if state == DECLINED
            else "已退：税务部门已把退费退到参保人的账户。"
        )
        self.message, self.ok, cancel = confirm_form(
            self, form, hint, (f"记为“{state}” (Enter)", self.submit), above=about, width=36
        )
        set_tab_order(self.note, self.password, self.ok, cancel)
        self.note.setFocus()

    def submit(self) -> None:
        try:
            self.presenter.answer(self.row.uid, self.state, self.note.text(), self.password.text())
        except CashRefused as e:
            self.message.show_error(e.message)
            if e.field == "password":
                self.password.clear()
                self.password.setFocus()
            else:
                self.note.setFocus()
            return
        self.accept()


class RefundApplicationsDialog(QDialog):
    def __init__(self, ledger: Ledger, acting: Acting, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ledger, self.acting = ledger, acting
        self.presenter = RefundListPresenter(ledger, acting)
        self.setWindowTitle("退费申请")
        self.filter = QComboBox()
        for code, label in self.presenter.states.items():
            self.filter.addItem(label, code)
        self.filter.currentIndexChanged.connect(self._filter_changed)
        filter_label = QLabel("状态(&F)：")
        filter_label.setBuddy(self.filter)
        top = QHBoxLayout()
        top.addWidget(filter_label)
        top.addWidget(self.filter)
        top.addStretch(1)
        note = QLabel(
            "退费是申请：医保部门终止参保关系，税务部门把钱退到参保人本人账户；村里不退现金。"
            "答复来了再记“已退”或“不予退费”。"
        )
        note.setWordWrap(True)
        self.table = read_only_table(COLUMNS)
        self.table.setAccessibleName("退费申请")
        self.table.currentCellChanged.connect(lambda *_: self._enable())
        self.message = MessageLabel()
        self.paid_back = QPushButton("已退(&D)…")
        self.declined = QPushButton("不予退费(&N)…")
        self.print_button = QPushButton("打印申请表(&P)…")
        close = QPushButton("关闭 (Esc)")
        for b in (self.paid_back, self.declined, self.print_button):
            b.setAutoDefault(False)
        self.paid_back.clicked.connect(lambda: self.answer(PAID_BACK))
        self.declined.clicked.connect(lambda: self.answer(DECLINED))
        self.print_button.clicked.connect(self.print_form)
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        for b in (self.paid_back, self.declined, self.print_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(note)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        set_tab_order(self.table, self.filter, self.paid_back, self.declined, self.print_button, close)
        room = self.screen().availableGeometry()
        width = self.fontMetrics().horizontalAdvance("中") * 64
        self.resize(min(width, room.width() - 40), min(int(width * 0.55), room.height() - 60))
        self.rows: list[ApplicationRow] = []
        self.refresh()
        self.table.setFocus()

    def refresh(self) -> None:
        self.rows = self.presenter.rows()
        fill(
            self.table,
            [
                (r.applied_on, r.receipt_no, r.household_no, r.names, r.amount, r.reason, r.state, r.answer)
                for r in self.rows
            ],
            right=(4,),
        )
        for r, row in enumerate(self.rows):
            item = self.table.item(r, 6)
            if item is not None and row.open:
                item.setForeground(QColor("#b71c1c"))
        self._enable()

    def current(self) -> ApplicationRow | None:
        r = self.table.currentRow()
        return self.rows[r] if 0 <= r < len(self.rows) else None

    def _enable(self) -> None:
        row = self.current()
        for b in (self.paid_back, self.declined):
            b.setEnabled(row is not None and row.open)
        self.print_button.setEnabled(row is not None)

    def _filter_changed(self) -> None:
        self.presenter.state = str(self.filter.currentData() or "")
        self.refresh()

    def answer(self, state: str) -> None:
        row = self.current()
        if row is None or not row.open:
            return
        if AnswerDialog(self.presenter, row, state, self).exec():
            self.refresh()
            self.message.show_ok(f"收据 {row.receipt_no} 的退费申请已记为“{state}”")
            self.table.setFocus()

    def print_form(self) -> None:
        row = self.current()
        if row is None:
            return
        from desktop_app.ui.print_dialog import choose_and_print

        done = choose_and_print(self, self.ledger, self.acting, "refund_form", uid=row.uid, receipt_no=row.receipt_no)
        if done:
            self.message.show_ok(done)

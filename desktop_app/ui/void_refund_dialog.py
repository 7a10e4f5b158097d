"""作废 and 退费: the receipt, a reason, and the logged-in collector's own password again.

A wrong password, a missing reason or a refusal by the policy shows a red line under
the field and writes nothing. After success ``.payment`` holds the record as it now is.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.money import format_yuan
from desktop_app.domain.operators import Acting
from desktop_app.services.ledger import Ledger
from desktop_app.services.records import Payment
from desktop_app.ui.dialog_parts import buddy_rows
from desktop_app.ui.refund_application import AMOUNT_NOTE, ApplicationFields
from desktop_app.ui.void_refund_presenter import ActionRefused, ReceiptActionPresenter, RefundPresenter, VoidPresenter
from desktop_app.ui.widgets import MessageLabel, set_tab_order

LINE_COLUMNS = ("退费", "姓名", "证件号码", "金额", "状态")


class _ReceiptActionDialog(QDialog):
    presenter: ReceiptActionPresenter
    reason_widget: QWidget  # where the focus goes when the reason is refused

    def __init__(self, presenter: ReceiptActionPresenter, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.presenter = presenter
        self.payment: Payment | None = None
        verb = presenter.verb
        self.setWindowTitle(f"{verb}收据 {presenter.receipt_no}")
        self.resize(760, 480)
        self.summary = QLabel(presenter.summary())
        self.summary.setWordWrap(True)
        self.summary.setFrameShape(QFrame.Shape.StyledPanel)
        self.summary.setMargin(8)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.form = QFormLayout()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(f"收款员“{presenter.collector}”的登录密码")
        self.message = MessageLabel()
        self.ok = QPushButton(f"确认{verb} (Enter)")
        self.ok.clicked.connect(self.submit)
        self.cancel = QPushButton("取消 (Esc)")
        self.cancel.setAutoDefault(False)
        self.cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel)
        buttons.addWidget(self.ok)
        self.layout_ = QVBoxLayout(self)
        self.layout_.addWidget(self.summary)
        self.layout_.addLayout(self.form)
        self.layout_.addWidget(self.message)
        self.layout_.addStretch(1)
        self.layout_.addLayout(buttons)
        self.ok.setDefault(True)  # once inside the dialog, so it stays the main default

    def _finish_form(self) -> None:
        """After the subclass put its reason fields in: the password last, then the state."""
        label = QLabel("收款员密码(&P)：")
        label.setBuddy(self.password)
        self.form.addRow(label, self.password)
        blocked = self.presenter.blocked()
        if blocked:
            self.message.show_error(blocked)
            self.ok.setEnabled(False)
            for w in self.findChildren(QLineEdit) + self.findChildren(QComboBox):
                w.setEnabled(False)
            self.cancel.setFocus()

    def _act(self) -> Payment:
        raise NotImplementedError

    def submit(self) -> None:
        try:
            self.payment = self._act()
        except ActionRefused as e:
            self.message.show_error(e.message)
            if e.field == "password":
                self.password.clear()
                self.password.setFocus()
            elif e.field == "reason":
                self.reason_widget.setFocus()
            return
        self.accept()


class VoidDialog(_ReceiptActionDialog):
    presenter: VoidPresenter

    def __init__(self, ledger: Ledger, acting: Acting, receipt_no: str, parent: QWidget | None = None) -> None:
        super().__init__(VoidPresenter(ledger, acting, receipt_no), parent)
        self.reason = self.reason_widget = QLineEdit()
        self.reason.setPlaceholderText("如：金额收错，重新开票")
        label = QLabel("作废原因(&R)：")
        label.setBuddy(self.reason)
        self.form.addRow(label, self.reason)
        hint = QLabel("作废后收据号保留、不再使用；这笔钱不再计入今日现金。")
        hint.setWordWrap(True)
        self.form.addRow("", hint)
        self._finish_form()
        set_tab_order(self.reason, self.password, self.ok, self.cancel)
        if not self.presenter.blocked():
            self.reason.setFocus()

    def _act(self) -> Payment:
        return self.presenter.submit(self.reason.text(), self.password.text())


class RefundDialog(_ReceiptActionDialog):
    presenter: RefundPresenter

    def __init__(self, ledger: Ledger, acting: Acting, receipt_no: str, parent: QWidget | None = None) -> None:
        super().__init__(RefundPresenter(ledger, acting, receipt_no), parent)
        p = self.presenter
        self.table = QTableWidget(0, len(LINE_COLUMNS))
        self.table.setHorizontalHeaderLabels(list(LINE_COLUMNS))
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        refundable = set(p.refundable())
        lines = p.lines()
        self.table.setRowCount(len(lines))
        for r, line in enumerate(lines):
            check = QTableWidgetItem("")
            check.setData(Qt.ItemDataRole.UserRole, line.line_id)
            if line.line_id in refundable:
                check.setFlags(
                    Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsSelectable
                )
                check.setCheckState(Qt.CheckState.Checked)
            else:
                check.setFlags(Qt.ItemFlag.ItemIsSelectable)
                check.setCheckState(Qt.CheckState.Unchecked)
            self.table.setItem(r, 0, check)
            for c, text in enumerate((line.name, line.id_number, line.due, line.refunded), 1):
                self.table.setItem(r, c, QTableWidgetItem(text))
        self.table.itemChanged.connect(lambda _: self._show_amount())
        self.reason = QComboBox()
        self.reason_widget = self.reason
        self.reason.addItem("（请选择）", "")
        for code, words in p.reasons.items():
            self.reason.addItem(words, code)
        self.note = QLineEdit()
        self.note.setPlaceholderText("可不填，如：已参加县城职工医保")
        self.amount = QLabel()
        self.layout_.insertWidget(1, self.table, 10)
        buddy_rows(self.form, (("退费原因(&R)：", self.reason), ("说明(&N)：", self.note), ("退费金额：", self.amount)))
        self.application = ApplicationFields(self)  # evidence, bank, account; the 退费申请表 (ui.refund_application)
        self._finish_form()
        self._show_amount()
        set_tab_order(
            self.reason, self.note, *self.application.widgets, self.password, self.ok, self.cancel, self.table
        )
        if not p.blocked():
            self.reason.setFocus()

    def checked_lines(self) -> set[int]:
        ids = set()
        for r in range(self.table.rowCount()):
            item = self.table.item(r, 0)
            if item is not None and item.checkState() == Qt.CheckState.Checked:
                ids.add(int(item.data(Qt.ItemDataRole.UserRole)))
        return ids

    def _show_amount(self) -> None:
        self.amount.setText(f"{format_yuan(self.presenter.amount(self.checked_lines()))} 元{AMOUNT_NOTE}")

    def _act(self) -> Payment:
        return self.presenter.submit(
            str(self.reason.currentData() or ""),
            self.note.text(),
            self.password.text(),
            self.checked_lines(),
            **self.application.values(),
        )

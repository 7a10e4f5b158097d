"""收款员管理: the village's collectors — add one, disable or enable one, reset a password.

The village's admin password (管理密码, set in the first-run wizard) opens it; a ledger made
before there was one asks the logged-in collector's own password to set it first. Each
collector has an own login and receipt prefix (proposed from the village's and their
name's pinyin initials, as the wizard proposes the first one); a disabled collector
cannot log in, and their receipts, batches and audit entries keep their name. Every
change is in the audit log under the collector who is logged in.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.operators import Acting, Operator
from desktop_app.services.ledger import Ledger, LedgerError
from desktop_app.services.operators import (
    CollectorRow,
    add_collector,
    check_admin_password,
    collector_rows,
    has_admin_password,
    proposed_prefix,
    reset_password,
    set_active,
    set_admin_password,
    verify_password,
)
from desktop_app.ui.dialog_parts import button_row
from desktop_app.ui.widgets import MessageLabel, set_tab_order

COLUMNS = ("收款员", "收据号前缀", "状态", "本年度收据")


def _password(placeholder: str = "") -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setPlaceholderText(placeholder)
    return field


class _Form(QDialog):
    """A small form: fields, a red line for what is wrong, OK (Enter) and 取消 (Esc)."""

    def __init__(self, title: str, ok_text: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.message = MessageLabel()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(ok_text)
        self.ok.setDefault(True)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("中") * 34)

    def fields(self) -> dict[str, QLineEdit]:
        return {}

    def act(self) -> None:
        raise NotImplementedError

    def submit(self) -> None:
        try:
            self.act()
        except LedgerError as e:
            self.message.show_error(e.message)
            widget = self.fields().get(e.field or "")
            if widget is not None:
                if widget.echoMode() == QLineEdit.EchoMode.Password:
                    widget.clear()
                widget.setFocus()
            return
        self.accept()


class AdminGate(_Form):
    """Asks the admin password; where the village has none yet, sets one with the collector's own password."""

    def __init__(self, ledger: Ledger, acting: Acting, parent: QWidget | None = None) -> None:
        super().__init__("收款员管理 — 管理密码", "确定", parent)
        self.ledger, self.acting = ledger, acting
        self.first = not has_admin_password(ledger)
        self.admin = _password()
        self.again = _password()
        self.own = _password(f"收款员“{acting.name}”的登录密码")
        if self.first:
            note = QLabel(
                "本村还没有管理密码（数据库是在有这项设置之前建立的）。请先设一个：以后增加、停用"
                "收款员，重设密码都要输它。设置要用您自己的登录密码确认。"
            )
            note.setWordWrap(True)
            self.form.addRow(note)
            self.form.addRow("您的密码(&Y)：", self.own)
            self.form.addRow("新管理密码(&A)：", self.admin)
            self.form.addRow("再输一次(&E)：", self.again)
            set_tab_order(self.own, self.admin, self.again, self.ok)
            self.own.setFocus()
        else:
            self.form.addRow("管理密码(&A)：", self.admin)
            self.form.addRow(QLabel("增加、停用收款员，重设密码，要输本村的管理密码。"))
            self.admin.setFocus()

    def fields(self) -> dict[str, QLineEdit]:
        return {"admin_password": self.admin, "admin_again": self.again, "password": self.own}

    def act(self) -> None:
        if not self.first:
            check_admin_password(self.ledger, self.admin.text())
            return
        verify_password(self.ledger, self.acting.operator, self.own.text())
        if self.admin.text() != self.again.text():
            raise LedgerError("两次输入的管理密码不一样，请重新输入", "admin_again")
        set_admin_password(self.ledger, self.acting, self.admin.text())


class AddCollectorDialog(_Form):
    def __init__(self, ledger: Ledger, acting: Acting, parent: QWidget | None = None) -> None:
        super().__init__("添加收款员", "添加(&A)", parent)
        self.ledger, self.acting = ledger, acting
        self.added: Operator | None = None
        self.name = QLineEdit()
        self.name.setPlaceholderText("如 王组长")
        self.password = _password()
        self.again = _password()
        self.prefix = QLineEdit(proposed_prefix(ledger, ""))
        self.prefix.setMaxLength(8)
        self.name.textChanged.connect(self._propose)
        self.form.addRow("姓名(&N)：", self.name)
        self.form.addRow("登录密码(&W)：", self.password)
        self.form.addRow("再输一次(&E)：", self.again)
        self.form.addRow("收据号前缀(&R)：", self.prefix)
        hint = QLabel("每位收款员的收据号自成一套，前缀不能与别人相同；上报批次也各导各的。")
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #616161;")
        self.form.addRow("", hint)
        set_tab_order(self.name, self.password, self.again, self.prefix, self.ok)
        self.name.setFocus()

    def _propose(self, name: str) -> None:
        if not self.prefix.isModified():
            self.prefix.setText(proposed_prefix(self.ledger, name))

    def fields(self) -> dict[str, QLineEdit]:
        return {
            "collector": self.name,
            "password": self.password,
            "password_again": self.again,
            "receipt_prefix": self.prefix,
        }

    def act(self) -> None:
        if self.password.text() != self.again.text():
            raise LedgerError("两次输入的密码不一样，请重新输入", "password_again")
        self.added = add_collector(self.ledger, self.acting, self.name.text(), self.password.text(), self.prefix.text())


class ResetPasswordDialog(_Form):
    def __init__(self, ledger: Ledger, acting: Acting, operator: Operator, parent: QWidget | None = None) -> None:
        super().__init__(f"重设密码 — {operator.name}", "重设(&R)", parent)
        self.ledger, self.acting, self.operator = ledger, acting, operator
        self.password = _password()
        self.again = _password()
        self.form.addRow("新密码(&W)：", self.password)
        self.form.addRow("再输一次(&E)：", self.again)
        set_tab_order(self.password, self.again, self.ok)
        self.password.setFocus()

    def fields(self) -> dict[str, QLineEdit]:
        return {"password": self.password, "password_again": self.again}

    def act(self) -> None:
        if self.password.text() != self.again.text():
            raise LedgerError("两次输入的密码不一样，请重新输入", "password_again")
        reset_password(self.ledger, self.acting, self.operator.id, self.password.text())


class CollectorsDialog(QDialog):
    """The list of collectors and what can be done to them (after the admin password: ``AdminGate``)."""

    def __init__(self, ledger: Ledger, acting: Acting, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ledger, self.acting = ledger, acting
        self.rows: list[CollectorRow] = []
        self.setWindowTitle(f"收款员管理 — {ledger.settings.village}")
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)  # the names take the room left
        self.table.currentCellChanged.connect(lambda *_: self._chosen())
        self.add = QPushButton("添加收款员(&A)…")
        self.toggle = QPushButton("停用(&D)")
        self.reset = QPushButton("重设密码(&R)…")
        self.close_button = QPushButton("关闭")
        for b in (self.add, self.toggle, self.reset, self.close_button):
            b.setAutoDefault(False)
        self.add.clicked.connect(self.on_add)
        self.toggle.clicked.connect(self.on_toggle)
        self.reset.clicked.connect(self.on_reset)
        self.close_button.clicked.connect(self.accept)
        self.message = MessageLabel()
        note = QLabel(
            f"现在登录的是 {acting.name}。停用的收款员不能再登录，已开的收据、上报批次和记录仍保留其姓名。"
            "每位收款员的收据号前缀不同，上报批次各导各的；乡镇汇总时合在一起。"
        )
        note.setWordWrap(True)
        buttons = button_row(self.close_button, left=(self.add, self.toggle, self.reset))
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        set_tab_order(self.table, self.add, self.toggle, self.reset, self.close_button)
        em, line = self.fontMetrics().horizontalAdvance("中"), self.fontMetrics().height()
        self.resize(em * 44, line * 22)
        self.refresh()
        self.table.setFocus()

    def refresh(self, select: int | None = None) -> None:
        current = self.current()
        keep = select if select is not None else (current.operator.id if current else self.acting.operator.id)
        self.rows = collector_rows(self.ledger, self.acting.benefit_year)
        self.table.setRowCount(len(self.rows))
        for r, row in enumerate(self.rows):
            me = "（当前登录）" if row.operator.id == self.acting.operator.id else ""
            values = (row.operator.name + me, row.operator.receipt_prefix, row.state, f"{row.receipts} 张")
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                if c == 3:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if not row.operator.active:
                    item.setForeground(Qt.GlobalColor.gray)
                self.table.setItem(r, c, item)
        index = next((i for i, row in enumerate(self.rows) if row.operator.id == keep), 0)
        if self.rows:
            self.table.setCurrentCell(index, 0)
        self._chosen()

    def current(self) -> CollectorRow | None:
        r = self.table.currentRow()
        return self.rows[r] if 0 <= r < len(self.rows) else None

    def _chosen(self) -> None:
        row = self.current()
        self.toggle.setEnabled(row is not None)
        self.reset.setEnabled(row is not None)
        self.toggle.setText("启用(&E)" if row is not None and not row.operator.active else "停用(&D)")

    def on_add(self) -> None:
        dialog = AddCollectorDialog(self.ledger, self.acting, self)
        if dialog.exec() and dialog.added is not None:
            self.refresh(dialog.added.id)
            self.message.show_ok(
                f"已添加收款员 {dialog.added.name}（收据号前缀 {dialog.added.receipt_prefix}）：在登录时选他的名字"
            )
        self.table.setFocus()

    def on_toggle(self) -> None:
        row = self.current()
        if row is None:
            return
        try:
            changed = set_active(self.ledger, self.acting, row.operator.id, not row.operator.active)
        except LedgerError as e:
            self.message.show_error(e.message)
            return
        self.refresh(changed.id)
        self.message.show_ok(
            f"已启用 {changed.name}：可以登录收费"
            if changed.active
            else f"已停用 {changed.name}：不能再登录；其收据和记录保留"
        )
        self.table.setFocus()

    def on_reset(self) -> None:
        row = self.current()
        if row is None:
            return
        if ResetPasswordDialog(self.ledger, self.acting, row.operator, self).exec():
            self.message.show_ok(f"已为 {row.operator.name} 重设密码；请告诉他新密码，登录后即可使用")
        self.table.setFocus()


def manage_collectors(ledger: Ledger, acting: Acting, parent: QWidget | None = None) -> bool:
    """The admin password, then the list; False when the password was not given."""
    if not AdminGate(ledger, acting, parent).exec():
        return False
    CollectorsDialog(ledger, acting, parent).exec()
    return True

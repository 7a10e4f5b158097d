"""The township desk's small dialogs: the clerk's login, where to add batches from, what to print.

``ask_folder``, ``find_drives`` (the village's own, from ``ui.stick_target``), ``ask_printer``
and ``ask_pdf_path`` are the system's choosers, module names here so the tests replace them.
Every dialog works from the keyboard: Enter does the default, Esc leaves, Alt+letter
reaches each field.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.operators import Operator
from desktop_app.services.ledger import Ledger, LedgerError
from desktop_app.services.operators import list_operators, login
from desktop_app.ui.stick_target import ask_folder, find_drives
from desktop_app.ui.township_presenter import ALL_VILLAGES
from desktop_app.ui.widgets import MessageLabel, set_tab_order

PICK = "选择文件夹…（批次不在U盘上，或要选U盘里的某个文件夹）"
PLACE_ROLE = Qt.ItemDataRole.UserRole + 1


class TownshipLogin(QDialog):
    """The clerk and their password; ``self.operator`` once accepted. Enter logs in, Esc quits."""

    def __init__(self, ledger: Ledger, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ledger = ledger
        self.operator: Operator | None = None
        township = ledger.settings.village
        self.setWindowTitle(f"征缴通 — {township} 乡镇汇总 登录")
        self.clerk = QComboBox()
        self.clerk.setAccessibleName("经办人")
        self.clerk.addItems([o.name for o in list_operators(ledger) if o.active])
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = MessageLabel()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("登录(&L)")
        ok.setDefault(True)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("退出")
        buttons.accepted.connect(self.try_login)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("经办人(&C)：", self.clerk)
        form.addRow("密码(&W)：", self.password)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"<b>{township}</b>　乡镇汇总：接收各村上报批次"))
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        set_tab_order(self.clerk, self.password, ok)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("中") * 30)
        self.password.setFocus()

    def try_login(self) -> None:
        try:
            self.operator = login(self.ledger, self.clerk.currentText(), self.password.text())
        except LedgerError as e:
            self.message.show_error("经办人或密码不正确" if e.field in ("password", "operator") else e.message)
            self.password.clear()
            self.password.setFocus()
            return
        self.accept()


class AddBatchesDialog(QDialog):
    """Where the batches are: a stick plugged in now (looked through at every depth) or a folder.

    ↑↓ choose, Enter adds (on 选择文件夹… it opens the folder chooser first), F5 looks for sticks again.
    ``self.place`` is the choice once accepted.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("添加批次")
        self.place: Path | None = None
        self.list = QListWidget()
        self.list.setAccessibleName("从哪里添加")
        self.list.itemActivated.connect(lambda _: self.choose())
        hint = QLabel(
            "选一个U盘（会查找其中所有文件夹里的上报批次）或一个文件夹。每批的工作簿和清单要在同一文件夹；"
            "同一批再次添加不会重复记入。"
        )
        hint.setWordWrap(True)
        self.add_button = QPushButton("添加 (&A)")
        self.add_button.setDefault(True)
        self.add_button.clicked.connect(self.choose)
        self.refresh_button = QPushButton("重新查找U盘 (&R)")
        self.refresh_button.setAutoDefault(False)
        self.refresh_button.clicked.connect(self.refresh)
        cancel = QPushButton("取消")
        cancel.setAutoDefault(False)
        cancel.clicked.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.refresh_button)
        row.addStretch(1)
        row.addWidget(self.add_button)
        row.addWidget(cancel)
        label = QLabel("从哪里添加(&W)：")
        label.setBuddy(self.list)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(label)
        layout.addWidget(self.list, 1)
        layout.addLayout(row)
        set_tab_order(self.list, self.add_button, self.refresh_button, cancel)
        em = self.fontMetrics().horizontalAdvance("中")
        self.resize(em * 40, self.fontMetrics().height() * 16)
        self.refresh()
        self.list.setFocus()

    def refresh(self) -> None:
        self.list.clear()
        for drive in find_drives():
            item = QListWidgetItem(drive.label)
            item.setData(PLACE_ROLE, str(drive.root))
            self.list.addItem(item)
        self.list.addItem(QListWidgetItem(PICK))
        self.list.setCurrentRow(0)

    def choose(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        place = item.data(PLACE_ROLE)
        chosen = Path(place) if isinstance(place, str) else ask_folder(self, "选择放有上报批次的文件夹")
        if chosen is None:
            return
        self.place = chosen
        self.accept()


class PrintProgressDialog(QDialog):
    """进度通报: which village (or every village, a page each), then 打印机 (Enter), 存为PDF, 稍后 (Esc)."""

    def __init__(self, villages: list[str], current: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("打印进度通报")
        self.target: str | None = None
        self.village = QComboBox()
        self.village.addItem(f"{ALL_VILLAGES}（每村一页）", None)
        for v in villages:
            self.village.addItem(v, v)
        if current:
            self.village.setCurrentIndex(max(0, self.village.findData(current)))
        printer = QPushButton("打印机 (&P)")
        pdf = QPushButton("存为PDF (&S)")
        later = QPushButton("稍后 (Esc)")
        printer.clicked.connect(lambda: self._choose("printer"))
        pdf.clicked.connect(lambda: self._choose("pdf"))
        later.clicked.connect(self.reject)
        form = QFormLayout()
        form.addRow("村(&V)：", self.village)
        row = QHBoxLayout()
        for b in (printer, pdf, later):
            b.setMinimumHeight(int(b.sizeHint().height() * 1.4))
            row.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("进度通报（A4）：本村各收款员的批次、人数、金额，缺少的批次，重复参保和全镇排名。"))
        layout.addLayout(form)
        layout.addLayout(row)
        printer.setDefault(True)
        set_tab_order(self.village, printer, pdf, later)
        self.village.setFocus()

    def chosen_village(self) -> str | None:
        data = self.village.currentData()
        return data if isinstance(data, str) else None

    def _choose(self, target: str) -> None:
        self.target = target
        self.accept()

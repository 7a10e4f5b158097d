"""票据: the tax office's forms the village received, and the two things done with them — 领用 and 作废.

The list shows every book with its used, spoiled and unused numbers (and the unused
runs, so a missing form is seen at once) and the spoiled forms with their reasons.
领用 records a book as printed (its numbers keep their zeros); the first book switches
the village to official forms. 作废 keeps the form's number and asks the collector's
password again. All logic is in ui.cash_presenters.BillsPresenter.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFormLayout,
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

from desktop_app.domain.operators import Acting
from desktop_app.services.ledger import Ledger
from desktop_app.ui.cash_presenters import BillsPresenter, CashRefused
from desktop_app.ui.dialog_parts import buddy_rows, button_row
from desktop_app.ui.widgets import MessageLabel, set_tab_order

BOOK_COLUMNS = ("票据代码", "号码", "领用人", "领用日期", "已用", "作废", "未用", "未用号码")
SPOILED_COLUMNS = ("票据号", "作废日期", "原因", "作废人")


def read_only_table(headers: tuple[str, ...]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(list(headers))
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setTabKeyNavigation(False)
    table.setWordWrap(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    return table


def fill(table: QTableWidget, rows: list[tuple[str, ...]], right: tuple[int, ...] = ()) -> None:
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            item = QTableWidgetItem(text)
            if c in right:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(r, c, item)
    if rows:
        table.setCurrentCell(0, 0)


def buttons_row(ok_text: str, dialog: QDialog) -> tuple[QHBoxLayout, QPushButton, QPushButton]:
    ok, cancel = QPushButton(ok_text), QPushButton("取消 (Esc)")
    cancel.setAutoDefault(False)
    cancel.clicked.connect(dialog.reject)
    return button_row(cancel, ok), ok, cancel


def confirm_form(
    dialog: QDialog,
    form: QFormLayout,
    note: str,
    ok: tuple[str, Callable[[], None]],
    above: QWidget | None = None,
    width: int = 32,
) -> tuple[MessageLabel, QPushButton, QPushButton]:
    """A cash dialog that asks and confirms: the fields, what confirming will mean, the message line,
    取消 and the button Enter presses, at least ``width`` characters wide so the note wraps little.
    Returns the message line, the confirm button and 取消."""
    words = QLabel(note)
    words.setWordWrap(True)
    message = MessageLabel()
    row, ok_button, cancel = buttons_row(ok[0], dialog)
    ok_button.clicked.connect(ok[1])
    ok_button.setDefault(True)
    layout = QVBoxLayout(dialog)
    if above is not None:
        layout.addWidget(above)
    layout.addLayout(form)
    layout.addWidget(words)
    layout.addWidget(message)
    layout.addLayout(row)
    dialog.setMinimumWidth(dialog.fontMetrics().horizontalAdvance("中") * width)
    return message, ok_button, cancel


class ReceiveDialog(QDialog):
    """领用: a book's first and last numbers as printed, and its code."""

    def __init__(self, presenter: BillsPresenter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.presenter = presenter
        self.setWindowTitle("领用票据")
        self.first, self.last, self.code = QLineEdit(), QLineEdit(), QLineEdit()
        self.first.setPlaceholderText("照票据上印的写，如 00012301")
        self.last.setPlaceholderText("如 00012400")
        self.code.setPlaceholderText("票据代码（如有）")
        form = buddy_rows(
            QFormLayout(), (("起始号(&F)：", self.first), ("截止号(&T)：", self.last), ("票据代码(&C)：", self.code))
        )
        self.message, self.ok, cancel = confirm_form(
            self,
            form,
            "领用第一本后，本村收费须填写票据号，收据套打到票据上。同一号码只能领用一次。",
            ("领用 (Enter)", self.submit),
        )
        set_tab_order(self.first, self.last, self.code, self.ok, cancel)
        self.first.setFocus()
        self.book_text = ""

    def submit(self) -> None:
        try:
            book = self.presenter.receive(self.first.text(), self.last.text(), self.code.text())
        except CashRefused as e:
            self.message.show_error(e.message)
            {"from": self.first, "to": self.last}.get(e.field or "", self.first).setFocus()
            return
        self.book_text = f"已领用票据 {book.first}–{book.last}（{book.size} 份）"
        self.accept()


class SpoilDialog(QDialog):
    """作废票据: the number (the next free one proposed), the reason, the password."""

    def __init__(self, presenter: BillsPresenter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.presenter = presenter
        self.setWindowTitle("作废票据")
        self.number, self.reason, self.password = QLineEdit(presenter.next_free()), QLineEdit(), QLineEdit()
        self.reason.setPlaceholderText("如：打印错位、卡纸")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(f"收款员“{presenter.acting.name}”的登录密码")
        form = buddy_rows(
            QFormLayout(),
            (("票据号(&N)：", self.number), ("作废原因(&R)：", self.reason), ("收款员密码(&P)：", self.password)),
        )
        self.message, self.ok, cancel = confirm_form(
            self,
            form,
            "作废的票据保留号码，下次结报时随结报单交回。已开出收据的票据，请作废那张收据。",
            ("确认作废 (Enter)", self.submit),
        )
        set_tab_order(self.number, self.reason, self.password, self.ok, cancel)
        (self.reason if self.number.text() else self.number).setFocus()
        self.done_text = ""

    def submit(self) -> None:
        try:
            form = self.presenter.spoil(self.number.text(), self.reason.text(), self.password.text())
        except CashRefused as e:
            self.message.show_error(e.message)
            if e.field == "password":
                self.password.clear()
            {"number": self.number, "reason": self.reason, "password": self.password}.get(
                e.field or "", self.number
            ).setFocus()
            return
        self.done_text = f"票据 {form.number} 已作废：{form.reason}"
        self.accept()


class BillsDialog(QDialog):
    """The books received, with used / spoiled / unused numbers; 领用 and 作废 from here too."""

    def __init__(self, ledger: Ledger, acting: Acting, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.presenter = BillsPresenter(ledger, acting)
        self.setWindowTitle("税务专用票据")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.books = read_only_table(BOOK_COLUMNS)
        self.books.setAccessibleName("已领用的票据")
        self.spoiled = read_only_table(SPOILED_COLUMNS)
        self.spoiled.setAccessibleName("作废的票据")
        self.message = MessageLabel()
        receive, spoil, close = QPushButton("领用票据(&R)…"), QPushButton("作废票据(&S)…"), QPushButton("关闭 (Esc)")
        for b in (receive, spoil):
            b.setAutoDefault(False)
        receive.clicked.connect(self.receive)
        spoil.clicked.connect(self.spoil)
        close.clicked.connect(self.accept)
        row = button_row(close, left=(receive, spoil))
        spoiled_label = QLabel("作废的票据(&V)：")
        spoiled_label.setBuddy(self.spoiled)
        books_label = QLabel("已领用的票据(&L)：")
        books_label.setBuddy(self.books)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(books_label)
        layout.addWidget(self.books, 3)
        layout.addWidget(spoiled_label)
        layout.addWidget(self.spoiled, 2)
        layout.addWidget(self.message)
        layout.addLayout(row)
        set_tab_order(self.books, self.spoiled, receive, spoil, close)
        room = self.screen().availableGeometry()
        width = self.fontMetrics().horizontalAdvance("中") * 62
        self.resize(min(width, room.width() - 40), min(int(width * 0.62), room.height() - 60))
        self.refresh()
        self.books.setFocus()

    def refresh(self) -> None:
        p = self.presenter
        self.summary.setText(p.summary())
        fill(
            self.books,
            [
                (
                    r.code,
                    r.numbers,
                    r.operator,
                    r.received_on,
                    str(r.used),
                    str(r.spoiled),
                    str(r.unused),
                    r.unused_ranges,
                )
                for r in p.rows()
            ],
            right=(4, 5, 6),
        )
        fill(self.spoiled, [(s.number, s.spoiled_on.isoformat(), s.reason, s.operator) for s in p.spoiled()])

    def receive(self) -> None:
        dialog = ReceiveDialog(self.presenter, self)
        if dialog.exec():
            self.refresh()
            self.message.show_ok(dialog.book_text)

    def spoil(self) -> None:
        dialog = SpoilDialog(self.presenter, self)
        if dialog.exec():
            self.refresh()
            self.message.show_ok(dialog.done_text)

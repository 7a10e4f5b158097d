"""收费: take one household's payment, keyboard first.

The cash box has the focus: type the amount, press Enter. Space ticks a member in the
list, F4 enters an out-of-period situation for the highlighted member. After the commit
the receipt number is shown large and the receipt can be printed, saved as PDF, or later.
All logic is in PaymentPresenter; this module only shows it.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRegularExpression, Qt, QTimer
from PySide6.QtGui import QFont, QKeyEvent, QKeySequence, QRegularExpressionValidator, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.money import format_yuan
from desktop_app.domain.operators import Acting
from desktop_app.services.ledger import Ledger
from desktop_app.services.records import Payment
from desktop_app.ui.late_entry import ExtrasBar
from desktop_app.ui.payment_presenter import PaymentPresenter, PaymentRefused
from desktop_app.ui.payment_table import CHECK, DUE, NAME, NOTE, STATUS, SUBSIDY, MemberTable
from desktop_app.ui.print_dialog import choose_and_print, layout_box, remember_layout, saved_layout
from desktop_app.ui.situation_dialog import SituationDialog

# The full-day test (tests/test_ui_full_day.py, tests/full_day_support.py) imports the columns and the F4
# dialog from here; other code takes them from ui.payment_table and ui.situation_dialog.
__all__ = ["DUE", "NAME", "NOTE", "STATUS", "SUBSIDY", "PaymentDialog", "SituationDialog"]


def scaled_font(widget: QWidget, factor: float, bold: bool = True) -> QFont:
    """A font relative to the dialog's, so the font-size setting scales it too."""
    font = QFont(widget.font())
    font.setPointSizeF(max(font.pointSizeF(), 9.0) * factor)
    font.setBold(bold)
    return font


class PaymentDialog(QDialog):
    def __init__(self, ledger: Ledger, acting: Acting, household_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ledger, self.acting = ledger, acting
        self.presenter = PaymentPresenter(ledger, acting, household_id)
        self.payment: Payment | None = None
        self.printed = 0
        h = self.presenter.household
        self.setWindowTitle(f"收费 — 户号 {h.household_no}")
        # Larger at the larger 字号 settings, as far as the screen allows (1366×768 in most villages).
        scale = max(1.0, self.font().pointSizeF() / 12)
        room = self.screen().availableGeometry()
        self.resize(min(int(1100 * scale), room.width() - 40), min(int(640 * scale), room.height() - 60))
        self.pages = QStackedWidget()
        self.pages.addWidget(self._entry_page())
        self.pages.addWidget(self._done_page())
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        QShortcut(QKeySequence(Qt.Key.Key_F4), self, self.edit_situation)
        self.confirm_button.setDefault(True)  # once inside the dialog, so it stays the main default
        self.refresh()
        self.cash.setFocus()

    # --- building -----------------------------------------------------------------

    def _entry_page(self) -> QWidget:
        p = self.presenter
        h = p.household
        page = QWidget()
        header = QLabel(
            f"户号 {h.household_no}　{h.address}　{h.village_group}　　缴费日期 {p.on}　{self.acting.benefit_year}年度"
        )
        header.setFont(scaled_font(self, 1.15))
        self.header = header
        self.extras_bar = ExtrasBar(self)  # 补录 (F6) and the tax office's form number (ui.late_entry)
        self.table = MemberTable(p.rider_heading(), self.toggle_current)  # ui.payment_table
        self.table.itemChanged.connect(self._item_changed)
        self.table.currentCellChanged.connect(lambda *_: self._show_explanation())
        self.details = QTextBrowser()
        self.details.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        # Nine lines at least (a 低保 member's explanation is seven, one wrapped), scrolling beyond; at 字号 特大
        # the dialog still fits a 768-pixel screen (the members' table gives up its empty rows)
        self.details.setMinimumHeight(self.fontMetrics().lineSpacing() * 9 + 12)

        self.total = QLabel()
        self.total.setFont(scaled_font(self, 2.0))
        self.cash = QLineEdit()
        self.cash.setFont(scaled_font(self, 2.0))
        self.cash.setPlaceholderText("0.00")
        self.cash.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d{0,7}(\.\d{0,2})?"), self.cash))
        self.cash.textEdited.connect(lambda _: self._show_change())
        self.cash.installEventFilter(self)  # ↑↓ and Space from the cash box reach the members (the hint says so)
        self.change = QLabel()
        self.change.setFont(scaled_font(self, 2.0))
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        self.message.setFont(scaled_font(self, 1.1))
        money = QGridLayout()
        for row, (text, widget) in enumerate(
            (("应收合计", self.total), ("收到现金(&C)", self.cash), ("找零", self.change))
        ):
            label = QLabel(text)
            label.setFont(scaled_font(self, 1.3))
            if widget is self.cash:
                label.setBuddy(self.cash)
            money.addWidget(label, row, 0)
            money.addWidget(widget, row, 1)
        money.addWidget(self.message, 3, 0, 1, 2)

        self.situation_button = QPushButton("期外参保情形… (F4)")
        self.situation_button.setAutoDefault(False)
        self.situation_button.clicked.connect(self.edit_situation)
        self.confirm_button = QPushButton("确认收费 (Enter)")
        self.confirm_button.setFont(scaled_font(self, 1.2))
        self.confirm_button.clicked.connect(self.confirm)
        cancel = QPushButton("取消 (Esc)")
        cancel.setAutoDefault(False)
        cancel.clicked.connect(self.reject)
        hint = QLabel("输入收到的现金后按 Enter 确认；↑↓ 选人，空格 勾选/取消，F4 填写期外参保情形")
        hint.setWordWrap(True)

        lower = QHBoxLayout()
        explain = QVBoxLayout()
        explain.addWidget(QLabel("计算说明（随所选人员变化）："))
        explain.addWidget(self.details)
        lower.addLayout(explain, 3)
        lower.addLayout(money, 2)
        buttons = QHBoxLayout()
        buttons.addWidget(self.situation_button)
        buttons.addWidget(hint, 1)
        buttons.addWidget(cancel)
        buttons.addWidget(self.confirm_button)
        layout = QVBoxLayout(page)
        layout.addWidget(header)
        layout.addWidget(self.extras_bar)
        layout.addWidget(self.table, 3)
        layout.addLayout(lower, 2)
        layout.addLayout(buttons)
        QWidget.setTabOrder(self.cash, self.confirm_button)
        QWidget.setTabOrder(self.confirm_button, self.table)
        QWidget.setTabOrder(self.table, self.situation_button)
        QWidget.setTabOrder(self.situation_button, cancel)
        return page

    def _done_page(self) -> QWidget:
        page = QWidget()
        title = QLabel("收费成功")
        title.setFont(scaled_font(self, 1.6))
        self.receipt_label = QLabel()
        self.receipt_label.setFont(scaled_font(self, 3.0))
        self.receipt_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.done_amounts = QLabel()
        self.done_amounts.setFont(scaled_font(self, 1.8))
        self.print_status = QLabel("收据尚未打印。")
        self.print_status.setWordWrap(True)
        self.print_status.setFont(scaled_font(self, 1.1, bold=False))
        self.print_button = QPushButton("打印收据 (&P)")
        self.pdf_button = QPushButton("存为PDF (&S)")
        self.later_button = QPushButton("稍后打印，关闭 (Esc)")
        for b in (self.print_button, self.pdf_button, self.later_button):
            b.setFont(scaled_font(self, 1.2))
            b.setMinimumHeight(int(b.sizeHint().height() * 1.4))
        self.print_button.clicked.connect(lambda: self.print_receipt("printer"))
        self.pdf_button.clicked.connect(lambda: self.print_receipt("pdf"))
        self.later_button.clicked.connect(self.accept)
        official = self.ledger.settings.official_forms
        self.paper = layout_box(saved_layout(official), official)
        paper_label = QLabel("收据纸张(&Z)：")
        paper_label.setBuddy(self.paper)
        buttons = QHBoxLayout()
        buttons.addWidget(paper_label)
        buttons.addWidget(self.paper)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.pdf_button)
        buttons.addWidget(self.later_button)
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        for w in (title, QLabel("收据号"), self.receipt_label, self.done_amounts, self.print_status):
            w.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(w)
        layout.addStretch(1)
        layout.addLayout(buttons)
        return page

    # --- showing --------------------------------------------------------------------

    def refresh(self) -> None:
        rows = self.presenter.rows()
        current = self.table.currentRow()
        self.table.show_rows(rows, self.presenter.explanation, scaled_font(self, 1.0))
        if rows:
            self.table.setCurrentCell(max(current, 0), NAME)
        self._show_totals()
        self._show_explanation()

    def _show_totals(self) -> None:
        self.total.setText(f"{format_yuan(self.presenter.total_due)} 元")
        self._show_change()

    def _show_change(self) -> None:
        text = self.presenter.change_text(self.cash.text())
        self.change.setText(text + (" 元" if text and text[0].isdigit() else ""))
        self.change.setStyleSheet("color: #b00020;" if text and not text[0].isdigit() else "")
        self.message.clear()

    def current_person(self) -> int | None:
        return self.table.current_person()

    def _show_explanation(self) -> None:
        pid = self.current_person()
        self.details.setPlainText("\n".join(self.presenter.explanation(pid)) if pid is not None else "")

    # --- acting ---------------------------------------------------------------------

    def _item_changed(self, item: QTableWidgetItem) -> None:
        if item.column() != CHECK:
            return
        pid = int(item.data(Qt.ItemDataRole.UserRole))
        self.presenter.set_selected(pid, item.checkState() == Qt.CheckState.Checked)
        self._show_totals()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """In the cash box, where the focus starts: ↑↓ move the member selection, Space ticks the member."""
        if (
            watched is self.cash
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.modifiers() in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)
        ):
            rows = self.table.rowCount()
            if event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down) and rows:
                step = -1 if event.key() == Qt.Key.Key_Up else 1
                row = min(max(self.table.currentRow() + step, 0), rows - 1)
                self.table.setCurrentCell(row, max(self.table.currentColumn(), NAME))  # setCurrentCell scrolls to it
                return True
            if event.key() == Qt.Key.Key_Space and rows:
                self.toggle_current()
                return True
        return super().eventFilter(watched, event)

    def toggle_current(self) -> None:
        item = self.table.item(self.table.currentRow(), CHECK)
        if item is None:
            return
        if not item.flags() & Qt.ItemFlag.ItemIsUserCheckable:
            row = next(r for r in self.presenter.rows() if r.person_id == self.current_person())
            self.message.setText(f"{row.name}不能勾选：{row.note or row.status}")
            return
        checked = item.checkState() == Qt.CheckState.Checked
        item.setCheckState(Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked)

    def edit_situation(self) -> None:
        pid = self.current_person()
        if pid is None or self.payment is not None:
            return
        row = next(r for r in self.presenter.rows() if r.person_id == pid)
        if pid not in self.presenter.quotes:
            self.message.setText(f"{row.name}：{row.note}，不需要填写期外参保情形")
            return
        dialog = SituationDialog(row.name, self.presenter.on, self.presenter.circumstances.get(pid), self)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        self.activateWindow()
        if not accepted:
            return
        try:
            self.presenter.set_circumstances(pid, dialog.circumstances())
        except PaymentRefused as e:
            self.message.setText(e.message)
            return
        self.refresh()
        self.cash.setFocus()

    def confirm(self) -> None:
        if self.payment is not None:
            return
        try:
            payment = self.presenter.confirm(self.cash.text())
        except PaymentRefused as e:
            self.refresh()
            self.message.setText(e.message)
            self.cash.setFocus()
            self.cash.selectAll()
            return
        self.payment = payment
        self.receipt_label.setText(payment.receipt_no)
        self.done_amounts.setText(
            f"应收 {format_yuan(payment.total_due)} 元　　实收 {format_yuan(payment.cash)} 元"
            f"　　找零 {format_yuan(payment.change)} 元"
        )
        self.pages.setCurrentIndex(1)
        self.setWindowTitle(f"收费成功 — 收据号 {payment.receipt_no}")
        self.print_button.setDefault(True)
        self.print_button.setFocus()

    def print_receipt(self, target: str) -> None:
        if self.payment is None:
            return
        layout = str(self.paper.currentData())
        remember_layout(layout)
        done = choose_and_print(
            self,
            self.ledger,
            self.acting,
            "receipt",
            receipt_no=self.payment.receipt_no,
            reprint=self.printed > 0,
            target=target,
            layout=layout,
        )
        if done:
            self.printed += 1
            self.print_status.setText(done)
            self.print_button.setText("补打收据 (&P)")
            self.later_button.setText("完成，关闭 (Esc)")
            self.later_button.setDefault(True)
            self.later_button.setFocus()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        QTimer.singleShot(0, self.table.resizeRowsToContents)  # wrapped reasons, once the columns have their width

    def reject(self) -> None:
        """Esc after the commit closes as accepted: the payment is recorded whatever is printed."""
        if self.payment is not None:
            self.accept()
        else:
            super().reject()

"""收费's two additions: 补录 (a payment received on an earlier day, entered now) and the form number.

A payment's date is today's; money taken on an earlier day (a power cut, the paper
stub of a day in the fields) is entered as a late entry with its real date and the
reason, and is marked so on the receipt, in the batch and on the 日结单 (services.payments).
In 补录 mode the amounts are worked out again for that day, as the policy then stood.
Where the village uses the tax office's forms, each payment names the form it is written
on: the field proposes the collector's next free form.

``PaymentExtras`` is the logic (the payment presenter holds one as ``extras`` and passes
its request through ``apply``); ``ExtrasBar`` is the strip the payment dialog shows
under its header (F6 opens the 补录 question).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.errors import Refusal
from desktop_app.domain.operators import Acting
from desktop_app.services.bills import next_free
from desktop_app.services.ledger import Ledger
from desktop_app.services.payments import PaymentRequest
from desktop_app.ui.dialog_parts import buddy_rows, button_row
from desktop_app.ui.widgets import MessageLabel, set_tab_order

if TYPE_CHECKING:
    from desktop_app.ui.payment_dialog import PaymentDialog
    from desktop_app.ui.payment_presenter import PaymentPresenter

LATE_KEY = "F6"


class LateEntryRefused(Refusal):
    """The 补录 date or reason cannot be used; nothing changed."""


class PaymentExtras:
    """The 补录 date and reason, and the form number, of the payment being taken."""

    def __init__(self, ledger: Ledger, acting: Acting) -> None:
        self.ledger, self.acting = ledger, acting
        self.late_on: date | None = None
        self.late_reason = ""
        self.official_forms = ledger.settings.official_forms
        self.bill_no = (next_free(ledger, acting.operator) or "") if self.official_forms else ""

    @property
    def late(self) -> bool:
        return self.late_on is not None

    def set_late(self, presenter: PaymentPresenter, on: date | None, reason: str = "") -> None:
        """Enter 补录 mode for that day (or leave it with None); the amounts are worked out again for that day."""
        today = self.ledger.now().date()
        if on is not None:
            if on >= today:
                raise LateEntryRefused(f"补录的缴费日期应早于今天（{today}）；今天收的款不用补录", "on")
            if not reason.strip():
                raise LateEntryRefused("请写明补录原因，如“10月20日停电，按存根补录”", "reason")
        self.late_on, self.late_reason = on, reason.strip() if on else ""
        presenter.on = on or today
        kept = dict(presenter.circumstances)
        presenter._load()  # the members and their quotes on the new day, as the presenter does at a day change
        for pid, c in kept.items():
            presenter.set_circumstances(pid, c)

    def apply(self, request: PaymentRequest) -> PaymentRequest:
        """The presenter's request with the 补录 reason and the form number."""
        return replace(
            request,
            paid_on=self.late_on or request.paid_on,
            late_entry=self.late_reason if self.late_on else None,
            bill_no=self.bill_no.strip() or None,
        )

    def describe(self) -> str:
        if self.late_on is None:
            return ""
        return f"补录：缴费日期 {self.late_on}，今天录入；原因：{self.late_reason}"


class LateEntryDialog(QDialog):
    """补录: the day the money was received and why it is entered only now."""

    def __init__(self, extras: PaymentExtras, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("补录以前收的款")
        today = extras.ledger.now().date()
        start = extras.late_on or today - timedelta(days=1)
        self.day = QDateEdit(QDate(start.year, start.month, start.day))
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        yesterday = today - timedelta(days=1)
        self.day.setMaximumDate(QDate(yesterday.year, yesterday.month, yesterday.day))
        self.reason = QLineEdit(extras.late_reason)
        self.reason.setPlaceholderText("如：10月20日停电，按收款存根补录")
        form = buddy_rows(QFormLayout(), (("实际缴费日期(&D)：", self.day), ("补录原因(&R)：", self.reason)))
        note = QLabel(
            "补录按实际缴费日期计算金额和等待期；收据上印“补录”和缴费日期、录入时间两个日期，"
            "上报批次和日结单也标明补录。"
        )
        note.setWordWrap(True)
        self.message = MessageLabel()
        self.ok = QPushButton("补录 (Enter)")
        self.ok.setDefault(True)
        self.ok.clicked.connect(self.check)
        self.off = QPushButton("不补录，按今天收费(&T)")
        self.off.setAutoDefault(False)
        self.off.setEnabled(extras.late)
        self.off.clicked.connect(self.turn_off)
        cancel = QPushButton("取消 (Esc)")
        cancel.setAutoDefault(False)
        cancel.clicked.connect(self.reject)
        row = button_row(cancel, self.ok, left=(self.off,))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.message)
        layout.addLayout(row)
        set_tab_order(self.day, self.reason, self.ok, cancel, self.off)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("中") * 34)
        self.chosen: tuple[date | None, str] | None = None
        self.day.setFocus()

    def check(self) -> None:
        if not self.reason.text().strip():
            self.message.show_error("请写明补录原因")
            self.reason.setFocus()
            return
        d = self.day.date()
        self.chosen = (date(d.year(), d.month(), d.day()), self.reason.text())
        self.accept()

    def turn_off(self) -> None:
        self.chosen = (None, "")
        self.accept()


class ExtrasBar(QWidget):
    """Under the payment dialog's header: 补录 (F6) and, with official forms, the form number."""

    def __init__(self, dialog: PaymentDialog) -> None:
        super().__init__(dialog)
        self.dialog = dialog
        self.extras: PaymentExtras = dialog.presenter.extras
        self.late_button = QPushButton(f"补录… ({LATE_KEY})")
        self.late_button.setAutoDefault(False)
        self.late_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # F6 reaches it; the Tab round stays as it was
        self.late_button.clicked.connect(self.edit_late)
        self.late_label = QLabel()
        self.late_label.setStyleSheet("color: #b71c1c; font-weight: bold;")
        self.late_label.setWordWrap(True)
        QShortcut(QKeySequence(LATE_KEY), dialog, self.edit_late)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.late_button)
        row.addWidget(self.late_label, 1)
        self.bill_no: QLineEdit | None = None
        if self.extras.official_forms:
            self.bill_no = QLineEdit(self.extras.bill_no)
            self.bill_no.setPlaceholderText("票据上印的号码")
            self.bill_no.setMaximumWidth(self.fontMetrics().horizontalAdvance("0") * 16)
            self.bill_no.textEdited.connect(self._bill_edited)
            label = QLabel("税务票据号(&B)：")
            label.setBuddy(self.bill_no)
            row.addWidget(label)
            row.addWidget(self.bill_no)
        self._ordered = False

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._ordered and self.bill_no is not None:  # the dialog has set its own order by now
            QWidget.setTabOrder(self.dialog.cash, self.bill_no)
            self._ordered = True

    def _bill_edited(self, text: str) -> None:
        self.extras.bill_no = text

    def edit_late(self) -> None:
        if self.dialog.payment is not None:
            return
        dialog = LateEntryDialog(self.extras, self.dialog)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        self.dialog.activateWindow()
        if accepted and dialog.chosen is not None:
            self.apply_late(*dialog.chosen)

    def apply_late(self, on: date | None, reason: str = "") -> None:
        """Enter (or, with None, leave) 补录 mode: the amounts for that day, the mark, the header's date."""
        before = self.dialog.presenter.on
        try:
            self.extras.set_late(self.dialog.presenter, on, reason)
        except Refusal as e:
            self.dialog.message.setText(e.message)
            return
        self.late_label.setText(self.extras.describe())
        header = getattr(self.dialog, "header", None)
        if isinstance(header, QLabel):
            mark = "（补录）" if self.extras.late else ""
            header.setText(
                header.text()
                .replace(f"缴费日期 {before}（补录）", f"缴费日期 {before}")
                .replace(f"缴费日期 {before}", f"缴费日期 {self.dialog.presenter.on}{mark}")
            )
        self.dialog.refresh()
        self.dialog.cash.setFocus()

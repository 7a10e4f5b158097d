"""重复缴费: people this village took cash from who paid through another channel as well.

A county list that arrives after a cash payment here, or a payment elsewhere marked by
hand, leaves the villager paid twice; the tax office refunds only on an application, and
the collector must start it (issue 12 §3). Each row shows both payments side by side —
this village's receipt, and the other channel with its date, amount, reference and the
list it came from. 申请退费 (or Enter on a row) opens the refund dialog for that receipt
with only this person's line ticked and the reason 重复缴费 chosen; once applied for, the
receipt no longer covers them and the row leaves the list.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.money import format_yuan
from desktop_app.domain.operators import Acting
from desktop_app.services.coverage import CHANNELS, Duplicate, describe_duplicate, duplicate_payments
from desktop_app.services.ledger import Ledger
from desktop_app.ui.dialog_parts import button_row
from desktop_app.ui.widgets import MessageLabel, set_tab_order

if TYPE_CHECKING:
    from desktop_app.ui.void_refund_dialog import RefundDialog

HEADERS = (
    "姓名",
    "证件号码",
    "户号",
    "本村收据",
    "收款日期",
    "本村金额",
    "其他渠道",
    "缴费日期",
    "缴费金额",
    "凭证 / 来源",
)
REFUND_REASON = "duplicate_payment"


def cells(d: Duplicate) -> tuple[str, ...]:
    """One row of the table: this village's payment, then the other one."""
    where = "；".join(x for x in (d.reference, d.source or "手工登记") if x)
    return (
        d.name,
        d.id_number or "（无证件）",
        d.household_no,
        d.receipt_no,
        d.receipt_paid_on.isoformat(),
        format_yuan(d.due),
        CHANNELS.get(d.channel or "", "其他"),
        d.paid_on.isoformat() if d.paid_on else "—",
        format_yuan(d.amount) if d.amount is not None else "—",
        where,
    )


class DuplicatesDialog(QDialog):
    """``refunded`` counts the refund applications made from here (the window refreshes after)."""

    def __init__(self, ledger: Ledger, acting: Acting, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ledger, self.acting = ledger, acting
        self.refunded = 0
        self.rows: list[Duplicate] = []
        self.setWindowTitle(f"重复缴费（{acting.benefit_year}年度）")
        self.resize(1100, 520)
        intro = QLabel(
            "这些人本村已收了现金，又通过其他渠道缴了费（县已缴名单或手工登记）。请核实后为本村的收据"
            "申请退费：选中一行，按 Enter 或“申请退费”。申请后这一行就不再列出。"
        )
        intro.setWordWrap(True)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(list(HEADERS))
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)
        self.table.setAccessibleName("重复缴费的人")
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.activated.connect(lambda _: self.refund_selected())
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.table.currentCellChanged.connect(lambda row, *_: self._show_detail(row))
        self.message = MessageLabel()
        self.refund_button = QPushButton("申请退费… (&R)")
        self.refund_button.clicked.connect(self.refund_selected)
        self.close_button = QPushButton("关闭 (Esc)")
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.accept)
        buttons = button_row(self.refund_button, self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        set_tab_order(self.table, self.refund_button, self.close_button)
        self.reload()
        self._fit_width()
        self.table.setFocus()

    def _fit_width(self) -> None:
        """As wide as the columns need (字号 特大 needs most of a 1366-pixel screen), never wider than the screen."""
        self.table.resizeColumnsToContents()
        header = self.table.horizontalHeader()
        needed = sum(header.sectionSize(c) for c in range(header.count())) + 2 * self.table.frameWidth() + 40
        screen = self.screen().availableGeometry().width() if self.screen() else needed
        self.resize(max(self.width(), min(needed, screen - 40)), self.height())

    def reload(self) -> None:
        self.rows = duplicate_payments(self.ledger, self.acting.benefit_year)
        self.table.setRowCount(len(self.rows))
        for r, d in enumerate(self.rows):
            for c, text in enumerate(cells(d)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)  # a long reference or list name is cut in the cell
                if c in (5, 8):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, c, item)
        self.refund_button.setEnabled(bool(self.rows))
        if self.rows:
            self.table.setCurrentCell(0, 0)
            self.message.show_hint(f"共 {len(self.rows)} 人重复缴费。")
        else:
            self.detail.clear()
            self.message.show_ok("没有重复缴费的人。")

    def _show_detail(self, row: int) -> None:
        self.detail.setText(describe_duplicate(self.rows[row]) if 0 <= row < len(self.rows) else "")

    def selected(self) -> Duplicate | None:
        row = self.table.currentRow()
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def refund_selected(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        from desktop_app.ui.void_refund_dialog import RefundDialog

        dialog = RefundDialog(self.ledger, self.acting, chosen.receipt_no, self)
        prepare_refund(dialog, chosen)
        if dialog.exec() and dialog.payment is not None:
            self.refunded += 1
            self.reload()
            self.message.show_ok(
                f"已为 {chosen.name} 申请退还收据 {chosen.receipt_no} 的费用；退费申请表可在“收费 → 退费申请”中打印。"
            )
        self.table.setFocus()


def prepare_refund(dialog: RefundDialog, d: Duplicate) -> None:
    """Only this person's line ticked, the reason 重复缴费, and the other payment named in the note."""
    table = dialog.table
    for r in range(table.rowCount()):
        check, number = table.item(r, 0), table.item(r, 2)
        if check is not None and check.flags() & Qt.ItemFlag.ItemIsUserCheckable and number is not None:
            check.setCheckState(
                Qt.CheckState.Checked if number.text() == (d.id_number or "") else Qt.CheckState.Unchecked
            )
    at = dialog.reason.findData(REFUND_REASON)
    if at >= 0:
        dialog.reason.setCurrentIndex(at)
    other = f"{CHANNELS.get(d.channel or '', '其他渠道')}缴费" + (f" {d.paid_on.isoformat()}" if d.paid_on else "")
    dialog.note.setText(f"已{other}" + (f"（{d.source}）" if d.source else ""))

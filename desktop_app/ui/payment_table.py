"""收费's table of the household's members: its columns, and how one ``PaymentRow`` reads in it.

Kept apart from the dialog (``ui.payment_dialog``) because the table has rules of its own
that the rest of 收费 does not share: a member who cannot be ticked is still enabled (↑↓
would skip them, and they are exactly the ones F4 is for), a reason cut short in its cell
is whole in the tooltip, and the amounts stand on the right. The column indexes are the
tests' and the screenshots' way into the table.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from desktop_app.ui.payment_presenter import PaymentRow
from desktop_app.ui.widgets import BADGES_ROLE, BadgeDelegate, status_brushes

COLUMNS = ("缴费", "姓名", "状态", "身份", "标准", "附加", "资助", "应收", "说明")
CHECK, NAME, STATUS, IDS, STANDARD, RIDERS, SUBSIDY, DUE, NOTE = range(len(COLUMNS))


class MemberTable(QTableWidget):
    """The household's members; Space anywhere on a row ticks or unticks that member."""

    def __init__(self, rider_heading: str, on_space: Callable[[], None]) -> None:
        super().__init__(0, len(COLUMNS))
        self.on_space = on_space
        self.setHorizontalHeaderLabels([rider_heading if c == "附加" else c for c in COLUMNS])
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.verticalHeader().setVisible(False)
        self.setWordWrap(True)
        self.setTabKeyNavigation(False)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.horizontalHeader().setStretchLastSection(True)
        self.setItemDelegateForColumn(IDS, BadgeDelegate(self))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Space:
            self.on_space()
            return
        super().keyPressEvent(event)

    def show_rows(self, rows: Sequence[PaymentRow], explanation: Callable[[int], list[str]], due_font: QFont) -> None:
        """Every member again, without itemChanged (nothing was ticked by hand); ``explanation`` gives
        each row's tooltip, ``due_font`` the bold 应收 of the members who can pay."""
        self.blockSignals(True)
        self.setRowCount(len(rows))
        for r, row in enumerate(rows):
            self._fill(r, row, "\n".join(explanation(row.person_id)), due_font)
        self.blockSignals(False)
        self.resizeRowsToContents()

    def _fill(self, r: int, row: PaymentRow, tip: str, due_font: QFont) -> None:
        check = QTableWidgetItem("")
        check.setData(Qt.ItemDataRole.UserRole, row.person_id)
        # Enabled even when it cannot be ticked: ↑↓ skip disabled cells, and from this column they
        # would jump over exactly the members who need F4 (期外参保情形).
        flags = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled
        if row.selectable:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        check.setFlags(flags)
        check.setCheckState(Qt.CheckState.Checked if row.selected else Qt.CheckState.Unchecked)
        self.setItem(r, CHECK, check)
        note = "；".join(x for x in (row.situation and f"期外：{row.situation}", row.note) if x)
        texts = {
            NAME: row.name,
            STATUS: row.status,
            IDS: row.identities,
            STANDARD: row.standard,
            RIDERS: row.riders,
            SUBSIDY: row.subsidy,
            DUE: row.due,
            NOTE: note,
        }
        for col, text in texts.items():
            item = QTableWidgetItem(text)
            item.setFlags(Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled)
            item.setToolTip(tip)
            if col in (STANDARD, RIDERS, SUBSIDY, DUE):
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if not row.selectable:
                item.setForeground(QColor("#777777"))
            if col == STATUS:
                fore, back = status_brushes(row.status)
                item.setForeground(fore)
                item.setBackground(back)
            if col == IDS:
                item.setData(BADGES_ROLE, row.identity_codes)
                item.setToolTip(row.identities)
            if col == DUE and row.selectable:
                item.setFont(due_font)
            if col == SUBSIDY and row.subsidy_detail:
                item.setToolTip(row.subsidy_detail)
            if col == RIDERS and row.rider_detail:
                item.setToolTip(row.rider_detail)
            if col == NOTE and text and text not in tip.partition("\n")[0]:
                item.setToolTip(f"{text}\n{tip}")  # a reason cut short in the cell is whole in its tooltip
            self.setItem(r, col, item)

    def current_person(self) -> int | None:
        """The person on the current row (ticked or not)."""
        item = self.item(self.currentRow(), CHECK)
        return None if item is None else int(item.data(Qt.ItemDataRole.UserRole))

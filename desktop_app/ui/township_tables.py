"""How the township's desk shows a presenter's ``Table``: the model and the view behind each of its four tabs.

The presenter (``ui.township_presenter``) decides every cell's text, tone and tooltip without a
widget; this is the one place that turns a tone into red or green and a numeric column into
right-aligned figures, so the four tabs (and any tab added later) look alike. The window
(``ui.township_window``) keeps to what happens on the desk.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QTableView, QWidget

from desktop_app.ui.dialog_parts import table
from desktop_app.ui.township_presenter import BAD, GOOD, Table

TONES = {BAD: ("#b71c1c", "#fde0dc"), GOOD: ("#1b5e20", "")}


class TableModel(QAbstractTableModel):
    """A presenter's Table on screen: red and green cells, tooltips, numbers on the right."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = Table((), ())

    def set_table(self, table: Table) -> None:
        self.beginResetModel()
        self.table = table
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.table.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.table.headers)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        cell = self.table.rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return cell.text
        if role == Qt.ItemDataRole.ToolTipRole:
            return cell.tip or None
        if role == Qt.ItemDataRole.ForegroundRole and cell.tone:
            return QBrush(QColor(TONES[cell.tone][0]))
        if role == Qt.ItemDataRole.BackgroundRole and cell.tone and TONES[cell.tone][1]:
            return QBrush(QColor(TONES[cell.tone][1]))
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in self.table.numeric:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.table.headers[section]
        return None


def desk_table(name: str) -> tuple[QTableView, TableModel]:
    """A read-only view of one tab, chosen by whole rows, with its model; ``name`` is read out by screen readers."""
    model = TableModel()
    view = table(model, name)
    model.setParent(view)
    return view, model

"""The editor's tables: rows of a form (subsidies, riders, sample households) edited in place.

Each column is a field of the row's record; a row keeps the record it came from (what the
table does not show — the rule's other conditions, its place in the file — goes back with
it), and a row the clerk adds starts from a template. A column with fixed choices (资助方式,
价格) edits with a list, a yes/no column with a tick (Space), a read-only column is grey.
Typing on a cell edits it; Enter keeps it; Tab moves on within the table (Ctrl+Tab leaves it).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.services.policy_form import CitedText

RECORD_ROLE = Qt.ItemDataRole.UserRole + 5
READ_ONLY = QColor("#616161")
DIFFERS = QColor("#fde0dc")
Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column:
    field: str
    title: str
    width: int = 8  # in characters
    choices: tuple[str, ...] = ()
    check: bool = False
    read_only: bool = False
    tip: str = ""


class ChoiceDelegate(QStyledItemDelegate):
    """A list to choose from for the columns that have fixed choices; the text stays editable."""

    def __init__(self, choices: tuple[str, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.choices = choices

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        box = QComboBox(parent)
        box.setEditable(True)
        box.addItems(list(self.choices))
        return box

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentText(str(index.data() or ""))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentText())


class RowTable(QWidget):
    """A table of records with 添加 / 删除 buttons (when rows may be added)."""

    def __init__(
        self,
        columns: Sequence[Column],
        template: Any | None,
        name: str,
        add_text: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.columns = tuple(columns)
        self.template = template
        self.table = QTableWidget(0, len(self.columns))
        self.table.setAccessibleName(name)
        self.table.setHorizontalHeaderLabels([c.title for c in self.columns])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        for n, column in enumerate(self.columns):
            if column.choices:
                self.table.setItemDelegateForColumn(n, ChoiceDelegate(column.choices, self.table))
            if column.tip:
                head = self.table.horizontalHeaderItem(n)
                if head is not None:
                    head.setToolTip(column.tip)
        self.size_columns()
        self.table.installEventFilter(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        self.add_button: QPushButton | None = None
        self.remove_button: QPushButton | None = None
        if template is not None:
            self.add_button = QPushButton(add_text or f"添加{name}")
            self.remove_button = QPushButton(f"删除所选的{name}")
            for b in (self.add_button, self.remove_button):
                b.setAutoDefault(False)
            self.add_button.clicked.connect(self.add_row)
            self.remove_button.clicked.connect(self.remove_row)
            row = QHBoxLayout()
            row.addWidget(self.add_button)
            row.addWidget(self.remove_button)
            row.addStretch(1)
            layout.addLayout(row)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table and event.type() == QEvent.Type.FontChange:
            self.size_columns()  # 字号 changed: the columns follow
        return False

    def size_columns(self) -> None:
        metrics, head = self.table.fontMetrics(), self.table.horizontalHeader().fontMetrics()
        unit = metrics.horizontalAdvance("中")
        for n, column in enumerate(self.columns):
            self.table.setColumnWidth(n, max(column.width * unit, head.horizontalAdvance(column.title) + unit) + 8)
        row = metrics.height() + 10
        self.table.verticalHeader().setDefaultSectionSize(row)
        # Inside a scrolling page a table keeps room for its heading, two rows and its scroll bar.
        self.table.setMinimumHeight(head.height() + 12 + 2 * row + self.table.horizontalScrollBar().sizeHint().height())

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.table.setRowCount(0)
        for record in rows:
            self._append(record)

    def _append(self, record: Any) -> int:
        r = self.table.rowCount()
        self.table.insertRow(r)
        for n, column in enumerate(self.columns):
            value = getattr(record, column.field, "")  # a column of answers is not the record's
            item = QTableWidgetItem("" if column.check else str(value))
            flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
            if column.check:
                item.setFlags(flags | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked if value else Qt.CheckState.Unchecked)
            elif column.read_only:
                item.setFlags(flags)
                item.setForeground(QBrush(READ_ONLY))
                item.setToolTip(str(value))
            else:
                item.setFlags(flags | Qt.ItemFlag.ItemIsEditable)
            if n == 0:
                item.setData(RECORD_ROLE, record)
            self.table.setItem(r, n, item)
        return r

    def add_row(self) -> None:
        if self.template is None:
            return
        r = self._append(self.template)
        first = next(n for n, c in enumerate(self.columns) if not c.read_only)
        self.table.setCurrentCell(r, first)
        self.table.setFocus()

    def remove_row(self) -> None:
        r = self.table.currentRow()
        if r >= 0:
            self.table.removeRow(r)
            self.table.setFocus()

    def rows(self) -> tuple[Any, ...]:
        out = []
        names = {f.name for f in fields(self.template)} if self.template is not None else None
        for r in range(self.table.rowCount()):
            first = self.table.item(r, 0)
            record = first.data(RECORD_ROLE) if first is not None else None
            record = record if record is not None else self.template
            assert record is not None
            edited: dict[str, Any] = {}
            for n, column in enumerate(self.columns):
                item = self.table.item(r, n)
                if column.read_only or item is None or (names is not None and column.field not in names):
                    continue
                edited[column.field] = (
                    (item.checkState() == Qt.CheckState.Checked) if column.check else item.text().strip()
                )
            out.append(replace(record, **edited))
        return tuple(out)

    def mark(self, column: str, values: Sequence[str], differs: Sequence[bool], tips: Sequence[str] = ()) -> None:
        """Write the app's answers into a read-only column, shading the rows that differ."""
        n = next(i for i, c in enumerate(self.columns) if c.field == column)
        for r in range(self.table.rowCount()):
            item = self.table.item(r, n)
            if item is None:
                continue
            item.setText(values[r] if r < len(values) else "")
            bad = r < len(differs) and differs[r]
            item.setBackground(QBrush(DIFFERS) if bad else QBrush())
            item.setToolTip(tips[r] if r < len(tips) and tips[r] else item.text())


class Cite(QWidget):
    """A rule's clause and the notice's own words, side by side."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.clause, self.quote = QLineEdit(), QLineEdit()
        self.clause.setPlaceholderText("条款")
        self.clause.setMaximumWidth(self.fontMetrics().horizontalAdvance("中") * 8)
        self.quote.setPlaceholderText("通知原文（照抄通知的句子）")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.clause)
        row.addWidget(self.quote, 1)

    def set(self, cite: CitedText) -> None:
        self.clause.setText(cite.clause)
        self.quote.setText(cite.quote)

    def value(self) -> CitedText:
        return CitedText(self.clause.text(), self.quote.text())


def scrolled(inner: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidget(inner)
    area.setWidgetResizable(True)
    return area

"""Pieces the stick, county and tool dialogs share: a heading, a read-only table of plain rows, buttons.

The tables hold a few hundred rows at most (batches, people sent back, problems in a
file), so a model over a list of tuples is enough; each row can carry an object the
dialog acts on (``ROW_ROLE``) and a colour for its state.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QWidget,
)

Index = QModelIndex | QPersistentModelIndex
ROW_ROLE = Qt.ItemDataRole.UserRole + 2
RED, GREEN, GREY = "#b71c1c", "#1b5e20", "#616161"


def size_for_font(dialog: QWidget, columns: int, lines: int) -> None:
    """Size a dialog in characters and lines of its font (字号 特大 gets a bigger dialog), within the screen."""
    metrics = dialog.fontMetrics()
    width, height = metrics.horizontalAdvance("中") * columns, metrics.lineSpacing() * lines
    screen = dialog.screen()
    if screen is not None:
        room = screen.availableGeometry()
        width, height = min(width, room.width() - 40), min(height, room.height() - 60)
    dialog.resize(width, height)


def top_aligned(label: QLabel) -> QLabel:
    """A message given the room left over starts at its top, not in the middle of it."""
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    return label


def heading(text: str) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 1.3)
    font.setBold(True)
    label.setFont(font)
    return label


def hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {GREY};")
    return label


def button(text: str, parent: QWidget | None = None) -> QPushButton:
    made = QPushButton(text, parent)
    made.setAutoDefault(False)
    return made


def file_form(
    caption: str, placeholder: str, typed: Callable[[str], None], choose: Callable[[], None]
) -> tuple[QLineEdit, QPushButton, QFormLayout]:
    """The row every dialog that takes a file starts with: the path, typed or pasted, and 选择文件… (Alt+F)
    beside it; the caption's Alt letter goes to the path. Returns the path, the button and the form."""
    path = QLineEdit()
    path.setPlaceholderText(placeholder)
    path.textEdited.connect(typed)
    browse = button("选择文件… (&F)")
    browse.clicked.connect(choose)
    row = QHBoxLayout()
    row.addWidget(path, 1)
    row.addWidget(browse)
    form = QFormLayout()
    label = QLabel(caption)
    label.setBuddy(path)
    form.addRow(label, row)
    return path, browse, form


class RowsModel(QAbstractTableModel):
    """Plain rows under headers; ``colours[i]`` (or "") paints row i's text."""

    def __init__(self, headers: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.headers = tuple(headers)
        self.rows: list[tuple[Any, ...]] = []
        self.objects: list[Any] = []
        self.colours: list[str] = []
        self.right: set[int] = set()  # columns aligned right (numbers, money)

    def set_rows(
        self,
        rows: Sequence[tuple[Any, ...]],
        objects: Sequence[Any] | None = None,
        colours: Sequence[str] | None = None,
    ) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.objects = list(objects) if objects is not None else [None] * len(self.rows)
        self.colours = list(colours) if colours is not None else [""] * len(self.rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        r, c = index.row(), index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            value = self.rows[r][c]
            return "" if value is None else str(value)
        if role == ROW_ROLE:
            return self.objects[r]
        if role == Qt.ItemDataRole.ForegroundRole and self.colours[r]:
            return QColor(self.colours[r])
        if role == Qt.ItemDataRole.TextAlignmentRole and c in self.right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return None


def table(model: RowsModel, name: str) -> QTableView:
    """Whole rows chosen with ↑↓, never edited, Tab leaves the table; columns sized to their content."""
    view = QTableView()
    view.setModel(model)
    view.setAccessibleName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setTabKeyNavigation(False)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    return view


def chosen(view: QTableView) -> Any:
    """The object of the current row, or None."""
    index = view.currentIndex()
    return index.data(ROW_ROLE) if index.isValid() else None

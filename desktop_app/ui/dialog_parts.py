"""Pieces the dialogs share, so they look and answer the keyboard alike: a heading, a read-only table
of plain rows, buttons and their rows, captions that reach their fields, a dialog that waits for its job.

The tables hold a few hundred rows at most (batches, people sent back, problems in a
file), so a model over a list of tuples is enough; each row can carry an object the
dialog acts on (``ROW_ROLE``) and a colour for its state.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QCloseEvent, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QWidget,
)

from desktop_app.ui.workers import WorkPanel

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


def close_button(dialog: QDialog) -> QPushButton:
    """关闭 goes through ``reject``, as Esc does, so a dialog still at work refuses both alike."""
    made = button("关闭 (Esc)")
    made.clicked.connect(dialog.reject)
    return made


def button_row(*right: QWidget, left: Sequence[QWidget] = ()) -> QHBoxLayout:
    """A dialog's last row: what ends it at the right edge, where the eye finishes; ``left``, what it
    opens besides, stands apart at the other edge."""
    row = QHBoxLayout()
    for widget in left:
        row.addWidget(widget)
    row.addStretch(1)
    for widget in right:
        row.addWidget(widget)
    return row


def run_row(start: QPushButton, panel: QWidget) -> QHBoxLayout:
    """The button that starts the work, with its progress beside it: the bar shows what the click began."""
    row = QHBoxLayout()
    row.addWidget(start)
    row.addWidget(panel, 1)
    return row


def buddy_rows(form: QFormLayout, rows: Iterable[tuple[str, QWidget]]) -> QFormLayout:
    """Each field after a caption that is its buddy: the caption's Alt letter reaches the field, and a
    screen reader reads the caption with it."""
    for text, widget in rows:
        label = QLabel(text)
        label.setBuddy(widget)
        form.addRow(label, widget)
    return form


def entry_buttons(
    dialog: QDialog, save: tuple[str, Callable[[], None]], clear: tuple[str, Callable[[], None]], leave: str
) -> tuple[QDialogButtonBox, QPushButton, QPushButton, QPushButton]:
    """Save, clear and leave one entry: only saving takes Enter, so clearing is always a deliberate click.
    Returns the box and its three buttons."""
    box = QDialogButtonBox()
    save_button, clear_button, leave_button = QPushButton(save[0]), QPushButton(clear[0]), QPushButton(leave)
    box.addButton(save_button, QDialogButtonBox.ButtonRole.AcceptRole)
    box.addButton(clear_button, QDialogButtonBox.ButtonRole.ActionRole)
    box.addButton(leave_button, QDialogButtonBox.ButtonRole.RejectRole)
    save_button.clicked.connect(save[1])
    clear_button.clicked.connect(clear[1])
    leave_button.clicked.connect(dialog.reject)
    for b in (clear_button, leave_button):
        b.setAutoDefault(False)
    save_button.setDefault(True)
    return box, save_button, clear_button, leave_button


def typed_path(edit: QLineEdit) -> Path | None:
    """The file as typed or pasted; Explorer's 复制为路径 puts quotes around it."""
    text = edit.text().strip().strip('"')
    return Path(text) if text else None


class WorkDialog(QDialog):
    """A dialog whose job runs on ``self.panel``: the title bar's × waits for the job as Esc does
    (each dialog's ``reject`` says why), so nothing is left writing behind a closed dialog."""

    panel: WorkPanel

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.panel.running():
            event.ignore()
            return
        super().closeEvent(event)


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


def table(model: QAbstractTableModel, name: str) -> QTableView:
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

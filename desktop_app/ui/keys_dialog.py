"""快捷键 (F1): the keys of a window, two columns (按键 | 作用) in a dialog that fits the screen.

The collector's window lists over twenty keys (each feature adds its own), the township's
ten; at 字号 特大 a message box with them was taller than a 768-pixel screen, its lower rows
and its button off the bottom. Here the list scrolls inside a dialog at most nine tenths
of the screen high, and 关闭 (Esc or Enter) is always in sight.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

ALT_LETTERS = "每个按钮和菜单也可用 Alt+带下划线的字母。"
SCREEN_SHARE = 0.9  # of the screen's free height, at most


class KeysDialog(QDialog):
    def __init__(self, keys: Sequence[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("快捷键")
        self.table = QTableWidget(len(keys), 2)
        self.table.setHorizontalHeaderLabels(["按键", "作用"])
        self.table.setAccessibleName("快捷键")
        for row, (key, what) in enumerate(keys):
            key_item = QTableWidgetItem(key)
            font = key_item.font()
            font.setBold(True)
            key_item.setFont(font)
            self.table.setItem(row, 0, key_item)
            self.table.setItem(row, 1, QTableWidgetItem(what))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)  # to read: ↑↓ and PgDn scroll it
        self.table.setTabKeyNavigation(False)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header = self.table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        buttons = QDialogButtonBox()
        self.close_button = buttons.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        self.close_button.setDefault(True)  # Enter closes, as Esc does
        self.close_button.clicked.connect(self.reject)
        self.box = layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(QLabel(ALT_LETTERS))
        layout.addWidget(buttons)
        self._size_to_screen()
        self.table.setFocus()

    def rows(self) -> list[tuple[str, str]]:
        """What the table lists, row by row (for the tests)."""
        return [(self._cell(r, 0), self._cell(r, 1)) for r in range(self.table.rowCount())]

    def _cell(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text() if item is not None else ""

    def _size_to_screen(self) -> None:
        """The widest key beside some thirty-four characters of 作用 (wrapped beyond), as tall as the list, and
        within the screen: at most 90 % of its free height, the list scrolling when it is longer."""
        metrics, table = self.fontMetrics(), self.table
        key = max(table.sizeHintForColumn(0), table.horizontalHeader().sectionSizeHint(0))
        margins = self.box.contentsMargins()
        frame = 2 * table.frameWidth() + table.verticalScrollBar().sizeHint().width()
        chrome = margins.left() + margins.right() + frame
        what = metrics.horizontalAdvance("中") * 34
        screen = self.screen()
        room = screen.availableGeometry() if screen is not None else None
        if room is not None:
            what = min(what, room.width() - 40 - chrome - key)
        table.setColumnWidth(0, key)
        table.setColumnWidth(1, what)  # the rows wrap at this width; stretching later changes little
        table.resizeRowsToContents()
        rows = sum(table.rowHeight(r) for r in range(table.rowCount()))
        around = self.sizeHint().height() - table.sizeHint().height()  # the hint, the button, the margins
        height = rows + table.horizontalHeader().sizeHint().height() + 2 * table.frameWidth() + around
        if room is not None:
            height = min(height, int(room.height() * SCREEN_SHARE))
        self.resize(key + what + chrome, height)
        header = table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)

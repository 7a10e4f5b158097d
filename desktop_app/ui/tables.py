"""The main window's two tables (the households, a household's members): how they look and behave.

Rows are chosen whole, one at a time, nothing is edited in place, Tab leaves the table,
long texts are not wrapped; the scroll bars are flat (see ``FLAT_SCROLL_BARS``).
"""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QTableView

# Flat scroll bars for the two tables: the style's shaded ones take over a millisecond to paint (a flat one
# a tenth of that), and the list's bar is painted again at every keystroke of a search (its range changes).
FLAT_SCROLL_BARS = """
QScrollBar:vertical { background: #f1f2f4; width: 14px; margin: 0; }
QScrollBar:horizontal { background: #f1f2f4; height: 14px; margin: 0; }
QScrollBar::handle { background: #b4bac2; border-radius: 4px; margin: 2px; }
QScrollBar::handle:vertical { min-height: 28px; }
QScrollBar::handle:horizontal { min-width: 28px; }
QScrollBar::handle:hover { background: #8d949c; }
QScrollBar::add-line, QScrollBar::sub-line { width: 0; height: 0; }
QScrollBar::add-page, QScrollBar::sub-page { background: none; }
"""


def table() -> QTableView:
    view = QTableView()
    for bar in (view.verticalScrollBar(), view.horizontalScrollBar()):
        bar.setStyleSheet(FLAT_SCROLL_BARS)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setTabKeyNavigation(False)
    view.setAlternatingRowColors(True)
    view.verticalHeader().hide()
    view.setWordWrap(False)
    return view
